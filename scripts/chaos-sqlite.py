#!/usr/bin/python3
"""Fault injection beyond scripts/chaos.sh: the embedded SQLite store and strategies that keep state.

For one scenario (random, tpe, hyperband, median, mo, pbt) it loops: start `caviar tune SPEC [--resume]` (the
default SQLite store, caviar.db in the work folder), sleep a random 0-2 s (timed from the tuner's start, or half the
time from its first line, so kills land both in its startup and while it tunes), SIGKILL the tuner (3 times in 5) or a
random runner or job process of this run, start the tuner again with --resume when it is dead. After KILLS kills it lets one tuner
finish and checks the invariants in the store and against the jobs' ledger:
  the store passes PRAGMA integrity_check; trial count exact; numbers unique 0..N-1; every trial has its values;
  none left Running or Waiting; no Failed trial whose job completed; every Completed trial's job completed exactly once and the stored value (values, for
  several objectives) equals the one it printed last; Hyperband prunes only at a rung; for PBT the lineage has
  one row per trial with its score, every checkpoint's history is whole (no epoch lost or trained twice, the copied
  member's history first) and every copy is logged once.
Usage: scripts/chaos-sqlite.py SCENARIO [KILLS] [TRIALS]   (CAVIAR="dotnet path/caviar.dll", SEED)
Prints one line per invariant (ok/FAIL) and exits 1 if any failed.
"""
import json, os, random, shlex, signal, sqlite3, subprocess, sys, tempfile, time

scenario = sys.argv[1]
kills = int(sys.argv[2]) if len(sys.argv) > 2 else 40
trials = int(sys.argv[3]) if len(sys.argv) > 3 else 24
seed = int(os.environ.get("SEED", os.getpid()))
rng = random.Random(seed)
caviar = shlex.split(os.environ["CAVIAR"])
work = tempfile.mkdtemp(prefix=f"caviar-chaos-{scenario}-")
ledger = os.path.join(work, "ledger")
epochs = 4
print(f"chaos-sqlite: {scenario}, {kills} kills, {trials} trials, seed {seed}, in {work}", flush=True)

# The job: EPOCHS epochs with a checkpoint each; loss falls with the epochs, acc is a second objective; its last act
# is one ledger line with the values it printed last.
JOB = r"""
x=$(sed -n 's/.*"x": *\([-0-9.eE+]*\).*/\1/p' "$CAVIAR_HYPERPARAMETERS")
start=1
[ -f "$CAVIAR_CHECKPOINT_DIR/epoch" ] && start=$(( $(cat "$CAVIAR_CHECKPOINT_DIR/epoch") + 1 ))
for e in $(seq $start EPOCHS); do
  sleep 0.$(( RANDOM % 4 ))
  loss=$(awk -v x="$x" -v e="$e" 'BEGIN { printf "%.6f", (x-0.3)^2 + 1/e }')
  acc=$(awk -v x="$x" -v e="$e" 'BEGIN { printf "%.6f", 1 - (x-0.7)^2 - 1/(e+1) }')
  echo "epoch=$e loss=$loss acc=$acc"
  echo $e > "$CAVIAR_CHECKPOINT_DIR/epoch.tmp" && mv "$CAVIAR_CHECKPOINT_DIR/epoch.tmp" "$CAVIAR_CHECKPOINT_DIR/epoch"
done
# The values of the last epoch again: a job resumed from its last checkpoint runs no epoch.
loss=$(awk -v x="$x" -v e=EPOCHS 'BEGIN { printf "%.6f", (x-0.3)^2 + 1/e }')
acc=$(awk -v x="$x" -v e=EPOCHS 'BEGIN { printf "%.6f", 1 - (x-0.7)^2 - 1/(e+1) }')
echo "$CAVIAR_JOB_NAME $loss $acc" >> "$LEDGER"
""".replace("EPOCHS", str(epochs))

