"""Every chart as a citable download: ``data.csv``, ``metadata.json`` and a ``README.md``.

A chart record (kept in ``report.json`` under ``charts``) carries the plotted points and what is
needed to cite them; :func:`write_bundles` writes ``<out>/charts/<slug>/`` for each. A chart
built on a source whose licence forbids redistribution ships no data, only a note saying so.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from trilateral.provenance import atomic_write_bytes

COLUMNS = ("series", "label", "country", "partner", "period", "value", "unit", "lower", "upper",
           "interval", "kind", "publisher", "release", "available", "licence")
RESTRICTED = ("by-nc", "non-commercial", "noncommercial", "manifesto")


def restricted(licence: str | None) -> bool:
    """True for terms that forbid redistribution (CC BY-NC, the Manifesto Project's terms)."""
    text = (licence or "").lower()
    return any(word in text for word in RESTRICTED)


def sources_for(texts: list[str], provenance: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The provenance entries whose table name appears in any of ``texts`` (evidence sources)."""
    out = []
    for t in provenance:
        name = str(t.get("table") or "")
        if name and any(name in s for s in texts):
            out.append({"table": name, "publisher": t.get("publisher"),
                        "release": t.get("vintage"), "licence": t.get("licence"),
                        "url": t.get("url") if str(t.get("url", "")).startswith("https://")
                        else None})
    return out


def chart_record(cid: int, slug: str, title: str, *, subtitle: str = "", unit: str = "",
                 kind: str, points: list[dict[str, Any]], sources: list[dict[str, Any]],
                 method: str = "", caveats: list[str] | None = None,
                 fields: dict[str, str] | None = None) -> dict[str, Any]:
    """One chart's bundle content. ``fields`` maps COLUMNS to keys of the points."""
    fields = {"series": "series", "period": "year", "value": "value", "lower": "lower",
              "upper": "upper", "country": "reporter", "partner": "partner",
              "available": "available", **(fields or {})}
    pub = "; ".join(dict.fromkeys(str(s["publisher"]) for s in sources if s.get("publisher")))
    rel = "; ".join(dict.fromkeys(str(s["release"]) for s in sources if s.get("release")))
    lic = "; ".join(dict.fromkeys(str(s["licence"]) for s in sources if s.get("licence")))
    blocked = any(restricted(s.get("licence")) for s in sources)
    rows = [] if blocked else [_row(p, fields, title, unit, kind, pub, rel, lic) for p in points]
    return {"id": cid, "slug": slug, "title": title, "subtitle": subtitle, "unit": unit,
            "kind": kind, "rows": rows, "sources": sources, "method": method,
            "caveats": caveats or [], "restricted": blocked}


def _row(p: dict[str, Any], fields: dict[str, str], title: str, unit: str, kind: str, pub: str,
         rel: str, lic: str) -> dict[str, Any]:
    get = {col: p.get(key) for col, key in fields.items()}
    has_interval = get.get("lower") is not None and get.get("upper") is not None
    return {"series": get.get("series") or title, "label": title, "country": get.get("country"),
            "partner": get.get("partner"), "period": get.get("period"), "value": get.get("value"),
            "unit": unit, "lower": get.get("lower"), "upper": get.get("upper"),
            "interval": "as stated by the check (see metadata.json)" if has_interval else "",
            "kind": kind, "publisher": pub, "release": rel, "available": get.get("available"),
            "licence": lic}


def citation(meta: dict[str, Any], title: str) -> dict[str, str]:
    """How to cite a chart, short and full."""
    version, as_of = meta.get("version", ""), meta.get("as_of") or meta.get("generated", "")[:10]
    short = f"trilateral {version}, \"{title}\", data as of {as_of}."
    pubs = "; ".join(dict.fromkeys(str(s.get("publisher")) for s in meta.get("sources", [])
                                   if s.get("publisher")))
    full = (f"trilateral contributors ({as_of[:4]}). {title}. trilateral {version}"
            f"{' (commit ' + meta['commit'][:12] + ')' if meta.get('commit') else ''}, "
            f"data as of {as_of}. Sources: {pubs or 'see metadata.json'}.")
    return {"short": short, "full": full}


def write_bundles(out: Path, charts: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    """Write ``out/charts/<slug>/{data.csv,metadata.json,README.md}`` for every chart."""
    for ch in charts:
        folder = out / "charts" / ch["slug"]
        folder.mkdir(parents=True, exist_ok=True)
        info = {**meta, "title": ch["title"], "subtitle": ch["subtitle"], "unit": ch["unit"],
                "method": ch["method"], "caveats": ch["caveats"], "sources": ch["sources"],
                "restricted": ch["restricted"]}
        info["citation"] = citation(info, ch["title"])
        atomic_write_bytes(folder / "data.csv", _csv(ch).encode("utf-8"))
        atomic_write_bytes(folder / "metadata.json",
                           json.dumps(info, indent=2, ensure_ascii=False, default=str).encode())
        atomic_write_bytes(folder / "README.md", _readme(ch, info).encode("utf-8"))


def _csv(ch: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(ch["rows"])
    return buf.getvalue()


def _readme(ch: dict[str, Any], info: dict[str, Any]) -> str:
    lines = [f"# {ch['title']}", ""]
    if ch["subtitle"]:
        lines += [ch["subtitle"], ""]
    if ch["restricted"]:
        lines += ["The data behind this chart come from a source whose licence forbids "
                  "redistribution, so `data.csv` holds only its header. Load your own copy "
                  "with `trilateral data load`.", ""]
    lines += [f"Unit: {ch['unit'] or 'see data.csv'}. Data as of {info.get('as_of')}.", "",
              "## How to cite", "", f"Short: {info['citation']['short']}", "",
              f"Full: {info['citation']['full']}", "", "## Sources", ""]
    lines += [f"- {s.get('publisher') or s.get('table')} ({s.get('table')}): release "
              f"{s.get('release') or 'n/a'}; licence: {s.get('licence') or 'not stated'}"
              + (f"; {s['url']}" if s.get("url") else "") for s in ch["sources"]] or ["- none"]
    if ch["method"]:
        lines += ["", "## Method", "", ch["method"]]
    if ch["caveats"]:
        lines += ["", "## Caveats", "", *[f"- {c}" for c in ch["caveats"]]]
    return "\n".join(lines) + "\n"
