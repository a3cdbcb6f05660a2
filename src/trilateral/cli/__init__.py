"""The ``trilateral`` command: a thin layer over the library.

Sub-commands are discovered: every module in this package that defines ``command`` (a click
command or group) is registered under its name, so each area (data, ledger, gravity, ...) keeps
its commands beside each other. Errors from :mod:`trilateral.errors` print one line and exit
with the status documented there; with ``--json`` a second stderr line holds the error as JSON
(``{"error": class, "message": ..., "file", "row", "field"}`` for input errors).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys

import click

from trilateral import __version__
from trilateral.errors import TrilateralError

EPILOG = """\b
Examples:
  trilateral data list
  trilateral report --out report/
  trilateral paths --as-of 2006-03-31 --json

\b
Exit status: 0 ok; 2 usage error; 3 bad input file or value; 4 not found;
5 download failed; 6 estimation failed; 7 warehouse locked, corrupt or unwritable
(also a full or read-only disk); 130 interrupted (Ctrl-C; nothing half-written).
Set TRILATERAL_HOME to choose where the warehouse lives; --debug shows tracebacks.
"""


class LazyGroup(click.Group):
    """Loads sub-command modules only when asked for, so ``--help`` and each command start fast."""

    def _modules(self) -> list[str]:
        return sorted(i.name for i in pkgutil.iter_modules(__path__) if not i.name.startswith("_"))

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = []
        for mod in self._modules():
            cmd = self._load(mod)
            if cmd is not None:
                names.append(cmd.name or mod)
        return sorted(names)

    def _load(self, mod: str) -> click.Command | None:
        module = importlib.import_module(f"{__name__}.{mod}")
        return getattr(module, "command", None)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """As click's, but a mistyped command name gets the closest ones as a suggestion."""
        name = args[0] if args else ""
        if args and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=2, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        for mod in self._modules():
            if mod == name.replace("-", "_") or mod == name:
                return self._load(mod)
        for mod in self._modules():
            cmd = self._load(mod)
            if cmd is not None and cmd.name == name:
                return cmd
        return None


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trilateral")
def cli() -> None:
    """trilateral: which path is North American integration on? Six hypotheses, real data."""


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI, turning every error into one line and an exit code.

    ``--debug`` (anywhere before the command's own arguments) re-raises instead, with the
    traceback. Besides trilateral's own errors, OS errors (full disk, read-only, not a
    directory) and DuckDB errors exit 7, decoding and recursion errors exit 3, Ctrl-C 130.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        _run(args)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - the one place every error becomes one line
        if debug:
            raise
        code, line = _one_line(exc)
        click.echo(f"error: {line}", err=True)
        if "--json" in args:
            click.echo(json.dumps({"error": type(exc).__name__, "message": line},
                                  ensure_ascii=False), err=True)
        sys.exit(code)


def _one_line(exc: BaseException) -> tuple[int, str]:
    """The documented exit code and a one-line message for an unexpected error."""
    import errno

    if isinstance(exc, KeyboardInterrupt):
        return 130, "interrupted; nothing was half-written (writes are atomic)"
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        reasons = {errno.ENOSPC: "no space left on the device",
                   errno.EROFS: "the file system is read-only",
                   errno.ENOTDIR: "a path component is not a directory",
                   errno.EACCES: "permission denied", errno.EPERM: "permission denied",
                   errno.EISDIR: "is a directory"}
        reason = reasons.get(exc.errno or 0, exc.strerror or type(exc).__name__)
        return 7, f"cannot write or read{where}: {reason}"
    if isinstance(exc, UnicodeError):
        return 3, f"not valid text ({_short(exc)})"
    if isinstance(exc, RecursionError):
        return 3, "input nested too deeply to process"
    if type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb"):
        return 7, (f"warehouse error ({_short(exc)}); if it persists run: "
                   "trilateral data recover")
    if isinstance(exc, MemoryError):
        return 3, "out of memory: the input is too large"
    return 1, f"internal error ({type(exc).__name__}: {_short(exc)}); rerun with --debug"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _run(argv: list[str]) -> None:
    """Run the CLI, turning trilateral and click errors into one line and an exit code."""
    try:
        cli.main(args=argv, prog_name="trilateral", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see {exc.ctx.command_path} --help)"
        click.echo(f"error: {' '.join(exc.format_message().split())}{hint}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("error: interrupted; nothing was half-written (writes are atomic)", err=True)
        sys.exit(130)
    except TrilateralError as exc:
        click.echo("error: " + " ".join(str(exc).split()), err=True)
        if "--json" in argv:
            click.echo(json.dumps(exc.to_dict(), ensure_ascii=False, default=str), err=True)
        sys.exit(exc.exit_code)