# PBT's job: PbtTuningTests' script (its checkpoint records which job trained which epoch with which lr).
PBT_JOB = r"""
import json, os, sys, time, random
hp = json.load(open(os.environ["CAVIAR_HYPERPARAMETERS"]))
ck = os.environ["CAVIAR_CHECKPOINT_DIR"]
os.makedirs(ck, exist_ok=True)
path = os.path.join(ck, "state.json")
state = json.load(open(path)) if os.path.exists(path) else {"epoch": 0, "theta": 0.0, "history": []}
lr, epochs = float(hp["lr"]), int(hp["epochs"])
for epoch in range(state["epoch"] + 1, epochs + 1):
    state["theta"] += lr * (1 - state["theta"])
    state["epoch"] = epoch
    state["history"].append([os.environ["CAVIAR_JOB_NAME"], epoch, lr])
    with open(path + ".tmp", "w") as f:
        json.dump(state, f)
    os.replace(path + ".tmp", path)
    print(f"epoch={epoch} score={state['theta']}", flush=True)
    time.sleep(random.random() * 0.3)
with open(os.environ["LEDGER"], "a") as f:
    f.write(f"{os.environ['CAVIAR_JOB_NAME']} {state['theta']}\n")
"""

metric = lambda name: {"name": name, "regex": rf"epoch=(?<step>\d+) .*{name}=(?<value>\S+)" if name == "acc"
                       else rf"epoch=(?<step>\d+) {name}=(?<value>\S+)"}
spec = {
    "name": "chaos",
    "objective": {"type": "Minimize", "metricName": "loss"},
    "trainingJob": {
        "command": ["/bin/bash", os.path.join(work, "job.sh")],
        "metricDefinitions": [metric("loss"), metric("acc")],
        "environment": {"LEDGER": ledger},
        "retryStrategy": {"maximumRetryAttempts": 3},
    },
    "strategy": "Random",
    "seed": seed,
    "hyperParameterRanges": [{"type": "continuous", "name": "x", "minValue": 0, "maxValue": 1}],
    "limits": {"maxTrials": trials, "maxParallel": 2},
}
if scenario == "tpe":
    spec["strategy"] = "TPE"
elif scenario == "hyperband":
    spec["strategy"] = "Hyperband"
    spec["hyperband"] = {"minResource": 1, "maxResource": epochs, "reductionFactor": 2, "brackets": 2}
elif scenario == "median":
    spec["strategy"] = "TPE"
    spec["earlyStopping"] = "Auto"
    spec["medianStopping"] = {"startupTrials": 3, "warmupSteps": 1}
elif scenario == "mo":
    del spec["objective"]
    spec["objectives"] = [{"type": "Minimize", "metricName": "loss"}, {"type": "Maximize", "metricName": "acc"}]
    spec["strategy"] = "NSGA2"
elif scenario == "pbt":
    population, interval, max_resource = 4, 2, 8
    spec["objective"] = {"type": "Maximize", "metricName": "score"}
    spec["strategy"] = "PBT"
    spec["pbt"] = {"populationSize": population, "perturbationInterval": interval, "maxResource": max_resource}
    spec["trainingJob"]["command"] = ["/usr/bin/python3", os.path.join(work, "train.py")]
    spec["trainingJob"]["metricDefinitions"] = [metric("score")]
    spec["hyperParameterRanges"] = [{"type": "continuous", "name": "lr", "minValue": 0.01, "maxValue": 0.5,
                                     "scalingType": "Logarithmic"}]
    del spec["limits"]["maxTrials"]
    trials = population * -(-max_resource // interval)
elif scenario != "random":
    sys.exit(f"unknown scenario {scenario}")
with open(os.path.join(work, "job.sh"), "w") as f: f.write(JOB)
with open(os.path.join(work, "train.py"), "w") as f: f.write(PBT_JOB)
with open(os.path.join(work, "spec.json"), "w") as f: json.dump(spec, f, indent=1)
log = open(os.path.join(work, "tuner.log"), "ab")
db_path = os.path.join(work, "caviar.db")


def start(resume):
    args = caviar + ["tune", "spec.json"] + (["--resume"] if resume else [])
    return subprocess.Popen(args, cwd=work, stdout=log, stderr=log, start_new_session=False)


def ours(pattern):
    """Process ids of this run's runners or jobs (each names the work folder in its command line)."""
    found = subprocess.run(["pgrep", "-f", "--", pattern], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found if int(p) != os.getpid()]


def study_exists():
    if not os.path.exists(db_path): return False
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30) as db:
            return db.execute("SELECT count(*) FROM studies WHERE name = 'chaos'").fetchone()[0] > 0
    except sqlite3.Error:
        return False


