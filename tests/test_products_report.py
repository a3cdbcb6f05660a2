"""The report's "by product" section reads the shipped 2024 HS10 table and the action lists."""

from __future__ import annotations

import pytest

pytest.importorskip("narwhals")


def test_section_shows_us_actions_with_both_spokes() -> None:
    from trilateral.products.report import section

    got = section()
    assert got is not None and got["title"].startswith("By product")
    exposure = got["tables"][0]
    actions = [row[0] for row in exposure["rows"]]
    assert actions and all(a.startswith("us-") for a in actions)  # no partner retaliation lists
    autos = next(row for row in exposure["rows"] if row[0] == "us-232-autos")
    # 2024 US imports in the Section 232 autos list (Proclamation 10908): Canada $50.98 bn,
    # Mexico $149.89 bn, from the shipped Census HS10 table (tradewartracker @ 726c5958).
    assert autos[3].startswith("51.0 bn") and autos[4].startswith("149.9 bn")
    assert {c["kind"] for c in got["charts"]} == {"bar"}
