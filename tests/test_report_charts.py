"""Plug-in charts: a numeric x axis (years) does not start at zero."""

from __future__ import annotations

from trilateral.report.charts import section_chart


def _x(spec: dict) -> dict:
    layer = section_chart(spec)["layer"][-1]
    return layer["encoding"]["x"]


def test_year_axis_spans_the_data_not_zero() -> None:
    data = [{"year": 1986, "coef": -0.7}, {"year": 2002, "coef": -0.14}]
    x = _x({"title": "border terms", "kind": "point", "x": "year", "y": "coef", "data": data})
    assert x["type"] == "quantitative" and x["scale"]["zero"] is False


def test_text_axis_stays_ordinal() -> None:
    data = [{"year": "2025", "value": 1.0}, {"year": "2026", "value": 2.0}]
    x = _x({"title": "fan", "kind": "line", "x": "year", "y": "value", "data": data})
    assert x["type"] == "ordinal" and "scale" not in x
