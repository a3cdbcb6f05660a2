"""Inter-coder reliability: Krippendorff's alpha per coded field, ledger against a blind recode.

The second coding (``recode.jsonl``: id, path, direction, level, domain, americanization, coder)
is made by a coder who saw only ``recode_input.jsonl`` (id, date, countries, title, summary,
source) and never the first codes. Alpha is computed at the nominal level with the
``krippendorff`` package, over the events both codings share.

Reading alpha (Krippendorff 2004): >= 0.800 reliable; 0.667-0.800 tentative conclusions only;
below 0.667 the field's codes should not be relied on.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trilateral.config import PACKAGE_DIR
from trilateral.errors import InputError, NotFoundError
from trilateral.evidence.schema import CODED_FIELDS, PATHS

DATA_DIR = PACKAGE_DIR / "evidence" / "data"
RECODE_FILE = DATA_DIR / "recode.jsonl"
RECODE_INPUT = DATA_DIR / "recode_input.jsonl"
# the codebook's direction rule was revised (lifting a barrier ends a reversal episode; rulings
# have their own level): the sample was coded blind again under the revised rules by a third
# coder, and the first coder's original codes of the sample are kept to report alpha before
RECODE_REVISED = DATA_DIR / "recode_revised.jsonl"
FIRST_ORIGINAL = DATA_DIR / "recode_first_original.jsonl"
BLIND_FIELDS = ("id", "date", "countries", "title", "summary", "source")


@dataclass
class FieldAgreement:
    """Agreement on one field: Krippendorff's alpha, raw agreement and the units compared."""

    field: str
    alpha: float | None
    agreement: float
    units: int
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    @property
    def reading(self) -> str:
        if self.alpha is None:
            return "undefined (no variation in the codes)"
        if self.alpha >= 0.8:
            return "reliable"
        return "tentative" if self.alpha >= 0.667 else "unreliable"

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "alpha": self.alpha, "percent_agreement": self.agreement,
                "units": self.units, "reading": self.reading,
                "disagreements": self.disagreements}


@dataclass
class ReliabilityReport:
    """Alpha per field, and which events could not be compared."""

    fields: list[FieldAgreement]
    units: int
    missing_in_ledger: list[str]
    first_coders: list[str]
    second_coders: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"units": self.units, "fields": [f.to_dict() for f in self.fields],
                "missing_in_ledger": self.missing_in_ledger,
                "first_coders": self.first_coders, "second_coders": self.second_coders,
                "level_of_measurement": "nominal"}


def alpha_nominal(first: list[Any], second: list[Any]) -> float | None:
    """Krippendorff's alpha (nominal) for two coders who coded the same units."""
    import krippendorff
    import numpy as np

    values = sorted({str(v) for v in first + second})
    if len(values) < 2:
        return None
    code = {v: i for i, v in enumerate(values)}
    data = np.array([[code[str(v)] for v in first], [code[str(v)] for v in second]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def reliability(
    ledger_events: list[dict[str, Any]], recode: list[dict[str, Any]]
) -> ReliabilityReport:
    """Compare the ledger's codes with the blind second coding, field by field."""
    by_id = {e["id"]: e for e in ledger_events}
    pairs = [(by_id[r["id"]], r) for r in recode if r.get("id") in by_id]
    missing = [r.get("id") for r in recode if r.get("id") not in by_id]
    if not pairs:
        raise InputError("no recoded event matches an event in the ledger", field="id")
    fields = [_field(name, pairs) for name in CODED_FIELDS]
    return ReliabilityReport(
        fields=fields, units=len(pairs), missing_in_ledger=missing,
        first_coders=sorted({str(a.get("coder")) for a, _ in pairs}),
        second_coders=sorted({str(b.get("coder")) for _, b in pairs}),
    )


def _field(name: str, pairs: list[tuple[dict, dict]]) -> FieldAgreement:
    first = [a.get(name) for a, _ in pairs]
    second = [b.get(name) for _, b in pairs]
    agree = sum(x == y for x, y in zip(first, second, strict=True))
    diffs = [{"id": a["id"], "first": a.get(name), "second": b.get(name)}
             for a, b in pairs if a.get(name) != b.get(name)]
    return FieldAgreement(name, alpha_nominal(first, second), agree / len(pairs), len(pairs),
                          diffs)


def read_recode(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The second coding: one JSON object a line with id and the five coded fields."""
    file = Path(path) if path else RECODE_FILE
    if not file.exists():
        raise NotFoundError(
            f"{file} does not exist yet: the blind second coding of recode_input.jsonl is needed")
    out = []
    for i, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", file=file, row=i) from exc
        missing = [f for f in ("id", *CODED_FIELDS) if f not in row]
        if missing:
            raise InputError("missing", file=file, row=i, field=missing[0])
        out.append(row)
    return out


def recode_sample(events: list[dict[str, Any]], n: int = 48) -> list[dict[str, Any]]:
    """A deterministic sample of ``n`` events for blind recoding, without their codes.

    Events are ranked by the sha256 of their id (a fixed pseudo-random order) and drawn in
    turn from each path so every path is represented; the output carries only the fields a
    coder needs (id, date, countries, title, summary, source), sorted by date.
    """
    if n < 1:
        raise InputError("the sample needs at least one event", field="n")
    ranked: dict[str, list[dict]] = {p: [] for p in PATHS}
    for e in sorted(events, key=lambda e: hashlib.sha256(e["id"].encode()).hexdigest()):
        ranked.setdefault(e.get("path", ""), []).append(e)
    chosen: list[dict] = []
    while len(chosen) < min(n, len(events)):
        for path in list(ranked):
            if ranked[path] and len(chosen) < n:
                chosen.append(ranked[path].pop(0))
    blind = [{k: e[k] for k in BLIND_FIELDS if k in e} for e in chosen]
    return sorted(blind, key=lambda e: (e["date"], e["id"]))


@dataclass
class RevisionReport:
    """Alpha under the original rules (first coding as it stood against the blind second coding)
    and under the revised rules (the recoded ledger against a blind coding under them)."""

    original: ReliabilityReport
    revised: ReliabilityReport

    def to_dict(self) -> dict[str, Any]:
        return self.revised.to_dict() | {
            "rules": "revised",
            "original_rules": self.original.to_dict(),
            "alpha_before_after": {
                f.field: {"original": o.alpha, "revised": f.alpha}
                for f, o in zip(self.revised.fields, self.original.fields, strict=True)},
        }


def revision_report(ledger_events: list[dict[str, Any]]) -> RevisionReport:
    """Alpha per field before (original rules) and after (revised rules) the recoding."""
    original = reliability(read_recode(FIRST_ORIGINAL), read_recode(RECODE_FILE))
    return RevisionReport(original, reliability(ledger_events, read_recode(RECODE_REVISED)))
