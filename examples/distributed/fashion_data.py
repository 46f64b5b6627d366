"""Fashion-MNIST from the IDX files of a Caviar channel (Debian's dataset-fashion-mnist layout), and the examples' hyperparameters."""
import gzip
import json
import os

import numpy as np
import torch


def hyperparameters():
    """The job's hyperparameters (CAVIAR_HYPERPARAMETERS), typed, with the examples' defaults."""
    with open(os.environ["CAVIAR_HYPERPARAMETERS"]) as f:
        given = json.load(f)
    defaults = {"epochs": 3, "lr": 0.05, "batch_size": 64, "width": 8, "seed": 1,
                "train_samples": 60000, "val_samples": 10000}
    return {name: type(default)(given.get(name, default)) for name, default in defaults.items()}


def _idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def _find(folder, stem):
    for name in (stem + ".gz", stem):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise FileNotFoundError(f"{stem} not found in {folder}")


def load(folder, part, limit):
    """Images (N, 1, 28, 28) scaled to [0, 1] and labels (N,), the first `limit` rows of `part` (train or t10k)."""
    images = _idx(_find(folder, f"{part}-images-idx3-ubyte"))[:limit]
    labels = _idx(_find(folder, f"{part}-labels-idx1-ubyte"))[:limit]
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y
