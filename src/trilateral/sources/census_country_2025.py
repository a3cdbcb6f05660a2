"""US Census Bureau goods trade, 2025 and January-July 2026: the partners the paths need, monthly.

Rows copied verbatim from a public republication of the Census country and national files (see
the raw folder's PROVENANCE.md). Two tables:

* ``census_country_2025``: annual values in the long schema of ``census_country`` for Canada,
  Mexico, China and the European Union (2025 complete, 2026 January-July, ``complete=false``);
* ``census_country_2025_monthly``: the same partners month by month for 2025-2026, and the US
  world totals (Census basis, not seasonally adjusted) month by month for 2024-2026.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.errors import ValidationError
from trilateral.sources import census_country_2024 as c24
from trilateral.sources._monthly import monthly_frame
from trilateral.sources.base import SourceSpec

BY_COUNTRY = "trade_by_country_2025_2026_excerpt.jsonl"
NATIONAL = "trade_national_monthly_2024_2026_excerpt.jsonl"
VINTAGE = "2026-10-01"

SPEC = SourceSpec(
    id="census-country-2025",
    publisher="U.S. Census Bureau, Foreign Trade Division",
    title="U.S. trade in goods by country, 2025 and January-July 2026 (excerpt), monthly, and "
          "national goods totals by month 2024-2026",
    url="https://www.census.gov/foreign-trade/balance/country.xlsx",
    licence="Public domain (work of the U.S. federal government)",
    raw_dir="trade/census-country-2025-excerpt",
    raw_files=(BY_COUNTRY, NATIONAL),
    accessed="2026-12-04",
    vintage=VINTAGE,
    tables=("census_country_2025", "census_country_2025_monthly"),
    unit="USD millions, not seasonally adjusted, Census basis; exports f.a.s., general imports "
         "customs value",
    family="trade",
    description="Rows copied verbatim (as JSON lines) from the GitHub repository "
                "corbett-hobbs/congress-ideology, commit 31caa71f316e15a560aa25459ad00849328f1e02 "
                "(pipeline/output/trade_by_country/2025.json, 2026.json and "
                "trade_national.json), which parsed the Census country.xlsx and national files "
                "fetched on 2026-10-01 (data through July 2026). Excerpt: Canada, Mexico, China "
                "and the European Union for 2025 and 2026, and the national monthly goods "
                "totals (Census basis, NSA) for January 2024 to July 2026 with the 2025 and "
                "2026 annual rows.",
    caveats=(
        "Same vintage as census_country_2024 (Census data fetched 2026-10-01), later than "
        "census_country (country.xlsx of 2024-11-01): do not mix the two vintages within one "
        "series without saying so; trade_flows_monthly switches vintage in January 2024.",
        "2026 covers January-July only: months=7 and complete=false. Partial years are never "
        "compared with complete years.",
        "Partner EUU is the Census aggregate 0003 (European Union). Partner WLD is the national "
        "total on the Census basis, not seasonally adjusted.",
    ),
)

KEYS_NATIONAL = ("period", "frequency", "basis", "adjustment", "exports", "imports")


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    records = c24.read_jsonl(base / BY_COUNTRY, c24.KEYS_BY_COUNTRY)
    national = c24.read_jsonl(base / NATIONAL, KEYS_NATIONAL)
    annual = pd.concat([_annual_partners(base / BY_COUNTRY), _annual_world(national, base)],
                       ignore_index=True)
    monthly = _partner_months(records, base / BY_COUNTRY) + _world_months(national, base)
    return {"census_country_2025": _harmonise(annual),
            "census_country_2025_monthly": monthly_frame(monthly, VINTAGE, SPEC.id,
                                                         SPEC.raw_dir)}


def _annual_partners(path: Path) -> pd.DataFrame:
    """Year totals per partner (checked against the months by census_country_2024's reader)."""
    return c24.partner_rows(path)


def _annual_world(national: list[dict], base: Path) -> pd.DataFrame:
    rows = []
    for rec in national:
        if rec["frequency"] != "annual" or rec["basis"] != "census":
            continue
        year = int(rec["period"])
        months = sum(1 for r in national if r["frequency"] == "monthly"
                     and r["period"].startswith(f"{year}-"))
        for flow in ("exports", "imports"):
            rows.append({"code": "national", "partner": "WLD", "flow": flow, "year": year,
                         "value_usd_m": c24._amount(rec, flow, base / NATIONAL),
                         "months": months, "_row": rec["_row"]})
    return pd.DataFrame(rows)


def _partner_months(records: list[dict], path: Path) -> list[dict]:
    codes = c24.to_iso3([r["country_code"] for r in records], src="ISO3", file=path,
                        field="country_code", rows=[r["_row"] for r in records],
                        allow=c24.AGGREGATES)
    rows = []
    for rec, partner in zip(records, codes, strict=True):
        for flow in ("exports", "imports"):
            for m, value in enumerate(rec[flow], start=1):
                if value is None:
                    continue
                _check_value(value, path, rec["_row"], flow)
                rows.append({"partner": partner, "flow": flow, "year": int(rec["year"]),
                             "month": m, "value_usd_m": float(value)})
    return rows


def _world_months(national: list[dict], base: Path) -> list[dict]:
    rows = []
    for rec in national:
        if rec["frequency"] != "monthly" or rec["basis"] != "census" or rec["adjustment"] != "nsa":
            continue
        year, month = (int(x) for x in rec["period"].split("-"))
        for flow in ("exports", "imports"):
            rows.append({"partner": "WLD", "flow": flow, "year": year, "month": month,
                         "value_usd_m": c24._amount(rec, flow, base / NATIONAL)})
    return rows


def _check_value(value: object, path: Path, row: int, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValidationError(f"not a non-negative number: {value!r}", file=path, row=row,
                              field=field)


def _harmonise(df: pd.DataFrame) -> pd.DataFrame:
    out = c24.harmonise(df)
    return out.assign(source=SPEC.id, vintage=VINTAGE)
