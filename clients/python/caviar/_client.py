"""The HTTP API of ``caviar serve`` from Python: tuning jobs and ask/tell studies."""

import http.client
import json
import math
import os
import time
import urllib.parse
import uuid

from ._space import to_ranges


class CaviarError(Exception):
    """The API refused a request: ``status`` (HTTP), ``field`` and ``reason`` as the server gave them."""

    def __init__(self, status, field, reason):
        super().__init__(f"{status}: {field}: {reason}" if field else f"{status}: {reason}")
        self.status, self.field, self.reason = status, field, reason


class TrialPruned(Exception):
    """Raise it in an objective given to ``Study.optimize`` to end the trial as Pruned."""


class Client:
    """A connection to ``caviar serve`` at ``url`` with bearer ``token`` (default: $CAVIAR_API_TOKEN).

    It keeps one HTTP connection open (reconnecting when the server closed it); use one Client per thread."""

    def __init__(self, url="http://127.0.0.1:8080", token=None, timeout=60.0):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"url must be http(s)://host[:port], not {url!r}")
        self._scheme, self._host, self._port = parsed.scheme, parsed.hostname, parsed.port
        self._url = url.rstrip("/")
        self._prefix = parsed.path.rstrip("/")
        self._token = token if token is not None else os.environ.get("CAVIAR_API_TOKEN", "")
        self._timeout = timeout
        self._connection = None

    # -- transport -------------------------------------------------------------------------------------------
    def _connect(self):
        kind = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
        return kind(self._host, self._port, timeout=self._timeout)

    def request(self, method, path, body=None, headers=None):
        """Sends one request and returns the decoded JSON answer; raises CaviarError for 4xx/5xx. A request whose
        connection was closed before the answer came is sent once more (asks carry a key, tells are answered again)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json", **(headers or {})}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            if self._connection is None:
                self._connection = self._connect()
            try:
                self._connection.request(method, self._prefix + path, body=data, headers=headers)
                response = self._connection.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.CannotSendRequest):
                self._connection.close()
                self._connection = None
                if attempt == 1:
                    raise
            except ConnectionRefusedError as error:
                self._connection.close()
                self._connection = None
                raise ConnectionError(f"cannot reach caviar serve at {self._url}: {error.strerror or error}; start it "
                                      f"with: caviar serve --urls {self._scheme}://{self._host}:{self._port or 80}") from error
        text = payload.decode("utf-8") if payload else ""
        answer = json.loads(text) if text else None
        if response.status >= 400:
            details = answer if isinstance(answer, dict) else {}
            raise CaviarError(response.status, details.get("field", ""), details.get("reason", text))
        return answer

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- tuning jobs -----------------------------------------------------------------------------------------
    def create_tuning_job(self, spec):
        """Creates and starts a tuning job from a dict (the same JSON as a spec file) and returns its handle."""
        answer = self.request("POST", "/api/tuning-jobs", spec)
        return TuningJob(self, answer["name"])

    def tuning_job(self, name):
        """A handle on an existing tuning job (or ask/tell study)."""
        return TuningJob(self, name)

    def tuning_jobs(self):
        """Every tuning job: name, direction, trial counts, best value."""
        return self.request("GET", "/api/tuning-jobs")

    # -- ask/tell ------------------------------------------------------------------------------------------
    def study(self, name, space, direction="minimize", strategy="Bayesian", seed=0, early_stopping=False,
              hyperband=None, directions=None):
        """Creates the ask/tell study ``name``, or loads it when it exists with the same space and direction(s).

        ``space``: a dict name -> range (``caviar.float_range``, ``int_range``, ``categorical``) or a list of spec
        ranges. ``early_stopping=True`` prunes with the median stopping rule; ``strategy="Hyperband"`` with
        ``hyperband={"minResource": 1, "maxResource": 27}`` prunes with Hyperband over reported steps.
        ``directions=["maximize", "minimize"]`` (2 to 4, as Optuna's) makes a study of several objectives instead of
        ``direction``: tell it one value per objective, and ``best_trials`` is its Pareto front."""
        ranges, originals = to_ranges(space)
        body = {"name": name, "space": ranges, "strategy": strategy, "seed": seed,
                "earlyStopping": "Auto" if early_stopping else "Off"}
        if directions is None:
            body["direction"] = _direction(direction)
        else:
            body["directions"] = [_direction(d) for d in directions]
        if hyperband is not None:
            body["hyperband"] = hyperband
        self.request("POST", "/api/studies", body)
        return Study(self, name, originals)


def _direction(direction):
    lowered = str(direction).lower()
    if lowered not in ("minimize", "maximize"):
        raise ValueError(f"direction must be 'minimize' or 'maximize', not {direction!r}")
    return lowered.capitalize()


def _finite(value, what, told=True):
    """``value`` as a float when it is a finite number; otherwise a ValueError saying what to do instead."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    advice = ("; to record an evaluation that failed, use study.tell(trial, state='Failed', reason=...)" if told
              else "; leave out a step whose value is not a number")
    raise ValueError(f"{what} must be a finite number, not {value!r}{advice}")


