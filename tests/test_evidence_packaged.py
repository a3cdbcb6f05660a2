"""The packaged ledger, the recode sample and the codebook examples meet the issue's bar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trilateral.evidence import ledger, store
from trilateral.evidence.codebook import END, START, load_examples, render_examples
from trilateral.evidence.reliability import RECODE_FILE, RECODE_INPUT
from trilateral.evidence.schema import CODED_FIELDS, PATHS

DOCS = Path(__file__).resolve().parents[1] / "docs" / "codebook.md"


@pytest.fixture(autouse=True)
def _packaged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRILATERAL_LEDGER", raising=False)


def test_packaged_ledger_is_valid_and_covers_the_range():
    report = ledger.validate()
    assert report.ok, report.problems[:5]
    assert report.events >= 150
    assert report.first_date <= "1989-12-31" and report.last_date >= "2025-01-01"
    assert all(report.paths[p] > 0 for p in PATHS)
    assert report.without_url == 0


def test_recode_input_is_blind_and_large_enough():
    rows = [json.loads(x) for x in RECODE_INPUT.read_text().splitlines() if x.strip()]
    ids = {e["id"] for e in store.read_events()}
    assert len(rows) >= 45
    assert all(r["id"] in ids for r in rows)
    assert not any(set(CODED_FIELDS) & r.keys() for r in rows)


def test_reliability_when_second_coding_present():
    if not RECODE_FILE.exists():
        pytest.skip("recode.jsonl (the blind second coding) is not in the repository yet")
    from trilateral.evidence.reliability import read_recode, reliability

    report = reliability(store.read_events(), read_recode())
    assert report.units >= 40
    assert {f.field for f in report.fields} == set(CODED_FIELDS)


def test_codebook_doc_shows_the_examples_the_classifier_trains_on():
    if not DOCS.exists():
        pytest.skip("docs/ not beside the package")
    text = DOCS.read_text(encoding="utf-8")
    section = text.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == render_examples(load_examples()).strip()
    assert {e["path"] for e in load_examples()} == set(PATHS) | {"none"}
