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


def run_json(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, object, str]:
    """Run a command with ``--json`` and return (exit code, its ``data``, stderr).

    Every command prints one envelope ``{tool, version, commit, as_of, generated, sources,
    data}``; this returns the ``data`` member (or the whole document where there is none).
    """
    import json

    argv = argv if "--json" in argv else [*argv, "--json"]
    code, out, err = run(argv, capsys)
    if not out.strip():
        return code, None, err
    doc = json.loads(out)
    if isinstance(doc, dict) and doc.get("tool") == "trilateral" and "data" in doc:
        return code, doc["data"], err
    return code, doc, err
