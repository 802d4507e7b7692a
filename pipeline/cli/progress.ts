/**
 * What a batch prints while it runs. On a terminal: one progress line
 * (files done / total, rate, failures, ETA) redrawn in place on stderr, with
 * diagnostics printed above it. Otherwise, or with --quiet / --json: plain
 * lines, one per file, that logs and scripts can read (--quiet: only
 * failures; --json: one JSON object per file on stdout).
 */
import type { FileResult, Task } from "./job.ts";

export type Mode = "bar" | "lines" | "quiet" | "json";

export interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The per-file record of --json and of the run report. */
export interface FileRecord {
  index: number;
  input: string;
  status: FileResult["status"];
  outputs: string[];
  diagnostics: FileResult["counts"];
  codes: Record<string, number>;
  ms: number;
  /** --report: the quality report's one-line summary. */
  report?: string;
}

export function fileRecord(r: FileResult, task: Task): FileRecord {
  const rec: FileRecord = { index: task.id, input: task.display, status: r.status, outputs: r.outputs, diagnostics: r.counts, codes: r.codes, ms: Math.round(r.ms * 10) / 10 };
  if (r.summary) rec.report = r.summary;
  return rec;
}

export function chooseMode(o: { quiet?: boolean; json?: boolean; err: Stream }): Mode {
  if (o.json) return "json";
  if (o.quiet) return "quiet";
  return o.err.isTTY ? "bar" : "lines";
}

const clock = (s: number) => {
  if (!Number.isFinite(s)) return "--:--";
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return (h ? `${h}:${String(m).padStart(2, "0")}` : String(m)) + ":" + String(sec).padStart(2, "0");
};

export class Progress {
  private done = 0;
  private failed = 0;
  private skipped = 0;
  private total = 0;
  private started = performance.now();
  private lastDraw = 0;
  private drawn = false;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly mode: Mode,
    private readonly out: Stream,
    private readonly err: Stream,
    private readonly verbose: boolean,
  ) {}

  start(total: number): void {
    this.total = total;
    this.started = performance.now();
    if (this.mode === "bar") {
      // Redraw now and then even when no file finishes, so the ETA keeps moving.
      this.timer = setInterval(() => this.draw(true), 1000);
      this.timer.unref();
      this.draw(true);
    }
  }

  /** A line for stderr (a diagnostic, a note), kept above the progress line. */
  note(line: string): void {
    this.clear();
    this.err.write(line + "\n");
    this.draw(true);
  }

  file(r: FileResult, task: Task): void {
    this.done++;
    if (r.status === "failed") this.failed++;
    if (r.status === "skipped") this.skipped++;
    if (r.lines.length) {
      this.clear();
      for (const l of r.lines) this.err.write(l + "\n");
    }
    if (this.mode === "json") {
      this.out.write(JSON.stringify(fileRecord(r, task)) + "\n");
    } else if (this.mode === "lines" || (this.mode === "bar" && this.verbose)) {
      this.clear();
      this.out.write(this.line(r, task) + "\n");
      if (r.summary) this.out.write(`     ${task.display}: ${r.summary}\n`);
    } else if (this.mode === "bar" && r.summary) {
      this.clear();
      this.out.write(`${task.display}: ${r.summary}\n`);
    }
    this.draw(r.lines.length > 0 || this.done === this.total);
  }

  private line(r: FileResult, task: Task): string {
    if (r.status === "skipped") return `skip ${task.display} (unchanged)`;
    const base = task.relative;
    const exts = r.outputs.map((o) => o.slice(base.length));
    const warnings = r.counts.warning ? ` (${r.counts.warning} warnings)` : "";
    return `${r.status === "converted" ? "ok  " : "FAIL"} ${task.display} → ${base}{${exts.join(",")}}${warnings}`;
  }

  private clear(): void {
    if (this.mode === "bar" && this.drawn) {
      this.err.write("\r\x1b[2K");
      this.drawn = false;
    }
  }

  private draw(force = false): void {
    if (this.mode !== "bar") return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const secs = (now - this.started) / 1000;
    const rate = this.done / Math.max(secs, 1e-3);
    const eta = this.done ? (this.total - this.done) / rate : Infinity;
    const pct = this.total ? Math.floor((100 * this.done) / this.total) : 100;
    const stats = ` ${this.done}/${this.total} ${String(pct).padStart(3)}%  ${rate.toFixed(1)} files/s  ${this.failed} failed${this.skipped ? `  ${this.skipped} unchanged` : ""}  ETA ${clock(eta)}`;
    const width = Math.max(10, Math.min(30, (this.err.columns ?? 80) - stats.length - 3));
    const fill = this.total ? Math.round((width * this.done) / this.total) : width;
    this.err.write(`\r\x1b[2K[${"#".repeat(fill)}${".".repeat(width - fill)}]${stats}`);
    this.drawn = true;
  }

  /** Removes the progress line; the caller prints the summary. */
  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }
}