killed = {"tuner": 0, "runner": 0, "job": 0}
finished_runs = 0


def ready(run, lines_before):
    """Waits (up to 60 s) until the tuner has printed its first line: it has opened the store and taken the study."""
    deadline = time.time() + 60
    while time.time() < deadline and run.poll() is None:
        if sum(1 for _ in open(os.path.join(work, "tuner.log"), "rb")) > lines_before: return
        time.sleep(0.05)


def log_lines():
    return sum(1 for _ in open(os.path.join(work, "tuner.log"), "rb"))


before = 0
tuner = start(False)
while sum(killed.values()) < kills:
    # Half the kills are timed from the tuner's start (they land in its startup: schema, lease, resume), half from
    # the moment it has begun tuning.
    if rng.random() < 0.5: ready(tuner, before)
    time.sleep(rng.uniform(0, 2))
    if tuner.poll() is not None:
        finished_runs += 1
        if tuner.returncode == 0 and finished_runs > 3: break   # the study has ended: nothing more to attack
        tuner = start(study_exists()); before = log_lines(); continue
    kind = rng.choice(["tuner", "tuner", "tuner", "runner", "job"])
    pids = [] if kind == "tuner" else \
        ours(f"job-run (--standby )?{work}/") if kind == "runner" else ours(f"{work}/(job.sh|train.py)")
    if pids:
        try:
            os.kill(rng.choice(pids), signal.SIGKILL); killed[kind] += 1
        except ProcessLookupError:
            pass
        continue
    tuner.kill(); tuner.wait(); killed["tuner"] += 1
    before = log_lines()
    tuner = start(study_exists())
print(f"kills: {sum(killed.values())} ({' '.join(f'{k}={v}' for k, v in killed.items())}); runs that ended by themselves: {finished_runs}")

# Let the job finish: one tuner, restarted while it halts.
deadline = time.time() + 900
while time.time() < deadline:
    code = tuner.wait()
    if code == 0: break
    time.sleep(1)
    tuner = start(study_exists())
print(f"last tuner exit code: {tuner.returncode}")

failures = 0


def check(name, got, expected):
    global failures
    if got == expected:
        print(f"ok   {name} ({got})")
    else:
        print(f"FAIL {name}: expected {expected}, got {got}"); failures += 1


