"""``trilateral indicators``: trade, values and institutional indicators as tidy tables."""

from __future__ import annotations

from pathlib import Path

import click

from trilateral.cli._common import console, dumps, echo_json, envelope, json_option
from trilateral.errors import InputError

FORMATS = ("table", "csv", "json")


@click.command(name="indicators", epilog="""\b
Examples:
  trilateral indicators
  trilateral indicators --indicator trade_share --format csv
  trilateral indicators --indicator trade_share --reporter USA --partner CAN+MEX --flow total
  trilateral indicators --as-of 2006-03-31 --format json --out indicators.json
  trilateral indicators --list
  trilateral indicators --indicator trade_share --frequency monthly --reporter CAN
  trilateral indicators --indicator trade_share --frequency monthly --format csv

\b
Columns: indicator, reporter, partner, flow, year, value, unit, basis (reporter figures or
mirror figures reported by the partner), sources (tables and source ids) and available (the
first date the value was public; --as-of keeps values available by that date).
--frequency monthly adds month, period (YYYY-MM) and adjustment: nsa (the month's own share),
r12 (12-month rolling sums) and stl (seasonally adjusted with STL).
""")
@click.option("--indicator", "names", multiple=True, metavar="NAME",
              help="Only these indicators (repeatable; see --list).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: one line per series (latest value); csv/json: every value.")
@click.option("--as-of", "as_of", metavar="DATE", help="Keep only values public by this date.")
@click.option("--reporter", multiple=True, help="Filter on reporter (e.g. USA, CAN, MEX).")
@click.option("--partner", multiple=True, help="Filter on partner (e.g. CAN+MEX, CHN).")
@click.option("--flow", type=click.Choice(("exports", "imports", "total", "n/a")), multiple=True,
              help="Filter on flow.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option("--list", "list_", is_flag=True, help="List the indicators and exit.")
@click.option("--frequency", type=click.Choice(("annual", "monthly")), default="annual",
              show_default=True, help="annual: calendar years; monthly: trade_share by month.")
@json_option
def command(names: tuple[str, ...], fmt: str, as_of: str | None, reporter: tuple[str, ...],
            partner: tuple[str, ...], flow: tuple[str, ...], out: Path | None, list_: bool,
            frequency: str, as_json: bool) -> None:
    """Compute indicators from the warehouse tables (missing tables are reported as gaps)."""
    from trilateral import indicators

    if list_:
        _list(as_json)
        return
    if frequency == "monthly":
        from trilateral.indicators.monthly import compute_monthly

        df = compute_monthly(list(names) or None, as_of=as_of)
    else:
        df = indicators.compute(names or None, as_of=as_of)
    for col, keep in (("reporter", reporter), ("partner", partner), ("flow", flow)):
        unknown = sorted(set(keep) - set(df[col].dropna().unique()))
        if unknown:
            known = ", ".join(sorted(map(str, df[col].dropna().unique())))
            raise InputError(f"no indicator has {col} {', '.join(unknown)}; known: {known}",
                             field=col)
        if keep:
            df = df[df[col].isin(keep)]
    fmt = "json" if as_json else fmt
    if fmt == "table" and out is None:
        _table(df)
        return
    text = _text(df, fmt, as_of)
    if out:
        out.write_text(text)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _text(df, fmt: str, as_of: str | None) -> str:
    if fmt == "csv":
        return df.to_csv(index=False)
    return dumps(envelope({"as_of": as_of, "gaps": df.attrs.get("gaps", {}),
                           "tables": df.attrs.get("tables", []),
                           "rows": df.astype(object).where(df.notna(), None).to_dict("records")}))


def _list(as_json: bool) -> None:
    from trilateral.indicators import INDICATORS

    recs = [{"name": i.name, "family": i.family, "tables": list(i.tables),
             "description": i.description} for i in INDICATORS.values()]
    if as_json:
        echo_json(recs)
        return
    from rich.table import Table

    t = Table("name", "family", "tables", "description")
    for r in recs:
        t.add_row(r["name"], r["family"], ", ".join(r["tables"]), r["description"])
    console().print(t)


def _table(df) -> None:
    """One line per series: years covered and the latest value; units and sources below."""
    from rich.table import Table

    con = console()
    keys = ["indicator", "reporter", "partner", "flow"]
    keys += ["adjustment"] if "adjustment" in df else []
    when = "period" if "period" in df else "year"
    t = Table(*keys, "from-to", "latest", "basis")
    for key, g in df.groupby(keys, sort=True, dropna=False):
        last = g.sort_values(when).iloc[-1]
        t.add_row(*map(str, key), f"{g[when].min()}-{g[when].max()}",
                  f"{last['value']:.3f}", str(last["basis"]))
    con.print(t)
    for name, g in df.groupby("indicator", sort=True):
        con.print(f"[bold]{name}[/bold]: {'; '.join(sorted(g['unit'].unique()))}. "
                  f"Sources: {'; '.join(sorted(set('; '.join(g['sources']).split('; '))))}")
    for table, why in df.attrs.get("gaps", {}).items():
        con.print(f"[yellow]data gap[/yellow] {table}: {why}")
