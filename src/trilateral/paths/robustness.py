"""Each verdict's specification curve: the same verdict under other defensible choices.

Specifications (defaults in the ``[[paths]]`` entries of ``defaults.toml``): the other ledger
windows, the other trade windows, leaving out each informative check of the path in turn, and
the alternative combination method. Window variants re-run the checks on the same
:class:`~trilateral.paths.context.Context`, so indicators, the ledger and the gravity fits are
reused; leave-one-out and the alternative method only re-pool. ``agreement`` is the share of a
path's specifications whose verdict equals the headline verdict; ``flips`` lists the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trilateral.paths import definitions
from trilateral.paths.metadata import Metadata
from trilateral.paths.model import Measurement, PathResult
from trilateral.paths.settings import Settings

Measure = Callable[[int, int], dict[str, Measurement]]  # (ledger window, trade window)
Reread = Callable[..., PathResult]  # (path, measured, meta, conf, method=, drop=)


def curve(measure: Measure, path_result: Reread, measured: dict[str, Measurement],
          paths: list[PathResult], meta: Metadata, conf: Settings) -> dict[str, Any]:
    """Fill ``agreement`` and ``flips`` of every path; return the whole curve.

    ``measure`` re-runs the checks under other windows on the same context (its caches hold
    the indicators, the ledger and the gravity fits); ``path_result`` re-reads one path.
    """
    variants: list[tuple[str, str, dict[str, Measurement]]] = []
    for lw in conf.robustness_ledger_windows:
        if lw != conf.ledger_window:
            variants.append((f"ledger_window={lw}", f"ledger window of {lw} years",
                             measure(lw, conf.trade_window)))
    for tw in conf.robustness_trade_windows:
        if tw != conf.trade_window:
            variants.append((f"trade_window={tw}", f"trade window of {tw} years",
                             measure(conf.ledger_window, tw)))
    rows = []
    for p, base in zip(definitions.PATHS, paths, strict=True):
        specs = [(sid, what, path_result(p, m, meta, conf)) for sid, what, m in variants]
        specs += [(f"without={c.id}", f"leaving out {c.id}",
                   path_result(p, measured, meta, conf, drop=c.id))
                  for c in base.checks if c.support is not None]
        specs.append((f"method={conf.alternative}", f"{conf.alternative} pooling",
                      path_result(p, measured, meta, conf, method=conf.alternative)))
        curve_rows = [{"spec": sid, "choice": what, "verdict": r.verdict, "effect": r.effect,
                       "effect_lower": r.effect_lower, "effect_upper": r.effect_upper,
                       "agrees": r.verdict == base.verdict} for sid, what, r in specs]
        base.agreement = round(sum(r["agrees"] for r in curve_rows) / len(curve_rows), 4)
        base.flips = [{"spec": r["spec"], "choice": r["choice"], "verdict": r["verdict"]}
                      for r in curve_rows if not r["agrees"]]
        rows.append({"path": base.id, "verdict": base.verdict, "agreement": base.agreement,
                     "specifications": curve_rows})
    return {"defaults_fixed": conf.fixed, "ledger_windows": list(conf.robustness_ledger_windows),
            "trade_windows": list(conf.robustness_trade_windows),
            "alternative": conf.alternative, "paths": rows}
