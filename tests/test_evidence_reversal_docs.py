"""The classifier on real reversal documents it was never tuned on.

``evidence/data/testset_reversal.jsonl`` codes five official texts of reversal actions among the
three countries (US tariff orders and steel proclamations of 2024-2025 aimed at Canada and
Mexico, Canada's 2018 countermeasures notice), kept under ``tests/fixtures/reversal_docs/``
with their sources in the front matter. They were hand-coded before the classifier was run on
them and the classifier was not changed afterwards. The acceptance rule of the issue: no
reversal action may be coded as cooperation (a path among ``COOPERATION`` with direction ``+``).
The packaged ledger is used (the model analysts get).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trilateral.config import PACKAGE_DIR
from trilateral.evidence import classifier
from trilateral.evidence.classifier.evaluate import acceptance, load_devset
from trilateral.evidence.classifier.predict import COOPERATION
from trilateral.evidence.schema import PATHS

REPO = Path(__file__).resolve().parents[1]
ROWS = load_devset(PACKAGE_DIR / "evidence" / "data" / "testset_reversal.jsonl")


@pytest.fixture(autouse=True)
def _packaged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRILATERAL_LEDGER", raising=False)


@pytest.fixture(scope="module")
def predictions() -> dict[str, classifier.Prediction]:
    preds = classifier.classify_files([REPO / r["file"] for r in ROWS])
    return {r["file"]: p for r, p in zip(ROWS, preds, strict=True)}


def test_set_is_real_reversal_documents_with_sources():
    assert len(ROWS) == 5
    for r in ROWS:
        doc = (REPO / r["file"]).read_text(encoding="utf-8")
        assert r["path"] == "reversal" and r["direction"] == "-"
        assert r["path"] in PATHS and r["coder"] == "coder-c"
        assert "source_note:" in doc and f"url: {r['url']}" in doc
        assert len(doc.encode("utf-8")) < 30_000


@pytest.mark.parametrize("row", ROWS, ids=[Path(r["file"]).stem[:40] for r in ROWS])
def test_reversal_document_is_not_cooperation(row: dict, predictions: dict):
    p = predictions[row["file"]]
    assert not (p.path in COOPERATION and p.direction == "+"), (p.path, p.direction)
    assert p.direction != "+"


def test_acceptance_count_is_zero(predictions: dict):
    # measured when the set was added: all five coded reversal/- (confidence 0.80-0.84)
    counts = acceptance([r["path"] for r in ROWS], [predictions[r["file"]] for r in ROWS])
    assert counts["reversal"] == 5
    assert counts["reversal_as_cooperation"] == 0
