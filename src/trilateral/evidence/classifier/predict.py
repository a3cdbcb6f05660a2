"""Coding one document: relevance gate, chunk scores, aggregation and the codebook's rules.

1. **Barrier instruments.** A document whose title is that of a barrier-raising trade
   instrument (a proclamation adjusting imports, a safeguard, tariffs, duties, quotas, a
   withdrawal; :func:`.cues.barrier_instrument`), or whose opening (:data:`LEAD_WORDS` words)
   carries barrier-raising language next to a partner's name, is ``reversal`` when it names a
   partner outside an exemption, and ``none`` when it names the partners only to exempt them
   (``except ... Canada, Mexico``): then no barrier among the three changes.
2. **Gate.** The document is about the three's relations only if it names the partners in its
   title, at least :data:`LEAD_MIN_MENTIONS` times in its opening, or throughout at
   :data:`GATE_DENSITY` or more mentions per 1,000 words (short texts of up to
   :data:`SHORT_TEXT_WORDS` words need one mention). Otherwise its path is ``none``, or
   ``globalization`` when it names the partners at least :data:`WIDER_MIN_MENTIONS` times in a
   wide frame: :data:`WIDER_LEAD_TERMS` or more wider-frame terms (summit, WTO, G20, the
   hemisphere, ...) in its title and opening, or at least :data:`WIDER_THIRD` third countries at
   :data:`WIDER_THIRD_DENSITY` or more per 1,000 words.
3. **Chunks.** Only the chunks (about 120 words of whole paragraphs) that name a partner are
   scored; their class probabilities are averaged, weighted by ``min(mentions, 3)`` (the title,
   when it names a partner, weighs 3).
4. **Rules.** ``reversal`` needs barrier-raising language aimed at a partner
   (:func:`.cues.barrier_cues`): it is chosen when such cues are frequent (:data:`REVERSAL_CUES`
   or more, one for a short text, with some model support, or twice that many) and, in a
   document longer than a short text, ruled out when there are none (in a short text, unless
   the model gives it :data:`REVERSAL_ALONE` or more: ledger summaries of border closures or
   permit denials carry no tariff words). ``globalization`` is chosen when the relevant text
   names at least :data:`WIDER_THIRD` third countries and at least a third as many as its
   partner mentions. ``values`` is chosen when the relevant text carries at least
   :data:`VALUES_MIN` words of people-to-people ties (culture, heritage, exchange, Indigenous
   peoples, friendship, ...) making up :data:`VALUES_SHARE` or more of those words and of the
   words of officials' machinery (working groups, dialogues, ministers, agreements).
   ``reversal`` fixes direction ``-``; ``globalization`` and ``none`` fix ``0``.

Confidence is the aggregated, temperature-scaled probability of the chosen path when the model
decides. A rule's confidence is stated with the rule (:data:`RULE_CONFIDENCE`); a gated
``none`` starts at 0.95 when the partners are never named and falls with each passing mention
to 0.6. ``trilateral classify --evaluate`` reports how confidence matches accuracy.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trilateral.evidence.classifier import cues
from trilateral.evidence.classifier.model import CodingModel
from trilateral.evidence.documents import Document, iter_chunk_parts

GATE_DENSITY = 10.0
GATE_MIN_MENTIONS = 2
LEAD_WORDS = 150
LEAD_MIN_MENTIONS = 2
SHORT_TEXT_WORDS = 150
REVERSAL_CUES = 2
REVERSAL_SUPPORT = 0.10
REVERSAL_ALONE = 0.30  # a short text coded reversal without cues needs this much probability
WIDER_THIRD = 5
WIDER_THIRD_DENSITY = 3.0
WIDER_LEAD_TERMS = 2
WIDER_MIN_MENTIONS = 3
VALUES_MIN = 5
VALUES_SHARE = 0.6
TITLE_WEIGHT = 3.0
GATED_CHUNKS = 2  # a gated document's level and domain are read from its title and opening
RULE_CONFIDENCE = {
    "barrier instrument": 0.8,  # a partner named outside an exemption
    "partners exempt": 0.85,  # the instrument names the partners only to exempt them
    "wider frame, partners in passing": 0.6,
}
COOPERATION = ("bureaucratic", "institutional", "political", "values")


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

    @property
    def cooperation(self) -> bool:
        """Coded as a cooperation path deepening integration (direction ``+``)."""
        return self.path in COOPERATION and self.direction == "+"

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
    lead_mentions: int
    opening: list[str] = field(default_factory=list)  # the first GATED_CHUNKS chunks

    @functools.cached_property
    def joined(self) -> str:
        """The relevant texts joined by spaces."""
        return " ".join(self.texts)


@dataclass
class _Frame:
    third: int
    lead_terms: int
    words: int

    @property
    def density(self) -> float:
        return self.third * 1000 / max(self.words, 250)


def classify_document(doc: Document, model: CodingModel, backend: str) -> Prediction:
    """Code one document (see the module docstring for the steps)."""
    return classify_documents([doc], model, backend)[0]


def classify_documents(docs: list[Document], model: CodingModel, backend: str
                       ) -> list[Prediction]:
    """Code a batch of documents: the word rules per document, then one feature transform and
    one probability call per field for the whole batch, under one BLAS thread limit."""
    from trilateral.evidence.classifier.model import single_thread

    plans = [_plan(doc, model, backend) for doc in docs]
    texts = [t for p in plans for t in p.texts]
    with single_thread():
        batch = _Batch(model, texts)
        out, start = [], 0
        for p in plans:
            rows = _Rows(batch, start, start + len(p.texts))
            start = rows.stop
            out.append(p.finish(rows))
    return out


class _Batch:
    """Features of every text of a batch, and every field's probabilities side by side in one
    matrix (one weighted average per document serves all fields), computed once."""

    KEYS = (("path", False), ("path", True), ("direction", True), ("level", True),
            ("domain", True), ("americanization", True))

    def __init__(self, model: CodingModel, texts: list[str]) -> None:
        self.columns: dict[tuple[str, bool], tuple[list[str], slice]] = {}
        if not texts:
            self.matrix = np.zeros((0, 0))
            return
        features = model.featurizer.transform(texts)
        blocks, at = [], 0
        for name, calibrated in self.KEYS:
            labels, proba = model.proba(name, features, calibrated)
            self.columns[(name, calibrated)] = (labels, slice(at, at + len(labels)))
            blocks.append(proba)
            at += len(labels)
        self.matrix = np.hstack(blocks)


@dataclass
class _Rows:
    """One document's rows in its batch."""

    batch: _Batch
    start: int
    stop: int
    _mean: tuple[np.ndarray, np.ndarray] | None = None  # (weights, their average row)

    def average(self, name: str, weights: np.ndarray, calibrated: bool = True) -> dict:
        if self._mean is None or self._mean[0] is not weights:
            part = self.batch.matrix[self.start:self.stop]
            self._mean = (weights, (part * weights[:, None]).sum(axis=0) / weights.sum())
        labels, cols = self.batch.columns[(name, calibrated)]
        return dict(zip(labels, map(float, self._mean[1][cols]), strict=True))


