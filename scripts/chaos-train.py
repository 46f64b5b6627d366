#!/usr/bin/python3
"""Fault injection on `caviar train SPEC --resume` of a built-in job (gbt, or mlp with CAVIAR_NEURAL set).

Each round trains one job on a synthetic table (ROWS rows, 10 features; a regression for gbt, 3 classes for mlp): `caviar train spec.json`, then a
SIGKILL a random 0-3 s later to the `caviar train` process, the job's runner or the job's own process (one of the
three at random), and `caviar train spec.json --resume` again, until a run ends by itself. Then it checks: the job is
Completed; its model scores the validation file with `caviar transform` (one prediction per row) and those
predictions equal the ones of the same job trained without any kill (gbt with 1 thread, and mlp with its seeded
epochs, are deterministic); for mlp the checkpoint named by "latest" is whole (config, weights, optimizer) and no
`.partial` folder is left.
Usage: scripts/chaos-train.py ALGORITHM [ROUNDS] [ROWS]   (CAVIAR="dotnet path/caviar.dll", SEED; CAVIAR_NEURAL for mlp)
"""
import json, os, random, shlex, signal, subprocess, sys, tempfile, time

algorithm = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
seed = int(os.environ.get("SEED", os.getpid()))
rng = random.Random(seed)
caviar = shlex.split(os.environ["CAVIAR"])
work = tempfile.mkdtemp(prefix=f"caviar-chaos-train-{algorithm}-")
print(f"chaos-train: {algorithm}, {rounds} rounds, {rows} rows, seed {seed}, in {work}", flush=True)

data = random.Random(1)
for name, count in (("train.csv", rows), ("validation.csv", rows // 5)):
    with open(os.path.join(work, name), "w") as f:
        f.write(",".join(f"x{i}" for i in range(10)) + ",y\n")
        for _ in range(count):
            x = [data.uniform(-1, 1) for _ in range(10)]
            y = x[0] * x[1] + abs(x[2]) - x[3] ** 2 + 0.5 * x[4] + data.gauss(0, 0.1)
            label = f"{y:.6f}" if algorithm == "gbt" else str(0 if y < -0.2 else 1 if y < 0.4 else 2)   # mlp classifies
            f.write(",".join(f"{v:.6f}" for v in x) + f",{label}\n")
with open(os.path.join(work, "validation.csv")) as source, open(os.path.join(work, "score.csv"), "w") as f:
    for line in source: f.write(line.rsplit(",", 1)[0] + "\n")   # the features only, as transform takes them
hyper = {"num_iterations": 400, "threads": 1} if algorithm == "gbt" else \
    {"hidden_units": "64", "epochs": 8, "batch_size": 64, "threads": 1}


def write_spec(name):
    with open(os.path.join(work, f"{name}.json"), "w") as f:
        json.dump({"name": name, "algorithm": algorithm, "hyperParameters": hyper,
                   "channels": [{"name": "train", "path": os.path.join(work, "train.csv")},
                                {"name": "validation", "path": os.path.join(work, "validation.csv")}]}, f)


def train(name, resume):
    return subprocess.Popen(caviar + ["train", f"{name}.json"] + (["--resume"] if resume else []), cwd=work,
                            stdout=open(os.path.join(work, f"{name}.log"), "ab"), stderr=subprocess.STDOUT)


def job_dir(name):
    return os.path.join(work, "caviar-artifacts", "jobs", name)


def predictions(name):
    out = os.path.join(work, f"{name}-scored")
    run = subprocess.run(caviar + ["transform", "--model", os.path.join(job_dir(name), "model"), "--input",
                                   os.path.join(work, "score.csv"), "--output", out], cwd=work, capture_output=True, text=True)
    if run.returncode != 0: return None, run.stdout + run.stderr
    return open(os.path.join(out, "score.csv.out")).read().splitlines(), ""


def ours(pattern):
    found = subprocess.run(["pgrep", "-f", "--", pattern], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


write_spec("reference")
reference = train("reference", False)
if reference.wait() != 0: sys.exit(f"the reference job failed: {open(os.path.join(work, 'reference.log')).read()[-2000:]}")
expected, why = predictions("reference")
if expected is None: sys.exit(f"the reference model does not score: {why}")
print(f"reference: {len(expected)} predictions", flush=True)

killed = {"train": 0, "runner": 0, "job": 0}
failures = 0
for r in range(rounds):
    name = f"chaos-{r:02d}"
    write_spec(name)
    run = train(name, False)
    while True:
        time.sleep(rng.uniform(0, 3))
        if run.poll() is not None:
            if run.returncode == 0: break
        else:
            kind = rng.choice(["train", "runner", "job"])
            pids = [] if kind == "train" else ours(f"job-run (--standby )?{work}/") if kind == "runner" \
                else [p for p in ours(f"builtin {algorithm}") if os.path.exists(f"/proc/{p}/environ")
                      and f"CAVIAR_JOB_NAME={name}".encode() in open(f"/proc/{p}/environ", "rb").read()]
            target = pids[0] if pids else run.pid
            kind = kind if pids else "train"
            try:
                os.kill(target, signal.SIGKILL); killed[kind] += 1
            except ProcessLookupError:
                pass
            if kind != "train": continue
            run.wait()
        run = train(name, True)
    status = json.load(open(os.path.join(job_dir(name), "status.json")))
    got, why = predictions(name)
    problems = []
    if status.get("state") != "Completed": problems.append(f"state {status.get('state')}")
    if got is None: problems.append(f"the model does not score: {why.strip()[:300]}")
    elif got != expected: problems.append(f"{sum(1 for a, b in zip(got, expected) if a != b)} of {len(expected)} predictions differ from the reference")
    if algorithm != "gbt":
        ck = os.path.join(job_dir(name), "checkpoints")
        latest = open(os.path.join(ck, "latest")).read().strip()
        if sorted(os.listdir(os.path.join(ck, latest))) != ["config.json", "optimizer.bin", "weights.bin"]:
            problems.append(f"checkpoint {latest} holds {os.listdir(os.path.join(ck, latest))}")
        if [d for d in os.listdir(ck) if d.endswith(".partial")]: problems.append("a .partial checkpoint is left")
    print(f"{name}: attempts {status.get('attempts')}, {'; '.join(problems) or 'ok'}", flush=True)
    failures += bool(problems)
print(f"kills: {sum(killed.values())} ({' '.join(f'{k}={v}' for k, v in killed.items())})")
print(f"{'ok  ' if failures == 0 else 'FAIL'} jobs Completed with a model that scores as the uninterrupted one ({rounds - failures} of {rounds})")
print(f"details: {work}")
sys.exit(1 if failures else 0)
