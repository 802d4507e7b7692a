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
min_meta="${MIN_METADATA:-0.99}"
if [ ! -f "$shared/eval/score.py" ] || [ ! -d "$shared/corpus/ods" ]; then
  echo "score gate: skipped ($shared/corpus or eval/score.py not found)"
  exit 0
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
SOURCE_DATE_EPOCH=1767225600 node pipeline/cli/bin.cjs convert "$shared/corpus/ods" -o "$out" -t akn -q > "$out/convert.log" 2>&1 || true
tail -1 "$out/convert.log"
python3 "$shared/eval/score.py" "$shared/corpus/akn" "$out" --show 5 | tee "$out/score.txt"
block=$(sed -n 's/^block F1 (mean, missing=0): //p' "$out/score.txt")
perfect=$(sed -n 's/^perfect documents: .* = //p' "$out/score.txt")
meta=$(sed -n 's/^metadata: //p' "$out/score.txt")
python3 - "$block" "$perfect" "$min_block_f1" "$min_perfect" "$min_meta" "$meta" <<'PY'
import re, sys
block, perfect, min_block, min_perfect, min_meta = map(float, sys.argv[1:6])
fields = {k: int(a) / int(b) for k, a, b in re.findall(r"(\w+) (\d+)/(\d+)", sys.argv[6])}
worst = min(fields.items(), key=lambda kv: kv[1]) if fields else ("none", 0.0)
ok = block >= min_block and perfect >= min_perfect and worst[1] >= min_meta
print(f"score gate: block F1 {block:.4f} (floor {min_block}), perfect {perfect:.4f} (floor {min_perfect}), "
      f"lowest metadata field {worst[0]} {worst[1]:.4f} (floor {min_meta}): {'pass' if ok else 'FAIL'}")
sys.exit(0 if ok else 1)
PY
