"""The review queue: entries the classifier proposes from documents, awaiting a person's review.

``import_docs(DIR)`` codes every ``.md``/``.txt`` document in a folder and queues one proposed
ledger event per relevant document (coder ``model:NAME@VERSION`` with its confidence). Nothing
reaches the ledger until ``accept`` moves an entry there; ``reject`` moves it to a rejected
file so the same document is not proposed again. The queue lives in ``home()/review`` (never
in the ledger file) and is written with the same lock-and-replace discipline as the ledger.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from trilateral.errors import InputError, NotFoundError, WarehouseError
from trilateral.evidence.classifier.cues import partner_mentions
from trilateral.evidence.schema import make_id
from trilateral.provenance import atomic_write_bytes

_US = re.compile(r"\b(?:united states|u\.s\.|america|american|washington)\b", re.IGNORECASE)
_CAN = re.compile(r"\b(?:canad\w*|ottawa|trudeau|carney)\b", re.IGNORECASE)
_MEX = re.compile(r"(?<!new )\b(?:mexic\w*|l[oó]pez obrador|sheinbaum)\b", re.IGNORECASE)
DOC_SUFFIXES = (".md", ".markdown", ".txt")


def queue_dir() -> Path:
    from trilateral.config import home

    path = home() / "review"
    path.mkdir(parents=True, exist_ok=True)
    return path


def queue_file() -> Path:
    return queue_dir() / "queue.jsonl"


def rejected_file() -> Path:
    return queue_dir() / "rejected.jsonl"


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    atomic_write_bytes(path, text.encode("utf-8"))


@contextmanager
def _locked() -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(queue_file()) + ".lock", timeout=60):
            yield
    except Timeout as exc:
        raise WarehouseError("the review queue is locked by another process") from exc


def pending() -> list[dict[str, Any]]:
    """The entries awaiting review."""
    return _read(queue_file())


# ---------------------------------------------------------------- proposing


@dataclass
class ProposeResult:
    """What ``import_docs`` did with each document."""

    proposed: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"proposed": len(self.proposed), "skipped": len(self.skipped),
                "entries": self.proposed, "skipped_files": self.skipped,
                "queue": str(queue_file())}


def import_docs(folder: str | Path, backend: str = "tfidf", *, min_confidence: float = 0.0,
                ledger: str | Path | None = None, model_path: str | None = None
                ) -> ProposeResult:
    """Code the documents in ``folder`` and queue one proposed event per relevant document."""
    from trilateral.evidence import classifier, store

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", file=folder)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in DOC_SUFFIXES
                   and p.name.upper() not in ("README.MD", "PROVENANCE.MD"))
    preds = classifier.classify_files(files, backend, ledger=ledger, model_path=model_path)
    known = _known_urls(store.read_events(ledger))
    result = ProposeResult()
    with _locked():
        queued = _read(queue_file())
        known |= {q["event"]["source"]["url"] for q in queued}
        known |= {q["event"]["source"]["url"] for q in _read(rejected_file())}
        for p in preds:
            entry, why = _proposal(p, known, min_confidence)
            if entry is None:
                result.skipped.append({"file": str(p.file), "reason": why})
                continue
            known.add(entry["event"]["source"]["url"])
            result.proposed.append(entry)
        if result.proposed:
            _write(queue_file(), queued + result.proposed)
    return result


def _known_urls(events: list[dict[str, Any]]) -> set[str]:
    return {(e.get("source") or {}).get("url", "") for e in events}


def _proposal(pred: Any, known: set[str], min_confidence: float
              ) -> tuple[dict[str, Any] | None, str]:
    """One queue entry for a prediction, or None and the reason it is skipped."""
    if pred.path == "none":
        return None, "not about relations among the three countries"
    if pred.confidence < min_confidence:
        return None, f"confidence {pred.confidence:.2f} below {min_confidence}"
    if not pred.date or not pred.url:
        return None, "no date or source_url in the front matter"
    if pred.url in known:
        return None, "already in the ledger or the review queue"
    text = f"{pred.title or ''} {pred.excerpt or ''}"
    countries = _countries(text)
    if len(countries) < 2:
        return None, "could not tell which of the three countries are involved"
    event = {
        "id": make_id(pred.date, pred.title or Path(pred.file).stem), "date": pred.date,
        "countries": countries, "title": pred.title or Path(pred.file).stem,
        "summary": pred.excerpt or pred.title, "path": pred.path,
        "direction": pred.direction, "level": pred.level, "domain": pred.domain,
        "americanization": pred.americanization,
        "source": {"publisher": urlparse(pred.url).netloc, "title": pred.title or pred.url,
                   "url": pred.url, "url_verified": False},
        "coder": f"model:{pred.model['name']}@{pred.model['version']}",
        "confidence": round(pred.confidence, 4),
        "notes": "proposed by the classifier; the summary is an excerpt of the source, to be "
                 "rewritten in the reviewer's words",
    }
    entry = {"id": event["id"], "file": str(pred.file), "event": event,
             "proposed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
             "evidence": pred.evidence}
    return entry, ""


def _countries(text: str) -> list[str]:
    found = [c for c, rx in (("USA", _US), ("CAN", _CAN), ("MEX", _MEX)) if rx.search(text)]
    if partner_mentions(text) and "USA" not in found:
        found.insert(0, "USA")  # the partners' relations named with no US term: US documents
    return found


# ---------------------------------------------------------------- reviewing


@dataclass
class ReviewResult:
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    remaining: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "rejected": self.rejected,
                "remaining": self.remaining}


def review(accept: list[str] | None = None, reject: list[str] | None = None, *,
           accept_all: bool = False, reject_all: bool = False,
           edits: dict[str, dict[str, Any]] | None = None,
           ledger: str | Path | None = None) -> ReviewResult:
    """Accept entries into the ledger (all or nothing) and/or reject them."""
    from trilateral.evidence import ledger as ledger_api

    accept, reject, edits = list(accept or []), list(reject or []), dict(edits or {})
    with _locked():
        queued = _read(queue_file())
        ids = [q["id"] for q in queued]
        accept = ids if accept_all else accept
        reject = [i for i in ids if i not in accept] if reject_all else reject
        unknown = [i for i in accept + reject if i not in ids]
        if unknown:
            raise NotFoundError(f"not in the review queue: {', '.join(unknown)}")
        chosen = [q["event"] | edits.get(q["id"], {}) for q in queued if q["id"] in accept]
        if chosen:
            _import(chosen, ledger, ledger_api)
        gone = set(accept) | set(reject)
        rejected = [q | {"rejected_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
                    for q in queued if q["id"] in reject]
        if rejected:
            _write(rejected_file(), _read(rejected_file()) + rejected)
        left = [q for q in queued if q["id"] not in gone]
        _write(queue_file(), left)
    return ReviewResult(accepted=accept, rejected=reject, remaining=len(left))


def _import(events: list[dict[str, Any]], ledger: str | Path | None, api: Any) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "accepted.jsonl"
        file.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events),
                        encoding="utf-8")
        api.import_files([file], ledger)
