"""PBT against random search and Hyperband at the same total epochs on Fashion-MNIST (issue 17, PBT evidence).

Each strategy tunes the built-in mlp on Fashion-MNIST (Debian's dataset-fashion-mnist) over the same space with the
same seeds; the architecture is fixed (a copied checkpoint must load), the learning rate and dropout are tuned:
- pbt:       "strategy": "PBT", --population members, perturbationInterval --interval, maxResource --max-epochs
             (population × max-epochs epochs in all);
- random:    Random search, --population trials of --max-epochs epochs each (the same total);
- hyperband: "strategy": "Hyperband" (minResource 1, maxResource --max-epochs, η 3), stopped (`caviar stop`) once its
             trials have reported population × max-epochs epochs.
The built-in's own early stopping is off everywhere. Per run: the best val_accuracy of any trial (PBT: of any
member-round), the epochs trained, and for PBT the best member's schedule (followed back through the checkpoints it
copied, as `caviar pbt-replay` does) and `caviar plot --kind pbt` of the learning rate (a PNG in the work folder).
Per strategy: the median best over the seeds. The real run is for a quiet machine (bench/README.md); a smoke run:
  /usr/bin/python3 bench/python/pbt_fashion_mnist.py --seeds 1 --population 2 --max-epochs 2 --max-train-examples 300
The mlp needs the neural plugin: installed (scripts/install-tool.sh --neural), or a caviar.dll with caviar-neural
beside it (the test project's output), or CAVIAR_NEURAL set.
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
    {"type": "continuous", "name": "learning_rate", "minValue": 0.0005, "maxValue": 0.2, "scalingType": "Logarithmic"},
    {"type": "continuous", "name": "dropout", "minValue": 0.0, "maxValue": 0.6},
]


def spec(strategy, seed, args):
    job = {
        "algorithm": "mlp",
        "hyperParameters": {"early_stopping_patience": 0, "seed": 1, "optimizer": "momentum", "batch_size": 128,
                            "hidden_units": "256", "max_train_examples": args.max_train_examples, "threads": 1},
        "channels": [{"name": "train", "path": DATA, "inputMode": "FastFile"}],
        "metricDefinitions": [{"name": "val_accuracy", "regex": "epoch=(?<step>\\d+) .*val_accuracy=(?<value>\\S+)"}],
    }
    if strategy != "pbt":
        job["hyperParameters"]["epochs"] = args.max_epochs
    result = {
        "name": f"pbt-bench-{strategy}-{seed}",
        "objective": {"type": "Maximize", "metricName": "val_accuracy"},
        "trainingJob": job,
        "strategy": {"pbt": "PBT", "random": "Random", "hyperband": "Hyperband"}[strategy],
        "seed": seed,
        "hyperParameterRanges": SPACE,
        "limits": {"maxTrials": args.population if strategy == "random" else 1000, "maxParallel": args.parallel},
    }
    if strategy == "pbt":
        result["pbt"] = {"populationSize": args.population, "perturbationInterval": args.interval,
                         "maxResource": args.max_epochs}
        del result["limits"]["maxTrials"]
    if strategy == "hyperband":
        del job["hyperParameters"]["epochs"]
        result["hyperband"] = {"minResource": 1, "maxResource": args.max_epochs, "reductionFactor": 3}
    return result


def caviar(command, *args):
    return subprocess.run(shlex.split(command) + list(args), capture_output=True, text=True)


def epochs_of(trials, strategy):
    # A PBT member-round reports the epochs of its round only (it resumed from the round before).
    return sum(len(t.get("intermediateValues") or {}) for t in trials)


def run(args, strategy, seed, work):
    name = f"pbt-bench-{strategy}-{seed}"
    path, store, artifacts = (os.path.join(work, name + ext) for ext in (".json", ".db", ""))
    with open(path, "w") as f:
        json.dump(spec(strategy, seed, args), f)
    budget = args.population * args.max_epochs
    tuner = subprocess.Popen(shlex.split(args.caviar) + ["tune", path, "--store", store, "--artifacts", artifacts],
                             stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, name + ".log"), "w"))
    while tuner.poll() is None:
        time.sleep(args.poll_seconds)
        if strategy == "hyperband":
            out = caviar(args.caviar, "export", name, "--store", store, "--json")
            if out.returncode == 0 and epochs_of(json.loads(out.stdout or "[]"), strategy) >= budget:
                caviar(args.caviar, "stop", name, "--store", store, "--artifacts", artifacts)
                tuner.wait(timeout=600)
    out = caviar(args.caviar, "describe", name, "--store", store, "--format", "json")
    if out.returncode != 0:
        print(f"{name}: describe failed: {out.stderr.strip()[-1000:]}", flush=True)
        return None
    described = json.loads(out.stdout)
    trials = described["trials"]
    values = [t["value"] for t in trials if t.get("value") is not None]
    row = {"best": max(values) if values else None, "epochs": epochs_of(trials, strategy), "trials": len(trials)}
    if strategy == "pbt" and described.get("pbtLineage"):
        row["schedule"] = schedule_of(described["pbtLineage"])
        picture = os.path.join(work, name + "-schedule.png")
        caviar(args.caviar, "plot", name, "--store", store, "--kind", "pbt", "--params", "learning_rate", "-o", picture)
        row["picture"] = picture
    return row


def schedule_of(lineage):
    last = max(e["round"] for e in lineage)
    scored = [e for e in lineage if e["round"] == last and e.get("score") is not None]
    if not scored:
        return []
    entry = max(scored, key=lambda e: (e["score"], -e["member"]))
    by_key = {(e["round"], e["member"]): e for e in lineage}
    chain = [entry]
    while entry["round"] > 0:
        parent = entry["copiedFrom"] if entry.get("copiedFrom") is not None else entry["member"]
        entry = by_key[(entry["round"] - 1, parent)]
        chain.append(entry)
    return list(reversed(chain))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caviar", default="dotnet run -c Release --no-build --project src/Caviar.Cli --")
    parser.add_argument("--strategies", default="pbt,random,hyperband")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--population", type=int, default=8)
    parser.add_argument("--interval", type=int, default=2)
    parser.add_argument("--max-epochs", type=int, default=20)
    parser.add_argument("--parallel", type=int, default=1)
    parser.add_argument("--max-train-examples", type=int, default=0, help="0: all (a smaller number for a smoke run)")
    parser.add_argument("--poll-seconds", type=float, default=5)
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    strategies = args.strategies.split(",")
    work = args.work or tempfile.mkdtemp(prefix="pbt-bench-")
    os.makedirs(work, exist_ok=True)
    print(f"work folder {work}; {args.population} × {args.max_epochs} = {args.population * args.max_epochs} epochs "
          f"per run; load {os.getloadavg()[0]:.1f}", flush=True)
    results = {s: [] for s in strategies}
    for seed in range(1, args.seeds + 1):
        for strategy in strategies:
            started = time.time()
            row = run(args, strategy, seed, work)
            if row is None:
                continue
            results[strategy].append(row)
            best = row["best"] if row["best"] is not None else float("nan")
            print(f"seed {seed} {strategy:9} trials {row['trials']:3} epochs {row['epochs']:4} best {best:.4f} "
                  f"({time.time() - started:.0f} s)", flush=True)
            for e in row.get("schedule", []):
                values = " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in e["hyperParameters"].items())
                print(f"    round {e['round']}: member {e['member']} {values} score {e.get('score')}", flush=True)
            if row.get("picture"):
                print(f"    schedule picture: {row['picture']}", flush=True)
    print()
    for strategy in strategies:
        bests = [r["best"] for r in results[strategy] if r["best"] is not None]
        text = f"{statistics.median(bests):.4f}" if bests else "n/a"
        print(f"{strategy:10} median best val_accuracy {text} over {len(bests)} seeds", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
