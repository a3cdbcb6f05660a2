"""``trilateral outlook``: forecasts, signposts, the path index; ``backtest``, ``questions``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from trilateral.cli._common import console, echo_json, json_option, progress_steps
from trilateral.outlook.options import CONFIGS, DEFAULT_CONFIG

UNCALIBRATED_OPTION = click.option(
    "--uncalibrated", is_flag=True,
    help="Keep the models' own intervals: no calibration on past errors, no monthly jump-off "
         "(faster on a cold cache).")
CONFIG_OPTION = click.option("--config", "config", type=click.Choice(list(CONFIGS)),
                             default=DEFAULT_CONFIG, show_default=True,
                             help="Forecast configuration (docs/method.md, Outlook).")

EPILOG = """\b
Examples:
  trilateral outlook
  trilateral outlook --horizon 2035 --json
  trilateral outlook --as-of 2006-03-31 --horizon 2016      (the Cancun replay)
  trilateral outlook --track-record 0 --no-paths            (fastest)
  trilateral outlook --config random-walk --json
  trilateral outlook backtest --from 2000 --to 2018 --json

\b
JSON keys: forecasts (indicator, reporter, partner, flow, year, point, lower, upper, level,
model, and for a past --as-of also realized, hit, scaled_error, crps), nowcasts (years before
the as-of year not yet public then), series (model, candidates with AICc weights, or the
reason there is none), signposts, path_index (a normalised evidence index summing to 1 by
construction: not a probability), verdicts, scores (past --as-of only, also by_family), skill
(per indicator family: did the models beat persistence in the track record and, for a past
--as-of, since), track_record, calibration (past errors the trade intervals are calibrated on,
monthly jump-offs), configuration (the frozen [[outlook]] defaults used; in-sample when fixed
after the as-of date), method, gaps, caveats. Forecast items carry calibrated lower/upper, the
model's own model_lower/model_upper and the persistence baseline beside them.
The track record backtests the origins before the as-of date; its first run fits the models
at each origin (about five seconds per origin year), later runs read them from the cache.
Method: docs/method.md, section "Outlook".
"""

BACKTEST_EPILOG = """\b
Examples:
  trilateral outlook backtest
  trilateral outlook backtest --from 1998 --to 2020 --steps 3
  trilateral outlook backtest --from 2000 --to 2018 --json
  trilateral outlook backtest --from 1998 --to 2005 --known-by 2006-03-31 --config combined-drift

\b
Origins are 31 March of each year; each uses only what was public that day. Reports 80%/95%
interval coverage, MASE and CRPS against persistence (per indicator family with a skill note,
per series and per lead year) and Brier scores of the signposts one year ahead. --known-by
scores only values public by that date (the configuration was chosen with origins 1998-2005
known by 2006-03-31); --config compares the forecast configurations.
"""


COMPARE_EPILOG = """\b
Examples:
  trilateral outlook compare --from 1998 --to 2005 --known-by 2006-03-31
  trilateral outlook compare --from 2000 --to 2024 --json

\b
Backtests every forecast configuration on the same origins and applies the rule: among the
configurations whose 80% and 95% intervals held within 5 points of their level, the one with the
lowest mean CRPS. The default configuration is this rule's choice on origins 1998-2005 scored on
values public by 2006-03-31 (the first example), so the Cancun replay is out of sample.
"""


@click.group(name="outlook", invoke_without_command=True, epilog=EPILOG)
@click.option("--as-of", "as_of", metavar="DATE",
              help="Forecast from what was public on this ISO date (default: today).")
@click.option("--horizon", type=int, default=None, metavar="YEAR",
              help="Last year to project (default 2030).")
@click.option("--no-paths", is_flag=True, help="Skip the path verdicts (faster).")
@click.option("--track-record", "track", type=click.IntRange(min=0), default=10,
              show_default=True, metavar="YEARS",
              help="Backtest this many origin years before the as-of date for the per-family "
                   "skill notes (0 skips it).")
@CONFIG_OPTION
@UNCALIBRATED_OPTION
@json_option
@click.pass_context
def command(ctx: click.Context, as_of: str | None, horizon: int | None, no_paths: bool,
            track: int, config: str, uncalibrated: bool, as_json: bool) -> None:
    """Project the key indicators with calibrated 80%/95% intervals beside persistence, read
    the signposts, and give each path's normalised evidence index (not a probability)."""
    if ctx.invoked_subcommand is not None:
        return
    from trilateral import outlook

    o = outlook.run(as_of=as_of, horizon=horizon or outlook.DEFAULT_HORIZON,
                    use_paths=not no_paths, config=config, track_record=track,
                    calibrated=not uncalibrated)
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
@click.option("--known-by", "known_by", metavar="DATE",
              help="Score only realised values public by this ISO date.")