@dataclass
class _Plan:
    """What the word rules decided for one document, and the texts its models must score."""

    texts: list[str]
    finish: Any


def _plan(doc: Document, model: CodingModel, backend: str) -> _Plan:
    lead = _lead(doc.text)
    parts = _relevant_parts(doc, lead)
    frame = _frame(doc, parts.words, lead)
    info = {"name": model.name, "version": model.version, "backend": backend}
    if model.temperature.get("path"):
        info["path_temperature"] = round(model.temperature["path"], 3)
    evidence: dict[str, Any] = {
        "words": parts.words, "partner_mentions": parts.mentions,
        "title_mentions": parts.title_mentions, "lead_mentions": parts.lead_mentions,
        "chunks": parts.chunks, "relevant_chunks": len(parts.texts),
        "third_countries": frame.third, "wider_frame_terms_in_opening": frame.lead_terms}
    instrument = _instrument(doc, parts, lead) if parts.words > SHORT_TEXT_WORDS else None
    if instrument is not None:
        evidence |= instrument
        if instrument["partner_sentences_exempt_only"]:
            return _gated_plan(doc, parts, info, evidence, "none", "partners exempt")
        return _Plan(parts.texts, lambda rows: _decide(doc, rows, info, evidence, parts, frame,
                                                       forced="reversal"))
    if not _relevant(parts):
        if _wide_gated(parts, frame):
            return _gated_plan(doc, parts, info, evidence, "globalization",
                               "wider frame, partners in passing")
        return _gated_plan(doc, parts, info, evidence, "none", "gate")
    return _Plan(parts.texts, lambda rows: _decide(doc, rows, info, evidence, parts, frame))


