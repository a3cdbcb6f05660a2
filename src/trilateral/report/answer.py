"""The answer first: a headline, three dated numbers, what is stale, what changed, seven chips.

Everything here is filled by code from the same results as ``report.json`` (the assessment,
the plug-in sections' quotable ``figures``, the indicators and the tariff-measures table);
nothing is hand-written prose. :func:`build_answer` returns a plain dict that the HTML report,
the terminal summary and ``trilateral summary`` all print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

PLAIN = {"advancing": "clear rise", "reversing": "clear fall",
         "stalled": "no meaningful change", "inconclusive": "too close to call",
         "insufficient-evidence": "not enough evidence"}
SHORT = {"bureaucratic": "bureaucratic cooperation", "political": "political action",
         "institutional": "new institutions", "values": "shared values",
         "reversal": "rollback (barriers)", "globalization": "'only globalization'",
         "americanization": "dependence on the US"}
STALE_YEARS = 2
HEADLINE_WORDS = 30
SPOKES = {"CAN": "Canada", "MEX": "Mexico"}


def plain(verdict: str, path_id: str | None = None) -> str:
    """A verdict in plain words (unknown labels pass through). For the null-type path
    ("only globalization") a clear result reads as supported or rejected, not rise or fall."""
    if path_id in NULL_TYPE and verdict in NULL_WORDS:
        return NULL_WORDS[verdict]
    return PLAIN.get(verdict, verdict)


def build_answer(report: dict[str, Any], sections: list[dict[str, Any]],
                 indicators: Any = None, changes: dict[str, Any] | None = None
                 ) -> dict[str, Any]:
    """The answer block for ``report`` (a report.json dict) and its plug-in ``sections``."""
    a = report["assessment"]
    day = _day(a.get("as_of") or report.get("generated"))
    figures = [f for s in sections for f in s.get("figures") or []]
    questions = [q for s in sections for q in s.get("questions") or []]
    first = _usmca_end(figures, questions) or _measures_in_force(day)
    numbers = [n for n in (first, _dependence(indicators, day), _shock(indicators))
               if n is not None]
    return {"as_of": day.isoformat(), "headline": headline(a["paths"]),
            "numbers": numbers, "data_as_of": data_as_of(report.get("coverage", []), day),
            "changes": sorted(change_rows(changes) + recent_changes(day),
                              key=lambda c: c["date"], reverse=True),
            "chips": [_chip(p) for p in a["paths"]]}


def _day(text: str | None) -> dt.date:
    return dt.date.fromisoformat(text[:10]) if text else dt.date.today()


NULL_TYPE = {"globalization"}  # supported by the absence of a regional effect (equivalence)
NULL_WORDS = {"advancing": "supported (no regional effect)",
              "reversing": "rejected (a regional effect)"}


def headline(paths: list[dict[str, Any]]) -> str:
    """At most 30 words on where integration is heading, as the verdicts support it."""
    rising = [p for p in paths if p["verdict"] == "advancing" and p["id"] not in NULL_TYPE]
    falling = [p for p in paths if p["verdict"] == "reversing" and p["id"] not in NULL_TYPE]
    nulls = [p for p in paths if p["id"] in NULL_TYPE and p["verdict"] in ("advancing",
                                                                          "reversing")]
    unclear = len(paths) - len(rising) - len(falling) - len(nulls)
    if not rising and not falling and not nulls:
        text = (f"No path shows a clear change: for all {len(paths)} the evidence shows no "
                "meaningful change or is too close to call.")
        return _fit(text)
    parts = []
    if rising:
        parts.append(f"{_names(rising)} {'is' if len(rising) == 1 else 'are'} clearly rising")
    if falling:
        parts.append(f"{_names(falling)} {'is' if len(falling) == 1 else 'are'} clearly falling")
    for p in nulls:
        parts.append("the 'only globalization' view is "
                     + ("supported" if p["verdict"] == "advancing" else "rejected"))
    lacking = sum(p["verdict"] == "insufficient-evidence" for p in paths)
    rest = f"; {unclear - lacking} of {len(paths)} show no clear change" if unclear > lacking \
        else ""
    rest += f"; {lacking} lack evidence" if lacking else ""
    fragile = [p for p in rising + falling + nulls
               if isinstance(p.get("agreement"), int | float) and p["agreement"] < 0.7]
    caveat = f" Fragile: {_names(fragile)}." if fragile else ""
    text = "; ".join(parts) + rest + "." + caveat
    if len(text.split()) > HEADLINE_WORDS:  # the chips carry the counts; keep the caveat
        text = "; ".join(parts) + "." + caveat
    return _fit(text[0].upper() + text[1:])


def _names(paths: Iterable[dict[str, Any]]) -> str:
    names = [SHORT.get(p["id"], p["id"]) for p in paths]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _fit(text: str) -> str:
    words = text.split()
    return text if len(words) <= HEADLINE_WORDS else " ".join(words[:HEADLINE_WORDS - 1]) + " ..."


def _chip(p: dict[str, Any]) -> dict[str, Any]:
    checks = [c for c in p.get("checks", []) if c.get("estimate") is not None]
    checks.sort(key=lambda c: -(c.get("weight") or 1) * abs(c.get("support") or 0))
    top = checks[0] if checks else None
    return {"path": p["id"], "name": p["name"], "verdict": p["verdict"],
            "label": plain(p["verdict"], p["id"]), "agreement": p.get("agreement"),
            "evidence": None if top is None else {
                "check": top["id"], "text": top["implication"],
                "estimate": top["estimate"], "lower": top["lower"], "upper": top["upper"],
                "unit": top["unit"]}}


def _usmca_end(figures: list[dict[str, Any]],
               questions: list[dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """The answer to "what if the USMCA ended", on the most recent baseline."""
    for f in figures:
        if f.get("key") == "usmca-end":
            return f
    q = next((q for q in questions or [] if q.get("scenario") == "usmca-end"), None)
    if q is None:
        return None
    parts = []
    for r in q["rows"]:
        cell = r["rgdp"]
        if cell.get("lower") is None:
            parts.append(f"{r['name']} {cell['point']:+.2f}%")
        else:
            parts.append(f"{r['name']} {cell['point']:+.2f}% [{cell['lower']:+.2f}, "
                         f"{cell['upper']:+.2f}]")
    sigma = q.get("sigma_range") or {}
    span = f", sigma {sigma['low']:g}-{sigma['high']:g}" if sigma else ""
    return {"key": "usmca-end", "label": "If the USMCA ended: real GDP change, long run",
            "value_text": "; ".join(parts),
            "unit": f"% change against the {q['baseline_year']} economy; a long-run "
                    "comparison of two policy states, not a forecast for any year",
            "date": f"baseline {q['baseline_year']}",
            "range": f"95% intervals over the coefficients{span}; an interval across zero "
                     "is inconclusive",
            "source": f"{q['table']} flows; trilateral general-equilibrium model"}


def _measures_in_force(day: dt.date) -> dict[str, Any] | None:
    """US tariff measures in force on Canada and on Mexico at ``day`` (the 2025-26 state)."""
    try:
        from trilateral.evidence import measures

        now = measures.in_force(day, imposer="USA")
    except Exception:  # the answer still stands without it; `trilateral measures` reports why
        return None
    parts = []
    for code, name in SPOKES.items():
        rows = now[now["target"] == code]
        if len(rows):
            parts.append(f"{name} {len(rows)} (top rate {rows['rate_pct_now'].max():g}%)")
    if not parts:
        return None
    unchecked = int((now["status"] != "in force").sum())
    return {"key": "measures-in-force", "label": "US tariff measures in force on each spoke",
            "value_text": "; ".join(parts), "unit": "measures (Section 232, 122, 338, IEEPA)",
            "date": day.isoformat(),
            "range": (f"{unchecked} not re-checked since their last verified date"
                      if unchecked else "every status checked to this date"),
            "source": "tariff_measures (official texts: Federal Register, White House, "
                      "Canada Gazette)"}


def _latest(df: Any, reporter: str, flow: str, year: int | None = None) -> Any:
    rows = df[(df["indicator"] == "trade_share") & (df["reporter"] == reporter)
              & (df["partner"] == "USA") & (df["flow"] == flow)]
    if year is not None:
        rows = rows[rows["year"] == year]
    if rows.empty:
        return None
    best = rows[rows["basis"] == "reporter"]
    rows = best if not best.empty else rows
    return rows.sort_values("year").iloc[-1]


def _dependence(df: Any, day: dt.date) -> dict[str, Any] | None:
    """The latest share of each spoke's goods trade done with the US."""
    if df is None or df.empty:
        return None
    parts = []
    for code, name in SPOKES.items():
        row = _latest(df, code, "total")
        if row is not None:
            parts.append({"country": name, "year": int(row["year"]),
                          "value": round(float(row["value"]), 1), "basis": row["basis"],
                          "sources": row["sources"], "available": str(row["available"])})
    if not parts:
        return None
    text = "; ".join(f"{p['country']} {p['value']:.1f}% ({p['year']}"
                     f"{', mirror flows' if p['basis'] == 'mirror' else ''})" for p in parts)
    return {"key": "dependence", "label": "Share of each spoke's goods trade done with the US",
            "value_text": text, "unit": "percent of the country's goods trade (exports plus "
            "imports)", "date": ", ".join(str(p["year"]) for p in parts),
            "range": "measured shares, not estimates: no sampling interval",
            "source": "; ".join(dict.fromkeys(p["sources"] for p in parts)), "parts": parts}


