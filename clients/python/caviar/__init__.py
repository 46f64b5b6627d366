"""Caviar from Python, standard library only.

In a training script run by Caviar::

    import caviar
    hp = caviar.hyperparameters()               # typed values
    data = caviar.channel("train")               # the channel's path
    for epoch in range(hp["epochs"]):
        ...
        caviar.report(step=epoch, val_loss=loss)  # metrics without regexes
        if caviar.should_stop():                  # pruned or stopped: exit cleanly
            break

From a notebook or any program, against ``caviar serve``::

    client = caviar.Client("http://127.0.0.1:8080", token)
    study = client.study("quadratic", {"x": caviar.float_range(-5, 5)}, "minimize")
    trial = study.ask()
    study.tell(trial, trial.params["x"] ** 2)
"""

from ._job import (
    channel,
    channels,
    checkpoint_dir,
    hyperparameters,
    job_name,
    model_dir,
    output_dir,
    report,
    should_stop,
)
from ._space import categorical, float_range, int_range
from ._client import CaviarError, Client, Study, Trial, TrialPruned, TuningJob

__all__ = [
    "CaviarError", "Client", "Study", "Trial", "TrialPruned", "TuningJob",
    "categorical", "channel", "channels", "checkpoint_dir", "float_range", "hyperparameters", "int_range",
    "job_name", "model_dir", "output_dir", "report", "should_stop",
]
