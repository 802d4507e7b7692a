/**
 * eIds after the OASIS naming convention: "prefix__abbr_number", the number
 * taken from the element's <num>, "__" between levels (akn4un.md, "eIds").
 */

/**
 * The number of an eId from a printed label: "1." -> "1", "(a)" -> "a",
 * "II." -> "II", "Article 10" -> "Article10". The same reduction the lint
 * applies to <num> (pipeline/validate/lint.ts, checkNum), so the two agree.
 * Characters the eId pattern does not allow are dropped; "" when nothing is left.
 */
export function numToken(label: string | undefined): string {
  if (!label) return "";
  const t = label
    .replace(/\s+/g, "")
    .replace(/^[([]+/, "")
    .replace(/[.)\]:;,]+$/, "");
  if (/^[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*$/.test(t)) return t;
  return t
    .replace(/[^A-Za-z0-9.-]+/g, "")
    .replace(/[.-]{2,}/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "");
}

/**
 * The eIds of one document (what the schema's uniqueness constraint covers:
 * a statement with its annexes, or one component of a collection).
 */
export class EidScope {
  private used = new Set<string>();
  private reserved = new Set<string>();
  /** Per stem, the ordinal an unnumbered element's search starts at: all below it are taken (the sets only grow). */
  private nextOrdinal = new Map<string, number>();

  /** Marks the eIds numbered siblings will take, so unnumbered ones counted before them avoid them. */
  reserve(id: string): void {
    this.reserved.add(id);
  }

  /**
   * `stem_token` for a numbered element; an unnumbered one (empty token) gets
   * the first free ordinal. A repeated number (a text that restarts its
   * numbering without a heading to scope it) gets "-2", "-3": still unique.
   */
  take(stem: string, token: string): string {
    if (!token) {
      for (let k = this.nextOrdinal.get(stem) ?? 1; ; k++) {
        const id = `${stem}_${k}`;
        if (!this.used.has(id) && !this.reserved.has(id)) {
          this.nextOrdinal.set(stem, k + 1);
          return this.claim(id);
        }
      }
    }
    const base = `${stem}_${token}`;
    if (!this.used.has(base)) return this.claim(base);
    for (let k = 2; ; k++) {
      const id = `${base}-${k}`;
      if (!this.used.has(id)) return this.claim(id);
    }
  }

  /** An eId derived from a parent's (para_7__list_1, att_2): unique already when the parent's is. */
  exact(id: string): string {
    if (!this.used.has(id)) return this.claim(id);
    for (let k = 2; ; k++) {
      const alt = `${id}-${k}`;
      if (!this.used.has(alt)) return this.claim(alt);
    }
  }

  private claim(id: string): string {
    this.used.add(id);
    return id;
  }
}
