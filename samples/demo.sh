#!/usr/bin/env bash
# The main job of the README: the sample tap piped into the sample target on embedded defaults.
# Usage: bash samples/demo.sh [PYTHON]
set -euo pipefail
PY=${1:-python3}
cd "$(dirname "$0")/.."
export TARGET_JSONL_DEMO_OUTPUT_DIR=${TARGET_JSONL_DEMO_OUTPUT_DIR:-.demo/output}
rm -rf "$TARGET_JSONL_DEMO_OUTPUT_DIR"
mkdir -p .demo
echo "== tap-demo | target-jsonl-demo"
"$PY" samples/tap_demo.py --config ENV 2>.demo/tap.log \
    | "$PY" samples/target_jsonl_demo.py --config ENV 2>.demo/target.log >.demo/state.json
echo "records written:"
for file in "$TARGET_JSONL_DEMO_OUTPUT_DIR"/*.jsonl; do
    printf '  %-28s %6d\n' "$file" "$(wc -l <"$file")"
done
echo "final state (.demo/state.json):"
cut -c1-300 .demo/state.json
echo "logs: .demo/tap.log, .demo/target.log"
