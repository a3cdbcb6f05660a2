"""Run the ``trilateral`` entry point as a user would: exit code, stdout, stderr."""

from __future__ import annotations

import pytest

from trilateral.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err
