"""Hyperband's and median stopping's saving against random search, over many seeds, by replaying recorded learning
curves (issue 14, item 5), the method of tabular HPO benchmarks (LCBench, HPOBench, YAHPO).

hyperband_replay_record.py trains a pool of configurations once, for all their epochs, with the real built-in mlp.
Here every strategy runs through the real `caviar tune` (the real Random strategy, Hyperband pruner, median stopping
rule, store and job runner), one trial at a time, with a script-mode job (hyperband_replay_job.py) that prints the
recorded curve of the trial's configuration instead of training: trial n of seed S replays entry n of seed S's
permutation of the pool, for every strategy of that seed. A run is stopped (`caviar stop`) once its trials have reported
--budget-epochs epochs. Epochs are counted as hyperband_saving.py counts them (the epochs reported, in trial order,
until one first reaches the target); seconds are the recorded seconds of those epochs (a trial's first epoch includes
loading the data). Every replayed value is checked against the pool.

Per seed and strategy: epochs and seconds to each target, the best val_accuracy within the budget. Then per strategy:
median and quartiles over seeds (a seed that never reaches a target counts as infinitely many epochs), and the
per-seed ratio of epochs to random search's, with its median (goal: <= 1/3). Results are kept in WORK/results.json
(several runners with different --seeds may share WORK); --report-only prints the report from it.
"""

import argparse
import fcntl
import json
import os
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hyperband_replay_job import configuration_for  # noqa: E402
from hyperband_saving import export, spec as live_spec  # noqa: E402

JOB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hyperband_replay_job.py")
INF = float("inf")
# Strategies that are Hyperband with fewer brackets than its resources give (hyperband.brackets), the most aggressive
# kept: "asha" is one bracket, asynchronous successive halving (Ray Tune's ASHAScheduler).
BRACKETS = {"asha": 1, "hyperband2": 2}


# The median rule's other comparisons (MedianComparison), replayed beside "median" (its default, BestSoFar).
MEDIAN_VARIANTS = {"median-at-step": "ValueAtStep", "median-average": "RunningAverage"}


def spec(strategy, seed, pool_path, max_epochs, budget, in_order=None):
    base = "median" if strategy in MEDIAN_VARIANTS else "hyperband" if strategy in BRACKETS else strategy
    result = live_spec(base, seed, max_epochs, 0)
    if strategy in MEDIAN_VARIANTS:
        result["medianStopping"] = {"compareWith": MEDIAN_VARIANTS[strategy]}
    if strategy in BRACKETS:
        result["hyperband"]["brackets"] = BRACKETS[strategy]
    result["name"] = f"replay-{strategy}-{seed}"
    environment = {"REPLAY_POOL": os.path.abspath(pool_path), "REPLAY_SEED": str(seed)}
    if in_order:
        environment["REPLAY_IN_ORDER"] = "1"
    result["trainingJob"] = {"command": ["/usr/bin/python3", JOB], "environment": environment,
                             "metricDefinitions": result["trainingJob"]["metricDefinitions"]}
    result["limits"] = {"maxTrials": in_order or budget + 50, "maxParallel": 1}
    return result


def epochs_reported(store):
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM trial_intermediate_values").fetchone()[0]
    except sqlite3.Error:
        return 0


