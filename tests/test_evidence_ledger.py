"""Ledger schema, import (all or nothing, duplicates, row-level errors) and the events frame."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from evidence_helpers import event, write_jsonl
from trilateral.errors import InputError, ValidationError
from trilateral.evidence import ledger
from trilateral.evidence.schema import check_event


@pytest.fixture
def ledger_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.jsonl"
    monkeypatch.setenv("TRILATERAL_LEDGER", str(path))
    ledger.import_files([write_jsonl(tmp_path / "seed.jsonl", [event(1), event(2)])])
    return path


def test_valid_event_has_no_problems():
    assert check_event(event()) == []


def test_lifting_a_barrier_is_a_reversal_with_direction_plus():
    # codebook section 2, rule 1 (revised): lifting ends a reversal episode
    assert check_event(event(path="reversal", direction="+")) == []
    assert check_event(event(level="judiciary")) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": "2001-02-30"}, "date"),
        ({"date": "12/01/2001"}, "date"),
        ({"path": "economic"}, "path"),
        ({"direction": "up"}, "direction"),
        ({"countries": ["USA", "XXX"]}, "countries"),
        ({"countries": ["FRA"]}, "countries"),
        ({"americanization": "no"}, "americanization"),
        ({"path": "reversal", "direction": "0"}, "direction"),  # raises '-' or lifts '+'
        ({"series": "no-such-series"}, "series"),
        ({"source": {"publisher": "x", "title": "y", "url": "ftp://a", "url_verified": True}},
         "source.url"),
        ({"extra": 1}, "extra"),
    ],
)
def test_each_broken_rule_names_its_field(change, field):
    problems = check_event(event(**change), row=7)
    assert [p.field for p in problems] == [field]
    assert problems[0].row == 7


def test_future_date_is_refused():
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert [p.field for p in check_event(event(date=tomorrow))] == ["date"]


def test_import_adds_and_skips_duplicates(ledger_file: Path, tmp_path: Path):
    incoming = write_jsonl(tmp_path / "in.jsonl", [event(2), event(3), event(3)])
    result = ledger.import_files([incoming])
    assert result.added == [event(3)["id"]]
    assert [d["row"] for d in result.duplicates] == [1, 3]
    assert len(ledger.events()) == 3


def test_bad_rows_refused_and_ledger_byte_identical(ledger_file: Path, tmp_path: Path):
    before = ledger_file.read_bytes()
    rows = [event(4), event(5, date="2001-13-01"), event(6, path="unknown")]
    with pytest.raises(ValidationError) as info:
        ledger.import_files([write_jsonl(tmp_path / "bad.jsonl", rows)])
    problems = {(p.row, p.field) for p in info.value.problems}
    assert problems == {(2, "date"), (3, "path")}
    assert "row 2" in str(info.value) and "row 3" in str(info.value)
    assert ledger_file.read_bytes() == before


def test_csv_import_roundtrip(ledger_file: Path, tmp_path: Path):
    from trilateral.evidence import records

    csv_file = tmp_path / "in.csv"
    csv_file.write_text(records.to_csv([event(8, countries=["USA", "MEX"])]))
    result = ledger.import_files([csv_file])
    stored = ledger.get(result.added[0])
    assert stored["countries"] == ["USA", "MEX"]
    assert stored["source"]["url_verified"] is False


def test_not_json_row_named(ledger_file: Path, tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": \n')
    with pytest.raises(ValidationError, match="row 1"):
        ledger.import_files([bad])


def test_id_clash_with_other_event_is_refused(ledger_file: Path, tmp_path: Path):
    clash = event(9, id=event(1)["id"])
    with pytest.raises(ValidationError, match="already used"):
        ledger.import_files([write_jsonl(tmp_path / "c.jsonl", [clash])])


def test_add_makes_id_and_refuses_duplicate(ledger_file: Path):
    ev = event(10)
    del ev["id"]
    result = ledger.add(ev)
    assert result.added == ["2001-12-11-test-event-10"]
    with pytest.raises(ValidationError, match="already in the ledger"):
        ledger.add(ev)


def test_events_frame_columns_and_as_of(ledger_file: Path):
    frame = ledger.events(as_of="2001-12-02")
    assert list(frame.columns[:15]) == [
        "id", "date", "countries", "title", "summary", "path", "direction", "level", "domain",
        "americanization", "source_publisher", "source_title", "source_url", "url_verified",
        "coder"]
    assert str(frame["date"].dtype) == "datetime64[ns]"
    assert frame["id"].tolist() == [event(1)["id"]]  # event(2) is dated 2001-12-03
    assert frame.attrs["provenance"]["events"] == 2


def test_bad_as_of_is_an_input_error():
    with pytest.raises(InputError):
        ledger.events(as_of="yesterday")


def test_validate_finds_duplicate_ids(tmp_path: Path):
    path = write_jsonl(tmp_path / "l.jsonl", [event(1), event(1, title="Other")])
    report = ledger.validate(path)
    assert not report.ok
    assert {p.field for p in report.problems} == {"id"}
