"""Filters on unknown codes are refused rather than answered with an empty table."""

from __future__ import annotations

from click.testing import CliRunner

from trilateral.cli import cli
from trilateral.errors import InputError


def test_unknown_reporter_is_refused_with_the_known_codes() -> None:
    result = CliRunner().invoke(cli, ["indicators", "--indicator", "trade_share", "--reporter",
                                      "XXX", "--json"], standalone_mode=False)
    assert isinstance(result.exception, InputError)
    assert result.exception.location.field == "reporter"
    assert "XXX" in str(result.exception) and "USA" in str(result.exception)
