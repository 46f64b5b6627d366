#!/usr/bin/python3
"""Fault injection on the ask/tell HTTP API: `caviar serve` (default SQLite store) SIGKILLed at random moments (every
0-2 s) and started again, while a client (clients/python) asks, reports 3 steps and tells TRIALS trials of a TPE study
with the median stopping rule. A request that gets no answer is sent again once the server is back, as a careful
client would (the same request: the ask with the same Idempotency-Key, the same tell). At the end it checks, in the store:
  integrity; numbers unique 0..N-1; every trial has its values; every trial whose ask was answered ended with the
  value the client told; trials left Running are listed: those are asks that were stored but never answered (the
  client never learned their id).
Usage: scripts/chaos-asktell.py [TRIALS]   (CAVIAR="dotnet path/caviar.dll", SEED)
"""
import os, random, shlex, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "clients", "python"))
import caviar as cv  # noqa: E402

trials = int(sys.argv[1]) if len(sys.argv) > 1 else 200
seed = int(os.environ.get("SEED", os.getpid()))
rng = random.Random(seed)
command = shlex.split(os.environ["CAVIAR"])
work = tempfile.mkdtemp(prefix="caviar-chaos-asktell-")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
url = f"http://127.0.0.1:{port}"
token = "chaos-token"
log = open(os.path.join(work, "server.log"), "ab")
print(f"chaos-asktell: {trials} trials, seed {seed}, in {work}", flush=True)

server = None
lock = threading.Lock()
stop = threading.Event()
kills = 0


def start():
    global server
    server = subprocess.Popen(command + ["serve", "--urls", url, "--token", token], cwd=work, stdout=log, stderr=log)


def listening():
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1): return True
    except OSError:
        return False


def killer():
    global kills
    while not stop.is_set():
        while not stop.is_set() and not listening(): time.sleep(0.05)   # the kill lands while requests are served
        time.sleep(rng.uniform(0, 2))
        if stop.is_set(): break
        with lock:
            server.kill(); server.wait(); kills += 1
            start()


def call(action):
    """Runs one client request until it gets an answer (a connection error means the server is down: wait, resend)."""
    unanswered = 0
    while True:
        try:
            return action(), unanswered
        except (OSError, cv.CaviarError) as error:
            if isinstance(error, cv.CaviarError) and error.status < 500: raise
            unanswered += 1
            time.sleep(0.2)


start()
client = cv.Client(url, token=token, timeout=30)
study, _ = call(lambda: client.study("chaos", {"x": cv.float_range(0, 1)}, strategy="TPE", seed=seed, early_stopping=True))
threading.Thread(target=killer, daemon=True).start()
told = {}            # trial id -> value told
lost_asks = 0        # asks resent after no answer
tell_already_ended = 0
for _ in range(trials):
    key = f"ask-{rng.getrandbits(64):016x}"   # one key per trial: an ask sent again is the same ask
    trial, unanswered = call(lambda: study.ask(key=key))
    lost_asks += unanswered
    x = trial.params["x"]
    value = (x - 0.3) ** 2
    for step in (1, 2, 3):
        try:
            call(lambda: study.client.request("POST", f"/api/studies/chaos/trials/{trial.id}/report", {"step": step, "value": value + 1 / step}))
        except cv.CaviarError:
            break
    try:
        call(lambda: study.tell(trial, value))
    except cv.CaviarError as error:
        if "already ended" not in error.reason: raise
        tell_already_ended += 1      # the first tell was stored, its answer lost
    told[trial.id] = value
stop.set()
with lock:
    server.kill(); server.wait()
print(f"kills: {kills}; asks resent after no answer: {lost_asks}; tells answered 'already ended' on a resend: {tell_already_ended}")

failures = 0


def check(name, got, expected):
    global failures
    print(f"{'ok  ' if got == expected else 'FAIL'} {name}" + (f" ({got})" if got == expected else f": expected {expected}, got {got}"))
    if got != expected: failures += 1


db = sqlite3.connect(os.path.join(work, "caviar.db"))
check("store integrity", db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
rows = db.execute("SELECT t.id, t.number, t.state, t.value FROM trials t ORDER BY t.number").fetchall()
numbers = [r[1] for r in rows]
check("trial numbers unique, 0..N-1", (len(set(numbers)), min(numbers), max(numbers)), (len(rows), 0, len(rows) - 1))
check("every trial has its values", db.execute(
    "SELECT count(*) FROM trials t WHERE NOT EXISTS (SELECT 1 FROM trial_params p WHERE p.trial_id = t.id)").fetchone()[0], 0)
by_id = {r[0]: r for r in rows}
wrong = [i for i, v in told.items() if by_id[i][2] not in ("Completed", "Pruned") or
         (by_id[i][2] == "Completed" and abs(by_id[i][3] - v) > 1e-9)]
check("answered trials that did not end with the told value", len(wrong), 0)
orphans = [r for r in rows if r[0] not in told]
check("trials the client never learned of (stored, ask unanswered)", len(orphans), 0)
for r in orphans: print(f"  trial {r[1]} (id {r[0]}): {r[2]}")
print("states:", " ".join(f"{s}={n}" for s, n in db.execute("SELECT state, count(*) FROM trials GROUP BY state")))
print(f"details: {work}")
sys.exit(1 if failures else 0)
