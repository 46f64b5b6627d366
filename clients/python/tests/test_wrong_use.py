"""Wrong use of the client caught before anything is sent, with a message that says what to do instead (issue use20).
Needs no server: nothing here reaches one."""

import os
import socket
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import caviar  # noqa: E402
from caviar._client import Study, Trial  # noqa: E402


class _Unsent:
    """A client that fails the test if a request is made."""

    def request(self, method, path, body=None):
        raise AssertionError(f"sent {method} {path} {body!r}")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WrongUseTest(unittest.TestCase):
    def setUp(self):
        self.study = Study(_Unsent(), "s")
        self.trial = Trial(self.study, 1, 0, {"x": 0.5})

    def test_telling_a_value_that_is_not_a_finite_number_says_how_to_record_a_failure(self):
        for value in (float("nan"), float("inf"), "0.5", None):
            with self.subTest(value=value):
                with self.assertRaises(ValueError) as refused:
                    self.study.tell(self.trial, value)
                self.assertIn("must be a finite number", str(refused.exception))
                self.assertIn("state='Failed'", str(refused.exception))

    def test_reporting_a_value_that_is_not_a_finite_number_is_refused(self):
        with self.assertRaises(ValueError) as refused:
            self.trial.report(1, float("nan"))
        self.assertIn("value must be a finite number", str(refused.exception))

    def test_a_space_entry_that_is_not_a_range_names_the_entry_and_the_range_makers(self):
        client = caviar.Client("http://127.0.0.1:9", "t")
        client.request = _Unsent().request
        with self.assertRaises(ValueError) as refused:
            client.study("s", {"x": (0, 1)}, "minimize")
        self.assertIn("space['x']", str(refused.exception))
        self.assertIn("caviar.float_range", str(refused.exception))

    def test_a_categorical_without_values_and_an_integer_range_with_fractions_are_refused(self):
        with self.assertRaises(ValueError) as empty:
            caviar.categorical()
        self.assertIn("at least one value", str(empty.exception))
        with self.assertRaises(ValueError) as fraction:
            caviar.int_range(1.5, 4)
        self.assertIn("whole numbers", str(fraction.exception))

    def test_a_server_that_is_not_there_is_named_with_how_to_start_one(self):
        url = f"http://127.0.0.1:{_free_port()}"
        with caviar.Client(url, "t") as client:
            with self.assertRaises(ConnectionError) as refused:
                client.tuning_jobs()
        self.assertIn(f"cannot reach caviar serve at {url}", str(refused.exception))
        self.assertIn("caviar serve --urls", str(refused.exception))


if __name__ == "__main__":
    unittest.main()
