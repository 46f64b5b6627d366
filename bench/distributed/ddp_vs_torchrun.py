#!/usr/bin/python3
"""Epoch time and start-up of examples/distributed/ddp_fashion_mnist.py started by Caviar (`caviar train`, 1 and 2
processes of 1 thread) against the same script started by PyTorch's own launcher (`python3 -m torch.distributed.run`),
side by side in one run, each configuration `--repeats` times in alternation. Prints a table and Caviar/torchrun ratios.

Start-up: from launching the command to the script's first training step (`first_step_unix=` on rank 0).
Epoch time: the script's `epoch_seconds` of epochs 2.. (epoch 1 holds the first batches' warm-up); epoch CPU: its
`cpu_seconds` (all ranks' CPU time in the epoch, summed), which load changes far less than wall time: a rank that
does more work under one launcher shows here, contention from the launcher does not.
Order: within each repeat the launchers run in turn, reversed every other repeat (A B, B A, ...), so a load that
rises or falls through the run favours neither side.

    /usr/bin/python3 bench/distributed/ddp_vs_torchrun.py --caviar "dotnet /path/caviar.dll" [--epochs 3] [--train-samples 6000]
        [--caviar-baseline "dotnet /other/caviar.dll"]   # a third launcher in the same alternation (before/after a change)
"""
import argparse, json, os, re, shlex, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "examples", "distributed"))
DATA = "/usr/share/datasets/fashion-mnist"


def hyperparameters(args):
    return {"epochs": args.epochs, "lr": 0.05, "batch_size": 64, "width": 8, "seed": 1,
            "train_samples": args.train_samples, "val_samples": 1000}


def parse(output, began):
    first = re.search(r"first_step_unix=(\S+)", output)
    epochs = [float(v) for v in re.findall(r"epoch=\d+ .*epoch_seconds=(\S+)", output)]
    cpu = [float(v) for v in re.findall(r"epoch=\d+ .*cpu_seconds=(\S+)", output)]
    if first is None or not epochs:
        raise RuntimeError("no training step in the output:\n" + output[-3000:])
    return float(first.group(1)) - began, epochs, cpu


def run_caviar(args, processes, work, caviar=None):
    spec = json.load(open(os.path.join(EXAMPLES, "ddp-training.json")))
    spec["name"] = f"bench-{processes}-{time.monotonic_ns()}"
    spec["hyperParameters"] = hyperparameters(args)
    spec["resources"] = {"instanceCount": 1, "processesPerHost": processes, "cpusPerProcess": 1}
    spec["retryStrategy"] = {"maximumRetryAttempts": 0}
    spec["workingDirectory"] = EXAMPLES   # the spec file lies elsewhere
    # Both sides run with OMP_NUM_THREADS=1 (torchrun's side gets it below). Caviar sets it itself only for jobs of
    # several processes; a one-process job keeps the host's threads unless its spec says so, as here.
    spec["environment"] = {"OMP_NUM_THREADS": "1"}
    path = os.path.join(work, spec["name"] + ".json")
    json.dump(spec, open(path, "w"))
    began = time.time()
    subprocess.run(shlex.split(caviar or args.caviar) + ["train", path, "--artifacts", os.path.join(work, "artifacts")],
                   cwd=EXAMPLES, check=True, capture_output=True, text=True)
    wall = time.time() - began
    log = open(os.path.join(work, "artifacts", "jobs", spec["name"], "logs",
                            "attempt-0.rank-0.log" if processes > 1 else "attempt-0.log")).read()
    return parse(log, began) + (wall,)


def run_torchrun(args, processes, work):
    run = tempfile.mkdtemp(dir=work)
    hp = os.path.join(run, "hyperparameters.json")
    json.dump(hyperparameters(args), open(hp, "w"))
    env = dict(os.environ, CAVIAR_HYPERPARAMETERS=hp, CAVIAR_CHANNEL_TRAIN=DATA, CAVIAR_CHECKPOINT_DIR=run,
               CAVIAR_MODEL_DIR=run, OMP_NUM_THREADS="1")
    began = time.time()
    # Debian's torch 1.13 on Python 3.11 fails with the default --redirects/--tee of "0" (Std.NONE is no longer listed
    # when iterating the IntFlag); 1 (stdout to a file, teed to the console) works and costs the same on both sides' logs.
    done = subprocess.run(["/usr/bin/python3", "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={processes}",
                           "--redirects=1", "--tee=1", "ddp_fashion_mnist.py"], cwd=EXAMPLES, env=env, check=True, capture_output=True, text=True)
    wall = time.time() - began
    return parse(done.stdout + done.stderr, began) + (wall,)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caviar", required=True, help='how to run caviar, e.g. "dotnet /path/caviar.dll"')
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--train-samples", type=int, default=6000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--caviar-baseline", help="another caviar (e.g. a build before a change), run in the same alternation")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="caviar-ddp-bench-")
    results = {}
    for repeat in range(args.repeats):
        for processes in (1, 2):
            sides = [("caviar", run_caviar), ("torchrun", run_torchrun)]
            if args.caviar_baseline:
                sides.append(("caviar-baseline", lambda a, p, w: run_caviar(a, p, w, args.caviar_baseline)))
            for name, runner in (sides if repeat % 2 == 0 else sides[::-1]):
                startup, epochs, cpu, wall = runner(args, processes, work)
                results.setdefault((name, processes), []).append(
                    (startup, statistics.mean(epochs[1:] or epochs), wall, statistics.mean(cpu[1:] or cpu) if cpu else float("nan")))
                print(f"{name} x{processes}: start-up {startup:.2f} s, epochs {epochs}, epoch CPU {cpu}, wall {wall:.1f} s", flush=True)

    def median(name, processes, field):
        return statistics.median(r[field] for r in results[(name, processes)])

    print("\n| launcher | processes | start-up to first step (s) | epoch time (s) | epoch CPU, all ranks (s) | wall (s) |")
    print("|---|---|---|---|---|---|")
    for (name, processes) in sorted(results):
        print(f"| {name} | {processes} | {median(name, processes, 0):.2f} | {median(name, processes, 1):.3f} | "
              f"{median(name, processes, 3):.3f} | {median(name, processes, 2):.1f} |")
    print("\n| processes | start-up caviar/torchrun | epoch caviar/torchrun | epoch CPU caviar/torchrun | scaling efficiency caviar (1→2) | torchrun (1→2) |")
    print("|---|---|---|---|---|---|")
    for processes in (1, 2):
        eff = {n: median(n, 1, 1) / (2 * median(n, 2, 1)) for n in ("caviar", "torchrun")}
        print(f"| {processes} | {median('caviar', processes, 0) / median('torchrun', processes, 0):.2f} | "
              f"{median('caviar', processes, 1) / median('torchrun', processes, 1):.3f} | "
              f"{median('caviar', processes, 3) / median('torchrun', processes, 3):.3f} | "
              f"{eff['caviar']:.2f} | {eff['torchrun']:.2f} |")
    if args.caviar_baseline:
        print("\n| processes | epoch caviar-baseline/torchrun | epoch caviar/caviar-baseline |")
        print("|---|---|---|")
        for processes in (1, 2):
            print(f"| {processes} | {median('caviar-baseline', processes, 1) / median('torchrun', processes, 1):.3f} | "
                  f"{median('caviar', processes, 1) / median('caviar-baseline', processes, 1):.3f} |")


if __name__ == "__main__":
    sys.exit(main())
