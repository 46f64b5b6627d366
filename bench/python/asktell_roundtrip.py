"""Ask/tell round trips from Python through Caviar's HTTP API, side by side with Optuna's in-process ask/tell.

Starts `caviar serve` (the command given by --caviar) on a fresh SQLite store, then for each strategy runs N trials
of a cheap objective (a 3-d quadratic) with the caviar package's Study.ask/Study.tell, timing each ask+tell round
trip; Optuna 3.1 runs the same loop in-process (InMemoryStorage, the same kind of sampler). Prints the median and
p95 round trip at the start (trials 1-100) and the end (the last 100 trials), and Caviar/Optuna ratios.
"""

import argparse
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "clients", "python"))
import caviar  # noqa: E402


def objective(params):
    return (params["x"] - 1) ** 2 + (params["y"] + 2) ** 2 + (params["z"] - 0.5) ** 2


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def summary(times_ms):
    ordered = sorted(times_ms)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def cpu_seconds(pid):
    """User + system CPU time of a process (and its waited-for children) from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run_caviar(client, strategy, trials):
    study = client.study(f"bench-{strategy.lower()}", {"x": caviar.float_range(-5, 5), "y": caviar.float_range(-5, 5),
                                                       "z": caviar.float_range(-5, 5)}, "minimize", strategy=strategy, seed=1)
    times = []
    for _ in range(trials):
        start = time.perf_counter()
        trial = study.ask()
        value = objective(trial.params)
        study.tell(trial, value)
        times.append((time.perf_counter() - start) * 1000)
    return times


def run_optuna(strategy, trials):
    try:
        import optuna
    except ImportError:   # a machine without Optuna: Caviar's figures only
        return [float("nan")] * trials
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.RandomSampler(seed=1) if strategy == "Random" else optuna.samplers.TPESampler(seed=1)
    study = optuna.create_study(sampler=sampler)
    space = {n: optuna.distributions.FloatDistribution(-5, 5) for n in ("x", "y", "z")}
    times = []
    for _ in range(trials):
        start = time.perf_counter()
        trial = study.ask(space)
        study.tell(trial, objective(trial.params))
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caviar", required=True, help="the command that starts caviar, e.g. 'dotnet /path/caviar.dll'")
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--strategies", default="Random,TPE")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="caviar-asktell-")
    port, token = free_port(), "bench-token"
    server = subprocess.Popen(shlex.split(args.caviar) + ["serve", "--urls", f"http://127.0.0.1:{port}", "--token", token,
                                                         "--store", os.path.join(work, "caviar.db"),
                                                         "--artifacts", os.path.join(work, "artifacts")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        client = caviar.Client(f"http://127.0.0.1:{port}", token)
        deadline = time.monotonic() + 60
        while True:
            try:
                client.tuning_jobs()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                client.close()
                time.sleep(0.2)
        print(f"ask+tell round trip, {args.trials} trials, 3 continuous ranges (ms; median / p95)")
        print(f"{'strategy':10} {'trials':>10} {'caviar-http':>16} {'optuna-inproc':>16} {'ratio(median)':>14}")
        for strategy in args.strategies.split(","):
            cpu_before = cpu_seconds(server.pid)
            caviar_times = run_caviar(client, strategy, args.trials)
            server_cpu_ms = (cpu_seconds(server.pid) - cpu_before) / args.trials * 1000
            optuna_times = run_optuna(strategy, args.trials)
            for label, window in (("1-100", slice(0, 100)), (f"last 100", slice(-100, None))):
                c, o = summary(caviar_times[window]), summary(optuna_times[window])
                print(f"{strategy:10} {label:>10} {c[0]:8.2f} /{c[1]:6.2f} {o[0]:8.2f} /{o[1]:6.2f} {c[0] / o[0]:14.2f}")
            print(f"{strategy:10} server CPU per trial (ask+tell), all {args.trials}: {server_cpu_ms:.2f} ms")
        client.close()
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
