#!/usr/bin/python3
"""XGBoost side of the gradient-boosted-trees benchmark (Debian's python3-xgboost 1.7, scikit-learn 1.2).

make  DIR            writes DIR/train.csv and DIR/validation.csv: make_classification(50,000 rows, 20 features,
                     10 informative, seed 0), 80/20 split; label in the last column
train DIR THREADS    trains XGBoost (100 rounds, learning rate 0.1, histogram trees, depth 6) and prints one JSON
                     line with the training time and validation accuracy
"""
import json
import sys
import time

import numpy as np


def make(directory):
    from sklearn.datasets import make_classification
    x, y = make_classification(n_samples=50000, n_features=20, n_informative=10, n_redundant=4, random_state=0)
    header = ",".join([f"f{i}" for i in range(x.shape[1])] + ["label"])
    cut = 40000
    for name, rows in (("train.csv", slice(0, cut)), ("validation.csv", slice(cut, None))):
        np.savetxt(f"{directory}/{name}", np.column_stack([x[rows], y[rows]]), delimiter=",", header=header,
                   comments="", fmt="%.9g")


def train(directory, threads):
    import xgboost
    train_data = np.loadtxt(f"{directory}/train.csv", delimiter=",", skiprows=1)
    valid_data = np.loadtxt(f"{directory}/validation.csv", delimiter=",", skiprows=1)
    model = xgboost.XGBClassifier(n_estimators=100, learning_rate=0.1, max_depth=6, tree_method="hist",
                                  n_jobs=threads, random_state=0)
    started = time.perf_counter()
    model.fit(train_data[:, :-1], train_data[:, -1])
    seconds = time.perf_counter() - started
    accuracy = float((model.predict(valid_data[:, :-1]) == valid_data[:, -1]).mean())
    print(json.dumps({"seconds": seconds, "accuracy": accuracy}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        train(sys.argv[2], int(sys.argv[3]))