def _gated_plan(doc: Document, parts: _Parts, info: dict, evidence: dict, path: str,
                rule: str) -> _Plan:
    opening = parts.opening or [doc.text or " "]
    pieces = ([doc.title] if doc.title else []) + opening
    return _Plan(pieces, lambda rows: _gated(doc, rows, info, evidence, path, rule))


def _decide(doc: Document, rows: _Rows, info: dict, evidence: dict, parts: _Parts,
            frame: _Frame, forced: str | None = None) -> Prediction:
    raw = rows.average("path", parts.weights, calibrated=False)
    path_scores = rows.average("path", parts.weights)
    barrier = _barrier_cues(parts)
    evidence |= {"barrier_cues": barrier, "gate": "relevant"}
    if forced:
        path, rule = forced, "barrier instrument"
        confidence = max(path_scores.get(path, 0.0), RULE_CONFIDENCE[rule])
    else:
        path, rule = _choose_path(raw, barrier, parts.words <= SHORT_TEXT_WORDS)
        confidence = _confidence(path, rule, path_scores, barrier)
        path, confidence, rule = _frame_rules(path, confidence, rule, path_scores, parts,
                                              frame, evidence)
    evidence["rule"] = rule
    return Prediction(
        path=path, direction=_direction(rows, path, parts.weights),
        level=_argmax(rows.average("level", parts.weights)),
        domain=_argmax(rows.average("domain", parts.weights)),
        americanization=_flag(rows, parts.weights),
        confidence=confidence, model=info, scores=path_scores, evidence=evidence,
        file=doc.file, title=doc.title, date=doc.date, url=doc.url,
        excerpt=_excerpt(parts),
    )


def _barrier_cues(parts: _Parts) -> int:
    """Barrier cues summed over the relevant texts, none when their join has none (a phrase in
    one text is a phrase in the join)."""
    if not cues.any_barrier_cue(parts.joined):
        return 0
    return sum(cues.barrier_cues(t) for t in parts.texts)


def _frame_rules(path: str, confidence: float, rule: str, scores: dict[str, float],
                 parts: _Parts, frame: _Frame, evidence: dict) -> tuple[str, float, str]:
    """The wider-frame and values rules, which override the model but never barrier cues."""
    if rule == "barrier cues":
        return path, confidence, rule
    if frame.third >= WIDER_THIRD and 3 * frame.third >= parts.mentions:
        share = frame.third / (frame.third + parts.mentions)
        return "globalization", max(scores.get("globalization", 0.0), share), "wider frame"
    text = parts.joined
    values, official = cues.values_cues(text), cues.official_cues(text)
    evidence |= {"values_cues": values, "official_cues": official}
    share = values / (values + official + 1)
    if values >= VALUES_MIN and share >= VALUES_SHARE:
        return "values", max(scores.get("values", 0.0), share), "people-to-people cues"
    return path, confidence, rule


def _lead(text: str, words: int = LEAD_WORDS) -> str:
    """The first ``words`` words, read from as short a prefix of ``text`` as holds them."""
    size = 16 * words
    while True:
        head = text[:size].split()
        if len(head) > words or size >= len(text):
            return " ".join(head[:words])
        size *= 4


def _relevant_parts(doc: Document, lead: str) -> _Parts:
    """The chunks naming a partner, with their weights, from one partner scan of the text."""
    spans = list(iter_chunk_parts(doc.text))
    words = sum(n for *_, n in spans)
    hits = cues.partner_hits(doc.text)
    starts = [h[0] for h in hits]
    counts = []
    for _, start, end, _ in spans:
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        counts.append(cues.counted_hits([name for _, name in hits[lo:hi]]) if hi > lo else 0)
    texts = [" ".join(p) for (p, *_), m in zip(spans, counts, strict=True) if m > 0]
    weights = [float(min(m, 3)) for m in counts if m > 0]
    title_m = cues.partner_mentions(doc.title or "")
    if title_m and doc.title:
        texts.insert(0, doc.title)
        weights.insert(0, TITLE_WEIGHT)
    opening = [" ".join(p) for p, *_ in spans[:GATED_CHUNKS]]
    return _Parts(texts, np.array(weights), sum(counts) + title_m, words,
                  len(spans), title_m, cues.partner_mentions(lead), opening)


def _frame(doc: Document, words: int, lead: str) -> _Frame:
    third = cues.country_codes(doc.title or "") | cues.country_codes(doc.text)
    return _Frame(len(third), cues.wider_frame(f"{doc.title or ''}\n{lead}"), words)