db = sqlite3.connect(db_path, timeout=30)
check("store integrity", db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
rows = db.execute("SELECT id, number, state, value FROM trials ORDER BY number").fetchall()
check("trial count exact", len(rows), trials)
numbers = [r[1] for r in rows]
check("trial numbers unique, 0..N-1", (len(set(numbers)), min(numbers, default=-1), max(numbers, default=-1)), (trials, 0, trials - 1))
param = "lr" if scenario == "pbt" else "x"
check("every trial has its values", db.execute(
    "SELECT count(*) FROM trials t WHERE NOT EXISTS (SELECT 1 FROM trial_params p WHERE p.trial_id = t.id AND p.name = ?)",
    (param,)).fetchone()[0], 0)
check("no trial left Running or Waiting", sum(1 for r in rows if r[2] in ("Running", "Waiting")), 0)
lines = {}
if os.path.exists(ledger):
    for line in open(ledger):
        name, *values = line.split()
        lines.setdefault(name, []).append([float(v) for v in values])
twice = missing = differs = pruned_completed = 0
for trial_id, number, state, value in rows:
    job = f"chaos-{number:04d}"
    done = lines.get(job, [])
    if state == "Pruned" and done: pruned_completed += 1
    if state != "Completed": continue
    if len(done) > 1: twice += 1; print(f"  {job} completed {len(done)} times")
    if not done: missing += 1; print(f"  {job} Completed but its job never completed"); continue
    printed = done[-1]
    if scenario == "mo":
        stored = [v for (v,) in db.execute("SELECT value FROM trial_values WHERE trial_id = ? ORDER BY objective", (trial_id,))]
    else:
        stored = [value]
    if len(stored) != len(printed[:len(stored)]) or any(s is None or abs(s - p) > 1e-6 for s, p in zip(stored, printed)):
        differs += 1; print(f"  {job} stored {stored}, printed {printed}")
failed_completed = [n for (_, n, state, _) in rows if state == "Failed" and (lambda p: os.path.exists(p) and
                    json.load(open(p)).get("state") == "Completed")(os.path.join(work, "caviar-artifacts", "jobs", f"chaos-{n:04d}", "status.json"))]
check("failed trials whose job completed", len(failed_completed), 0)
check("completed trials whose job never completed", missing, 0)
check("completed trials whose job completed more than once", twice, 0)
check("completed trials whose stored value differs from the printed one", differs, 0)
# Not an invariant: a prune is a request, and a job whose last epoch came before the runner saw it completes anyway
# (the trial stays Pruned, decided on the values of the steps before). It happens without kills too.
print(f"note: pruned trials whose job had completed anyway: {pruned_completed}")
if scenario == "hyperband":
    # Rungs of brackets 0 and 1 with minResource 1, maxResource 4, eta 2: steps 1 and 2.
    steps = [int(r[0].split("at step ")[1].split(";")[0]) for r in
             db.execute("SELECT failure_reason FROM trials WHERE state = 'Pruned'")]
    check("pruned trials stopped at a step that is no rung", sum(1 for s in steps if s not in (1, 2)), 0)
if scenario == "pbt":
    artifacts = os.path.join(work, "caviar-artifacts")
    lineage = db.execute("SELECT round, member, parent_member, hyperparameters, score FROM pbt_lineage ORDER BY round, member").fetchall()
    check("lineage rows, one per trial", len(lineage), trials)
    by_number = {r[1]: r for r in rows}
    check("lineage scores equal the trials' values",
          sum(1 for rd, m, _, _, s in lineage if by_number.get(rd * population + m, (0, 0, 0, None))[3] != s), 0)

    def history(member, rnd):
        job = f"chaos-{rnd * population + member:04d}"
        path = os.path.join(artifacts, "jobs", job, "checkpoints", "state.json")
        return json.load(open(path))["history"] if os.path.exists(path) else None
    broken = 0
    for rnd, member, parent, hp, score in lineage:
        h = history(member, rnd)
        job = f"chaos-{rnd * population + member:04d}"
        ok = h is not None and len(h) == interval * (rnd + 1) \
            and all(step[0] == job and abs(step[2] - json.loads(hp)["lr"]) < 1e-12 for step in h[interval * rnd:])
        if ok and rnd > 0:
            ok = h[:interval * rnd] == history(member if parent is None else parent, rnd - 1)
        if not ok: broken += 1; print(f"  round {rnd} member {member}: history {h}")
    check("checkpoints whose history is not whole", broken, 0)
    copy_log = [p for p in (os.path.join(artifacts, "pbt", "chaos", "copies.log"),) if os.path.exists(p)]
    copies = open(copy_log[0]).read().splitlines() if copy_log else []
    exploits = sorted(f"round {rd} member {m} copied member {p}" for rd, m, p, _, _ in lineage if p is not None)
    check("copies logged once each, one per exploit", (len(copies) - len(set(copies)), sorted(copies) == exploits), (0, True))
states = {}
for r in rows: states[r[2]] = states.get(r[2], 0) + 1
print("states:", " ".join(f"{k}={v}" for k, v in sorted(states.items())))
reasons = {r[0] for r in db.execute("SELECT DISTINCT failure_reason FROM trials WHERE state = 'Failed'")}
print("failure reasons:", " | ".join(sorted(str(r) for r in reasons)))
print(f"details: {work}")
sys.exit(1 if failures else 0)
