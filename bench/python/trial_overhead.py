"""What Caviar adds to a script-mode trial, against the same script run by a minimal Python subprocess loop.

Both sides run bench/python/jobs/quadratic_job.py (reads x from CAVIAR_HYPERPARAMETERS, reports one loss through
the caviar package) N times, one at a time:
- peer: a Python loop that writes the hyperparameters file, runs the script with subprocess.run and reads the
  reported line back;
- caviar: `caviar tune` of a Random-search tuning job of N trials (maxParallel 1) with the default local launcher
  (a detached `caviar job-run` runner per trial, handed to a standby runner started during the previous trial),
  timed from start to exit (whole command: the tuner's own start and the store's creation included) and within the
  run (first trial's start to last trial's end, from the store's records).
The sides alternate for --rounds rounds, so load from other work falls on both. Prints seconds per trial on each
side per round and their medians, Caviar's added time per trial (within the run) and the ratio.
"""

import argparse
import json
import os
import random
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JOB = os.path.join(HERE, "jobs", "quadratic_job.py")
PACKAGE = os.path.abspath(os.path.join(HERE, "..", "..", "clients", "python"))
PYTHON = os.environ.get("CAVIAR_BENCH_PYTHON", "/usr/bin/python3")


def peer(trials, work):
    rng = random.Random(1)
    env = dict(os.environ, PYTHONPATH=PACKAGE)
    start = time.perf_counter()
    best = float("inf")
    for i in range(trials):
        hp, metrics = os.path.join(work, f"hp-{i}.json"), os.path.join(work, f"metrics-{i}.jsonl")
        with open(hp, "w") as f:
            json.dump({"x": rng.random()}, f)
        subprocess.run([PYTHON, JOB], env=dict(env, CAVIAR_HYPERPARAMETERS=hp, CAVIAR_METRICS_FILE=metrics), check=True)
        with open(metrics) as f:
            best = min(best, json.loads(f.readline())["loss"])
    return (time.perf_counter() - start) / trials, best


def caviar(command, trials, work, round_number):
    spec = {
        "name": "overhead", "objective": {"type": "Minimize", "metricName": "loss"}, "strategy": "Random", "seed": 1,
        "trainingJob": {"command": [PYTHON, JOB], "environment": {"PYTHONPATH": PACKAGE}},
        "hyperParameterRanges": [{"type": "continuous", "name": "x", "minValue": 0, "maxValue": 1}],
        "limits": {"maxTrials": trials, "maxParallel": 1},
    }
    path, store = os.path.join(work, f"spec-{round_number}.json"), os.path.join(work, f"caviar-{round_number}.db")
    with open(path, "w") as f:
        json.dump(spec, f)
    start = time.perf_counter()
    subprocess.run(shlex.split(command) + ["tune", path, "--store", store,
                                           "--artifacts", os.path.join(work, f"artifacts-{round_number}")],
                   check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, NO_COLOR="1"))
    whole = (time.perf_counter() - start) / trials
    with sqlite3.connect(store) as db:
        first, last, done = db.execute("SELECT MIN(started_at_ms), MAX(finished_at_ms), COUNT(*) FROM trials "
                                       "WHERE state = 'Completed'").fetchone()
    if done != trials:
        raise SystemExit(f"caviar completed {done} of {trials} trials")
    return whole, (last - first) / 1000 / trials


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caviar", required=True, help="the command that starts caviar, e.g. 'dotnet /path/caviar.dll'")
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"script-mode trial, {args.trials} trials one at a time, {args.rounds} rounds (s per trial)")
    print(f"{'round':>5} {'python-subprocess-loop':>24} {'caviar-whole-command':>21} {'caviar-within-run':>18} "
          f"{'added-by-caviar':>16} {'ratio':>7}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="caviar-overhead-") as work:
        for r in range(args.rounds):
            peer_dir = os.path.join(work, f"peer-{r}")
            os.makedirs(peer_dir)
            peer_s, _ = peer(args.trials, peer_dir)
            whole_s, within_s = caviar(args.caviar, args.trials, work, r)
            rows.append((peer_s, whole_s, within_s))
            print(f"{r + 1:5d} {peer_s:24.3f} {whole_s:21.3f} {within_s:18.3f} {within_s - peer_s:16.3f} "
                  f"{within_s / peer_s:7.2f}", flush=True)
    peer_m, whole_m, within_m = (statistics.median(column) for column in zip(*rows))
    print(f"{'median':>5} {peer_m:24.3f} {whole_m:21.3f} {within_m:18.3f} {within_m - peer_m:16.3f} "
          f"{within_m / peer_m:7.2f}")
    print("goal: added-by-caviar <= 0.200 s")


if __name__ == "__main__":
    main()
