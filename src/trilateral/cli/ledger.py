"""``trilateral ledger``: the evidence ledger of coded events (validate, list, add, import, ...)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape

from trilateral.cli._common import console, dumps, echo_json, json_option
from trilateral.errors import TrilateralError
from trilateral.evidence.schema import DIRECTIONS, DOMAINS, LEVELS, PATHS

LEDGER_OPTION = click.option(
    "--ledger", "ledger_file", type=click.Path(dir_okay=False, path_type=Path),
    help="Ledger file (default: $TRILATERAL_LEDGER or the packaged ledger).")


@click.group(name="ledger", epilog="""\b
Examples:
  trilateral ledger validate
  trilateral ledger list --path reversal --from 2017-01-01 --json
  trilateral ledger import new-events.jsonl
  trilateral ledger activity --as-of 2006-03-31
  trilateral ledger reliability --json

The ledger is the packaged ledger.jsonl unless TRILATERAL_LEDGER names another file.
Coding rules: docs/codebook.md.
""")
def command() -> None:
    """The evidence ledger: dated, sourced events coded by path, direction and level."""


@command.command(epilog="""\b
Examples:
  trilateral ledger validate
  trilateral ledger validate --json
""")
@LEDGER_OPTION
@json_option
def validate(ledger_file: Path | None, as_json: bool) -> None:
    """Check every event against the codebook's schema; exit 3 if any is wrong."""
    from trilateral.errors import ValidationError
    from trilateral.evidence import ledger, measures

    report = ledger.validate(ledger_file)
    table = measures.validate()
    report.problems.extend(table.problems)
    if as_json:
        echo_json({**report.to_dict(), "measures": table.to_dict()})
    else:
        con = console()
        con.print(f"{report.path}: {report.events} events, {report.first_date} to "
                  f"{report.last_date}")
        con.print("per path: " + ", ".join(f"{k} {v}" for k, v in report.paths.items()))
        con.print(f"source URLs not verified by the coder: {report.unverified_url}")
        con.print(f"tariff measures: {table.rows} rows, {table.unverified_url} URLs not seen")
        for p in report.problems:
            con.print(f"  [red]{p}[/red]")
    if not report.ok:
        raise ValidationError(f"{len(report.problems)} problems", file=report.path)
    if not as_json:
        console().print("[green]ledger valid[/green]")


@command.command(name="list", epilog="""\b
Examples:
  trilateral ledger list
  trilateral ledger list --path political --from 2019-01-01 --to 2020-12-31
  trilateral ledger list --json
  trilateral ledger list --format csv > ledger.csv
""")
@click.option("--path", "path_", type=click.Choice(PATHS), multiple=True, help="Only these paths.")
@click.option("--from", "date_from", help="First date (YYYY-MM-DD or a year).")
@click.option("--to", "date_to", help="Last date (YYYY-MM-DD or a year).")
@click.option("--format", "fmt", type=click.Choice(("table", "csv", "jsonl")), default="table",
              show_default=True)
@LEDGER_OPTION
@json_option
def list_(path_: tuple[str, ...], date_from: str | None, date_to: str | None, fmt: str,
          ledger_file: Path | None, as_json: bool) -> None:
    """List events, optionally by path and date range."""
    from trilateral.evidence import records, store

    chosen = _filter(store.read_events(ledger_file), path_, date_from, date_to)
    if as_json:
        echo_json(chosen)
    elif fmt == "csv":
        click.echo(records.to_csv(chosen), nl=False)
    elif fmt == "jsonl":
        click.echo(records.to_jsonl(chosen), nl=False)
    else:
        _print_table(chosen)


def _filter(events: list[dict], paths: tuple[str, ...], date_from: str | None,
            date_to: str | None) -> list[dict]:
    from trilateral.evidence.ledger import as_date

    lo = _start(date_from) if date_from else None
    hi = as_date(date_to).isoformat() if date_to else None
    out = [e for e in events if not paths or e.get("path") in paths]
    out = [e for e in out if (lo is None or e["date"] >= lo) and (hi is None or e["date"] <= hi)]
    return out


def _start(text: str) -> str:
    from trilateral.evidence.ledger import as_date

    return f"{int(text):04d}-01-01" if text.strip().isdigit() else as_date(text).isoformat()