def _shock(df: Any) -> dict[str, Any] | None:
    """The 2025 shock: change in Canada's export share to the US, 2024 to the latest year."""
    if df is None or df.empty:
        return None
    before, after = _latest(df, "CAN", "exports", 2024), _latest(df, "CAN", "exports")
    if before is None or after is None or int(after["year"]) <= 2024:
        return None
    change = float(after["value"]) - float(before["value"])
    return {"key": "shock-2025",
            "label": "Canada's exports going to the US, 2024 against "
                     f"{int(after['year'])}",
            "value_text": f"{float(before['value']):.1f}% to {float(after['value']):.1f}% "
                          f"({change:+.1f} points)",
            "unit": "percent of Canada's goods exports",
            "date": f"2024 and {int(after['year'])}",
            "range": "measured shares, not estimates: no sampling interval",
            "source": str(after["sources"])}


def data_as_of(coverage: list[dict[str, Any]], day: dt.date) -> dict[str, Any]:
    """The oldest series in use, and every series more than two years older than ``day``."""
    if not coverage:
        return {"oldest": None, "stale": []}
    rows = sorted(coverage, key=lambda c: c["last"])
    stale = [{"indicator": c["indicator"], "last": c["last"], "sources": c["sources"]}
             for c in rows if day.year - int(c["last"]) > STALE_YEARS]
    oldest = rows[0]
    return {"oldest": {"indicator": oldest["indicator"], "last": oldest["last"],
                       "stale": day.year - int(oldest["last"]) > STALE_YEARS},
            "stale": stale}


