#!/usr/bin/python3
"""Example Caviar training job (script mode, standard library only).

Linear regression trained by mini-batch SGD with momentum. It follows the job contract: hyperparameters from
CAVIAR_HYPERPARAMETERS, data from CAVIAR_CHANNEL_TRAIN / CAVIAR_CHANNEL_VALIDATION (a folder of CSV files, or a
file/FIFO), a checkpoint after every epoch in CAVIAR_CHECKPOINT_DIR (resumed on restart), the model in
CAVIAR_MODEL_DIR, and on error a `failure` file in CAVIAR_OUTPUT_DIR. Each epoch prints
`epoch=N train_loss=V val_loss=V`. Batch order depends only on (seed, epoch), so a resumed run matches an
uninterrupted one exactly.
"""
import json
import math
import os
import random
import sys
import time
from pathlib import Path

DEFAULTS = {"lr": 0.05, "momentum": 0.9, "l2": 0.0, "batch_size": 16, "epochs": 10, "seed": 0,
            "sleep_seconds": 0.0, "fail_at_epoch": -1}


def hyperparameters():
    given = json.loads(Path(os.environ["CAVIAR_HYPERPARAMETERS"]).read_text())
    values = dict(DEFAULTS)
    for name, default in DEFAULTS.items():
        if name in given:
            values[name] = type(default)(float(given[name])) if not isinstance(default, float) else float(given[name])
    return values


def read_rows(path):
    """Rows of floats from a CSV file, FIFO, or every *.csv in a folder (header lines skipped)."""
    p = Path(path)
    files = sorted(p.glob("*.csv")) if p.is_dir() else [p]
    rows = []
    for file in files:
        with open(file) as stream:
            lines = stream.read().splitlines()
        rows += [[float(v) for v in line.split(",")] for line in lines[1:] if line.strip()]
    return rows


def split():
    train_rows = read_rows(os.environ["CAVIAR_CHANNEL_TRAIN"])
    validation = os.environ.get("CAVIAR_CHANNEL_VALIDATION")
    if validation:
        return train_rows, read_rows(validation)
    cut = int(len(train_rows) * 0.8)            # split before any preprocessing
    return train_rows[:cut], train_rows[cut:]


def standardiser(rows):
    k = len(rows[0]) - 1
    means = [sum(r[j] for r in rows) / len(rows) for j in range(k)]
    stds = [math.sqrt(sum((r[j] - means[j]) ** 2 for r in rows) / len(rows)) or 1.0 for j in range(k)]
    return lambda r: ([(r[j] - means[j]) / stds[j] for j in range(k)], r[-1])


def mse(data, weights, bias):
    return sum((sum(w * x for w, x in zip(weights, xs)) + bias - y) ** 2 for xs, y in data) / len(data)


def write_atomically(path, text):
    temporary = Path(str(path) + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def main():
    hp = hyperparameters()
    print(f"job {os.environ.get('CAVIAR_JOB_NAME', '?')} attempt {os.environ.get('CAVIAR_ATTEMPT', '0')}", flush=True)
    train_rows, validation_rows = split()
    scale = standardiser(train_rows)
    train, validation = [scale(r) for r in train_rows], [scale(r) for r in validation_rows]
    k = len(train[0][0])

    checkpoint = Path(os.environ["CAVIAR_CHECKPOINT_DIR"]) / "checkpoint.json"
    state = {"epoch": 0, "weights": [0.0] * k, "bias": 0.0, "velocity": [0.0] * (k + 1)}
    if checkpoint.exists():
        state = json.loads(checkpoint.read_text())
        print(f"resumed from epoch {state['epoch']}", flush=True)
    weights, bias, velocity = state["weights"], state["bias"], state["velocity"]

    val_loss = mse(validation, weights, bias)
    for epoch in range(state["epoch"] + 1, hp["epochs"] + 1):
        if epoch == hp["fail_at_epoch"]:
            raise RuntimeError(f"fail_at_epoch reached at epoch {epoch}")
        order = list(range(len(train)))
        random.Random(hp["seed"] * 1000003 + epoch).shuffle(order)
        for start in range(0, len(order), hp["batch_size"]):
            batch = [train[i] for i in order[start:start + hp["batch_size"]]]
            grad = [0.0] * (k + 1)
            for xs, y in batch:
                error = sum(w * x for w, x in zip(weights, xs)) + bias - y
                for j in range(k):
                    grad[j] += 2 * error * xs[j] / len(batch)
                grad[k] += 2 * error / len(batch)
            for j in range(k):
                grad[j] += 2 * hp["l2"] * weights[j]
            velocity = [hp["momentum"] * v + g for v, g in zip(velocity, grad)]
            weights = [w - hp["lr"] * v for w, v in zip(weights, velocity[:k])]
            bias -= hp["lr"] * velocity[k]
        train_loss, val_loss = mse(train, weights, bias), mse(validation, weights, bias)
        if not (math.isfinite(train_loss) and math.isfinite(val_loss)):
            raise RuntimeError(f"loss diverged at epoch {epoch} (lr={hp['lr']})")
        print(f"epoch={epoch} train_loss={train_loss:.10g} val_loss={val_loss:.10g}", flush=True)
        write_atomically(checkpoint, json.dumps({"epoch": epoch, "weights": weights, "bias": bias, "velocity": velocity}))
        time.sleep(hp["sleep_seconds"])

    model_dir = Path(os.environ["CAVIAR_MODEL_DIR"])
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "model.json").write_text(json.dumps({"weights": weights, "bias": bias}))
    print(f"final val_loss={val_loss:.10g}", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - every failure is reported through the contract
        Path(os.environ.get("CAVIAR_OUTPUT_DIR", ".")).mkdir(parents=True, exist_ok=True)
        (Path(os.environ.get("CAVIAR_OUTPUT_DIR", ".")) / "failure").write_text(f"{type(error).__name__}: {error}\n")
        print(f"error: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
