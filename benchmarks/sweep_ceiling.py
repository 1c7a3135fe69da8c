"""Where the sweep's time goes, and the fastest any implementation of it could be on this machine.

Usage: .venv-bench/bin/python benchmarks/sweep_ceiling.py DATA.csv [EXP_STORE.sqlite ...]

1. scikit-learn's side, one thread, the protocol of benchmarks/sklearn_grid.py: for each of the 5
   folds and 3 values of k, SelectKBest -> SMOTETomek -> StandardScaler once (GridSearchCV repeats
   it for each of the 9 (architecture, alpha) pairs, so its share is counted 9 times), then the 27
   MLP fits on that fold. Prints the seconds in preprocessing and in MLPClassifier.fit, the epochs
   fitted, and the MLP's arithmetic rate.
2. The floating-point work of the MLP fits: per epoch and per training row, 2 FLOP per weight for
   the forward pass, 2 per weight for the weight gradients and 2 per weight of layers after the
   first for the input gradients, plus the forward pass over the early-stopping validation rows.
   For each exp store given (a finished bankruptcy-grid sweep), the same count from its stored
   epochs, with the row counts measured here (exp's folds differ from scikit-learn's, but SMOTE
   balances every training fold to its majority count, so sizes agree to within the few rows
   Tomek links remove).
3. The floor: that work at 100 % of the machine's peak (2 cores, 16 FLOP/cycle/core in float64 and
   32 in float32, at the clock measured in ../shared/notes/KERNELS.md) against the time the
   issue's 10x bar allows.
"""
import json
import os
import sqlite3
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from imblearn.combine import SMOTETomek  # noqa: E402
from sklearn.feature_selection import SelectKBest, f_classif  # noqa: E402
from sklearn.model_selection import StratifiedKFold, train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

PEAK_GFLOPS = {"float64": 2 * 58.6, "float32": 2 * 117.2}  # two cores, KERNELS.md
ARCHITECTURES = [(64,), (100, 50), (128, 64, 32)]
ALPHAS = [0.0001, 0.001, 0.01]
KS = [20, 50, 95]


def fit_flops(k, hidden, epochs, fit_rows, validation_rows):
    """FLOP of one early-stopped MLP fit (see the module docstring)."""
    sizes = [k, *hidden, 1]
    weights = [sizes[i] * sizes[i + 1] for i in range(len(sizes) - 1)]
    per_row_train = 2 * sum(weights) + 2 * sum(weights) + 2 * sum(weights[1:])
    per_row_validation = 2 * sum(weights)
    return epochs * (fit_rows * per_row_train + validation_rows * per_row_validation)


def main():
    path = sys.argv[1]
    data = pd.read_csv(path)
    y = data["Bankrupt?"].to_numpy()
    X = np.ascontiguousarray(data.drop(columns=["Bankrupt?"]).to_numpy(dtype=np.float64))
    X_dev, _, y_dev, _ = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)
    folds = list(StratifiedKFold(5, shuffle=True, random_state=42).split(X_dev, y_dev))

    preprocess_seconds = 0.0
    mlp_seconds = 0.0
    sk_flops = 0.0
    sk_epochs = []
    resampled_rows = []
    for train, _ in folds:
        for k in KS:
            start = time.perf_counter()
            select = SelectKBest(f_classif, k=k).fit(X_dev[train], y_dev[train])
            Xs = select.transform(X_dev[train])
            Xr, yr = SMOTETomek(random_state=42).fit_resample(Xs, y_dev[train])
            Xr = StandardScaler().fit_transform(Xr)
            preprocess_seconds += (time.perf_counter() - start) * len(ARCHITECTURES) * len(ALPHAS)
            resampled_rows.append(len(yr))
            validation_rows = int(np.ceil(0.1 * len(yr)))  # train_test_split(test_size=0.1) rounds up
            for hidden in ARCHITECTURES:
                for alpha in ALPHAS:
                    mlp = MLPClassifier(hidden_layer_sizes=hidden, alpha=alpha, activation="relu",
                                        learning_rate_init=0.001, batch_size=200, max_iter=200,
                                        early_stopping=True, validation_fraction=0.1,
                                        n_iter_no_change=10, random_state=42)
                    start = time.perf_counter()
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        mlp.fit(Xr, yr)
                    mlp_seconds += time.perf_counter() - start
                    sk_epochs.append(mlp.n_iter_)
                    sk_flops += fit_flops(k, hidden, mlp.n_iter_, len(yr) - validation_rows, validation_rows)

    rows = float(np.mean(resampled_rows))
    validation = float(np.ceil(0.1 * rows))
    total = preprocess_seconds + mlp_seconds
    report = {
        "sklearn_one_thread": {
            "preprocessing_seconds_as_gridsearch": round(preprocess_seconds, 1),
            "mlp_fit_seconds": round(mlp_seconds, 1),
            "preprocessing_share": round(preprocess_seconds / total, 3),
            "mlp_fits": len(sk_epochs),
            "epochs_total": int(sum(sk_epochs)),
            "epochs_mean": round(float(np.mean(sk_epochs)), 1),
            "mlp_gflop": round(sk_flops / 1e9, 1),
            "mlp_gflop_per_second": round(sk_flops / 1e9 / mlp_seconds, 1),
        },
        "resampled_training_rows_mean": round(rows, 1),
    }
    for store in sys.argv[2:]:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        folds_rows = db.execute(
            "SELECT t.params_json, f.epochs FROM folds f JOIN trials t ON t.id = f.trial_id").fetchall()
        flops = 0.0
        epochs = 0
        dtype = "float64"
        for params_json, fold_epochs in folds_rows:
            params = json.loads(params_json)
            dtype = params.get("dtype", "float64")
            flops += fit_flops(params["k_best"], params["hidden_layers"], fold_epochs, rows - validation, validation)
            epochs += fold_epochs
        peak = PEAK_GFLOPS[dtype]
        report[store] = {
            "dtype": dtype,
            "mlp_fits": len(folds_rows),
            "epochs_total": epochs,
            "epochs_mean": round(epochs / max(len(folds_rows), 1), 1),
            "mlp_gflop": round(flops / 1e9, 1),
            "seconds_at_100_percent_of_peak": round(flops / 1e9 / peak, 1),
            "peak_gflop_per_second_two_cores": peak,
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
