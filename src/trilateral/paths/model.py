"""Result objects of the assessment: evidence items, checks, path verdicts, the assessment.

Every object has ``to_dict()``; :meth:`Assessment.from_dict` rebuilds one from its dict (the
cache stores assessments as JSON).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

Stance = Literal["consistent", "inconsistent", "neutral", "insufficient"]
Verdict = Literal["advancing", "reversing", "stalled", "inconclusive", "insufficient-evidence"]
STANCES: tuple[str, ...] = ("consistent", "inconsistent", "neutral", "insufficient")
VERDICTS: tuple[str, ...] = ("advancing", "reversing", "stalled", "inconclusive",
                             "insufficient-evidence")


def _num(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else float(x)


@dataclass
class EvidenceItem:
    """One traceable piece of evidence: a table row (or ledger event) and what it says."""

    source: str  # table or ledger id with its publisher, e.g. "census_country (U.S. Census ...)"
    description: str
    value: float | None = None
    unit: str = ""
    year: int | None = None
    date: str | None = None  # ISO date the observation refers to (end of its period)
    available: str | None = None  # ISO date it was first public
    stance: str = ""  # "" = the stance of the check it belongs to; "by-sign" = its own sign
    url: str | None = None
    ref: str | None = None  # table name or ledger event id

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["value"] = _num(self.value)
        return d


@dataclass
class Measurement:
    """What a check function measures, before it is read against any path."""

    estimate: float | None
    lower: float | None
    upper: float | None
    unit: str
    method: str
    evidence: list[EvidenceItem] = field(default_factory=list)
    null: float = 0.0  # the value meaning "no change" / "no effect"
    note: str = ""  # why the check could not be run, or a caveat
    series: list[dict[str, Any]] = field(default_factory=list)  # points behind a trend (charts)
    coverage_end: int | None = None  # last year the source covers, if not the newest evidence

    @property
    def informative(self) -> bool:
        return self.estimate is not None and self.lower is not None and self.upper is not None


@dataclass
class CheckResult:
    """A measurement read against one path's implication: estimate, interval and stance."""

    id: str
    path: str
    implication: str
    expect: int  # +1: the path predicts estimate > null; -1: below
    estimate: float | None
    lower: float | None
    upper: float | None
    unit: str
    method: str
    stance: str
    support: float | None  # effect in SESOI units, signed toward the path (docs/method.md)
    weight: float = 0.0  # share of the path's pooled estimate
    null: float = 0.0
    note: str = ""
    evidence: list[EvidenceItem] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    estimand: str = ""
    sesoi: float | None = None  # smallest effect of interest, in ``unit``
    kind: str = ""  # level / change / trend
    family: str = ""  # checks sharing inputs share a family
    window: str = ""
    effect_se: float | None = None  # SE of ``support``, in SESOI units

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        for k in ("estimate", "lower", "upper", "support", "effect_se"):
            d[k] = _num(d[k])
        d["evidence"] = [e.to_dict() for e in self.evidence]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CheckResult:
        d = dict(d)
        d["evidence"] = [EvidenceItem(**e) for e in d.get("evidence", [])]
        return cls(**d)


@dataclass
class PathResult:
    """One path's verdict: score in [-1, 1] with its interval, and the checks behind it."""

    id: str
    name: str
    kind: str  # "path" or "lens"
    summary: str
    drivers: list[str]
    verdict: str
    score: float | None
    lower: float | None
    upper: float | None
    informative: int
    checks: list[CheckResult] = field(default_factory=list)
    reason: str = ""
    null_type: bool = False  # the path predicts no effect (supported by equivalence)
    effect: float | None = None  # pooled effect in SESOI units, and its 90% interval
    effect_lower: float | None = None
    effect_upper: float | None = None
    estimands: list[dict[str, Any]] = field(default_factory=list)
    agreement: float | None = None  # share of robustness specifications with this verdict
    flips: list[dict[str, Any]] = field(default_factory=list)  # specifications that differ

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        for k in ("score", "lower", "upper", "effect", "effect_lower", "effect_upper"):
            d[k] = _num(d[k])
        d["checks"] = [c.to_dict() for c in self.checks]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PathResult:
        d = dict(d)
        d["checks"] = [CheckResult.from_dict(c) for c in d.get("checks", [])]
        return cls(**d)

    def key_figures(self, n: int = 2) -> list[str]:
        """The informative checks with the largest weight times |support|, as short text."""
        ranked = sorted((c for c in self.checks if c.estimate is not None),
                        key=lambda c: -c.weight * abs(c.support or 0))
        return [key_figure_text(c.to_dict()) for c in ranked[:n]]


STANCE_WORDS = {"consistent": "supports the path", "inconsistent": "counts against the path",
                "neutral": "inconclusive"}
VERDICT_WORDS = {"advancing": "the evidence clears zero in the path's direction",
                 "reversing": "the evidence clears zero against the path's direction",
                 "stalled": "equivalent to no change within the smallest effect of interest",
                 "inconclusive": "neither clear of zero nor equivalent to no change",
                 "insufficient-evidence": "too few informative checks"}


def key_figure_text(c: dict[str, Any]) -> str:
    """'what the path predicts -- estimate [interval] unit: what that means for the path'."""
    word = STANCE_WORDS.get(c["stance"], c["stance"])
    return (f"{c['implication']} \u2014 {fmt(c['estimate'])} [{fmt(c['lower'])}, "
            f"{fmt(c['upper'])}] {c['unit']}: {word} ({c['id']})")


def fmt(x: float | None, digits: int = 3) -> str:
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{x:.{digits}g}" if abs(x) < 1e4 else f"{x:,.0f}"


@dataclass
class Assessment:
    """The seven verdicts at one as-of date, the hypothesis matrix, gaps and provenance."""

    as_of: str | None
    generated: str
    paths: list[PathResult]
    matrix: list[dict[str, Any]]
    gaps: list[dict[str, str]]
    provenance: list[dict[str, Any]]
    method: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    key: str = ""
    replay: dict[str, Any] = field(default_factory=dict)  # reconstruction label, configuration
    robustness: dict[str, Any] | None = None  # the specification curve, when computed

    def path(self, path_id: str) -> PathResult:
        from trilateral.errors import NotFoundError

        for p in self.paths:
            if p.id == path_id:
                return p
        raise NotFoundError(f"unknown path {path_id!r}; known: "
                            f"{', '.join(p.id for p in self.paths)}")

    def verdicts(self) -> dict[str, str]:
        return {p.id: p.verdict for p in self.paths}

    def evidence(self) -> list[dict[str, Any]]:
        """Every evidence item with the path and check it belongs to (flat, for tables)."""
        return [{"path": p.id, "check": c.id, **e.to_dict()}
                for p in self.paths for c in p.checks for e in c.evidence]

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "generated": self.generated,
                "paths": [p.to_dict() for p in self.paths], "matrix": self.matrix,
                "gaps": self.gaps, "provenance": self.provenance, "method": self.method,
                "timings": self.timings, "key": self.key, "replay": self.replay,
                **({"robustness": self.robustness} if self.robustness is not None else {})}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Assessment:
        d = dict(d)
        d["paths"] = [PathResult.from_dict(p) for p in d.get("paths", [])]
        return cls(**d)
