"""Census country.xlsx: the partial-2024 trap, official figures, and malformed workbooks."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from trilateral import data
from trilateral.cli import cli
from trilateral.errors import SchemaError, ValidationError
from trilateral.sources import census_country
from trilateral.sources.census_country import HEADER


def _value(partner: str, flow: str, year: int) -> float:
    df = data.table("census_country")
    row = df[(df.partner == partner) & (df.flow == flow) & (df.year == year)]
    assert len(row) == 1
    return float(row.value_usd_m.iloc[0])


def test_spot_checks_from_provenance() -> None:
    # Figures from shared/data/raw/trade/census-country-goods/PROVENANCE.md ("Spot checks").
    assert _value("CAN", "exports", 2019) == pytest.approx(292820, abs=1)
    assert _value("MEX", "imports", 2023) == pytest.approx(475216, abs=1)
    assert _value("WLD", "exports", 2023) == pytest.approx(2018059, abs=1)
    assert _value("CHN", "imports", 2019) == pytest.approx(449111, abs=1)


def test_2024_is_flagged_partial() -> None:
    df = data.table("census_country")
    y24 = df[df.year == 2024]
    assert len(y24) > 0 and (y24.months <= 6).all() and not y24.complete.any()
    assert df[(df.year == 2023) & (df.partner == "CAN")].complete.all()


def _workbook(path: Path, rows: list[list[object]], header=HEADER) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "country"
    ws.append(list(header))
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _row(year="2023", code="1220", name="Canada", value=1.0) -> list[object]:
    total = value * 12  # annual totals are the sum of the months
    return [year, code, name, *([value] * 12), total, *([value] * 12), total]


def test_good_small_workbook_parses(tmp_path: Path) -> None:
    wb = _workbook(tmp_path / "ok.xlsx", [_row(), _row(code="2010", name="Mexico")])
    out = census_country.parse_file(wb, "t")["census_country"]
    assert set(out.partner) == {"CAN", "MEX"} and set(out.flow) == {"exports", "imports"}


@pytest.mark.parametrize(
    ("rows", "header", "error", "row", "field"),
    [
        ([_row()], ["year", "CODE", *HEADER[2:]], SchemaError, 1, "CODE"),
        ([_row(name="Atlantis", code="9999")], HEADER, ValidationError, 2, "CTYNAME"),
        ([_row(), _row(code="2010", name="Mexico", value=-5.0)], HEADER, ValidationError, 3, "IJAN"),
        ([_row(), _row()], HEADER, ValidationError, 3, "year"),
        ([_row(year="20x3")], HEADER, ValidationError, 2, "year"),
    ],
    ids=["wrong-header", "unknown-country", "negative-trade", "duplicate-rows", "bad-year"],
)
def test_malformed_workbooks_name_file_row_field(tmp_path, rows, header, error, row, field):
    wb = _workbook(tmp_path / "bad.xlsx", rows, header)
    with pytest.raises(error) as exc:
        census_country.parse_file(wb, "t")
    assert exc.value.location.row == row and exc.value.location.field == field
    assert "bad.xlsx" in str(exc.value)


def _list_json(runner: CliRunner) -> str:
    result = runner.invoke(cli, ["data", "list", "--json"])
    assert result.exit_code == 0, result.output
    return json.dumps(json.loads(result.output)["data"], sort_keys=True)  # not its timestamp


@pytest.mark.parametrize("kind", ["csv-renamed", "truncated"])
def test_load_refuses_bad_file_and_leaves_warehouse_unchanged(kind, tmp_path, fresh_home):
    runner = CliRunner()
    before = _list_json(runner)
    bad = tmp_path / "country.xlsx"
    if kind == "csv-renamed":
        bad.write_text("year,CTY_CODE,CTYNAME\n2024,1220,Canada\n")
    else:
        good = _workbook(tmp_path / "good.xlsx", [_row(), _row(code="2010", name="Mexico")])
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    result = runner.invoke(cli, ["data", "load", "census-country", str(bad)],
                           standalone_mode=False)
    assert isinstance(result.exception, SchemaError)
    assert str(bad) in str(result.exception)
    assert _list_json(runner) == before


def test_load_adds_a_vintage_and_keeps_the_old_one(tmp_path, fresh_home):
    wb = _workbook(tmp_path / "country.xlsx", [_row(value=7.0), _row(code="2010", name="Mexico")])
    result = data.load("census-country", str(wb), accept_revision="small test extract")
    assert any(t["table"] == "census_country" for t in result.tables)
    assert set(data.table("census_country").partner) == {"CAN", "MEX"}
    old = data.table("census_country", vintage=1)
    assert len(old) > 10000
    prov = data.provenance("census-country")
    assert [p["current"] for p in prov if p["name"] == "census_country"] == [False, True]
    assert json.dumps(prov, default=str).count(str(wb)) >= 1


def test_loading_the_same_file_again_adds_no_vintage(tmp_path, fresh_home):
    wb = _workbook(tmp_path / "country.xlsx", [_row(value=7.0), _row(code="2010", name="Mexico")])
    first = data.load("census-country", str(wb), accept_revision="small test extract")
    again = CliRunner().invoke(cli, ["data", "load", "census-country", str(wb), "--json",
                                    "--accept-revision", "small test extract"])
    assert again.exit_code == 0, again.output
    reply = json.loads(again.output)["data"]
    assert reply["unchanged"] is True and reply["tables"] == []
    assert reply["vintage"] == first.vintage
    versions = [p["version"] for p in data.provenance("census_country")]
    assert versions == [1, 2]
