"""Helpers shared by the command modules: JSON output and a console."""

from __future__ import annotations

from typing import Any

import click

from trilateral.console import console, dumps, progress_steps

__all__ = ["console", "dumps", "echo_json", "json_option", "progress_steps"]

json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")


def echo_json(obj: Any) -> None:
    click.echo(dumps(obj))


