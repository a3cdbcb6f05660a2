"""The bundled snapshots: complete sidecars, matching checksums, reproducible rebuilds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trilateral import sources
from trilateral.config import SNAPSHOT_DIR
from trilateral.provenance import sha256_file
from trilateral.sources.build import build_source

SIDECARS = sorted(SNAPSHOT_DIR.glob("*.json"))
REQUIRED_SOURCE = ("id", "publisher", "title", "url", "licence", "accessed", "vintage")


def test_every_source_table_has_a_snapshot() -> None:
    shipped = {p.stem for p in SIDECARS}
    for spec in sources.specs():
        if spec.shippable:
            assert set(spec.tables) <= shipped, f"{spec.id}: run trilateral data build"


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.stem)
def test_sidecar_is_complete_and_matches_its_parquet(sidecar: Path) -> None:
    meta = json.loads(sidecar.read_text())
    for key in REQUIRED_SOURCE:
        assert meta["source"][key], f"{sidecar.name}: source.{key} is empty"
    assert meta["built"] and meta["step"]["module"] and meta["step"]["version"]
    assert meta["raw_inputs"] and all(len(i["sha256"]) == 64 for i in meta["raw_inputs"])
    assert meta["output"]["sha256"] == sha256_file(sidecar.with_suffix(".parquet"))
    assert meta["coverage"]["rows"] == meta["output"]["rows"] > 0


def test_no_non_commercial_data_is_shipped() -> None:
    for sidecar in SIDECARS:
        licence = json.loads(sidecar.read_text())["source"]["licence"].lower()
        assert "nc" not in licence.replace("-", " ").split(), sidecar.name
        assert "non-commercial" not in licence and "noncommercial" not in licence, sidecar.name


@pytest.mark.parametrize("spec", [s for s in sources.specs() if s.shippable], ids=lambda s: s.id)
def test_rebuild_gives_identical_checksums(spec, raw_dir: Path, tmp_path: Path) -> None:
    """Rebuilding from the raw folder reproduces every shipped snapshot byte for byte."""
    for built in build_source(spec.id, raw_dir, out_dir=tmp_path):
        shipped = json.loads((SNAPSHOT_DIR / f"{built.table}.json").read_text())
        assert built.sha256 == shipped["output"]["sha256"], built.table
        rebuilt_inputs = json.loads((tmp_path / f"{built.table}.json").read_text())["raw_inputs"]
        assert rebuilt_inputs == shipped["raw_inputs"], f"{built.table}: raw inputs changed"
