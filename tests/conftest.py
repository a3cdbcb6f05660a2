"""Shared fixtures: an isolated TRILATERAL_HOME per test session, and the raw-data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from trilateral.config import default_raw_dir


@pytest.fixture(scope="session", autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every test session gets its own warehouse, built once from the bundled snapshots."""
    home = tmp_path_factory.mktemp("trilateral-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("TRILATERAL_HOME", str(home))
    yield home
    mp.undo()


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A warehouse of one's own, for tests that load or refresh data."""
    monkeypatch.setenv("TRILATERAL_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    raw = default_raw_dir()
    if raw is None:
        pytest.skip("raw-data folder ../shared/data/raw is absent: nothing to rebuild from")
    return raw


@pytest.fixture(scope="module")
def plugins(tmp_path_factory: pytest.TempPathFactory):
    """Path assessments on a synthetic ledger and its synthetic series with gravity off (its
    models take minutes and are tested in their own area); tests that share it share the
    cached assessments too."""
    from paths_support import write_synthetic_series
    from trilateral.paths import context as ctx_mod

    series_file = tmp_path_factory.mktemp("series") / "series.json"
    write_synthetic_series(series_file)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRILATERAL_SERIES", str(series_file))
        mp.setitem(ctx_mod.PROVIDERS, ctx_mod.LEDGER, "paths_support:ledger_provider")
        mp.setitem(ctx_mod.PROVIDERS, ctx_mod.GRAVITY, None)
        yield mp
