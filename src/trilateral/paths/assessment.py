"""Run every check at an as-of date and combine them into the seven verdicts."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import replace

from trilateral.indicators import asof
from trilateral.indicators.inputs import Tables
from trilateral.paths import cache, combine, definitions, matrix
from trilateral.paths.context import Context
from trilateral.paths.model import Assessment, CheckResult, EvidenceItem, Measurement, PathResult
from trilateral.paths.plugins import PROVIDERS
from trilateral.paths.registry import CHECKS, TRADE_WINDOW
from trilateral.paths.stats import FIT_TIMER, LEVEL, stance, support


def _load_checks() -> None:
    """Import the check modules so that they register themselves."""
    from trilateral.paths import (  # noqa: F401
        checks_institutions,
        checks_ledger,
        checks_present,
        checks_trade,
        checks_values,
    )


def assess(as_of: str | dt.date | None = None, *, use_cache: bool = True,
           tables: Tables | None = None) -> Assessment:
    """The assessment of every path using only what was public by ``as_of`` (default: today).

    Results are cached on disk (see :mod:`trilateral.paths.cache`) unless ``use_cache`` is
    false or explicit ``tables`` are given.
    """
    day = asof.parse_as_of(as_of)
    use_cache = use_cache and tables is None
    k = cache.key("assessment", as_of=day, plugins=PROVIDERS) if use_cache else ""
    if use_cache and (hit := cache.read("assessment", k)) is not None:
        return Assessment.from_dict(json.loads(hit))
    result = compute(day, tables or Tables())
    result.key = k
    if use_cache:
        from trilateral.console import dumps

        cache.write("assessment", k, dumps(result.to_dict()).encode())
    return result


def compute(day: dt.date | None, tables: Tables) -> Assessment:
    _load_checks()
    start, fits = time.perf_counter(), FIT_TIMER.seconds
    ctx = Context(day, tables)
    needed = dict.fromkeys(i.check for p in definitions.PATHS for i in p.implications)
    measured = {cid: freshness(CHECKS[cid].function(ctx), ctx) for cid in needed}
    paths = [path_result(p, measured) for p in definitions.PATHS]
    titles = {cid: CHECKS[cid].title for cid in needed}
    return Assessment(
        as_of=day.isoformat() if day else None,
        generated=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        paths=paths, matrix=matrix.build(paths, titles), gaps=gaps(ctx, measured),
        provenance=provenance(ctx), method=method(),
        timings={"assess_s": round(time.perf_counter() - start, 4),
                 "model_fits_s": round(FIT_TIMER.seconds - fits, 4)})


def freshness(m: Measurement, ctx: Context) -> Measurement:
    """Stale evidence (newest point too old for the as-of date) is kept but not informative."""
    years = [e.year for e in m.evidence if e.year is not None]
    latest = m.coverage_end or (max(years) if years else None)
    if m.informative and combine.stale(latest, ctx.today.year):
        return replace(m, estimate=None, lower=None, upper=None,
                       note=f"stale: the newest observation is from {latest}, more than "
                            f"{combine.STALE_YEARS} years before {ctx.today.year}")
    return m


def path_result(p: definitions.PathDef, measured: dict[str, Measurement]) -> PathResult:
    checks = [read_check(p.id, imp, measured[imp.check]) for imp in p.implications]
    c = combine.verdict(checks)
    return PathResult(p.id, p.name, p.kind, p.summary, list(p.drivers), c.verdict, c.score,
                      c.lower, c.upper, c.informative, checks, c.reason)


def read_check(path_id: str, imp: definitions.Implication, m: Measurement) -> CheckResult:
    """A measurement read against one implication: stance, support and evidence stances."""
    if m.informative:
        st = stance(m.lower, m.upper, m.null, imp.expect)
        sup = support(m.estimate, m.lower, m.upper, m.null, imp.expect)
    else:
        st, sup = "insufficient", None
    ev = [_item_stance(e, st, imp.expect) for e in m.evidence]
    return CheckResult(imp.check, path_id, imp.text, imp.expect, m.estimate, m.lower, m.upper,
                       m.unit, m.method, st, sup, imp.weight, m.null, m.note, ev, m.series)


def _item_stance(e: EvidenceItem, check_stance: str, expect: int) -> EvidenceItem:
    """An item takes its check's stance toward the path, unless it is read by its own sign."""
    if e.stance == "by-sign":
        sign = (e.value or 0) * expect
        s = "consistent" if sign > 0 else "inconsistent" if sign < 0 else "neutral"
        return replace(e, stance=s)
    return replace(e, stance=e.stance or check_stance)


def gaps(ctx: Context, measured: dict[str, Measurement]) -> list[dict[str, str]]:
    out = [{"item": t, "kind": "table", "reason": why} for t, why in ctx.tables.missing.items()]
    out += [{"item": k, "kind": "plug-in", "reason": why} for k, why in ctx.gaps.items()]
    out += [{"item": cid, "kind": "check", "reason": m.note}
            for cid, m in measured.items() if not m.informative]
    return out


def provenance(ctx: Context) -> list[dict[str, object]]:
    out = [ctx.tables.info(t).to_dict() for t in sorted(ctx.tables.used)]
    if ctx.ledger_provenance:
        out.append({"table": "evidence_ledger", **ctx.ledger_provenance})
    return out


def method() -> dict[str, object]:
    from trilateral.evidence.momentum import CAVEAT as LEDGER_CAVEAT
    from trilateral.paths.checks_ledger import WINDOW

    return {"interval_level": LEVEL, "min_informative_checks": combine.MIN_INFORMATIVE,
            "verdict_threshold": combine.THRESHOLD,
            "stale_after_years": combine.STALE_YEARS, "trade_trend_years": TRADE_WINDOW,
            "ledger_window_years": WINDOW,
            "publication_lags": {k: lag.why for k, lag in asof.LAGS.items()},
            "caveats": [asof.REVISION_CAVEAT, LEDGER_CAVEAT], "docs": "docs/method.md"}
