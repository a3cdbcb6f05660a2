"""The answer block: a short headline from the verdicts, dated numbers, stale series, chips."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cli_helpers import run_json
from trilateral.report import answer


def _path(pid: str, verdict: str, agreement: float | None = None) -> dict:
    return {"id": pid, "name": pid.title(), "verdict": verdict, "agreement": agreement,
            "checks": [{"id": f"{pid}_check", "implication": "x", "estimate": 1.0,
                        "lower": 0.5, "upper": 1.5, "unit": "u", "support": 0.9,
                        "weight": 1.0}]}


def test_headline_names_rising_and_falling_paths_within_thirty_words() -> None:
    paths = [_path("reversal", "advancing", 0.55), _path("bureaucratic", "reversing"),
             *[_path(p, "inconclusive") for p in ("political", "values", "institutional")],
             _path("globalization", "advancing"), _path("americanization", "stalled")]
    text = answer.headline(paths)
    assert len(text.split()) <= answer.HEADLINE_WORDS
    assert "rollback (barriers) is clearly rising" in text.lower()
    assert "bureaucratic cooperation is clearly falling" in text
    assert "4 of 7 show no clear change" in text
    assert "the 'only globalization' view is supported" in text  # a null-type path
    assert "Fragile: rollback" in text  # agreement below 0.7 is said out loud


def test_headline_counts_paths_without_evidence_apart() -> None:
    paths = [_path("reversal", "advancing"), _path("values", "inconclusive"),
             _path("political", "insufficient-evidence"),
             _path("bureaucratic", "insufficient-evidence")]
    text = answer.headline(paths)
    assert text.endswith("; 1 of 4 show no clear change; 2 lack evidence."), text


def test_a_long_headline_drops_the_counts_before_the_fragility_caveat() -> None:
    paths = [_path("reversal", "advancing"), _path("americanization", "reversing"),
             _path("globalization", "advancing", 0.57), _path("values", "inconclusive"),
             *[_path(p, "insufficient-evidence") for p in ("political", "bureaucratic",
                                                            "institutional")]]
    text = answer.headline(paths)
    assert len(text.split()) <= answer.HEADLINE_WORDS and not text.endswith("...")
    assert text.endswith("Fragile: 'only globalization'."), text
    assert "dependence on the US is clearly falling" in text


def test_headline_says_when_nothing_is_clear() -> None:
    text = answer.headline([_path("values", "inconclusive"), _path("reversal", "stalled")])
    assert text.startswith("No path shows a clear change")


@pytest.mark.parametrize("verdict, words", [
    ("advancing", "clear rise"), ("reversing", "clear fall"),
    ("stalled", "no meaningful change"), ("inconclusive", "too close to call"),
    ("insufficient-evidence", "not enough evidence")])
def test_chips_use_plain_words(verdict: str, words: str) -> None:
    chip = answer._chip(_path("values", verdict))
    assert chip["label"] == words and chip["evidence"]["check"] == "values_check"


def test_dependence_and_shock_read_the_latest_reporter_figures() -> None:
    rows = [("CAN", "total", 2025, 59.0, "reporter"), ("MEX", "total", 2021, 65.9, "mirror"),
            ("CAN", "exports", 2024, 76.3, "reporter"), ("CAN", "exports", 2025, 72.4,
                                                           "reporter")]
    df = pd.DataFrame([{"indicator": "trade_share", "reporter": r, "partner": "USA",
                        "flow": f, "year": y, "value": v, "basis": b, "sources": "t (s)",
                        "available": "2026-02-15"} for r, f, y, v, b in rows])
    dep = answer._dependence(df, dt.date(2026, 12, 4))
    assert "Canada 59.0% (2025)" in dep["value_text"]
    assert "Mexico 65.9% (2021, mirror flows)" in dep["value_text"]
    shock = answer._shock(df)
    assert shock["value_text"] == "76.3% to 72.4% (-3.9 points)"


def test_data_as_of_flags_series_more_than_two_years_old() -> None:
    cov = [{"indicator": "a", "last": 2014, "sources": "s"},
           {"indicator": "b", "last": 2025, "sources": "s"}]
    got = answer.data_as_of(cov, dt.date(2026, 12, 4))
    assert got["oldest"] == {"indicator": "a", "last": 2014, "stale": True}
    assert [s["indicator"] for s in got["stale"]] == ["a"]


def test_recent_changes_list_measures_started_or_ended_in_the_last_year() -> None:
    got = answer.recent_changes(dt.date(2026, 3, 1))
    kinds = {(c["date"], c["kind"]) for c in got}
    assert ("2026-02-20", "measure ended") in kinds      # IEEPA duties ended
    assert ("2026-02-24", "measure started") in kinds    # Section 122 surcharge
    assert all(c["date"] > "2025-03-01" for c in got)


def test_summary_json_is_the_answer_in_the_envelope(capsys, monkeypatch) -> None:
    from trilateral.paths import context as ctx_mod
    from trilateral.report import providers

    monkeypatch.setattr(providers, "PROVIDERS", [])
    monkeypatch.setitem(ctx_mod.PROVIDERS, ctx_mod.GRAVITY, None)
    monkeypatch.setitem(ctx_mod.PROVIDERS, ctx_mod.LEDGER, "paths_support:ledger_provider")
    code, data, err = run_json(["summary", "--as-of", "2006-03-31"], capsys)
    assert code == 0, err
    assert data["as_of"] == "2006-03-31" and len(data["chips"]) == 7
    assert len(data["headline"].split()) <= answer.HEADLINE_WORDS


def test_the_null_type_path_reads_supported_or_rejected() -> None:
    assert answer._chip(_path("globalization", "advancing"))["label"].startswith("supported")
    assert answer._chip(_path("globalization", "reversing"))["label"].startswith("rejected")
    assert answer._chip(_path("reversal", "advancing"))["label"] == "clear rise"
