#!/usr/bin/python3
"""CPU seconds a launcher spends while the ranks of examples/distributed/ddp_fashion_mnist.py train: Caviar (`caviar
train`: its process, which is the runner, and the attempt shims' bash and cat) against PyTorch's own launcher
(`python3 -m torch.distributed.run`: its elastic agent, which also tees the ranks' output). A measure load does not
change much: CPU time, not wall time (the window's length is printed too, so the cost per second of training can be
compared).

Every 0.1 s the launcher's process tree is read from /proc (children files, so the reading itself is cheap): CPU time of
each process, and of each of the launcher's threads to the nanosecond (task/TID/schedstat; stat's ticks are 10 ms). The training window runs from rank 0's first step
(`first_step_unix=`) to the first reading that sees the last epoch's line. Prints, per run, the launcher's CPU in the
window (and by thread name), how many times its threads ran in the window (schedstat's third field: each wake-up is
one, and under load a preempted thread's return is one more), the helpers' (shims), the ranks', and the launcher's CPU
over the whole run.

    /usr/bin/python3 bench/distributed/launcher_cpu.py --caviar "dotnet /path/caviar.dll" [--epochs 4] [--repeats 3]
"""
import argparse, collections, json, os, re, shlex, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "examples", "distributed"))
DATA = "/usr/share/datasets/fashion-mnist"
TICKS = os.sysconf("SC_CLK_TCK")
SCRIPT = "ddp_fashion_mnist.py"


def hyperparameters(args):
    return {"epochs": args.epochs, "lr": 0.05, "batch_size": 64, "width": 8, "seed": 1,
            "train_samples": args.train_samples, "val_samples": 1000}


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return None


def stat_of(path):
    """(comm, cpu seconds) of a /proc stat file, or None."""
    text = read(path)
    if text is None:
        return None
    close = text.rfind(")")
    fields = text[close + 2:].split()
    return text[text.find("(") + 1:close], (int(fields[11]) + int(fields[12])) / TICKS