def run(args, pool_path, strategy, seed, max_epochs):
    name = f"replay-{strategy}-{seed}"
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    path, store = os.path.join(work, "spec.json"), os.path.join(work, "store.db")
    for stale in (store, store + "-wal", store + "-shm"):
        if os.path.exists(stale):
            os.remove(stale)
    with open(path, "w") as f:
        json.dump(spec(strategy, seed, pool_path, max_epochs, args.budget_epochs,
                       args.pool_size if args.in_order else None), f, indent=1)
    common = ["--store", store, "--artifacts", os.path.join(work, "artifacts")]
    with open(os.path.join(work, "tune.log"), "w") as log:
        tuner = subprocess.Popen(shlex.split(args.caviar) + ["tune", path] + common, stdout=log, stderr=subprocess.STDOUT)
        while tuner.poll() is None:
            time.sleep(0.2)
            if epochs_reported(store) >= args.budget_epochs:
                subprocess.run(shlex.split(args.caviar) + ["stop", name] + common,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                break
        tuner.wait()
    return sorted(export(args.caviar, store, name), key=lambda t: t["number"])


def entry_of(pool, seed, number, in_order):
    return pool[number] if in_order else pool[configuration_for(len(pool), seed, number)]


def replayed_curve(trials, pool, seed, budget, in_order=False):
    """(epochs so far, recorded seconds so far, val_accuracy) per epoch in trial order, and the values that differ
    from the pool's (must be none)."""
    points, epochs, seconds, mismatches = [], 0, 0.0, 0
    for t in trials:
        if in_order and t["number"] >= len(pool):
            break
        entry = entry_of(pool, seed, t["number"], in_order)
        values = [v for _, v in sorted((int(k), v) for k, v in (t.get("intermediateValues") or {}).items())]
        mismatches += sum(1 for i, v in enumerate(values) if v != entry["val_accuracy"][i])
        for i, value in enumerate(values):
            epochs += 1
            if epochs > budget:
                return points, mismatches
            seconds += entry["seconds"][i] or 0.0
            points.append((epochs, seconds, value))
    return points, mismatches


def row_of(trials, pool, seed, targets, budget, in_order=False):
    points, mismatches = replayed_curve(trials, pool, seed, budget, in_order)
    reach = {}
    for target in targets:
        hit = next(((e, s) for e, s, v in points if v is not None and v >= target), None)
        reach[str(target)] = list(hit) if hit else None
    counted, total, unpruned = 0, 0, 0
    stopped_reachers = {str(target): 0 for target in targets}
    for t in trials:   # trials that started within the budget
        if total >= budget:
            break
        reported = len(t.get("intermediateValues") or {})
        if str(t.get("state")).lower() != "pruned":   # never stopped by the rule (the one the budget cut included)
            unpruned += min(reported, budget - total)
        elif not (in_order and t["number"] >= len(pool)):
            curve = entry_of(pool, seed, t["number"], in_order)["val_accuracy"]
            for target in targets:   # stopped before the epoch where its configuration first reaches the target
                if any(v is not None and v >= target for v in curve) and not any(
                        v is not None and v >= target for v in curve[:reported]):
                    stopped_reachers[str(target)] += 1
        total += reported
        counted += 1
    states = [t.get("state") for t in trials[:counted]]
    return {"reach": reach, "best": max((v for _, _, v in points), default=None), "epochs": len(points),
            "trials": counted, "pruned": sum(1 for s in states if str(s).lower() == "pruned"),
            "unpruned_epochs": unpruned, "stopped_reachers": stopped_reachers, "mismatches": mismatches}


def save_row(path, strategy, seed, row):
    """Adds a run's row to the results file under a lock (several runners may share a work folder: --seeds split)."""
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        results = json.load(open(path)) if os.path.exists(path) else {}
        results.setdefault(strategy, {})[str(seed)] = row
        with open(path + ".tmp", "w") as f:
            json.dump(results, f)
        os.replace(path + ".tmp", path)
    return results


def quantile(values, q):
    """Linear interpolation between order statistics; an infinite neighbour makes the result infinite."""
    s = sorted(values)
    if not s:
        return None
    position = q * (len(s) - 1)
    low, high = int(position), min(int(position) + 1, len(s) - 1)
    if s[low] == INF or s[high] == INF:
        return INF if position > low or s[low] == INF else s[low]
    return s[low] + (s[high] - s[low]) * (position - low)


def text(value, digits=0, infinite=">budget"):
    if value is None:
        return "-"
    return infinite if value == INF else f"{value:.{digits}f}"


def random_search_epochs(pool, seed, target):
    """Epochs random search needs to reach the target on a seed, from the permutation alone: it trains every
    configuration fully, in the permutation's order (the replayed random runs matched this on every seed)."""
    epochs, number = 0, 0
    while number < 100 * len(pool):
        for value in entry_of(pool, seed, number, False)["val_accuracy"]:
            epochs += 1
            if value is not None and value >= target:
                return epochs
        number += 1
    return INF


def report(results, strategies, targets, budget, extended=None, extended_budget=None, pool=None):
    """extended: rows of longer runs (another --work, a larger --budget-epochs) for some seeds; where a seed has one
    for both sides, its ratio is taken from them (runs are deterministic, so their first epochs are these runs')."""
    extended = extended or {}

    def reach_of(strategy, seed, key):
        """Epochs to the target (INF if not reached) and the budget of the run it comes from."""
        row = extended.get(strategy, {}).get(str(seed)) if str(seed) in extended.get(strategies[0], {}) else None
        hit = (row or results[strategy][str(seed)])["reach"][key]
        if not hit and pool is not None and strategy == "random":
            return random_search_epochs(pool, seed, float(key)), INF   # uncensored (--random-from-pool)
        return (hit[0] if hit else INF), (extended_budget if row else budget)

    seeds = sorted({int(s) for s in results[strategies[0]]})
    print(f"{len(seeds)} seeds ({seeds[0]}-{seeds[-1]}), budget {budget} epochs per run; "
          "epochs: median [quartiles]; a seed that never reached the target counts as infinitely many")
    for target in targets:
        key = str(target)
        print(f"\ntarget val_accuracy >= {target}")
        for strategy in strategies:
            rows = {s: results[strategy][str(s)] for s in seeds if str(s) in results[strategy]}
            eps = [r["reach"][key][0] if r["reach"][key] else INF for r in rows.values()]
            secs = [r["reach"][key][1] if r["reach"][key] else INF for r in rows.values()]
            reached = sum(1 for e in eps if e != INF)
            line = (f"  {strategy:10} reached {reached:2}/{len(eps)}  epochs {text(quantile(eps, .5)):>7} "
                    f"[{text(quantile(eps, .25))}, {text(quantile(eps, .75))}]  seconds {text(quantile(secs, .5)):>7} "
                    f"[{text(quantile(secs, .25))}, {text(quantile(secs, .75))}]")
            if strategy != strategies[0]:
                ratios, unknown = [], 0
                for s in rows:
                    (mine, _), (theirs, their_budget) = reach_of(strategy, s, key), reach_of(strategies[0], s, key)
                    if mine == INF and theirs == INF:
                        continue   # neither reached it (in the longer run either, where there is one)
                    if theirs == INF and mine > their_budget / 3:
                        unknown += 1   # the ratio is below mine / budget, which does not say whether it is <= 1/3
                        continue
                    ratios.append(0.0 if theirs == INF else mine / theirs)   # 0.0: below 1/3, not its value
                within = sum(1 for x in ratios if x <= 1 / 3)
                line += (f"  ratio to {strategies[0]}: median {text(quantile(ratios, .5), 2, 'inf')} "
                         f"[{text(quantile(ratios, .25), 2, 'inf')}, {text(quantile(ratios, .75), 2, 'inf')}] over {len(ratios)} "
                         f"seeds, <= 1/3 on {within}, < 1 on {sum(1 for x in ratios if x < 1)}, "
                         f"> 1 on {sum(1 for x in ratios if x > 1)}" + (f", {unknown} left out (random search censored)" if unknown else ""))
            stopped = [r["stopped_reachers"][key] for r in rows.values() if "stopped_reachers" in r]
            if stopped:
                line += (f"  pruned before reaching it, though they would have: median {quantile(stopped, .5):.0f} "
                         f"[{quantile(stopped, .25):.0f}, {quantile(stopped, .75):.0f}] per run")
            print(line)
    print(f"\nbest val_accuracy within {budget} epochs, trials started, pruned (medians [quartiles])")
    for strategy in strategies:
        rows = [results[strategy][str(s)] for s in seeds if str(s) in results[strategy]]
        bests = [r["best"] for r in rows if r["best"] is not None]
        trials, pruned = [r["trials"] for r in rows], [r["pruned"] for r in rows]
        shares = [r["unpruned_epochs"] / r["epochs"] for r in rows if "unpruned_epochs" in r and r["epochs"]]
        never = (f"  never-stopped trials' share of the epochs {quantile(shares, .5):.2f} "
                 f"[{quantile(shares, .25):.2f}, {quantile(shares, .75):.2f}]") if shares else ""
        print(f"  {strategy:10} best {quantile(bests, .5):.4f} [{quantile(bests, .25):.4f}, {quantile(bests, .75):.4f}]"
              f"  trials {statistics.median(trials):.0f} [{min(trials)}-{max(trials)}]"
              f"  pruned {statistics.median(pruned):.0f}{never}  replay mismatches {sum(r['mismatches'] for r in rows)}")


def pool_targets(pool, shares):
    """Targets that only a share of the pool's configurations reach within their epochs (e.g. 0.1: the best tenth)."""
    bests = sorted((max(e["val_accuracy"]) for e in pool), reverse=True)
    return [float(f"{bests[max(0, int(round(share * len(bests))) - 1)]:.4f}") for share in shares]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pool", help="a pool file written by hyperband_replay_record.py")
    parser.add_argument("--caviar", default="dotnet run -c Release --no-build --project src/Caviar.Cli --")
    parser.add_argument("--strategies", default="random,hyperband,median",
                        help="the first is the reference of the ratios; also asha (hyperband.brackets 1) and hyperband2 (2)")
    parser.add_argument("--seeds", default="1-20", help="a range A-B or a list")
    parser.add_argument("--budget-epochs", type=int, default=120)
    parser.add_argument("--targets", default="0.88,0.89,0.895")
    parser.add_argument("--pool-target-shares", default="0.1,0.05",
                        help="also targets that only these shares of the pool reach (its best-reachable ones)")
    parser.add_argument("--work", required=True)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--rows-from-stores", action="store_true",
                        help="recompute the rows of --seeds and --strategies from the stores already in --work (no runs)")
    parser.add_argument("--extended-work", default=None,
                        help="a --work of longer runs (larger --budget-epochs) for some seeds: ratios from those")
    parser.add_argument("--random-from-pool", action="store_true",
                        help="in the ratios, random search's epochs to a target it did not reach in its run come from the "
                             "seed's permutation of the pool (it trains every configuration fully, in that order)")
    parser.add_argument("--extended-budget", type=int, default=360, help="the --budget-epochs of --extended-work")
    parser.add_argument("--in-order", action="store_true",
                        help="trial n replays pool entry n (a pool recorded with a live run's seed: a cross-check)")
    args = parser.parse_args()
    with open(args.pool) as f:
        recorded = json.load(f)
    pool, max_epochs = recorded["configurations"], recorded["max_epochs"]
    args.pool_size = len(pool)
    strategies = args.strategies.split(",")
    if "-" in args.seeds:
        first, last = args.seeds.split("-")
        seeds = list(range(int(first), int(last) + 1))
    else:
        seeds = [int(s) for s in args.seeds.split(",")]
    shares = [float(x) for x in args.pool_target_shares.split(",") if x]
    targets = sorted(set([float(t) for t in args.targets.split(",")] + pool_targets(pool, shares)))
    os.makedirs(args.work, exist_ok=True)
    results_path = os.path.join(args.work, "results.json")
    results = json.load(open(results_path)) if os.path.exists(results_path) else {}
    finals = [e["val_accuracy"][-1] for e in pool]
    print(f"pool: {len(pool)} configurations; final val_accuracy median {statistics.median(finals):.4f}, "
          f"best over epochs {max(max(e['val_accuracy']) for e in pool):.4f}; targets {targets} "
          f"(pool shares {shares} -> {pool_targets(pool, shares)}); reached within {max_epochs} epochs by "
          + ", ".join(f"{t}: {sum(1 for e in pool if max(e['val_accuracy']) >= t)}" for t in targets), flush=True)
    if not args.report_only:
        for seed in seeds:
            for strategy in strategies:
                started = time.time()
                name = f"replay-{strategy}-{seed}"
                trials = (sorted(export(args.caviar, os.path.join(args.work, name, "store.db"), name), key=lambda t: t["number"])
                          if args.rows_from_stores else run(args, args.pool, strategy, seed, max_epochs))
                row = row_of(trials, pool, seed, targets, args.budget_epochs, args.in_order)
                results = save_row(results_path, strategy, seed, row)
                reach = "  ".join(f"{t}: " + (f"{r[0]} ep/{r[1]:.0f} s" if r else "-") for t, r in row["reach"].items())
                print(f"seed {seed:2} {strategy:9} trials {row['trials']:3} pruned {row['pruned']:3} epochs "
                      f"{row['epochs']:4} best {row['best']:.4f}  {reach}  mismatches {row['mismatches']} "
                      f"({time.time() - started:.0f} s)", flush=True)
    extended = None
    if args.extended_work:
        with open(os.path.join(args.extended_work, "results.json")) as f:
            extended = json.load(f)
    report(results, strategies, targets, args.budget_epochs, extended, args.extended_budget,
           pool if args.random_from_pool and not args.in_order else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
