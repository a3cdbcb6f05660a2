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
        ("The State Department denied the permit for the pipeline from Canada.", 1),
        ("Non-essential travel across the border with Canada was restricted.", 1),
    ],
)
def test_barrier_cues(text: str, count: int):
    assert cues.barrier_cues(text) == count


@pytest.mark.parametrize(
    ("title", "instrument"),
    [
        ("A Proclamation on Adjusting Imports of Steel into the United States", True),
        ("A Proclamation to Continue Facilitating Positive Adjustment to Competition From "
         "Imports of Certain Crystalline Silicon Photovoltaic Cells", True),
        ("Imposing Duties to Address the Flow of Illicit Drugs Across Our Northern Border", True),
        ("Proclamation adjusting imports of aluminum: exemption for Canada", False),
        ("Adjusting Tariffs on Canada and Mexico to Minimize Disruption", False),
        ("Readout of President Biden's Call with Prime Minister Trudeau", False),
    ],
)
def test_barrier_instrument_titles(title: str, instrument: bool):
    assert cues.barrier_instrument(title) is instrument


def test_partner_contexts_split_exempting_sentences():
    text = ("Duties apply to steel from all countries except Canada, Mexico and Japan. "
            "The USTR shall negotiate with Canada and Mexico. Steel from Brazil is covered.")
    assert cues.partner_contexts(text) == (1, 1)


def test_partner_names_of_programmes_and_leaders_with_office():
    assert cues.partner_mentions("The Security and Prosperity Partnership met.") == 1
    assert cues.partner_mentions("Prime Minister Harper spoke.") == 1
    assert cues.partner_mentions("Harper spoke.") == 0  # a weak name alone never counts


def test_values_and_official_cues():
    text = ("A celebration of the culture, heritage and friendship of our peoples, with "
            "student exchanges; ministers asked the working group to report.")
    # culture, heritage, friendship, celebration, student -> 5; ministers, working group -> 2
    assert (cues.values_cues(text), cues.official_cues(text)) == (5, 2)


def test_path_probabilities_are_temperature_calibrated(ledger_env: Path):
    m = model.trained_model("tfidf")
    assert 0.05 <= m.temperature["path"] <= 5.0
    x = m.featurizer.transform(["Canada imposes tariffs", "A border working group met"])
    labels, raw = m.proba("path", x, calibrated=False)
    _, cal = m.proba("path", x)
    assert cal.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert (cal.argmax(axis=1) == raw.argmax(axis=1)).all()  # the ranking never changes


def test_gate_needs_title_opening_or_density(ledger_env: Path):
    filler = "The agency announced new grants for rural broadband and school repairs. " * 40
    passing = classifier.classify_text(filler + "One grantee once worked in Mexico.")
    opening = classifier.classify_text("Officials of Canada and Mexico met U.S. officials to "
                                       "agree a border work plan. " + filler)
    assert passing.path == "none" and passing.evidence["rule"] == "gate"
    assert opening.evidence["gate"] == "relevant" and opening.evidence["lead_mentions"] == 2


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
    folder = fresh_home / "cache" / "classifier"
    files = sorted(folder.glob("tfidf-*"))
    assert [f.suffix for f in files] == [".json", ".npz"]  # arrays and JSON, never a pickle
    model._MEMO.clear()
    again = model.trained_model("tfidf")
    assert again.version == first.version
    assert sorted(folder.glob("tfidf-*")) == files
    text = "Canada imposes retaliatory tariffs on U.S. steel and aluminum."
    assert classifier.classify_text(text).to_dict() == _fresh_prediction(text)


def _fresh_prediction(text: str) -> dict:
    from trilateral.evidence.classifier.predict import classify_documents

    fresh = model.trained_model("tfidf", use_cache=False)
    return classify_documents([parse_document(text)], fresh, "tfidf")[0].to_dict()


@pytest.mark.parametrize("tamper", ["pickle", "npz-bytes", "manifest"])
def test_a_tampered_model_file_is_refused_and_runs_no_code(
        ledger_env: Path, fresh_home: Path, tmp_path: Path, tamper: str):
    import hashlib
    import json
    import pickle

    model._MEMO.clear()
    model.trained_model("tfidf")
    stem = next((fresh_home / "cache" / "classifier").glob("tfidf-*.json")).with_suffix("")
    marker = tmp_path / "payload-ran"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    if tamper == "pickle":  # a pickle in place of the arrays, its hash even put in the manifest
        data = pickle.dumps(Payload())
        stem.with_suffix(".npz").write_bytes(data)
        man = json.loads(stem.with_suffix(".json").read_text())
        man["npz_sha256"] = hashlib.sha256(data).hexdigest()
        stem.with_suffix(".json").write_text(json.dumps(man))
    elif tamper == "npz-bytes":
        npz = stem.with_suffix(".npz")
        npz.write_bytes(npz.read_bytes()[:-7] + b"tamper!")
    else:
        stem.with_suffix(".json").write_text('{"format": "joblib", "loader": "os:system"}')
    from trilateral.evidence.classifier import storage

    with pytest.raises(storage.RefusedModel):
        storage.load(stem, model._from_parts)
    assert not marker.exists()
    model._MEMO.clear()
    p = classifier.classify_text("Canada imposes retaliatory tariffs on U.S. steel.")
    assert p.path == "reversal"  # refused, retrained over it
    assert not marker.exists()
    assert storage.load(stem, model._from_parts) is not None


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
