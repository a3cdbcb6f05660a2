"""`trilateral ledger ...` and `trilateral classify`: help, JSON output, refusal of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run
from evidence_helpers import event, write_jsonl
from trilateral.cli import cli

LEDGER_COMMANDS = ("validate", "list", "show", "add", "import", "export", "activity",
                   "reliability", "recode-sample", "import-docs", "review")


@pytest.fixture
def ledger_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.jsonl"
    monkeypatch.setenv("TRILATERAL_LEDGER", str(path))
    write_jsonl(path, [event(1), event(2, path="reversal", direction="-")])
    return path


@pytest.mark.parametrize("name", LEDGER_COMMANDS)
def test_every_ledger_command_has_help_with_examples(name: str):
    group = cli.get_command(None, "ledger")
    sub = group.get_command(None, name)
    assert sub is not None, name
    assert "Example" in (sub.epilog or "") and sub.help


def test_classify_has_help_with_examples():
    cmd = cli.get_command(None, "classify")
    assert "Examples" in cmd.epilog and "--evaluate" in cmd.epilog


def test_list_json_and_path_filter(ledger_file: Path, capsys):
    code, out, _ = run(["ledger", "list", "--json", "--path", "reversal"], capsys)
    assert code == 0
    rows = json.loads(out)["data"]
    assert [r["path"] for r in rows] == ["reversal"]
    assert rows[0]["source"]["url"].startswith("https://")


def test_import_with_bad_date_and_unknown_path_is_refused(ledger_file: Path, tmp_path: Path,
                                                          capsys):
    before = ledger_file.read_bytes()
    bad = write_jsonl(tmp_path / "bad.jsonl",
                      [event(5), event(6, date="2019-02-31"), event(7, path="economic")])
    code, out, err = run(["ledger", "import", str(bad)], capsys)
    assert code == 3
    assert "row 2" in err and "'date'" in err and "row 3" in err and "'path'" in err
    assert ledger_file.read_bytes() == before


def test_import_json_reports_problems(ledger_file: Path, tmp_path: Path, capsys):
    bad = write_jsonl(tmp_path / "bad.jsonl", [event(6, date="not-a-date")])
    code, out, _ = run(["ledger", "import", str(bad), "--json"], capsys)
    assert code == 3
    assert json.loads(out)["data"]["problems"][0] == {
        "file": str(bad), "row": 1, "field": "date",
        "message": "'not-a-date' is not an ISO date (YYYY-MM-DD)"}


def test_add_then_validate(ledger_file: Path, capsys):
    code, out, _ = run([
        "ledger", "add", "--date", "2002-12-12", "--countries", "USA,CAN", "--title", "Added",
        "--summary", "An event added by the test.", "--path", "bureaucratic", "--direction",
        "+", "--level", "federal-executive", "--domain", "border", "--publisher", "Test",
        "--source-title", "T", "--url", "https://example.org/added", "--coder", "test",
        "--json"], capsys)
    assert code == 0 and json.loads(out)["data"]["added_ids"] == ["2002-12-12-added"]
    code, out, _ = run(["ledger", "validate", "--json"], capsys)
    assert code == 0 and json.loads(out)["data"]["events"] == 3


def test_activity_json(ledger_file: Path, capsys):
    code, out, _ = run(["ledger", "activity", "--as-of", "2005-12-31", "--json"], capsys)
    body = json.loads(out)["data"]
    assert code == 0
    assert {m["path"] for m in body["momentum"]} >= {"bureaucratic", "reversal"}


def test_classify_several_files_gives_list_with_file(ledger_file: Path, tmp_path: Path,
                                                     capsys):
    a = tmp_path / "a.md"
    a.write_text("---\ndate: '2020-07-01'\nsource_url: https://example.org/a\n---\n"
                 "Canada and Mexico join the United States in bringing USMCA into force.\n")
    b = tmp_path / "b.txt"
    b.write_text("The President named new federal judges.")
    code, out, _ = run(["classify", "--file", str(a), "--file", str(b)], capsys)
    items = json.loads(out)["data"]
    assert code == 0
    assert [i["file"] for i in items] == [str(a), str(b)]
    assert items[1]["path"] == "none"
    assert items[0]["date"] == "2020-07-01"


def test_classify_needs_text_or_file(capsys):
    code, _, err = run(["classify"], capsys)
    assert code == 3 and "TEXT" in err


def test_reliability_without_recode_is_not_found(ledger_file: Path, tmp_path: Path, capsys):
    code, _, err = run(["ledger", "reliability", "--recode", str(tmp_path / "none.jsonl")],
                       capsys)
    assert code == 4 and "second coding" in err