def change_rows(changes: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Rows for the answer from ``trilateral changes``: verdicts that moved, breaks found."""
    if not changes:
        return []
    rows, seen = [], set()
    day = changes.get("as_of") or dt.date.today().isoformat()
    for p in changes.get("paths", []):
        then, now = p.get("verdict_then"), p.get("verdict_now")
        if then and now and then != now:
            rows.append({"date": day, "kind": "verdict moved",
                         "text": f"{SHORT.get(p['path'], p['path'])}: {plain(then)} to "
                                 f"{plain(now)} since {changes.get('since')}", "source": None})
        for b in p.get("breaks", []):
            key = (b.get("series"), b.get("date") or b.get("year"))
            if key in seen or not (b.get("detected") or b.get("outside")):
                continue
            seen.add(key)
            size = b.get("size", b.get("gap"))
            low, high = b.get("size_low", b.get("gap_low")), b.get("size_high", b.get("gap_high"))
            rows.append({"date": str(b.get("date") or b.get("year")), "kind": "break",
                         "text": f"{b.get('series')}: {size:+.2f} points [{low:+.2f}, "
                                 f"{high:+.2f}]", "source": None})
    return rows


def recent_changes(day: dt.date, months: int = 12) -> list[dict[str, Any]]:
    """Tariff measures that started or ended, and coded events, in the 12 months to ``day``."""
    since = day - dt.timedelta(days=round(months * 30.44))
    out: list[dict[str, Any]] = []
    try:
        from trilateral.evidence import measures

        df = measures.load()
    except Exception:  # the table is optional for the answer; its own command reports errors
        df = None
    if df is not None:
        for _, m in df[df["modifies"] == ""].iterrows():
            for what, when in (("started", m["start"]), ("ended", m["end"])):
                if when is not None and not _missing(when) and since < when <= day:
                    out.append({"date": when.isoformat(), "kind": f"measure {what}",
                                "text": f"{m['imposer']} on {m['target']}: {m['product_scope']} "
                                        f"({m['rate_pct']:g}%)", "source": m["source_url"]})
    out.sort(key=lambda c: c["date"], reverse=True)
    return out


def _missing(x: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False
