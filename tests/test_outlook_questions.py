"""The forecast-question registry: validation, base rates, ledger questions, scores, record."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trilateral.errors import InputError
from trilateral.outlook import questions as qs

GOOD = """
[[question]]
id = "q1"
question = "Will it?"
issued = 2020-01-01
resolves = 2021-01-01
kind = "external"
rule = "it happens"
resolving_series = "a series"
base_rate = 0.3
base_rate_class = "a class"
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "q.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_packaged_registry_has_the_issues_questions_and_resolved_ones() -> None:
    reg = qs.load()
    assert len(reg) >= 10
    ids = {q.id for q in reg}
    assert {"usmca-extension-confirmed-2027", "us-duty-rate-canada-above-5pct-2027",
            "us-na-share-below-29-2026", "can-exports-to-us-below-70-2027",
            "nals-by-2028"} <= ids
    assert sum(q.resolves < dt.date(2026, 1, 1) for q in reg) >= 3
    assert all(q.rule and q.resolving_series for q in reg)
    # a question that needs data trilateral does not bundle names the series that resolves it
    ext = [q for q in reg if q.kind == "external"]
    assert ext and all("not bundled" in q.resolving_series for q in ext)


@pytest.mark.parametrize("edit,field", [
    (lambda s: s.replace('rule = "it happens"\n', ""), "rule"),
    (lambda s: s.replace('kind = "external"', 'kind = "guess"'), "kind"),
    (lambda s: s.replace("base_rate = 0.3", "base_rate = 1.5"), "base_rate"),
    (lambda s: s.replace("resolves = 2021-01-01", "resolves = 2019-01-01"), "resolves"),
    (lambda s: s.replace("issued = 2020-01-01", 'issued = "soon"'), "issued"),
    (lambda s: s + s, "id"),
])
def test_bad_entries_name_file_row_and_field(tmp_path: Path, edit, field: str) -> None:
    p = _write(tmp_path, edit(GOOD))
    with pytest.raises(InputError) as exc:
        qs.load(p)
    loc = exc.value.location
    assert loc.field == field and str(loc.file) == str(p) and loc.row in (1, 2)


def test_series_question_fields_are_checked(tmp_path: Path) -> None:
    text = GOOD.replace('kind = "external"', 'kind = "series"') + (
        'indicator = "trade_share"\nreporter = "USA"\npartner = "CAN"\nflow = "total"\n'
        'year = 2020\nop = "<="\nthreshold = 10.0\n')
    with pytest.raises(InputError) as exc:
        qs.load(_write(tmp_path, text))
    assert exc.value.location.field == "op"


def test_scores_brier_and_log_against_the_base_rate() -> None:
    rows = [{"probability": 0.8, "outcome": True, "base_rate": {"value": 0.5}},
            {"probability": 0.3, "outcome": False, "base_rate": {"value": 0.5}}]
    s = qs.score(rows)
    assert s["n"] == 2
    assert s["brier"] == pytest.approx((0.2 ** 2 + 0.3 ** 2) / 2)
    assert s["brier_base_rate"] == pytest.approx(0.25)
    assert s["log_score"] == pytest.approx(-(math.log(0.8) + math.log(0.7)) / 2)
    assert s["log_score_base_rate"] == pytest.approx(math.log(2))
    assert s["brier_skill"] == pytest.approx(1 - s["brier"] / 0.25)


def test_series_base_rate_counts_past_changes_of_the_same_length() -> None:
    hist = pd.Series([50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0],
                     index=range(2000, 2008))
    # every 2-year change was a rise: falling below the last value never happened
    rate, why = qs._series_base_rate(hist, "logit_pct", 2, 57.0, "<")
    assert rate == pytest.approx(0.5 / 7) and "6 past 2-year changes" in why
    up, _ = qs._series_base_rate(hist, "logit_pct", 2, 57.0, ">")
    assert up == pytest.approx(6.5 / 7)


def _events(dates: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(dates), "title": [
        "North American Leaders' Summit in X"] * len(dates), "direction": "+",
        "level": "federal-executive", "countries": "USA;CAN;MEX"})


