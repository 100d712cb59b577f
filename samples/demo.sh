#!/usr/bin/env bash
# The README's main job: the sample REST tap piped into the sample SQLite target.
#
#   bash samples/demo.sh [PYTHON]          (what `make demo` runs)
#
# 1. starts the bundled fixture API (samples/fixture_api.py) on a free local port;
# 2. runs  tap_rest_fixture.py | target_sqlite.py  with settings from environment variables
#    (--config ENV: nothing to write), resuming from $DEMO_DIR/state.json when an earlier run
#    left one, and upserting by primary key so re-sent rows replace their old version;
# 3. saves the final state to $DEMO_DIR/state.json and prints what was loaded.
#
# Everything goes to $DEMO_DIR (default .demo): warehouse.sqlite, state.json and the plugins'
# logs (tap.log, target.log, api.log). Run it again for an incremental sync; `rm -rf .demo`
# (or `make clean`) starts over. A progress line shows on stderr while records flow.
set -euo pipefail
PY=${1:-python3}
cd "$(dirname "$0")/.."
DEMO_DIR=${DEMO_DIR:-.demo}
DATABASE="$DEMO_DIR/warehouse.sqlite"
STATE="$DEMO_DIR/state.json"
mkdir -p "$DEMO_DIR"

API_PID=
cleanup() {
    if [ -n "$API_PID" ]; then
        kill "$API_PID" 2>/dev/null || true
        wait "$API_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

fail() {  # fail MESSAGE [LOG...]: say what failed, show the end of the logs, exit 1
    echo "demo failed: $1" >&2
    shift
    for log in "$@"; do
        if [ -s "$log" ]; then
            echo "--- last lines of $log:" >&2
            tail -n 8 "$log" >&2
        fi
    done
    echo "(all output is in $DEMO_DIR; rm -rf $DEMO_DIR starts over)" >&2
    exit 1
}

# -- 1. the fixture API, in the background, on a free port -----------------------------------
rm -f "$DEMO_DIR/api.url"
"$PY" samples/fixture_api.py --port 0 >"$DEMO_DIR/api.url" 2>"$DEMO_DIR/api.log" &
API_PID=$!
for _ in $(seq 1 200); do
    [ -s "$DEMO_DIR/api.url" ] && break
    kill -0 "$API_PID" 2>/dev/null || fail "the fixture API did not start" "$DEMO_DIR/api.log"
    sleep 0.05
done
[ -s "$DEMO_DIR/api.url" ] || fail "the fixture API did not answer within 10 s" "$DEMO_DIR/api.log"
API_URL=$(head -n 1 "$DEMO_DIR/api.url")

# -- 2. tap | progress counter | target --------------------------------------------------------
export TAP_FIXTURE_REST_API_URL="$API_URL"
export TAP_FIXTURE_REST_API_KEY=fixture-key
export TARGET_SQLITE_DATABASE="$DATABASE"
export TARGET_SQLITE_LOAD_METHOD=upsert

STATE_ARGS=()
if [ -s "$STATE" ] && [ -s "$DATABASE" ]; then
    STATE_ARGS=(--state "$STATE")
    echo "== tap-fixture-rest | target-sqlite: incremental run, from the bookmarks in $STATE"
    echo "   (only records updated at or after them are sent; the bookmark itself is inclusive)"
else
    rm -f "$STATE" "$DATABASE"
    echo "== tap-fixture-rest | target-sqlite: first run, full sync (fixture API at $API_URL)"
fi

set +e
"$PY" samples/tap_rest_fixture.py --config ENV ${STATE_ARGS[@]+"${STATE_ARGS[@]}"} \
        2>"$DEMO_DIR/tap.log" \
    | "$PY" samples/demo_report.py progress "$DEMO_DIR/run_counts.json" \
    | "$PY" samples/target_sqlite.py --config ENV \
        2>"$DEMO_DIR/target.log" >"$DEMO_DIR/state.out"
STATUS=("${PIPESTATUS[@]}")
set -e
if [ "${STATUS[2]}" != 0 ]; then
    fail "target-sqlite exited with ${STATUS[2]}" "$DEMO_DIR/target.log"
fi
if [ "${STATUS[0]}" != 0 ]; then
    fail "tap-fixture-rest exited with ${STATUS[0]}" "$DEMO_DIR/tap.log"
fi
if [ "${STATUS[1]}" != 0 ]; then
    fail "the progress counter (samples/demo_report.py) exited with ${STATUS[1]}"
fi

# The target writes each state once its records are loaded: the last one is where to resume.
LAST_STATE=$(grep -v '^[[:space:]]*$' "$DEMO_DIR/state.out" | tail -n 1 || true)
if [ -n "$LAST_STATE" ]; then
    printf '%s\n' "$LAST_STATE" >"$STATE"
fi

# -- 3. the report -------------------------------------------------------------------------------
"$PY" samples/demo_report.py report --database "$DATABASE" --state "$STATE" \
    --counts "$DEMO_DIR/run_counts.json" || fail "could not read back $DATABASE"
echo "Logs: $DEMO_DIR/tap.log, $DEMO_DIR/target.log. Run again for an incremental sync;"
echo "read the tables back: TAP_SQLITE_DATABASE=$DATABASE $PY samples/tap_sqlite.py --config ENV"
