#!/usr/bin/python3
"""XGBoost side of the gradient-boosted-trees benchmark (Debian's python3-xgboost 1.7, scikit-learn 1.2).

make  DIR            writes DIR/train.csv and DIR/validation.csv: make_classification(50,000 rows, 20 features,
                     10 informative, seed 0), 80/20 split; label in the last column
train DIR THREADS    trains XGBoost (100 rounds, learning rate 0.1, histogram trees, depth 6) and prints one JSON
                     line with the training time, validation accuracy and validation logloss
fmnist DIR THREADS   the same on Fashion-MNIST's IDX files in DIR (60,000 training images, 784 pixels / 255, 10
                     classes, softprob), scored on its 10,000 test images
"""
import gzip
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


def fit_and_score(x_train, y_train, x_valid, y_valid, threads):
    import xgboost
    from sklearn.metrics import log_loss
    model = xgboost.XGBClassifier(n_estimators=100, learning_rate=0.1, max_depth=6, tree_method="hist",
                                  n_jobs=threads, random_state=0)
    started = time.perf_counter()
    model.fit(x_train, y_train)
    seconds = time.perf_counter() - started
    probabilities = model.predict_proba(x_valid)
    accuracy = float((probabilities.argmax(axis=1) == y_valid).mean())
    logloss = float(log_loss(y_valid, probabilities, labels=list(range(probabilities.shape[1]))))
    print(json.dumps({"seconds": seconds, "accuracy": accuracy, "logloss": logloss}), flush=True)


def train(directory, threads):
    train_data = np.loadtxt(f"{directory}/train.csv", delimiter=",", skiprows=1)
    valid_data = np.loadtxt(f"{directory}/validation.csv", delimiter=",", skiprows=1)
    fit_and_score(train_data[:, :-1], train_data[:, -1], valid_data[:, :-1], valid_data[:, -1], threads)


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fmnist(directory, threads):
    def load(prefix):
        images = idx(f"{directory}/{prefix}-images-idx3-ubyte.gz")
        return images.reshape(len(images), -1).astype(np.float32) / 255, idx(f"{directory}/{prefix}-labels-idx1-ubyte.gz")
    x_train, y_train = load("train")
    x_valid, y_valid = load("t10k")
    fit_and_score(x_train, y_train, x_valid, y_valid, threads)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "fmnist":
        fmnist(sys.argv[2], int(sys.argv[3]))
    else:
        train(sys.argv[2], int(sys.argv[3]))
