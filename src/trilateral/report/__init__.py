"""``trilateral report``: the terminal summary, one self-contained HTML file and report.json.

>>> from trilateral import report
>>> result = report.build(out="report/", as_of="2006-03-31")     # doctest: +SKIP
>>> result.html, result.json                                       # doctest: +SKIP

The HTML and JSON are cached under ``trilateral.config.home()/cache``, keyed by the code, the
data (snapshots, loaded vintages, ledger) and the request; a warm report only copies them.
Other modules add sections through :data:`trilateral.report.providers.PROVIDERS`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trilateral.paths import cache
from trilateral.provenance import atomic_write_bytes

KIND_HTML, KIND_JSON = "report-html", "report-json"


@dataclass
class ReportResult:
    """Where the report was written, and the report dict (what report.json holds)."""

    out: Path
    html: Path
    json: Path
    report: dict[str, Any] = field(default_factory=dict)
    cached: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"out": str(self.out), "html": str(self.html), "json": str(self.json),
                "cached": self.cached, "as_of": self.report.get("as_of"),
                "verdicts": {p["id"]: p["verdict"]
                             for p in self.report.get("assessment", {}).get("paths", [])},
                "timings": self.report.get("timings", {})}


Progress = Callable[[str], None]


def build(out: str | Path = "report", as_of: str | dt.date | None = None, *,
          use_cache: bool = True, providers: list[str] | None = None,
          progress: Progress | None = None) -> ReportResult:
    """Write ``out/index.html`` and ``out/report.json`` for ``as_of`` (default: today).

    ``progress(step)`` is called as each stage starts (the CLI shows it as a progress bar).
    """
    start = time.perf_counter()
    from trilateral.indicators.asof import parse_as_of

    day = parse_as_of(as_of)
    out = Path(out)
    from trilateral.report import providers as prov

    wanted = prov.PROVIDERS if providers is None else providers
    from trilateral.paths.plugins import PROVIDERS as evidence_plugins

    k = cache.key("report", as_of=day, providers=wanted, plugins=evidence_plugins)
    if use_cache:
        html, raw = cache.read(KIND_HTML, k, ".html"), cache.read(KIND_JSON, k)
        if html is not None and raw is not None:
            return _write(out, html, raw, cached=True, start=start)
    html, raw = _compute(day, wanted, k, use_cache, progress or (lambda step: None))
    cache.write(KIND_HTML, k, html, ".html")
    cache.write(KIND_JSON, k, raw)
    return _write(out, html, raw, cached=False, start=start)


def _compute(day: dt.date | None, wanted: list[str], k: str, use_cache: bool,
             progress: Progress) -> tuple[bytes, bytes]:
    from trilateral.console import dumps
    from trilateral.paths import assess
    from trilateral.paths.stats import FIT_TIMER
    from trilateral.report import html as html_mod
    from trilateral.report import providers as prov

    t0, fits0 = time.perf_counter(), FIT_TIMER.seconds
    progress("assessing the seven paths")
    a = assess(day, use_cache=use_cache, robustness=True)
    t1 = time.perf_counter()
    collected = prov.collect(day, wanted, progress=progress)
    t2 = time.perf_counter()
    progress("rendering the report")
    from trilateral import indicators
    from trilateral.report.answer import build_answer

    frame = indicators.compute(as_of=day)
    coverage = indicator_coverage(day, frame)
    report = {"as_of": a.as_of, "generated": a.generated, "key": k,
              "assessment": a.to_dict(), "providers": collected.status,
              "sections": [_section_json(s) for s in collected.sections],
              "coverage": coverage}
    report["changes"] = _last_twelve_months(day)
    report["answer"] = build_answer(report, collected.sections, frame, report["changes"])
    page, records = html_mod.render(a, report, collected.sections, coverage)
    report["charts"] = records
    t3 = time.perf_counter()
    report["timings"] = {
        "assess_s": round(t1 - t0, 3), "providers_s": round(t2 - t1, 3),
        "render_s": round(t3 - t2, 3),
        "model_fits_s": round(FIT_TIMER.seconds - fits0, 3),
        "cold_compute_s": round(t3 - t0, 3)}
    return page.encode("utf-8"), dumps(report).encode("utf-8")


def _last_twelve_months(day: dt.date | None) -> dict[str, Any] | None:
    """``trilateral changes`` for the 12 months before ``day`` (None where it cannot run)."""
    from trilateral.errors import TrilateralError

    try:
        from trilateral.paths.changes import last_twelve_months

        return last_twelve_months(day).to_dict()
    except TrilateralError as exc:
        return {"error": str(exc), "paths": []}
    except Exception as exc:  # like a failing plug-in section, it must not sink the report
        return {"error": f"{type(exc).__name__}: {exc}", "paths": []}


def _section_json(s: dict[str, Any]) -> dict[str, Any]:
    """A plug-in section as report.json carries it: its numbers, not only its title."""
    return {"provider": s["provider"], "title": s.get("title"), "note": s.get("note", ""),
            "figures": s.get("figures", []), "tables": s.get("tables", []),
            "questions": s.get("questions", []),
            "charts": [{k: v for k, v in c.items() if k != "data"} | {"points": len(
                c.get("data") or [])} for c in s.get("charts") or []]}


def indicator_coverage(day: dt.date | None, df: Any = None) -> list[dict[str, Any]]:
    """Per indicator: number of series, first and last year, values, sources (by as_of)."""
    if df is None:
        from trilateral import indicators

        df = indicators.compute(as_of=day)
    rows = []
    for name, g in df.groupby("indicator", sort=True):
        rows.append({"indicator": name,
                     "series": int(g.groupby(["reporter", "partner", "flow"]).ngroups),
                     "first": int(g["year"].min()), "last": int(g["year"].max()),
                     "values": len(g), "sources": "; ".join(sorted(set("; ".join(
                         g["sources"]).split("; "))))})
    return rows


def _write(out: Path, html: bytes, raw: bytes, *, cached: bool, start: float) -> ReportResult:
    out.mkdir(parents=True, exist_ok=True)
    html_path, json_path = out / "index.html", out / "report.json"
    report = json.loads(raw)
    report["cached"] = cached
    report["files"] = {"html": html_path.name, "json": json_path.name, "charts": "charts/"}
    report.setdefault("timings", {})["total_s"] = round(time.perf_counter() - start, 3)
    atomic_write_bytes(html_path, html)
    atomic_write_bytes(json_path, json.dumps(report, indent=2, ensure_ascii=False).encode())
    from trilateral import __version__
    from trilateral.console import _commit
    from trilateral.report.bundles import write_bundles

    meta = {"version": __version__, "commit": _commit(),
            "as_of": report.get("as_of") or str(report.get("generated", ""))[:10],
            "generated": report.get("generated", ""),
            "inputs_sha256": report.get("assessment", {}).get("key") or report.get("key")}
    write_bundles(out, report.get("charts", []), meta)
    return ReportResult(out, html_path, json_path, report, cached)