def _print_table(events: list[dict]) -> None:
    from rich.table import Table

    t = Table("date", "path", "dir", "level", "domain", "title")
    for e in events:
        t.add_row(e["date"], e["path"], e["direction"], e["level"], e["domain"], e["title"])
    con = console()
    con.print(t)
    con.print(f"{len(events)} events")


@command.command(epilog="""\b
Examples:
  trilateral ledger show 1994-01-01-nafta-enters-into-force
  trilateral ledger show 1994-01-01-nafta-enters-into-force --json
""")
@click.argument("event_id")
@LEDGER_OPTION
@json_option
def show(event_id: str, ledger_file: Path | None, as_json: bool) -> None:
    """Show one event with its coding and source."""
    from trilateral.evidence import ledger

    event = ledger.get(event_id, ledger_file)
    if as_json:
        echo_json(event)
        return
    con = console()
    for key, value in event.items():
        if isinstance(value, dict):
            value = "; ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        con.print(f"[bold]{key}[/bold]: {escape(str(value))}")


@command.command(epilog="""\b
Example:
  trilateral ledger add --date 2025-03-04 --countries USA,CAN --path reversal \\
    --direction - --level federal-executive --domain trade \\
    --title "US tariffs on Canadian goods take effect" \\
    --summary "Tariffs of 25% apply to most imports from Canada." \\
    --publisher "The White House" --source-title "Fact sheet" \\
    --url https://www.whitehouse.gov/... --coder analyst-a
""")
@click.option("--date", required=True, help="ISO date, YYYY-MM-DD.")
@click.option("--countries", required=True, help="ISO3 codes, comma-separated (USA,CAN,MEX).")
@click.option("--title", required=True)
@click.option("--summary", required=True, help="A short summary in your own words.")
@click.option("--path", "path_", required=True, type=click.Choice(PATHS))
@click.option("--direction", required=True, type=click.Choice(DIRECTIONS))
@click.option("--level", required=True, type=click.Choice(LEVELS))
@click.option("--domain", required=True, type=click.Choice(DOMAINS))
@click.option("--americanization/--no-americanization", default=False, show_default=True)
@click.option("--publisher", required=True, help="Source publisher.")
@click.option("--source-title", required=True, help="Title of the source document.")
@click.option("--url", required=True, help="URL of the primary or official document.")
@click.option("--url-verified/--url-unverified", default=False, show_default=True)
@click.option("--coder", required=True, help="Who coded it (a person, or model:NAME@VERSION).")
@click.option("--id", "event_id", help="Event id (default: date and a slug of the title).")
@click.option("--series", "series_id", default="ad hoc", show_default=True,
              help="The declared series the event belongs to (trilateral ledger series).")
@LEDGER_OPTION
@json_option
def add(date: str, countries: str, title: str, summary: str, path_: str, direction: str,
        level: str, domain: str, americanization: bool, publisher: str, source_title: str,
        url: str, url_verified: bool, coder: str, event_id: str | None, series_id: str,
        ledger_file: Path | None, as_json: bool) -> None:
    """Add one event (refused if invalid or already in the ledger)."""
    from trilateral.evidence import ledger

    event = {
        "date": date, "countries": [c.strip().upper() for c in countries.split(",") if c.strip()],
        "title": title, "summary": summary, "path": path_, "direction": direction,
        "level": level, "domain": domain, "americanization": americanization,
        "source": {"publisher": publisher, "title": source_title, "url": url,
                   "url_verified": url_verified},
        "coder": coder, "series": series_id,
    }
    if event_id:
        event["id"] = event_id
    result = ledger.add(event, ledger_file)
    if as_json:
        echo_json(result.to_dict())
    else:
        console().print(f"added {result.added[0]} to {result.ledger}")


@command.command(name="import", epilog="""\b
Examples:
  trilateral ledger import events.jsonl
  trilateral ledger import a.jsonl b.csv --dry-run --json

All or nothing: any bad row (reported by file, row number and field) refuses the whole import
and leaves the ledger byte-identical. Events already present (same date, title and source URL)
are skipped and listed. CSV files use the columns of `ledger export --format csv`.
""")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report, write nothing.")
@LEDGER_OPTION
@json_option
def import_(files: tuple[Path, ...], dry_run: bool, ledger_file: Path | None,
            as_json: bool) -> None:
    """Import events from JSONL or CSV files (all or nothing; duplicates skipped)."""
    from trilateral.evidence import ledger

    try:
        result = ledger.import_files(files, ledger_file, dry_run=dry_run)
    except TrilateralError as exc:
        _report_problems(exc, as_json)
        raise
    if as_json:
        echo_json(result.to_dict())
        return
    con = console()
    verb = "would add" if dry_run else "added"
    con.print(f"{verb} {len(result.added)} of {result.rows} rows to {result.ledger}")
    for d in result.duplicates:
        con.print(f"  skipped duplicate: {d['file']} row {d['row']} ({d['id']}) is "
                  f"{d['duplicate_of']}")


