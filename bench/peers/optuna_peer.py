#!/usr/bin/python3
"""The Optuna side of Caviar's side-by-side benchmark (Debian's python3-optuna 3.1).

Modes (results are JSON lines on stdout):
  check                      values of each function at fixed points, to prove both sides define the same functions
  regret SEEDS TRIALS F,... [S,...]  each trial's value per function, sampler and seed; samplers tpe, random (the
                             default), cmaes (CmaEsSampler's defaults), cmaes-ipop (restart_strategy="ipop"), qmc
  timing SIZES REPEATS       median seconds of one suggestion (ask + 6 suggest_float) with SIZE completed trials
"""
import math
import sys

import numpy as np
import optuna

from optuna_timing import check_point, emit, median_suggestion_seconds, prefill

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


HARTMANN_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                       [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
HARTMANN_P = np.array([[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
                       [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                       [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
                       [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]])
HARTMANN_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann6(x):
    x = np.asarray(x)
    return float(-np.sum(HARTMANN_ALPHA * np.exp(-np.sum(HARTMANN_A * (x - HARTMANN_P) ** 2, axis=1))))


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2 for i in range(len(x) - 1))


def ackley(x):
    n = len(x)
    return (-20 * math.exp(-0.2 * math.sqrt(sum(v * v for v in x) / n))
            - math.exp(sum(math.cos(2 * math.pi * v) for v in x) / n) + 20 + math.e)


def levy(x):
    w = [1 + (v - 1) / 4 for v in x]
    total = math.sin(math.pi * w[0]) ** 2
    for i in range(len(x) - 1):
        total += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
    return total + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)


def styblinski_tang(x):
    return sum(v ** 4 - 16 * v * v + 5 * v for v in x) / 2


# name -> (function, domain per dimension)
FUNCTIONS = {
    "branin": (branin, [(-5, 10), (0, 15)]),
    "hartmann6": (hartmann6, [(0, 1)] * 6),
    "rosenbrock4": (rosenbrock, [(-5, 10)] * 4),
    "ackley5": (ackley, [(-32.768, 32.768)] * 5),
    "levy4": (levy, [(-10, 10)] * 4),
    "styblinski-tang4": (styblinski_tang, [(-5, 5)] * 4),
    "rosenbrock10": (rosenbrock, [(-5, 10)] * 10),
    "ackley10": (ackley, [(-32.768, 32.768)] * 10),
    "levy10": (levy, [(-10, 10)] * 10),
    "styblinski-tang10": (styblinski_tang, [(-5, 5)] * 10),
}


def check():
    for name, (function, domain) in FUNCTIONS.items():
        for k in range(5):
            emit({"function": name, "point": k, "value": function(check_point(domain, k))})


def objective_for(function, domain):
    return lambda trial: function([trial.suggest_float(f"x{i + 1}", lo, hi) for i, (lo, hi) in enumerate(domain)])


SAMPLERS = {"tpe": lambda s: optuna.samplers.TPESampler(seed=s),
            "random": lambda s: optuna.samplers.RandomSampler(seed=s),
            "cmaes": lambda s: optuna.samplers.CmaEsSampler(seed=s),
            "cmaes-ipop": lambda s: optuna.samplers.CmaEsSampler(seed=s, restart_strategy="ipop"),
            "qmc": lambda s: optuna.samplers.QMCSampler(seed=s)}


def regret(seeds, trials, names, sampler_names):
    samplers = {"optuna-" + n: SAMPLERS[n] for n in sampler_names}
    for name in names:
        function, domain = FUNCTIONS[name]
        for sampler_name, make in samplers.items():
            for seed in range(seeds):
                study = optuna.create_study(sampler=make(seed))
                study.optimize(objective_for(function, domain), n_trials=trials)
                values = [t.value for t in study.trials]
                emit({"function": name, "strategy": sampler_name, "seed": seed, "values": values})


def timing(sizes, repeats):
    function, domain = FUNCTIONS["hartmann6"]
    for size in sizes:
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0))
        prefill(study, domain, size, function, "value")
        emit({"size": size, "repeats": repeats, "median_seconds": median_suggestion_seconds(study, domain, repeats)})


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "check":
        check()
    elif mode == "regret":
        regret(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(","),
               sys.argv[5].split(",") if len(sys.argv) > 5 else ["tpe", "random"])
    elif mode == "timing":
        timing([int(s) for s in sys.argv[2].split(",")], int(sys.argv[3]))
    else:
        sys.exit(f"unknown mode {mode}")
