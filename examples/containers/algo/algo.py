"""A small SageMaker-style algorithm: `algo.py train` fits y = w*x + b by gradient descent on the CSV rows (x,y) of
the `train` channel; `algo.py serve` answers GET /ping and POST /invocations (CSV x per line -> y per line) on 8080.

It follows SageMaker's container contract (/opt/ml/input/config/hyperparameters.json with string values,
/opt/ml/input/data/CHANNEL, /opt/ml/model, /opt/ml/output/failure, /opt/ml/checkpoints) and runs unchanged as a
host command, where Caviar's variables (SM_MODEL_DIR, SM_CHANNEL_TRAIN, CAVIAR_CHECKPOINT_DIR, ...) give the paths.

Hyperparameters: epochs (5), learning_rate (0.05), epoch_seconds (0: a pause per epoch, to stop it mid-run),
probe (0; 1 writes what the container sees to model/probe.json). Each epoch is checkpointed; a restart resumes.
"""
import glob, json, os, socket, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ML = "/opt/ml"


def where(variable, default):
    return os.environ.get(variable) or default


def hyperparameters():
    path = ML + "/input/config/hyperparameters.json"
    if not os.path.exists(path):
        path = os.environ["CAVIAR_HYPERPARAMETERS"]
    with open(path) as f:
        return json.load(f)


def fail(output, reason):
    os.makedirs(output, exist_ok=True)
    with open(os.path.join(output, "failure"), "w") as f:
        f.write(reason)
    print(reason, file=sys.stderr)
    sys.exit(1)


def rows(channel):
    files = sorted(glob.glob(os.path.join(channel, "*.csv"))) if os.path.isdir(channel) else [channel]
    data = []
    for name in files:
        with open(name) as f:
            for line in f:
                parts = line.strip().split(",")
                if len(parts) == 2 and parts[0] != "x":
                    data.append((float(parts[0]), float(parts[1])))
    return data


def probe(model_dir):
    seen = {
        "files": sorted(os.path.relpath(os.path.join(d, f), ML) for d, _, fs in os.walk(ML) for f in fs),
        "hyperparameters": json.load(open(ML + "/input/config/hyperparameters.json")),
        "resourceconfig": json.load(open(ML + "/input/config/resourceconfig.json")),
        "environment": {k: v for k, v in os.environ.items() if k.startswith(("SM_", "CAVIAR_"))},
        "interfaces": sorted(os.listdir("/sys/class/net")),
        "argv": sys.argv,
    }
    with open(os.path.join(model_dir, "probe.json"), "w") as f:
        json.dump(seen, f, indent=1, sort_keys=True)


def train():
    model_dir = where("SM_MODEL_DIR", ML + "/model")
    output = where("SM_OUTPUT_DATA_DIR", ML + "/output")
    checkpoints = where("CAVIAR_CHECKPOINT_DIR", ML + "/checkpoints")
    channel = where("SM_CHANNEL_TRAIN", ML + "/input/data/train")
    hp = hyperparameters()
    if int(hp.get("probe", 0)):
        probe(model_dir)
    epochs, rate = int(hp.get("epochs", 5)), float(hp.get("learning_rate", 0.05))
    pause = float(hp.get("epoch_seconds", 0))
    if not os.path.exists(channel):
        fail(output, "no training data: the channel 'train' is missing")
    data = rows(channel)
    if not data:
        fail(output, "no training data: the channel 'train' has no x,y rows")
    state_file = os.path.join(checkpoints, "state.json")
    state = {"epoch": 0, "w": 0.0, "b": 0.0}
    if os.path.exists(state_file):
        with open(state_file) as f:
            state = json.load(f)
        print(f"resumed from epoch {state['epoch']}", flush=True)
    w, b = state["w"], state["b"]
    for epoch in range(state["epoch"] + 1, epochs + 1):
        gw = gb = loss = 0.0
        for x, y in data:
            error = w * x + b - y
            gw, gb, loss = gw + error * x, gb + error, loss + error * error
        w, b = w - rate * 2 * gw / len(data), b - rate * 2 * gb / len(data)
        time.sleep(pause)
        print(f"epoch={epoch} loss={loss / len(data):.6f}", flush=True)
        os.makedirs(checkpoints, exist_ok=True)
        with open(state_file + ".tmp", "w") as f:
            json.dump({"epoch": epoch, "w": w, "b": b}, f)
        os.replace(state_file + ".tmp", state_file)
    with open(os.path.join(model_dir, "model.json"), "w") as f:
        json.dump({"w": round(w, 12), "b": round(b, 12)}, f, sort_keys=True)


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps the endpoint's connection open between invocations (every answer has a Content-Length).
    protocol_version = "HTTP/1.1"
    model = None

    def do_GET(self):
        self.answer(200 if self.path == "/ping" else 404, "")

    def do_POST(self):
        if self.path != "/invocations":
            return self.answer(404, "")
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        try:
            xs = [float(line.split(",")[0]) for line in body.splitlines() if line.strip()]
        except ValueError:
            return self.answer(400, "rows must be numbers\n")
        m = Handler.model
        self.answer(200, "".join(f"{m['w'] * x + m['b']:.6f}\n" for x in xs))

    def answer(self, code, text):
        data = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def serve():
    with open(os.path.join(where("SM_MODEL_DIR", ML + "/model"), "model.json")) as f:
        Handler.model = json.load(f)
    port = int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    print(f"serving on {socket.gethostname()}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "train":
        train()
    elif mode == "serve":
        serve()
    else:
        sys.exit(f"usage: algo.py train|serve (got {mode!r})")
