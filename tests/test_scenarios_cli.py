"""``trilateral scenario``: help with examples, JSON output, errors with their exit status."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import scenario_support
from trilateral.cli import cli, main

_fixture_measures = scenario_support.fixture_measures


@pytest.mark.parametrize("args", [["scenario"], ["scenario", "list"],
                                  ["scenario", "replicate"], ["scenario", "run"]])
def test_every_scenario_command_has_help_with_examples(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output


def test_list_json() -> None:
    result = CliRunner().invoke(cli, ["scenario", "list", "--json"])
    out = json.loads(result.output)["data"]
    assert {s["name"] for s in out["scenarios"]} == {"usmca-end", "tariffs-2025", "deepening"}
    assert out["replications"] == ["agtpa-nafta"]
    states = {s["name"]: s for s in out["states"]}
    assert states["usmca-2024"]["date"] == "2024-12-31" and states["tariffs"]["sources"]
    assert out["sigma_range"]["low"] == 5 and out["sigma_range"]["sources"]


def test_replicate_json_gives_five_measures_for_69_countries() -> None:
    result = CliRunner().invoke(cli, ["scenario", "replicate", "agtpa-nafta", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)["data"]
    assert len(out["countries"]) == 69
    for key in ("exports_cdl", "exports_full", "price_full", "imr_full", "rgdp_full"):
        assert all(isinstance(r[key], float) for r in out["countries"])


def test_run_json_has_intervals_and_assumptions() -> None:
    result = CliRunner().invoke(cli, ["scenario", "run", "usmca-end", "--draws", "20",
                                      "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)["data"]
    assert out["baseline_year"] == 2014 and out["sigma_range"]["high"] == 10
    can = next(r for r in out["countries"] if r["country"] == "CAN")
    assert can["rgdp_lower"] <= can["rgdp_median"] <= can["rgdp_upper"]
    assert out["assumptions"] and out["uncertainty"]["draws"] + \
        out["uncertainty"]["failed_draws"] == 20


@pytest.mark.parametrize(("args", "code"), [
    (["scenario", "run", "nope"], 4),
    (["scenario", "run", "deepening", "--panel", "agtpa"], 3),
    (["scenario", "run", "usmca-end", "--sigma", "0.5"], 3),
    (["scenario", "run", "tariffs-2025", "--date", "soon"], 3),
    (["scenario", "replicate", "nope"], 4),
])
def test_errors_exit_with_their_status(args: list[str], code: int, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == code
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


def test_run_text_wraps_by_field_at_100_columns(capsys, monkeypatch):
    from cli_helpers import run as run_cli

    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run_cli(["scenario", "run", "usmca-end", "--draws", "20"], capsys)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "real GDP" in out and "rgdp" not in out
