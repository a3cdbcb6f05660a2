"""Institutional and political indicators: IGOs, agreements and depth, alliances, environmental
agreements, party platforms, and the KOF globalisation index as the global baseline.

Dated things count from the end of their year (see :mod:`trilateral.indicators.asof`). Where a
source leaves a value unknown (DESTA has no depth score for USMCA or CPTPP) the years it
governs get no value and the ``basis`` column of the last known year says why.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import pandas as pd

from trilateral.indicators import asof
from trilateral.indicators.frame import make
from trilateral.indicators.inputs import Tables

NA3 = ("USA", "CAN", "MEX")
PAIRS = tuple(combinations(NA3, 2))
BLOC = "+".join(NA3)


def _src(tables: Tables, name: str) -> str:
    ids = tables.info(name).source_ids
    return f"{name} ({', '.join(ids)})" if ids else name


def _pair(a: object, b: object) -> tuple[str, str] | None:
    """The pair in NA3 order (USA, CAN, MEX), or None if it is not two of the three."""
    if a in NA3 and b in NA3 and a != b:
        return tuple(sorted((str(a), str(b)), key=NA3.index))  # type: ignore[return-value]
    return None


def _row(name: str, reporter: str, partner: str, year: int, value: float, unit: str, basis: str,
         sources: str, kind: str = "coded_year") -> dict[str, object]:
    return {"indicator": name, "reporter": reporter, "partner": partner, "flow": "n/a",
            "year": int(year), "value": float(value), "unit": unit, "basis": basis,
            "sources": sources, "available": asof.available(kind, int(year))}


def shared_igos(tables: Tables) -> pd.DataFrame:
    """IGOs in which both (or all three) are full members, per year (COW IGO v3, to 2014)."""
    df = tables.get("cow_igo_joint")
    if df is None or df.empty:
        return make([])
    src = _src(tables, "cow_igo_joint")
    rows = []
    for r in df.itertuples():
        members = str(r.group).split("-")
        rep, par = (BLOC, BLOC) if len(members) == 3 else (members[0], members[1])
        rows.append(_row("shared_igos", rep, par, r.year, r.joint_full,
                         "IGOs with all of them as full members", "COW IGO full membership",
                         src))
    return make(rows)


def agreements_in_force(tables: Tables) -> pd.DataFrame:
    """Trade agreements in force per pair (WTO RTA), and the deepest one's DESTA depth (0-7)."""
    return make([*_rta_counts(tables), *_desta_depth(tables)])


def _rta_counts(tables: Tables) -> list[dict[str, object]]:
    df = tables.get("wto_rta")
    if df is None or df.empty:
        return []
    src = _src(tables, "wto_rta")
    start = pd.to_datetime(df["in_force_goods"], errors="coerce")
    end = pd.to_datetime(df["inactive"], errors="coerce")
    parties = df["parties"].fillna("").str.split(";")
    last = int(asof.as_of_year(None))
    rows = []
    for a, b in PAIRS:
        both = parties.map(lambda p, a=a, b=b: a in p and b in p)
        for year in range(int(start[both].dt.year.min()), last):
            eoy = pd.Timestamp(dt.date(year, 12, 31))
            n = int((both & (start <= eoy) & (end.isna() | (end > eoy))).sum())
            rows.append(_row("agreements_in_force", a, b, year, n,
                             "regional trade agreements in force (31 December)",
                             "WTO RTA entry into force and inactive dates", src))
    return rows


def _desta_depth(tables: Tables) -> list[dict[str, object]]:
    df = tables.get("desta_treaties")
    if df is None or df.empty:
        return []
    src = _src(tables, "desta_treaties")
    base = df[(df["entry_type"] == "base_treaty") & df["year_in_force"].notna()]
    last = int(asof.as_of_year(None))
    rows = []
    for a, b in PAIRS:
        mine = base[base[a.lower()].astype(bool) & base[b.lower()].astype(bool)]
        if mine.empty:
            continue
        for year in range(int(mine["year_in_force"].min()), last):
            v = _depth_in(mine, year)
            if v is not None:
                rows.append(_row("agreement_depth", a, b, year, v[0],
                                 "DESTA depth index (0-7) of the deepest agreement in force",
                                 v[1], src))
    return rows


