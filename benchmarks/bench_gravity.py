"""Time the Advanced Guide RTA replication through trilateral against the same pyfixest calls.

Both paths read the same warehouse table, build the same variables and make the same seven
pyfixest calls (formulas, clustering, small-sample factor, separation check); trilateral adds
its specification checks, sample accounting and result objects. The rounds alternate, and the
fastest round of each path is compared (the machine may be shared).

    python benchmarks/bench_gravity.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd
import pyfixest as pf

from trilateral import data, gravity

YEARS = list(range(1986, 2007, 4))
GRAVITY = "ln_dist + cntg + lang + clny + rta"
LAGS = "rta + rta_lag4 + rta_lag8 + rta_lag12"
BORDERS = " + ".join(f"intl_border_{y}" for y in YEARS[:-1])
MR, PAIR = "exp_year + imp_year", "exp_year + imp_year + pair"
CALLS = [  # (estimator, formula, sample)
    ("feols", f"log_trade ~ {GRAVITY} | {MR}", "intl_positive"),
    ("fepois", f"trade ~ {GRAVITY} | {MR}", "intl"),
    ("fepois", f"trade ~ {GRAVITY} | {MR} + intra_pair", "all"),
    ("fepois", f"trade ~ rta | {PAIR}", "positive_pair"),
    ("fepois", f"trade ~ rta + rta_lead4 | {PAIR}", "positive_pair"),
    ("fepois", f"trade ~ {LAGS} | {PAIR}", "positive_pair"),
    ("fepois", f"trade ~ {LAGS} + {BORDERS} | {PAIR}", "positive_pair"),
]


def direct() -> list:
    """The replication written straight against pandas and pyfixest."""
    d = data.table("agtpa_rta_panel")
    d = d[d["year"].isin(YEARS)].reset_index(drop=True)
    d["trade"] = d["value_usd_m"]
    d["log_trade"] = np.log(d["trade"].where(d["trade"] > 0))
    d["ln_dist"] = np.log(d["dist"])
    d["intl"] = d["exporter"] != d["importer"]
    d["exp_year"] = d["exporter"] + "_" + d["year"].astype(str)
    d["imp_year"] = d["importer"] + "_" + d["year"].astype(str)
    d["pair"] = d["pair_id"]
    d["intra_pair"] = d["exporter"].where(~d["intl"], "inter")
    for y in YEARS[:-1]:
        d[f"intl_border_{y}"] = (d["intl"] & (d["year"] == y)).astype("int8")
    samples = {"all": d, "intl": d[d["intl"]], "intl_positive": d[d["intl"] & (d["trade"] > 0)],
               "positive_pair": d[d.groupby("pair")["trade"].transform("sum") > 0]}
    kwargs = {"vcov": {"CRV1": "pair"}, "ssc": pf.ssc(k_adj=False, G_adj=True)}
    fits = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for est, fml, sample in CALLS:
            extra = {"separation_check": ["fe"]} if est == "fepois" else {}
            fits.append(getattr(pf, est)(fml, data=samples[sample], **kwargs, **extra))
    return fits


def through_trilateral() -> gravity.Replication:
    return gravity.replicate("agtpa-rta")


def timed(fn) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds (CPU time is steadier on a busy machine)."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data.table("agtpa_rta_panel")  # warm the warehouse and imports once, outside the timing
    rows = []
    for _ in range(args.rounds):
        wd, cd, fits = timed(direct)
        wt, ct, rep = timed(through_trilateral)
        rows.append({"direct wall (s)": wd, "trilateral wall (s)": wt, "direct cpu (s)": cd,
                     "trilateral cpu (s)": ct})
    same = all(np.allclose(f.coef().to_numpy(), r.coef().to_numpy())
               for f, r in zip(fits, rep.results.values(), strict=True))
    t = pd.DataFrame(rows)
    print(t.round(3).to_string())
    for kind in ("wall", "cpu"):
        d, tri = t[f"direct {kind} (s)"].min(), t[f"trilateral {kind} (s)"].min()
        print(f"fastest round, {kind}: pyfixest direct {d:.3f} s, trilateral {tri:.3f} s, "
              f"overhead ratio {tri / d:.3f} ({100 * (tri / d - 1):+.1f}%; target <= +5%)")
    print(f"identical coefficients: {same}")

if __name__ == "__main__":
    main()
