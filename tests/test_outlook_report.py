"""The outlook's report section: plug-in shape, fan charts with bands, After Cancún."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from evidence_helpers import event, write_jsonl
from trilateral.outlook import report


@pytest.fixture(scope="module")
def section(tmp_path_factory: pytest.TempPathFactory) -> dict:
    rows = [event(i, date=f"{1996 + i % 10}-0{1 + i % 9}-15", id=f"r-{i}",
                  path=("reversal", "values")[i % 2], direction="-" if i % 2 else "+")
            for i in range(20)]  # made-up test events
    path = write_jsonl(tmp_path_factory.mktemp("ledger") / "ledger.jsonl", rows)
    mp = pytest.MonkeyPatch()
    mp.setenv("TRILATERAL_LEDGER", str(path))
    try:
        yield report.build(start=2023, use_paths=False, calibrated=False)
    finally:
        mp.undo()


def test_section_has_the_plug_in_shape(section: dict) -> None:
    assert section["title"] and section["note"]
    for t in section["tables"]:
        assert {"title", "columns", "rows", "note"} <= set(t)
        assert all(len(r) == len(t["columns"]) for r in t["rows"]), t["title"]
    for c in section["charts"]:
        assert {"title", "kind", "x", "y", "lower", "upper", "color", "data", "note"} <= set(c)
        assert c["kind"] in ("line", "bar", "point")


def test_fan_charts_carry_ordered_80_and_95_bands(section: dict) -> None:
    fans = [c for c in section["charts"] if c["color"] == "band"]
    assert fans
    for c in fans:
        bands = {d["band"] for d in c["data"]}
        assert {"forecast, 80% interval", "forecast, 95% interval"} <= bands
        for d in c["data"]:
            if d["lower"] is not None:
                assert d["lower"] <= d["value"] <= d["upper"]


def test_after_cancun_shows_then_projected_and_happened(section: dict) -> None:
    titles = [t["title"] for t in section["tables"]]
    cancun = next(t for t in section["tables"] if t["title"].startswith("After Cancún: what"))
    assert "known then" in cancun["columns"] and "realised" in cancun["columns"]
    us = next(r for r in cancun["rows"] if r[0].startswith("US share of its goods trade with "
                                                          "Canada and Mexico"))
    assert us[1].endswith("(2005)") and us[4]  # known to 2005, realised 2016 value present
    assert "80% intervals" in cancun["note"] and "persistence" in cancun["note"]
    assert any(t.startswith("Backtest") for t in titles)
    chart = next(c for c in section["charts"] if c["title"].startswith("After Cancún"))
    assert {"known then", "what happened"} <= {d["band"] for d in chart["data"]}
    assert max(d["year"] for d in chart["data"] if d["band"] == "known then") == "2005"


def test_section_takes_an_as_of_date_and_charts_render(section: dict) -> None:
    assert "as_of" in inspect.signature(report.section).parameters
    charts = pytest.importorskip("trilateral.report.charts")
    for c in section["charts"]:
        spec = charts.section_chart(c)
        assert spec.get("layer") or spec.get("mark"), c["title"]


def test_path_index_table_sums_to_one_and_is_not_called_a_probability(section: dict) -> None:
    t = next(t for t in section["tables"] if t["title"].startswith("Normalised evidence index"))
    assert len(t["rows"]) == 6 and sum(r[1] for r in t["rows"]) == pytest.approx(1.0, abs=5e-3)
    assert "not a probability" in t["note"]
    for x in [t, *section["charts"]]:
        if "index" in x["title"].lower():
            text = " ".join([x["title"], *map(str, x.get("columns", [])), x.get("y", "")])
            assert "probabilit" not in text.lower()


def test_report_module_is_a_listed_provider() -> None:
    providers = pytest.importorskip("trilateral.report.providers")
    assert "trilateral.outlook.report:section" in providers.PROVIDERS
    assert Path(report.__file__).name == "report.py"
