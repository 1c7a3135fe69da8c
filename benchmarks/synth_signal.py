#!/usr/bin/env python3
"""Checks that the built-in synthetic bankruptcy data has a real non-linear signal.

Reads a CSV written by `exp data synth` (label column `Bankrupt?`) and reports the 5-fold
stratified cross-validated ROC-AUC of a logistic regression and of an MLP with one hidden layer
of 64 units, each after two preprocessing variants:

  standard  StandardScaler only (what `exp` does by default)
  quantile  QuantileTransformer(output_distribution="normal") then StandardScaler, which tames
            the heavy-tailed columns (cells near 1e10)

The generator is tuned so that the MLP beats the logistic regression by at least 0.03 AUC, with
both well above 0.5 and below 0.99.

Usage:
  python3 -m venv .venv && .venv/bin/pip install scikit-learn
  swift run exp data synth --out /tmp/synth.csv
  .venv/bin/python benchmarks/synth_signal.py /tmp/synth.csv [--label 'Bankrupt?'] [--seed 0]

The same script runs on the reference file (../shared/data/taiwan_bankruptcy.csv) for comparison.
"""

import argparse
import csv
import os
import sys
import warnings

# One BLAS thread: the data are small, and on a busy 2-core machine threaded BLAS makes the MLP
# ten times slower.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold, cross_val_score  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import QuantileTransformer, StandardScaler  # noqa: E402


def load(path, label):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    if label not in header:
        sys.exit(f"{path}: no column {label!r}")
    j = header.index(label)
    y = np.array([1 if r[j].strip().lower() in ("1", "true", "yes") else 0 for r in rows])
    x = np.array([[float(v) if v != "" else np.nan for k, v in enumerate(r) if k != j] for r in rows])
    return x, y


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv")
    parser.add_argument("--label", default="Bankrupt?")
    parser.add_argument("--seed", type=int, default=0, help="seed of the folds and the MLP")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=ConvergenceWarning)

    x, y = load(args.csv, args.label)
    print(f"{args.csv}: {x.shape[0]} rows, {x.shape[1]} features, {int(y.sum())} positives")
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=args.seed)
    models = {
        "logreg": lambda: LogisticRegression(max_iter=5000),
        "mlp64": lambda: MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=args.seed),
    }
    preprocessing = {
        "standard": lambda: [StandardScaler()],
        "quantile": lambda: [QuantileTransformer(output_distribution="normal", random_state=args.seed), StandardScaler()],
    }
    print(f"{'preprocessing':<14}{'logreg AUC':>14}{'mlp64 AUC':>14}{'mlp - logreg':>14}")
    for pname, steps in preprocessing.items():
        scores = {}
        for mname, model in models.items():
            pipe = make_pipeline(*steps(), model())
            s = cross_val_score(pipe, x, y, cv=cv, scoring="roc_auc")
            scores[mname] = (s.mean(), s.std())
        lr, mlp = scores["logreg"], scores["mlp64"]
        print(f"{pname:<14}{lr[0]:>8.4f}±{lr[1]:.3f}{mlp[0]:>8.4f}±{mlp[1]:.3f}{mlp[0] - lr[0]:>+14.4f}")


if __name__ == "__main__":
    main()
