"""``trilateral scenario``: general-equilibrium scenarios (replicate, run, list)."""

from __future__ import annotations

import click

from trilateral.cli._common import console, echo_json, json_option

SIGMA_OPTION = click.option("--sigma", type=float, default=7.0, show_default=True,
                            help="Elasticity of substitution (the guide uses 7).")
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
""")
@json_option
def list_(as_json: bool) -> None:
    """List the scenarios with their question, panels (default first) and assumptions."""
    from trilateral import scenarios

    items = scenarios.describe()
    if as_json:
        echo_json({"scenarios": items, "replications": sorted(scenarios.APPLICATIONS)})
        return
    con = console()
    for s in items:
        con.print(f"[bold]{s['name']}[/bold]: {s['title']} (panels: "
                  f"{', '.join(s['panels'])})\n  {s['question']}")
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
        console().print(res.summary())


@command.command(epilog="""\b
Examples:
  trilateral scenario run usmca-end
  trilateral scenario run usmca-end --panel wiod --draws 500 --seed 7 --json
  trilateral scenario run deepening --json
  trilateral scenario run tariffs-2025 --sigma 5

Changes are the scenario relative to the baseline year, in %, with 95% Monte Carlo
intervals over the estimated coefficients (none for tariffs-2025, which uses no estimate).
""")
@click.argument("name")
@click.option("--panel", help="GE panel (agtpa or wiod; default: the scenario's first).")
@click.option("--draws", type=int, default=200, show_default=True,
              help="Monte Carlo draws of the coefficients (0: none).")
@click.option("--seed", type=int, default=2026, show_default=True, help="Random seed.")
@SIGMA_OPTION
@REFRESH_OPTION
@json_option
def run(name: str, panel: str | None, draws: int, seed: int, sigma: float, refresh: bool,
        as_json: bool) -> None:
    """Run scenario NAME (usmca-end, tariffs-2025, deepening) per country with intervals."""
    from trilateral import scenarios

    res = scenarios.run(name, panel, draws=draws, seed=seed, sigma=sigma, refresh=refresh)
    if as_json:
        echo_json(res.to_dict())
    else:
        console().print(res.summary())
