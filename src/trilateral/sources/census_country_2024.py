"""US Census Bureau goods trade: full-year 2024 for the main partners, US totals 2024-2026.

A newer vintage than the bundled ``country.xlsx`` (``census_country``, which stops in June
2024): it carries the annual revision, so its January-June 2024 figures differ slightly from the
older file's. The table ``census_country_2024`` has the same long schema as ``census_country``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from trilateral.errors import SchemaError, ValidationError
from trilateral.sources.base import SourceSpec, require_unique, to_iso3

BY_COUNTRY = "trade_by_country_2024_excerpt.jsonl"
NATIONAL = "trade_national_annual_excerpt.jsonl"
AGGREGATES = {"AGG_0003": "EUU"}  # Census aggregate 0003 = European Union
NAMES = {"EUU": "European Union", "WLD": "World"}
# The national file labels its rows by year only. Its PROVENANCE.md states that the 2026 row
# covers January-July (the publisher's data ran to 2026-07 when it was fetched); every other
# annual row is a full year.
PARTIAL_MONTHS = {2026: 7}

SPEC = SourceSpec(
    id="census-country-2024",
    publisher="U.S. Census Bureau, Foreign Trade Division",
    title="U.S. trade in goods by country, full-year 2024 (excerpt), and national goods totals "
          "2024-2026",
    url="https://www.census.gov/foreign-trade/balance/country.xlsx",
    licence="Public domain (work of the U.S. federal government)",
    raw_dir="trade/census-country-2024-excerpt",
    raw_files=(BY_COUNTRY, NATIONAL),
    accessed="2026-10-01",
    vintage="2026-10-01",
    tables=("census_country_2024", "census_country_2024_monthly"),
    unit="USD millions, not seasonally adjusted, Census basis; exports f.a.s., general imports "
         "customs value",
    family="trade",
    description="Rows copied verbatim (as JSON lines) from the GitHub repository "
                "corbett-hobbs/congress-ideology, commit 31caa71f "
                "(pipeline/output/trade_by_country/2024.json and trade_national.json), which "
                "parsed the Census country.xlsx and national files fetched on 2026-10-01. "
                "Only an excerpt was copied: Canada, Mexico, China, the European Union, "
                "Germany, the United Kingdom, Japan and Korea for 2024, and the US annual "
                "goods totals for 2024, 2025 and January-July 2026.",
    caveats=(
        "Vintage break: this is a later vintage (fetched 2026-10-01) than census_country "
        "(country.xlsx of 2024-11-01). Its January-June 2024 values include the annual "
        "revision (e.g. exports to Canada 177,483 vs 176,676): do not mix the two vintages "
        "within one series without saying so.",
        "2026 (partner WLD) covers January-July only: months=7 and complete=false.",
        "Partner WLD rows are the national totals on the Census basis; the balance-of-payments "
        "basis rows of the same file are left out (a different valuation).",
        "Partner EUU is the Census aggregate 0003 (European Union).",
    ),
)

KEYS_BY_COUNTRY = ("country_code", "year", "exports", "imports", "exports_year", "imports_year")
KEYS_NATIONAL = ("period", "frequency", "basis", "exports", "imports")


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    partners = partner_rows(base / BY_COUNTRY)
    totals = national_rows(base / NATIONAL)
    return {"census_country_2024": harmonise(pd.concat([partners, totals], ignore_index=True)),
            "census_country_2024_monthly": partner_months(base / BY_COUNTRY)}


def read_jsonl(path: Path, keys: tuple[str, ...]) -> list[dict]:
    """One JSON object per line, each with ``keys``; errors name the line and the key."""
    records = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"not a JSON object ({exc.msg})", file=path, row=i) from exc
        missing = [k for k in keys if k not in rec]
        if missing:
            raise SchemaError(f"missing key {missing[0]!r}", file=path, row=i, field=missing[0])
        records.append({**rec, "_row": i})
    return records


def partner_rows(path: Path) -> pd.DataFrame:
    """Annual values per partner; the twelve months must add up to the annual figure."""
    rows = []
    for rec in read_jsonl(path, KEYS_BY_COUNTRY):
        for flow in ("exports", "imports"):
            months = [m for m in rec[flow] if m is not None]
            total = _amount(rec, f"{flow}_year", path)
            if abs(sum(months) - total) > 1.0:  # the copy's months match to within 0.2
                raise ValidationError(f"monthly values sum to {sum(months):.1f}, not {total}",
                                      file=path, row=rec["_row"], field=f"{flow}_year")
            rows.append({"code": rec["country_code"], "flow": flow, "year": int(rec["year"]),
                         "value_usd_m": total, "months": sum(m > 0 for m in months),
                         "_row": rec["_row"], "_file": path})
    df = pd.DataFrame(rows)
    df["partner"] = to_iso3(df["code"], src="ISO3", file=path, field="country_code",
                            rows=df["_row"], allow=AGGREGATES)
    return df


def partner_months(path: Path) -> pd.DataFrame:
    """The 2024 partner rows month by month (``census_country_2024_monthly``)."""
    from trilateral.sources._monthly import monthly_frame

    records = read_jsonl(path, KEYS_BY_COUNTRY)
    codes = to_iso3([r["country_code"] for r in records], src="ISO3", file=path,
                    field="country_code", rows=[r["_row"] for r in records], allow=AGGREGATES)
    rows = []
    for rec, partner in zip(records, codes, strict=True):
        for flow in ("exports", "imports"):
            for m, value in enumerate(rec[flow], start=1):
                if value is not None:
                    rows.append({"partner": partner, "flow": flow, "year": int(rec["year"]),
                                 "month": m, "value_usd_m": _amount({**rec, "v": value}, "v",
                                                                    path)})
    return monthly_frame(rows, SPEC.vintage, SPEC.id, path)


def national_rows(path: Path) -> pd.DataFrame:
    """US goods totals on the Census basis as partner WLD (annual rows only)."""
    rows = []
    for rec in read_jsonl(path, KEYS_NATIONAL):
        if rec["frequency"] != "annual" or rec["basis"] != "census":
            continue
        year = int(rec["period"])
        for flow in ("exports", "imports"):
            rows.append({"code": "national", "partner": "WLD", "flow": flow, "year": year,
                         "value_usd_m": _amount(rec, flow, path),
                         "months": PARTIAL_MONTHS.get(year, 12), "_row": rec["_row"]})
    return pd.DataFrame(rows)


def _amount(rec: dict, key: str, path: Path) -> float:
    """A non-negative number from ``rec[key]``, or a ValidationError naming line and key."""
    value = rec[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValidationError(f"not a non-negative number: {value!r}", file=path,
                              row=rec["_row"], field=key)
    return float(value)


def harmonise(df: pd.DataFrame) -> pd.DataFrame:
    require_unique(df, ["partner", "flow", "year"], file=SPEC.raw_dir)
    out = df.assign(reporter="USA", partner_name=df["partner"].map(_name),
                    partner_code=df["code"], unit="USD millions", basis="reporter",
                    complete=df["months"] == 12, vintage=SPEC.vintage, source=SPEC.id)
    out["months"] = out["months"].astype(int)
    cols = ["reporter", "partner", "partner_name", "partner_code", "flow", "year", "value_usd_m",
            "unit", "months", "complete", "basis", "vintage", "source"]
    return out[cols].sort_values(["partner", "flow", "year"]).reset_index(drop=True)


def _name(iso3: str) -> str:
    import pycountry

    if iso3 in NAMES:
        return NAMES[iso3]
    hit = pycountry.countries.get(alpha_3=iso3)
    return hit.name if hit else iso3
