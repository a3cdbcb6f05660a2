"""Code new documents under the codebook: path, direction, level, confidence and model.

>>> from trilateral.evidence import classifier
>>> p = classifier.classify_text("Canada imposes retaliatory tariffs on U.S. steel")
>>> p.path, p.direction, p.confidence
>>> results = classifier.classify_files(["readout.md", "fact-sheet.md"])

Backends: ``tfidf`` (default; scikit-learn, embedded, no downloads) and ``embeddings``
(sentence-transformers with a local all-MiniLM-L6-v2, installed by the ``embeddings`` extra).
Both train on the ledger plus the codebook examples and are cached under
``trilateral.config.home()/cache/classifier``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from trilateral.evidence.classifier.model import BACKENDS, trained_model
from trilateral.evidence.classifier.predict import Prediction, classify_documents
from trilateral.evidence.documents import Document, parse_document, read_document

__all__ = ["BACKENDS", "Prediction", "classify_file", "classify_files", "classify_text"]


def classify_text(
    text: str, backend: str = "tfidf", *, ledger: str | Path | None = None,
    model_path: str | None = None,
) -> Prediction:
    """Code one text (Markdown with front matter is understood too)."""
    model = trained_model(backend, ledger, model_path=model_path)
    doc = parse_document(text)
    return classify_documents([doc], model, backend)[0]


def classify_file(
    path: str | Path, backend: str = "tfidf", *, ledger: str | Path | None = None,
    model_path: str | None = None,
) -> Prediction:
    """Code one document file; its date, URL and title come from its front matter."""
    return classify_files([path], backend, ledger=ledger, model_path=model_path)[0]


def classify_files(
    paths: Iterable[str | Path], backend: str = "tfidf", *, ledger: str | Path | None = None,
    model_path: str | None = None,
) -> list[Prediction]:
    """Code several document files with one model, as one batch."""
    model = trained_model(backend, ledger, model_path=model_path)
    docs: list[Document] = [read_document(p) for p in paths]
    return classify_documents(docs, model, backend)
