#!/usr/bin/env bash
# Runs the numeric-core benchmarks side by side with scikit-learn, in one session, and prints
# ratios. Usage: bash benchmarks/run.sh [--quick]
# Needs: Swift (release build), python3; installs scikit-learn into .venv-bench on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/common.sh
ensure_venv
swift build -c release --product ExpBench >/dev/null
sk=$(mktemp)
trap 'rm -f "$sk"' EXIT
"$venv/bin/python" benchmarks/sklearn_epoch.py "$@" > "$sk"
.build/release/ExpBench --sklearn "$sk" "$@"
