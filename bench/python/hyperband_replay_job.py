"""A replayed trial (issue 14, item 5; see hyperband_replay.py): the training job of a replay run, in script mode.

Instead of training, it prints the recorded learning curve of "its" configuration, one epoch per line in the built-in
mlp's own format (`epoch=N val_accuracy=V`), so Caviar's metric definition, the pruner and the store see what a real
trial would have printed. Trial n of a replay run with seed S takes entry n of seed S's permutation of the pool
(`configuration_for`): the same n-th configuration for every strategy of a seed, as in live runs, where the same seed
draws the same configurations. Once a permutation is used up, the next one (another shuffle of the same seed) follows.

Read from the environment: REPLAY_POOL (a pool file of hyperband_replay_record.py), REPLAY_SEED, and Caviar's
CAVIAR_JOB_NAME (trial n of tuning job T is T-000n). With REPLAY_IN_ORDER=1, trial n replays entry n of the pool
itself (for a pool recorded with a live run's seed: the configurations that run drew, in its order) and fails past
the pool's end. The lines are printed at once: the tuning process takes them one
at a time, asks the pruner after each and ignores the trial's later lines once it is pruned, so with one trial at a
time the decisions do not depend on how fast the lines come (a job that has ended by then is recorded as pruned all
the same).
"""

import json
import os
import random
import sys


def permutation(count, seed, cycle):
    """The cycle-th shuffle of range(count) for a seed (cycle 0 is the one every strategy of the seed starts with)."""
    order = list(range(count))
    random.Random(seed * 1_000_003 + cycle).shuffle(order)
    return order


def configuration_for(count, seed, trial_number):
    """Which entry of a pool of `count` configurations trial `trial_number` of seed `seed`'s runs replays."""
    cycle, position = divmod(trial_number, count)
    return permutation(count, seed, cycle)[position]


def main():
    with open(os.environ["REPLAY_POOL"]) as f:
        pool = json.load(f)["configurations"]
    seed = int(os.environ["REPLAY_SEED"])
    trial_number = int(os.environ["CAVIAR_JOB_NAME"].rsplit("-", 1)[1])
    if os.environ.get("REPLAY_IN_ORDER") == "1":
        if trial_number >= len(pool):
            print(f"trial {trial_number} is past the pool's {len(pool)} configurations", file=sys.stderr)
            return 3
        entry = pool[trial_number]
    else:
        entry = pool[configuration_for(len(pool), seed, trial_number)]
    print(f"replaying configuration {entry['number']} of the pool", flush=True)
    for epoch, value in enumerate(entry["val_accuracy"], start=1):
        print(f"epoch={epoch} val_accuracy={value!r}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
