"""The client against a real `caviar serve` (started by the C# test suite, which sets CAVIAR_TEST_URL,
CAVIAR_TEST_TOKEN and CAVIAR_TEST_ARTIFACTS): ask/tell with pruning, tuning jobs from dicts, script-mode jobs
written with the package."""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import caviar  # noqa: E402

URL = os.environ.get("CAVIAR_TEST_URL")
TOKEN = os.environ.get("CAVIAR_TEST_TOKEN")
ARTIFACTS = os.environ.get("CAVIAR_TEST_ARTIFACTS")


@unittest.skipUnless(URL and TOKEN and ARTIFACTS, "needs a running caviar serve (run from the C# tests)")
class ClientTest(unittest.TestCase):
    def setUp(self):
        self.client = caviar.Client(URL, TOKEN)
        self.addCleanup(self.client.close)

    def test_ask_tell_finds_a_good_point_and_gives_values_back_typed(self):
        space = {"x": caviar.float_range(-5, 5), "layers": caviar.int_range(1, 4), "act": caviar.categorical("relu", 0.5)}
        study = self.client.study("asktell-quadratic", space, "minimize", strategy="Bayesian", seed=1)

        def objective(trial):
            self.assertIsInstance(trial.params["x"], float)
            self.assertIsInstance(trial.params["layers"], int)
            self.assertIn(trial.params["act"], ("relu", 0.5))
            return (trial.params["x"] - 1) ** 2 + trial.params["layers"] + (0 if trial.params["act"] == 0.5 else 1)

        best = study.optimize(objective, n_trials=40)
        self.assertLess(best["value"], 2.5)
        self.assertEqual(best["params"]["layers"], 1)
        self.assertEqual(best["params"]["act"], 0.5)
        trials = study.trials()
        self.assertEqual(len(trials), 40)
        self.assertTrue(all(t["state"] == "Completed" for t in trials))
        self.assertEqual(min(t["value"] for t in trials), best["value"])

        again = self.client.study("asktell-quadratic", space, "minimize")   # loads the stored study
        self.assertEqual(again.ask().number, 40)
        # A new session reads the best as Optuna's study does (use20).
        self.assertEqual(again.best_value, best["value"])
        self.assertEqual(again.best_params, best["params"])

    def test_an_ask_sent_again_with_its_key_gets_the_same_trial_and_a_tell_sent_again_the_same_answer(self):
        # What a client does when a server was killed before it answered (crash20): the same requests, sent again.
        study = self.client.study("asktell-resent", {"x": caviar.float_range(0, 1)}, "minimize", strategy="Random")
        first = study.ask(key="my-ask")
        again = study.ask(key="my-ask")
        self.assertEqual((first.id, first.number, first.params), (again.id, again.number, again.params))
        self.assertEqual(study.ask().number, 1)   # without a key of its own, each ask gets a new one
        told = study.tell(first, 0.5)
        self.assertEqual(study.tell(first, 0.5), told)
        with self.assertRaises(caviar.CaviarError):
            study.tell(first, 0.25)
        self.assertEqual(len(study.trials()), 2)

    def test_report_answers_whether_to_prune_and_told_states_are_kept(self):
        study = self.client.study("asktell-pruning", {"x": caviar.float_range(0, 1)}, "minimize",
                                  strategy="Random", early_stopping=True)
        for _ in range(5):   # the median rule needs 5 completed trials
            trial = study.ask()
            for step in (1, 2, 3):
                self.assertFalse(trial.report(step, 1 / step))
            study.tell(trial, 1 / 3)
        poor = study.ask()
        self.assertFalse(poor.should_prune())
        self.assertTrue(poor.report(1, 10.0))
        self.assertTrue(poor.should_prune())
        told = study.tell(poor, state="Pruned", reason="worse than the median at step 1")
        self.assertEqual(told["state"], "Pruned")
        self.assertEqual(told["intermediateValues"], {"1": 10.0})
        good = study.ask()
        self.assertFalse(good.report(1, 0.5))

        def pruned_objective(trial):
            if trial.report(1, 100.0):
                raise caviar.TrialPruned("poor at step 1")
            return 0.0

        study.optimize(pruned_objective, n_trials=1)
        states = [t["state"] for t in study.trials()]
        self.assertEqual(states, ["Completed"] * 5 + ["Pruned", "Running", "Pruned"])

    def test_several_objectives_tell_a_tuple_and_best_trials_is_the_feasible_pareto_front(self):
        space = {"x": caviar.float_range(0, 1), "y": caviar.float_range(0, 1)}
        study = self.client.study("asktell-pareto", space, directions=["maximize", "minimize"], seed=3)

        def objective(trial):   # accuracy x against latency x^2 + y: the front has y = 0
            x, y = trial.params["x"], trial.params["y"]
            return x, x * x + y

        front = study.optimize(objective, n_trials=30, constraints_func=lambda trial: [trial.params["x"] - 0.9])
        trials = [t for t in study.trials() if t["state"] == "Completed"]
        self.assertEqual(len(trials), 30)
        for t in trials:
            self.assertEqual(len(t["values"]), 2)
            self.assertEqual(t["feasible"], t["params"]["x"] <= 0.9)

        def dominates(a, b):
            return a[0] >= b[0] and a[1] <= b[1] and (a[0] > b[0] or a[1] < b[1])

        feasible = [t for t in trials if t["feasible"]]
        expected = sorted(t["number"] for t in feasible
                          if not any(dominates(o["values"], t["values"]) for o in feasible))
        self.assertEqual([t["number"] for t in front], expected)
        self.assertEqual([t["number"] for t in study.best_trials], expected)
        self.assertTrue(all(t["feasible"] and isinstance(t["params"]["x"], float) for t in front))

        trial = study.ask()
        for value, field in (([1.0], "values"), ([1.0, 2.0, 3.0], "values"), (0.5, "value")):
            with self.assertRaises(caviar.CaviarError) as refused:
                study.tell(trial, value)
            self.assertEqual((refused.exception.status, refused.exception.field), (400, field))
        told = study.tell(trial, (0.5, 0.25))
        self.assertEqual(told["values"], [0.5, 0.25])
        with self.assertRaises(caviar.CaviarError) as refused:
            self.client.study("asktell-pareto", space, directions=["maximize", "maximize"])
        self.assertEqual((refused.exception.status, refused.exception.field), (409, "directions"))

    def test_bad_requests_are_refused_naming_the_field(self):
        with self.assertRaises(caviar.CaviarError) as refused, caviar.Client(URL, "wrong-token") as stranger:
            stranger.tuning_jobs()
        self.assertEqual((refused.exception.status, refused.exception.field), (401, "Authorization"))

        with self.assertRaises(caviar.CaviarError) as refused:
            self.client.study("bad-range", {"x": caviar.float_range(5, -5)})
        self.assertEqual((refused.exception.status, refused.exception.field), (400, "space[0].minValue"))

        study = self.client.study("asktell-refusals", {"x": caviar.float_range(0, 1)}, "maximize", strategy="Random")
        with self.assertRaises(caviar.CaviarError) as refused:
            self.client.study("asktell-refusals", {"x": caviar.float_range(0, 2)}, "maximize")
        self.assertEqual(refused.exception.field, "space")
        with self.assertRaises(caviar.CaviarError) as refused:
            self.client.study("asktell-refusals", {"x": caviar.float_range(0, 1)}, "minimize")
        self.assertEqual(refused.exception.field, "direction")

        trial = study.ask()
        for body, field in (({"value": 1, "state": "Failed"}, "state"), ({}, "value"), ({"state": "Completed"}, "state"),
                            ({"value": 1, "extra": 2}, "extra")):
            with self.assertRaises(caviar.CaviarError) as refused:
                self.client.request("POST", f"/api/studies/asktell-refusals/trials/{trial.id}/tell", body)
            self.assertEqual((refused.exception.status, refused.exception.field), (400, field))
        with self.assertRaises(caviar.CaviarError) as refused:
            trial.report(-1, 0.5)
        self.assertEqual(refused.exception.field, "step")
        study.tell(trial, 0.5)
        with self.assertRaises(caviar.CaviarError) as refused:
            study.tell(trial, 0.6)
        self.assertEqual((refused.exception.status, refused.exception.field), (400, "id"))
        with self.assertRaises(caviar.CaviarError) as refused:
            self.client.request("POST", "/api/studies/asktell-refusals/trials/999999/tell", {"value": 1})
        self.assertEqual(refused.exception.status, 404)
        with self.assertRaises(caviar.CaviarError) as refused:
            self.client.request("POST", "/api/studies/no-such-study/ask")
        self.assertEqual(refused.exception.status, 404)

    def test_a_tuning_job_from_a_dict_is_watched_read_and_stopped(self):
        job = self.client.create_tuning_job({
            "name": "client-branin", "objective": {"function": "branin"}, "strategy": "Random", "seed": 3,
            "limits": {"maxTrials": 6}})
        watched = list(job.watch(poll=0.1, timeout=120))
        self.assertEqual(sorted(t["number"] for t in watched), list(range(6)))
        best = job.best()
        self.assertEqual(best["value"], min(t["value"] for t in watched))
        self.assertEqual(set(best["params"]), {"x1", "x2"})

        endless = self.client.create_tuning_job({
            "name": "client-endless", "objective": {"function": "branin"}, "strategy": "Random",
            "limits": {"maxTrials": 10000000}})
        endless.stop()
        described = endless.wait(poll=0.1, timeout=120)
        self.assertFalse(described["running"])
        self.assertLess(sum(described["states"].values()), 10000000)

    def test_a_script_written_with_the_package_is_tuned_without_regexes_and_exits_cleanly_when_pruned(self):
        job = self.client.create_tuning_job({
            "name": "client-script",
            "objective": {"type": "Minimize", "metricName": "val_loss"},
            "trainingJob": {
                "command": [sys.executable, os.path.join(HERE, "jobs", "train_quadratic.py")],
                "hyperParameters": {"epochs": 8, "sleep": 0.3},
                "channels": [{"name": "train", "path": os.path.join(HERE, "jobs"), "inputMode": "FastFile"}],
                "environment": {"PYTHONPATH": os.path.join(HERE, "..")},
            },
            "strategy": "Random", "seed": 7,
            "hyperParameterRanges": [{"type": "continuous", "name": "x", "minValue": 0, "maxValue": 1},
                                     {"type": "categorical", "name": "batch_size", "values": ["16", "32"]}],
            "earlyStopping": "Auto",
            "limits": {"maxTrials": 10},
        })
        trials = list(job.watch(poll=0.2, timeout=300))
        self.assertEqual(len(trials), 10)
        completed = [t for t in trials if t["state"] == "Completed"]
        pruned = [t for t in trials if t["state"] == "Pruned"]
        self.assertEqual(len(completed) + len(pruned), 10, [t["failureReason"] for t in trials])
        self.assertGreaterEqual(len(completed), 5)
        self.assertGreaterEqual(len(pruned), 1)
        for trial in completed:
            self.assertAlmostEqual(trial["value"], 10 * (trial["params"]["x"] - 0.3) ** 2 + 1 / 8, places=9)
            self.assertEqual(len(trial["intermediateValues"]), 8)
        for trial in pruned:
            job_dir = os.path.join(ARTIFACTS, "jobs", f"client-script-{trial['number']:04d}")
            with open(os.path.join(job_dir, "status.json")) as f:
                status = json.load(f)
            self.assertEqual(status["state"], "Pruned")
            self.assertEqual(status["exitCode"], 0)
            with open(os.path.join(job_dir, "logs", "attempt-0.log")) as f:
                self.assertIn("stopping cleanly", f.read())
            self.assertLess(len(trial["intermediateValues"]), 8)


if __name__ == "__main__":
    unittest.main()
