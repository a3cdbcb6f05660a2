"""Product indicators written once as Narwhals expressions (the same on DuckDB and PySpark).

Inputs are lazy frames with the product schema (:data:`FLOW_COLUMNS`): money in whole US dollars
as 64-bit integers, so sums are exact on every engine; ratios are taken only after the sums, and
every denominator is guarded (a zero, a missing value or a bloc that is the whole world gives a
null, never an error or an infinity).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import narwhals as nw

from trilateral.products.hs import with_group

FLOW_COLUMNS = {"period": "text: YYYY or YYYY-MM", "year": "int", "exporter": "ISO3",
                "importer": "ISO3", "hs": "text: HS code (6 or 10 digits)",
                "value": "int64 US dollars", "duty": "int64 US dollars (imports only)",
                "dutiable": "int64 US dollars (imports only)",
                "rate_prov": "text: Census rate provision code (optional)"}
NA3 = ("CAN", "MEX", "USA")


def money_sum(column: str) -> nw.Expr:
    """An exact sum of integer dollars, as a 64-bit integer on every engine."""
    return nw.col(column).sum().cast(nw.Int64).alias(column)


def ratio(num: str | nw.Expr, den: str | nw.Expr) -> nw.Expr:
    """num / den as a float, null when den is zero or null (never an error or infinity)."""
    n = nw.col(num) if isinstance(num, str) else num
    d = nw.col(den) if isinstance(den, str) else den
    return nw.when(~d.is_null() & (d != 0)).then(n.cast(nw.Float64) / d.cast(nw.Float64))


def _masked(flag: nw.Expr, column: str = "value") -> nw.Expr:
    return nw.when(flag).then(nw.col(column)).otherwise(nw.lit(0, dtype=nw.Int64))


def bloc_by_product(flows: nw.LazyFrame, bloc: Sequence[str] = NA3,
                    level: str = "section") -> nw.LazyFrame:
    """Intra-bloc share, intensity and Iapadre's introversion index per year and product group.

    With ``intra`` the bloc members' trade with each other, ``bloc_trade`` their exports plus
    imports (intra counted on both sides) and ``world`` world exports plus imports:
    s = 2 intra / bloc_trade, w = bloc_trade / world, intensity = s / w, and introversion
    (HI - HE) / (HI + HE) with HI = s / w and HE = (1 - s) / (1 - w), in [-1, 1]. The same
    definitions as the country tier (``trilateral.indicators.trade``), product by product.
    """
    members = list(bloc)
    x_in = nw.col("exporter").is_in(members)
    m_in = nw.col("importer").is_in(members)
    grouped = (with_group(flows, level)
               .with_columns(intra=_masked(x_in & m_in & (nw.col("exporter") != nw.col("importer"))),
                             bloc_x=_masked(x_in), bloc_m=_masked(m_in))
               .group_by("year", "group")
               .agg(money_sum("intra"), money_sum("bloc_x"), money_sum("bloc_m"),
                    money_sum("value")))
    return (grouped
            .with_columns(bloc_trade=nw.col("bloc_x") + nw.col("bloc_m"),
                          world=nw.col("value") * 2)
            .with_columns(s=ratio(nw.col("intra") * 2, "bloc_trade"),
                          w=ratio("bloc_trade", "world"))
            .with_columns(intensity=ratio("s", "w"),
                          he=nw.when(nw.col("w") < 1).then(
                              (1 - nw.col("s")) / (1 - nw.col("w"))))
            .with_columns(introversion=ratio(nw.col("intensity") - nw.col("he"),
                                             nw.col("intensity") + nw.col("he")))
            .with_columns(intra_share_pct=nw.col("s") * 100)
            .select("year", "group", "intra", "bloc_trade", "world", "intra_share_pct",
                    "intensity", "introversion"))


def duty_rates(imports: nw.LazyFrame, level: str = "chapter",
               keys: Sequence[str] = ("exporter", "period")) -> nw.LazyFrame:
    """Collected duty rate (calculated duty over customs value) by partner, period and group.

    Where the table has a dutiable value, the rate on dutiable value and the dutiable share
    are added; without one they are not invented.
    """
    has_dutiable = "dutiable" in imports.collect_schema().names()
    sums = [money_sum("value"), money_sum("duty")] + ([money_sum("dutiable")] if has_dutiable
                                                      else [])
    out = with_group(imports, level) if level != "total" else imports
    by = [*keys, "group"] if level != "total" else list(keys)
    out = out.group_by(*by).agg(*sums).with_columns(rate_pct=ratio("duty", "value") * 100)
    if has_dutiable:
        out = out.with_columns(rate_on_dutiable_pct=ratio("duty", "dutiable") * 100,
                               dutiable_share_pct=ratio("dutiable", "value") * 100)
    return out


def partner_totals(imports: nw.LazyFrame) -> nw.LazyFrame:
    """Imports and duty by partner and period (every product)."""
    return duty_rates(imports, level="total")


def exposure(imports: nw.LazyFrame, lists: nw.LazyFrame,
             digits: Iterable[int] = (4, 6, 8, 10)) -> nw.LazyFrame:
    """Imports by partner and period in the products named by each action list.

    ``lists`` has columns ``action``, ``code`` and ``digits``: a code of d digits names every
    HS10 line that starts with it. A line named twice by one action counts once. The share is
    over all imports from that partner in the period.
    """
    lines = _distinct(imports, "hs")
    parts = []
    for d in sorted(set(digits)):
        codes = lists.filter(nw.col("digits") == d).select("action", key=nw.col("code"))
        parts.append(lines.with_columns(key=nw.col("hs").str.slice(0, d))
                     .join(codes, on="key", how="inner").select("action", "hs"))
    named_lines = _distinct(nw.concat(parts, how="vertical"), "action", "hs")
    named = (imports.join(named_lines, on="hs", how="inner")
             .group_by("action", "exporter", "period")
             .agg(money_sum("value"), nw.col("hs").n_unique().alias("lines")))
    totals = (imports.group_by("exporter", "period").agg(money_sum("value"))
              .rename({"value": "total"}))
    return (named.rename({"value": "listed"})
            .join(totals, on=["exporter", "period"], how="inner")
            .with_columns(share_pct=ratio("listed", "total") * 100))


def _distinct(lf: nw.LazyFrame, *keys: str) -> nw.LazyFrame:
    """Distinct ``keys`` as a GROUP BY (Narwhals' unique() names a random helper column, which
    would make the compiled SQL differ from run to run)."""
    return lf.group_by(*keys).agg(nw.len().alias("_n")).select(*keys)


def usmca_use(imports: nw.LazyFrame, compliance: nw.LazyFrame) -> nw.LazyFrame:
    """Value-weighted share of imports entered as USMCA-compliant, by partner and period.

    ``compliance`` has ``exporter``, ``hs8`` and ``share`` (0-1, the share of the line's value
    that entered under the preference). Lines without a compliance figure are left out of both
    sides; ``covered_pct`` says how much of the value had one.
    """
    joined = (imports.with_columns(hs8=nw.col("hs").str.slice(0, 8))
              .join(compliance.select("exporter", "hs8", "share"), on=["exporter", "hs8"],
                    how="left")
              .with_columns(matched=_masked(~nw.col("share").is_null()),
                            usmca=nw.col("value").cast(nw.Float64) * nw.col("share")))
    return (joined.group_by("exporter", "period")
            .agg(money_sum("value"), money_sum("matched"), nw.col("usmca").sum())
            .with_columns(usmca_pct=ratio("usmca", "matched") * 100,
                          covered_pct=ratio("matched", "value") * 100))


def rate_provisions(imports: nw.LazyFrame) -> nw.LazyFrame:
    """Share of each partner's imports by Census rate provision code, per period."""
    by_rp = (imports.group_by("exporter", "period", "rate_prov").agg(money_sum("value")))
    totals = (imports.group_by("exporter", "period").agg(money_sum("value"))
              .rename({"value": "total"}))
    return (by_rp.join(totals, on=["exporter", "period"], how="inner")
            .with_columns(share_pct=ratio("value", "total") * 100))


def section_panel(flows: nw.LazyFrame) -> nw.LazyFrame:
    """Flows summed to exporter x importer x year x HS section (the input of product gravity)."""
    return (with_group(flows, "section", name="section")
            .group_by("exporter", "importer", "year", "section")
            .agg(money_sum("value")))
