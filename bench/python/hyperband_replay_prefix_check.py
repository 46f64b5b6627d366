"""Checks what a replay of recorded curves assumes: a trial stopped after k epochs trained exactly the first k epochs of
the full run (issue 14, item 5; see hyperband_replay.py).

Takes one configuration of a recorded pool (hyperband_replay_record.py), trains it again with `caviar train` as the
recording did (same epochs configured, same training seed, same threads), stops the job (`caviar stop`, as a pruned
trial is asked to end) once it has reported --stop-after epochs, and compares those epochs' val_accuracy with the
recorded full run's, digit for digit. Run it with several --stop-after values (a different --work name each time).
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hyperband_replay_record import epoch_times  # noqa: E402
from hyperband_saving import DATA  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pool", help="a pool file written by hyperband_replay_record.py")
    parser.add_argument("--caviar", default="dotnet run -c Release --no-build --project src/Caviar.Cli --")
    parser.add_argument("--index", type=int, default=0, help="which configuration of the pool")
    parser.add_argument("--stop-after", type=int, default=3)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    with open(args.pool) as f:
        pool = json.load(f)
    entry = pool["configurations"][args.index]
    os.makedirs(args.work, exist_ok=True)
    name = f"prefix-check-{entry['number']}-{args.stop_after}"
    hyper = {"epochs": pool["max_epochs"], "early_stopping_patience": 0, "seed": 1, "threads": pool["threads"]}
    hyper.update(entry["params"])
    job = {"name": name, "algorithm": "mlp", "hyperParameters": hyper,
           "channels": [{"name": "train", "path": DATA, "inputMode": "FastFile"}],
           "metricDefinitions": [{"name": "val_accuracy", "regex": "epoch=(?<step>\\d+) .*val_accuracy=(?<value>\\S+)"}]}
    path = os.path.join(args.work, name + ".json")
    with open(path, "w") as f:
        json.dump(job, f)
    store, artifacts = os.path.join(args.work, "check.db"), os.path.join(args.work, "artifacts")
    common = ["--store", store, "--artifacts", artifacts]
    train = subprocess.Popen(shlex.split(args.caviar) + ["train", path] + common,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    job_dir = os.path.join(artifacts, "jobs", name)
    while train.poll() is None and len(epoch_times(job_dir)) < args.stop_after:
        time.sleep(0.05)
    subprocess.run(shlex.split(args.caviar) + ["stop", name] + common, stdout=subprocess.DEVNULL)
    train.wait()
    with open(os.path.join(job_dir, "metrics.jsonl")) as f:
        rows = [json.loads(line) for line in f if '"val_accuracy"' in line]
    stopped = [r["value"] for r in sorted(rows, key=lambda r: r["step"])]
    full = entry["val_accuracy"]
    same = stopped == full[:len(stopped)]
    print(f"configuration {entry['number']} {entry['params']}")
    print(f"stopped after {len(stopped)} epochs (asked after {args.stop_after}): {stopped}")
    print(f"recorded full run's first {len(stopped)}:          {full[:len(stopped)]}")
    print("identical" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
