"""NAFTA estimates per panel, their cache, the evidence items, the report section and the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from trilateral.cli import cli
from trilateral.gravity import cache, evidence, nafta, report
from trilateral.gravity.replication import Replication

# border-by-year terms of the guide's globalisation column (R translation output, see
# test_gravity_replication.py); splitting NAFTA from the other RTAs moves them by < 0.01
GUIDE_BORDERS = {1986: -0.7056, 1990: -0.4803, 1994: -0.3665, 1998: -0.1581, 2002: -0.1409}


@pytest.fixture(scope="module")
def agtpa() -> nafta.NaftaEstimate:
    return nafta.estimate("agtpa")


@pytest.fixture(scope="module")
def wiod() -> nafta.NaftaEstimate:
    return nafta.estimate("wiod")


def test_agtpa_nafta_terms_phase_in_and_total(agtpa) -> None:
    out = cache.jsonable(agtpa.to_dict())
    assert list(out["terms"]) == ["nafta", "nafta_lag4", "nafta_lag8", "nafta_lag12"]
    for v in out["terms"].values():
        assert math.isfinite(v["coef"]) and v["se"] > 0
    assert out["years"] == [1986, 1990, 1994, 1998, 2002, 2006]
    total = agtpa.total()
    assert total.coef == pytest.approx(sum(v["coef"] for v in out["terms"].values()))
    assert agtpa.cumulative()[-1]["coef"] == pytest.approx(total.coef)
    assert [r["step"] for r in agtpa.cumulative()] == [0, 4, 8, 12]
    for b in agtpa.borders():
        assert b["coef"] == pytest.approx(GUIDE_BORDERS[b["year"]], abs=0.01)


def test_agtpa_marks_the_six_north_american_flows(agtpa) -> None:
    f = agtpa.panel.frame
    pairs = f.loc[f["na_pair"], ["exporter", "importer"]].drop_duplicates()
    assert len(pairs) == 6
    assert not f.loc[~f["intl"], "na_pair"].any()
    # other agreements are kept apart: no North American flow carries rta_other
    assert f.loc[f["na_pair"], "rta_other"].sum() == 0


def test_wiod_measures_change_since_first_year(wiod) -> None:
    out = wiod.to_dict()
    assert list(out["terms"]) == ["nafta_x_2005", "nafta_x_2010", "nafta_x_2014"]
    assert out["total"] is None and out["kind"] == "change-since"
    assert list(out["border_terms"]) == ["intl_border_2000", "intl_border_2005",
                                         "intl_border_2010"]
    assert any("absorbed by the pair effects" in n for n in out["notes"])


@pytest.mark.slow
def test_penppml_nafta_relative_to_other_international_trade() -> None:
    est = nafta.estimate("penppml")
    out = est.to_dict()
    assert out["years"][0] == 1964 and out["years"][-1] == 2016
    assert list(out["terms"]) == ["nafta", "nafta_lag4", "nafta_lag8", "nafta_lag12"]
    assert out["border_terms"] == {} and out["total"]["se"] > 0


def test_cache_is_keyed_by_panel_sha_and_code(fresh_home: Path, monkeypatch, wiod) -> None:
    calls = []

    def fake_estimate(name):
        calls.append(name)
        return wiod

    monkeypatch.setattr(nafta, "estimate", fake_estimate)
    first = cache.nafta_dict("wiod")
    again = cache.nafta_dict("wiod")
    assert calls == ["wiod"] and again == first
    files = list((fresh_home / "cache" / "gravity").glob("nafta-wiod-*.json"))
    assert len(files) == 1 and first["sha256"][:16] in files[0].name
    assert cache.code_version()[:12] in files[0].name
    cache.nafta_dict("wiod", refresh=True)
    assert calls == ["wiod", "wiod"]
    monkeypatch.setattr(cache.panels, "table_sha256", lambda table: "f" * 64)
    cache.nafta_dict("wiod")
    assert len(calls) == 3  # a new vintage of the panel is estimated again


def test_evidence_items_carry_source_interval_and_stance(agtpa, wiod, monkeypatch) -> None:
    dicts = {"agtpa": cache.jsonable(agtpa.to_dict()), "wiod": cache.jsonable(wiod.to_dict())}
    monkeypatch.setattr(evidence, "nafta_dict", lambda name, refresh=False: dicts[name])
    items = evidence.nafta_evidence(["agtpa", "wiod"])
    assert [i["panel"] for i in items] == ["agtpa"]  # wiod has no agreement effect
    item = items[0]
    for key in ("source", "year_range", "value", "interval", "description", "stance"):
        assert item[key] is not None
    lo, hi = item["interval"]
    assert lo < item["value"] < hi and item["year_range"] == [1986, 2006]
    assert item["stance"] == ("inconsistent" if lo > 0 else "consistent")
    assert "agtpa_rta_panel" in item["source"]
    with_trend = evidence.nafta_evidence(["agtpa", "wiod"], include_trend=True)
    assert with_trend[-1]["term"] == "nafta_x_2014"


def test_stance_and_verdict_follow_the_interval() -> None:
    assert evidence.stance(0.1, 0.5) == "inconsistent"
    assert evidence.stance(-0.1, 0.5) == "consistent"
    assert evidence.stance(-0.5, -0.1) == "consistent"
    assert "against" in evidence._verdict(["inconsistent", "inconsistent"])
    assert "consistent with" in evidence._verdict(["consistent"])
    assert "disagree" in evidence._verdict(["consistent", "inconsistent"])


def test_report_section_shape(agtpa, wiod, monkeypatch) -> None:
    dicts = {"agtpa": cache.jsonable(agtpa.to_dict()), "wiod": cache.jsonable(wiod.to_dict())}
    monkeypatch.setattr(report, "nafta_dict", lambda name: dicts[name])
    sec = report.section(["agtpa", "wiod"])
    assert sec["title"] and len(sec["tables"]) == 1 and len(sec["charts"]) == 2
    table = sec["tables"][0]
    assert all(len(r) == len(table["columns"]) for r in table["rows"])
    assert {r[2] for r in table["rows"]} >= {"nafta", "nafta_total (sum)", "nafta_x_2014"}
    for chart in sec["charts"]:
        assert chart["kind"] in ("line", "bar", "point") and chart["note"]
        for rec in chart["data"]:
            assert {chart["x"], chart["y"], chart["lower"], chart["upper"], chart["color"]} <= set(rec)
    assert json.loads(json.dumps(sec)) == sec  # plain JSON


def test_cli_nafta_json(fresh_home: Path) -> None:
    result = CliRunner().invoke(cli, ["gravity", "nafta", "--panel", "wiod", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)["data"]
    terms = out["panels"]["wiod"]["terms"]
    assert terms and all("nafta" in t and {"coef", "se"} <= set(v) for t, v in terms.items())
    assert "wiod_trade" in out["closing_note"]


def test_cli_replicate_json_is_a_thin_layer(monkeypatch, wiod) -> None:
    import trilateral.gravity as gravity

    fake = Replication("agtpa-rta", {"pair_fe": wiod.result}, "src")
    monkeypatch.setattr(gravity, "replicate", lambda app, small_sample: fake)
    result = CliRunner().invoke(cli, ["gravity", "replicate", "agtpa-rta", "--json"])
    assert result.exit_code == 0, result.output
    assert "pair_fe" in json.loads(result.output)["data"]["specifications"]
    bad = CliRunner().invoke(cli, ["gravity", "replicate", "nope"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("args", [["gravity"], ["gravity", "replicate"], ["gravity", "nafta"]])
def test_every_gravity_command_has_help_with_examples(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0 and "Example" in result.output
