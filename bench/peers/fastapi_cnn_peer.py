"""The serving peer: the built-in cnn's architecture served the way a Python user would stand it up,
FastAPI + uvicorn (one worker) + PyTorch eager, answering SageMaker's /ping and /invocations
({"instances": [[784 values], ...]} -> {"predictions": [[10 logits], ...]}).

Same layers as Caviar's cnn (conv3x3 + batch norm + ReLU + max-pool 2 per channel count, then linear + batch norm +
ReLU, then linear); weights are PyTorch's initial ones (speed does not depend on their values). Batch norms run as
their own ops in eval mode, as they do for a PyTorch user (Caviar's export folds them).
"""
import argparse

import torch
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--conv-channels", default="32,64")
parser.add_argument("--hidden-units", default="128")
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)

layers, channels, side = [], 1, 28
for out in [int(c) for c in args.conv_channels.split(",")]:
    layers += [torch.nn.Conv2d(channels, out, 3, padding=1), torch.nn.BatchNorm2d(out), torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
    channels, side = out, side // 2
layers.append(torch.nn.Flatten())
width = channels * side * side
for units in [int(u) for u in args.hidden_units.split(",")]:
    layers += [torch.nn.Linear(width, units), torch.nn.BatchNorm1d(units), torch.nn.ReLU()]
    width = units
layers.append(torch.nn.Linear(width, 10))
model = torch.nn.Sequential(*layers).eval()

app = FastAPI()


@app.get("/ping")
def ping():
    return {}


@app.post("/invocations")
async def invocations(request: Request):
    body = await request.json()
    with torch.no_grad():
        x = torch.tensor(body["instances"], dtype=torch.float32).reshape(-1, 1, 28, 28)
        return JSONResponse({"predictions": model(x).tolist()})


uvicorn.run(app, host="127.0.0.1", port=args.port, workers=1, log_level="warning")
