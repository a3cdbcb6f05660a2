"""``trilateral claims``: the 2006 essay's claims, tested then (Cancún) and now."""

from __future__ import annotations

import click

from trilateral.cli._common import console, echo_json, json_option


@click.command(name="claims", epilog="""\b
Examples:
  trilateral claims
  trilateral claims --json
  trilateral claims --as-of 2016-12-31

\b
JSON: {"essay", "then", "claims": [{"id", "claim", "kind", "source",
        "then": {"as_of", "status", "summary", "figures": [...]}, "now": {...}}]}
status is holds, fails, partly, ended or no data. Figures carry their year, source and,
for ledger events, the date and URL.
""")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Test 'now' with what was public by DATE (default: today).")
@json_option
def command(as_of: str | None, as_json: bool) -> None:
    """Each quantitative claim of the 2006 essay, as of 2006-03-31 and as of today."""
    from trilateral.evidence.ledger import as_date
    from trilateral.paths.claims import claims, to_dict

    items = claims(as_date(as_of) if as_of else None)
    if as_json:
        echo_json(to_dict(items))
        return
    con = console()
    for c in items:
        con.print(f"\n[bold]{c.id}[/bold]: {c.claim}")
        for r in (c.then, c.now):
            con.print(f"  {r.as_of}: [bold]{r.status}[/bold] - {r.summary}")
