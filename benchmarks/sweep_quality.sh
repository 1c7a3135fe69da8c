#!/usr/bin/env bash
# Quality, not speed: the best mean CV ROC-AUC of the 27-configuration grid on the reference data for
# several seeds, from exp in float64 and float32 and from scikit-learn + imbalanced-learn (the same
# protocol, every random_state set to the seed). The best of 27 noisy estimates moves with the seed,
# so one seed cannot say whether float32 (or either tool) is worse. Also prints, per seed, the paired
# difference float32 − float64 over all 27 trials (same seed, same folds, same parameters).
# Usage: bash benchmarks/sweep_quality.sh [SEED ...]   (default: 1 2 3; about 5 minutes per seed)
# Needs ../shared/data/taiwan_bankruptcy.csv next to the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/common.sh
require_reference_data
ensure_venv
swift build -c release --product exp >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
for seed in "${seeds[@]}"; do
  for dtype in float64 float32; do
    sed "s|path: ../../shared/data/taiwan_bankruptcy.csv|path: $(pwd)/$data|; s|^seed: .*|seed: $seed|; s|^model:|model:\n  dtype: $dtype|" \
      experiments/bankruptcy-grid.yaml > "$work/grid-$seed-$dtype.yaml"
    .build/release/exp sweep "$work/grid-$seed-$dtype.yaml" --store "$work/$seed-$dtype.sqlite" --workers 2 \
      --format json > /dev/null
  done
  "$venv/bin/python" benchmarks/sklearn_grid.py "$data" "$seed" > "$work/sklearn-$seed.json"
done
python3 - "$work" "${seeds[@]}" <<'PY'
import json, sqlite3, statistics, sys
work, seeds = sys.argv[1], sys.argv[2:]

def trial_aucs(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute("SELECT t.params_json, m.mean FROM trial_metrics m JOIN trials t ON t.id = m.trial_id "
                      "WHERE m.name = 'roc_auc'").fetchall()
    key = lambda p: json.dumps([p["hidden_layers"], p["alpha"], p["k_best"]])
    return {key(json.loads(p)): auc for p, auc in rows}

print("| seed | scikit-learn best | exp float64 best | exp float32 best | float32 − float64, paired over 27 trials (mean ± sd) |")
print("| --- | --- | --- | --- | --- |")
gaps = {"float64": [], "float32": []}
for seed in seeds:
    sk = json.load(open(f"{work}/sklearn-{seed}.json"))["best_mean_roc_auc"]
    f64, f32 = trial_aucs(f"{work}/{seed}-float64.sqlite"), trial_aucs(f"{work}/{seed}-float32.sqlite")
    paired = [f32[k] - f64[k] for k in f64]
    gaps["float64"].append(max(f64.values()) - sk)
    gaps["float32"].append(max(f32.values()) - sk)
    print(f"| {seed} | {sk:.4f} | {max(f64.values()):.4f} | {max(f32.values()):.4f} | "
          f"{statistics.mean(paired):+.4f} ± {statistics.stdev(paired):.4f} |")
for dtype, values in gaps.items():
    print(f"exp {dtype} best minus scikit-learn best, mean over seeds: {statistics.mean(values):+.4f} "
          f"(per seed: {', '.join(f'{v:+.4f}' for v in values)})")
PY
