"""``trilateral scenario``: general-equilibrium scenarios (replicate, run, list)."""

from __future__ import annotations

import click

from trilateral.cli._common import console, echo_json, json_option

SIGMA_OPTION = click.option("--sigma", type=float, default=7.0, show_default=True,
                            help="Elasticity of substitution of the point result (the guide "
                                 "uses 7); the Monte Carlo draws it from its documented range.")
REFRESH_OPTION = click.option("--refresh", is_flag=True,
                              help="Recompute instead of reading the on-disk cache.")


@click.group(name="scenario", epilog="""\b
Examples:
  trilateral scenario list
  trilateral scenario replicate agtpa-nafta --json
  trilateral scenario run usmca-end --json
  trilateral scenario run tariffs-2025 --panel agtpa --sigma 5

Results are cached under $TRILATERAL_HOME/cache/scenarios, keyed by the input tables'
checksums and the code version.
""")
def command() -> None:
    """Structural-gravity GE scenarios: what ending, or deepening, North American free trade
    does to each country (Advanced Guide, chapter 2)."""


@command.command(name="list", epilog="""\b
Examples:
  trilateral scenario list
  trilateral scenario list --json

The JSON lists the scenarios, the policy states they move between (with their dates, the
effective rate per North American pair and the measures' sources, from the tariff-measures
table) and the range sigma is drawn from.
""")
@json_option
def list_(as_json: bool) -> None:
    """List the scenarios, the policy states with dates and sources, and the sigma range."""
    from trilateral import scenarios

    items, states = scenarios.describe(), scenarios.states()
    if as_json:
        echo_json({"scenarios": items, "states": states,
                   "sigma_range": scenarios.SIGMA_RANGE.to_dict(),
                   "replications": sorted(scenarios.APPLICATIONS)},
                  sources=sorted({u for st in states for u in st.get("sources", [])}))
        return
    con = console()
    for s in items:
        con.print(f"[bold]{s['name']}[/bold]: {s['title']}, {s['from_state']} -> "
                  f"{s['to_state']} (panels: {', '.join(s['panels'])})\n  {s['question']}")
    for st in states:
        con.print(f"state [bold]{st['name']}[/bold] ({st.get('date') or 'undated'}): "
                  f"{st['title']}" + (f" [{st['error']}]" if st.get("error") else ""))
    con.print("replications: " + ", ".join(sorted(scenarios.APPLICATIONS)))


@command.command(epilog="""\b
Examples:
  trilateral scenario replicate agtpa-nafta
  trilateral scenario replicate agtpa-nafta --json > nafta.json

The five measures per country (exports_cdl, exports_full, price_full, imr_full, rgdp_full)
follow the guide's procedure and signs (the effect of having NAFTA); converged_* solve the
same model to convergence. The output compares both with the published table.
""")
@click.argument("application", default="agtpa-nafta")
@SIGMA_OPTION
@REFRESH_OPTION
@json_option
def replicate(application: str, sigma: float, refresh: bool, as_json: bool) -> None:
    """Replicate a published GE application (agtpa-nafta: NAFTA, 69 countries, 1994)."""
    from trilateral import scenarios

    res = scenarios.replicate(application, sigma=sigma, refresh=refresh)
    if as_json:
        echo_json(res.to_dict())
    else:
        _print_wrapped(res.summary())


@command.command(epilog="""\b
Examples:
  trilateral scenario run usmca-end
  trilateral scenario run usmca-end --json
  trilateral scenario run usmca-end --panel agtpa      # NAFTA 1994-2006 in GE (illustrative)
  trilateral scenario run tariffs-2025 --date 2026-03-01
  trilateral scenario run deepening --draws 500 --seed 7 --json

Changes are the scenario relative to the baseline year (WIOD 2014 by default), in %: the
point result (estimates, sigma 7), and the median and 95% interval of a Monte Carlo over the
estimated coefficients and sigma (drawn from its documented range). Where the share of trade
exempt as USMCA-qualifying is unknown, the run reports both bounds.
""")
@click.argument("name")
@click.option("--panel", help="GE panel (wiod or agtpa; default: the scenario's first).")
@click.option("--date", help="Date of the end policy state, YYYY-MM-DD (usmca-end, "
                             "tariffs-2025).")
@click.option("--draws", type=int, default=200, show_default=True,
              help="Monte Carlo draws of the coefficients and sigma (0: none).")
@click.option("--seed", type=int, default=2026, show_default=True, help="Random seed.")
@SIGMA_OPTION
@REFRESH_OPTION
@json_option
def run(name: str, panel: str | None, date: str | None, draws: int, seed: int, sigma: float,
        refresh: bool, as_json: bool) -> None:
    """Run scenario NAME (usmca-end, tariffs-2025, deepening) per country with intervals."""
    from trilateral import scenarios

    res = scenarios.run(name, panel, draws=draws, seed=seed, sigma=sigma, date=date,
                        refresh=refresh)
    if as_json:
        states = res.states.values() if res.states else []
        echo_json(res.to_dict(), sources=[res.table, *sorted(
            {u for st in states for u in st.get("sources", [])})])
    else:
        _print_wrapped(res.summary())


PLAIN_MEASURES = {"exports_cdl": "exports, conditional GE", "imr": "inward resistance",
                  "rgdp": "real GDP", "price": "producer price"}


def _print_wrapped(text: str) -> None:
    """The summary with one field per line and long lines wrapped to the terminal."""
    import re

    from rich.markup import escape

    con = console()
    for line in text.splitlines():
        m = re.match(r"^(\s*)([A-Z]{3}|[A-Za-z ]+): (.+; .+)$", line)
        if m and m.group(2).isupper():
            con.print(f"{m.group(1)}{m.group(2)}:")
            for field in m.group(3).split("; "):
                name, _, rest = field.partition(" ")
                con.print(f"{m.group(1)}    {escape(PLAIN_MEASURES.get(name, name))} {rest}",
                          soft_wrap=False)
        else:
            line = re.sub(r"\b(exports_cdl|imr|rgdp)\b", lambda c: PLAIN_MEASURES[c.group(1)],
                          line)
            con.print(escape(line), soft_wrap=False)
