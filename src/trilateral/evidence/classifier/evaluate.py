"""How well the classifier codes: cross-validation on the ledger, the hand-coded development
set and the held-out test set.

* **Cross-validation.** Stratified k-fold over ledger events (by path): each fold's model trains
  on the other events plus all codebook examples, then codes the held-out events' title and
  summary through the full pipeline (gate, chunks, rules).
* **Development set.** ``evidence/data/devset.jsonl``: 120 White House documents of 2021-2022
  coded by hand under the codebook, read from the corpus folder (``--corpus``,
  ``$TRILATERAL_CORPUS`` or ``../shared/corpus/whitehouse-2021-2022`` beside the checkout). It
  is never used for training, but the rules and thresholds were chosen on it, so its scores
  are optimistic.
* **Held-out test set.** ``evidence/data/testset.jsonl``: the corpus's other documents, coded by
  another coder before any rule was changed and never used to choose rules or thresholds.

Scores per field (path, direction, level): accuracy, macro-F1 over the labels that occur in the
truth or the predictions (scikit-learn's convention) and over the truth's labels only,
per-class precision, recall and support, and the confusion matrix (rows: truth, columns:
prediction). Each block also gives the **acceptance counts** of the issue ("reversal actions
and unrelated documents must not be confused with cooperation"): unrelated (``none``) and
reversal items coded as cooperation, i.e. a path among :data:`.predict.COOPERATION` with
direction ``+`` (and how many of the unrelated ones at a confidence above
:data:`ACCEPTANCE_CONFIDENCE`), and the **calibration** of the path confidence: expected
calibration error over ten equal-width bins, Brier score, and mean confidence against accuracy
per bin.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trilateral.config import PACKAGE_DIR
from trilateral.errors import NotFoundError

DEVSET_FILE = PACKAGE_DIR / "evidence" / "data" / "devset.jsonl"
TESTSET_FILE = PACKAGE_DIR / "evidence" / "data" / "testset.jsonl"
CORPUS_ENV = "TRILATERAL_CORPUS"
SCORED = ("path", "direction", "level")
ACCEPTANCE_CONFIDENCE = 0.5
CALIBRATION_BINS = 10


@dataclass
class FieldScores:
    """Scores of one field: accuracy, macro-F1, per-class P/R and the confusion matrix."""

    field: str
    n: int
    accuracy: float
    macro_f1: float
    macro_f1_truth: float
    labels: list[str]
    per_class: list[dict[str, Any]]
    confusion: list[list[int]]

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "n": self.n, "accuracy": self.accuracy,
                "macro_f1": self.macro_f1, "macro_f1_truth_labels": self.macro_f1_truth,
                "labels": self.labels, "per_class": self.per_class,
                "confusion": {"rows_truth_cols_prediction": self.labels,
                              "matrix": self.confusion}}


@dataclass
class EvalBlock:
    """One evaluation (cross-validation or dev set) of one backend."""

    kind: str
    backend: str
    model: dict[str, str]
    fields: list[FieldScores] = field(default_factory=list)
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    acceptance: dict[str, Any] = field(default_factory=dict)
    calibration: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "backend": self.backend, "model": self.model,
                "skipped": self.skipped, "notes": self.notes,
                "fields": [f.to_dict() for f in self.fields],
                "acceptance": self.acceptance, "calibration": self.calibration,
                "errors": self.errors}


def scores(name: str, truth: list[str], pred: list[str]) -> FieldScores:
    """Accuracy, macro-F1, per-class precision/recall and the confusion matrix."""
    labels = sorted(set(truth) | set(pred))
    with warnings.catch_warnings():  # one label only (e.g. all "0"): the scores are still right
        warnings.simplefilter("ignore", UserWarning)
        return _scores(name, truth, pred, labels)


def _scores(name: str, truth: list[str], pred: list[str], labels: list[str]) -> FieldScores:
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(truth, pred, labels=labels, zero_division=0)
    per_class = [{"label": lab, "precision": float(p[i]), "recall": float(r[i]),
                  "f1": float(f[i]), "support": int(s[i])} for i, lab in enumerate(labels)]
    return FieldScores(
        field=name, n=len(truth),
        accuracy=sum(a == b for a, b in zip(truth, pred, strict=True)) / max(1, len(truth)),
        macro_f1=float(f1_score(truth, pred, labels=labels, average="macro", zero_division=0)),
        macro_f1_truth=float(f1_score(truth, pred, labels=sorted(set(truth)), average="macro",
                                      zero_division=0)),
        labels=labels, per_class=per_class,
        confusion=confusion_matrix(truth, pred, labels=labels).tolist(),
    )


def acceptance(truth_paths: list[str], preds: list[Any],
               threshold: float = ACCEPTANCE_CONFIDENCE) -> dict[str, Any]:
    """The issue's acceptance counts: unrelated and reversal items coded as cooperation."""
    unrelated = [p for t, p in zip(truth_paths, preds, strict=True) if t == "none"]
    reversal = [p for t, p in zip(truth_paths, preds, strict=True) if t == "reversal"]
    return {
        "unrelated": len(unrelated),
        "unrelated_as_cooperation": sum(p.cooperation for p in unrelated),
        "unrelated_as_cooperation_above_threshold": sum(
            p.cooperation and p.confidence > threshold for p in unrelated),
        "reversal": len(reversal),
        "reversal_as_cooperation": sum(p.cooperation for p in reversal),
        "reversal_recall": (sum(p.path == "reversal" for p in reversal) / len(reversal)
                            if reversal else None),
        "confidence_threshold": threshold,
        "cooperation": "path bureaucratic, institutional, political or values with direction +",
    }


