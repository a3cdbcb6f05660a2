"""``trilateral products``: HS-level answers (exposure, duty, bloc share, USMCA use, gravity)."""

from __future__ import annotations

from pathlib import Path

import click

from trilateral.cli._common import console, echo_json, json_option

engine_option = click.option("--engine", type=click.Choice(["duckdb", "pyspark"]),
                             default="duckdb", show_default=True,
                             help="Where the query runs: DuckDB embedded, or Spark (needs the "
                                  "spark extra and Java 17).")
level_option = click.option("--level", type=click.Choice(["section", "chapter", "hs4", "hs6"]),
                            default="section", show_default=True, help="Product grouping.")


def _engine(name: str):
    from trilateral.products.engine import Engine

    return Engine(name)


def _show(ans, columns: list[str], as_json: bool) -> None:
    if as_json:
        echo_json(ans.to_dict(), sources=list(ans.vintage))
        return
    con = console()
    vintage = ", ".join(f"{t} {v}" for t, v in ans.vintage.items())
    con.print(f"[bold]{ans.name}[/bold] ({ans.engine}; data: {vintage})")
    cols = [c for c in columns if c in ans.rows.columns]
    con.print(ans.rows[cols].to_string(index=False), markup=False)
    for note in ans.notes:
        con.print(f"[dim]{note}[/dim]")


@click.group(name="products", epilog="""\b
Examples:
  trilateral products exposure
  trilateral products exposure --json
  trilateral products duty --level section
  trilateral products load baci ~/Downloads/BACI_HS92_V202401.zip
  trilateral products bloc --level chapter --engine pyspark
  trilateral products refresh census-hs --from 2025-01 --partners CAN,MEX
""")
def command() -> None:
    """Product level (HS): exposure to the 2025-26 actions, collected duty, bloc share."""


@command.command(epilog="""\b
Examples:
  trilateral products exposure
  trilateral products exposure --json
  trilateral products exposure --source census-hs --engine pyspark

\b
JSON: {"answer", "engine", "vintage": {TABLE: VINTAGE}, "sources": [...], "notes",
       "rows": [{"action", "exporter", "period", "listed", "lines", "total",
                 "share_pct", "imposer", "target", "role", "instrument", ...}]}
listed and total are US dollars.
""")
@click.option("--source", type=click.Choice(["shipped", "census-hs"]), default="shipped",
              show_default=True, help="Imports: the shipped 2024 table or loaded Census HS data.")
@engine_option
@json_option
def exposure(source: str, engine: str, as_json: bool) -> None:
    """US imports from Canada and Mexico in the products of each 2025-26 action."""
    from trilateral.products import answers

    ans = answers.exposure(_engine(engine), source)
    _show(ans, ["action", "exporter", "period", "listed", "share_pct", "role", "effective"],
          as_json)


@command.command(epilog="""\b
Examples:
  trilateral products duty
  trilateral products duty --level chapter --json
  trilateral products duty --source census-hs
""")
@click.option("--source", type=click.Choice(["shipped", "census-hs"]), default="shipped",
              show_default=True, help="Imports: the shipped 2024 table or loaded Census HS data.")
@level_option
@engine_option
@json_option
def duty(source: str, level: str, engine: str, as_json: bool) -> None:
    """Collected duty rate (calculated duty / value) by partner, period and product."""
    from trilateral.products import answers

    ans = answers.duty(_engine(engine), level, source)
    _show(ans, ["exporter", "period", "group", "title", "value", "duty", "rate_pct"], as_json)


@command.command(epilog="""\b
Examples:
  trilateral products bloc
  trilateral products bloc --level chapter --json
  trilateral products bloc --engine pyspark
Needs a loaded BACI release (trilateral products load baci FILE.zip).
""")
@level_option
@engine_option
@json_option
def bloc(level: str, engine: str, as_json: bool) -> None:
    """North American share, intensity and introversion by product, per year."""
    from trilateral.products import answers

    ans = answers.bloc(_engine(engine), level)
    _show(ans, ["year", "group", "title", "intra_share_pct", "intensity", "introversion"],
          as_json)


@command.command(epilog="""\b
Examples:
  trilateral products usmca
  trilateral products usmca --source census-hs --json
Needs loaded compliance shares (trilateral products load usmca-compliance FILE).
""")
@click.option("--source", type=click.Choice(["shipped", "census-hs"]), default="shipped",
              show_default=True, help="Import weights: shipped 2024 table or loaded Census HS.")
@engine_option
@json_option
def usmca(source: str, engine: str, as_json: bool) -> None:
    """Value-weighted share of imports entered as USMCA-compliant."""
    from trilateral.products import answers

    ans = answers.usmca(_engine(engine), source)
    _show(ans, ["exporter", "period", "value", "usmca_pct", "covered_pct"], as_json)


