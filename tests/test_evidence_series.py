"""Event series: each declared universe is complete against its enumerating list, and the
ledger-based checks count only its events, inside its complete span."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from cli_helpers import run_json
from trilateral.evidence import series, store


@pytest.fixture(autouse=True)
def _packaged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRILATERAL_LEDGER", raising=False)


def test_every_declared_series_is_complete_against_its_list() -> None:
    checked = series.completeness(store.read_events())
    assert {c.series.id for c in checked} >= {"nals", "usmca-ftc"}
    for c in checked:
        assert c.complete, (c.series.id, c.problems)
        s = c.series
        assert s.enumerating_list["url"].startswith(("https://", "http://"))  # as seen
        span = (s.complete_from.isoformat(), s.complete_through.isoformat())
        assert all(span[0] <= m.date <= span[1] for m in s.members)


def test_leaders_summits_are_the_ten_on_the_list() -> None:
    # the enumerating list (series.json): ten summits, Waco 2005 to Mexico City 2023
    nals = series.get("nals")
    assert [m.key for m in nals.members] == [str(i) for i in range(1, 11)]
    assert (nals.members[0].date, nals.members[-1].date) == ("2005-03-23", "2023-01-10")


@pytest.mark.parametrize("damage", ["drop", "untag", "extra", "redate"])
def test_an_incomplete_series_fails(damage: str) -> None:
    events = [dict(e) for e in store.read_events()]
    s = series.get("usmca-ftc")
    member = next(e for e in events if e["id"] == s.members[2].event)
    if damage == "drop":
        events.remove(member)
    elif damage == "untag":
        member["series"] = series.AD_HOC
    elif damage == "extra":
        next(e for e in events if e.get("series") == series.AD_HOC)["series"] = s.id
    else:
        member["date"] = "2023-07-08"
    assert not series.check(s, events).complete


def test_series_command_lists_universe_span_and_completeness(capsys) -> None:
    code, data, _ = run_json(["ledger", "series"], capsys)
    assert code == 0
    rows = {r["id"]: r for r in data["series"]}
    assert rows["nals"]["complete"] and rows["nals"]["complete_through"] == "2024-05-16"
    assert rows["usmca-ftc"]["members_expected"] == rows["usmca-ftc"]["events_tagged"] == 4
    assert data["ad_hoc_events"] == data["events"] - sum(r["events_tagged"] for r in rows.values())


def test_series_command_exits_3_when_a_series_is_incomplete(tmp_path: Path, capsys) -> None:
    events = [e for e in store.read_events() if e["id"] != series.get("nals").members[4].event]
    file = tmp_path / "ledger.jsonl"
    file.write_text("".join(json.dumps(e) + "\n" for e in events))
    code, data, _ = run_json(["ledger", "series", "--ledger", str(file)], capsys)
    assert code == 3


def test_counted_keeps_series_events_inside_their_span_only() -> None:
    frame = pd.DataFrame({
        "id": ["a", "b", "c", "d"], "series": ["nals", "nals", series.AD_HOC, "usmca-ftc"],
        "date": pd.to_datetime(["2009-08-10", "2024-06-01", "2010-01-01", "2021-05-18"])})
    assert series.counted(frame)["id"].tolist() == ["a", "d"]  # b after 2024-05-16


def test_ledger_checks_count_only_series_events_up_to_complete_through() -> None:
    from trilateral.paths.assessment import _load_checks
    from trilateral.paths.context import Context
    from trilateral.paths.registry import CHECKS

    _load_checks()
    ctx = Context(dt.date(2026, 12, 1))
    m = CHECKS["ledger_activity_bureaucratic"].function(ctx)
    # each series has its own windows, ending at its complete_through, not today. nals ends
    # 2024-05-16: (2019-05-16, 2024-05-16] holds the 2021 and 2023 summits, (2014-05-16,
    # 2019-05-16] the 2016 one. cec-council ends 2025-07-25: sessions 28-32 (2021-2025) against
    # 23-27 (2016-2020). usmca-ftc, the panels and the RRM start 2020-07-01, too late.
    # coverage ends with the series that ends first (nals, 2024)
    assert m.estimate == pytest.approx(math.log(7 / 6)) and m.coverage_end == 2024
    refs = {e.ref for e in m.evidence}
    assert {"2016-06-29-nals-ottawa", "2021-11-18-nals-washington-2021",
            "2023-01-10-nals-mexico-city"} <= refs and len(refs) == 13
    # neg-ecp windows end 2025-11-17: (2020-11-17, 2025-11-17] holds conferences 43 to 46,
    # (2015-11-17, 2020-11-17] conferences 40 to 42 (the 39th, 2015-08-31, is earlier)
    pol = CHECKS["ledger_activity_political"].function(ctx)
    assert pol.estimate == pytest.approx(math.log(4 / 3)) and pol.coverage_end == 2025
    assert len(pol.evidence) == 7
    # us-tariff-actions, signed, ends 2026-10-03: 15 escalations in (2021-10-03, 2026-10-03]
    # (2024-26) against 5 in (2016-10-03, 2021-10-03] (2018-20); partner-countermeasures
    # (complete from 2018-06-05) is too short for the earlier window
    neg = CHECKS["ledger_negative"].function(ctx)
    assert neg.estimate == pytest.approx(math.log(15 / 5)) and neg.coverage_end == 2026
    assert "left out: partner-countermeasures" in neg.method
    # net direction reads the recent window only, where both signed series are complete: the
    # US series has 8 '+' and 15 '-' to 2026-10-03, the partners' 5 '+' and 5 '-' in
    # (2021-09-04, 2026-09-04] (the last, Canada's surtax order of 4 September 2026)
    net = CHECKS["ledger_net_direction"].function(ctx)
    assert net.estimate == pytest.approx((13 - 20) / 33)
    assert "partner-countermeasures to 2026-09-04" in net.method
    got = CHECKS["ledger_direction_bureaucratic"].function(ctx)
    assert got.estimate is None and "either sign" in got.note
