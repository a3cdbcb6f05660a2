"""Vega-Lite chart specs (built with Altair) for checks and for plug-in report sections.

Specs carry their data inline, so the report needs no file or network access to draw them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from trilateral.paths.model import CheckResult

WIDTH, HEIGHT = "container", 220  # charts take their container's width (phones included)
KINDS = ("line", "bar", "point")
# One colour meaning throughout: green supports the path tested, red counts against it, grey is
# neither; series get a palette without red or green so that no line reads as a verdict.
STANCE_COLORS = {"consistent": "#2e7d32", "neutral": "#757575", "inconsistent": "#c62828"}
SERIES_PALETTE = ["#1f5fa8", "#e08a00", "#6a3d9a", "#8c564b", "#008b8b", "#555555"]


def _alt():
    import altair as alt

    return alt


def check_chart(c: CheckResult) -> dict[str, Any] | None:
    """A chart for one check: its series (trend checks) or its ledger events per year."""
    if c.series:
        unit = _series_unit(c)
        years = [pt["year"] for pt in c.series if pt.get("year") is not None]
        span = f", {min(years)}-{max(years)}" if years else ""
        return series_chart(c.series, title=f"{unit[:1].upper()}{unit[1:]}{span}",
                            y_title=unit, subtitle=f"Tested: {c.implication}")
    years = Counter((e.year, e.stance) for e in c.evidence if e.ref and e.year
                    and e.source.startswith("evidence ledger"))
    if not years:
        return None
    return events_chart(fill_years(years), title="Coded events per year",
                        subtitle=f"Tested: {c.implication}")


def fill_years(counts: Counter) -> list[dict[str, Any]]:
    """Event counts per year and stance, with zero for years without events (none dropped)."""
    first, last = min(y for y, _ in counts), max(y for y, _ in counts)
    stances = sorted({s for _, s in counts}) or ["neutral"]
    return [{"year": y, "stance": s, "events": counts.get((y, s), 0)}
            for y in range(first, last + 1) for s in stances]


def _series_unit(c: CheckResult) -> str:
    units = {e.unit for e in c.evidence if e.unit}
    return units.pop() if len(units) == 1 else "value"


def series_chart(points: list[dict[str, Any]], *, title: str, y_title: str,
                 subtitle: str = "") -> dict[str, Any]:
    """Lines per series, with a series selector and a first-year slider (both work offline)."""
    alt = _alt()
    names = sorted({str(p.get("series")) for p in points})
    years = [p["year"] for p in points if isinstance(p.get("year"), int | float)]
    show = alt.param(name="series_shown", value="all", bind=alt.binding_select(
        options=["all", *names], name="series "))
    start = alt.param(name="from_year", value=int(min(years)) if years else 0,
                      bind=alt.binding_range(min=int(min(years)) if years else 0,
                                             max=int(max(years)) if years else 1, step=1,
                                             name="from "))
    base = alt.Chart(alt.Data(values=points)).encode(
        x=alt.X("year:Q", axis=alt.Axis(format="d", tickMinStep=1), title="year",
              scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=_short(y_title), scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", scale=alt.Scale(range=SERIES_PALETTE),
                        legend=alt.Legend(orient="bottom", columns=1, title=None,
                                          labelLimit=320)),
        tooltip=["series:N", alt.Tooltip("year:Q", format="d"),
                 alt.Tooltip("value:Q", format=".3f")]
    ).transform_filter(
        "(series_shown == 'all' || datum.series == series_shown) && datum.year >= from_year")
    chart = (base.mark_line() + base.mark_point(filled=True)).add_params(show, start).properties(
        width=WIDTH, height=HEIGHT, title=_title(title, subtitle))
    return chart.to_dict()


def _title(text: str, subtitle: str = "") -> Any:
    alt = _alt()
    return alt.TitleParams(_short(text, 90), subtitle=_short(subtitle, 110) if subtitle else [],
                           anchor="start")


def events_chart(data: list[dict[str, Any]], *, title: str, subtitle: str = "") -> dict[str, Any]:
    alt = _alt()
    scale = alt.Scale(domain=list(STANCE_COLORS), range=list(STANCE_COLORS.values()))
    chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=alt.X("year:O", title="year"), y=alt.Y("events:Q", title="coded events"),
        color=alt.Color("stance:N", scale=scale, legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["year:O", "stance:N", "events:Q"]).properties(
        width=WIDTH, height=HEIGHT, title=_title(title, subtitle))
    return chart.to_dict()


def section_chart(spec: dict[str, Any]) -> dict[str, Any]:
    """A plug-in chart dict {title, kind, x, y, lower, upper, color, data, note} as Vega-Lite."""
    alt = _alt()
    kind = spec.get("kind", "line")
    if kind not in KINDS:
        kind = "line"
    x, y = spec["x"], spec["y"]
    numeric = _numeric(spec["data"], x)
    x_axis = {"axis": alt.Axis(format="d"), "scale": alt.Scale(zero=False)} if numeric else {}
    enc: dict[str, Any] = {"x": alt.X(f"{x}:Q" if numeric else f"{x}:O", title=x, **x_axis),
                           "y": alt.Y(f"{y}:Q", title=y, scale=alt.Scale(zero=kind == "bar"))}
    if spec.get("color"):
        enc["color"] = alt.Color(f"{spec['color']}:N", scale=alt.Scale(range=SERIES_PALETTE),
                                 legend=alt.Legend(orient="bottom", labelLimit=320))
    enc["tooltip"] = [f"{k}:{'Q' if _numeric(spec['data'], k) else 'N'}"
                      for k in dict.fromkeys(filter(None, (x, y, spec.get("lower"),
                                                           spec.get("upper"), spec.get("color"))))]
    base = alt.Chart(alt.Data(values=spec["data"])).encode(**enc)
    mark = {"line": base.mark_line(point=True), "bar": base.mark_bar(),
            "point": base.mark_point(filled=True)}[kind]
    layers = [mark]
    if spec.get("lower") and spec.get("upper"):
        layers.insert(0, base.mark_rule(opacity=0.5).encode(y=f"{spec['lower']}:Q",
                                                            y2=f"{spec['upper']}:Q"))
    chart = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT,
                                          title=_title(str(spec.get("title", ""))))
    return chart.to_dict()


def _numeric(data: list[dict[str, Any]], field: str) -> bool:
    vals = [d.get(field) for d in data if d.get(field) is not None]
    return bool(vals) and all(isinstance(v, int | float) for v in vals)


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