def _report_problems(exc: TrilateralError, as_json: bool) -> None:
    problems = getattr(exc, "problems", None)
    if as_json:
        body = exc.to_dict() | {"problems": [p.to_dict() for p in problems or []]}
        echo_json(body)
    elif problems and len(problems) > 1:
        con = console(stderr=True)
        for p in problems:
            con.print(f"  {p}")


@command.command(epilog="""\b
Examples:
  trilateral ledger export --out ledger.csv --format csv
  trilateral ledger export --format jsonl
""")
@click.option("--format", "fmt", type=click.Choice(("jsonl", "csv", "json")), default="jsonl",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@LEDGER_OPTION
def export(fmt: str, out: Path | None, ledger_file: Path | None) -> None:
    """Export the whole ledger as JSONL, CSV or a JSON list."""
    from trilateral.evidence import records, store

    evs = store.read_events(ledger_file)
    text = {"jsonl": records.to_jsonl, "csv": records.to_csv}.get(fmt, dumps)(evs)
    if out:
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        console(stderr=True).print(f"wrote {len(evs)} events to {out}")
    else:
        click.echo(text, nl=not text.endswith("\n"))


@command.command(epilog="""\b
Examples:
  trilateral ledger activity
  trilateral ledger activity --as-of 2006-03-31 --window 5 --json
""")
@click.option("--as-of", default=None, help="Last date counted (default: today).")
@click.option("--window", "window", type=int, default=5, show_default=True,
              help="Years in each momentum window.")
@LEDGER_OPTION
@json_option
def activity(as_of: str | None, window: int, ledger_file: Path | None, as_json: bool) -> None:
    """Per path: counts, net direction and momentum (recent window vs the one before)."""
    import datetime as dt

    from trilateral.evidence import ledger, momentum

    day = as_of or dt.date.today().isoformat()
    frame = momentum.path_activity(ledger.events(path=ledger_file), day, window)
    table = frame.attrs["momentum"]
    if as_json:
        yearly = frame[["path", "year", "count", "positive", "negative", "neutral",
                        "net_direction", "event_ids"]]
        echo_json({"as_of": day, "window_years": window, "momentum": table.to_dict("records"),
                   "yearly": yearly.to_dict("records"), "caveat": frame.attrs["caveat"]})
        return
    _print_momentum(table, day, window)


def _print_momentum(table, day: str, window: int) -> None:
    from rich.table import Table

    t = Table("path", f"last {window}y", f"prior {window}y", "rate ratio", "95% interval",
              "net +/- recent", title=f"momentum as of {day}")
    for r in table.to_dict("records"):
        t.add_row(r["path"], str(r["recent_count"]), str(r["earlier_count"]),
                  f"{r['momentum']:.2f}", f"{r['momentum_low']:.2f} to {r['momentum_high']:.2f}",
                  f"{r['recent_net']:+d}")
    console().print(t)


@command.command(epilog="""\b
Examples:
  trilateral ledger reliability
  trilateral ledger reliability --json
  trilateral ledger reliability --recode other-coder.jsonl --json

Without --recode: alpha under the original rules (the first coding as it stood against the
blind second coding) and under the revised direction rule (the recoded ledger against a blind
coding under the revised rules), field by field.
""")
@click.option("--recode", "recode_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Compare the ledger with this blind second coding instead.")
@LEDGER_OPTION
@json_option
def reliability(recode_file: Path | None, ledger_file: Path | None, as_json: bool) -> None:
    """Krippendorff's alpha (nominal) per coded field, ledger against a blind second coding."""
    from trilateral.evidence import reliability as rel
    from trilateral.evidence import store

    events = store.read_events(ledger_file)
    if recode_file is not None:
        report = rel.reliability(events, rel.read_recode(recode_file))
        if as_json:
            echo_json(report.to_dict())
        else:
            _print_reliability(report, f"{report.units} events coded twice")
        return
    both = rel.revision_report(events)
    if as_json:
        echo_json(both.to_dict())
        return
    _print_reliability(both.original, f"original rules: {both.original.units} events coded "
                                      "twice (first coding as it stood)")
    _print_reliability(both.revised, f"revised rules: {both.revised.units} events coded twice "
                                     "(recoded ledger)")


def _print_reliability(report, title: str) -> None:
    from rich.table import Table

    t = Table("field", "alpha", "agreement", "units", "reading", title=title)
    for f in report.fields:
        alpha = "n/a" if f.alpha is None else f"{f.alpha:.3f}"
        t.add_row(f.field, alpha, f"{f.agreement:.1%}", str(f.units), f.reading)
    console().print(t)
    if report.missing_in_ledger:
        console().print(f"not in the ledger: {', '.join(report.missing_in_ledger)}")


@command.command(epilog="""\b
Examples:
  trilateral ledger series
  trilateral ledger series --json

Each series is a defined universe of events: its definition, the list that enumerates it,
the span over which the ledger holds all of it, and whether the ledger is complete against
that list. Only events of a complete series inside its span are counted by the checks.
""")
@LEDGER_OPTION
@json_option
def series(ledger_file: Path | None, as_json: bool) -> None:
    """The ledger's event series: universe, complete span and completeness; exit 3 if any
    series is incomplete."""
    from trilateral.errors import ValidationError
    from trilateral.evidence import series as ser
    from trilateral.evidence import store

    events = store.read_events(ledger_file)
    checked = ser.completeness(events)
    ad_hoc = sum(e.get("series", ser.AD_HOC) == ser.AD_HOC for e in events)
    if as_json:
        echo_json({"series": [c.to_dict() for c in checked], "ad_hoc_events": ad_hoc,
                   "events": len(events)})
    else:
        _print_series(checked, ad_hoc, len(events))
    bad = [c.series.id for c in checked if not c.complete]
    if bad:
        raise ValidationError(f"incomplete series: {', '.join(bad)}", field="series")


def _print_series(checked, ad_hoc: int, total: int) -> None:
    con = console()
    for c in checked:
        s = c.series
        mark = "[green]complete[/green]" if c.complete else "[red]INCOMPLETE[/red]"
        con.print(f"[bold]{escape(s.id)}[/bold]: {escape(s.name)} ({mark}, "
                  f"{c.tagged}/{len(s.members)} events, path {s.path})")
        con.print(f"  complete {s.complete_from} to {s.complete_through}")
        con.print(f"  definition: {escape(s.definition)}")
        lst = s.enumerating_list
        verified = "" if lst.get("url_verified") else " (URL not verified)"
        con.print(f"  enumerated by: {escape(lst['publisher'])}, {escape(lst['title'])}, "
                  f"{escape(lst['url'])}{verified}")
        con.print(f"  completeness: {escape(s.completeness)}")
        for p in c.problems:
            con.print(f"  [red]{escape(p)}[/red]")
    con.print(f"{ad_hoc} of {total} events are ad hoc: listed, never counted")


@command.command(name="recode-sample", epilog="""\b
Examples:
  trilateral ledger recode-sample --n 48
  trilateral ledger recode-sample --n 48 --out src/trilateral/evidence/data/recode_input.jsonl
""")
@click.option("--n", "n", type=int, default=48, show_default=True, help="Events in the sample.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSONL here (default: standard output).")
@LEDGER_OPTION
def recode_sample(n: int, out: Path | None, ledger_file: Path | None) -> None:
    """Draw a fixed sample of events, without their codes, for blind second coding."""
    from trilateral.evidence import reliability as rel
    from trilateral.evidence import store
    from trilateral.provenance import atomic_write_bytes

    sample = rel.recode_sample(store.read_events(ledger_file), n)
    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in sample)
    if out:
        atomic_write_bytes(out, text.encode("utf-8"))
        console(stderr=True).print(f"wrote {len(sample)} events to {out}")
    else:
        click.echo(text, nl=False)


