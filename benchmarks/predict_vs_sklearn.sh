#!/usr/bin/env bash
# Batch prediction throughput and in-process single-row latency of a promoted bundle, against the
# scikit-learn pipeline SelectKBest -> StandardScaler -> MLPClassifier with the same k and hidden
# layers, in one session. Prints both and the ratios.
# Usage: bash benchmarks/predict_vs_sklearn.sh [BUNDLE]   (default: promote the quickstart's best)
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/common.sh
ensure_venv
swift build -c release --product exp >/dev/null
swift build -c release --product ExpBench >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bundle=${1:-}
if [ -z "$bundle" ]; then
  .build/release/exp sweep experiments/quickstart.yaml --store "$work/s.sqlite" >/dev/null 2>&1
  .build/release/exp promote --best --name bench --store "$work/s.sqlite" --artifacts "$work" >/dev/null 2>&1
  bundle="$work/bench-v1.tar.gz"
fi
.build/release/exp data synth --out "$work/data.csv" >/dev/null 2>&1
mkdir -p "$work/x" && tar -xzf "$bundle" -C "$work/x" manifest.json
ours=$(.build/release/ExpBench predict "$bundle" "$work/data.csv")
theirs=$("$venv/bin/python" benchmarks/sklearn_predict.py "$work/x/manifest.json" "$work/data.csv")
python3 - "$ours" "$theirs" "$work/x/manifest.json" <<'PY'
import json, sys
ours, theirs, manifest = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.load(open(sys.argv[3]))
p = manifest["training"]["parameters"]
print(f"model: hidden {p['hidden_layers']}, k {p['k_best']}, {len(manifest['input_schema']['features'])} raw features")
sk_batch, sk_single = theirs["batch_rows_per_second"], theirs["single_row_seconds"]
for key in sorted(k for k in ours if k.startswith("batch_rows_per_second")):
    threads = key.rsplit("_", 1)[1]
    print(f"batch, {threads} thread(s): exp {ours[key] / 1e6:.2f} M rows/s, scikit-learn {sk_batch / 1e6:.2f} M rows/s "
          f"-> {ours[key] / sk_batch:.1f}x")
print(f"single row: exp {ours['single_row_seconds'] * 1e6:.2f} us, scikit-learn {sk_single * 1e6:.1f} us "
      f"-> {sk_single / ours['single_row_seconds']:.0f}x lower latency")
PY
