"""``trilateral report``: terminal summary, self-contained HTML and report.json."""

from __future__ import annotations

from pathlib import Path

import click

from trilateral.cli._common import console, echo_json, json_option


@click.command(name="report", epilog="""\b
Examples:
  trilateral report
  trilateral report --out report/ --as-of 2006-03-31
  trilateral report --json
  trilateral report --no-cache

\b
Writes DIR/index.html (one file: scripts, styles and chart data inline; it works offline and
makes no network request) and DIR/report.json. Results are cached under TRILATERAL_HOME/cache,
keyed by the code, the data and the as-of date, so a second run is fast.
""")
@click.option("--as-of", "as_of", metavar="DATE", help="Use only what was public by DATE.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("report"),
              show_default=True, help="Directory for index.html and report.json.")
@click.option("--no-cache", is_flag=True, help="Recompute everything.")
@json_option
def command(as_of: str | None, out: Path, no_cache: bool, as_json: bool) -> None:
    """Verdicts of the seven paths, with charts, evidence, matrix and provenance."""
    from trilateral.cli._common import progress_steps
    from trilateral.report import build
    from trilateral.report.providers import PROVIDERS

    with progress_steps("report", total=len(PROVIDERS) + 2, enabled=not as_json) as step:
        result = build(out, as_of, use_cache=not no_cache, progress=step)
    if as_json:
        echo_json(result.to_dict())
        return
    from trilateral.report.terminal import print_summary

    print_summary(result.report, console())
