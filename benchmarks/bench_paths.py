"""Time a cold ``trilateral paths`` and a cold ``trilateral paths --robustness`` in one run.

Usage::

    python benchmarks/bench_paths.py
    python benchmarks/bench_paths.py --as-of 2019-03-31

Each command runs as a fresh process in its own temporary TRILATERAL_HOME, whose warehouse is
built first (not timed: first-use setup). Both start from an empty cache, so both fit every
model, the structural gravity models included. The robustness curve re-runs the checks under
the other ledger and trade windows on the same context (indicators, ledger and gravity fits are
reused) and re-pools for leave-one-out and the alternative method. Target: the robustness run
takes at most 3 times the plain run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 3.0
CLI = [sys.executable, "-c", "from trilateral.cli import main; main()"]


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([*CLI, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold(args: list[str], keep: bool) -> float:
    home = Path(tempfile.mkdtemp(prefix="trilateral-bench-paths-"))
    env = {**os.environ, "TRILATERAL_HOME": str(home)}
    try:
        run(["data", "list"], env)  # builds the warehouse; not part of the timed command
        return run(args, env)
    finally:
        if not keep:
            shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--as-of", help="assess as of this date (default: today)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary homes")
    opts = ap.parse_args()
    extra = ["--as-of", opts.as_of] if opts.as_of else []
    plain = cold(["paths", *extra], opts.keep)
    robust = cold(["paths", "--robustness", *extra], opts.keep)
    ratio = robust / plain
    print(f"trilateral paths{' --as-of ' + opts.as_of if opts.as_of else ''}")
    print(f"  cold paths:               {plain:8.1f} s")
    print(f"  cold paths --robustness:  {robust:8.1f} s")
    print(f"  ratio:                    {ratio:8.2f} (target <= {TARGET_RATIO:.0f}): "
          f"{'ok' if ratio <= TARGET_RATIO else 'over target'}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
