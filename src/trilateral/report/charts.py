"""Vega-Lite chart specs (built with Altair) for checks and for plug-in report sections.

Specs carry their data inline, so the report needs no file or network access to draw them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from trilateral.paths.model import CheckResult

WIDTH, HEIGHT = 520, 220
KINDS = ("line", "bar", "point")


def _alt():
    import altair as alt

    return alt


def check_chart(c: CheckResult) -> dict[str, Any] | None:
    """A chart for one check: its series (trend checks) or its ledger events per year."""
    if c.series:
        return series_chart(c.series, title=c.implication, y_title=_series_unit(c))
    years = Counter((e.year, e.stance) for e in c.evidence if e.ref and e.year
                    and e.source.startswith("evidence ledger"))
    if not years:
        return None
    data = [{"year": y, "stance": s, "events": n} for (y, s), n in sorted(years.items())]
    return events_chart(data, title=c.implication)


def _series_unit(c: CheckResult) -> str:
    units = {e.unit for e in c.evidence if e.unit}
    return units.pop() if len(units) == 1 else "value"


def series_chart(points: list[dict[str, Any]], *, title: str, y_title: str) -> dict[str, Any]:
    alt = _alt()
    base = alt.Chart(alt.Data(values=points)).encode(
        x=alt.X("year:Q", axis=alt.Axis(format="d", tickMinStep=1), title="year",
              scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=_short(y_title), scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", legend=alt.Legend(orient="bottom", columns=1, title=None)),
        tooltip=["series:N", "year:Q", alt.Tooltip("value:Q", format=".3f")])
    chart = (base.mark_line() + base.mark_point(filled=True)).properties(
        width=WIDTH, height=HEIGHT, title=_short(title, 90))
    return chart.to_dict()


def events_chart(data: list[dict[str, Any]], *, title: str) -> dict[str, Any]:
    alt = _alt()
    scale = alt.Scale(domain=["consistent", "neutral", "inconsistent"],
                      range=["#2e7d32", "#9e9e9e", "#c62828"])
    chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=alt.X("year:O", title="year"), y=alt.Y("events:Q", title="coded events"),
        color=alt.Color("stance:N", scale=scale, legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["year:O", "stance:N", "events:Q"]).properties(
        width=WIDTH, height=HEIGHT, title=_short(title, 90))
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
        enc["color"] = alt.Color(f"{spec['color']}:N", legend=alt.Legend(orient="bottom"))
    base = alt.Chart(alt.Data(values=spec["data"])).encode(**enc)
    mark = {"line": base.mark_line(point=True), "bar": base.mark_bar(),
            "point": base.mark_point(filled=True)}[kind]
    layers = [mark]
    if spec.get("lower") and spec.get("upper"):
        layers.insert(0, base.mark_rule(opacity=0.5).encode(y=f"{spec['lower']}:Q",
                                                            y2=f"{spec['upper']}:Q"))
    chart = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT,
                                          title=_short(str(spec.get("title", "")), 90))
    return chart.to_dict()


def _numeric(data: list[dict[str, Any]], field: str) -> bool:
    vals = [d.get(field) for d in data if d.get(field) is not None]
    return bool(vals) and all(isinstance(v, int | float) for v in vals)


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