def tree(root):
    """pid -> list of children pids, from the root down (children files of every task)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            children = read(f"/proc/{pid}/task/{tid}/children") or ""
            todo.extend(int(c) for c in children.split())
    return found


class Sampler:
    def __init__(self, root):
        self.root = root
        self.processes = {}   # pid -> (kind, cpu) last seen
        self.threads = {}     # tid -> (name, cpu, times run) last seen, of the launcher
        self.samples = []     # (time, launcher cpu, helpers cpu, ranks cpu, {thread name: cpu}, launcher's times run)

    def kind(self, pid):
        if pid == self.root:
            return "launcher"
        cmdline = read(f"/proc/{pid}/cmdline") or ""
        return "rank" if SCRIPT in cmdline else "helper"

    def sample(self):
        for pid in tree(self.root):
            stat = stat_of(f"/proc/{pid}/stat")
            if stat is None:
                continue
            known = self.processes.get(pid)
            # A shim's setpriv execs the rank: the kind is looked at again until it is a rank.
            kind = known[0] if known and known[0] != "helper" else self.kind(pid)
            self.processes[pid] = (kind, stat[1])
        try:
            for tid in os.listdir(f"/proc/{self.root}/task"):
                stat = stat_of(f"/proc/{self.root}/task/{tid}/stat")
                run = read(f"/proc/{self.root}/task/{tid}/schedstat")
                if stat is not None and run:
                    # schedstat: the thread's time on a CPU in ns (stat's ticks are 10 ms), its wait on a runqueue,
                    # and how many times it ran (each wake-up is one: a count of the launcher's wake-ups).
                    fields = run.split()
                    self.threads[tid] = (stat[0], int(fields[0]) / 1e9, int(fields[2]))
        except OSError:
            pass
        sums = collections.Counter()
        for kind, cpu in self.processes.values():
            sums[kind] += cpu
        if self.threads:   # the launcher's threads to the ns, ended ones at their last reading
            sums["launcher"] = sum(cpu for _, cpu, _ in self.threads.values())
        by_name, runs = collections.Counter(), collections.Counter()
        for name, cpu, count in self.threads.values():
            by_name[re.sub(r"\d+$", "", name).strip()] += cpu
            runs[re.sub(r"\d+$", "", name).strip()] += count
        self.samples.append((time.time(), sums["launcher"], sums["helper"], sums["rank"], by_name, runs))


def run(command, env, cwd, output_file, log_of, epochs):
    """Runs the launcher, sampling its tree; returns the samples and the rank-0 output."""
    out = open(output_file, "w")
    began = time.time()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    sampler = Sampler(process.pid)
    last_epoch = re.compile(rf"epoch={epochs} .*epoch_seconds=")
    end_at = None
    while process.poll() is None:
        sampler.sample()
        if end_at is None and last_epoch.search(read(log_of()) or ""):
            end_at = len(sampler.samples) - 1
        time.sleep(0.1)
    out.close()
    log = read(log_of()) or ""
    first = re.search(r"first_step_unix=(\S+)", log)
    if process.returncode != 0 or first is None or end_at is None:
        raise RuntimeError(f"{command} failed or missed its window ({process.returncode}):\n" + (read(output_file) or "")[-3000:] + log[-3000:])
    start = next(i for i, s in enumerate(sampler.samples) if s[0] >= float(first.group(1)))
    a, b = sampler.samples[start], sampler.samples[end_at]
    threads = {name: b[4][name] - a[4].get(name, 0) for name in b[4]}
    return {"window": b[0] - a[0], "launcher": b[1] - a[1], "helpers": b[2] - a[2], "ranks": b[3] - a[3], "wakeups": sum(b[5].values()) - sum(a[5].values()),
            "wakeups_by_thread": {name: b[5][name] - a[5].get(name, 0) for name in b[5]},
            "launcher_all": sampler.samples[-1][1], "threads": threads, "wall": time.time() - began}


def run_caviar(args, processes, work):
    spec = json.load(open(os.path.join(EXAMPLES, "ddp-training.json")))
    spec["name"] = f"cpu-{processes}-{time.monotonic_ns()}"
    spec["hyperParameters"] = hyperparameters(args)
    spec["resources"] = {"instanceCount": 1, "processesPerHost": processes, "cpusPerProcess": 1}
    spec["retryStrategy"] = {"maximumRetryAttempts": 0}
    spec["workingDirectory"] = EXAMPLES
    spec["environment"] = {"OMP_NUM_THREADS": "1"}
    path = os.path.join(work, spec["name"] + ".json")
    json.dump(spec, open(path, "w"))
    logs = os.path.join(work, "artifacts", "jobs", spec["name"], "logs")
    log = os.path.join(logs, "attempt-0.rank-0.log" if processes > 1 else "attempt-0.log")
    return run(shlex.split(args.caviar) + ["train", path, "--artifacts", os.path.join(work, "artifacts")],
               dict(os.environ), EXAMPLES, os.path.join(work, spec["name"] + ".out"), lambda: log, args.epochs)


def run_torchrun(args, processes, work):
    folder = tempfile.mkdtemp(dir=work)
    hp = os.path.join(folder, "hyperparameters.json")
    json.dump(hyperparameters(args), open(hp, "w"))
    env = dict(os.environ, CAVIAR_HYPERPARAMETERS=hp, CAVIAR_CHANNEL_TRAIN=DATA, CAVIAR_CHECKPOINT_DIR=folder,
               CAVIAR_MODEL_DIR=folder, OMP_NUM_THREADS="1")
    output = os.path.join(folder, "out.log")
    # --redirects=1 --tee=1 as in ddp_vs_torchrun.py (Debian's torch 1.13 on Python 3.11 fails with 0).
    return run(["/usr/bin/python3", "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={processes}",
                "--redirects=1", "--tee=1", SCRIPT], env, EXAMPLES, output, lambda: output, args.epochs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caviar", required=True, help='how to run caviar, e.g. "dotnet /path/caviar.dll"')
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--train-samples", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--only", choices=["caviar", "torchrun"], help="run one launcher only")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="caviar-launcher-cpu-")
    results = collections.defaultdict(list)
    sides = [s for s in (("caviar", run_caviar), ("torchrun", run_torchrun)) if args.only in (None, s[0])]
    for _ in range(args.repeats):
        for processes in (int(p) for p in args.processes.split(",")):
            for name, runner in sides:
                r = runner(args, processes, work)
                results[(name, processes)].append(r)
                runs = ", ".join(f"{n} {c}" for n, c in sorted(r["wakeups_by_thread"].items(), key=lambda t: -t[1])[:5] if c > 0)
                top = ", ".join(f"{n} {c:.3f}" for n, c in sorted(r["threads"].items(), key=lambda t: -t[1])[:4] if c > 0)
                print(f"{name} x{processes}: window {r['window']:.2f} s, launcher {r['launcher']:.3f} s "
                      f"({1000 * r['launcher'] / r['window']:.1f} ms/s; threads: {top}; {r['wakeups']} wake-ups, {r['wakeups'] / r['window']:.1f}/s: {runs}), helpers {r['helpers']:.3f} s, "
                      f"ranks {r['ranks']:.2f} s, launcher over the run {r['launcher_all']:.2f} s, wall {r['wall']:.1f} s",
                      flush=True)
    print("\n| launcher | processes | window (s) | launcher CPU in window (s) | ms per s of training | helpers (s) | ranks (s) | launcher CPU, whole run (s) | launcher wake-ups per s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (name, processes), runs in sorted(results.items()):
        med = lambda f: statistics.median(f(r) for r in runs)
        print(f"| {name} | {processes} | {med(lambda r: r['window']):.2f} | {med(lambda r: r['launcher']):.3f} | "
              f"{med(lambda r: 1000 * r['launcher'] / r['window']):.1f} | {med(lambda r: r['helpers']):.3f} | "
              f"{med(lambda r: r['ranks']):.2f} | {med(lambda r: r['launcher_all']):.2f} | {med(lambda r: r['wakeups'] / r['window']):.1f} |")


if __name__ == "__main__":
    sys.exit(main())