@click.option("--no-signposts", is_flag=True, help="Skip the signpost Brier scores (faster).")
@CONFIG_OPTION
@UNCALIBRATED_OPTION
@json_option
def backtest_command(start: int, end: int | None, steps: int, known_by: str | None,
                     no_signposts: bool, config: str, uncalibrated: bool, as_json: bool) -> None:
    """Score forecasts made from rolling past origins against what happened."""
    from trilateral import outlook
    from trilateral.indicators.asof import parse_as_of

    last = dt.date.today().year - 1 if end is None else end
    with progress_steps("backtest", total=max(last - start + 1, 1), enabled=not as_json) as step:
        bt = outlook.backtest(start=start, end=end, steps=steps, config=config,
                              known_by=parse_as_of(known_by), with_signposts=not no_signposts,
                              calibrated=not uncalibrated, progress=step)
    d = bt.to_dict()
    if as_json:
        echo_json(d)
        return
    _print_backtest(d)


@command.command(name="compare", epilog=COMPARE_EPILOG)
@click.option("--from", "start", type=int, default=1998, show_default=True, metavar="YEAR",
              help="First origin year.")
@click.option("--to", "end", type=int, default=2005, show_default=True, metavar="YEAR",
              help="Last origin year.")
@click.option("--known-by", "known_by", default="2006-03-31", show_default=True, metavar="DATE",
              help="Score only realised values public by this ISO date ('none': all).")
@json_option
def compare_command(start: int, end: int, known_by: str, as_json: bool) -> None:
    """Compare the forecast configurations in a backtest and show which one the rule picks."""
    from trilateral.indicators.asof import parse_as_of
    from trilateral.outlook.selection import compare

    day = None if known_by.lower() == "none" else parse_as_of(known_by)
    d = compare(start, end, known_by=day).to_dict()
    if as_json:
        echo_json(d)
        return
    _print_compare(d)


def _print_compare(d: dict[str, Any]) -> None:
    from rich.table import Column, Table

    con = console()
    known = f", values public by {d['known_by']}" if d["known_by"] else ""
    con.print(f"[bold]Configurations[/bold] backtested from origins {d['from']}-{d['to']}{known}")
    t = Table(Column("config", no_wrap=True), "n", "80%", "95%", "CRPS", "skill MASE",
              "skill CRPS", Column("calibrated", no_wrap=True))
    for r in d["configs"]:
        t.add_row(r["config"], str(r["n"]), _f(r["coverage_80"], True),
                  _f(r["coverage_95"], True), _f(r["crps"], digits=4), _f(r["skill_mase"]),
                  _f(r["skill_crps"]), "yes" if r["calibrated"] else "no")
    con.print(t)
    con.print(f"Coverage: share of realised values inside the 80% and 95% intervals. Rule: "
              f"{d['rule']}. Chosen: {d['chosen'] or 'none is calibrated'}.")


def _f(x: Any, pct: bool = False, digits: int = 2) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.0f}%" if pct else f"{x:.{digits}f}"


