"""What Caviar adds to a built-in gbt trial on a 500-row table, against the same built-in run by a minimal loop.

Both sides train the built-in gbt (`caviar builtin gbt`, the program a gbt trial's job runs) on the same seeded
500-row binary table (8 features), one trial at a time, with the same learning rates:
- peer: a Python loop that writes the job contract's files and variables (hyperparameters, the train channel, the
  model/checkpoint/output folders) and runs `caviar builtin gbt` with subprocess.run: the trial's own work, .NET's
  start included, with nothing of Caviar's tuning around it;
- caviar: `caviar tune` of a Random-search tuning job of N trials (maxParallel 1, the default local launcher),
  timed within the run (first trial's start to last trial's end, from the store's records).
The sides alternate for --rounds rounds, so load from other work falls on both. Prints seconds per trial on each
side per round, their medians, and Caviar's added time per trial (within the run minus the loop's).
"""

import argparse
import json
import os
import random
import shlex
import sqlite3
import statistics
import subprocess
import tempfile
import time

ROWS, FEATURES = 500, 8


def write_table(path):
    rng = random.Random(11)
    with open(path, "w") as f:
        f.write(",".join(f"x{i}" for i in range(FEATURES)) + ",label\n")
        for _ in range(ROWS):
            x = [rng.random() for _ in range(FEATURES)]
            label = 1 if x[0] + x[1] + 0.3 * rng.random() > 1.1 else 0
            f.write(",".join(repr(v) for v in x) + f",{label}\n")


def statics():
    return {"num_iterations": 100, "threads": 1}


def peer(command, trials, work, table):
    rng = random.Random(1)
    start = time.perf_counter()
    for i in range(trials):
        job = os.path.join(work, f"job-{i}")
        for sub in ("model", "checkpoints", "output"):
            os.makedirs(os.path.join(job, sub))
        hp = os.path.join(job, "hyperparameters.json")
        with open(hp, "w") as f:
            json.dump(dict(statics(), learning_rate=0.05 + 0.3 * rng.random()), f)
        env = dict(os.environ, CAVIAR_HYPERPARAMETERS=hp, CAVIAR_CHANNELS="train", CAVIAR_CHANNEL_TRAIN=table,
                   CAVIAR_MODEL_DIR=os.path.join(job, "model"), CAVIAR_CHECKPOINT_DIR=os.path.join(job, "checkpoints"),
                   CAVIAR_OUTPUT_DIR=os.path.join(job, "output"))
        subprocess.run(shlex.split(command) + ["builtin", "gbt"], env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) / trials


def caviar(command, trials, work, table, round_number):
    spec = {
        "name": "gbt-overhead", "objective": {"type": "Minimize", "metricName": "val_logloss"}, "strategy": "Random",
        "seed": 1,
        "trainingJob": {
            "algorithm": "gbt", "hyperParameters": statics(),
            "channels": [{"name": "train", "path": table}],
            "metricDefinitions": [{"name": "val_logloss", "regex": "val_logloss=(?<value>\\S+)"}],
        },
        "hyperParameterRanges": [{"type": "continuous", "name": "learning_rate", "minValue": 0.05, "maxValue": 0.35}],
        "limits": {"maxTrials": trials, "maxParallel": 1},
    }
    path, store = os.path.join(work, f"spec-{round_number}.json"), os.path.join(work, f"caviar-{round_number}.db")
    with open(path, "w") as f:
        json.dump(spec, f)
    subprocess.run(shlex.split(command) + ["tune", path, "--store", store,
                                           "--artifacts", os.path.join(work, f"artifacts-{round_number}")],
                   check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, NO_COLOR="1"))
    with sqlite3.connect(store) as db:
        first, last, done = db.execute("SELECT MIN(started_at_ms), MAX(finished_at_ms), COUNT(*) FROM trials "
                                       "WHERE state = 'Completed'").fetchone()
    if done != trials:
        raise SystemExit(f"caviar completed {done} of {trials} trials")
    return (last - first) / 1000 / trials


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caviar", required=True, help="the command that starts caviar, e.g. 'dotnet /path/caviar.dll'")
    parser.add_argument("--trials", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"built-in gbt trial, {ROWS} rows x {FEATURES} features, 100 iterations, 1 thread; "
          f"{args.trials} trials one at a time, {args.rounds} rounds (s per trial); load {os.getloadavg()[0]:.1f}")
    print(f"{'round':>5} {'builtin-subprocess-loop':>24} {'caviar-within-run':>18} {'added-by-caviar':>16}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="caviar-gbt-overhead-") as work:
        table = os.path.join(work, "train.csv")
        write_table(table)
        for r in range(args.rounds):
            peer_dir = os.path.join(work, f"peer-{r}")
            os.makedirs(peer_dir)
            peer_s = peer(args.caviar, args.trials, peer_dir, table)
            within_s = caviar(args.caviar, args.trials, work, table, r)
            rows.append((peer_s, within_s))
            print(f"{r + 1:5d} {peer_s:24.3f} {within_s:18.3f} {within_s - peer_s:16.3f}", flush=True)
    peer_m, within_m = (statistics.median(column) for column in zip(*rows))
    print(f"{'median':>5} {peer_m:24.3f} {within_m:18.3f} {within_m - peer_m:16.3f}")
    print(f"goal: added-by-caviar <= 0.300 s; load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
