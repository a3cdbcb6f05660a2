"""Country codes of the gravity panels: ISO3 through :func:`to_iso3`, original codes kept.

The gravity datasets use ISO3-like codes, but a few are older or source-specific: the Advanced
Guide writes Romania as ``ROM`` (its ISO 3166-1 code until 2002), and the Comtrade extract keeps
Comtrade's historical and special areas (``BLX`` Belgium-Luxembourg, ``SVU``, ``UNS`` ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from trilateral.errors import ValidationError
from trilateral.sources.base import to_iso3

# country_converter's EXIOBASE three-letter list keeps pre-2002 ISO codes such as ROM (Romania);
# it is consulted only for codes the default ISO3 lookup does not know.
LEGACY_SCHEME = "EXIO3_3L"


def _lookup(code: str, allow: Mapping[str, str] | None) -> str | None:
    for src in (None, LEGACY_SCHEME):
        try:
            return to_iso3([code], src=src, allow=allow)[0]
        except ValidationError:
            continue
    return None


def code_map(codes: pd.Series, *, allow: Mapping[str, str] | None = None) -> dict[str, str | None]:
    """Each distinct code -> its ISO3 code, or None when no lookup knows it."""
    return {c: _lookup(c, allow) for c in sorted(codes.astype(str).unique())}


def strict_iso3(codes: pd.Series, *, file: str | Path, field: str,
                allow: Mapping[str, str] | None = None) -> pd.Series:
    """ISO3 for every code; an unknown code raises, naming its first row (header is row 1)."""
    mapping = code_map(codes, allow=allow)
    unknown = [c for c, iso in mapping.items() if iso is None]
    if unknown:
        row = int((codes.astype(str) == unknown[0]).to_numpy().nonzero()[0][0]) + 2
        raise ValidationError(f"unknown country code {unknown[0]!r}", file=file, row=row,
                              field=field)
    return codes.astype(str).map(mapping)


def lenient_iso3(codes: pd.Series, *, allow: Mapping[str, str] | None = None
                 ) -> tuple[pd.Series, pd.Series]:
    """ISO3 where a lookup knows the code, else the source's own code; and a known-code mask."""
    mapping = code_map(codes, allow=allow)
    text = codes.astype(str)
    iso = text.map(lambda c: mapping[c] or c)
    return iso, text.map(lambda c: mapping[c] is not None)