def _print(o: Any) -> None:
    from rich.table import Table

    con = console()
    d = o.to_dict()
    con.print(f"[bold]Outlook[/bold] as of {d['as_of'] or 'today'} to {d['horizon']}")
    t = Table("series", "last known", f"{d['horizon']}", "80%", "95%", "persistence 80%",
              "model")
    items = {(i["indicator"], i["reporter"], i["partner"], i["flow"], i["level"]): i
             for i in d["forecasts"] if i["year"] == d["horizon"]}
    for s in d["series"]:
        k = (s["indicator"], s["reporter"], s["partner"], s["flow"])
        i80, i95 = items.get((*k, 0.8)), items.get((*k, 0.95))
        last = f"{_f(s['last_value'])} ({s['last_year']})" if s["last_year"] else "none"
        name = f"{s['indicator']} {s['reporter']}-{s['partner']}".replace("ledger-", "")
        if i80 and i95:
            cal = "" if i80.get("calibrated", True) else "*"
            t.add_row(name, last, _f(i80["point"]),
                      f"{_f(i80['lower'])}-{_f(i80['upper'])}{cal}",
                      f"{_f(i95['lower'])}-{_f(i95['upper'])}{cal}",
                      f"{_f(i80['persistence_lower'])}-{_f(i80['persistence_upper'])}",
                      _short_model(s))
        else:
            t.add_row(name, last, "-", "-", "-", "-",
                      f"[dim]{s['status'].replace('_', ' ')}[/dim]")
    con.print(t)
    con.print("[dim]model: the candidate with the largest AICc weight (+ how many others share "
              "the rest; JSON: series[].candidates). Trade intervals are calibrated on past "
              "errors; * the model's own interval (ledger counts, whose intervals held their "
              "level, or too few past errors); persistence: the last value with its own "
              "interval, the baseline to beat (see each family's skill below).[/dim]")
    for s in d["series"]:
        if s["status"] != "forecast":
            con.print(f"[dim]no forecast for {s['label']}: {s['reason']}[/dim]")
    _print_skill(con, d["skill"])
    _print_signposts(con, d["signposts"])
    _print_index(con, d["path_index"])
    if o.past:
        from trilateral.outlook.replay import closing_note

        con.print(closing_note(o))
    for k, why in d["gaps"].items():
        con.print(f"[yellow]data gap[/yellow] {k}: {why}")


def _short_model(s: dict[str, Any]) -> str:
    """The candidate with the largest weight, and how many others share the rest."""
    used = sorted((c for c in s["candidates"] if c["weight"] >= 0.005),
                  key=lambda c: -c["weight"])
    if not used:
        return s["model"].split(" on ")[0]
    more = f" +{len(used) - 1}" if len(used) > 1 else ""
    return f"{used[0]['model']} {used[0]['weight']:.2f}{more}"


def _print_skill(con: Any, skill: dict[str, Any]) -> None:
    for s in skill.values():
        con.print(f"[bold]{s['label']}[/bold], track record: {s['track_record']}")
        if s["realised"]:
            con.print(f"  since the as-of date: {s['realised']}")


def _print_signposts(con: Any, signs: list[dict[str, Any]]) -> None:
    from rich.table import Table

    t = Table("path", "signpost", "status", "P(met at horizon)")
    for s in signs:
        t.add_row(s["path"], s["text"], s["status"], _f(s["probability"]))
    con.print(t)


