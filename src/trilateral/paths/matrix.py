"""The evidence x path matrix of competing hypotheses.

Rows are checks (each a body of evidence), columns are the paths, cells the stance of that
evidence toward that path ("" where the path makes no prediction about it). The best-supported
hypothesis is the one with the least evidence against it, so the summary counts inconsistent
cells first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trilateral.paths.model import PathResult


def build(paths: Sequence[PathResult], titles: dict[str, str]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for p in paths:
        for c in p.checks:
            row = rows.setdefault(c.id, {
                "check": c.id, "title": titles.get(c.id, c.id), "estimate": c.estimate,
                "lower": c.lower, "upper": c.upper,
                "unit": c.unit, "evidence_items": len(c.evidence),
                "cells": {q.id: "" for q in paths}})
            row["cells"][p.id] = c.stance
    return list(rows.values())


def summary(matrix: Sequence[dict[str, Any]], path_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """Per path: how many cells are consistent, inconsistent, neutral, insufficient."""
    out = {p: {"inconsistent": 0, "consistent": 0, "neutral": 0, "insufficient": 0}
           for p in path_ids}
    for row in matrix:
        for p, stance in row["cells"].items():
            if stance in out.get(p, {}):
                out[p][stance] += 1
    return out
