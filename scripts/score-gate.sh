#!/usr/bin/env bash
# The corpus score gate: converts ../shared/corpus/ods to AKN, scores it
# against the UN's official files with ../shared/eval/score.py and fails when
# the mean block F1 or the share of perfect documents falls below the floor.
# Floors sit a little under the measured figures, so noise does not block a
# landing but a real regression does. Skips (exit 0) without ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${RESOLUTE_SHARED:-../shared}"
min_block_f1="${MIN_BLOCK_F1:-0.997}"
min_perfect="${MIN_PERFECT:-0.95}"
if [ ! -f "$shared/eval/score.py" ] || [ ! -d "$shared/corpus/ods" ]; then
  echo "score gate: skipped ($shared/corpus or eval/score.py not found)"
  exit 0
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
SOURCE_DATE_EPOCH=1767225600 npx tsx pipeline/cli/main.ts convert "$shared/corpus/ods" -o "$out" -t akn -q > "$out/convert.log" 2>&1 || true
tail -1 "$out/convert.log"
python3 "$shared/eval/score.py" "$shared/corpus/akn" "$out" --show 5 | tee "$out/score.txt"
block=$(sed -n 's/^block F1 (mean, missing=0): //p' "$out/score.txt")
perfect=$(sed -n 's/^perfect documents: .* = //p' "$out/score.txt")
python3 - "$block" "$perfect" "$min_block_f1" "$min_perfect" <<'PY'
import sys
block, perfect, min_block, min_perfect = map(float, sys.argv[1:])
ok = block >= min_block and perfect >= min_perfect
print(f"score gate: block F1 {block:.4f} (floor {min_block}), perfect {perfect:.4f} (floor {min_perfect}): {'pass' if ok else 'FAIL'}")
sys.exit(0 if ok else 1)
PY
