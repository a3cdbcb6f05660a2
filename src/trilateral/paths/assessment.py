"""Run every check at an as-of date and combine them into the seven verdicts."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import replace

from trilateral.indicators import asof
from trilateral.indicators.inputs import Tables
from trilateral.paths import cache, combine, definitions, matrix, metadata, settings
from trilateral.paths.context import Context
from trilateral.paths.model import Assessment, CheckResult, EvidenceItem, Measurement, PathResult
from trilateral.paths.plugins import PROVIDERS
from trilateral.paths.registry import CHECKS
from trilateral.paths.stats import FIT_TIMER, LEVEL, stance


def _load_checks() -> None:
    """Import every ``checks_*`` module of this package so that its checks register."""
    import importlib
    import pkgutil

    from trilateral import paths

    for mod in pkgutil.iter_modules(paths.__path__):
        if mod.name.startswith("checks_"):
            importlib.import_module(f"trilateral.paths.{mod.name}")


def assess(as_of: str | dt.date | None = None, *, use_cache: bool = True,
           tables: Tables | None = None, robustness: bool = False) -> Assessment:
    """The assessment of every path using only what was public by ``as_of`` (default: today).

    ``robustness`` adds each verdict's specification curve (:mod:`.robustness`). Results are
    cached on disk (see :mod:`trilateral.paths.cache`) unless ``use_cache`` is false or
    explicit ``tables`` are given.
    """
    day = check_date(asof.parse_as_of(as_of))
    conf, replay = settings.for_date(day)
    use_cache = use_cache and tables is None
    k = cache.key("assessment", as_of=day, plugins=PROVIDERS, config=conf.to_dict(),
                  metadata=_metadata_signature(), robustness=robustness) if use_cache else ""
    if use_cache and (hit := cache.read("assessment", k)) is not None:
        cached = Assessment.from_dict(json.loads(hit))
        cached.timings = {**cached.timings, "cached": True}
        return cached
    result = compute(day, tables or Tables(), conf, replay, robustness=robustness)
    result.key = k
    if use_cache:
        from trilateral.console import dumps

        cache.write("assessment", k, dumps(result.to_dict()).encode())
    return result


FIRST_AS_OF = dt.date(1990, 1, 1)  # the ledger starts in 1988: no window comparison before


def check_date(day: dt.date | None) -> dt.date | None:
    """An as-of date inside the data (1990-01-01 to today), else InputError naming the field."""
    from trilateral.errors import InputError

    if day is not None and not FIRST_AS_OF <= day <= dt.date.today():
        raise InputError(f"as-of date {day} is outside the data: use a date from "
                         f"{FIRST_AS_OF} to {dt.date.today()}", field="as_of")
    return day


def _metadata_signature() -> str:
    import hashlib

    return hashlib.sha256(metadata.CHECKS_FILE.read_bytes()).hexdigest()


def needed_checks() -> list[str]:
    _load_checks()
    return list(dict.fromkeys(i.check for p in definitions.PATHS for i in p.implications))


def measure(ctx: Context, needed: list[str], ledger_window: int, trade_window: int
            ) -> dict[str, Measurement]:
    """Run every needed check under the given windows (context caches are reused)."""
    with settings.windows(ledger_window, trade_window):
        return {cid: freshness(CHECKS[cid].function(ctx), ctx) for cid in needed}


def compute(day: dt.date | None, tables: Tables, conf: settings.Settings | None = None,
            replay: dict | None = None, *, robustness: bool = False) -> Assessment:
    if conf is None:
        conf, replay = settings.for_date(day)
    start, fits = time.perf_counter(), FIT_TIMER.seconds
    ctx = Context(day, tables)
    needed = needed_checks()
    meta = metadata.load()
    measured = measure(ctx, needed, conf.ledger_window, conf.trade_window)
    paths = [path_result(p, measured, meta, conf) for p in definitions.PATHS]
    titles = {cid: CHECKS[cid].title for cid in needed}
    curve = None
    if robustness:
        from trilateral.paths import robustness as rob

        curve = rob.curve(lambda lw, tw: measure(ctx, needed, lw, tw), path_result, measured,
                          paths, meta, conf)
    return Assessment(
        as_of=day.isoformat() if day else None,
        generated=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        paths=paths, matrix=matrix.build(paths, titles), gaps=gaps(ctx, measured),
        provenance=provenance(ctx), method=method(conf),
        timings={"assess_s": round(time.perf_counter() - start, 4),
                 "model_fits_s": round(FIT_TIMER.seconds - fits, 4)},
        replay=replay or {}, robustness=curve)


def freshness(m: Measurement, ctx: Context) -> Measurement:
    """Stale evidence (newest point too old for the as-of date) is kept but not informative."""
    years = [e.year for e in m.evidence if e.year is not None]
    latest = m.coverage_end or (max(years) if years else None)
    if m.informative and combine.stale(latest, ctx.today.year):
        return replace(m, estimate=None, lower=None, upper=None,
                       note=f"stale: the newest observation is from {latest}, more than "
                            f"{combine.STALE_YEARS} years before {ctx.today.year}")
    return m


def path_result(p: definitions.PathDef, measured: dict[str, Measurement],
                meta: metadata.Metadata, conf: settings.Settings, method: str | None = None,
                drop: str | None = None) -> PathResult:
    """One path's verdict; ``drop`` leaves a check out, ``method`` overrides the pooling."""
    null_type = meta.null_type(p.id)
    checks = [read_check(p.id, imp, measured[imp.check], meta, conf.se_floor, null_type)
              for imp in p.implications]
    used = [c for c in checks if c.id != drop]
    c = combine.verdict(used, null_type, method or conf.combination, conf.min_informative)
    checks = [replace(x, weight=round((c.weights or {}).get(x.id, 0.0), 4)) for x in checks]
    return PathResult(p.id, p.name, p.kind, p.summary, list(p.drivers), c.verdict, c.score,
                      c.lower, c.upper, c.informative, checks, c.reason, null_type, c.effect,
                      c.effect_lower, c.effect_upper, estimands(checks))