@command.command(epilog="""\b
Examples:
  trilateral products gravity --start 2020
  trilateral products gravity --start 2020 --section 17 --json
Needs a loaded BACI release; PPML per HS section (pyfixest fepois).
""")
@click.option("--start", type=int, default=None,
              help="First year of the period compared (default: [[products]] gravity_start in "
                   "defaults.toml, 2020, the USMCA's entry into force).")
@click.option("--section", "sections", type=int, multiple=True, help="Only these sections.")
@engine_option
@json_option
def gravity(start: int | None, sections: tuple[int, ...], engine: str, as_json: bool) -> None:
    """Change in intra-bloc trade from START on, per HS section (three-way FE PPML)."""
    from trilateral import defaults
    from trilateral.products import answers, store
    from trilateral.products import gravity as pg

    eng = _engine(engine)
    flows, meta = answers._loaded(eng, "baci")
    frame = pg.section_frame(eng, flows)
    fixed = defaults.current("products").settings
    start = start if start is not None else int(fixed["gravity_start"])
    res = pg.fit_sections(frame, start=start, bloc=tuple(fixed["bloc"]),
                          sections=list(sections) or None).to_dict()
    res["vintage"] = {"baci": meta["source"].get("vintage", "")}
    res["sources"] = [answers._source(store.sidecar("baci"))]
    if as_json:
        echo_json(res, sources=["baci"])
        return
    con = console()
    con.print(f"[bold]{res['estimand']}[/bold] (data: baci {res['vintage']['baci']})")
    for s in res["sections"]:
        est = (f"{s['coef']:+.3f} ({s['se']:.3f}) {s['reading']}" if s["coef"] is not None
               else s["note"])
        con.print(f"{s['section']:>2} {s['title'][:40]:40} {est}", markup=False)


@command.command(epilog="""\b
Examples:
  trilateral products load baci ~/Downloads/BACI_HS92_V202401.zip
  trilateral products load census-hs jan.json feb.json
  trilateral products load usmca-compliance compliance_shares.csv
Tables go to TRILATERAL_HOME/products as partitioned Parquet with a sidecar.
""")
@click.argument("kind", type=click.Choice(["baci", "census-hs", "usmca-compliance"]))
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
def load(kind: str, files: tuple[Path, ...], as_json: bool) -> None:
    """Load your own BACI release, Census HS files or USMCA compliance shares."""
    from trilateral.errors import InputError
    from trilateral.products import baci, census_hs, compliance

    if kind != "census-hs" and len(files) != 1:
        raise InputError(f"{kind} takes one file, got {len(files)}", field="files")
    if kind == "baci":
        meta = baci.load(files[0])
    elif kind == "census-hs":
        meta = census_hs.load(list(files))
    else:
        meta = compliance.load(files[0])
    if as_json:
        echo_json(meta, sources=[meta["table"]])
        return
    console().print(f"loaded {meta['table']}: {meta['output']['rows']:,} rows "
                    f"(vintage {meta['source'].get('vintage', '')}) into {meta['output']['dir']}",
                    markup=False)


@command.command(epilog="""\b
Examples:
  trilateral products refresh census-hs --from 2025-01 --partners CAN,MEX
  trilateral products refresh census-hs --from 2025-01 --to 2025-06 --json
Set CENSUS_API_KEY to send your key. Months not yet published are skipped.
""")
@click.argument("kind", type=click.Choice(["census-hs"]))
@click.option("--from", "start", required=True, help="First month, YYYY-MM.")
@click.option("--to", "end", default=None, help="Last month, YYYY-MM (default: this month).")
@click.option("--partners", default="CAN,MEX", show_default=True, help="Comma-separated ISO3.")
@json_option
def refresh(kind: str, start: str, end: str | None, partners: str, as_json: bool) -> None:
    """Pull monthly HS10 imports by partner from the Census international-trade API."""
    import datetime as dt

    from trilateral.live.connectors import census_hs as conn

    end = end or dt.date.today().strftime("%Y-%m")
    out = conn.refresh(start, end, [p.strip().upper() for p in partners.split(",") if p])
    if as_json:
        echo_json(out, sources=[out["table"]])
        return
    console().print(f"census_hs: {out['rows']:,} rows for {', '.join(out['months'])}; "
                    f"not yet published: {', '.join(out['not_published']) or 'none'}",
                    markup=False)


@command.command(epilog="""\b
Examples:
  trilateral products sql exposure
  trilateral products sql bloc --level chapter
The BigQuery SQL of an indicator, compiled from the same expression the engines run.
""")
@click.argument("indicator", type=click.Choice(["exposure", "duty", "bloc"]))
@level_option
@json_option
def sql(indicator: str, level: str, as_json: bool) -> None:
    """Print the BigQuery SQL of an indicator."""
    from trilateral.products.bigquery import compile_sql

    text = compile_sql(indicator, level)
    if as_json:
        echo_json({"indicator": indicator, "dialect": "bigquery", "sql": text}, sources=[])
    else:
        click.echo(text)
