"""Every command's --json shares one envelope: {tool, version, commit, as_of, generated, sources,
data}. Commands whose models take minutes (paths, report, outlook, gravity) are checked by their own
area's tests, which read ``["data"]`` from the same envelope."""

from __future__ import annotations

import json

import click
import pytest

from cli_helpers import run
from trilateral.cli import cli

KEYS = ["tool", "version", "commit", "as_of", "generated", "sources", "data"]

CHEAP = [
    ["data", "list"],
    ["data", "show", "wto_rta_counts"],
    ["data", "provenance", "census-country"],
    ["ledger", "validate"],
    ["ledger", "list", "--from", "2025-01-01"],
    ["ledger", "show", "2025-03-04-ieepa-tariffs-take-effect"],
    ["ledger", "activity"],
    ["ledger", "reliability"],
    ["measures", "list"],
    ["measures", "counts", "--from", "2025-01"],
    ["measures", "validate"],
    ["scenario", "list"],
    ["indicators", "--list"],
    ["indicators", "--indicator", "trade_share", "--format", "json"],
    ["classify", "Canada and the United States sign a customs cooperation agreement."],
]
# Commands checked elsewhere because they fit models or write files; each is listed with the
# test module that reads its envelope.
ELSEWHERE = {"paths": "test_paths_assess", "report": "test_report_html",
             "summary": "test_report_answer",
             "outlook": "test_outlook_cli", "gravity": "test_gravity_nafta",
             "changes": "test_present", "products": "test_products_oracle"}


@pytest.mark.parametrize("argv", CHEAP, ids=" ".join)
def test_json_output_is_the_shared_envelope(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    if "--format" not in argv:
        argv = [*argv, "--json"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert list(doc) == KEYS
    assert doc["tool"] == "trilateral" and doc["data"] is not None
    assert isinstance(doc["sources"], list)
    assert doc["generated"].endswith("+00:00")


def test_every_top_level_command_is_covered() -> None:
    ctx = click.Context(cli)
    names = set(cli.list_commands(ctx))
    covered = {argv[0] for argv in CHEAP} | set(ELSEWHERE)
    assert names <= covered, f"commands without an envelope test: {sorted(names - covered)}"
