"""The classifier on real documents it was never tuned on: the held-out test set.

``evidence/data/testset.jsonl`` codes the 35 corpus documents outside the development set; it
was written before the classifier's rules changed and is never used to choose them. These
tests use the packaged ledger (the model analysts get), so the model trains once per session.

The issue's acceptance test is "reversal actions and unrelated documents must not be confused
with cooperation". What the model achieves on the held-out set is asserted as it is, and the
one held-out failure is an expected failure (``xfail(strict=True)``): it is not tuned away.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence_helpers import event, write_jsonl
from trilateral.cli import main
from trilateral.evidence import classifier
from trilateral.evidence.classifier.evaluate import (
    ACCEPTANCE_CONFIDENCE,
    DEVSET_FILE,
    TESTSET_FILE,
    acceptance,
    calibration,
    load_devset,
)
from trilateral.evidence.classifier.predict import COOPERATION
from trilateral.evidence.schema import PATHS

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "whitehouse-2021-2022"
TEST_ROWS = load_devset(TESTSET_FILE)
DEV_ROWS = load_devset(DEVSET_FILE)
# coded none by hand (a staffing statement whose subject is a US official's departure); the
# model codes it bureaucratic + with confidence 0.85: the gate lets short texts that name
# Mexico in their opening through. Known failure, reported, not tuned on the test set.
KNOWN_FAILURE = ("2021-04-09-statement-from-national-security-advisor-jake-sullivan-on-the-"
                 "service-of-ambassador-jacobson-coordinator-for-the-southwest-border.md")


@pytest.fixture(autouse=True)
def _packaged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRILATERAL_LEDGER", raising=False)


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus document {name} absent (../shared/corpus not beside the checkout)")
    return path


def test_testset_is_real_held_out_and_well_formed():
    files = [r["file"] for r in TEST_ROWS]
    assert len(files) == 35 and len(set(files)) == 35
    assert not set(files) & {r["file"] for r in DEV_ROWS}
    assert {r["coder"] for r in TEST_ROWS} == {"coder-c"}
    for r in TEST_ROWS:
        assert r["path"] in PATHS + ("none",)
        assert r["url"].startswith("https://") and r["rationale"]
        assert r["date"] == r["file"][:10]
    if CORPUS.is_dir():  # dev and test sets together cover the whole corpus
        corpus = {p.name for p in CORPUS.glob("*.md")} - {"PROVENANCE.md"}
        assert corpus == set(files) | {r["file"] for r in DEV_ROWS}


_UNRELATED = [
    pytest.param(r["file"], marks=pytest.mark.xfail(strict=True, reason="known held-out failure"))
    if r["file"] == KNOWN_FAILURE else r["file"]
    for r in TEST_ROWS if r["path"] == "none"
]


@pytest.mark.parametrize("name", _UNRELATED)
def test_heldout_unrelated_documents_are_not_confident_cooperation(name: str):
    p = classifier.classify_file(_corpus(name))
    assert not (p.cooperation and p.confidence > ACCEPTANCE_CONFIDENCE), p.to_dict()


@pytest.mark.parametrize(
    "name",
    [  # held out: Section 232 steel proclamations that name Canada and Mexico only as exempt
        "2022-03-31-a-proclamation-on-adjusting-imports-of-steel-into-the-united-states-2.md",
        "2022-05-27-a-proclamation-adjusting-imports-of-steel-into-the-united-states-ukraine.md",
    ],
)
def test_heldout_exempting_trade_instruments_are_neither_reversal_nor_cooperation(name: str):
    p = classifier.classify_file(_corpus(name))
    assert p.path == "none" and p.evidence["rule"] == "partners exempt"


def test_reversal_document_is_reversal_not_cooperation():
    # the corpus's only reversal document is in the dev set (the held-out set has none), and
    # the barrier-instrument rule was written with it in view: a regression test, not evidence
    name = ("2022-02-04-a-proclamation-to-continue-facilitating-positive-adjustment-to-"
            "competition-from-imports-of-certain-crystalline-silicon-photovoltaic-cells-whether-"
            "or-not-partially-or-fully-assembled-into-other-produc.md")
    p = classifier.classify_file(_corpus(name))
    assert (p.path, p.direction) == ("reversal", "-") and not p.cooperation
    assert p.evidence["rule"] == "barrier instrument"


def test_acceptance_counts_by_hand():
    class P:  # a prediction's three relevant attributes
        def __init__(self, path: str, direction: str, confidence: float) -> None:
            self.path, self.direction, self.confidence = path, direction, confidence
            self.cooperation = path in COOPERATION and direction == "+"

    truth = ["none", "none", "none", "reversal", "reversal", "bureaucratic"]
    preds = [P("bureaucratic", "+", 0.9), P("values", "+", 0.4), P("bureaucratic", "0", 0.9),
             P("political", "+", 0.7), P("reversal", "-", 0.8), P("none", "0", 0.9)]
    got = acceptance(truth, preds, threshold=0.5)
    # none: the first two are cooperation (+), only the first above 0.5; the third has
    # direction 0. reversal: one coded political +, one right.
    assert (got["unrelated"], got["unrelated_as_cooperation"]) == (3, 2)
    assert got["unrelated_as_cooperation_above_threshold"] == 1
    assert (got["reversal"], got["reversal_as_cooperation"], got["reversal_recall"]) == (2, 1, 0.5)


def test_calibration_by_hand():
    # bins of width 0.1: 0.95 and 0.91 (both right) in the last bin: gap |0.93 - 1| = 0.07;
    # 0.55 and 0.45 fall in two bins, one right (gap 0.45), one wrong (gap 0.45).
    # ECE = 2/4 * 0.07 + 1/4 * 0.45 + 1/4 * 0.45 = 0.26; Brier = (0.05² + 0.09² + 0.45² +
    # 0.45²) / 4 = 0.4156 / 4 = 0.1039.
    got = calibration([True, True, True, False], [0.95, 0.91, 0.55, 0.45])
    assert got["ece"] == pytest.approx(0.26)
    assert got["brier"] == pytest.approx(0.1039)
    assert [b["n"] for b in got["bins"]] == [1, 1, 2]


def test_testset_json_lines_are_plain_ascii_keys():
    raw = TESTSET_FILE.read_text(encoding="utf-8").splitlines()
    keys = {tuple(json.loads(x)) for x in raw}
    assert keys == {("file", "date", "url", "path", "direction", "level", "domain",
                     "americanization", "coder", "rationale")}


def test_evaluate_json_reports_dev_and_heldout_sets(tmp_path: Path, monkeypatch, capsys):
    # a two-event ledger: cross-validation is skipped (too few events per path), and the
    # model trained on it and the codebook examples codes both document sets quickly
    ledger = write_jsonl(tmp_path / "ledger.jsonl",
                         [event(1), event(2, path="reversal", direction="-")])
    monkeypatch.setenv("TRILATERAL_LEDGER", str(ledger))
    try:
        main(["classify", "--evaluate", "--json"])
    except SystemExit as exc:
        assert not exc.code
    blocks = {b["kind"]: b for b in json.loads(capsys.readouterr().out)["data"]}
    assert set(blocks) == {"cross-validation", "development set", "held-out test set"}
    assert blocks["cross-validation"]["skipped"]
    test = blocks["held-out test set"]
    if not CORPUS.is_dir():
        assert "corpus folder not found" in test["skipped"]
        return
    assert test["fields"][0]["n"] == 35 and test["acceptance"]["unrelated"] == 33
    assert test["acceptance"]["reversal"] == 0
    assert any("no reversal item" in n for n in test["notes"])
    assert 0 <= test["calibration"]["ece"] <= 1
