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
