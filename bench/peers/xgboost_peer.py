#!/usr/bin/python3
"""XGBoost side of the gradient-boosted-trees benchmark (Debian's python3-xgboost 1.7, scikit-learn 1.2).

make  DIR            writes DIR/train.csv and DIR/validation.csv: make_classification(50,000 rows, 20 features,
                     10 informative, seed 0), 80/20 split; label in the last column
train DIR THREADS [WORK]   trains XGBoost (100 rounds, learning rate 0.1, histogram trees, depth 6) and prints one
                     JSON line with the training time (wall and this process's CPU), validation accuracy and logloss
fmnist DIR THREADS [WORK]  the same on Fashion-MNIST's IDX files in DIR (60,000 training images, 784 pixels / 255,
                     10 classes, softprob), scored on its 10,000 test images

WORK is what is timed: "job" (default) is the work Caviar's gbt does in a training job — fit with the validation
set's logloss and error computed after every round (eval_set, as gbt's `iteration=N val_logloss=… val_accuracy=…`
line and its early stopping need) and the model written to a file; "fit" is fit alone (no per-round validation
metric, no model file), to compare with Caviar's training-only row. XGBClassifier's fit builds its QuantileDMatrix
from the rows inside the timed span (xgboost 1.7's sklearn wrapper does so for tree_method="hist"); "fit" also
reports that step's share: the same QuantileDMatrix built again, alone, after the timed fit (dataset_seconds,
dataset_cpu_seconds).
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


def fit_and_score(x_train, y_train, x_valid, y_valid, threads, work):
    import os
    import tempfile
    import xgboost
    from sklearn.metrics import log_loss
    job = work == "job"
    metrics = (["logloss", "error"] if len(np.unique(y_train)) == 2 else ["mlogloss", "merror"]) if job else None
    model = xgboost.XGBClassifier(n_estimators=100, learning_rate=0.1, max_depth=6, tree_method="hist",
                                  n_jobs=threads, random_state=0, eval_metric=metrics)
    model_file = os.path.join(tempfile.mkdtemp(prefix="xgboost-peer-"), "model.json")
    started, cpu_started = time.perf_counter(), time.process_time()
    if job:
        model.fit(x_train, y_train, eval_set=[(x_valid, y_valid)], verbose=False)
        model.save_model(model_file)
    else:
        model.fit(x_train, y_train)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    probabilities = model.predict_proba(x_valid)
    accuracy = float((probabilities.argmax(axis=1) == y_valid).mean())
    logloss = float(log_loss(y_valid, probabilities, labels=list(range(probabilities.shape[1]))))
    result = {"seconds": seconds, "cpu_seconds": cpu_seconds, "accuracy": accuracy, "logloss": logloss}
    if not job:
        # The step of fit that bins the rows, as XGBClassifier.fit makes it (missing = NaN, 256 bins by default).
        started, cpu_started = time.perf_counter(), time.process_time()
        xgboost.QuantileDMatrix(x_train, label=y_train, missing=float("nan"), nthread=threads)
        result["dataset_seconds"] = time.perf_counter() - started
        result["dataset_cpu_seconds"] = time.process_time() - cpu_started
    print(json.dumps(result), flush=True)


def train(directory, threads, work):
    train_data = np.loadtxt(f"{directory}/train.csv", delimiter=",", skiprows=1)
    valid_data = np.loadtxt(f"{directory}/validation.csv", delimiter=",", skiprows=1)
    fit_and_score(train_data[:, :-1], train_data[:, -1], valid_data[:, :-1], valid_data[:, -1], threads, work)


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fmnist(directory, threads, work):
    def load(prefix):
        images = idx(f"{directory}/{prefix}-images-idx3-ubyte.gz")
        return images.reshape(len(images), -1).astype(np.float32) / 255, idx(f"{directory}/{prefix}-labels-idx1-ubyte.gz")
    x_train, y_train = load("train")
    x_valid, y_valid = load("t10k")
    fit_and_score(x_train, y_train, x_valid, y_valid, threads, work)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "fmnist":
        fmnist(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "job")
    else:
        train(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "job")
