"""scikit-learn + imbalanced-learn side of the sweep benchmark (run by benchmarks/sweep_vs_sklearn.sh).

The same protocol as experiments/bankruptcy-grid.yaml: a stratified 20 % holdout (never seen by the
search), then GridSearchCV with StratifiedKFold(5, shuffle=True) on the rest, over the leak-free
pipeline SelectKBest(f_classif) -> SMOTETomek -> StandardScaler -> MLPClassifier, 27 configurations,
scoring ROC-AUC, n_jobs=2. Prints one JSON object with the wall time and the best result.
Usage: python benchmarks/sklearn_grid.py [DATA.csv] [SEED (default 42)]
"""
import json
import os
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from imblearn.combine import SMOTETomek  # noqa: E402
from imblearn.pipeline import Pipeline  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.feature_selection import SelectKBest, f_classif  # noqa: E402
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/taiwan_bankruptcy.csv"
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 42  # every random_state of the protocol
data = pd.read_csv(path)
y = data["Bankrupt?"].to_numpy()
X = np.ascontiguousarray(data.drop(columns=["Bankrupt?"]).to_numpy(dtype=np.float64))
X_dev, _, y_dev, _ = train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed)

pipeline = Pipeline([
    ("select", SelectKBest(f_classif)),
    ("resample", SMOTETomek(random_state=seed)),
    ("scale", StandardScaler()),
    ("mlp", MLPClassifier(activation="relu", learning_rate_init=0.001, batch_size=200, max_iter=200,
                          early_stopping=True, validation_fraction=0.1, n_iter_no_change=10, random_state=seed)),
])
grid = {
    "mlp__hidden_layer_sizes": [(64,), (100, 50), (128, 64, 32)],
    "mlp__alpha": [0.0001, 0.001, 0.01],
    "select__k": [20, 50, 95],
}
search = GridSearchCV(pipeline, grid, scoring="roc_auc", n_jobs=2,
                      cv=StratifiedKFold(5, shuffle=True, random_state=seed))
start = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    search.fit(X_dev, y_dev)
seconds = time.perf_counter() - start
best = search.best_index_
print(json.dumps({
    "seconds": seconds,
    "best_mean_roc_auc": float(search.cv_results_["mean_test_score"][best]),
    "best_std_roc_auc": float(search.cv_results_["std_test_score"][best]),
    "best_params": {k: str(v) for k, v in search.best_params_.items()},
    "sklearn": sklearn.__version__,
    "seed": seed,
}))
