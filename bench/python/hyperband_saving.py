"""How much training Hyperband and the median stopping rule save against random search (issue 14, item 5).

Each strategy tunes the built-in mlp on Fashion-MNIST (Debian's dataset-fashion-mnist) over the same space with the
same seeds, one trial at a time (maxParallel 1, so the trials' epochs add up in the order they ran):
- random:    Random search, every trial trains all --max-epochs epochs (no early stopping of any kind);
- hyperband: "strategy": "Hyperband" (random configurations, stopped at rungs 1, 3, 9 … with reduction factor 3);
- median:    Random search with "earlyStopping": "Auto" (the median stopping rule).
The built-in's own early stopping (early_stopping_patience) is off on every side, so only the strategy stops trials.

A run is stopped (`caviar stop`, the tuner's graceful stop) once the epochs its trials reported reach --budget-epochs; its
trials are then read with `caviar export --json` (intermediateValues: one val_accuracy per epoch trained). Per run:
- the epochs (and seconds from the first trial's start) until a trial first reports val_accuracy >= each target;
  seconds within a trial are interpolated by the epochs it reported;
- the best val_accuracy within the first --budget-epochs epochs.
Per strategy: medians over the seeds, and the ratio of epochs to random search's (goal: Hyperband <= 1/3).
The mlp needs the neural plugin: installed (scripts/install-tool.sh --neural), or CAVIAR_NEURAL set to a built
caviar-neural (e.g. src/Caviar.Neural/bin/Release/net10.0/caviar-neural after a Release build of the solution).
A seed that never reaches a target within the budget counts as "not reached" (shown as >budget; the median is then a
lower bound, marked with ">").
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

DATA = "/usr/share/datasets/fashion-mnist"

SPACE = [
    {"type": "continuous", "name": "learning_rate", "minValue": 0.0001, "maxValue": 0.1, "scalingType": "Logarithmic"},
    {"type": "continuous", "name": "dropout", "minValue": 0.0, "maxValue": 0.6},
    {"type": "categorical", "name": "optimizer", "values": ["sgd", "momentum", "adam"]},
    {"type": "categorical", "name": "batch_size", "values": ["64", "128", "256"]},
    {"type": "categorical", "name": "hidden_units", "values": ["64", "256", "512,256"]},
]


def spec(strategy, seed, max_epochs, max_train_examples):
    job = {
        "algorithm": "mlp",
        "hyperParameters": {"epochs": max_epochs, "early_stopping_patience": 0, "seed": 1,
                            "max_train_examples": max_train_examples},
        "channels": [{"name": "train", "path": DATA, "inputMode": "FastFile"}],
        "metricDefinitions": [{"name": "val_accuracy", "regex": "epoch=(?<step>\\d+) .*val_accuracy=(?<value>\\S+)"}],
    }
    result = {
        "name": f"saving-{strategy}-{seed}",
        "objective": {"type": "Maximize", "metricName": "val_accuracy"},
        "trainingJob": job,
        "strategy": "Hyperband" if strategy == "hyperband" else "Random",
        "seed": seed,
        "hyperParameterRanges": SPACE,
        "limits": {"maxTrials": 1000, "maxParallel": 1},
    }
    if strategy == "hyperband":
        result["hyperband"] = {"minResource": 1, "maxResource": max_epochs, "reductionFactor": 3}
    if strategy == "median":
        result["earlyStopping"] = "Auto"
    return result


def export(command, store, name):
    out = subprocess.run(shlex.split(command) + ["export", name, "--store", store, "--json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return []
    return json.loads(out.stdout or "[]")


def epochs_of(trials):
    return sum(len(t.get("intermediateValues") or {}) for t in trials)


def run(command, strategy, seed, args, work):
    name = f"saving-{strategy}-{seed}"
    path, store = os.path.join(work, name + ".json"), os.path.join(work, name + ".db")
    log = os.path.join(work, name + ".log")
    with open(path, "w") as f:
        json.dump(spec(strategy, seed, args.max_epochs, args.max_train_examples), f)
    tuner = subprocess.Popen(shlex.split(command) + ["tune", path, "--store", store,
                                                      "--artifacts", os.path.join(work, name)],
                             stdout=subprocess.DEVNULL, stderr=open(log, "w"), text=True)
    while tuner.poll() is None:
        time.sleep(args.poll_seconds)
        if epochs_of(export(command, store, name)) >= args.budget_epochs:
            subprocess.run(shlex.split(command) + ["stop", name, "--store", store,
                                                   "--artifacts", os.path.join(work, name)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                tuner.wait(timeout=300)
            except subprocess.TimeoutExpired:
                tuner.kill()
            break
    tuner.wait()
    if tuner.returncode != 0:
        with open(log) as f:
            print(f"{name}: caviar tune exited {tuner.returncode}: {f.read().strip()[-2000:]}", flush=True)
    return sorted(export(command, store, name), key=lambda t: t["number"])


def curve(trials, budget):
    """(epochs so far, seconds from the first start, val_accuracy) for every epoch, in the order trained."""
    points, epochs = [], 0
    if not trials:
        return points
    origin = min(parse_time(t["startedAt"]) for t in trials)
    for t in trials:
        values = [v for _, v in sorted(((int(k), v) for k, v in (t.get("intermediateValues") or {}).items()))]
        start = parse_time(t["startedAt"]) - origin
        duration = t.get("durationSeconds") or 0.0
        for i, value in enumerate(values):
            epochs += 1
            if epochs > budget:
                return points
            points.append((epochs, start + duration * (i + 1) / len(values), value))
    return points


def parse_time(text):
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def first_reach(points, target):
    for epochs, seconds, value in points:
        if value is not None and value >= target:
            return epochs, seconds
    return None


def median_text(values, budget):
    reached = [v for v in values if v is not None]
    if not values:
        return "-"
    padded = sorted(v if v is not None else float("inf") for v in values)
    m = statistics.median(padded)
    if m == float("inf"):
        return f">{budget}"
    return (">" if len(reached) < len(values) else "") + f"{m:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caviar", default="dotnet run -c Release --no-build --project src/Caviar.Cli --")
    parser.add_argument("--strategies", default="random,hyperband,median")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--max-epochs", type=int, default=9)
    parser.add_argument("--budget-epochs", type=int, default=120)
    parser.add_argument("--targets", default="0.88,0.89")
    parser.add_argument("--max-train-examples", type=int, default=0, help="0: all (a smaller number for a smoke run)")
    parser.add_argument("--poll-seconds", type=float, default=5)
    parser.add_argument("--work", default=None, help="folder for specs, stores and artifacts (default: a temporary one)")
    args = parser.parse_args()
    strategies = args.strategies.split(",")
    targets = [float(t) for t in args.targets.split(",")]
    work = args.work or tempfile.mkdtemp(prefix="hyperband-saving-")
    os.makedirs(work, exist_ok=True)
    print(f"work folder {work}; budget {args.budget_epochs} epochs per run; max {args.max_epochs} epochs per trial",
          flush=True)

    results = {s: [] for s in strategies}
    for seed in range(1, args.seeds + 1):
        for strategy in strategies:   # strategies alternate within a seed, so load falls on all of them
            started = time.time()
            trials = run(args.caviar, strategy, seed, args, work)
            points = curve(trials, args.budget_epochs)
            row = {
                "reach": {t: first_reach(points, t) for t in targets},
                "best": max((p[2] for p in points if p[2] is not None), default=None),
                "epochs": len(points), "trials": len(trials),
            }
            results[strategy].append(row)
            reach = "  ".join(f"{t}: " + (f"{r[0]} ep / {r[1]:.0f} s" if r else "not reached")
                              for t, r in row["reach"].items())
            print(f"seed {seed} {strategy:9} trials {row['trials']:3} epochs {row['epochs']:4} "
                  f"best {row['best'] if row['best'] is not None else float('nan'):.4f}  {reach}  "
                  f"({time.time() - started:.0f} s)", flush=True)

    print()
    header = f"{'strategy':10}" + "".join(f" ep>={t:<6} s>={t:<6}" for t in targets) + f" best@{args.budget_epochs}ep"
    print(header)
    base = {}
    for strategy in strategies:
        rows = results[strategy]
        cells = ""
        for t in targets:
            eps = [r["reach"][t][0] if r["reach"][t] else None for r in rows]
            secs = [r["reach"][t][1] if r["reach"][t] else None for r in rows]
            cells += f" {median_text(eps, args.budget_epochs):>9} {median_text(secs, 'budget'):>9}"
            if strategy == strategies[0]:
                base[t] = eps
        bests = [r["best"] for r in rows if r["best"] is not None]
        print(f"{strategy:10}{cells} {statistics.median(bests) if bests else float('nan'):.4f}")
    print()
    for strategy in strategies[1:]:
        for t in targets:
            ratios = []
            for mine, theirs in zip((r["reach"][t][0] if r["reach"][t] else None for r in results[strategy]), base[t]):
                if mine is not None and theirs is not None:
                    ratios.append(mine / theirs)
            text = f"{statistics.median(ratios):.2f}" if ratios else "n/a"
            print(f"{strategy} / {strategies[0]} epochs to {t}: median ratio {text} "
                  f"over {len(ratios)} seeds where both reached it (goal <= 0.33 for hyperband)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
