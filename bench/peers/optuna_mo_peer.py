#!/usr/bin/python3
"""The Optuna side of Caviar's multi-objective benchmark (Debian's python3-optuna 3.1).

Modes (results are JSON lines on stdout):
  check                          objectives and constraints of each problem at fixed points (both sides must agree)
  runs SEEDS TRIALS P,... S,... [FIRST]  every trial's values and constraints, per problem, sampler and seed (FIRST..FIRST+SEEDS-1)
  timing SIZE REPEATS S          median seconds of one suggestion (ask + 6 suggest_float) with SIZE completed trials
Samplers: nsga2 (NSGAIISampler), motpe (TPESampler with several objectives); both get constraints_func on a
constrained problem; motpesampler (the deprecated MOTPESampler class, unconstrained problems only). The hypervolume is computed on the C# side, with the same code and reference point for both.
"""
import math
import sys
import time

import optuna

from optuna_timing import check_point, emit, median_suggestion_seconds, prefill

optuna.logging.set_verbosity(optuna.logging.WARNING)


def zdt(h):
    def f(x):
        g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
        return [x[0], g * h(x[0], g)]
    return f


def dtlz2(x):
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)]


def binh_korn(x):
    return [4 * x[0] ** 2 + 4 * x[1] ** 2, (x[0] - 5) ** 2 + (x[1] - 5) ** 2]


def binh_korn_constraints(x):
    return [(x[0] - 5) ** 2 + x[1] ** 2 - 25, 7.7 - (x[0] - 8) ** 2 - (x[1] + 3) ** 2]


def zdt4(x):
    g = 1 + 10 * (len(x) - 1) + sum(v * v - 10 * math.cos(4 * math.pi * v) for v in x[1:])
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def zdt6(x):
    f1 = 1 - math.exp(-4 * x[0]) * math.sin(6 * math.pi * x[0]) ** 6
    g = 1 + 9 * (sum(x[1:]) / (len(x) - 1)) ** 0.25
    return [f1, g * (1 - (f1 / g) * (f1 / g))]


# name -> (objectives, domain, constraints)
PROBLEMS = {
    "zdt1": (zdt(lambda f1, g: 1 - math.sqrt(f1 / g)), [(0, 1)] * 6, None),
    "zdt2": (zdt(lambda f1, g: 1 - (f1 / g) ** 2), [(0, 1)] * 6, None),
    "zdt3": (zdt(lambda f1, g: 1 - math.sqrt(f1 / g) - f1 / g * math.sin(10 * math.pi * f1)), [(0, 1)] * 6, None),
    "dtlz2": (dtlz2, [(0, 1)] * 6, None),
    "binh-korn": (binh_korn, [(0, 5), (0, 3)], binh_korn_constraints),
    # Held out: not used to choose any of Caviar's defaults.
    "zdt4": (zdt4, [(0, 1)] + [(-5, 5)] * 5, None),
    "zdt6": (zdt6, [(0, 1)] * 6, None),
}


def check():
    for name, (objectives, domain, constraints) in PROBLEMS.items():
        for k in range(5):
            x = check_point(domain, k)
            emit({"problem": name, "point": k, "values": objectives(x), "constraints": constraints(x) if constraints else []})


def params_of(trial, domain):
    return [trial.params[f"x{i + 1}"] for i in range(len(domain))]


def sampler_for(name, seed, constraints, domain):
    constraints_func = None
    if constraints is not None:
        constraints_func = lambda frozen: constraints(params_of(frozen, domain))
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, constraints_func=constraints_func)
    if name == "motpe":
        return optuna.samplers.TPESampler(seed=seed, constraints_func=constraints_func)
    if name == "motpesampler":
        # The deprecated MOTPESampler class: univariate like TPESampler, but consider_endpoints, gamma floor(0.1 n)
        # and unit weights for the above set; it has no constraints_func.
        if constraints is not None:
            raise SystemExit("MOTPESampler takes no constraints")
        return optuna.samplers.MOTPESampler(seed=seed)
    raise SystemExit(f"unknown sampler {name}")


def objective_for(objectives, domain):
    return lambda trial: objectives([trial.suggest_float(f"x{i + 1}", lo, hi) for i, (lo, hi) in enumerate(domain)])


def runs(seeds, trials, problems, samplers, first_seed=0):
    import warnings
    warnings.simplefilter("ignore")   # constraints_func is experimental in 3.1
    for name in problems:
        objectives, domain, constraints = PROBLEMS[name]
        n_objectives = len(objectives(check_point(domain, 0)))
        for sampler_name in samplers:
            for seed in range(first_seed, first_seed + seeds):
                study = optuna.create_study(directions=["minimize"] * n_objectives,
                                            sampler=sampler_for(sampler_name, seed, constraints, domain))
                started = time.perf_counter()
                study.optimize(objective_for(objectives, domain), n_trials=trials)
                elapsed = time.perf_counter() - started
                emit({"problem": name, "strategy": "optuna-" + sampler_name, "seed": seed, "seconds": elapsed,
                      "values": [t.values for t in study.trials],
                      "constraints": [constraints(params_of(t, domain)) if constraints else [] for t in study.trials]})


def timing(size, repeats, sampler_name):
    import warnings
    warnings.simplefilter("ignore")
    objectives, domain, _ = PROBLEMS["zdt1"]
    study = optuna.create_study(directions=["minimize", "minimize"], sampler=sampler_for(sampler_name, 0, None, domain))
    if sampler_name == "nsga2":
        # NSGA-II keeps its generations in trial attributes: its history must be its own run.
        study.optimize(objective_for(objectives, domain), n_trials=size)
    else:
        prefill(study, domain, size, objectives, "values")
    emit({"size": size, "strategy": "optuna-" + sampler_name, "repeats": repeats,
          "median_seconds": median_suggestion_seconds(study, domain, repeats)})


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "check":
        check()
    elif mode == "runs":
        runs(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(","), sys.argv[5].split(","),
             int(sys.argv[6]) if len(sys.argv) > 6 else 0)
    elif mode == "timing":
        timing(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(f"unknown mode {mode}")
