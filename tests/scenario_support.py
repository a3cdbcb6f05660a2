"""The scenarios' tests run on a fixed tariff-measures table, not on the packaged one, so that
their figures do not move when the packaged table gains rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from trilateral.scenarios import policy

FIXTURE = Path(__file__).parent / "fixtures" / "scenario_measures.csv"


@pytest.fixture(scope="module", autouse=True)
def fixture_measures():
    """Every packaged-table lookup in the module reads the fixture table instead."""
    table = pd.read_csv(FIXTURE)
    with pytest.MonkeyPatch.context() as mp:
        packaged = policy.in_force
        mp.setattr(policy, "in_force",
                   lambda t, day: packaged(table if t is None else t, day))
        yield table
