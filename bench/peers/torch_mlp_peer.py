#!/usr/bin/python3
"""PyTorch side of the MLP epoch-time benchmark (Debian's python3-torch 1.13).

Same network (784-256-128-10, ReLU), Adam (lr 1e-3), batch 128, the same number of threads, Fashion-MNIST's
training images, batches gathered from a shuffled index like Caviar's. Prints one JSON line per epoch.
usage: torch_mlp_peer.py EPOCHS THREADS
"""
import gzip
import json
import sys
import time

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(f"{DATA}/{name}.gz") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


epochs, threads = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
images = torch.tensor(idx("train-images-idx3-ubyte").reshape(-1, 784), dtype=torch.float32) / 255
labels = torch.tensor(idx("train-labels-idx1-ubyte"), dtype=torch.int64)
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                            torch.nn.Linear(128, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(1, epochs + 1):
    order = torch.randperm(len(labels))
    started = time.perf_counter()
    total = 0.0
    for start in range(0, len(order), 128):
        batch = order[start:start + 128]
        x, y = images.index_select(0, batch), labels.index_select(0, batch)
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    print(json.dumps({"epoch": epoch, "seconds": time.perf_counter() - started, "train_loss": total / len(order)}), flush=True)