def _instrument(doc: Document, parts: _Parts, lead: str) -> dict[str, Any] | None:
    """Evidence of a barrier-raising instrument in the title or opening, or None."""
    title = doc.title or ""
    by_title = cues.barrier_instrument(title)
    in_lead = cues.barrier_cues(f"{title}.\n{lead}")
    if not (by_title or in_lead) or not parts.mentions:
        return None
    exempt, other = cues.partner_contexts(doc.text)
    other += parts.title_mentions > 0
    return {"barrier_instrument": "title" if by_title else "opening",
            "partner_sentences_exempt": exempt, "partner_sentences_other": other,
            "partner_sentences_exempt_only": other == 0}


def _relevant(parts: _Parts) -> bool:
    if parts.title_mentions:
        return True
    if parts.words <= SHORT_TEXT_WORDS:
        return parts.mentions >= 1
    if parts.lead_mentions >= LEAD_MIN_MENTIONS:
        return True
    density = parts.mentions * 1000 / max(parts.words, 250)
    return parts.mentions >= GATE_MIN_MENTIONS and density >= GATE_DENSITY


def _wide_gated(parts: _Parts, frame: _Frame) -> bool:
    if parts.mentions < WIDER_MIN_MENTIONS:
        return False
    return frame.lead_terms >= WIDER_LEAD_TERMS or (
        frame.third >= WIDER_THIRD and frame.density >= WIDER_THIRD_DENSITY)


def _gated(doc: Document, rows: _Rows, info: dict, evidence: dict, path: str,
           rule: str) -> Prediction:
    weights = np.ones(rows.stop - rows.start)
    if rule == "gate":
        confidence = max(0.6, 0.95 - 0.05 * evidence["partner_mentions"])
        gate = "not about the three countries' relations"
    else:
        confidence = RULE_CONFIDENCE[rule]
        gate = ("the partners are named only as exempt" if rule == "partners exempt"
                else "not about the three countries' relations; the partners act in a wider frame")
    evidence |= {"gate": gate, "rule": rule}
    return Prediction(
        path=path, direction="0",
        level=_argmax(rows.average("level", weights)),
        domain=_argmax(rows.average("domain", weights)),
        americanization=False, confidence=confidence, model=info,
        scores={path: confidence}, evidence=evidence,
        file=doc.file, title=doc.title, date=doc.date, url=doc.url,
    )


def _argmax(scores: dict[str, float]) -> str:
    return max(scores, key=scores.__getitem__)


def _choose_path(raw: dict[str, float], barrier: int, short: bool = False) -> tuple[str, str]:
    """The path from the model's uncalibrated scores and the barrier cues, and the rule."""
    best = _argmax(raw)
    rev = raw.get("reversal", 0.0)
    need = 1 if short else REVERSAL_CUES
    if barrier >= 2 * need or (barrier >= need and rev >= REVERSAL_SUPPORT):
        return "reversal", "barrier cues"
    if best == "reversal" and barrier == 0 and (not short or rev < REVERSAL_ALONE):
        return _argmax({k: v for k, v in raw.items() if k != "reversal"}), \
            "reversal needs barrier cues"
    return best, "model"


def _confidence(path: str, rule: str, scores: dict[str, float], barrier: int) -> float:
    """The calibrated probability of ``path`` (not renormalised when the rules ruled reversal
    out: the model's doubt stays in the confidence); at least ``0.5 + 0.1 * cues`` (up to
    0.9) when barrier cues chose it."""
    if rule == "barrier cues":
        return max(scores.get(path, 0.0), min(0.9, 0.5 + 0.1 * barrier))
    return scores.get(path, 0.0)


def _direction(rows: _Rows, path: str, weights: np.ndarray) -> str:
    fixed = {"reversal": "-", "globalization": "0", "none": "0"}
    if path in fixed:
        return fixed[path]
    return _argmax(rows.average("direction", weights))


def _flag(rows: _Rows, weights: np.ndarray) -> bool:
    scores = rows.average("americanization", weights)
    return scores.get("True", 0.0) >= 0.5


def _excerpt(parts: _Parts, limit: int = 400) -> str | None:
    body = [t for t in parts.texts if t]
    if not body:
        return None
    best = body[int(np.argmax(parts.weights))]
    return best if len(best) <= limit else best[:limit].rsplit(" ", 1)[0] + " ..."