@command.command(name="import-docs", epilog="""\b
Examples:
  trilateral ledger import-docs ../shared/corpus/whitehouse-2021-2022
  trilateral ledger import-docs docs-in/ --min-confidence 0.5 --json

Documents (.md, .txt) need a date and source_url in their YAML front matter. Proposals go to
the review queue under TRILATERAL_HOME, never straight into the ledger: see `ledger review`.
""")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--backend", type=click.Choice(("tfidf", "embeddings")), default="tfidf",
              show_default=True)
@click.option("--min-confidence", type=float, default=0.0, show_default=True,
              help="Do not propose documents coded with less confidence.")
@LEDGER_OPTION
@json_option
def import_docs(directory: Path, backend: str, min_confidence: float, ledger_file: Path | None,
                as_json: bool) -> None:
    """Code documents with the classifier and queue proposed events for review."""
    from trilateral.evidence import queue

    result = queue.import_docs(directory, backend, min_confidence=min_confidence,
                               ledger=ledger_file)
    if as_json:
        echo_json(result.to_dict())
        return
    con = console()
    for e in result.proposed:
        ev = e["event"]
        con.print(f"proposed {e['id']}: {ev['path']} {ev['direction']} "
                  f"(confidence {ev['confidence']:.2f})")
    con.print(f"{len(result.proposed)} proposed, {len(result.skipped)} skipped; "
              f"review with `trilateral ledger review`")


