"""What the Optuna peers share: fixed check points, JSON-line output, and the timing of one suggestion."""
import json
import statistics
import time

import numpy as np
import optuna


def check_point(domain, k):
    """The k-th fixed point: a low-discrepancy walk through the domain, computed the same way in C#."""
    return [lo + (hi - lo) * (((k + 1) * 0.6180339887498949 * (d + 1)) % 1.0) for d, (lo, hi) in enumerate(domain)]


def emit(record):
    print(json.dumps(record), flush=True)


def prefill(study, domain, size, evaluate, key):
    """Adds SIZE completed trials at uniform random points (seed 0); KEY is "value" or "values"."""
    distributions = {f"x{i + 1}": optuna.distributions.FloatDistribution(lo, hi) for i, (lo, hi) in enumerate(domain)}
    rng = np.random.default_rng(0)
    trials = []
    for _ in range(size):
        params = {name: float(rng.uniform(d.low, d.high)) for name, d in distributions.items()}
        trials.append(optuna.trial.create_trial(params=params, distributions=distributions,
                                                **{key: evaluate(list(params.values()))}))
    study.add_trials(trials)


def median_suggestion_seconds(study, domain, repeats):
    """Median seconds of ask + one suggest_float per dimension, after a warm-up; each asked trial is told FAIL,
    which keeps the completed count where it was."""
    durations = []
    for r in range(repeats + 1):
        started = time.perf_counter()
        trial = study.ask()
        for i, (lo, hi) in enumerate(domain):
            trial.suggest_float(f"x{i + 1}", lo, hi)
        elapsed = time.perf_counter() - started
        study.tell(trial, state=optuna.trial.TrialState.FAIL)
        if r > 0:
            durations.append(elapsed)
    return statistics.median(durations)
