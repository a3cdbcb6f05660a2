"""The tariff-measures table: trade barriers among the three, coded by hand from official texts.

``evidence/data/tariff_measures.csv`` holds one row per measure and target country: the US
Section 232, IEEPA, Section 122 and Section 338 actions and the Canadian and Mexican
countermeasures of 2018-19 and 2025-26. Each row gives the authority and instrument, product
scope, headline rate, whether USMCA-qualifying goods are exempt (``yes``, ``no``, ``partial``),
the known exempt share of trade where a source states one, the dates in force and lifted, the
date through which its status was checked (``verified_through``), and the official text's URL
(``url_verified`` says whether that URL was seen; otherwise it is the publisher's archive page).

Rows whose ``modifies`` names other rows change a measure already in force (a rate rise, an
exemption) rather than add a barrier. :func:`in_force` returns the base measures in force on a
day with the rate and exemption that applied that day; :func:`monthly_counts` gives the
reversal path a *level* measure: measures in force at each month end.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from trilateral.config import PACKAGE_DIR
from trilateral.errors import ValidationError
from trilateral.evidence.schema import Problem

MEASURES_FILE = PACKAGE_DIR / "evidence" / "data" / "tariff_measures.csv"
COUNTRIES = ("USA", "CAN", "MEX")
EXEMPT = ("yes", "no", "partial")
REQUIRED = ("id", "imposer", "target", "authority", "instrument", "product_scope", "rate_pct",
            "usmca_exempt", "start", "verified_through", "source_title", "source_url",
            "url_verified")
COLUMNS = ("id", "imposer", "target", "authority", "instrument", "product_scope", "rate_pct",
           "rate_note", "usmca_exempt", "exempt_share_low", "exempt_share_high", "start", "end",
           "end_reason", "verified_through", "modifies", "source_title", "source_url",
           "url_verified", "source_copy", "secondary_url", "notes")
MAX_FIELD = 2000


@dataclass
class MeasuresReport:
    """The outcome of :func:`validate`: rows read and problems, each naming line and field."""

    path: str
    rows: int
    problems: list[Problem] = field(default_factory=list)
    unverified_url: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "rows": self.rows, "ok": self.ok,
                "unverified_url": self.unverified_url,
                "problems": [{"row": p.row, "field": p.field, "message": p.message,
                              "file": p.file} for p in self.problems]}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                              file=str(path)) from exc
    except FileNotFoundError as exc:
        raise ValidationError("file not found", file=str(path)) from exc
    reader = csv.DictReader(text.splitlines())
    return list(reader.fieldnames or []), list(reader)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _share(value: str) -> float | None:
    try:
        x = float(value)
    except ValueError:
        return None
    return x if math.isfinite(x) and 0 <= x <= 1 else None


def _row_problems(r: dict[str, str], line: int, file: str) -> list[Problem]:
    out: list[Problem] = []

    def bad(fld: str, msg: str) -> None:
        out.append(Problem(line, fld, msg, file))

    for fld in REQUIRED:
        if not (r.get(fld) or "").strip():
            bad(fld, "is required")
    for fld, value in r.items():
        if value is not None and len(value) > MAX_FIELD:
            bad(str(fld), f"longer than {MAX_FIELD} characters")
    for fld in ("imposer", "target"):
        if r.get(fld) and r[fld] not in COUNTRIES:
            bad(fld, f"{r[fld]!r} is not one of {', '.join(COUNTRIES)}")
    if r.get("imposer") and r.get("imposer") == r.get("target"):
        bad("target", "a measure's target must differ from its imposer")
    if r.get("rate_pct"):
        try:
            rate = float(r["rate_pct"])
            if not (math.isfinite(rate) and 0 <= rate <= 1000):
                bad("rate_pct", f"{r['rate_pct']!r} is not a rate between 0 and 1000 percent")
        except ValueError:
            bad("rate_pct", f"{r['rate_pct']!r} is not a number")
    if r.get("usmca_exempt") and r["usmca_exempt"] not in EXEMPT:
        bad("usmca_exempt", f"{r['usmca_exempt']!r} is not one of {', '.join(EXEMPT)}")
    out += _share_problems(r, line, file)
    out += _date_problems(r, line, file)
    url = r.get("source_url") or ""
    if url and not url.startswith("https://"):
        bad("source_url", "must be an https:// URL")
    if r.get("secondary_url") and not r["secondary_url"].startswith("https://"):
        bad("secondary_url", "must be an https:// URL")
    if r.get("url_verified") and r["url_verified"] not in ("true", "false"):
        bad("url_verified", "must be true or false")
    return out


def _share_problems(r: dict[str, str], line: int, file: str) -> list[Problem]:
    lo, hi = (r.get("exempt_share_low") or "").strip(), (r.get("exempt_share_high") or "").strip()
    if not lo and not hi:
        return []
    if not lo or not hi:
        return [Problem(line, "exempt_share_low", "give both bounds of the exempt share or "
                        "neither", file)]
    a, b = _share(lo), _share(hi)
    if a is None or b is None:
        return [Problem(line, "exempt_share_low" if a is None else "exempt_share_high",
                        "an exempt share is a number between 0 and 1", file)]
    if a > b:
        return [Problem(line, "exempt_share_low", "low bound above high bound", file)]
    return []


def _date_problems(r: dict[str, str], line: int, file: str) -> list[Problem]:
    out = []
    dates = {}
    for fld in ("start", "end", "verified_through"):
        value = (r.get(fld) or "").strip()
        if not value:
            continue
        d = _date(value)
        if d is None or not (dt.date(1900, 1, 1) <= d <= dt.date(2100, 12, 31)):
            out.append(Problem(line, fld, f"{value!r} is not an ISO date (YYYY-MM-DD)", file))
        else:
            dates[fld] = d
    start = dates.get("start")
    if start and dates.get("end") and dates["end"] < start:
        out.append(Problem(line, "end", "ends before it starts", file))
    if start and dates.get("verified_through") and dates["verified_through"] < start:
        out.append(Problem(line, "verified_through", "checked through a date before it starts",
                           file))
    return out


def validate(path: str | Path | None = None) -> MeasuresReport:
    """Check every row; the report names line (the header is line 1) and field of each problem."""
    file = Path(path) if path else MEASURES_FILE
    header, rows = _read(file)
    missing = [c for c in COLUMNS if c not in header]
    report = MeasuresReport(str(file), len(rows))
    if missing:
        report.problems.append(Problem(1, missing[0], f"missing column(s): {', '.join(missing)}",
                                       str(file)))
        return report
    seen: dict[str, int] = {}
    for line, r in enumerate(rows, start=2):
        report.problems += _row_problems(r, line, str(file))
        rid = r.get("id") or ""
        if rid in seen:
            report.problems.append(Problem(line, "id", f"id {rid!r} repeats line {seen[rid]}",
                                           str(file)))
        seen.setdefault(rid, line)
    ids = set(seen)
    for line, r in enumerate(rows, start=2):
        for target in filter(None, (r.get("modifies") or "").split(";")):
            if target not in ids:
                report.problems.append(Problem(line, "modifies", f"no measure {target!r}",
                                               str(file)))
    report.unverified_url = sum(r.get("url_verified") != "true" for r in rows)
    return report


def load(path: str | Path | None = None) -> pd.DataFrame:
    """The validated table, dates parsed; a bad file raises :class:`ValidationError`.

    Parsed once per file version (path, size and modification time) and copied out.
    """
    file = Path(path) if path else MEASURES_FILE
    try:
        st = file.stat()
    except OSError:
        return _load(str(file), -1, -1).copy()
    return _load(str(file), st.st_size, st.st_mtime_ns).copy()


@functools.lru_cache(maxsize=8)
def _load(path: str, size: int, mtime_ns: int) -> pd.DataFrame:
    report = validate(path)
    if not report.ok:
        first = report.problems[0]
        more = f" (and {len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
        raise ValidationError(f"{first.message}{more}", file=first.file, row=first.row,
                              field=first.field)
    _, rows = _read(Path(report.path))
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    df["rate_pct"] = df["rate_pct"].astype(float)
    for c in ("exempt_share_low", "exempt_share_high"):
        df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce")
    for c in ("start", "end", "verified_through"):
        df[c] = pd.to_datetime(df[c].replace("", None), errors="coerce").dt.date
    df["url_verified"] = df["url_verified"] == "true"
    return df


def _active(df: pd.DataFrame, day: dt.date) -> pd.Series:
    started = df["start"].map(lambda d: d <= day)
    not_ended = df["end"].map(lambda d: d is None or pd.isna(d) or d > day)
    return started & not_ended


def in_force(day: dt.date | str | None = None, imposer: str | None = None,
             target: str | None = None, path: str | Path | None = None) -> pd.DataFrame:
    """Base measures in force on ``day`` (today when None), with the rate and exemption then.

    Columns added: ``rate_pct_now`` (after any rate change in force), ``usmca_exempt_now``
    (``yes`` when an exemption in force covers it), ``modified_by`` (ids in force), and
    ``status``: ``in force`` or ``unverified after <date>`` when ``day`` is past the date
    through which the row's status was checked and no end is recorded.
    """
    day = dt.date.fromisoformat(day) if isinstance(day, str) else (day or dt.date.today())
    df = load(path)
    active = df[_active(df, day)]
    mods = active[active["modifies"] != ""]
    base = active[active["modifies"] == ""].copy()
    if imposer:
        base = base[base["imposer"] == imposer]
    if target:
        base = base[base["target"] == target]
    rate, exempt, by = [], [], []
    for _, m in base.iterrows():
        mask = mods["modifies"].map(lambda s, i=m["id"]: i in s.split(";")).astype(bool)
        hits = mods.loc[mask]
        raises = hits[hits["rate_pct"] > 0].sort_values("start")
        rate.append(float(raises["rate_pct"].iloc[-1]) if len(raises) else m["rate_pct"])
        exempt.append("yes" if (hits["rate_pct"] == 0).any() else m["usmca_exempt"])
        by.append(";".join(hits["id"]))
    base["rate_pct_now"], base["usmca_exempt_now"], base["modified_by"] = rate, exempt, by
    base["status"] = [
        f"unverified after {v.isoformat()}" if (e is None or pd.isna(e)) and v < day
        else "in force" for v, e in zip(base["verified_through"], base["end"], strict=True)]
    return base.reset_index(drop=True)


def monthly_counts(first: str = "2017-01", last: str | None = None,
                   path: str | Path | None = None) -> pd.DataFrame:
    """Base measures in force at each month end, per imposer and target (the reversal level).

    Columns: ``month`` (``YYYY-MM``), ``imposer``, ``target``, ``measures``, ``max_rate_pct``
    and ``unverified`` (measures whose status was not checked through that month end).
    """
    df = load(path)
    base = df[df["modifies"] == ""]
    months = pd.period_range(first, last or dt.date.today().strftime("%Y-%m"), freq="M")
    out = []
    for p in months:
        day = p.end_time.date()
        act = base[_active(base, day)]
        for (imp, tgt), g in act.groupby(["imposer", "target"]):
            unchecked = g["end"].map(lambda e: e is None or pd.isna(e)) & (
                g["verified_through"] < day)
            out.append({"month": str(p), "imposer": imp, "target": tgt, "measures": len(g),
                        "max_rate_pct": float(g["rate_pct"].max()),
                        "unverified": int(unchecked.sum())})
    return pd.DataFrame(out, columns=["month", "imposer", "target", "measures", "max_rate_pct",
                                      "unverified"])


def to_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (dates as ISO strings, missing values as None)."""
    recs = []
    for r in df.to_dict(orient="records"):
        recs.append({k: (v.isoformat() if isinstance(v, dt.date) else
                         None if (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else v)
                     for k, v in r.items()})
    return recs
