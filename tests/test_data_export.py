"""`trilateral data export DIR`: Parquet files plus a Frictionless Data Package descriptor.

The structural rules checked here are those of the Data Package v1 JSON schema
(specs.frictionlessdata.io/schemas/data-package.json): resource name pattern, name + path,
licenses and sources with at least one entry, a license's name an identifier, hash format.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from trilateral import data
from trilateral.cli import cli

NAME = re.compile(r"^([-a-z0-9._/])+$")  # v1: resource name
LICENCE_NAME = re.compile(r"^([-a-zA-Z0-9._])+$")  # v1: Open Definition license identifier
HASH = re.compile(r"^sha256:[a-f0-9]{64}$")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("export")
    result = CliRunner().invoke(cli, ["data", "export", str(out)])
    assert result.exit_code == 0, result.output
    assert "datapackage.json" in result.output
    return out, json.loads((out / "datapackage.json").read_text())


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def test_one_resource_per_current_table(package):
    _, descriptor = package
    assert descriptor["profile"] == "data-package"
    assert {r["name"] for r in descriptor["resources"]} == set(data.tables()["name"])


def test_every_resource_meets_the_v1_profile(package):
    _, descriptor = package
    for r in descriptor["resources"]:
        assert NAME.match(r["name"]) and r["path"].endswith(".parquet"), r["name"]
        assert HASH.match(r["hash"]), r["name"]
        assert r["schema"]["fields"], r["name"]
        assert r["sources"] and all(s["title"] for s in r["sources"]), r["name"]
        assert r["licenses"], r["name"]
        for lic in r["licenses"]:
            assert LICENCE_NAME.match(lic["name"]) and lic["title"], (r["name"], lic)


@pytest.mark.parametrize("name", ["census_country", "trade_flows", "hofstede"])
def test_hash_and_schema_match_the_file(package, name: str):
    out, descriptor = package
    r = _resource(descriptor, name)
    path = out / r["path"]
    assert r["hash"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    frame = pd.read_parquet(path)
    assert [f["name"] for f in r["schema"]["fields"]] == list(frame.columns)
    assert len(frame) == len(data.table(name))


def test_a_source_table_cites_its_publisher_and_terms(package):
    _, descriptor = package
    r = _resource(descriptor, "census_country")
    assert r["sources"][0]["path"].startswith("https://www.census.gov/")
    assert "Public domain" in r["licenses"][0]["title"]
    assert r["trilateral"]["kind"] == "snapshot"


def test_a_derived_table_cites_the_sources_it_was_built_from(package):
    _, descriptor = package
    r = _resource(descriptor, "trade_flows")
    assert r["trilateral"]["kind"] == "derived"
    parents = {p["table"] for p in r["trilateral"]["provenance"]["derived_from"]}
    cited = {s["path"] for s in r["sources"]}
    checked = parents & {"census_country", "statcan_cimt", "wto_merch"}
    assert checked
    for parent in checked:
        url = _resource(descriptor, parent)["sources"][0]["path"]
        assert url in cited, parent
    assert len(r["licenses"]) > 1
