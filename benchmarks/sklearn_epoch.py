"""scikit-learn side of the MLP epoch benchmark (run by benchmarks/run.sh).

Same protocol as exp-bench: a 50->100->50->1 ReLU MLPClassifier on 10,000 x 50 rows, batch 200,
Adam, no early stopping; per-epoch time = (fit(max_iter=11) - fit(max_iter=1)) / 10, median of 7.
Prints one JSON object.
"""
import json
import os
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

quick = "--quick" in sys.argv
rng = np.random.default_rng(2)
X = rng.standard_normal((10_000, 50))
y = (X[:, 0] * X[:, 1] + X[:, 2] > 0).astype(int)


def fit_seconds(Xd, epochs):
    clf = MLPClassifier(hidden_layer_sizes=(100, 50), batch_size=200, solver="adam", max_iter=epochs,
                        tol=0.0, n_iter_no_change=10**9, early_stopping=False, random_state=3)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(Xd, y)
    return time.perf_counter() - start


def epoch_ms(dtype):
    Xd = X.astype(dtype)
    fit_seconds(Xd, 1)
    samples = []
    for _ in range(2 if quick else 7):
        long, short = fit_seconds(Xd, 11), fit_seconds(Xd, 1)
        samples.append((long - short) / 10 * 1000)
    return float(np.median(samples))


print(json.dumps({"float64_ms": epoch_ms(np.float64), "float32_ms": epoch_ms(np.float32),
                  "sklearn": sklearn.__version__, "numpy": np.__version__}))
