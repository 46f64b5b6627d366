"""What any stopping rule could save on a recorded pool (issue 14, item 5; see hyperband_replay.py).

For each seed's permutation of the pool (the order hyperband_replay.py's runs take configurations in), two counts of
epochs to first reach a target, computed from the curves alone (no Caviar involved):
- random search: every configuration before the first one that reaches the target trains all its epochs;
- a clairvoyant rule: every configuration that will never reach the target is stopped after --min-epochs epochs (it
  knows), and the first one that will reaches it at its own epoch.
The clairvoyant ratio is a lower bound on any rule with that minimum resource (Hyperband 1-9 included): the goal of
1/3 can only be met on targets where it is well below 1/3. Two more lines per target: the share of seeds whose first
configuration reaches the target (there any rule that draws random search's first configuration and lets it train
spends what random search spends: ratio 1), and an oracle over the sampler too, which starts with the configuration of
the pool that reaches the target in the fewest epochs (a bound for any strategy at all, model-based ones included). Also how well a configuration's accuracy after 1 and 3
epochs ranks its best accuracy over all epochs (Spearman's rho over the pool): how much an early rung can know.
"""

import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hyperband_replay_job import configuration_for  # noqa: E402


def epochs_to(pool, seed, target, min_epochs, clairvoyant, limit=100_000):
    spent = 0
    for number in range(limit):
        curve = pool[configuration_for(len(pool), seed, number)]["val_accuracy"]
        hit = next((i + 1 for i, v in enumerate(curve) if v >= target), None)
        if hit is not None:
            return spent + hit
        spent += min_epochs if clairvoyant else len(curve)
    return None


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2
        i = j + 1
    return result


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = statistics.mean(rx), statistics.mean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    return cov / (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pool")
    parser.add_argument("--seeds", type=int, default=30, help="seeds 1..N")
    parser.add_argument("--targets", default="0.88,0.89,0.895")
    parser.add_argument("--min-epochs", type=float, default=1,
                        help="epochs the clairvoyant rule spends on a configuration it stops (0: stopping is free)")
    args = parser.parse_args()
    with open(args.pool) as f:
        pool = json.load(f)["configurations"]
    best = [max(e["val_accuracy"]) for e in pool]
    for epoch in (1, 3):
        rho = spearman([e["val_accuracy"][epoch - 1] for e in pool], best)
        top = sorted(range(len(pool)), key=lambda i: -best[i])[:max(1, len(pool) // 10)]
        early = sorted(range(len(pool)), key=lambda i: -pool[i]["val_accuracy"][epoch - 1])
        kept = set(early[:len(pool) // 3])
        print(f"accuracy after epoch {epoch} vs best over all epochs: Spearman rho {rho:.2f}; of the best tenth "
              f"({len(top)}), {sum(1 for i in top if i in kept)} are in the top third after epoch {epoch}")
    for target in (float(t) for t in args.targets.split(",")):
        share = sum(1 for b in best if b >= target) / len(pool)
        ratios, randoms, oracles = [], [], []
        for seed in range(1, args.seeds + 1):
            r = epochs_to(pool, seed, target, args.min_epochs, False)
            o = epochs_to(pool, seed, target, args.min_epochs, True)
            if r is None:
                continue
            randoms.append(r)
            oracles.append(o)
            ratios.append(o / r)
        if not ratios:
            print(f"target {target}: no configuration of the pool reaches it")
            continue
        hits = [next((i + 1 for i, v in enumerate(e["val_accuracy"]) if v >= target), None) for e in pool]
        fastest = min(h for h in hits if h is not None)
        first_reaches = sum(1 for seed in range(1, args.seeds + 1)
                            if hits[configuration_for(len(pool), seed, 0)] is not None)
        any_strategy = [fastest / r for r in randoms]
        print(f"target {target}: random search's first configuration reaches it on {first_reaches} of {args.seeds} "
              f"seeds; the fastest configuration of the pool reaches it at epoch {fastest}: any strategy's ratio "
              f">= median {statistics.median(any_strategy):.2f} (<= 1/3 possible on "
              f"{sum(1 for x in any_strategy if x <= 1 / 3)} seeds)")
        print(f"target {target}: {share:.0%} of the pool reaches it; over {len(ratios)} seeds random search "
              f"{statistics.median(randoms):.0f} epochs (median, uncensored), clairvoyant rule "
              f"{statistics.median(oracles):.0f}; ratio median {statistics.median(ratios):.2f} "
              f"(<= 1/3 on {sum(1 for x in ratios if x <= 1 / 3)} seeds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
