"""The six paths and the Americanization lens, tested against data.

>>> from trilateral import paths
>>> a = paths.assess(as_of="2006-03-31")        # doctest: +SKIP
>>> a.verdicts()                                 # doctest: +SKIP
{'bureaucratic': 'advancing', ...}

Paths are data (:mod:`.definitions`); each implication is a check (:mod:`.registry` and the
``checks_*`` modules) read against the path's prediction; :mod:`.combine` turns checks into a
verdict and score; :mod:`.matrix` builds the evidence x path matrix. See docs/method.md.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PATHS", "PATH_IDS", "STANCES", "VERDICTS", "Assessment", "CheckResult",
           "EvidenceItem", "PathResult", "assess"]

_WHERE = {"assess": "assessment", "PATHS": "definitions", "PATH_IDS": "definitions",
          "STANCES": "model", "VERDICTS": "model", "Assessment": "model",
          "CheckResult": "model", "EvidenceItem": "model", "PathResult": "model"}


def __getattr__(name: str) -> Any:
    """Load lazily: a warm cached report needs none of the estimation machinery."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"trilateral.paths.{_WHERE[name]}"), name)
    raise AttributeError(name)
