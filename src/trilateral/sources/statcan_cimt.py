"""Statistics Canada table 12-10-0011-01: Canada's goods trade with the world, US, Mexico, China.

Values are published in millions of Canadian dollars (customs basis, not seasonally adjusted).
Each month is converted to US dollars at that month's average CAD-per-USD rate, following the
rule documented with the raw copy (its PROVENANCE.md):

* to 2023-11: FRED ``EXCAUS`` (Federal Reserve H.10, monthly average of daily noon rates);
* from 2023-12: Bank of Canada Valet ``FXUSDCAD``, mean of the daily rates in the month.

``statcan_cimt_monthly`` keeps every month with its rate; ``statcan_cimt`` sums calendar years
(USD = sum of the monthly conversions) and reports the mean of the monthly rates used.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.errors import ValidationError
from trilateral.sources._series import annual_sums, read_daily_rate, read_monthly
from trilateral.sources.base import SourceSpec

# (flow, partner) -> raw file; StatCan vector ids are listed in the folder's PROVENANCE.md.
FILES = {
    ("exports", "WLD"): "trade_exports_all_customs.csv",
    ("imports", "WLD"): "trade_imports_all_customs.csv",
    ("exports", "USA"): "trade_exports_us_customs.csv",
    ("imports", "USA"): "trade_imports_us_customs.csv",
    ("exports", "MEX"): "trade_exports_mex.csv",
    ("imports", "MEX"): "trade_imports_mex.csv",
    ("exports", "CHN"): "trade_exports_chn.csv",
    ("imports", "CHN"): "trade_imports_chn.csv",
}
FRED_FX = "EXCAUS_fred_monthly.csv"
BOC_FX = "fxusdcad_boc_daily_excerpt_2023-12_2026-05.csv"
FX_LABELS = {
    "fred": "FRED EXCAUS (Federal Reserve H.10 monthly average)",
    "boc": "Bank of Canada FXUSDCAD (monthly mean of daily rates)",
}

SPEC = SourceSpec(
    id="statcan-cimt",
    publisher="Statistics Canada",
    title="International merchandise trade for all countries and by principal trading partners, "
          "monthly (table 12-10-0011-01)",
    url="https://www150.statcan.gc.ca/t1/tbl1/en/tv.action?pid=1210001101",
    licence="Statistics Canada Open Licence (attribution: Source: Statistics Canada, Table "
            "12-10-0011-01); Bank of Canada exchange rates: free reuse with attribution; "
            "FRED EXCAUS: Federal Reserve H.10, public domain",
    raw_dir="trade/statcan-cimt-partners",
    raw_files=(*FILES.values(), FRED_FX, BOC_FX),
    accessed="2026-07-24",
    vintage="2026-07-07",
    tables=("statcan_cimt", "statcan_cimt_monthly"),
    unit="CAD millions (value_cad_m) and USD millions (value_usd_m); customs basis, NSA",
    family="trade",
    citation="Statistics Canada. Table 12-10-0011-01 International merchandise trade for all "
             "countries and by Principal Trading Partners, monthly (x 1,000,000).",
    description="Eight monthly series (StatCan vectors v87008868, v87008869, v87008753, "
                "v87008879, v87008763, v87008878, v87008762 and the all-countries imports "
                "series), 1997-01 to 2026-04, StatCan release of 2026-07-07. The copy comes "
                "from the GitHub repository jayzhaomurray/sibley-creek (commit 1430b9f1, "
                "files copied byte for byte; fetched there 2026-07-24). Exchange rates: FRED "
                "EXCAUS (copied from open-datahub/canada, commit 67b0236b) to 2023-11 and a "
                "2023-12..2026-05 excerpt of the Bank of Canada's daily FXUSDCAD series "
                "(https://www.bankofcanada.ca/valet/) after that.",
    caveats=(
        "2026 holds January-April only: months=4 and complete=false.",
        "USD values are monthly CAD values divided by that month's mean CAD-per-USD rate and "
        "summed over the year; cad_per_usd in the annual table is the mean of the monthly "
        "rates, so value_cad_m / value_usd_m differs slightly from it.",
        "Rates: FRED EXCAUS to 2023-11, then the monthly mean of Bank of Canada daily "
        "FXUSDCAD; 2023 mixes both (fx_source says so).",
        "Customs basis, not balance-of-payments basis; imports by country of origin, exports "
        "include re-exports (total exports). Canada's exports to the US exceed US-reported "
        "imports from Canada (2019: 336.1 vs 318.6 USD bn).",
        "No European Union aggregate and nothing before 1997 in this copy.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    fx = monthly_rates(base / FRED_FX, base / BOC_FX)
    monthly = pd.concat([convert(read_monthly(base / f, "date", "value"), fx, flow, partner,
                                 base / f)
                         for (flow, partner), f in FILES.items()], ignore_index=True)
    return {"statcan_cimt": annual(monthly), "statcan_cimt_monthly": tidy_monthly(monthly)}


def monthly_rates(fred_path: Path, boc_path: Path) -> pd.DataFrame:
    """CAD per USD by month: EXCAUS while it lasts, then the monthly mean of BoC daily rates."""
    fred = read_monthly(fred_path, "Date", "EXCAUS")
    daily = read_daily_rate(boc_path)
    boc = daily.groupby(daily.index.to_period("M")).mean()
    boc.index = boc.index.to_timestamp()
    boc = boc[boc.index > fred.index.max()]
    return pd.concat([
        pd.DataFrame({"cad_per_usd": fred, "fx": "fred"}),
        pd.DataFrame({"cad_per_usd": boc, "fx": "boc"}),
    ])


def convert(cad: pd.Series, fx: pd.DataFrame, flow: str, partner: str, path: Path
            ) -> pd.DataFrame:
    """One CAD series to long monthly rows with the rate used; a month without a rate raises."""
    rates = fx.reindex(cad.index)
    missing = rates["cad_per_usd"].isna().to_numpy().nonzero()[0]
    if len(missing):
        month = cad.index[missing[0]].strftime("%Y-%m")
        raise ValidationError(f"no CAD/USD rate for {month}", file=path, field="date")
    return pd.DataFrame({
        "partner": partner, "flow": flow, "date": cad.index, "value_cad_m": cad.to_numpy(),
        "cad_per_usd": rates["cad_per_usd"].to_numpy(), "fx": rates["fx"].to_numpy(),
        "value_usd_m": cad.to_numpy() / rates["cad_per_usd"].to_numpy()})


def tidy_monthly(monthly: pd.DataFrame) -> pd.DataFrame:
    out = monthly.assign(
        reporter="CAN", year=monthly["date"].dt.year.astype(int),
        month=monthly["date"].dt.month.astype(int), fx_source=monthly["fx"].map(FX_LABELS),
        unit="USD millions", basis="reporter", vintage=SPEC.vintage, source=SPEC.id)
    cols = ["reporter", "partner", "flow", "year", "month", "value_cad_m", "cad_per_usd",
            "fx_source", "value_usd_m", "unit", "basis", "vintage", "source"]
    return out[cols].sort_values(["partner", "flow", "year", "month"]).reset_index(drop=True)


def annual(monthly: pd.DataFrame) -> pd.DataFrame:
    """Calendar-year sums in both currencies, months counted, the mean rate and its source."""
    rows = []
    for (partner, flow), g in monthly.groupby(["partner", "flow"]):
        series = g.set_index("date")
        cad = annual_sums(series["value_cad_m"])
        usd = annual_sums(series["value_usd_m"])["value"]
        rate = series["cad_per_usd"].groupby(series.index.year).mean().to_numpy()
        source = series["fx"].groupby(series.index.year).agg(_fx_label).to_numpy()
        rows.append(cad.rename(columns={"value": "value_cad_m"}).assign(
            partner=partner, flow=flow, value_usd_m=usd.to_numpy(), cad_per_usd=rate,
            fx_source=source))
    out = pd.concat(rows, ignore_index=True).assign(
        reporter="CAN", unit="USD millions", basis="reporter", vintage=SPEC.vintage,
        source=SPEC.id)
    cols = ["reporter", "partner", "flow", "year", "value_cad_m", "cad_per_usd", "fx_source",
            "value_usd_m", "unit", "months", "complete", "basis", "vintage", "source"]
    return out[cols].sort_values(["partner", "flow", "year"]).reset_index(drop=True)


def _fx_label(kinds: pd.Series) -> str:
    used = list(dict.fromkeys(kinds))
    if len(used) == 1:
        return FX_LABELS[used[0]]
    counts = {k: int((kinds == k).sum()) for k in used}
    return "; ".join(f"{FX_LABELS[k]}: {n} month{'s' * (n > 1)}" for k, n in counts.items())