@command.command(epilog="""\b
Examples:
  trilateral ledger review --list
  trilateral ledger review --accept 2021-11-18-fact-sheet-key-deliverables \\
    --set summary="Leaders agreed ..." --set path=bureaucratic
  trilateral ledger review --reject 2021-03-05-white-house-announces-additional-policy-staff
  trilateral ledger review --accept-all
  trilateral ledger review                      # interactive: accept, reject or skip each

Accepted entries are imported into the ledger (validated, all or nothing); rejected ones are
kept aside so the same document is not proposed again.
""")
@click.option("--list", "list_only", is_flag=True, help="Show the queue and exit.")
@click.option("--accept", "accept", multiple=True, help="Accept this queued id (repeatable).")
@click.option("--reject", "reject", multiple=True, help="Reject this queued id (repeatable).")
@click.option("--accept-all", is_flag=True)
@click.option("--reject-all", is_flag=True)
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="Change a field of the accepted entries (e.g. summary=..., path=...).")
@LEDGER_OPTION
@json_option
def review(list_only: bool, accept: tuple[str, ...], reject: tuple[str, ...], accept_all: bool,
           reject_all: bool, sets: tuple[str, ...], ledger_file: Path | None,
           as_json: bool) -> None:
    """Accept or reject the classifier's proposals (flags, or interactively)."""
    from trilateral.evidence import queue

    acting = bool(accept or reject or accept_all or reject_all)
    if list_only or (not acting and as_json):
        _show_queue(queue.pending(), as_json)
        return
    if not acting:
        accept, reject = _interactive(queue.pending())
    edits = _edits(sets)
    result = queue.review(list(accept), list(reject), accept_all=accept_all,
                          reject_all=reject_all,
                          edits={i: edits for i in accept} if edits else None,
                          ledger=ledger_file)
    if as_json:
        echo_json(result.to_dict())
    else:
        console().print(f"accepted {len(result.accepted)}, rejected {len(result.rejected)}, "
                        f"{result.remaining} left in the queue")


def _edits(sets: tuple[str, ...]) -> dict:
    out: dict = {}
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: expected FIELD=VALUE", param_hint="--set")
        out[key.strip()] = {"true": True, "false": False}.get(value.lower(), value)
    return out


def _show_queue(entries: list[dict], as_json: bool) -> None:
    if as_json:
        echo_json(entries)
        return
    con = console()
    for e in entries:
        ev = e["event"]
        con.print(f"[bold]{e['id']}[/bold] {ev['date']} {ev['path']} {ev['direction']} "
                  f"{ev['level']} conf {ev['confidence']:.2f}\n  {ev['title']}\n  {e['file']}")
    con.print(f"{len(entries)} pending")


def _interactive(entries: list[dict]) -> tuple[list[str], list[str]]:
    accept: list[str] = []
    reject: list[str] = []
    for e in entries:
        _show_queue([e], False)
        choice = click.prompt("accept, reject, skip or quit", default="s",
                              type=click.Choice(["a", "r", "s", "q"]))
        if choice == "q":
            break
        {"a": accept, "r": reject}.get(choice, []).append(e["id"])
    return accept, reject
