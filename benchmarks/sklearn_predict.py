"""scikit-learn side of benchmarks/predict_vs_sklearn.sh.

Fits Pipeline([SelectKBest(f_classif, k), StandardScaler(), MLPClassifier(hidden)]) with the
bundle's k and hidden layers on the same CSV, then measures what ExpBench predict measures:
predict_proba rows/s on the rows tiled to N, and single-row predict_proba latency (median of 21
blocks of 1,000 calls). Prints one JSON object.
Usage: python sklearn_predict.py MANIFEST.json DATA.csv [ROWS]
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")
manifest = json.load(open(sys.argv[1]))
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
params = manifest["training"]["parameters"]
schema = manifest["input_schema"]
frame = pd.read_csv(sys.argv[2])
X = frame[schema["features"]].to_numpy(dtype=np.float64)
y = (frame[schema["label"]].astype(str) == schema["positive_class"]).astype(int).to_numpy()
k = params["k_best"] if params["k_best"] != "all" else "all"
pipe = Pipeline([
    ("select", SelectKBest(f_classif, k=k)),
    ("scale", StandardScaler()),
    ("mlp", MLPClassifier(hidden_layer_sizes=tuple(params["hidden_layers"]), alpha=params["alpha"],
                          max_iter=20, random_state=0)),
]).fit(X, y)
tiled = np.ascontiguousarray(np.resize(X, (rows, X.shape[1])))
samples = []
for _ in range(7):
    start = time.perf_counter()
    pipe.predict_proba(tiled)
    samples.append(time.perf_counter() - start)
batch = rows / float(np.median(samples))
singles = [X[i:i + 1] for i in range(min(len(X), 1000))]
blocks = []
for _ in range(21):
    start = time.perf_counter()
    for i in range(1000):
        pipe.predict_proba(singles[i % len(singles)])
    blocks.append((time.perf_counter() - start) / 1000)
print(json.dumps({"batch_rows_per_second": batch, "single_row_seconds": float(np.median(blocks))}))
