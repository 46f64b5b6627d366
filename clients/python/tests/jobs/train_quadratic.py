"""A training script written with the caviar package: no metric regexes, and it exits cleanly when pruned."""

import os
import sys
import time

import caviar

hp = caviar.hyperparameters()
x, epochs, batch_size = hp["x"], hp["epochs"], hp["batch_size"]
if not isinstance(batch_size, int):
    sys.exit(f"batch_size should be an int, not {batch_size!r}")
if not os.path.exists(os.path.join(caviar.channel("train"), "train_quadratic.py")):
    sys.exit("the train channel does not hold this script")

for epoch in range(1, epochs + 1):
    loss = 10 * (x - 0.3) ** 2 + 1 / epoch
    caviar.report(step=epoch, val_loss=loss, val_accuracy=1 / (1 + loss))
    time.sleep(hp["sleep"])
    if caviar.should_stop():
        print(f"asked to stop at epoch {epoch}; stopping cleanly", flush=True)
        sys.exit(0)

with open(os.path.join(caviar.model_dir(), "model.txt"), "w") as f:
    f.write(f"x={x}\n")
