"""The classifier: front matter, relevance gate, barrier cues, outputs, cache and real documents.

The model trains on a small hand-made ledger (tests/evidence_helpers) plus the packaged codebook
examples, so these tests do not depend on the state of the packaged ledger.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_helpers import event, write_jsonl
from trilateral.evidence import classifier
from trilateral.evidence.classifier import cues, model
from trilateral.evidence.documents import chunks, parse_document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "whitehouse-2021-2022"
DOC = """---
date: '2021-11-18'
source_url: https://example.org/summit
title: "Joint Statement: North\\_American Leaders"
---

**The leaders of Canada, Mexico and the United States** met today.

They agreed that officials will form a working group on supply chains.
"""


@pytest.fixture(scope="module")
def small_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ledger") / "ledger.jsonl"
    rows = [
        event(1, title="United States and Canada sign a border action plan",
              summary="Officials of Canada and the US agreed a smart border action plan."),
        event(2, path="reversal", direction="-", domain="trade",
              title="United States imposes steel tariffs on Canada and Mexico",
              summary="Tariffs of 25 percent apply to steel from Canada and Mexico."),
        event(3, path="political", level="legislature", domain="trade",
              title="House passes NAFTA implementation bill",
              summary="The House voted for the bill implementing the agreement with Mexico."),
    ]
    return write_jsonl(path, rows)


@pytest.fixture
def ledger_env(small_ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRILATERAL_LEDGER", str(small_ledger))
    return small_ledger


def test_front_matter_gives_date_url_title_and_clean_text():
    doc = parse_document(DOC)
    assert (doc.date, doc.url) == ("2021-11-18", "https://example.org/summit")
    assert doc.title == "Joint Statement: North American Leaders"
    assert "**" not in doc.text and "---" not in doc.text


def test_chunks_keep_paragraphs_and_split_long_ones():
    text = "\n\n".join(["word " * 50] * 6 + ["long " * 700])
    parts = chunks(text, target_words=120, max_words=300)
    assert all(len(p.split()) <= 300 for p in parts)
    assert sum(len(p.split()) for p in parts) == 50 * 6 + 700


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("Wildfires in New Mexico and drilling in the Gulf of Mexico", 0),
        ("Prime Minister Trudeau of Canada met President López Obrador", 3),
        ("Mexican American families in Texas; Canada geese", 0),
        ("Martin Luther King Day", 0),  # a weak name alone never counts
    ],
)
def test_partner_mentions(text: str, mentions: int):
    assert cues.partner_mentions(text) == mentions


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The President imposed tariffs of 25 percent on steel from Canada.", 1),
        ("Canada announced retaliatory tariffs on U.S. goods.", 1),
        ("NAFTA eliminated tariffs on most goods from Mexico.", 0),
        ("The United States lifted the Section 232 tariffs on Canada and Mexico.", 0),
        ("Tariffs on steel from Japan rise. Canada and Mexico are exempt.", 0),
    ],
)
def test_barrier_cues(text: str, count: int):
    assert cues.barrier_cues(text) == count


def test_prediction_has_required_fields(ledger_env: Path):
    p = classifier.classify_text("Canada and Mexico impose retaliatory tariffs on U.S. steel "
                                 "and pork in response to the American duties.")
    d = p.to_dict()
    assert {"path", "direction", "level", "confidence", "model"} <= d.keys()
    assert d["path"] == "reversal" and d["direction"] == "-"
    assert 0 <= d["confidence"] <= 1
    assert d["model"]["name"] == "tfidf-logreg" and d["model"]["version"].startswith(model.MODEL_VERSION + "+")


def test_unrelated_text_is_none(ledger_env: Path):
    p = classifier.classify_text("The President announced new judicial nominees to the "
                                 "federal courts of appeals and a rural broadband program.")
    assert (p.path, p.direction) == ("none", "0")


def test_cooperation_is_not_reversal(ledger_env: Path):
    p = classifier.classify_text(DOC)
    assert p.path not in ("none", "reversal")
    assert p.date == "2021-11-18"


def test_model_is_cached_on_disk_by_ledger_hash(ledger_env: Path, fresh_home: Path):
    model._MEMO.clear()
    first = model.trained_model("tfidf")
    files = list((fresh_home / "cache" / "classifier").glob("tfidf-*.joblib"))
    assert len(files) == 1
    model._MEMO.clear()
    again = model.trained_model("tfidf")
    assert again.version == first.version
    assert list((fresh_home / "cache" / "classifier").glob("tfidf-*.joblib")) == files


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus document {name} absent (../shared/corpus not beside the checkout)")
    return path


@pytest.mark.parametrize(
    "name",
    [  # real documents outside the dev set: unrelated to the three countries' relations
        "2022-06-11-president-joseph-r-biden-jr-amends-new-mexico-disaster-declaration.md",
        "2021-09-08-president-biden-names-seventh-round-of-judicial-nominees.md",
        "2022-11-03-remarks-by-president-biden-on-student-debt-relief.md",
    ],
)
def test_real_unrelated_documents_are_none(ledger_env: Path, name: str):
    p = classifier.classify_file(_corpus(name))
    assert p.path == "none"
    assert p.url and p.url.startswith("https://")


def test_embeddings_backend_when_installed(ledger_env: Path, fresh_home: Path):
    from trilateral.evidence.classifier.embeddings import available

    ok, why = available()
    if not ok:
        pytest.skip(f"embeddings extra absent: {why}")
    p = classifier.classify_text("The President imposed tariffs on steel from Canada and "
                                 "Mexico; Canada announced retaliatory tariffs.", "embeddings")
    assert p.path == "reversal"
    assert p.model["name"] == "minilm-logreg"


def test_scores_macro_f1_and_confusion():
    from trilateral.evidence.classifier.evaluate import scores

    # by hand: truth a a b b, prediction a c b b. a: P 1, R 1/2, F1 2/3; b: F1 1; c: predicted
    # once, never true, F1 0. Macro-F1 over a, b, c = 5/9; over the truth's labels a, b = 5/6.
    got = scores("path", ["a", "a", "b", "b"], ["a", "c", "b", "b"])
    assert got.labels == ["a", "b", "c"]
    assert got.confusion == [[1, 0, 1], [0, 2, 0], [0, 0, 0]]
    assert got.macro_f1 == pytest.approx(5 / 9)
    assert got.macro_f1_truth == pytest.approx(5 / 6)
