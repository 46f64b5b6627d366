"""What Caviar adds to a script-mode trial, against the same script run by a minimal Python subprocess loop.

Both sides run bench/python/jobs/quadratic_job.py (reads x from CAVIAR_HYPERPARAMETERS, reports one loss through
the caviar package) N times, one at a time:
- peer: a Python loop that writes the hyperparameters file, runs the script with subprocess.run and reads the
  reported line back;
- caviar: `caviar tune` of a Random-search tuning job of N trials (maxParallel 1) with the default local launcher
  (a detached `caviar job-run` runner per trial), timed from start to exit.
Prints seconds per trial on each side, Caviar's added time per trial and the ratio.
"""

import argparse
import json
import os
import random
import shlex
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


def caviar(command, trials, work):
    spec = {
        "name": "overhead", "objective": {"type": "Minimize", "metricName": "loss"}, "strategy": "Random", "seed": 1,
        "trainingJob": {"command": [PYTHON, JOB], "environment": {"PYTHONPATH": PACKAGE}},
        "hyperParameterRanges": [{"type": "continuous", "name": "x", "minValue": 0, "maxValue": 1}],
        "limits": {"maxTrials": trials, "maxParallel": 1},
    }
    path = os.path.join(work, "spec.json")
    with open(path, "w") as f:
        json.dump(spec, f)
    start = time.perf_counter()
    subprocess.run(shlex.split(command) + ["tune", path, "--store", os.path.join(work, "caviar.db"),
                                           "--artifacts", os.path.join(work, "artifacts")],
                   check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, NO_COLOR="1"))
    return (time.perf_counter() - start) / trials


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caviar", required=True, help="the command that starts caviar, e.g. 'dotnet /path/caviar.dll'")
    parser.add_argument("--trials", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="caviar-overhead-") as work:
        os.makedirs(os.path.join(work, "peer"))
        peer_s, _ = peer(args.trials, os.path.join(work, "peer"))
        caviar_s = caviar(args.caviar, args.trials, work)
    print(f"script-mode trial, {args.trials} trials one at a time (s per trial)")
    print(f"{'python-subprocess-loop':>24} {'caviar-tune':>12} {'added-by-caviar':>16} {'ratio':>7}")
    print(f"{peer_s:24.3f} {caviar_s:12.3f} {caviar_s - peer_s:16.3f} {caviar_s / peer_s:7.2f}")


if __name__ == "__main__":
    main()