def _print_index(con: Any, rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    t = Table("path", "evidence index", "verdict", "momentum", "signposts")
    for p in rows:
        c = p["components"]
        t.add_row(p["path"], _f(p["index"]),
                  *(_f(c[k]["value"]) for k in ("verdict", "momentum", "signposts")))
    con.print(t)
    con.print("[dim]Normalised evidence index: sums to 1 by construction, not a probability "
              "(the paths are not mutually exclusive; docs/method.md).[/dim]")


def _print_backtest(d: dict[str, Any]) -> None:
    from rich.table import Table

    con = console()
    h = d["headline"]
    known = f", scored on values public by {d['known_by']}" if d["known_by"] else ""
    con.print(f"[bold]Backtest[/bold] origins {d['from']}-{d['to']} (31 March), "
              f"{d['steps']} years ahead{known}; configuration {d['config']} "
              f"({d['configuration']['label']}; {d['configuration']['vintages']})")
    con.print(f"Headline, {h['label']} (n={h['n']}): calibrated intervals held "
              f"{_f(h.get('coverage_80_calibrated'), True)} (80%) and "
              f"{_f(h.get('coverage_95_calibrated'), True)} (95%), the model's own "
              f"{_f(h.get('coverage_80'), True)} and {_f(h.get('coverage_95'), True)}; MASE skill "
              f"{_f(h.get('skill_mase'))}, CRPS skill {_f(h.get('skill_crps'))} against "
              f"persistence (ledger counts excluded)")
    cols = ("n", "80% model", "95% model", "80% calibrated", "95% calibrated", "MASE",
            "MASE persistence", "skill", "CRPS skill")
    t = Table("series", *cols)
    fams = [{**f, "label": f"family: {f['label']}"} for f in d["by_family"].values()]
    for row in [*fams, *d["by_series"].values()]:
        t.add_row(row["label"], str(row["n"]), _f(row["coverage_80"], True),
                  _f(row["coverage_95"], True), _f(row.get("coverage_80_calibrated"), True),
                  _f(row.get("coverage_95_calibrated"), True), _f(row["mase"]),
                  _f(row["mase_persistence"]), _f(row["skill_mase"]), _f(row["skill_crps"]))
    con.print(t)
    for f in d["by_family"].values():
        con.print(f"[bold]{f['label']}[/bold]: {f['skill_note']}")
    _print_signpost_scores(con, d["signposts"])
    con.print("[dim]skill = 1 - score / score of persistence (above 0: better than carrying the "
              "last value forward). Calibrated: " + d["calibration"] + ".[/dim]")


def _print_signpost_scores(con: Any, sp: dict[str, Any]) -> None:
    from rich.table import Table

    s = sp["overall"]
    con.print(f"Signposts one year ahead: Brier {_f(s['brier'], digits=3)} (n={s['n']}), "
              f"persistence {_f(s['brier_persistence'], digits=3)}, climatology "
              f"{_f(s['brier_climatology'], digits=3)}.")
    t = Table("signpost", "n", "Brier", "persistence", "climatology", "base rate", "flag")
    for k, v in sp["by_signpost"].items():
        t.add_row(k, str(v["n"]), _f(v["brier"], digits=3), _f(v["brier_persistence"], digits=3),
                  _f(v["brier_climatology"], digits=3), _f(v["base_rate"]),
                  "[red]worse than climatology[/red]" if v["worse_than_climatology"] else "")
    con.print(t)


QUESTIONS_EPILOG = """\b
Examples:
  trilateral outlook questions
  trilateral outlook questions --json
  trilateral outlook questions --record                 (append today's forecasts)
  trilateral outlook questions --record-file my.jsonl

\b
Each question has an exact resolution rule, the series that resolves it, a base rate with its
reference class, and trilateral's probability with how it was computed. Resolved questions are
scored (Brier and log score) beside the base rate. --record appends the open questions'
probabilities, with the date and the frozen configuration, to the append-only record
(default: the packaged forecast_record.jsonl). JSON keys: questions, scores, configuration,
note, record.
"""


@command.command(name="questions", epilog=QUESTIONS_EPILOG)
@click.option("--record", "do_record", is_flag=True,
              help="Append today's probabilities of the open questions to the record.")
@click.option("--record-file", "record_file", type=click.Path(dir_okay=False), default=None,
              help="The append-only record to read and append to (default: the packaged one).")
@json_option
def questions_command(do_record: bool, record_file: str | None, as_json: bool) -> None:
    """List the forecast questions with trilateral's probabilities, base rates and scores."""
    from pathlib import Path

    from trilateral.outlook import questions

    path = Path(record_file) if record_file else questions.RECORD_FILE
    d = questions.evaluate(record=path)
    if do_record or record_file:
        d["recorded"] = questions.append_record(d, path) if do_record else []
        d["record"] = questions.read_record(path)
    if as_json:
        echo_json(d)
        return
    _print_questions(d)


def _print_questions(d: dict[str, Any]) -> None:
    from rich.table import Column, Table

    con = console()
    t = Table(Column("id", no_wrap=True), "resolves", "trilateral", "base rate",
              Column("status"), "outcome")
    for q in d["questions"]:
        out = "" if q["outcome"] is None else ("yes" if q["outcome"] else "no")
        t.add_row(q["id"], q["resolves"], _f(q["probability"]),
                  _f(q["base_rate"]["value"]), q["status"], out)
    con.print(t)
    s = d["scores"]
    con.print(f"Resolved: {s['n']}; Brier {_f(s['brier'], digits=3)} against "
              f"{_f(s['brier_base_rate'], digits=3)} for the base rates, log score "
              f"{_f(s['log_score'], digits=3)} against {_f(s['log_score_base_rate'], digits=3)} "
              "(lower is better).")
    con.print(f"[dim]{d['note']} Record: {len(d['record'])} entries.[/dim]")
    for q in d.get("recorded", []):
        con.print(f"recorded {q['id']}: {_f(q['probability'])}")