def _depth_in(treaties: pd.DataFrame, year: int) -> tuple[float, str] | None:
    """Deepest coded agreement in force; unknown once a newer agreement has no depth score."""
    live = treaties[treaties["year_in_force"] <= year]
    coded = live.dropna(subset=["depth_index"])
    if coded.empty:
        return None
    newest = coded["year_in_force"].max()
    if live[(live["year_in_force"] > newest) & live["depth_index"].isna()].shape[0]:
        return None  # e.g. USMCA (2020): DESTA 2.03 has no depth score for it
    best = coded.loc[coded["depth_index"].idxmax()]
    return float(best["depth_index"]), f"{best['name']} (DESTA {best['number']})"


def alliance_ties(tables: Tables) -> pd.DataFrame:
    """Alliances in force between two of the three per year (ATOP, from A's side)."""
    df = tables.get("atop_dyads")
    if df is None or df.empty:
        return make([])
    src = _src(tables, "atop_dyads")
    rows = []
    for r in df.itertuples():
        pair = _pair(r.iso3_a, r.iso3_b)
        if pair is None or (r.iso3_a, r.iso3_b) != pair:
            continue  # directed dyads: keep one direction per pair
        obligations = [o for o in ("defense", "offense", "neutral", "nonagg", "consul")
                       if getattr(r, o, 0)]
        rows.append(_row("alliance_ties", pair[0], pair[1], r.year, r.number,
                         "ATOP alliances in force", "obligations: " + (", ".join(obligations)
                                                                       or "none"), src))
    return make(rows)


def environmental_agreements(tables: Tables) -> pd.DataFrame:
    """Bilateral environmental agreements between two of the three entering into force, per year.

    Multilateral agreements are left out: most are global conventions the three happen to
    share, which say nothing about North America (IEADB has no regional flag).
    """
    df = tables.get("ieadb_agreements")
    if df is None or df.empty:
        return make([])
    if "scope" in df:
        df = df[df["scope"] == "bilateral"]
    df = df.dropna(subset=["year_in_force"])
    src = _src(tables, "ieadb_agreements")
    counts = df.groupby(df["year_in_force"].astype(int)).size()
    return make(_row("environmental_agreements", BLOC, BLOC, y, n,
                     "bilateral environmental agreements entering into force",
                     "IEADB, bilateral agreements between two of the three", src)
                for y, n in counts.items())


PARTY_SCALES = {"protectionism": ("per406", "per407"), "internationalism": ("per107", "per109")}


def party_positions(tables: Tables) -> pd.DataFrame:
    """Vote-weighted net protectionism and internationalism (per406-per407, per107-per109)."""
    df = tables.get("manifesto_parties")
    if df is None or df.empty:
        return make([])
    need = {"iso3", "pervote", *(c for pair in PARTY_SCALES.values() for c in pair)}
    if need - set(df.columns):
        tables.missing["manifesto_parties"] = f"columns missing: {sorted(need - set(df.columns))}"
        return make([])
    date_col = next(c for c in ("election_date", "edate", "date") if c in df)
    df = df[df["iso3"].isin(NA3)].assign(_d=pd.to_datetime(df[date_col].astype(str),
                                                           errors="coerce", format="mixed"))
    src = _src(tables, "manifesto_parties")
    rows = []
    for (iso, day), g in df.dropna(subset=["_d", "pervote"]).groupby(["iso3", "_d"]):
        w = g["pervote"] / g["pervote"].sum()
        for name, (pos, neg) in PARTY_SCALES.items():
            value = float((w * (g[pos].fillna(0) - g[neg].fillna(0))).sum())
            rows.append({**_row(f"party_{name}", iso, "n/a", day.year, value,
                                "vote-weighted net share of platform (percent of quasi-sentences)",
                                f"election {day.date()}, {len(g)} parties", src),
                         "available": day.date()})
    return make(rows)


KOF_SERIES = ("overall_de_facto", "overall_de_jure", "economic_de_facto", "economic_de_jure",
              "trade_de_facto")


def kof_globalisation(tables: Tables) -> pd.DataFrame:
    """KOF de facto / de jure indices (0-100) of the three and of the world (the baseline)."""
    df = tables.get("kof_globalisation")
    if df is None or df.empty:
        return make([])
    if "release" in df and df["release"].nunique() > 1:  # never mix release vintages
        df = df[df["release"] == df["release"].max()]
    src = _src(tables, "kof_globalisation")
    df = df[df["iso3"].isin((*NA3, "WLD"))]
    rows = []
    for series in (s for s in KOF_SERIES if s in df):
        for r in df.dropna(subset=[series]).itertuples():
            rows.append({**_row("kof_globalisation", r.iso3, "n/a", r.year, getattr(r, series),
                                "KOF index (0-100)", f"{series.replace('_', ' ')}, release "
                                                     f"{getattr(r, 'release', '')}", src, "kof")})
    return make(rows)