def _quote(name):
    return urllib.parse.quote(name, safe="")


class TuningJob:
    """A tuning job on the server: describe it, list and watch its trials, read the best, stop it."""

    def __init__(self, client, name):
        self.client, self.name = client, name

    def describe(self):
        """States (counts per trial state), the best trial, whether it still runs."""
        return self.client.request("GET", f"/api/tuning-jobs/{_quote(self.name)}")

    def trials(self):
        """Every trial: number, state, value, params, intermediateValues, failureReason."""
        return self.client.request("GET", f"/api/tuning-jobs/{_quote(self.name)}/trials")

    def best(self):
        """The best completed trial (number, value, params, ...), or None."""
        return self.describe().get("best")

    def stop(self):
        """Asks the job to stop; its running trials end Stopped."""
        return self.client.request("POST", f"/api/tuning-jobs/{_quote(self.name)}/stop")

    @property
    def running(self):
        return bool(self.describe().get("running"))

    def watch(self, poll=0.5, timeout=None):
        """Yields each trial (a dict) once it has ended, until the job no longer runs."""
        seen = set()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            running = self.running
            for trial in self.trials():
                if trial["state"] != "Running" and trial["number"] not in seen:
                    seen.add(trial["number"])
                    yield trial
            if not running:
                return
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"tuning job '{self.name}' still runs after {timeout} s")
            time.sleep(poll)

    def wait(self, poll=0.5, timeout=None):
        """Waits until the job no longer runs and returns ``describe()``."""
        for _ in self.watch(poll, timeout):
            pass
        return self.describe()


