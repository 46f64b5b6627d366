"""The training-script side of the package, against the variables a Caviar job is started with."""

import json
import math
import os
import sys
import tempfile
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import caviar  # noqa: E402


class ScriptHelpersTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        root = self.dir.name
        hp = os.path.join(root, "hyperparameters.json")
        with open(hp, "w") as f:
            json.dump({"epochs": 10, "lr": 0.01, "batch_size": "32", "momentum": "0.9", "shuffle": "true",
                       "optimizer": "adam", "code": "1e-3x"}, f)
        self.env = {
            "CAVIAR_HYPERPARAMETERS": hp,
            "CAVIAR_METRICS_FILE": os.path.join(root, "reported-metrics.jsonl"),
            "CAVIAR_STOP_FILE": os.path.join(root, "stop-requested"),
            "CAVIAR_MODEL_DIR": os.path.join(root, "model"),
            "CAVIAR_CHECKPOINT_DIR": os.path.join(root, "checkpoints"),
            "CAVIAR_OUTPUT_DIR": os.path.join(root, "output"),
            "CAVIAR_JOB_NAME": "tune-0003",
            "CAVIAR_CHANNELS": "train,val-set",
            "CAVIAR_CHANNEL_TRAIN": os.path.join(root, "input", "train"),
            "CAVIAR_CHANNEL_VAL_SET": os.path.join(root, "input", "val-set"),
        }
        patcher = mock.patch.dict(os.environ, self.env, clear=False)
        patcher.start()
        self.addCleanup(patcher.stop)

    def lines(self):
        with open(self.env["CAVIAR_METRICS_FILE"]) as f:
            return [json.loads(line) for line in f]

    def test_hyperparameters_are_typed(self):
        hp = caviar.hyperparameters()
        self.assertEqual(hp["epochs"], 10)
        self.assertEqual(hp["batch_size"], 32)
        self.assertIsInstance(hp["batch_size"], int)
        self.assertEqual(hp["momentum"], 0.9)
        self.assertIs(hp["shuffle"], True)
        self.assertEqual(hp["optimizer"], "adam")
        self.assertEqual(hp["code"], "1e-3x")
        self.assertEqual(caviar.hyperparameters(typed=False)["batch_size"], "32")

    def test_directories_and_channels(self):
        self.assertEqual(caviar.model_dir(), self.env["CAVIAR_MODEL_DIR"])
        self.assertEqual(caviar.checkpoint_dir(), self.env["CAVIAR_CHECKPOINT_DIR"])
        self.assertEqual(caviar.output_dir(), self.env["CAVIAR_OUTPUT_DIR"])
        self.assertEqual(caviar.job_name(), "tune-0003")
        self.assertEqual(caviar.channels(), ["train", "val-set"])
        self.assertEqual(caviar.channel("train"), self.env["CAVIAR_CHANNEL_TRAIN"])
        self.assertEqual(caviar.channel("val-set"), self.env["CAVIAR_CHANNEL_VAL_SET"])
        with self.assertRaisesRegex(KeyError, "no channel named 'test'; the job has: train, val-set"):
            caviar.channel("test")

    def test_report_writes_one_json_line_per_call(self):
        caviar.report(step=3, val_loss=0.21, val_accuracy=0.93)
        caviar.report(val_loss=0.2)
        caviar.report(step=4, val_loss=float("nan"), val_accuracy=0.95)
        self.assertEqual(self.lines(), [
            {"step": 3, "val_loss": 0.21, "val_accuracy": 0.93},
            {"val_loss": 0.2},
            {"step": 4, "val_accuracy": 0.95},
        ])

    def test_report_refuses_what_is_not_a_metric(self):
        with self.assertRaisesRegex(ValueError, "at least one metric"):
            caviar.report(step=1)
        with self.assertRaisesRegex(ValueError, "step must be an integer"):
            caviar.report(step=-1, loss=1.0)
        with self.assertRaisesRegex(ValueError, "metric 'loss' must be a number"):
            caviar.report(step=1, loss="low")
        self.assertFalse(os.path.exists(self.env["CAVIAR_METRICS_FILE"]))

    def test_report_outside_a_job_prints(self):
        del os.environ["CAVIAR_METRICS_FILE"]
        with mock.patch("builtins.print") as printed:
            caviar.report(step=2, loss=0.5)
        printed.assert_called_once_with("step=2 loss=0.5", flush=True)

    def test_should_stop_follows_the_stop_file(self):
        self.assertFalse(caviar.should_stop())
        with open(self.env["CAVIAR_STOP_FILE"], "w") as f:
            f.write("prune")
        self.assertTrue(caviar.should_stop())
        del os.environ["CAVIAR_STOP_FILE"]
        self.assertFalse(caviar.should_stop())

    def test_outside_a_job_the_missing_variable_is_named(self):
        del os.environ["CAVIAR_MODEL_DIR"]
        with self.assertRaisesRegex(RuntimeError, "CAVIAR_MODEL_DIR is not set"):
            caviar.model_dir()


class SpaceTest(unittest.TestCase):
    def test_ranges_are_spec_ranges_and_choices_come_back_typed(self):
        from caviar._space import to_ranges
        ranges, originals = to_ranges({"lr": caviar.float_range(1e-4, 1e-1, log=True),
                                       "layers": caviar.int_range(1, 4),
                                       "batch": caviar.categorical(16, 32, "auto")})
        self.assertEqual(ranges[0], {"type": "continuous", "minValue": 1e-4, "maxValue": 1e-1,
                                     "scalingType": "Logarithmic", "name": "lr"})
        self.assertEqual(ranges[1]["type"], "integer")
        self.assertEqual(ranges[2]["values"], ["16", "32", "auto"])
        self.assertEqual(originals["batch"]["32"], 32)
        self.assertTrue(math.isclose(ranges[0]["minValue"], 1e-4))


if __name__ == "__main__":
    unittest.main()