def _ledger_q(start: str, end: str, issued: str, resolves: str) -> qs.Question:
    return qs.Question("s", "summit?", dt.date.fromisoformat(issued),
                       dt.date.fromisoformat(resolves), "ledger", "r", "ledger",
                       {"match": "(?i)leaders' summit", "window_start": dt.date.fromisoformat(
                           start), "window_end": dt.date.fromisoformat(end), "rate_years": 10})


def test_ledger_question_is_poisson_at_the_past_rate_and_resolves_from_the_ledger() -> None:
    ev = _events(["2005-06-01", "2009-08-10", "2012-04-02", "2014-02-19", "2016-06-29",
                  "2021-11-18", "2024-01-01"])
    q = _ledger_q("2019-04-01", "2021-12-31", "2019-03-31", "2022-03-31")
    p, how, base, cls, outcome, status = qs._ledger(q, ev, dt.date(2026, 1, 1))
    years = (pd.Timestamp("2021-12-31") - pd.Timestamp("2019-04-01")).days / 365.25
    assert p == pytest.approx(1 - math.exp(-0.4 * years))  # 4 summits in 2009-2019
    assert outcome is True and status.startswith("resolved: 2021-11-18")
    f = (5 + 0.5) / (14 + 1)  # 5 of the 14 years 2005-2018 had one
    assert base == pytest.approx(1 - (1 - f) ** years)
    # a window the ledger has not reached yet stays open; one without an event resolves no
    later = _ledger_q("2027-01-01", "2027-12-31", "2026-12-04", "2028-03-31")
    assert qs._ledger(later, ev, dt.date(2026, 12, 4))[4] is None
    empty = _ledger_q("2017-01-01", "2017-12-31", "2016-12-31", "2018-03-31")
    assert qs._ledger(empty, ev, dt.date(2026, 12, 4))[4] is False


def test_record_is_appended_once_per_day_and_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "record.jsonl"
    path.write_text('{"id": "old", "recorded": "2026-01-01", "configuration": {}}\n')
    result = {"configuration": {"config": "combined", "fixed": "2026-12-04"}, "questions": [
        {"id": "a", "status": "open", "replay": False, "resolves": "2027-01-01", "threshold": 1.0,
         "probability": 0.4, "base_rate": {"value": 0.5}, "probability_method": "m"},
        {"id": "b", "status": "resolved: 1", "replay": True, "resolves": "2010-01-01", "threshold": 1.0,
         "probability": 0.4, "base_rate": {"value": 0.5}, "probability_method": "m"}]}
    added = qs.append_record(result, path, dt.date(2026, 12, 4))
    assert [a["id"] for a in added] == ["a"]
    assert qs.append_record(result, path, dt.date(2026, 12, 4)) == []  # once a day
    lines = path.read_text().splitlines()
    assert json.loads(lines[0])["id"] == "old" and len(lines) == 2
    assert json.loads(lines[1])["configuration"]["fixed"] == "2026-12-04"
    path.write_text(path.read_text() + "not json\n")
    with pytest.raises(InputError) as exc:
        qs.read_record(path)
    assert exc.value.location.row == 3


@pytest.mark.slow
def test_bundled_questions_are_computed_resolved_and_scored() -> None:
    """On the bundled data and packaged ledger: every question has a probability and a base
    rate in (0, 1), and at least three resolved before 2026 are scored."""
    d = qs.evaluate()
    assert len(d["questions"]) >= 10
    for q in d["questions"]:
        assert 0 < q["probability"] < 1 and 0 < q["base_rate"]["value"] < 1, q["id"]
        assert q["rule"] and q["resolving_series"] and q["base_rate"]["reference_class"]
    resolved = [q for q in d["questions"] if q["outcome"] is not None
                and q["resolves"] < "2026-01-01"]
    assert len(resolved) >= 3 and d["scores"]["n"] >= 3
    assert all(q["configuration"]["in_sample"] for q in resolved)  # replays say so
    assert np.isfinite(d["scores"]["log_score"])


def test_frozen_configuration_is_the_cli_default_and_dates_replays() -> None:
    from trilateral.outlook import options

    assert options.frozen_config() == options.DEFAULT_CONFIG
    now = options.configuration(None)
    assert not now["in_sample"] and "today's" in now["vintages"]
    then = options.configuration(dt.date(2006, 3, 31))
    assert then["in_sample"] and then["label"].startswith("in-sample")
    assert then["fixed"] == options.REGISTRY_START.isoformat()
