"""``trilateral changes``: what changed since a date, per path."""

from __future__ import annotations

import click

from trilateral.cli._common import console, echo_json, json_option


@click.command(name="changes", epilog="""\b
Examples:
  trilateral changes --since 2024-12-31
  trilateral changes --since 2024-12-31 --json
  trilateral changes --since 2025-06-30 --as-of 2026-03-31
  trilateral changes --since 2024-12-31 --no-checks   # series and breaks only (fast)

\b
Per path: the checks whose estimate, interval or stance moved between the two dates, the
series with points published since, and the structural breaks detected since (date, size in
percentage points with its interval, and the gap of the latest 12 months against the
pre-break forecast).
""")
@click.option("--since", required=True, metavar="DATE", help="Compare with this date (YYYY-MM-DD).")
@click.option("--as-of", "as_of", metavar="DATE", help="Compare up to this date (default today).")
@click.option("--checks/--no-checks", default=True, show_default=True,
              help="Re-assess the paths at both dates to find the checks that moved.")
@json_option
def command(since: str, as_of: str | None, checks: bool, as_json: bool) -> None:
    """List what changed since DATE: moved checks, new data points and breaks, per path."""
    from trilateral.paths.changes import changes

    result = changes(since, as_of, checks=checks)
    if as_json:
        echo_json(result.to_dict(), as_of=result.as_of,
                  sources=["trade_flows_monthly", "trade_flows"])
        return
    _print(result)


def _print(result) -> None:
    con = console()
    con.print(f"[bold]Changes since {result.since}[/bold] (to {result.as_of or 'today'})")
    for p in result.paths:
        verdict = (f"{p.verdict_then} -> {p.verdict_now}" if p.verdict_now else "")
        con.print(f"\n[bold]{p.path}[/bold] {verdict}")
        for b in p.breaks:
            con.print(f"  break {_break(b)}")
        for c in p.checks:
            con.print(f"  check {c['check']}: {_reading(c['then'])} -> {_reading(c['now'])}")
        for s in p.series:
            con.print(f"  series {s['indicator']} {s['reporter']}->{s['partner']} {s['flow']} "
                      f"({s['frequency']}): {s['new_points']} new, {s['previous_end']} -> "
                      f"{s['last']}")


def _break(b: dict) -> str:
    if b.get("frequency") == "annual":
        return (f"{b['series']} in {b['year']}: {b['actual']:.2f} against a predicted "
                f"{b['predicted']:.2f} [{b['low']:.2f}, {b['high']:.2f}] (trend {b['window']})")
    return (f"{b['series']} at {b['date']} ({b['date_low']}..{b['date_high']}): "
            f"{b['size']:+.2f} pp [{b['size_low']:+.2f}, {b['size_high']:+.2f}]; gap of the "
            f"latest 12 months {_pp(b['gap'])} [{_pp(b['gap_low'])}, {_pp(b['gap_high'])}]")


def _pp(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.2f}"


def _reading(r: dict | None) -> str:
    if r is None or r["estimate"] is None:
        return "n/a"
    return f"{r['estimate']:.3g} ({r['stance']})"
