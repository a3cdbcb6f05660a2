"""The self-contained HTML report: one file, scripts, styles and chart data inline.

Every text goes through Jinja2's autoescaping; chart specs travel as JSON inside a
``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped, and the page's
Content-Security-Policy forbids any request to the network.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

from trilateral.paths.model import Assessment, CheckResult, fmt
from trilateral.report import bundles, charts
from trilateral.report.answer import plain

VL_BUNDLE_KIND = "vega-bundle"
# sha256 of the chart library bundle (vega, vega-lite, vega-embed) as vl-convert ships it, per
# "<vl-convert version>-<vega-lite version>": a cached copy in the data home is used only when it
# matches, so an edited bundle is never inlined into a report.
VL_BUNDLE_SHA256 = {
    "1.9.0-v6_4": "3425bd951a44d478d0505c6b5d1e8d57656b6e9a4da7bfe88a718ce61d76e572",
}


def render(a: Assessment, report: dict[str, Any], sections: list[dict[str, Any]],
           coverage: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The page and its chart records (each becomes a download bundle beside the page)."""
    import jinja2
    from markupsafe import Markup

    from trilateral import __version__
    from trilateral.paths.matrix import summary

    specs: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    day = report.get("as_of") or str(report.get("generated", ""))[:10]
    chart_ids = _check_charts(a, specs, records, day)
    sections = [_section_charts(s, specs, records, day) for s in sections]
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_template())
    page = template.render(
        r=report, a=a, sections=sections, coverage=coverage, charts=chart_ids,
        records={c["id"]: c for c in records}, answer=report.get("answer"),
        summary=summary(a.matrix, [p.id for p in a.paths]), version=__version__,
        specs_json=Markup(safe_json(specs)), bundle=Markup(vega_bundle()),
        score=_score, est=_est, sources=_sources, safe_url=safe_url, cell=_cell,
        plain=plain, basename=_basename)
    return page, records


def _template() -> str:
    return resources.files("trilateral.report").joinpath("assets/report.html.j2").read_text(
        encoding="utf-8")


def _basename(path: object) -> str:
    """A file name without the directories of the machine that built it."""
    return str(path).replace("\\", "/").rsplit("/", 1)[-1] if path else ""


def _caption(spec: dict[str, Any], sources: list[dict[str, Any]], day: str) -> None:
    """Put source and date under the title, so an exported PNG or SVG cites itself."""
    pubs = "; ".join(dict.fromkeys(str(s["publisher"]).split(",")[0] for s in sources
                                   if s.get("publisher"))) or "see the chart's metadata.json"
    line = f"Source: {pubs}. Data as of {day}. Made with trilateral."
    title = spec.get("title")
    if isinstance(title, dict):
        sub = title.get("subtitle") or []
        title["subtitle"] = [*([sub] if isinstance(sub, str) else sub), line[:140]]
    else:
        spec["title"] = {"text": title or "", "subtitle": [line[:140]], "anchor": "start"}


def _check_charts(a: Assessment, specs: list[dict[str, Any]], records: list[dict[str, Any]],
                  day: str) -> dict[str, int]:
    """Chart index per ``path:check``; a check shared by paths is charted once per path."""
    ids = {}
    for p in a.paths:
        for c in p.checks:
            spec = charts.check_chart(c)
            if spec is None:
                continue
            cid = len(specs)
            srcs = bundles.sources_for([e.source for e in c.evidence], a.provenance)
            _caption(spec, srcs, day)
            ids[f"{p.id}:{c.id}"] = cid
            specs.append(spec)
            points = c.series or charts.fill_years(_ledger_counts(c))
            fields = {} if c.series else {"series": "stance", "value": "events"}
            title = spec["title"]["text"] if isinstance(spec["title"], dict) else str(spec["title"])
            records.append(bundles.chart_record(
                cid, f"{p.id}-{c.id}", title, subtitle=c.implication,
                unit=c.unit if c.series else "coded events",
                kind="observed" if c.series else "event count", points=points,
                sources=srcs, method=c.method, caveats=[c.note] if c.note else [],
                fields=fields))
    return ids


def _ledger_counts(c: CheckResult) -> Any:
    from collections import Counter

    return Counter((e.year, e.stance) for e in c.evidence if e.ref and e.year
                   and e.source.startswith("evidence ledger"))


def _section_charts(section: dict[str, Any], specs: list[dict[str, Any]],
                    records: list[dict[str, Any]], day: str) -> dict[str, Any]:
    out = dict(section)
    out["charts"] = []
    label = str(section.get("provider", "section")).split(":")[0].split(".")[-2:][0]
    for i, ch in enumerate(section.get("charts") or []):
        try:
            spec = charts.section_chart(ch)
        except (KeyError, TypeError, ValueError):
            spec = None  # a malformed plug-in chart is shown as its note only
        cid = None if spec is None else len(specs)
        out["charts"].append({**ch, "id": cid})
        if spec is not None:
            _caption(spec, [], day)
            specs.append(spec)
            records.append(bundles.chart_record(
                cid, f"{label}-{i + 1}", str(ch.get("title", "")), unit=str(ch.get("y", "")),
                kind=str(ch.get("kind", "line")), points=list(ch.get("data") or []), sources=[],
                method=str(ch.get("note") or ""),
                fields={"series": ch.get("color") or "series", "period": ch["x"],
                        "value": ch["y"], "lower": ch.get("lower") or "lower",
                        "upper": ch.get("upper") or "upper"}))
    out.setdefault("note", "")
    out.setdefault("tables", [])
    return out


def safe_json(obj: Any) -> str:
    """JSON that cannot close the script element it sits in."""
    text = json.dumps(obj, ensure_ascii=False, default=str, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script (vl-convert), cached on disk per version."""
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    from trilateral.paths import cache

    version = f"{vl_convert.__version__}-{vl_version_for_vl_convert()}"
    pinned = VL_BUNDLE_SHA256.get(version)
    hit = cache.read(VL_BUNDLE_KIND, version, ".js")
    if hit is not None and (pinned is None or hashlib.sha256(hit).hexdigest() == pinned):
        return hit.decode("utf-8")
    text = vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert())
    text = text.replace("</script", "<\\/script")
    data = text.encode("utf-8")
    if pinned is not None and hashlib.sha256(data).hexdigest() != pinned:
        from trilateral.errors import CorruptError

        raise CorruptError(f"the chart library bundle of vl-convert {version} does not match its "
                           "pinned sha256", recovery="python -m pip install --force-reinstall "
                           "vl-convert-python")
    cache.write(VL_BUNDLE_KIND, version, data, ".js")
    return text


def safe_url(url: object) -> bool:
    return isinstance(url, str) and url.startswith(("https://", "http://"))


def _score(p: Any) -> str:
    """The pooled effect in SESOI units with its 90% interval."""
    if getattr(p, "effect", None) is None:
        return "n/a"
    return f"{p.effect:+.2f} [{p.effect_lower:+.2f}, {p.effect_upper:+.2f}] SESOI"


def _est(c: CheckResult | dict[str, Any]) -> str:
    get = c.get if isinstance(c, dict) else lambda k: getattr(c, k)
    if get("estimate") is None:
        return "n/a"
    return f"{fmt(get('estimate'))} [{fmt(get('lower'))}, {fmt(get('upper'))}]"


def _sources(c: CheckResult) -> str:
    return "; ".join(dict.fromkeys(e.source for e in c.evidence)) or "none"


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return "" if not math.isfinite(v) else f"{v:.4g}"
    return "" if v is None else str(v)
