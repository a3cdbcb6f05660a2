"""Every `trilateral` command is documented and speaks JSON.

The whole click tree is walked (groups, sub-groups, commands). Each needs help text and an
epilog with "Example" and at least one line that runs that very command; each leaf that prints
results offers ``--json`` (or ``--format`` with a json choice). Exceptions are listed below with
their reason; commands in areas still under edit that fail are expected failures, not hidden.
"""

from __future__ import annotations

import click
import pytest

from trilateral.cli import cli

# Commands that need no JSON output, each with the reason.
NO_JSON = {
    "trilateral data export": "writes Parquet files and datapackage.json; prints only the path",
    "trilateral ledger recode-sample": "its output is a JSONL sample for a second coder",
}

# Known gaps in areas still being edited: (command, check) -> reason. Expected to fail until fixed.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def _walk(cmd: click.Command, path: str, parent: click.Context | None):
    yield path, cmd
    if isinstance(cmd, click.Group):
        ctx = click.Context(cmd, info_name=path.split()[-1], parent=parent)
        for name in cmd.list_commands(ctx):
            yield from _walk(cmd.get_command(ctx, name), f"{path} {name}", ctx)


COMMANDS = dict(_walk(cli, "trilateral", None))


def _cases(check: str, paths) -> list:
    cases = []
    for path in sorted(paths):
        reason = KNOWN_GAPS.get((path, check))
        marks = [pytest.mark.xfail(strict=False, reason=reason)] if reason else []
        cases.append(pytest.param(path, marks=marks, id=path.replace(" ", "-")))
    return cases


def _prints_results(cmd: click.Command) -> bool:
    """A leaf command, or a group that runs on its own (``trilateral outlook``)."""
    return not isinstance(cmd, click.Group) or cmd.invoke_without_command


def _offers_json(cmd: click.Command) -> bool:
    for p in cmd.params:
        is_flag = isinstance(p, click.Option) and p.is_flag and p.name in {"json", "as_json"}
        choices = p.type.choices if isinstance(p.type, click.Choice) else ()
        if is_flag or (p.name in {"format", "fmt"} and "json" in choices):
            return True
    return False


def test_the_tree_is_walked_whole():
    # the areas of the product, and a command at each depth: if discovery broke, this fails
    for path in ("trilateral data show", "trilateral ledger import", "trilateral gravity nafta",
                 "trilateral scenario run", "trilateral outlook backtest", "trilateral paths",
                 "trilateral report", "trilateral indicators", "trilateral classify"):
        assert path in COMMANDS
    assert len(COMMANDS) > 25


@pytest.mark.parametrize("path", _cases("help", COMMANDS))
def test_command_has_help(path: str):
    assert (COMMANDS[path].help or "").strip(), f"{path}: no help text"


@pytest.mark.parametrize("path", _cases("epilog", COMMANDS))
def test_epilog_has_an_example_of_this_command(path: str):
    epilog = COMMANDS[path].epilog or ""
    assert "Example" in epilog, f"{path}: no 'Example' in the epilog"
    lines = [line.strip() for line in epilog.splitlines()]
    runs = [line for line in lines if line == path or line.startswith(path + " ")]
    assert runs, f"{path}: no example line starting with '{path}'"


JSON_CANDIDATES = [p for p, c in COMMANDS.items() if _prints_results(c) and p != "trilateral"]


@pytest.mark.parametrize("path", _cases("json", set(JSON_CANDIDATES) - set(NO_JSON)))
def test_command_offers_json(path: str):
    assert _offers_json(COMMANDS[path]), f"{path}: no --json flag and no --format json"


def test_no_json_allow_list_is_current():
    # every exception names a real command that really lacks JSON, so the list stays short
    for path in NO_JSON:
        assert path in COMMANDS, f"{path} no longer exists"
        assert not _offers_json(COMMANDS[path]), f"{path} offers JSON now: drop it from NO_JSON"
    assert len(NO_JSON) <= 3
