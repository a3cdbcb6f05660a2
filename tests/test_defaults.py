"""The dated, append-only method defaults."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from trilateral import defaults
from trilateral.errors import InputError


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "defaults.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_in_force_picks_the_entry_fixed_by_that_date(tmp_path: Path) -> None:
    p = _write(tmp_path, '[[paths]]\nfixed = 2026-11-28\nwhy = "first"\nwindow = 5\n'
                         '[[paths]]\nfixed = 2026-12-04\nwhy = "second"\nwindow = 10\n')
    assert defaults.in_force("paths", dt.date(2026, 12, 1), p).settings == {"window": 5}
    assert defaults.in_force("paths", dt.date(2027, 1, 1), p).why == "second"
    assert defaults.in_force("paths", dt.date(2006, 3, 31), p) is None
    assert defaults.current("paths", p).settings["window"] == 10


@pytest.mark.parametrize("text, field", [
    ('[[paths]]\nwhy = "no date"\n', "fixed"),
    ('[[paths]]\nfixed = "not a date"\nwhy = "x"\n', "fixed"),
    ('[[paths]]\nfixed = 2026-12-04\n', "why"),
    ('[[paths]]\nfixed = 2026-12-04\nwhy = "b"\n[[paths]]\nfixed = 2026-01-01\nwhy = "a"\n',
     "fixed"),
    ("paths = 3\n", "paths"),
])
def test_malformed_defaults_name_the_field(tmp_path: Path, text: str, field: str) -> None:
    with pytest.raises(InputError) as info:
        defaults.load(_write(tmp_path, text))
    assert info.value.location.field == field


def test_not_toml_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not valid TOML"):
        defaults.load(_write(tmp_path, "[[paths]\n"))


def test_the_shipped_file_loads() -> None:
    assert isinstance(defaults.load(), dict)
