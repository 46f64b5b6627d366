#!/usr/bin/python3
"""What Caviar's runner compiles while the ranks of examples/distributed/ddp_fashion_mnist.py train: a count load does
not change (unlike CPU seconds or epoch times). Runs `caviar train` of the DDP example with .NET's JIT listing
(`DOTNET_JitStdOutFile` + `DOTNET_JitDisasmSummary=1`) and counts the methods compiled between two markers: the first
compile of `RunnerPriority:Lower` (the ranks have just started) and of `ProcessGroup:KillAll` (they have ended), split
at the first compile of `LogTail`'s line filter (the runner has read rank 0's first line, which is the example's
`first_step_unix=`: the ranks train from there; before it they import torch and load the data).
Prints per run: compiles before, in (starting / training) and after that window, each part by tier, and with --list
the window's methods.

    /usr/bin/python3 bench/distributed/runner_jit.py --caviar "dotnet /path/caviar.dll" [--epochs 6] [--processes 1]
        [--repeats 2] [--list] [--env DOTNET_TieredPGO=0 ...]
"""
import argparse, collections, json, os, re, shlex, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "examples", "distributed"))
START, FIRST_LINE, END = "RunnerPriority:Lower", "LogTail+<>c:<ReadNew>b__", "ProcessGroup:KillAll"
LINE = re.compile(r"^\s*\d+: JIT compiled (?P<method>.+?) \[(?P<tier>[^,\]]+)")


def compiles(listing):
    """(method, tier) of every compile in a JitStdOutFile listing, in order."""
    return [(m.group("method"), m.group("tier").strip()) for m in map(LINE.match, listing.splitlines()) if m]


def window(found):
    """Indexes of the markers' first compiles (start, first line, end) in `found`."""
    start, first, end = (next(i for i, (method, _) in enumerate(found) if marker in method) for marker in (START, FIRST_LINE, END))
    return start, first, end


def by_tier(part):
    return ", ".join(f"{t} {n}" for t, n in collections.Counter(tier for _, tier in part).most_common())


def run(args, work, index):
    spec = json.load(open(os.path.join(EXAMPLES, "ddp-training.json")))
    spec["name"] = f"jit-{args.processes}-{index}-{time.monotonic_ns()}"
    spec["hyperParameters"] = {"epochs": args.epochs, "lr": 0.05, "batch_size": 64, "width": 8, "seed": 1,
                               "train_samples": args.train_samples, "val_samples": 1000}
    spec["resources"] = {"instanceCount": 1, "processesPerHost": args.processes, "cpusPerProcess": 1}
    spec["retryStrategy"] = {"maximumRetryAttempts": 0}
    spec["workingDirectory"] = EXAMPLES
    spec["environment"] = {"OMP_NUM_THREADS": "1"}
    path = os.path.join(work, spec["name"] + ".json")
    json.dump(spec, open(path, "w"))
    listing = os.path.join(work, spec["name"] + ".jit.txt")
    env = dict(os.environ, DOTNET_JitStdOutFile=listing, DOTNET_JitDisasmSummary="1")
    env.update(dict(pair.split("=", 1) for pair in args.env))
    subprocess.run(shlex.split(args.caviar) + ["train", path, "--artifacts", os.path.join(work, "artifacts")],
                   cwd=EXAMPLES, env=env, check=True, capture_output=True, text=True)
    return compiles(open(listing, errors="replace").read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caviar", required=True, help='how to run caviar, e.g. "dotnet /path/caviar.dll"')
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--train-samples", type=int, default=3000)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--list", action="store_true", help="print the methods compiled in the window")
    parser.add_argument("--env", nargs="*", default=[], help="NAME=VALUE for caviar's environment (a runtime knob to compare)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="caviar-runner-jit-")
    for index in range(args.repeats):
        found = run(args, work, index)
        start, first, end = window(found)
        starting, training = found[start + 1:first], found[first:end]
        print(f"run {index + 1}: {len(found)} compiles; before the ranks started {start + 1}; while they started "
              f"{len(starting)} ({by_tier(starting)}); while they trained {len(training)} ({by_tier(training)}); "
              f"after {len(found) - end}", flush=True)
        if args.list:
            for part, label in ((starting, "starting"), (training, "training")):
                for method, tier in part:
                    print(f"    {label} [{tier}] {method}")


if __name__ == "__main__":
    sys.exit(main())
