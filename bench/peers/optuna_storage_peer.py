#!/usr/bin/python3
"""Optuna side of the store-throughput benchmark: WORKERS processes run TRIALS cheap trials in all through one
Optuna 3.1 RDBStorage (SQLite file or PostgreSQL), RandomSampler, the Branin function. Prints one JSON line with the
trial count and the span from the first trial's start to the last one's completion, as Caviar's side measures.
usage: optuna_storage_peer.py STORAGE_URL WORKERS TRIALS
"""
import json
import math
import multiprocessing
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(trial):
    x1, x2 = trial.suggest_float("x1", -5, 10), trial.suggest_float("x2", 0, 15)
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def work(url, count, seed):
    storage = optuna.storages.RDBStorage(url, engine_kwargs={"pool_pre_ping": True} if url.startswith("postgres") else {})
    study = optuna.load_study(study_name="throughput", storage=storage, sampler=optuna.samplers.RandomSampler(seed=seed))
    study.optimize(branin, n_trials=count)


if __name__ == "__main__":
    url, workers, trials = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    optuna.create_study(study_name="throughput", storage=url)
    processes = [multiprocessing.Process(target=work, args=(url, trials // workers, w)) for w in range(workers)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    done = optuna.load_study(study_name="throughput", storage=url).get_trials(deepcopy=False)
    start = min(t.datetime_start for t in done)
    end = max(t.datetime_complete for t in done)
    print(json.dumps({"trials": len(done), "seconds": (end - start).total_seconds()}), flush=True)
