"""JSON output and user errors at the command line: plain JSON values, one-line errors, exit codes."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from cli_helpers import run
from trilateral.cli._common import dumps
from trilateral.provenance import jsonable


def test_jsonable_turns_numpy_and_pandas_into_plain_values():
    got = jsonable({1: np.float64(2.5), "n": np.int64(3), "nan": float("nan"),
                    "inf": np.float64(np.inf), "arr": np.array([[1, 2], [3, 4]]),
                    "series": pd.Series([0.5, np.nan]), "t": (np.bool_(True), "x")})
    assert got == {"1": 2.5, "n": 3, "nan": None, "inf": None, "arr": [[1, 2], [3, 4]],
                   "series": [0.5, None], "t": [True, "x"]}
    assert type(got["n"]) is int and type(got["1"]) is float


def test_dumps_is_strict_json():
    text = dumps({"a": np.array([np.nan, 1.0]), "when": pd.Timestamp("2006-03-31")})
    parsed = json.loads(text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert parsed["a"][0] is None and math.isclose(parsed["a"][1], 1.0)
    assert parsed["when"].startswith("2006-03-31")


def test_unknown_table_is_one_line_and_exit_4(capsys):
    code, out, err = run(["data", "show", "nope"], capsys)
    assert code == 4 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: unknown table 'nope'")
    assert "Traceback" not in err


def test_unknown_option_is_a_usage_error(capsys):
    code, _, err = run(["data", "show", "census_country", "--bogus"], capsys)
    assert code == 2 and "No such option" in err and "Traceback" not in err


def test_unknown_vintage_names_the_ones_there_are(capsys):
    code, _, err = run(["data", "show", "census_country", "--vintage", "99"], capsys)
    assert code == 4 and "v1 (2024-11-01)" in err


def test_with_json_the_error_is_also_a_json_line(capsys):
    code, out, err = run(["data", "provenance", "nope", "--json"], capsys)
    first, second = err.splitlines()
    assert code == 4 and out == "" and first.startswith("error: ")
    assert json.loads(second) == {"error": "NotFoundError",
                                  "message": "no table or source called 'nope'"}


def test_a_bad_value_with_json_names_its_field(capsys):
    code, _, err = run(["scenario", "run", "usmca-end", "--sigma", "-1", "--json"], capsys)
    body = json.loads(err.splitlines()[-1])
    assert code == 3 and body["error"] == "InputError" and body["field"] == "sigma"


def test_a_mistyped_command_gets_a_suggestion(capsys):
    code, _, err = run(["reprot"], capsys)
    assert code == 2 and "No such command 'reprot'" in err and "Did you mean 'report'" in err


def test_an_unknown_command_without_a_close_match_gets_none(capsys):
    code, _, err = run(["zzzzzz"], capsys)
    assert code == 2 and "No such command 'zzzzzz'" in err and "Did you mean" not in err


def test_data_list_never_cuts_a_table_name_at_100_columns(capsys, monkeypatch):
    from trilateral import data

    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run(["data", "list"], capsys)
    assert code == 0
    for name in data.tables()["name"]:
        assert name in out, name