class Study(TuningJob):
    """An ask/tell study: ``ask()`` a trial, evaluate it here, ``tell(trial, value)``."""

    def __init__(self, client, name, originals=None):
        super().__init__(client, name)
        self._originals = originals or {}

    def _typed(self, params):
        """Categorical values back as the values the space was given with (Caviar keeps them as text)."""
        return {name: self._originals.get(name, {}).get(value, value) if isinstance(value, str) else value
                for name, value in params.items()}

    def ask(self, key=None):
        """A new trial with values for every range, drawn by the study's strategy. ``key`` names this ask (default: a
        new random one): an ask sent again with the same key, after an error that left its answer unknown, gets the
        trial the first one made instead of a second trial."""
        headers = {"Idempotency-Key": key or uuid.uuid4().hex}
        answer = self.client.request("POST", f"/api/studies/{_quote(self.name)}/ask", headers=headers)
        return Trial(self, answer["id"], answer["number"], self._typed(answer["params"]))

    def best(self):
        """The best completed trial (number, value, params typed as the space was given), or None."""
        best = super().best()
        if best is not None:
            best["params"] = self._typed(best["params"])
        return best

    def tell(self, trial, value=None, state=None, reason=None, constraints=None):
        """Ends a trial with its value (a list or tuple of values, one per objective, for a study of several), or
        with ``state`` "Pruned", "Failed" or "Stopped" (and a reason). ``constraints``: the trial's constraint values
        (each <= 0 when satisfied, as Optuna's constraints_func returns)."""
        if state is not None:
            body = {"state": state, "reason": reason}
        elif isinstance(value, (list, tuple)):
            body = {"values": [_finite(v, "each value") for v in value]}
        else:
            body = {"value": _finite(value, "value")}
        if constraints is not None:
            body["constraints"] = [float(c) for c in constraints]
        return self.client.request("POST", f"/api/studies/{_quote(self.name)}/trials/{trial.id}/tell", body)

    def optimize(self, objective, n_trials, constraints_func=None):
        """Asks, evaluates ``objective(trial)`` and tells, ``n_trials`` times. An objective that raises TrialPruned
        ends its trial Pruned; any other exception fails the trial and is raised again. For a study of several
        objectives ``objective`` returns a tuple (one value each) and this returns ``best_trials``;
        ``constraints_func(trial)`` gives a trial's constraint values (<= 0 satisfied), as in Optuna."""
        several = False
        for _ in range(n_trials):
            trial = self.ask()
            try:
                value = objective(trial)
            except TrialPruned as pruned:
                self.tell(trial, state="Pruned", reason=str(pruned) or "pruned")
                continue
            except BaseException as error:
                self.tell(trial, state="Failed", reason=f"{type(error).__name__}: {error}")
                raise
            several = several or isinstance(value, (list, tuple))
            self.tell(trial, value, constraints=None if constraints_func is None else constraints_func(trial))
        return self.best_trials if several else self.best()

    @property
    def best_trial(self):
        return self.best()

    @property
    def best_value(self):
        """The best completed trial's value (Optuna's ``study.best_value``); None before one completed."""
        best = self.best()
        return None if best is None else best["value"]

    @property
    def best_params(self):
        """The best completed trial's parameters, typed as the space was given (Optuna's ``study.best_params``);
        None before one completed."""
        best = self.best()
        return None if best is None else best["params"]

    @property
    def best_trials(self):
        """The Pareto front: every completed, feasible trial no other dominates (dicts with number, values, params
        typed as the space was given, constraints, feasible), in trial order. With one objective, the best trial."""
        answer = self.client.request("GET", f"/api/tuning-jobs/{_quote(self.name)}/pareto-front")
        front = answer.get("front") or []
        for trial in front:
            trial["params"] = self._typed(trial["params"])
        return sorted(front, key=lambda t: t["number"])


class Trial:
    """A trial asked from a study: ``params``, ``number``; ``report`` intermediate values, ask ``should_prune``."""

    def __init__(self, study, id_, number, params):
        self.study, self.id, self.number, self.params = study, id_, number, params
        self._should_prune = None

    def report(self, step, value):
        """Stores an intermediate value at ``step``; the server answers whether the pruner wants the trial stopped,
        which ``should_prune()`` then returns without another request."""
        value = _finite(value, "value", told=False)
        answer = self.study.client.request(
            "POST", f"/api/studies/{_quote(self.study.name)}/trials/{self.id}/report", {"step": step, "value": value})
        self._should_prune = bool(answer["shouldPrune"])
        return self._should_prune

    def should_prune(self):
        """Whether the study's pruner wants this trial stopped (as of the last report; asks the server if none)."""
        if self._should_prune is None:
            answer = self.study.client.request(
                "GET", f"/api/studies/{_quote(self.study.name)}/trials/{self.id}/should-prune")
            self._should_prune = bool(answer["shouldPrune"])
        return self._should_prune

    def __repr__(self):
        return f"Trial(number={self.number}, params={self.params!r})"
