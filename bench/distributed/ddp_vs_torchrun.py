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
import argparse, json, os, random, re, shlex, statistics, subprocess, sys, tempfile, time

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


def counted(values):
    """The epochs the bench counts: all but the first (its first batches hold the warm-up), or the one there is."""
    return values[1:] or values


def ratio_spread(pairs, seed=0, resamples=2000):
    """Per-pair ratios (Caviar's run over torchrun's run of the same repeat, i.e. run next to it) and a bootstrap 95%
    interval of the ratio of medians (repeats resampled with replacement, seeded): (median of pair ratios, min, max,
    ratio of medians, low, high)."""
    rng = random.Random(seed)
    ratios = [c / t for c, t in pairs]
    boot = []
    for _ in range(resamples):
        draw = [pairs[rng.randrange(len(pairs))] for _ in pairs]
        boot.append(statistics.median(c for c, _ in draw) / statistics.median(t for _, t in draw))
    boot.sort()
    whole = statistics.median(c for c, _ in pairs) / statistics.median(t for _, t in pairs)
    return (statistics.median(ratios), min(ratios), max(ratios), whole,
            boot[int(0.025 * resamples)], boot[int(0.975 * resamples) - 1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caviar", required=True, help='how to run caviar, e.g. "dotnet /path/caviar.dll"')
    parser.add_argument("--epochs", type=int, default=6, help="epochs per run; all but the first are counted")
    parser.add_argument("--train-samples", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--caviar-baseline", help="another caviar (e.g. a build before a change), run in the same alternation")
    parser.add_argument("--raw", help="write every run's figures (start-up, each epoch's time and CPU, wall) to this JSON file")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="caviar-ddp-bench-")
    sizes = [int(p) for p in args.processes.split(",")]
    runs = {}   # (launcher, processes) -> one dict per repeat, in repeat order
    for repeat in range(args.repeats):
        for processes in sizes:
            sides = [("caviar", run_caviar), ("torchrun", run_torchrun)]
            if args.caviar_baseline:
                sides.append(("caviar-baseline", lambda a, p, w: run_caviar(a, p, w, args.caviar_baseline)))
            for name, runner in (sides if repeat % 2 == 0 else sides[::-1]):
                startup, epochs, cpu, wall = runner(args, processes, work)
                runs.setdefault((name, processes), []).append({"startup": startup, "epochs": epochs, "cpu": cpu, "wall": wall})
                print(f"{name} x{processes}: start-up {startup:.2f} s, epochs {epochs}, epoch CPU {cpu}, wall {wall:.1f} s", flush=True)
    if args.raw:
        json.dump({f"{n} x{p}": r for (n, p), r in runs.items()}, open(args.raw, "w"), indent=1)

    def per_run(name, processes, field):
        """One figure per run: start-up, wall, or the mean of the counted epochs' time or CPU."""
        return [statistics.mean(counted(r[field])) if field in ("epochs", "cpu") and r[field] else
                float("nan") if field in ("epochs", "cpu") else r[field] for r in runs[(name, processes)]]

    def median(name, processes, field):
        return statistics.median(per_run(name, processes, field))

    names = sorted({n for n, _ in runs})
    print(f"\nEpochs counted: 2..{args.epochs} of each run; {args.repeats} runs per row; medians over runs.")
    print("\n| launcher | processes | start-up to first step (s) | epoch time (s) | epoch CPU, all ranks (s) | wall (s) |")
    print("|---|---|---|---|---|---|")
    for name in names:
        for processes in sizes:
            print(f"| {name} | {processes} | {median(name, processes, 'startup'):.2f} | {median(name, processes, 'epochs'):.3f} | "
                  f"{median(name, processes, 'cpu'):.3f} | {median(name, processes, 'wall'):.1f} |")
    print("\n| processes | start-up caviar/torchrun | epoch caviar/torchrun | epoch CPU caviar/torchrun | scaling efficiency caviar (1→2) | torchrun (1→2) |")
    print("|---|---|---|---|---|---|")
    for processes in sizes:
        eff = {n: median(n, 1, "epochs") / (2 * median(n, 2, "epochs")) if {1, 2} <= set(sizes) else float("nan")
               for n in ("caviar", "torchrun")}
        print(f"| {processes} | {median('caviar', processes, 'startup') / median('torchrun', processes, 'startup'):.2f} | "
              f"{median('caviar', processes, 'epochs') / median('torchrun', processes, 'epochs'):.3f} | "
              f"{median('caviar', processes, 'cpu') / median('torchrun', processes, 'cpu'):.3f} | "
              f"{eff['caviar']:.2f} | {eff['torchrun']:.2f} |")

    # The spread of the ratio: each repeat's Caviar run beside the torchrun run next to it (same load), and a bootstrap
    # of the ratio of medians over the repeats. A difference of 3% is told only where the interval leaves out 1.
    print("\n| processes | figure | ratio of medians | bootstrap 95% interval | median of per-pair ratios | per-pair min–max |")
    print("|---|---|---|---|---|---|")
    for processes in sizes:
        for field, label in (("epochs", "epoch time"), ("cpu", "epoch CPU"), ("startup", "start-up")):
            pairs = list(zip(per_run("caviar", processes, field), per_run("torchrun", processes, field)))
            if len(pairs) < 2 or any(t != t or c != c for c, t in pairs):
                continue
            mid, low, high, whole, lo95, hi95 = ratio_spread(pairs)
            print(f"| {processes} | {label} | {whole:.3f} | {lo95:.3f}–{hi95:.3f} | {mid:.3f} | {low:.3f}–{high:.3f} |")

    # By epoch index: a gap that shrinks with the index is the launcher's start-up work (its JIT, its first samples),
    # one that stays is a steady cost.
    print("\n| processes | epoch | caviar (s) | torchrun (s) | ratio | caviar CPU (s) | torchrun CPU (s) | CPU ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for processes in sizes:
        for index in range(args.epochs):
            def at(name, field):
                values = [r[field][index] for r in runs[(name, processes)] if len(r[field]) > index]
                return statistics.median(values) if values else float("nan")
            c, t, cc, tc = at("caviar", "epochs"), at("torchrun", "epochs"), at("caviar", "cpu"), at("torchrun", "cpu")
            print(f"| {processes} | {index + 1}{' (not counted)' if index == 0 and args.epochs > 1 else ''} | {c:.3f} | {t:.3f} | "
                  f"{c / t:.3f} | {cc:.3f} | {tc:.3f} | {cc / tc:.3f} |")
    if args.caviar_baseline:
        print("\n| processes | epoch caviar-baseline/torchrun | epoch caviar/caviar-baseline |")
        print("|---|---|---|")
        for processes in sizes:
            print(f"| {processes} | {median('caviar-baseline', processes, 'epochs') / median('torchrun', processes, 'epochs'):.3f} | "
                  f"{median('caviar', processes, 'epochs') / median('caviar-baseline', processes, 'epochs'):.3f} |")


if __name__ == "__main__":
    sys.exit(main())
