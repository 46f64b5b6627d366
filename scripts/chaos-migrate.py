#!/usr/bin/python3
"""Fault injection on the embedded SQLite store's schema migration and WAL checkpoint.

A schema-1 store (the first release's tables) holding one study of TRIALS trials, each with 2 values and 10
intermediate values, is opened by `caviar list --store FILE`, which migrates it to the current schema in its first
transaction and, closing the store's last connection, checkpoints the WAL into the file. A watcher polls the files
every 0.2 ms and SIGKILLs the process a random 0-5 ms after the first sign of the attacked moment: the WAL growing
(the migration writing) or, half the time, the store file changing (the switch to WAL mode, or the checkpoint
copying pages into it). Killed
runs are started again on the same file until one ends by itself; then a fresh schema-1 copy is attacked.
After every kill and every completed run it checks: PRAGMA integrity_check; the recorded version is 1 or the
current one and the tables and columns are those of that version (never half a migration); every trial, value and
intermediate value is still there; a completed run's store lists the study.
Usage: scripts/chaos-migrate.py [KILLS] [TRIALS]   (CAVIAR="dotnet path/caviar.dll", SEED)
"""
import os, random, shlex, shutil, signal, sqlite3, subprocess, sys, tempfile, time

kills = int(sys.argv[1]) if len(sys.argv) > 1 else 100
trials = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
seed = int(os.environ.get("SEED", os.getpid()))
rng = random.Random(seed)
caviar = shlex.split(os.environ["CAVIAR"])
work = tempfile.mkdtemp(prefix="caviar-chaos-migrate-")
print(f"chaos-migrate: {kills} kills, {trials} trials, seed {seed}, in {work}", flush=True)

# Schema 1, as SqliteDialect.CreateTables still writes it before the migrations run.
template = os.path.join(work, "schema1.db")
with sqlite3.connect(template) as db:
    db.executescript("""
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, direction TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL, configuration TEXT);
        CREATE TABLE trials (id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id),
            number INTEGER NOT NULL, state TEXT NOT NULL, value REAL, started_at_ms INTEGER NOT NULL,
            finished_at_ms INTEGER, failure_reason TEXT, UNIQUE (study_id, number));
        CREATE TABLE trial_params (trial_id INTEGER NOT NULL REFERENCES trials(id), name TEXT NOT NULL,
            value REAL NOT NULL, distribution TEXT NOT NULL, PRIMARY KEY (trial_id, name));
        CREATE TABLE trial_intermediate_values (trial_id INTEGER NOT NULL REFERENCES trials(id), step INTEGER NOT NULL,
            value REAL, PRIMARY KEY (trial_id, step));
        INSERT INTO schema_version VALUES (1);
        INSERT INTO studies VALUES (1, 'old', 'Minimize', 0, NULL);
    """)
    dist = '{"type":"continuous","name":"%s","minValue":0,"maxValue":1}'
    for n in range(trials):
        db.execute("INSERT INTO trials VALUES (?, 1, ?, 'Completed', ?, 0, 1, NULL)", (n + 1, n, n / trials))
        db.executemany("INSERT INTO trial_params VALUES (?, ?, ?, ?)", [(n + 1, p, rng.random(), dist % p) for p in ("x", "y")])
        db.executemany("INSERT INTO trial_intermediate_values VALUES (?, ?, ?)", [(n + 1, s, rng.random()) for s in range(10)])
expected = (trials, 2 * trials, 10 * trials)
current = 7   # RelationalSchema.Version

layout_of = {
    1: (set(), {"worker", "heartbeat_at_ms", "attempts", "curve_rewrites"}),
    current: ({"study_leases", "trial_user_attributes", "study_directions", "trial_values", "trial_constraints", "pbt_lineage"}, set()),
}
later_tables = layout_of[current][0]
later_columns = layout_of[1][1]


def state_of(path):
    """(problems found, version) of the store at path, read as a new process would."""
    problems = []
    # A copy of the files as the kill left them is read (closing a connection checkpoints its WAL), so the next run
    # meets the files themselves as the kill left them.
    copy = os.path.join(work, "check.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(copy + suffix): os.remove(copy + suffix)
        if os.path.exists(path + suffix): shutil.copy(path + suffix, copy + suffix)
    db = sqlite3.connect(copy, timeout=30)
    try:
        if (ok := db.execute("PRAGMA integrity_check").fetchone()[0]) != "ok": problems.append(f"integrity: {ok}")
        version = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = {r[1] for r in db.execute("PRAGMA table_info(trials)")}
        if version == 1:
            if tables & later_tables or columns & later_columns:
                problems.append(f"version 1 with later parts: {sorted(tables & later_tables)} {sorted(columns & later_columns)}")
        elif version == current:
            if later_tables - tables or later_columns - columns:
                problems.append(f"version {current} without {sorted(later_tables - tables)} {sorted(later_columns - columns)}")
        else:
            problems.append(f"version {version}")
        counts = tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("trials", "trial_params", "trial_intermediate_values"))
        if counts != expected: problems.append(f"rows {counts}, expected {expected}")
    finally:
        db.close()
    return problems, version


def signature(path):
    try:
        s = os.stat(path); return (s.st_size, s.st_mtime_ns)
    except FileNotFoundError:
        return None


store = os.path.join(work, "caviar.db")
count = runs = completed = failures = 0
landed = {"wal-write": 0, "file-write": 0}
versions_after_kill = {}
fresh = True
while count < kills:
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(store + suffix): os.remove(store + suffix)
        shutil.copy(template, store)
        fresh = False
    target = rng.choice(["wal-write", "file-write"])
    watched = store + "-wal" if target == "wal-write" else store
    before = signature(watched)
    run = subprocess.Popen(caviar + ["list", "--store", store], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    runs += 1
    killed = False
    while run.poll() is None:
        now = signature(watched)
        if now != before and now is not None:
            time.sleep(rng.uniform(0, 0.005))
            if run.poll() is None:
                run.kill(); killed = True
            break
        time.sleep(0.0002)
    output = run.communicate()[0].decode(errors="replace")
    problems, version = state_of(store)
    if killed:
        count += 1; landed[target] += 1
        versions_after_kill[version] = versions_after_kill.get(version, 0) + 1
    else:
        completed += 1
        if run.returncode != 0 or "old" not in output: problems.append(f"exit {run.returncode}: {output.strip()[:300]}")
        if version != current: problems.append(f"a completed run left version {version}")
        fresh = True
    if problems:
        failures += 1
        print(f"FAIL after {'a kill at the ' + target if killed else 'a completed run'}: {'; '.join(problems)}", flush=True)
        fresh = True
print(f"kills: {count} (WAL written={landed['wal-write']} file written={landed['file-write']}); runs: {runs}, "
      f"completed by themselves: {completed}; versions found after a kill: {versions_after_kill}")
print(f"{'ok  ' if failures == 0 else 'FAIL'} stores whole after every kill and run ({failures} failed checks)")
print(f"details: {work}")
sys.exit(1 if failures else 0)