def estimands(checks: list[CheckResult]) -> list[dict[str, object]]:
    return [{"check": c.id, "estimand": c.estimand, "kind": c.kind, "window": c.window,
             "sesoi": c.sesoi, "unit": c.unit, "family": c.family, "expect": c.expect}
            for c in checks]


def read_check(path_id: str, imp: definitions.Implication, m: Measurement,
               meta: metadata.Metadata, se_floor: float = combine.SE_FLOOR,
               null_type: bool = False) -> CheckResult:
    """A measurement read against one implication: stance, effect in SESOI units, evidence."""
    info = meta.checks.get(imp.check)
    note = m.note
    eff = se = None
    if info is None:
        st, note = "insufficient", "; ".join(x for x in (
            note, f"no entry in {metadata.CHECKS_FILE.name} (estimand, SESOI): not used") if x)
    elif m.informative:
        sign = -imp.expect if null_type else imp.expect
        eff, se = combine.standardise(m.estimate, m.lower, m.upper, m.null, sign, info.sesoi,
                                      se_floor)
        st = (equivalence_stance(m, info.sesoi) if null_type
              else stance(m.lower, m.upper, m.null, imp.expect))
    else:
        st = "insufficient"
    ev = [_item_stance(e, st, imp.expect) for e in m.evidence]
    return CheckResult(imp.check, path_id, imp.text, imp.expect, m.estimate, m.lower, m.upper,
                       m.unit, m.method, st, eff, 0.0, m.null, note, ev, m.series,
                       info.estimand if info else "", info.sesoi if info else None,
                       info.kind if info else "", info.family if info else "",
                       info.window if info else "", se)


def equivalence_stance(m: Measurement, sesoi: float) -> str:
    """For a null-type path: consistent when the interval lies within null +/- SESOI."""
    if m.null - sesoi < m.lower and m.upper < m.null + sesoi:
        return "consistent"
    if m.lower > m.null or m.upper < m.null:
        return "inconsistent"
    return "neutral"


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


def method(conf: settings.Settings) -> dict[str, object]:
    from trilateral.evidence.momentum import CAVEAT as LEDGER_CAVEAT

    return {"interval_level": LEVEL, "min_informative_checks": conf.min_informative,
            "combination": conf.combination, "alternative_combination": conf.alternative,
            "se_floor_sesoi": conf.se_floor, "equivalence": "TOST at each check's SESOI",
            "stale_after_years": combine.STALE_YEARS, "trade_trend_years": conf.trade_window,
            "ledger_window_years": conf.ledger_window, "configuration": conf.to_dict(),
            "publication_lags": {k: lag.why for k, lag in asof.LAGS.items()},
            "caveats": [asof.REVISION_CAVEAT, LEDGER_CAVEAT], "docs": "docs/method.md"}
