"""``trilateral data``: list, show, trace, load, export and rebuild the data tables."""

from __future__ import annotations

from pathlib import Path

import click

from trilateral import data as api
from trilateral.cli._common import console, echo_json, json_option, progress_steps
from trilateral.errors import NotFoundError

FORMATS = ("table", "csv", "json", "parquet")


@click.group(name="data", epilog="""\b
Examples:
  trilateral data list
  trilateral data show census_country --format csv --out census.csv
  trilateral data provenance census-country --json
  trilateral data load census-country ~/Downloads/country.xlsx
  trilateral data export out/
""")
def command() -> None:
    """Tables of real public data, their vintages and provenance."""


@command.command(name="list", epilog="""\b
Example:
  trilateral data list --json
""")
@json_option
def list_(as_json: bool) -> None:
    """List every table: name, rows, years, source, licence and sha256."""
    frame = api.tables()
    records = frame.to_dict("records")
    if as_json:
        echo_json(records)
        return
    from rich.table import Column, Table

    # Table names are what later commands take: never cut them; long text folds instead.
    width = max((len(r["name"]) for r in records), default=4)
    t = Table(Column("name", no_wrap=True, min_width=width), Column("rows", no_wrap=True),
              Column("years", no_wrap=True, min_width=9),
              Column("vintage", overflow="fold"), Column("source", overflow="fold"),
              Column("licence", overflow="fold"), Column("sha256", no_wrap=True, min_width=12))
    for r in records:
        years = "-".join(map(str, r["years"])) if r["years"] else ""
        t.add_row(r["name"], str(r["rows"]), years, str(r["vintage"]),
                  str(r["source"]).split(" (")[0], str(r["licence"])[:40], r["sha256"][:12])
    console().print(t)
    console().print("Full source and licence texts: trilateral data provenance NAME")


@command.command(epilog="""\b
Examples:
  trilateral data show census_country
  trilateral data show ivs_cultural_map --format json
  trilateral data show census_country --vintage 1 --format parquet --out old.parquet
""")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option("--vintage", help="A vintage label or version number (default: current).")
@click.option("--limit", type=int, default=50, show_default=True, help="Rows shown as a table.")
@json_option
def show(name: str, fmt: str, out: Path | None, vintage: str | None, limit: int,
         as_json: bool) -> None:
    """Show one table (current vintage, or --vintage); --json wraps its rows in the envelope."""
    df = api.table(name, vintage)
    if as_json:
        rows = df.astype(object).where(df.notna(), None).to_dict("records")
        echo_json({"table": name, "vintage": vintage, "rows": rows}, sources=[name])
        return
    if fmt == "parquet":
        if out is None:
            raise click.UsageError("--format parquet needs --out PATH")
        df.to_parquet(out, index=False)
        return
    if fmt == "csv":
        text = df.to_csv(index=False)
    elif fmt == "json":
        text = df.to_json(orient="records", indent=2, force_ascii=False)
    else:
        text = df.head(limit).to_string(index=False) + (
            f"\n... {len(df) - limit} more rows" if len(df) > limit else "")
    if out:
        out.write_text(text)
    else:
        click.echo(text)


@command.command(epilog="""\b
Examples:
  trilateral data provenance census_country
  trilateral data provenance census-country --json
""")
@click.argument("name")
@json_option
def provenance(name: str, as_json: bool) -> None:
    """Where a table (or every table of a source id) came from, vintage by vintage."""
    recs = api.provenance(name)
    if as_json:
        echo_json(recs)
        return
    con = console()
    for r in recs:
        prov = r["provenance"]
        src = prov.get("source") or {}
        mark = "current" if r["current"] else "older"
        con.print(f"[bold]{r['name']}[/bold] v{r['version']} ({mark}) vintage {r['vintage']}, "
                  f"{r['rows']} rows, sha256 {r['sha256']}")
        if src:
            con.print(f"  {src.get('publisher')}: {src.get('title')}\n  {src.get('url')}\n"
                      f"  licence: {src.get('licence')}")
        for i in prov.get("raw_inputs", []):
            con.print(f"  input {i['path']} sha256 {i['sha256']}")
        for i in prov.get("derived_from", []):
            con.print(f"  from {i['table']} v{i['version']} ({i['source']}, {i['vintage']})")
        if prov.get("origin"):
            con.print(f"  origin: {prov['origin']}")
        for c in prov.get("caveats", []):
            con.print(f"  caveat: {c}")


