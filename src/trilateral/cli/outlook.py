"""``trilateral outlook``: forecasts, signposts, path probabilities; ``outlook backtest``."""

from __future__ import annotations

from typing import Any

import click

from trilateral.cli._common import console, echo_json, json_option

EPILOG = """\b
Examples:
  trilateral outlook
  trilateral outlook --horizon 2035 --json
  trilateral outlook --as-of 2006-03-31 --horizon 2016      (the Cancun replay)
  trilateral outlook backtest --from 2000 --to 2018 --json

\b
JSON keys: forecasts (indicator, reporter, partner, flow, year, point, lower, upper, level,
model, and for a past --as-of also realized, hit, scaled_error, crps), nowcasts (years before
the as-of year not yet public then), series (model or the reason there is none), signposts,
path_probabilities (sum to 1), verdicts, scores (past --as-of only), gaps, caveats.
Method: docs/method.md, section "Outlook".
"""

BACKTEST_EPILOG = """\b
Examples:
  trilateral outlook backtest
  trilateral outlook backtest --from 1998 --to 2020 --steps 3
  trilateral outlook backtest --from 2000 --to 2018 --json

\b
Origins are 31 March of each year; each uses only what was public that day. Reports 80%/95%
interval coverage, MASE and CRPS against persistence (per series and per lead year) and
Brier scores of the signposts one year ahead.
"""


@click.group(name="outlook", invoke_without_command=True, epilog=EPILOG)
@click.option("--as-of", "as_of", metavar="DATE",
              help="Forecast from what was public on this ISO date (default: today).")
@click.option("--horizon", type=int, default=None, metavar="YEAR",
              help="Last year to project (default 2030).")
@click.option("--no-paths", is_flag=True, help="Skip the path verdicts (faster).")
@json_option
@click.pass_context
def command(ctx: click.Context, as_of: str | None, horizon: int | None, no_paths: bool,
            as_json: bool) -> None:
    """Project the key indicators with 80%/95% intervals, read the signposts, and give each
    path's probability of being the dominant one at the horizon."""
    if ctx.invoked_subcommand is not None:
        return
    from trilateral import outlook

    o = outlook.run(as_of=as_of, horizon=horizon or outlook.DEFAULT_HORIZON,
                    use_paths=not no_paths)
    if as_json:
        d = o.to_dict()
        if o.past:
            from trilateral.outlook.replay import closing_note

            d["closing_note"] = closing_note(o)
        echo_json(d)
        return
    _print(o)


@command.command(name="backtest", epilog=BACKTEST_EPILOG)
@click.option("--from", "start", type=int, default=2000, show_default=True, metavar="YEAR",
              help="First origin year.")
@click.option("--to", "end", type=int, default=None, metavar="YEAR",
              help="Last origin year (default: last year).")
@click.option("--steps", type=int, default=5, show_default=True,
              help="Years projected from each origin.")
@json_option
def backtest_command(start: int, end: int | None, steps: int, as_json: bool) -> None:
    """Score forecasts made from rolling past origins against what happened."""
    from trilateral import outlook

    bt = outlook.backtest(start=start, end=end, steps=steps)
    if as_json:
        echo_json(bt.to_dict())
        return
    _print_backtest(bt.to_dict())


def _f(x: Any, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.0f}%" if pct else f"{x:.2f}"


def _print(o: Any) -> None:
    from rich.table import Table

    con = console()
    d = o.to_dict()
    con.print(f"[bold]Outlook[/bold] as of {d['as_of'] or 'today'} to {d['horizon']}")
    t = Table("series", "last known", f"{d['horizon']}", "80%", "95%", "model")
    items = {(i["indicator"], i["reporter"], i["partner"], i["flow"], i["level"]): i
             for i in d["forecasts"] if i["year"] == d["horizon"]}
    for s in d["series"]:
        k = (s["indicator"], s["reporter"], s["partner"], s["flow"])
        i80, i95 = items.get((*k, 0.8)), items.get((*k, 0.95))
        last = f"{_f(s['last_value'])} ({s['last_year']})" if s["last_year"] else "none"
        name = f"{s['indicator']} {s['reporter']}-{s['partner']}".replace("ledger-", "")
        if i80 and i95:
            t.add_row(name, last, _f(i80["point"]), f"{_f(i80['lower'])}-{_f(i80['upper'])}",
                      f"{_f(i95['lower'])}-{_f(i95['upper'])}", s["model"].split(" on ")[0])
        else:
            t.add_row(name, last, "-", "-", "-", f"[dim]{s['status'].replace('_', ' ')}[/dim]")
    con.print(t)
    for s in d["series"]:
        if s["status"] != "forecast":
            con.print(f"[dim]no forecast for {s['label']}: {s['reason']}[/dim]")
    _print_signposts(con, d["signposts"])
    _print_probabilities(con, d["path_probabilities"])
    if o.past:
        from trilateral.outlook.replay import closing_note

        con.print(closing_note(o))
    for k, why in d["gaps"].items():
        con.print(f"[yellow]data gap[/yellow] {k}: {why}")


def _print_signposts(con: Any, signs: list[dict[str, Any]]) -> None:
    from rich.table import Table

    t = Table("path", "signpost", "status", "P(met at horizon)")
    for s in signs:
        t.add_row(s["path"], s["text"], s["status"], _f(s["probability"]))
    con.print(t)


def _print_probabilities(con: Any, probs: list[dict[str, Any]]) -> None:
    from rich.table import Table

    t = Table("path", "probability", "90% interval", "verdict", "momentum", "signposts")
    for p in probs:
        c = p["components"]
        t.add_row(p["path"], _f(p["probability"]), f"{_f(p['lower'])}-{_f(p['upper'])}",
                  *(_f(c[k]["value"]) for k in ("verdict", "momentum", "signposts")))
    con.print(t)
    con.print("[dim]Dominant-path probabilities at the horizon: a normalised summary of the "
              "evidence, not calibrated frequencies (docs/method.md).[/dim]")


def _print_backtest(d: dict[str, Any]) -> None:
    from rich.table import Table

    con = console()
    o = d["overall"]
    con.print(f"[bold]Backtest[/bold] origins {d['from']}-{d['to']} (31 March), "
              f"{d['steps']} years ahead, {o['n']} scored forecast years")
    con.print(f"All series: 80% coverage {_f(o['coverage_80'], True)}, 95% coverage "
              f"{_f(o['coverage_95'], True)}; MASE {_f(o['mase'])} against "
              f"{_f(o['mase_persistence'])} for persistence, skill {_f(o['skill_mase'])}; "
              f"CRPS skill {_f(o['skill_crps'])}")
    cols = ("n", "80% coverage", "95% coverage", "MASE", "MASE persistence", "skill",
            "CRPS skill")
    t = Table("series", *cols)
    for row in [{"label": "all series", **o}, *d["by_series"].values()]:
        t.add_row(row["label"], str(row["n"]), _f(row["coverage_80"], True),
                  _f(row["coverage_95"], True), _f(row["mase"]), _f(row["mase_persistence"]),
                  _f(row["skill_mase"]), _f(row["skill_crps"]))
    con.print(t)
    s = d["signposts"]["overall"]
    con.print(f"Signposts one year ahead: Brier {_f(s['brier'])} (n={s['n']}) against "
              f"{_f(s['brier_persistence'])} for persistence (n={s['n_persistence']}).")
    con.print("[dim]skill = 1 - MASE / MASE of persistence (above 0: better than carrying the "
              "last value forward).[/dim]")
