"""Helpers shared by the command modules: JSON output and a console."""

from __future__ import annotations

from typing import Any

import click

from trilateral.console import console, dumps, envelope, progress_steps

__all__ = ["console", "dumps", "echo_json", "envelope", "json_option", "progress_steps"]

json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")


def echo_json(obj: Any, as_of: str | None = None, sources: list[str] | None = None) -> None:
    """Print ``obj`` as the ``data`` of the JSON envelope shared by every command."""
    click.echo(dumps(envelope(obj, as_of=as_of, sources=sources)))