PRODUCT_SOURCES = ("baci", "census-hs", "usmca-compliance")


@command.command(epilog="""\b
Examples:
  trilateral data load census-country ~/Downloads/country.xlsx
  trilateral data load baci ~/Downloads/BACI_HS92_V202501.zip
  trilateral data load census-hs jan.json feb.json

  trilateral data load census-country short.xlsx --accept-revision "publisher withdrew 2023"

A bad file is refused with the file, row and field named; the warehouse stays as it was.
A file that is already behind the current vintage adds nothing ("unchanged").
A file that revises the current vintage beyond the documented thresholds (rows, coverage,
median ratio of values, an older release; see docs/data.md) is refused (exit 3) unless
--accept-revision gives a reason, which is recorded with the vintage.
""")
@click.argument("source")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--accept-revision", "accept", metavar="REASON",
              help="Take a file that revises the current vintage beyond the thresholds.")
@json_option
@click.pass_context
def load(ctx: click.Context, source: str, files: tuple[Path, ...], accept: str | None,
         as_json: bool) -> None:
    """Load a newer raw file downloaded from the publisher as a new vintage.

    The product tier's sources (baci, census-hs, usmca-compliance) go to partitioned Parquet
    through `trilateral products load`.
    """
    if source in PRODUCT_SOURCES:
        from trilateral.cli.products import load as products_load

        ctx.invoke(products_load, kind=source, files=files, as_json=as_json)
        return
    if len(files) != 1:
        raise click.UsageError(f"{source} takes one file, got {len(files)}")
    file = files[0]
    result = api.load(source, str(file), accept_revision=accept)
    if as_json:
        echo_json(result.to_dict())
        return
    con = console()
    if result.unchanged:
        con.print(f"unchanged: {file} is already behind {source} vintage {result.vintage}")
        return
    con.print(f"loaded {file} as {source} vintage {result.vintage}", markup=False)
    if result.accepted:
        con.print(f"  revision accepted: {result.accepted}", markup=False)
    for t in result.tables:
        con.print(f"  {t['kind']:8} {t['table']} v{t['version']} ({t['rows']} rows)")


@command.command(epilog="""\b
Example:
  trilateral data export out/
""")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export(directory: Path) -> None:
    """Write every table as Parquet plus a Frictionless datapackage.json with provenance."""
    from trilateral.warehouse.export import export_datapackage

    path = export_datapackage(directory)
    console().print(f"wrote {path}")


@command.command(epilog="""\b
Examples:
  trilateral data build --raw ../shared/data/raw
  trilateral data build --raw ../shared/data/raw --source census-country
""")
@click.option("--raw", "raw", type=click.Path(file_okay=False, path_type=Path),
              help="The raw-data folder (default: ../shared/data/raw beside the checkout).")
@click.option("--source", "only", multiple=True, help="Rebuild only these source ids.")
@json_option
def build(raw: Path | None, only: tuple[str, ...], as_json: bool) -> None:
    """Rebuild the bundled snapshots from the raw public files (for maintainers)."""
    from trilateral import sources
    from trilateral.config import default_raw_dir
    from trilateral.sources.build import build_all

    raw = raw or default_raw_dir()
    if raw is None or not raw.is_dir():
        raise NotFoundError("raw-data folder not found; pass --raw DIR")
    ids = list(only) or [s.id for s in sources.specs() if s.shippable]
    for sid in ids:
        spec = sources.get(sid).SPEC
        if not spec.shippable:
            console(stderr=True).print(
                f"skipped {sid}: not shippable under its terms ({spec.licence}); "
                f"load your own copy with `trilateral data load {sid} FILE`")
    ids = [sid for sid in ids if sources.get(sid).SPEC.shippable]
    with progress_steps("building snapshots", total=len(ids), enabled=not as_json) as step:
        built = build_all(raw, only=ids, progress=step)
    records = [{"table": b.table, "source": b.source_id, "rows": b.rows, "sha256": b.sha256}
               for b in built]
    if as_json:
        echo_json(records)
    else:
        for r in records:
            click.echo(f"{r['table']:32} {r['rows']:>8} rows  {r['sha256'][:16]}  ({r['source']})")


