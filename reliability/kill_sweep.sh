#!/usr/bin/env bash
# The long crash-safety and concurrency runs, on their own:
#
#   bash reliability/kill_sweep.sh [KILLS] [ROUNDS]
#
#   KILLS   SIGKILLs per test (default 20): `exp sweep` on a 16-trial sweep, and `exp promote`
#   ROUNDS  how many times to repeat the suites (default 1), e.g. 5 for a soak run
#
# Each round runs CrashSafetyTests (the kills) and ConcurrencyTests (4 worker processes plus
# readers on one store; a worker stopped past its lease) against the debug build, and prints the
# figures the tests report ("kill test: 20 SIGKILLs survived …"). The same suites run in
# `swift test` with 20 kills; EXP_RELIABILITY_KILLS overrides the count there too.
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${1:-20}
ROUNDS=${2:-1}
SCRATCH=${EXP_RELIABILITY_BUILD:-.build}
swift build --scratch-path "$SCRATCH" --build-tests
failed=0
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS: $KILLS kills per test"
  if ! EXP_RELIABILITY_KILLS=$KILLS swift test --scratch-path "$SCRATCH" --skip-build \
      --filter 'CrashSafetyTests|ConcurrencyTests' 2>&1 | tee /tmp/exp-kill-sweep.log \
      | grep -E 'kill test|concurrency test|✘|Test run'; then
    failed=1
  fi
  grep -q 'Test run with .* passed' /tmp/exp-kill-sweep.log || failed=1
done
exit $failed
