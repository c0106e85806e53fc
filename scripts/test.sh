#!/usr/bin/env bash
# Run FluxForge's whole test suite on this machine (CI runs exactly this).
#
#   bash scripts/test.sh [extra pytest arguments for tests/]
#
# Sets everything up first (scripts/bootstrap.sh), then runs
#   1. pytest tests        - the test suite (no sound card or screen needed)
#   2. pytest benchmarks --benchmark-disable
#                          - every benchmark once, as a smoke test that they run
# and ends with both pytest summary lines. The exit status is non-zero if either
# run fails. When ../shared/tools/rtsan exists beside the checkout, the real-time
# sanitizer library is built and handed to the tests as RTSAN_LIB.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${FLUXFORGE_VENV:-$ROOT/.venv}
LOG_DIR=$ROOT/build/logs

bash "$ROOT/scripts/bootstrap.sh" || exit 1
cd "$ROOT" || exit 1
mkdir -p "$LOG_DIR"

rtsan_build=$ROOT/../shared/tools/rtsan/build.sh
if [[ -z ${RTSAN_LIB:-} && -f $rtsan_build ]]; then
    if lib=$(bash "$rtsan_build" 2>"$LOG_DIR/rtsan.log" | tail -n 1) && [[ -f $lib ]]; then
        export RTSAN_LIB=$lib
        echo "test: real-time sanitizer: $RTSAN_LIB"
    else
        echo "test: real-time sanitizer unavailable (see $LOG_DIR/rtsan.log); its tests will skip"
    fi
fi

# run_pytest NAME ARGS...: run pytest, keep its output in a log, remember the summary line.
declare -A summary status
run_pytest() {
    local name=$1; shift
    echo "test: pytest $* ..."
    "$VENV/bin/python" -m pytest "$@" 2>&1 | tee "$LOG_DIR/$name.log"
    local rc=${PIPESTATUS[0]}
    summary[$name]=$(grep -E '(passed|failed|error|skipped|no tests ran|deselected)' "$LOG_DIR/$name.log" |
                     grep -E ' in [0-9.]+s' | tail -n 1)
    if [[ $rc == 5 ]]; then     # pytest: no tests were collected
        summary[$name]="no tests collected"
        rc=0
    fi
    status[$name]=$rc
}

run_pytest tests -q --durations=5 tests "$@"
if [[ -d benchmarks ]]; then
    run_pytest benchmarks -q benchmarks --benchmark-disable
else
    summary[benchmarks]="no benchmarks/ folder"; status[benchmarks]=0
fi

echo
echo "test: tests:      ${summary[tests]:-no summary} (exit ${status[tests]})"
echo "test: benchmarks: ${summary[benchmarks]:-no summary} (exit ${status[benchmarks]})"
if [[ ${status[tests]} != 0 || ${status[benchmarks]} != 0 ]]; then
    echo "test: FAILED"
    exit 1
fi
echo "test: OK"
