"""``trilateral measures``: the tariff measures among the three, coded from official texts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from trilateral.cli._common import console, echo_json, json_option

FILE_OPTION = click.option("--file", "measures_file", type=click.Path(path_type=Path),
                           default=None, help="Another measures CSV (default: the bundled one).")


@click.group(name="measures", epilog="""\b
Examples:
  trilateral measures list --date 2025-09-15
  trilateral measures list --target CAN --json
  trilateral measures counts --from 2018-01
  trilateral measures validate
""")
def command() -> None:
    """Tariffs and countermeasures among the US, Canada and Mexico (2018-19, 2025-26)."""


def _day(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--date") \
            from exc


@command.command(name="list", epilog="""\b
Examples:
  trilateral measures list                      # in force today
  trilateral measures list --date 2019-01-01 --imposer USA
  trilateral measures list --all --json
""")
@click.option("--date", "day", help="Measures in force on this date (default: today).")
@click.option("--imposer", type=click.Choice(("USA", "CAN", "MEX")))
@click.option("--target", type=click.Choice(("USA", "CAN", "MEX")))
@click.option("--all", "show_all", is_flag=True, help="Every row, whatever its dates.")
@FILE_OPTION
@json_option
def list_(day: str | None, imposer: str | None, target: str | None, show_all: bool,
          measures_file: Path | None, as_json: bool) -> None:
    """Measures in force on a date, with the rate and USMCA exemption that applied."""
    from trilateral.evidence import measures

    when = _day(day)
    df = measures.load(measures_file) if show_all else measures.in_force(
        when, imposer, target, measures_file)
    if show_all and imposer:
        df = df[df["imposer"] == imposer]
    if show_all and target:
        df = df[df["target"] == target]
    if as_json:
        echo_json({"date": None if show_all else when.isoformat(),
                   "measures": measures.to_records(df)})
        return
    con = console()
    con.print(f"{len(df)} measures" + ("" if show_all else f" in force on {when.isoformat()}"))
    rate = "rate_pct_now" if "rate_pct_now" in df else "rate_pct"
    exempt = "usmca_exempt_now" if "usmca_exempt_now" in df else "usmca_exempt"
    for _, r in df.iterrows():
        status = f" [{r['status']}]" if "status" in df and r["status"] != "in force" else ""
        con.print(f"{r['id']}: {r['imposer']} on {r['target']}, {r[rate]:g}% on "
                  f"{r['product_scope']}; USMCA exempt: {r[exempt]}; from {r['start']}"
                  f"{status}\n    {r['source_url']}")


@command.command(epilog="""\b
Examples:
  trilateral measures counts --from 2018-01
  trilateral measures counts --json
""")
@click.option("--from", "first", default="2017-01", show_default=True, help="First month.")
@click.option("--to", "last", default=None, help="Last month (default: this month).")
@FILE_OPTION
@json_option
def counts(first: str, last: str | None, measures_file: Path | None, as_json: bool) -> None:
    """Measures in force at each month end, per imposer and target (the reversal level)."""
    from trilateral.evidence import measures

    try:
        df = measures.monthly_counts(first, last, measures_file)
    except ValueError as exc:
        raise click.BadParameter(f"not a month (YYYY-MM): {exc}") from exc
    if as_json:
        echo_json({"counts": measures.to_records(df)})
        return
    con = console()
    for _, r in df.iterrows():
        flag = f" ({r['unverified']} not checked through this month)" if r["unverified"] else ""
        con.print(f"{r['month']} {r['imposer']}->{r['target']}: {r['measures']} in force, "
                  f"top rate {r['max_rate_pct']:g}%{flag}")


@command.command(epilog="""\b
Examples:
  trilateral measures validate
  trilateral measures validate --file my_measures.csv --json
""")
@FILE_OPTION
@json_option
def validate(measures_file: Path | None, as_json: bool) -> None:
    """Check every row (dates, rates, countries, URLs); exit 3 naming line and field."""
    from trilateral.errors import ValidationError
    from trilateral.evidence import measures

    report = measures.validate(measures_file)
    if as_json:
        echo_json(report.to_dict())
    else:
        con = console()
        con.print(f"{report.path}: {report.rows} rows; source URLs not seen: "
                  f"{report.unverified_url}")
        for p in report.problems:
            con.print(f"  [red]{p}[/red]")
    if not report.ok:
        p = report.problems[0]
        raise ValidationError(f"{len(report.problems)} problems; first: {p.message}",
                              file=p.file, row=p.row, field=p.field)
    if not as_json:
        console().print("[green]measures valid[/green]")
