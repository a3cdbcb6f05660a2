"""Time the Advanced Guide's NAFTA GE application at its own dimensions (69 countries, 6 years).

Stages, each timed separately (best of ``--rounds``; the machine may be shared):

* ``stage1``: PPML with exporter-year, importer-year and pair fixed effects (pyfixest) on the
  4-year panel 1986-2006 (28,482 observations), exact fixed effects and the second stage;
* ``guide``: the guide's procedure on 1994 (baseline, conditional, its loop and indexes);
* ``converged``: the same model solved to convergence, with the market-clearing check;
* ``draw``: one Monte Carlo draw (conditional and full solve of a shocked scenario).

The GE solves must take seconds, not minutes; the script exits non-zero if the guide's
procedure or the converged solve takes longer than ``--limit`` seconds.

    python benchmarks/bench_ge.py [--rounds 3] [--limit 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import numpy as np

from trilateral.scenarios import ge
from trilateral.scenarios.costs import estimate_costs
from trilateral.scenarios.panels import panel_spec
from trilateral.scenarios.replicate import GE_YEAR, nafta_change

SIGMA = 7.0


def best_of(rounds: int, fn: Callable[[], object]) -> tuple[float, object]:
    times, out = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=5.0,
                        help="seconds allowed for each GE solve (guide, converged)")
    args = parser.parse_args(argv)

    t_est, est = best_of(1, lambda: estimate_costs(panel_spec("agtpa"), ("rta",), GE_YEAR))
    n = len(est.countries)
    change = nafta_change(est)
    t_guide, sol = best_of(args.rounds, lambda: ge.guide_full_endowment(
        est.flows, est.costs, est.costs * change, SIGMA, est.ref))
    baseline = ge.fit_margins(est.flows, est.costs, est.ref).fitted

    def converged():
        eq = ge.solve_full_endowment(baseline, change, SIGMA, est.ref)
        return ge.check_market_clearing(eq, baseline)

    t_conv, clearing = best_of(args.rounds, converged)
    t_draw, _ = best_of(args.rounds, lambda: ge.scenario_effects(
        baseline, np.exp(np.log(change) * 1.1), SIGMA, est.ref))

    print(f"dimensions: {n} countries, {len(panel_spec('agtpa').years)} years, "
          f"{est.nobs} stage-1 observations")
    print(f"stage1 (pyfixest + exact fixed effects + stage 2): {t_est:8.3f} s")
    print(f"guide's procedure ({sol.iterations} iterations):        {t_guide:8.3f} s")
    print(f"converged solve ({clearing['iterations']} iterations):          {t_conv:8.3f} s "
          f"(sales gap {clearing['sales_vs_output']:.1e})")
    print(f"one Monte Carlo draw:                           {t_draw:8.3f} s")
    ok = max(t_guide, t_conv) <= args.limit
    print("GE solves within limit" if ok else f"GE solve slower than {args.limit} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