def calibration(correct: list[bool], confidence: list[float],
                bins: int = CALIBRATION_BINS) -> dict[str, Any]:
    """Expected calibration error, Brier score and mean confidence against accuracy per bin."""
    import numpy as np

    ok = np.array(correct, dtype=float)
    conf = np.clip(np.array(confidence, dtype=float), 0.0, 1.0)
    if not len(ok):
        return {}
    index = np.minimum((conf * bins).astype(int), bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            gap = abs(conf[mask].mean() - ok[mask].mean())
            ece += mask.sum() / len(ok) * gap
            table.append({"bin": [b / bins, (b + 1) / bins], "n": int(mask.sum()),
                          "mean_confidence": float(conf[mask].mean()),
                          "accuracy": float(ok[mask].mean())})
    return {"n": len(ok), "ece": float(ece), "brier": float(((conf - ok) ** 2).mean()),
            "mean_confidence": float(conf.mean()), "accuracy": float(ok.mean()),
            "bins": table}


def _finish(block: EvalBlock, truth: list[dict[str, Any]], preds: list[Any]) -> EvalBlock:
    """Scores, acceptance counts and calibration of ``preds`` against ``truth`` rows."""
    block.fields = [scores(f, [str(t[f]) for t in truth], [getattr(p, f) for p in preds])
                    for f in SCORED]
    paths = [str(t["path"]) for t in truth]
    block.acceptance = acceptance(paths, preds)
    if not block.acceptance["reversal"]:
        block.notes.append("no reversal item in this set: reversal documents coded as "
                           "cooperation cannot be counted here")
    block.calibration = calibration([p.path == t for p, t in zip(preds, paths, strict=True)],
                                    [p.confidence for p in preds])
    return block


# ---------------------------------------------------------------- cross-validation


def cross_validate(backend: str = "tfidf", ledger: str | Path | None = None, folds: int = 5,
                   seed: int = 0, model_path: str | None = None) -> EvalBlock:
    """Stratified k-fold over the ledger's events (codebook examples always in training)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from trilateral.evidence import store
    from trilateral.evidence.classifier.model import fit, make_featurizer, training_set
    from trilateral.evidence.classifier.predict import classify_documents
    from trilateral.evidence.codebook import load_examples
    from trilateral.evidence.documents import Document

    events = store.read_events(ledger)
    examples = load_examples()
    y = np.array([e["path"] for e in events])
    k = min(folds, *np.unique(y, return_counts=True)[1]) if len(events) else 0
    block = EvalBlock("cross-validation", backend, {})
    if k < 2:
        block.skipped = "too few ledger events per path for cross-validation"
        return block
    truth: list[dict[str, Any]] = []
    preds: list[Any] = []
    splitter = StratifiedKFold(n_splits=int(k), shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(np.zeros(len(y)), y):
        train = training_set([events[i] for i in train_idx], examples)
        model = fit(train, make_featurizer(backend, model_path))
        docs = [Document(text=events[i]["summary"], title=events[i]["title"]) for i in test_idx]
        preds += classify_documents(docs, model, backend)
        truth += [events[i] for i in test_idx]
        block.model = {"name": model.name, "version": model.version}
    block.notes.append(f"{int(k)}-fold stratified by path over {len(events)} ledger events; "
                       f"{len(examples)} codebook examples in every training fold")
    return _finish(block, truth, preds)


# ---------------------------------------------------------------- development set


def default_corpus_dir() -> Path | None:
    env = os.environ.get(CORPUS_ENV)
    candidates = [Path(env)] if env else []
    repo = PACKAGE_DIR.parent.parent
    candidates.append(repo.parent / "shared" / "corpus" / "whitehouse-2021-2022")
    return next((c for c in candidates if c.is_dir()), None)


def load_devset(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The hand-coded rows of a document set (the development set by default)."""
    file = Path(path) if path else DEVSET_FILE
    if not file.exists():
        raise NotFoundError(f"no hand-coded document set at {file}")
    return [json.loads(x) for x in file.read_text(encoding="utf-8").splitlines() if x.strip()]


def evaluate_devset(backend: str = "tfidf", corpus: str | Path | None = None,
                    ledger: str | Path | None = None, devset: str | Path | None = None,
                    model_path: str | None = None) -> EvalBlock:
    """Code every dev-set document with the model trained on the whole ledger and score it."""
    return evaluate_documents("development set", devset or DEVSET_FILE, backend, corpus,
                              ledger, model_path)


def evaluate_testset(backend: str = "tfidf", corpus: str | Path | None = None,
                     ledger: str | Path | None = None, testset: str | Path | None = None,
                     model_path: str | None = None) -> EvalBlock:
    """Code every held-out test document with the model trained on the whole ledger."""
    return evaluate_documents("held-out test set", testset or TESTSET_FILE, backend, corpus,
                              ledger, model_path)


def evaluate_documents(kind: str, rows_file: str | Path, backend: str = "tfidf",
                       corpus: str | Path | None = None, ledger: str | Path | None = None,
                       model_path: str | None = None) -> EvalBlock:
    """Code the documents of a hand-coded set and score them (see the module docstring)."""
    from trilateral.evidence.classifier import classify_files

    block = EvalBlock(kind, backend, {})
    folder = Path(corpus) if corpus else default_corpus_dir()
    if folder is None or not folder.is_dir():
        block.skipped = ("corpus folder not found (pass --corpus DIR or set TRILATERAL_CORPUS): "
                         f"{kind} evaluation skipped")
        return block
    rows = load_devset(rows_file)
    present = [r for r in rows if (folder / r["file"]).is_file()]
    if len(present) < len(rows):
        block.notes.append(f"{len(rows) - len(present)} {kind} files missing from {folder}")
    preds = classify_files([folder / r["file"] for r in present], backend, ledger=ledger,
                           model_path=model_path)
    block.model = dict(preds[0].model) if preds else {}
    block.errors = [
        {"file": r["file"], "truth": r["path"], "predicted": p.path,
         "direction": p.direction, "confidence": round(p.confidence, 3),
         "rule": p.evidence.get("rule")}
        for r, p in zip(present, preds, strict=True) if r["path"] != p.path]
    block.notes.append(f"{len(present)} documents hand-coded by {_coders(present)}")
    return _finish(block, present, preds)


def _coders(rows: list[dict[str, Any]]) -> str:
    return ", ".join(sorted({str(r.get("coder")) for r in rows}))


def evaluate(backends: tuple[str, ...] = ("tfidf",), corpus: str | Path | None = None,
             ledger: str | Path | None = None, folds: int = 5,
             model_path: str | None = None) -> list[EvalBlock]:
    """Cross-validation, dev-set and held-out test-set scores for each backend."""
    out = []
    for b in backends:
        out.append(cross_validate(b, ledger, folds, model_path=model_path))
        out.append(evaluate_devset(b, corpus, ledger, model_path=model_path))
        out.append(evaluate_testset(b, corpus, ledger, model_path=model_path))
    return out
