"""Time ``trilateral report`` cold (empty cache) and warm (cached), and its model fits alone.

Usage::

    python benchmarks/bench_report.py                 # today's report
    python benchmarks/bench_report.py --as-of 2006-03-31 --warm-runs 5

Each run is a fresh ``trilateral`` process, as a user would start it. The warehouse is built in
a temporary TRILATERAL_HOME first (not timed: that is first-use setup, not the report). The cold
run starts from an empty result cache, so it fits every model (the trend and interval fits of
the checks and the structural gravity models); the warm runs reuse the cached results. The
model-fit time is what the cold run itself measured (``timings.model_fits_s`` in report.json).
Target: warm at most 2 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_WARM_S = 2.0


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    exe = Path(sys.executable).with_name("trilateral")
    cmd = [str(exe)] if exe.exists() else ["trilateral"]
    subprocess.run([*cmd, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--as-of", help="report as of this date (default: today)")
    ap.add_argument("--warm-runs", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the temporary home")
    opts = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="trilateral-bench-"))
    env = {**os.environ, "TRILATERAL_HOME": str(home)}
    extra = ["--as-of", opts.as_of] if opts.as_of else []
    out = home / "report"
    try:
        run(["data", "list"], env)  # builds the warehouse; not part of the report's time
        cold = run(["report", "--out", str(out), *extra], env)
        timings = json.loads((out / "report.json").read_text())["timings"]
        fits, sections = timings["model_fits_s"], timings["providers_s"]
        warm = [run(["report", "--out", str(out), *extra], env) for _ in range(opts.warm_runs)]
    finally:
        if not opts.keep:
            shutil.rmtree(home, ignore_errors=True)
    warm_s = statistics.median(warm)
    print(f"trilateral report{' --as-of ' + opts.as_of if opts.as_of else ''}")
    print(f"  cold (empty cache): {cold:8.2f} s")
    print(f"  warm (median of {len(warm)}): {warm_s:8.2f} s   target <= {TARGET_WARM_S:.1f} s: "
          f"{'met' if warm_s <= TARGET_WARM_S else 'NOT met'}")
    model = fits + sections
    print(f"  model fits alone:   {model:8.2f} s  (assessment checks and gravity evidence "
          f"{fits:.2f} s; plug-in sections, i.e. gravity, outlook and scenario models, "
          f"{sections:.2f} s)")
    print(f"  cold / model fits:  {cold / model:8.2f}" if model > 0 else "  no model fit timed")
    print(f"  cores: {os.cpu_count()}")
    return 0 if warm_s <= TARGET_WARM_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
