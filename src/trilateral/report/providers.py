"""Report sections contributed by other parts of trilateral (gravity, outlook, scenarios).

A provider is ``"module:function"``; the function returns ``None`` or a dict::

    {"title": str, "note": str (optional),
     "tables": [{"title", "columns", "rows", "note"}],
     "charts": [{"title", "kind": "line"|"bar"|"point", "x", "y", "lower", "upper", "color",
                 "data": [records], "note"}]}

A provider that is not installed, returns nothing or fails is left out of the HTML and listed
as not available in ``report.json``. With an as-of date, only providers whose function takes
an ``as_of`` argument are asked: others cannot promise to use only what was public then.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PROVIDERS: list[str] = [
    "trilateral.gravity.report:section",
    "trilateral.outlook.report:section",
    "trilateral.scenarios.report:section",
    "trilateral.products.report:section",
    "trilateral.paths.claims:section",
]


@dataclass
class Collected:
    sections: list[dict[str, Any]] = field(default_factory=list)
    status: list[dict[str, Any]] = field(default_factory=list)


def collect(as_of: dt.date | None, providers: list[str] | None = None,
            progress: Callable[[str], None] | None = None) -> Collected:
    out = Collected()
    for target in PROVIDERS if providers is None else providers:
        if progress:
            progress(f"section {_label(target)}")
        section, reason = _call(target, as_of)
        out.status.append({"provider": target, "available": section is not None,
                           "reason": reason})
        if section is not None:
            out.sections.append({"provider": target, **section})
    return out


def _label(target: str) -> str:
    """``trilateral.gravity.report:section`` -> ``gravity``; a top-level module keeps its name."""
    parts = target.split(":")[0].split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "trilateral" else parts[0]


def _call(target: str, as_of: dt.date | None) -> tuple[dict[str, Any] | None, str]:
    mod_name, fn_name = target.split(":")
    try:
        fn = getattr(importlib.import_module(mod_name), fn_name)
    except (ImportError, AttributeError) as exc:
        return None, f"not installed ({type(exc).__name__}: {exc})"
    takes_as_of = "as_of" in inspect.signature(fn).parameters
    if as_of is not None and not takes_as_of:
        return None, "does not support an as-of date"
    try:
        got = fn(as_of=as_of) if takes_as_of else fn()
    except Exception as exc:  # a failing plug-in must not sink the report
        return None, f"failed: {type(exc).__name__}: {exc}"
    if not got:
        return None, "returned no section"
    if not isinstance(got, dict) or "title" not in got:
        return None, "returned something that is not a section dict"
    return got, ""
