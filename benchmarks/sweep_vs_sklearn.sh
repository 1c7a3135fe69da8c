#!/usr/bin/env bash
# The 27-configuration x 5-fold grid on the reference data, exp against scikit-learn +
# imbalanced-learn (GridSearchCV, n_jobs=2), in one session. Prints both wall times, the ratio and
# both best mean CV ROC-AUCs. Usage: bash benchmarks/sweep_vs_sklearn.sh [float64|float32|both]
# Needs ../shared/data/taiwan_bankruptcy.csv next to the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/common.sh
require_reference_data
ensure_venv
swift build -c release --product exp >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
modes=${1:-both}
run_exp() {  # dtype
  local spec="$work/grid-$1.yaml"
  sed "s|path: ../../shared/data/taiwan_bankruptcy.csv|path: $(pwd)/$data|; s|^model:|model:\n  dtype: $1|" experiments/bankruptcy-grid.yaml > "$spec"
  local start end
  start=$(date +%s.%N)
  .build/release/exp sweep "$spec" --store "$work/$1.sqlite" --workers 2 --format json > "$work/$1.json"
  end=$(date +%s.%N)
  python3 - "$work/$1.json" "$start" "$end" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); best = r["best"][0]
print(f"exp {sys.argv[4]}: {float(sys.argv[3]) - float(sys.argv[2]):.1f} s, best mean CV ROC-AUC "
      f"{best['metrics']['roc_auc']['mean']:.4f} ± {best['metrics']['roc_auc']['std']:.4f} "
      f"(hidden {best['params']['hidden_layers']}, alpha {best['params']['alpha']}, k {best['params']['k_best']})")
print(f"EXP_SECONDS_{sys.argv[4]}={float(sys.argv[3]) - float(sys.argv[2]):.3f}")
PY
}
out=""
[ "$modes" = float32 ] || [ "$modes" = both ] && out+=$(run_exp float32)$'\n'
[ "$modes" = float64 ] || [ "$modes" = both ] && out+=$(run_exp float64)$'\n'
echo "$out" | grep -v "^EXP_SECONDS"
sk=$("$venv/bin/python" benchmarks/sklearn_grid.py "$data")
python3 - "$sk" <<PY
import json, sys, re
sk = json.loads(sys.argv[1])
print(f"scikit-learn {sk['sklearn']} + imbalanced-learn, n_jobs=2: {sk['seconds']:.1f} s, best mean CV ROC-AUC "
      f"{sk['best_mean_roc_auc']:.4f} ± {sk['best_std_roc_auc']:.4f} ({sk['best_params']})")
for m in re.finditer(r"EXP_SECONDS_(\w+)=([0-9.]+)", """$out"""):
    print(f"speed-up, exp {m.group(1)} vs scikit-learn: {sk['seconds'] / float(m.group(2)):.1f}x")
PY
