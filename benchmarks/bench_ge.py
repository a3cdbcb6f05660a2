"""Time the Advanced Guide's NAFTA GE application at its own dimensions (69 countries, 6 years).

Stages, each timed separately (best of ``--rounds``; the machine may be shared):

* ``stage1``: PPML with exporter-year, importer-year and pair fixed effects (pyfixest) on the
  4-year panel 1986-2006 (28,482 observations), exact fixed effects and the second stage;
* ``guide``: the guide's procedure on 1994 (baseline, conditional, its loop and indexes);
* ``converged``: the same model solved to convergence, with the market-clearing check;
* ``draw``: one Monte Carlo draw (conditional and full solve of a shocked scenario);
* ``scenario``: in the same process, best of ``--rounds`` each (the machine may be shared),
  stage 1 alone on the scenario's own panel and terms
  (WIOD 2000-2014, border-netted), then a whole ``scenario run`` from scratch (stage 1 and
  2, policy states, point solves, both exemption bounds where needed, the Monte Carlo over
  coefficients and sigma with ``--draws`` draws, sensitivity, the guide's loop and the
  diagnostics), not read from the cache.

The GE solves must take seconds, not minutes; the script exits non-zero if the guide's
procedure or the converged solve takes longer than ``--limit`` seconds, or the whole run takes
more than ``--ratio`` times stage 1 alone.

    python benchmarks/bench_ge.py [--rounds 3] [--limit 5] [--scenario usmca-end]
        [--draws 200] [--ratio 1.5] [--measures tariff_measures.csv]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from trilateral.evidence import measures as measures_table
from trilateral.scenarios import engine, ge, policy
from trilateral.scenarios.costs import estimate_costs
from trilateral.scenarios.definitions import get
from trilateral.scenarios.panels import panel_spec
from trilateral.scenarios.replicate import GE_YEAR, nafta_change

SIGMA = 7.0


def best_of(rounds: int, fn: Callable[[], object], clock=time.perf_counter
            ) -> tuple[float, object]:
    times, out = [], None
    for _ in range(rounds):
        start = clock()
        out = fn()
        times.append(clock() - start)
    return min(times), out


def best_of_both(rounds: int, fn: Callable[[], object]) -> tuple[float, float, object]:
    """Best wall-clock and best CPU time (this process, all its threads) over ``rounds``."""
    walls, cpus, out = [], [], None
    for _ in range(rounds):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=5.0,
                        help="seconds allowed for each GE solve (guide, converged)")
    parser.add_argument("--scenario", default="usmca-end")
    parser.add_argument("--draws", type=int, default=engine.DEFAULT_DRAWS)
    parser.add_argument("--ratio", type=float, default=1.5,
                        help="largest allowed whole run / stage 1 alone")
    parser.add_argument("--measures", help="tariff-measures CSV instead of the packaged table")
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
    return 0 if whole_run(args) and ok else 1


def whole_run(args: argparse.Namespace) -> bool:
    """Stage 1 alone, then the whole scenario run from scratch (in-memory caches cleared, disk
    cache bypassed), each best of ``--rounds``, in this process; True when within ratio."""
    scenario = get(args.scenario)
    setup = scenario.setup()
    measures = pd.read_csv(args.measures) if args.measures else None
    spec = panel_spec(setup.panel)
    w_stage1, c_stage1, _ = best_of_both(args.rounds, lambda: estimate_costs(spec, setup.terms))

    def from_scratch():
        engine._estimates.cache_clear()
        policy._packaged_in_force.cache_clear()
        measures_table._load.cache_clear()  # the tariff table is parsed afresh each round
        return engine.run(args.scenario, draws=args.draws, refresh=True, measures=measures)

    w_run, c_run, res = best_of_both(args.rounds, from_scratch)
    ratio = c_run / c_stage1
    print(f"{args.scenario} on {res.table} {res.baseline_year}, whole run with "
          f"{res.uncertainty.get('draws')} draws x {len(res.bounds)} bound(s):")
    print(f"  wall clock: stage 1 alone {w_stage1:7.3f} s, whole run {w_run:7.3f} s, ratio "
          f"{w_run / w_stage1:.2f}")
    print(f"  CPU time:   stage 1 alone {c_stage1:7.3f} s, whole run {c_run:7.3f} s, ratio "
          f"{ratio:.2f} (limit {args.ratio:g}; CPU time, since the machine may be shared)")
    return ratio <= args.ratio


if __name__ == "__main__":
    sys.exit(main())
