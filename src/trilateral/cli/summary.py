"""``trilateral summary``: the answer first, as the report's first screen states it."""

from __future__ import annotations

import click

from trilateral.cli._common import console, echo_json, json_option


@click.command(name="summary", epilog="""\b
Examples:
  trilateral summary
  trilateral summary --json
  trilateral summary --as-of 2006-03-31

\b
The same headline, three dated numbers, data-as-of strip, changes and path labels that head
`trilateral report` and its HTML page (computed once, read from the report's cache).
""")
@click.option("--as-of", "as_of", metavar="DATE", help="Use only what was public by DATE.")
@json_option
def command(as_of: str | None, as_json: bool) -> None:
    """Where integration is heading, in two minutes: headline, numbers, seven paths."""
    from trilateral.config import home
    from trilateral.report import build
    from trilateral.report.terminal import print_answer

    result = build(home() / "summary", as_of)
    answer = result.report.get("answer") or {}
    if as_json:
        echo_json(answer, as_of=result.report.get("as_of"))
        return
    print_answer(answer, console())
