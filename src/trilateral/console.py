"""Terminal output shared by the library and the CLI: a console, JSON text and progress bars.

The library writes progress and JSON through these helpers; ``trilateral.cli`` re-exports them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Console

from trilateral.provenance import jsonable


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def dumps(obj: Any) -> str:
    return json.dumps(jsonable(obj), indent=2, sort_keys=False, ensure_ascii=False, default=str)


@contextlib.contextmanager
def progress_steps(label: str, total: int, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr that advances as each named step starts.

    Shown only on a terminal and when ``enabled`` (off for ``--json``); otherwise a no-op.
    """
    con = console(stderr=True)
    if not (enabled and con.is_terminal):
        yield lambda step: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=con, transient=True) as bar:
        task = bar.add_task(label, total=total)
        started = [False]

        def step(name: str) -> None:
            if started[0]:
                bar.advance(task)
            started[0] = True
            bar.update(task, description=f"{label}: {name}")

        yield step


def _commit() -> str | None:
    """The git commit of the installed source tree, when it is a checkout (else None)."""
    import functools
    import subprocess
    from pathlib import Path

    @functools.cache
    def read() -> str | None:
        here = Path(__file__).resolve().parent
        try:
            out = subprocess.run(["git", "-C", str(here), "rev-parse", "HEAD"],
                                 capture_output=True, text=True, timeout=5, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        sha = out.stdout.strip()
        return sha if out.returncode == 0 and len(sha) == 40 else None

    return read()


def _sources(data: Any) -> list[str]:
    """Table names the payload says it used: its ``provenance`` or ``tables`` entries."""
    if not isinstance(data, dict):
        return []
    names: list[str] = []
    for key in ("provenance", "tables"):
        for item in data.get(key) or []:
            name = item.get("table") or item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and name not in names:
                names.append(name)
    return names


def envelope(data: Any, as_of: str | None = None, sources: list[str] | None = None) -> dict:
    """Every command's JSON: ``{tool, version, commit, as_of, generated, sources, data}``.

    ``as_of`` defaults to the payload's own ``as_of``; ``sources`` to the table names in its
    ``provenance`` or ``tables``.
    """
    import datetime as dt

    from trilateral import __version__

    if as_of is None and isinstance(data, dict) and isinstance(data.get("as_of"), str):
        as_of = data["as_of"]
    return {"tool": "trilateral", "version": __version__, "commit": _commit(), "as_of": as_of,
            "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "sources": sources if sources is not None else _sources(data), "data": data}
