"""Coding one document: relevance gate, chunk scores, aggregation and the codebook's rules.

1. **Gate.** The document is about the three's relations only if it names the partners in its
   title, or at least :data:`GATE_MIN_MENTIONS` times at :data:`GATE_DENSITY` or more mentions
   per 1,000 words (short texts of up to :data:`SHORT_TEXT_WORDS` words need one mention).
   Otherwise its path is ``none``.
2. **Chunks.** Only the chunks (about 120 words of whole paragraphs) that name a partner are
   scored; their class probabilities are averaged, weighted by ``min(mentions, 3)`` (the title,
   when it names a partner, weighs 3).
3. **Rules.** ``reversal`` needs barrier-raising language aimed at a partner
   (:func:`.cues.barrier_cues`): it is chosen when such cues are frequent (:data:`REVERSAL_CUES`
   or more, one for a short text, with some model support, or twice that many) and, in a
   document longer than a short text, ruled out when there are none (in a short text, unless
   the model gives it :data:`REVERSAL_ALONE` or more: ledger summaries of border closures or
   permit denials carry no tariff words). ``globalization`` is chosen when the document's
   frame is wide: at least :data:`WIDER_MIN` distinct third countries and wider-frame terms
   (WTO, G20, the hemisphere, ...), and at least half as many as its partner mentions.
   ``reversal`` fixes direction ``-``; ``globalization`` and ``none`` fix ``0``.

Confidence is the aggregated probability of the chosen path (for a gated ``none``, a fixed
0.95 when the partners are never named, falling with each passing mention to 0.6).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trilateral.evidence.classifier import cues
from trilateral.evidence.classifier.model import CodingModel
from trilateral.evidence.documents import Document, chunks

GATE_DENSITY = 2.0
GATE_MIN_MENTIONS = 2
SHORT_TEXT_WORDS = 150
REVERSAL_CUES = 2
WIDER_MIN = 4
REVERSAL_SUPPORT = 0.10
REVERSAL_ALONE = 0.30  # a short text coded reversal without cues needs this much probability
TITLE_WEIGHT = 3.0


@dataclass
class Prediction:
    """The coding of one input, with what it rests on."""

    path: str
    direction: str
    level: str
    domain: str
    americanization: bool
    confidence: float
    model: dict[str, str]
    scores: dict[str, float]
    evidence: dict[str, Any]
    file: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    excerpt: str | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "path": self.path, "direction": self.direction, "level": self.level,
            "domain": self.domain, "americanization": self.americanization,
            "confidence": round(self.confidence, 4), "model": self.model,
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "evidence": self.evidence,
        }
        meta = {"file": self.file, "title": self.title, "date": self.date, "url": self.url}
        return {k: v for k, v in meta.items() if v is not None} | out


@dataclass
class _Parts:
    texts: list[str]
    weights: np.ndarray
    mentions: int
    words: int
    chunks: int
    title_mentions: int


def classify_document(doc: Document, model: CodingModel, backend: str) -> Prediction:
    """Code one document (see the module docstring for the steps)."""
    parts = _relevant_parts(doc)
    info = {"name": model.name, "version": model.version, "backend": backend}
    evidence = {"words": parts.words, "partner_mentions": parts.mentions,
                "chunks": parts.chunks, "relevant_chunks": len(parts.texts)}
    breadth = cues.wider_frame_breadth(f"{doc.title or ''}\n{doc.text}")
    evidence["wider_frame_breadth"] = breadth
    if not _relevant(parts):
        return _gated_none(doc, model, info, evidence)
    features = model.featurizer.transform(parts.texts)
    path_scores = _average(model, "path", features, parts.weights)
    barrier = sum(cues.barrier_cues(t) for t in parts.texts)
    evidence |= {"barrier_cues": barrier, "gate": "relevant"}
    short = parts.words <= SHORT_TEXT_WORDS
    path, confidence, rule = _choose_path(path_scores, barrier, short)
    if rule != "barrier cues" and _wide(breadth, parts.mentions):
        path, rule = "globalization", "wider frame"
        confidence = max(path_scores.get(path, 0.0), min(0.9, 0.5 + 0.05 * breadth))
    evidence["rule"] = rule
    return Prediction(
        path=path, direction=_direction(model, path, features, parts.weights),
        level=_argmax(_average(model, "level", features, parts.weights)),
        domain=_argmax(_average(model, "domain", features, parts.weights)),
        americanization=_flag(model, features, parts.weights),
        confidence=confidence, model=info, scores=path_scores, evidence=evidence,
        file=doc.file, title=doc.title, date=doc.date, url=doc.url,
        excerpt=_excerpt(parts),
    )


def _relevant_parts(doc: Document) -> _Parts:
    pieces = chunks(doc.text) or ([doc.text] if doc.text.strip() else [])
    counts = [cues.partner_mentions(p) for p in pieces]
    title_m = cues.partner_mentions(doc.title or "")
    texts = [p for p, m in zip(pieces, counts, strict=True) if m > 0]
    weights = [float(min(m, 3)) for m in counts if m > 0]
    if title_m and doc.title:
        texts.insert(0, doc.title)
        weights.insert(0, TITLE_WEIGHT)
    return _Parts(texts, np.array(weights), sum(counts) + title_m, len(doc.text.split()),
                  len(pieces), title_m)


def _relevant(parts: _Parts) -> bool:
    if parts.title_mentions:
        return True
    if parts.words <= SHORT_TEXT_WORDS:
        return parts.mentions >= 1
    density = parts.mentions * 1000 / max(parts.words, 250)
    return parts.mentions >= GATE_MIN_MENTIONS and density >= GATE_DENSITY


def _gated_none(doc: Document, model: CodingModel, info: dict, evidence: dict) -> Prediction:
    pieces = ([doc.title] if doc.title else []) + (chunks(doc.text) or [doc.text or " "])
    features = model.featurizer.transform(pieces)
    weights = np.ones(len(pieces))
    confidence = max(0.6, 0.95 - 0.05 * evidence["partner_mentions"])
    evidence |= {"gate": "not about the three countries' relations", "rule": "gate"}
    return Prediction(
        path="none", direction="0",
        level=_argmax(_average(model, "level", features, weights)),
        domain=_argmax(_average(model, "domain", features, weights)),
        americanization=False, confidence=confidence, model=info,
        scores={"none": confidence}, evidence=evidence,
        file=doc.file, title=doc.title, date=doc.date, url=doc.url,
    )


def _average(model: CodingModel, name: str, features: Any, weights: np.ndarray) -> dict:
    labels, proba = model.proba(name, features)
    mean = (proba * weights[:, None]).sum(axis=0) / weights.sum()
    return dict(zip(labels, map(float, mean), strict=True))


def _argmax(scores: dict[str, float]) -> str:
    return max(scores, key=scores.__getitem__)


def _wide(breadth: int, mentions: int) -> bool:
    return breadth >= WIDER_MIN and 2 * breadth >= mentions


def _choose_path(scores: dict[str, float], barrier: int, short: bool = False
                 ) -> tuple[str, float, str]:
    best = _argmax(scores)
    rev = scores.get("reversal", 0.0)
    need = 1 if short else REVERSAL_CUES
    if barrier >= 2 * need or (barrier >= need and rev >= REVERSAL_SUPPORT):
        return "reversal", max(rev, min(0.9, 0.5 + 0.1 * barrier)), "barrier cues"
    if best == "reversal" and barrier == 0 and (not short or rev < REVERSAL_ALONE):
        rest = {k: v for k, v in scores.items() if k != "reversal"}
        best = _argmax(rest)
        return best, scores[best] / max(1e-9, 1 - rev), "reversal needs barrier cues"
    return best, scores[best], "model"


def _direction(model: CodingModel, path: str, features: Any, weights: np.ndarray) -> str:
    fixed = {"reversal": "-", "globalization": "0", "none": "0"}
    if path in fixed:
        return fixed[path]
    return _argmax(_average(model, "direction", features, weights))


def _flag(model: CodingModel, features: Any, weights: np.ndarray) -> bool:
    scores = _average(model, "americanization", features, weights)
    return scores.get("True", 0.0) >= 0.5


def _excerpt(parts: _Parts, limit: int = 400) -> str | None:
    body = [t for t in parts.texts if t]
    if not body:
        return None
    best = body[int(np.argmax(parts.weights))]
    return best if len(best) <= limit else best[:limit].rsplit(" ", 1)[0] + " ..."
