#!/usr/bin/env bash
# The dialect score gate: converts ../shared/corpus/para-text and pdf-text to
# AKN (the readers are detected from the content, as the CLI does), scores
# each folder against the UN's official files with ../shared/eval/score.py
# and prints the mean text F1, block F1 and perfect count over that folder's
# documents only (score.py averages over every official file, so the means are
# computed here from its JSON report). Fails (exit 1) when a dialect's mean
# text F1 falls below its floor:
#   MIN_PARA_TEXT_F1 (default 0.95)   MIN_PDF_TEXT_F1 (default 0.93)
# Skips (exit 0) without ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${RESOLUTE_SHARED:-../shared}"
min_para="${MIN_PARA_TEXT_F1:-0.95}"
min_pdf="${MIN_PDF_TEXT_F1:-0.93}"
if [ ! -f "$shared/eval/score.py" ] || [ ! -d "$shared/corpus/para-text" ]; then
  echo "dialect score gate: skipped ($shared/corpus or eval/score.py not found)"
  exit 0
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
for dialect in para-text pdf-text; do
  floor="$min_para"; [ "$dialect" = pdf-text ] && floor="$min_pdf"
  src="$shared/corpus/$dialect"
  SOURCE_DATE_EPOCH=1767225600 npx tsx scripts/convert-dialect.ts "$src" "$out/$dialect"
  ls "$src" | sed 's/\.[^.]*$//' > "$out/$dialect.list"
  python3 "$shared/eval/score.py" "$shared/corpus/akn" "$out/$dialect" --list "$out/$dialect.list" \
    --json "$out/$dialect.json" --show "${SHOW:-0}" > "$out/$dialect.score.txt"
  [ "${SHOW:-0}" != 0 ] && cat "$out/$dialect.score.txt"
  python3 - "$dialect" "$out/$dialect.json" "$out/$dialect.list" "$floor" <<'PY' || status=1
import json, sys
dialect, report, names, floor = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
rows = json.load(open(report))["rows"]
names = open(names).read().split()
n = len(names)
# a document without output counts 0, as in score.py
text = sum(rows[k]["textF1"] for k in names if k in rows) / n
block = sum(rows[k]["blockF1"] for k in names if k in rows) / n
notes = sum(rows[k]["notesF1"] for k in names if k in rows) / n
perfect = sum(1 for k in names if k in rows and rows[k]["perfect"])
worst = sorted((rows[k]["textF1"], k) for k in names if k in rows)[:3]
ok = text >= floor
print(f"{dialect}: {n} documents, converted {len(rows)}; text F1 {text:.4f} (floor {floor}), block F1 {block:.4f}, "
      f"notes F1 {notes:.4f}, perfect {perfect}/{n}: {'pass' if ok else 'FAIL'}")
print(f"  worst text F1: " + ", ".join(f"{k} {f:.3f}" for f, k in worst))
sys.exit(0 if ok else 1)
PY
done
exit $status
