"""Monthly trade shares: raw, 12-month rolling sums, and seasonally adjusted (STL).

For each of the three reporters, the partner's share (percent) of the reporter's goods trade
with the world, month by month, from ``trade_flows_monthly``, in three versions (``adjustment``):

* ``nsa``: the month's own share, not seasonally adjusted;
* ``r12``: the share in the 12 months ending with that month (rolling sums of numerator and
  denominator; the standard way to read a monthly share without seasonal noise);
* ``stl``: the month's share minus its seasonal component from a robust STL decomposition
  (statsmodels, period 12), fitted on the whole series of that reporter, partner and flow.

Mexico's shares use mirror numerators (the US's and Canada's figures) over INEGI's monthly world
totals, which end in June 2022 in the bundled data; after that, Mexico's weight is seen from the
other side (the US's and Canada's shares with Mexico).
Each value carries ``available``: the day that month was public (``asof.available_month``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from trilateral.indicators import asof
from trilateral.indicators.inputs import Tables

TABLE = "trade_flows_monthly"
NA3 = ("USA", "CAN", "MEX")
FLOWS = ("exports", "imports", "total")
UNIT = "percent of the reporter's goods trade with the world"
COLUMNS = ["indicator", "reporter", "partner", "flow", "year", "month", "period", "adjustment",
           "value", "unit", "basis", "sources", "available"]
PARTNERS = {"USA": (("CAN",), ("MEX",), ("CAN", "MEX"), ("CHN",), ("EUU",)),
            "CAN": (("USA",), ("MEX",), ("USA", "MEX"), ("CHN",)),
            "MEX": (("USA",), ("CAN",), ("USA", "CAN"))}
MIN_STL_MONTHS = 36  # three full cycles before a seasonal component is estimated


def monthly_values(tables: Tables, day: dt.date | None = None) -> pd.DataFrame:
    """reporter, partner, flow, date (month start), value_usd_m, basis, source; totals added.

    With ``day``, only the months public by that day (their publication lag) are kept."""
    df = tables.get(TABLE)
    if df is None or df.empty:
        return pd.DataFrame(columns=["reporter", "partner", "flow", "date", "value_usd_m",
                                     "basis", "source"])
    if day is not None:
        last_year, last_month = asof.last_published_month("trade_monthly", day)
        df = df[df["year"] * 12 + df["month"] <= last_year * 12 + last_month]
    df = df.assign(date=pd.to_datetime(dict(year=df["year"], month=df["month"], day=1)))
    keep = ["reporter", "partner", "flow", "date", "value_usd_m", "basis", "source"]
    df = df[keep]
    both = df.groupby(["reporter", "partner", "date"], as_index=False).agg(
        value_usd_m=("value_usd_m", "sum"), n=("flow", "nunique"), basis=("basis", "first"),
        source=("source", "first"))
    total = both[both["n"] == 2].drop(columns="n").assign(flow="total")
    return pd.concat([df, total[keep]], ignore_index=True)


def share_series(values: pd.DataFrame, reporter: str, partners: tuple[str, ...],
                 flow: str) -> pd.DataFrame | None:
    """Monthly numerator and world denominator for one series, months where both exist."""
    sel = values[(values["reporter"] == reporter) & (values["flow"] == flow)]
    den = sel[sel["partner"] == "WLD"].set_index("date")["value_usd_m"]
    parts = [sel[sel["partner"] == p].set_index("date") for p in partners]
    if den.empty or any(p.empty for p in parts):
        return None
    num = pd.concat([p["value_usd_m"] for p in parts], axis=1, join="inner").sum(axis=1)
    frame = pd.concat({"num": num, "den": den}, axis=1, join="inner").sort_index()
    frame = frame.asfreq("MS")  # gaps stay gaps: no interpolation
    basis = "mirror" if any((p["basis"] == "mirror").any() for p in parts) else "reporter"
    used = sorted({s for p in parts for s in p["source"]}
                  | set(sel.loc[sel["partner"] == "WLD", "source"]))
    return frame.assign(basis=basis, sources="; ".join(f"{TABLE} ({s})" for s in used))


def adjusted(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """The three versions of one share series (percent)."""
    nsa = 100.0 * frame["num"] / frame["den"]
    r12 = 100.0 * (frame["num"].rolling(12, min_periods=12).sum()
                   / frame["den"].rolling(12, min_periods=12).sum())
    return {"nsa": nsa, "r12": r12, "stl": stl_adjust(nsa)}


def stl_adjust(series: pd.Series) -> pd.Series:
    """``series`` minus its STL seasonal component (robust, period 12); NaN if too short."""
    from statsmodels.tsa.seasonal import STL

    clean = series.dropna()
    if len(clean) < MIN_STL_MONTHS or clean.index.to_series().diff().dt.days.max() > 31:
        return pd.Series(float("nan"), index=series.index)
    fit = STL(clean, period=12, robust=True).fit()
    return (clean - fit.seasonal).reindex(series.index)


def trade_share_monthly(tables: Tables, only: set[tuple[str, str, str]] | None = None,
                        day: dt.date | None = None) -> pd.DataFrame:
    """Monthly partner shares of the three (see the module doc); a tidy long frame.

    ``only`` limits the work to some (reporter, partner, flow) series, e.g. ``("CAN", "USA",
    "exports")``: the STL fits are what takes time. With ``day``, only months public by then
    enter the sums and the STL fits (STL is two-sided: later months would move earlier ones).
    """
    values = monthly_values(tables, day)
    rows: list[pd.DataFrame] = []
    for reporter, groups in PARTNERS.items():
        for partners in groups:
            for flow in FLOWS:
                if only is not None and (reporter, "+".join(partners), flow) not in only:
                    continue
                frame = share_series(values, reporter, partners, flow)
                if frame is not None:
                    rows.append(_rows(frame, reporter, "+".join(partners), flow))
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(rows, ignore_index=True)[COLUMNS]


def _rows(frame: pd.DataFrame, reporter: str, partner: str, flow: str) -> pd.DataFrame:
    out = []
    for adj, series in adjusted(frame).items():
        s = series.dropna()
        out.append(pd.DataFrame({
            "indicator": "trade_share", "reporter": reporter, "partner": partner, "flow": flow,
            "year": s.index.year, "month": s.index.month, "period": s.index.strftime("%Y-%m"),
            "adjustment": adj, "value": s.to_numpy(), "unit": UNIT,
            "basis": frame["basis"].iloc[0], "sources": frame["sources"].iloc[0],
            "available": [asof.available_month("trade_monthly", d.year, d.month).isoformat()
                          for d in s.index]}))
    return pd.concat(out, ignore_index=True)


MONTHLY = {"trade_share": trade_share_monthly}


def compute_monthly(names: list[str] | None = None, as_of: str | dt.date | None = None,
                    tables: Tables | None = None,
                    only: set[tuple[str, str, str]] | None = None) -> pd.DataFrame:
    """Monthly indicators (only ``trade_share`` so far), keeping values public by ``as_of``;
    ``only`` restricts them to some (reporter, partner, flow) series."""
    from trilateral.errors import NotFoundError

    wanted = names or list(MONTHLY)
    unknown = [n for n in wanted if n not in MONTHLY]
    if unknown:
        raise NotFoundError(f"no monthly version of {', '.join(unknown)}; "
                            f"monthly indicators: {', '.join(MONTHLY)}")
    day = asof.parse_as_of(as_of)
    tables = tables or Tables()
    frames = [f for f in (MONTHLY[n](tables, only, day) for n in wanted) if not f.empty]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    if day is not None:
        out = out[out["available"] <= day.isoformat()].reset_index(drop=True)
    out.attrs["gaps"] = dict(sorted(tables.missing.items()))
    out.attrs["tables"] = sorted(tables.used)
    return out
