"""The tariff-measures table: validation naming line and field, and what is in force when."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from cli_helpers import run, run_json
from trilateral.errors import ValidationError
from trilateral.evidence import measures


def _copy_with(tmp_path: Path, line: int, field: str, value: str) -> Path:
    """The bundled table with one field of one line (header = line 1) replaced."""
    with measures.MEASURES_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[line - 2][field] = value
    out = tmp_path / "measures.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(measures.COLUMNS), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return out


def test_the_bundled_table_is_valid_and_every_row_has_an_https_source() -> None:
    report = measures.validate()
    assert report.ok, report.problems
    df = measures.load()
    assert len(df) >= 30
    assert df["source_url"].str.startswith("https://").all()
    assert set(df["imposer"]) == {"USA", "CAN", "MEX"}


@pytest.mark.parametrize("field, value, message", [
    ("rate_pct", "inf", "not a rate"),
    ("rate_pct", "abc", "not a number"),
    ("start", "2025-13-01", "not an ISO date"),
    ("end", "2001-01-01", "ends before it starts"),
    ("imposer", "FRA", "not one of"),
    ("usmca_exempt", "maybe", "not one of"),
    ("source_url", "javascript:alert(1)", "https://"),
    ("source_url", "", "is required"),
    ("exempt_share_low", "0.5", "both bounds"),
    ("modifies", "no-such-measure", "no measure"),
])
def test_a_bad_row_is_refused_naming_line_and_field(tmp_path: Path, field: str, value: str,
                                                   message: str) -> None:
    bad = _copy_with(tmp_path, 5, field, value)
    with pytest.raises(ValidationError) as info:
        measures.load(bad)
    assert info.value.location.row == 5
    assert info.value.location.field == field
    assert message in str(info.value)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    first = measures.load().iloc[0]["id"]
    bad = _copy_with(tmp_path, 3, "id", first)
    report = measures.validate(bad)
    assert [(p.row, p.field) for p in report.problems] == [(3, "id")]


def test_in_force_applies_rate_rises_and_usmca_exemptions() -> None:
    # EO 14193 at 25 percent from 4 March 2025; USMCA goods exempt from 7 March (amendment of
    # 6 March 2025); 35 percent from 1 August 2025 (amendment of 31 July 2025).
    before = measures.in_force(dt.date(2025, 3, 5), "USA", "CAN").set_index("id")
    assert before.loc["us-ieepa-2025-can", "rate_pct_now"] == 25
    assert before.loc["us-ieepa-2025-can", "usmca_exempt_now"] == "no"
    after = measures.in_force(dt.date(2025, 9, 15), "USA", "CAN").set_index("id")
    assert after.loc["us-ieepa-2025-can", "rate_pct_now"] == 35
    assert after.loc["us-ieepa-2025-can", "usmca_exempt_now"] == "yes"
    assert "us-ieepa-2025-35-can" in after.loc["us-ieepa-2025-can", "modified_by"]
    # Section 232 steel: 25 percent from 12 March 2025, 50 percent from 4 June 2025.
    assert after.loc["us-s232-steel-2025-can", "rate_pct_now"] == 50
    # The IEEPA duties ended on 20 February 2026.
    later = measures.in_force(dt.date(2026, 3, 1), "USA", "CAN")
    assert "us-ieepa-2025-can" not in set(later["id"])


def test_status_beyond_the_checked_date_is_flagged() -> None:
    today = measures.in_force(dt.date(2026, 12, 4), "USA", "MEX").set_index("id")
    assert today.loc["us-s232-steel-2025-mex", "status"] == "unverified after 2026-10-03"


def test_monthly_counts_rise_in_2018_and_2025_and_fall_in_between() -> None:
    c = measures.monthly_counts("2017-01", "2026-11")
    us_can = c[(c["imposer"] == "USA") & (c["target"] == "CAN")].set_index("month")["measures"]
    assert "2017-06" not in us_can.index          # nothing in force before June 2018
    assert us_can["2018-07"] == 2                 # steel and aluminium
    assert "2019-06" not in us_can.index          # lifted on 20 May 2019
    assert us_can["2025-09"] > us_can["2018-07"]


def test_cli_list_and_counts_json(capsys: pytest.CaptureFixture) -> None:
    code, data, _ = run_json(["measures", "list", "--date", "2025-09-15", "--target", "MEX"],
                             capsys)
    assert code == 0
    assert data["date"] == "2025-09-15"
    assert {m["target"] for m in data["measures"]} == {"MEX"}
    code, data, _ = run_json(["measures", "counts", "--from", "2025-01", "--to", "2025-03"],
                             capsys)
    assert code == 0 and {r["month"] for r in data["counts"]} <= {"2025-01", "2025-02", "2025-03"}


def test_cli_validate_refuses_a_bad_file_with_exit_3(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    bad = _copy_with(tmp_path, 4, "start", "not-a-date")
    code, _, err = run(["measures", "validate", "--file", str(bad)], capsys)
    assert code == 3
    assert "row 4" in err and "start" in err


def test_ledger_validate_also_checks_the_measures(capsys: pytest.CaptureFixture) -> None:
    code, data, _ = run_json(["ledger", "validate"], capsys)
    assert code == 0
    assert data["measures"]["ok"] is True and data["measures"]["rows"] >= 30


def test_section_338_duties_start_when_the_suspension_lapsed() -> None:
    # Proclamation 11056 (18 August 2026) moved the start from 19 to 22 August 2026; the
    # proclamations of 8 September 2026 state that the duties took effect on 22 August.
    during = measures.in_force(dt.date(2026, 8, 20), "USA", "CAN")
    assert "us-s338-canada-2026-can" not in set(during["id"])
    after = measures.in_force(dt.date(2026, 8, 22), "USA", "CAN")
    assert "us-s338-canada-2026-can" in set(after["id"])
