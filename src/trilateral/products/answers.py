"""Product answers with their sources: exposure to the 2025-26 actions, collected duty, the
bloc's share and introversion by product, USMCA use. Every answer names its data vintage.

An answer is an :class:`Answer`: rows (plain records), the vintage and sources of the tables it
read, the engine that computed it and notes. :func:`summary` gathers the shipped answers for a
"by product" report section (``summary().to_dict()``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from trilateral.errors import NotFoundError
from trilateral.products import measures, shipped, store
from trilateral.products.engine import Engine
from trilateral.products.hs import TITLES
from trilateral.provenance import jsonable


@dataclass
class Answer:
    """One product answer: its rows and where they came from."""

    name: str
    rows: pd.DataFrame
    engine: str
    vintage: dict[str, str]
    sources: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return jsonable({"answer": self.name, "engine": self.engine, "vintage": self.vintage,
                         "sources": self.sources, "notes": self.notes,
                         "rows": self.rows.to_dict(orient="records")})


def _source(meta: dict) -> dict[str, Any]:
    src = meta["source"]
    keep = ("id", "publisher", "title", "url", "licence", "vintage", "repository")
    return {"table": meta["table"], **{k: src[k] for k in keep if k in src}}


def _shipped(engine: Engine, table: str) -> tuple[Any, dict]:
    meta = shipped.sidecar(table)
    if table not in engine.tables:
        engine.register(table, shipped.table_path(table))
    return engine.frame(table), meta


def _loaded(engine: Engine, table: str) -> tuple[Any, dict]:
    meta = store.sidecar(table)
    if table not in engine.tables:
        engine.register(table, store.table_dir(table))
    return engine.frame(table), meta


def imports_table(engine: Engine, source: str = "shipped") -> tuple[Any, dict]:
    """US imports by HS10 and partner: the shipped 2024 table or the loaded ``census_hs``."""
    if source == "shipped":
        return _shipped(engine, shipped.IMPORTS)
    if source == "census-hs":
        return _loaded(engine, "census_hs")
    raise NotFoundError(f"unknown imports source {source!r}; use shipped or census-hs")


def exposure(engine: Engine, source: str = "shipped") -> Answer:
    """Imports from Canada and Mexico in the products named by each 2025-26 action list."""
    imports, imeta = imports_table(engine, source)
    lists, lmeta = _shipped(engine, shipped.ACTIONS)
    rows = engine.collect(measures.exposure(imports, lists),
                          ["action", "exporter", "period"])
    info = shipped.load(shipped.ACTIONS).drop_duplicates("action").set_index("action")
    for col in ("imposer", "target", "role", "authority", "instrument", "effective",
                "list_file"):
        rows[col] = rows["action"].map(info[col])
    aimed = (rows["target"] == "all") | (rows["target"] == rows["exporter"]) | (
        rows["imposer"] != "USA")  # a US action on Canada alone says nothing about Mexico
    rows = rows[aimed].reset_index(drop=True)
    notes = ["Value is US imports for consumption from the partner in the listed products; "
             "a list's role says whether it names covered, exempt or removed products.",
             "Canada's lists (imposer CAN) are matched at HS6: the value shown is US imports "
             "from the partner in those products, not the countermeasure's trade base."]
    return Answer("exposure", rows, engine.name, _vintage(imeta, lmeta),
                  [_source(imeta), _source(lmeta)] + _list_sources(lmeta), notes)


def _list_sources(meta: dict) -> list[dict[str, Any]]:
    return [{"action": x["action"], "instrument": x["instrument"], "publisher": x["publisher"],
             "path": x["path"], "url": x["url"], "url_verified": x["url_verified"]}
            for x in meta["source"].get("lists", [])]


def _vintage(*metas: dict) -> dict[str, str]:
    return {m["table"]: str(m["source"].get("vintage", "")) for m in metas}


def duty(engine: Engine, level: str = "chapter", source: str = "shipped") -> Answer:
    """Collected duty rate by partner, period and product group."""
    imports, meta = imports_table(engine, source)
    rows = engine.collect(measures.duty_rates(imports, level), ["exporter", "period", "group"])
    if level == "section":
        rows["title"] = rows["group"].map(TITLES)
    totals = engine.collect(measures.partner_totals(imports), ["exporter", "period"])
    notes = ["rate_pct = calculated duty / customs value (imports for consumption), in percent."]
    ans = Answer(f"duty-by-{level}", rows, engine.name, _vintage(meta), [_source(meta)], notes)
    ans.notes.append("totals: " + "; ".join(
        f"{r.exporter} {r.period}: {r.value / 1e9:.2f} bn imports, {r.rate_pct:.3f}% collected"
        for r in totals.itertuples()))
    return ans


def bloc(engine: Engine, level: str = "section", table: str = "baci",
         bloc_members: tuple[str, ...] = measures.NA3) -> Answer:
    """North American share, intensity and introversion per year and product group."""
    flows, meta = _loaded(engine, table)
    rows = engine.collect(measures.bloc_by_product(flows, bloc_members, level),
                          ["year", "group"])
    if level == "section":
        rows["title"] = rows["group"].map(TITLES)
    notes = ["intra_share_pct = 2 x intra-bloc flows / the members' exports plus imports; "
             "intensity = that share over the members' share of world trade; introversion = "
             "Iapadre's homogeneous index in [-1, 1]. Same definitions as the country tier."]
    return Answer(f"bloc-by-{level}", rows, engine.name, _vintage(meta), [_source(meta)], notes)


def usmca(engine: Engine, source: str = "shipped") -> Answer:
    """Value-weighted USMCA use from loaded compliance shares (and rate provisions if loaded)."""
    imports, imeta = imports_table(engine, source)
    comp, cmeta = _loaded(engine, "usmca_compliance")
    rows = engine.collect(measures.usmca_use(imports, comp), ["exporter", "period"])
    notes = ["usmca_pct = sum(value x compliance share) / value of the lines with a share; "
             "covered_pct = the part of the value that had one."]
    if source == "shipped":
        notes.append("Weights are 2024 import values; the compliance shares are of their own "
                     "period (see the vintage): a fixed-weight measure.")
    return Answer("usmca-use", rows, engine.name, _vintage(imeta, cmeta),
                  [_source(imeta), _source(cmeta)], notes)


def rate_provisions(engine: Engine) -> Answer:
    imports, meta = imports_table(engine, "census-hs")
    rows = engine.collect(measures.rate_provisions(imports), ["exporter", "period", "rate_prov"])
    return Answer("rate-provisions", rows, engine.name, _vintage(meta), [_source(meta)],
                  ["Share of each partner's imports by Census rate provision code, as "
                   "published (codes are not re-labelled here)."])


@dataclass
class ProductSummary:
    """What a 'by product' report section shows: shipped answers, with sources."""

    exposure: Answer
    duty: Answer

    def to_dict(self) -> dict[str, Any]:
        return {"exposure": self.exposure.to_dict(), "duty_by_section": self.duty.to_dict()}


def summary(engine: Engine | None = None) -> ProductSummary:
    engine = engine or Engine("duckdb")
    return ProductSummary(exposure(engine), duty(engine, "section"))
