"""What a training script run by Caviar reads and writes (the variables the runner sets)."""

import json
import math
import os
import re

_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")
_report_counts = {}


def _env(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: this runs outside a Caviar job")
    return value


def _typed(value):
    """A hyperparameter as the script wants it: JSON numbers stay numbers; text that is a number or a
    boolean (a categorical value such as "16" or "true") becomes one; anything else stays text."""
    if not isinstance(value, str):
        return value
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def hyperparameters(typed=True):
    """The job's hyperparameters (static ones plus the trial's tuned ones) as a dict.

    With ``typed`` (the default) categorical values that are numbers or booleans are converted;
    ``typed=False`` gives them as stored."""
    with open(_env("CAVIAR_HYPERPARAMETERS"), encoding="utf-8") as f:
        values = json.load(f)
    return {name: _typed(value) for name, value in values.items()} if typed else values


def channels():
    """The names of the job's data channels."""
    names = os.environ.get("CAVIAR_CHANNELS", "")
    return [name for name in names.split(",") if name]


def channel(name):
    """The path of data channel ``name`` (a folder, a file in place, or a FIFO in Pipe mode)."""
    variable = "CAVIAR_CHANNEL_" + name.upper().replace("-", "_")
    path = os.environ.get(variable)
    if not path:
        raise KeyError(f"no channel named '{name}'; the job has: {', '.join(channels()) or 'none'}")
    return path


def model_dir():
    """Where the script writes its model."""
    return _env("CAVIAR_MODEL_DIR")


def checkpoint_dir():
    """Where the script keeps checkpoints; kept across retries and resumes."""
    return _env("CAVIAR_CHECKPOINT_DIR")


def output_dir():
    """Where a failing script writes a ``failure`` file with the reason."""
    return _env("CAVIAR_OUTPUT_DIR")


def job_name():
    """The job's name (trial n of tuning job T is ``T-000n``)."""
    return _env("CAVIAR_JOB_NAME")


def report(step=None, **metrics):
    """Reports metric values at a step, e.g. ``report(step=3, val_loss=0.21, val_accuracy=0.93)``.

    Inside a Caviar job the values go to the file Caviar reads (CAVIAR_METRICS_FILE) as one JSON line, so no
    metric regex is needed; the tuning job's ``objective.metricName`` names one of them. Without ``step``, the
    n-th report of a metric is step n. Values that are not finite (NaN, inf) are left out. Outside a job the
    values are printed."""
    if not metrics:
        raise ValueError("report needs at least one metric, e.g. report(step=1, loss=0.5)")
    if step is not None and (isinstance(step, bool) or not isinstance(step, int) or step < 0):
        raise ValueError(f"step must be an integer of 0 or more, not {step!r}")
    line = {} if step is None else {"step": step}
    for name, value in metrics.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)   # numpy scalars, tensors with __float__
            except (TypeError, ValueError):
                raise ValueError(f"metric '{name}' must be a number, not {value!r}") from None
        if math.isfinite(value):
            line[name] = value
    path = os.environ.get("CAVIAR_METRICS_FILE")
    if not path:
        print(" ".join(f"{k}={v}" for k, v in line.items()), flush=True)
        return
    text = json.dumps(line, allow_nan=False) + "\n"
    # One write of a whole line to a file opened for appending: Caviar never sees half a line.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def should_stop():
    """Whether Caviar asks the job to end: its trial was pruned or the job was stopped. A script that checks this
    (say once an epoch), saves what it needs and exits 0 is recorded Pruned rather than killed."""
    path = os.environ.get("CAVIAR_STOP_FILE")
    return bool(path) and os.path.exists(path)
