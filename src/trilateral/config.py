"""Where trilateral keeps things: the user's home directory, the bundled snapshots, the raw data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
SNAPSHOT_DIR = PACKAGE_DIR / "snapshots"


def home() -> Path:
    """The user's trilateral directory: ``$TRILATERAL_HOME`` or the platform's user data dir."""
    env = os.environ.get("TRILATERAL_HOME")
    path = Path(env) if env else Path(platformdirs.user_data_dir("trilateral", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_raw_dir() -> Path | None:
    """The shared raw-data folder, if present: ``$TRILATERAL_RAW`` or ``../shared/data/raw``.

    It is looked for beside the repository checkout (development and CI). Installed users pass
    ``--raw DIR`` explicitly.
    """
    env = os.environ.get("TRILATERAL_RAW")
    candidates = [Path(env)] if env else []
    repo = PACKAGE_DIR.parent.parent  # src/trilateral -> repo root
    candidates += [repo.parent / "shared" / "data" / "raw", repo / "shared" / "data" / "raw"]
    for c in candidates:
        if c.is_dir():
            return c
    return None
