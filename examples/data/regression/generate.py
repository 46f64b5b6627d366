#!/usr/bin/python3
"""Writes the small synthetic regression data set the example jobs train on (deterministic).

y = 2·x1 − 3·x2 + 0.5·x3 + 1 + noise(σ = 0.1); 400 training rows, 100 validation rows.
"""
import random
from pathlib import Path

rng = random.Random(20261124)
here = Path(__file__).parent
for name, rows in (("train.csv", 400), ("validation.csv", 100)):
    lines = ["x1,x2,x3,y"]
    for _ in range(rows):
        x = [rng.uniform(-2, 2), rng.uniform(0, 5), rng.gauss(10, 3)]
        y = 2 * x[0] - 3 * x[1] + 0.5 * x[2] + 1 + rng.gauss(0, 0.1)
        lines.append(",".join(f"{v:.6f}" for v in x + [y]))
    (here / name).write_text("\n".join(lines) + "\n")
