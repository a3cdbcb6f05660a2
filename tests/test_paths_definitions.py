"""Paths as data: the seven ids, every implication a registered check, all documented."""

from __future__ import annotations

from pathlib import Path

from trilateral.paths.assessment import _load_checks
from trilateral.paths.definitions import PATH_IDS, PATHS
from trilateral.paths.registry import CHECKS

METHOD = Path(__file__).resolve().parents[1] / "docs" / "method.md"


def test_the_seven_ids() -> None:
    assert PATH_IDS == ("bureaucratic", "political", "institutional", "values", "reversal",
                        "globalization", "americanization")
    assert [p.kind for p in PATHS].count("lens") == 1


def test_every_implication_is_a_registered_check_with_a_sign() -> None:
    _load_checks()
    for p in PATHS:
        assert p.name and p.summary and p.drivers and p.implications
        for imp in p.implications:
            assert imp.check in CHECKS, imp.check
            assert imp.expect in (-1, 1) and imp.weight > 0 and imp.text


def test_method_documents_every_check() -> None:
    text = METHOD.read_text()
    for p in PATHS:
        for imp in p.implications:
            assert f"`{imp.check}`" in text, imp.check
