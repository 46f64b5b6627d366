"""Records the learning curves a replay of Hyperband's saving needs (issue 14, item 5; see hyperband_replay.py).

A pool of configurations is drawn from a space by Caviar's Random search with a fixed seed, and each is trained ONCE
for the full --max-epochs epochs with the real built-in mlp on Fashion-MNIST, through `caviar tune` (no stopping rule,
the built-in's own early stopping off, --parallel trials at once with --threads libtorch threads each, so every
configuration trains with the same thread count). `record` runs the tuning job; `extract` (also run by `record` at
its end, and runnable on a recording still in progress) writes the pool: for every completed trial numbered below
--configurations its values, its val_accuracy after each epoch, the seconds of each epoch (from the times the runner
read each epoch's line; the first epoch's seconds start when the trial started, so they include the job's start and
loading the data) and the trial's whole duration as the store has it.

Spaces:
- bench: hyperband_saving.SPACE, the space of the live runs;
- wide:  a space of the kind Optuna's PyTorch example (examples/pytorch/pytorch_simple.py) searches: learning rate
         1e-5..1e-1 (log), optimizer adam / rmsprop / plain sgd, one to three hidden layers from 16 to 512 units,
         dropout 0.2..0.5, the mlp's default batch size 128 (Optuna's example: lr 1e-5..1e-1 log, Adam/RMSprop/SGD,
         1-3 layers of 4-128 units each, dropout 0.2-0.5 per layer, batch 128, on a 3,000-example subset of
         Fashion-MNIST). Wider than the bench space: it holds many poor and slow-starting configurations (tiny learning
         rates, plain SGD, 16 units), the kind of space where stopping rules are expected to pay off.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hyperband_saving import DATA, SPACE, export, parse_time  # noqa: E402

WIDE_SPACE = [
    {"type": "continuous", "name": "learning_rate", "minValue": 0.00001, "maxValue": 0.1, "scalingType": "Logarithmic"},
    {"type": "continuous", "name": "dropout", "minValue": 0.2, "maxValue": 0.5},
    {"type": "categorical", "name": "optimizer", "values": ["adam", "rmsprop", "sgd"]},
    {"type": "categorical", "name": "hidden_units", "values": ["16", "64", "256", "512", "64,32", "256,128", "512,256,128"]},
]

SPACES = {"bench": SPACE, "wide": WIDE_SPACE}


def name_of(args):
    return f"replay-pool-{args.space}-{args.pool_seed}"


def spec(args):
    return {
        "name": name_of(args),
        "objective": {"type": "Maximize", "metricName": "val_accuracy"},
        "trainingJob": {
            "algorithm": "mlp",
            "hyperParameters": {"epochs": args.max_epochs, "early_stopping_patience": 0, "seed": 1,
                                "threads": args.threads, "max_train_examples": args.max_train_examples},
            "channels": [{"name": "train", "path": DATA, "inputMode": "FastFile"}],
            "metricDefinitions": [{"name": "val_accuracy",
                                   "regex": "epoch=(?<step>\\d+) .*val_accuracy=(?<value>\\S+)"}],
        },
        "strategy": "Random",
        "seed": args.pool_seed,
        "hyperParameterRanges": SPACES[args.space],
        "limits": {"maxTrials": args.configurations, "maxParallel": args.parallel},
    }


def epoch_times(job_dir, metric="val_accuracy"):
    """The times (epoch seconds) the runner read each epoch's metric line, by step, from JOB/metrics.jsonl."""
    times = {}
    path = os.path.join(job_dir, "metrics.jsonl")
    if not os.path.exists(path):
        return times
    with open(path) as f:
        for line in f:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            name = row.get("name") or row.get("Name")
            if name != metric:
                continue
            step = row.get("step", row.get("Step"))
            at = row.get("at") or row.get("At")
            if step is not None and at:
                times[int(step)] = parse_time(at)
    return times


def extract(args):
    work, name = args.work, name_of(args)
    store = os.path.join(work, name + ".db")
    trials = sorted(export(args.caviar, store, name), key=lambda t: t["number"])
    pool = []
    for t in trials:
        if t["number"] >= args.configurations or t.get("state") not in ("Completed", "completed"):
            continue
        values = [v for _, v in sorted((int(k), v) for k, v in (t.get("intermediateValues") or {}).items())]
        if len(values) != args.max_epochs:
            continue
        job_dir = os.path.join(work, name, "jobs", f"{name}-{t['number']:04d}")
        times = epoch_times(job_dir)
        start = parse_time(t["startedAt"])
        seconds, previous = [], start
        for step in range(1, args.max_epochs + 1):
            at = times.get(step)
            seconds.append(round(at - previous, 3) if at is not None else None)
            previous = at if at is not None else previous
        pool.append({"number": t["number"], "params": t.get("params"), "val_accuracy": values, "seconds": seconds,
                     "duration_seconds": t.get("durationSeconds")})
    out = args.out or os.path.join(work, name + ".pool.json")
    with open(out, "w") as f:
        json.dump({"space": args.space, "pool_seed": args.pool_seed, "max_epochs": args.max_epochs,
                   "threads": args.threads, "configurations": pool}, f, indent=1)
    print(f"{len(pool)} configurations of {len(trials)} trials written to {out}", flush=True)
    return 0


def record(args):
    os.makedirs(args.work, exist_ok=True)
    name = name_of(args)
    path = os.path.join(args.work, name + ".json")
    with open(path, "w") as f:
        json.dump(spec(args), f, indent=1)
    command = shlex.split(args.caviar) + ["tune", path, "--store", os.path.join(args.work, name + ".db"),
                                          "--artifacts", os.path.join(args.work, name)]
    with open(os.path.join(args.work, name + ".log"), "w") as log:
        code = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT).returncode
    print(f"caviar tune exited {code}", flush=True)
    return extract(args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "extract"])
    parser.add_argument("--caviar", default="dotnet run -c Release --no-build --project src/Caviar.Cli --")
    parser.add_argument("--space", choices=sorted(SPACES), default="bench")
    parser.add_argument("--pool-seed", type=int, default=1000, help="Random search's seed that draws the pool")
    parser.add_argument("--configurations", type=int, default=60)
    parser.add_argument("--max-epochs", type=int, default=9)
    parser.add_argument("--parallel", type=int, default=2, help="trials at once (maxParallel)")
    parser.add_argument("--threads", type=int, default=1, help="libtorch threads per trial (the same for every one)")
    parser.add_argument("--max-train-examples", type=int, default=0, help="0: all (a smaller number for a smoke run)")
    parser.add_argument("--work", required=True, help="folder for the spec, store and artifacts")
    parser.add_argument("--out", default=None, help="pool file (default WORK/NAME.pool.json)")
    args = parser.parse_args()
    return record(args) if args.action == "record" else extract(args)


if __name__ == "__main__":
    sys.exit(main())
