"""``trilateral gravity``: the published replication and the NAFTA effect net of globalisation."""

from __future__ import annotations

import click

from trilateral.cli._common import console, echo_json, json_option, progress_steps
from trilateral.gravity.options import Application, PanelName, SmallSample, choices


@click.group(name="gravity", epilog="""\b
Examples:
  trilateral gravity replicate agtpa-rta
  trilateral gravity replicate agtpa-rta --json
  trilateral gravity nafta --panel agtpa --json
""")
def command() -> None:
    """Structural gravity (PPML with exporter-year, importer-year and pair fixed effects)."""


@command.command(epilog="""\b
Examples:
  trilateral gravity replicate agtpa-rta
  trilateral gravity replicate agtpa-rta --json > rta.json
  trilateral gravity replicate agtpa-rta --small-sample full

\b
JSON: {"application", "citation", "source", "notes",
       "specifications": {KEY: {"terms": {TERM: {"coef", "se"}}, "totals": {...},
                               "nobs", "dropped", "formula", ...}}}
KEY is ols, ppml, intra, pair_fe, lead, phasing or globalization; phasing and
globalization carry the delta-method total "rta_total".
""")
@click.argument("application", type=click.Choice(choices(Application)))
@click.option("--small-sample", type=click.Choice(choices(SmallSample)), default="cluster",
              show_default=True,
              help="Factor of clustered errors: cluster = G/(G-1) (Stata's ML factor, the R "
                   "translation's); full = also (N-1)/(N-K) with every fixed effect counted.")
@json_option
def replicate(application: str, small_sample: str, as_json: bool) -> None:
    """Re-run a published application (Yotov et al. 2016, chapter 1, RTA effects)."""
    from trilateral.gravity import replicate as run

    rep = run(application, small_sample=small_sample)  # type: ignore[arg-type]
    if as_json:
        echo_json(rep.to_dict())
        return
    con = console()
    con.print(f"[bold]{rep.citation}[/bold]\n{rep.source}")
    con.print(rep.table().to_string())
    for key, res in rep.results.items():
        for d in res.dropped:
            if d.n_obs:
                con.print(f"[dim]{key}: dropped {d.n_obs:,} obs ({d.stage}): {d.reason}[/dim]")


@command.command(epilog="""\b
Examples:
  trilateral gravity nafta
  trilateral gravity nafta --panel agtpa
  trilateral gravity nafta --panel penppml --json
  trilateral gravity nafta --draws 200 --seed 1
  trilateral gravity nafta --refresh

\b
JSON: {"panels": {NAME: {"terms": {TERM: {"coef", "se", "lower", "upper"}},
                         "total", "border_terms", "cumulative", "years", "notes",
                         "estimand",
                         "randomisation": {"statistic", "estimate", "se_clustered", "p",
                                           "p_one_sided", "interval", "interval_90",
                                           "draws", "seed", "pool", "placebos", ...}}},
       "closing_note": str}
Each panel has its own estimand (never averaged). The randomisation p and interval
come from placebo triads among the 20 largest other exporters (Conley-Taber); the
clustered SE is pyfixest's, by pair. Estimates are cached under
TRILATERAL_HOME/cache/gravity, keyed by the panel's sha256, the code version, the
draws and the seed; --refresh estimates again.
""")
@click.option("--panel", type=click.Choice(choices(PanelName)), default=None,
              help="One panel (default: every panel).")
@click.option("--draws", type=click.IntRange(min=20), default=None,
              help="Placebo triads drawn for the randomisation inference (default: 100; 40 "
                   "on the Comtrade panel, ten times larger).")
@click.option("--seed", type=int, default=None, help="Seed of the placebo draws.")
@click.option("--refresh", is_flag=True, help="Ignore the cache and estimate again.")
@json_option
def nafta(panel: str | None, draws: int | None, seed: int | None, refresh: bool,
          as_json: bool) -> None:
    """NAFTA effect among Canada, Mexico and the US, net of other agreements and globalisation."""
    from trilateral.gravity.evidence import ESTIMANDS, closing_note
    from trilateral.gravity.inference import SEED, nafta_with_inference

    names = [panel] if panel else list(choices(PanelName))
    estimates = []
    with progress_steps("gravity nafta", total=len(names), enabled=not as_json) as step:
        for n in names:
            step(f"panel {n}")
            est = nafta_with_inference(n, draws=draws,  # type: ignore[arg-type]
                                       seed=SEED if seed is None else seed, refresh=refresh)
            est["estimand"] = ESTIMANDS.get(n, "")
            estimates.append(est)
    note = closing_note(estimates)
    if as_json:
        echo_json({"panels": {e["panel"]: e for e in estimates}, "closing_note": note})
        return
    con = console()
    for est in estimates:
        _print_panel(con, est)
    con.print(f"\n[bold]Closing note[/bold]\n{note}")


def _print_panel(con, est: dict) -> None:
    con.print(f"\n[bold]{est['table']}[/bold] ({est['publisher']}), years "
              f"{', '.join(map(str, est['years']))}")
    rows = [(r["term"], est["terms"][r["term"]]) for r in est.get("cumulative", [])]
    rows += [("sum nafta_total", est["total"])] if est.get("total") else []
    rows += list(est["border_terms"].items())
    for term, v in rows:
        con.print(f"  {term:<18} {v['coef']:>8.3f} ({v['se']:.3f})  "
                  f"[{v['lower']:.3f}, {v['upper']:.3f}]")
    ri = est.get("randomisation")
    if ri:
        lo, hi = ri["interval"]
        con.print(f"  randomisation ({ri['statistic']}): estimate {ri['estimate']:.3f}, "
                  f"pair-clustered SE {ri['se_clustered']:.3f}, p {ri['p']:.3f}, 95% interval "
                  f"[{lo:.3f}, {hi:.3f}], {ri['draws']} placebo triads, seed {ri['seed']}")
    for n in est["notes"]:
        con.print(f"  [dim]note: {n}[/dim]")