@command.command(epilog="""\b
Examples:
  trilateral data refresh
  trilateral data refresh census-country --json
  TRILATERAL_URL_CENSUS_COUNTRY=https://mirror.example.org/country.xlsx \\
    trilateral data refresh census-country

Each source is fetched through one transport (timeout TRILATERAL_HTTP_TIMEOUT seconds,
retries with backoff, an HTTP cache with ETag/Last-Modified). A failed download or a file
whose layout changed exits non-zero and leaves every table as it was.
""")
@click.argument("sources", nargs=-1)
@click.option("--accept-revision", "accept", metavar="REASON",
              help="Take files that revise the current vintages beyond the thresholds.")
@json_option
def refresh(sources: tuple[str, ...], accept: str | None, as_json: bool) -> None:
    """Pull the latest data from the official publishers as new vintages."""
    from trilateral import live

    report = live.refresh(list(sources), progress=False if as_json else None,
                          accept_revision=accept)
    if as_json:
        echo_json(report.to_dict())
    else:
        con = console()
        for o in report.outcomes:
            con.print(f"{o.source:22} {o.status:9} {o.message}", markup=False)
            for t in o.tables:
                con.print(f"  {t['kind']:8} {t['table']} v{t['version']} ({t['rows']} rows)")
    if report.error is not None:
        raise report.error


@command.command(epilog="""\b
Examples:
  trilateral data revisions census-country
  trilateral data revisions census_country --json

Each vintage with its release date (where the file states it), its rows against the vintage
it replaced, the thresholds it broke and the reason it was accepted; and every `data use`.
""")
@click.argument("name")
@json_option
def revisions(name: str, as_json: bool) -> None:
    """What each vintage of a table or source changed."""
    recs = api.revisions(name)
    if as_json:
        echo_json(recs)
        return
    for r in recs:
        if r["kind"] == "use":
            why = f" ({r['accepted']})" if r.get("accepted") else ""
            click.echo(f"{r['table']}: use vintage {r['vintage']} at {r['created']}{why}")
            continue
        mark = "current" if r["current"] else "older"
        line = (f"{r['table']} v{r['version']} ({mark}, {r['kind']}) vintage {r['vintage']}, "
                f"{r['rows']} rows")
        if r.get("release"):
            line += f", released {r['release']}"
        if r.get("rows_before") is not None:
            line += f", was {r['rows_before']} rows"
        if r.get("problems"):
            line += "; " + "; ".join(r["problems"])
        if r.get("accepted"):
            line += f"; accepted: {r['accepted']}"
        click.echo(line)


@command.command(epilog="""\b
Examples:
  trilateral data use census-country --vintage 1
  trilateral data use census_country --vintage 2024-11-01 --reason "the new file is wrong"

Makes an earlier vintage current again (derived tables follow); recorded like a load and
shown by `trilateral data revisions`.
""")
@click.argument("name")
@click.option("--vintage", required=True, help="A vintage label or version number.")
@click.option("--reason", help="Why (recorded).")
@json_option
def use(name: str, vintage: str, reason: str | None, as_json: bool) -> None:
    """Make an earlier vintage of a table or source current again."""
    changed = api.use(name, vintage, reason=reason)
    if as_json:
        echo_json(changed)
        return
    for c in changed:
        click.echo(f"{c['kind']:8} {c['table']} v{c['version']}")


@command.command(epilog="""\b
Example:
  trilateral data recover

Run it when a command reports a damaged warehouse (exit 7). The damaged file is kept beside
the new one; every user vintage whose raw file is kept under vintages/ is re-registered.
""")
@json_option
def recover(as_json: bool) -> None:
    """Rebuild the warehouse from the snapshots and re-register the kept raw files."""
    out = api.recover()
    if as_json:
        echo_json(out)
        return
    click.echo(f"rebuilt {out['warehouse']}; re-registered {out['replayed']} load(s)")
    if out["damaged_copy"]:
        click.echo(f"  damaged copy kept at {out['damaged_copy']}")
    for s in out["skipped"]:
        click.echo(f"  not replayed: {s}")
