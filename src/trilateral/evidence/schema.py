"""The codebook's vocabularies and the rules every ledger event must satisfy.

The allowed values live here once, as ``Literal`` types and tuples; :func:`check_event` checks one
event against them and returns every problem it finds (field by field), so that an import can
report all bad rows at once. The coding rules themselves are in ``docs/codebook.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal, get_args
from urllib.parse import urlparse

Path_ = Literal["bureaucratic", "political", "institutional", "values", "reversal", "globalization"]
Direction = Literal["+", "-", "0"]
Level = Literal[
    "federal-executive", "legislature", "subfederal", "trilateral-body", "civil-society", "market",
    "judiciary",
]
Domain = Literal[
    "trade", "security", "border", "energy", "environment", "labour", "health", "migration",
    "regulation", "other",
]

PATHS: tuple[str, ...] = get_args(Path_)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
LEVELS: tuple[str, ...] = get_args(Level)
DOMAINS: tuple[str, ...] = get_args(Domain)
NONE_PATH = "none"  # the classifier's label for texts not about the three countries' relations
NORTH_AMERICA = ("USA", "CAN", "MEX")
CODED_FIELDS = ("path", "direction", "level", "domain", "americanization")

REQUIRED = (
    "id", "date", "countries", "title", "summary", *CODED_FIELDS, "source", "coder",
)
OPTIONAL = ("series", "confidence", "notes")
SOURCE_FIELDS = ("publisher", "title", "url", "url_verified")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,159}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST = dt.date(1900, 1, 1)
MAX_TITLE = 300
MAX_SUMMARY = 1200


@dataclass(frozen=True)
class Problem:
    """One broken rule: which row (1-based, in its file) and field, and why."""

    row: int | None
    field: str
    message: str
    file: str | None = None

    def __str__(self) -> str:
        where = [w for w in (self.file, self.row and f"row {self.row}") if w]
        where.append(f"field '{self.field}'")
        return f"{', '.join(map(str, where))}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "field": self.field, "message": self.message}


def slugify(text: str, limit: int = 90) -> str:
    """A lower-case ASCII slug of ``text`` for event ids."""
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return slug[:limit].rstrip("-")


def make_id(date: str, title: str) -> str:
    """The id an event gets when none is given: its date and a slug of its title."""
    return f"{date}-{slugify(title)}"


def duplicate_key(event: dict[str, Any]) -> tuple[str, str, str]:
    """Events with the same date, title and source URL are the same event."""
    title = " ".join(str(event.get("title", "")).split()).casefold()
    url = str((event.get("source") or {}).get("url", "")).strip().rstrip("/").casefold()
    return (str(event.get("date", "")), title, url)


def parse_date(value: Any) -> dt.date | None:
    """An ISO ``YYYY-MM-DD`` date, or None if ``value`` is not one."""
    if not isinstance(value, str) or not DATE_PATTERN.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_event(
    event: Any, *, row: int | None = None, file: str | None = None, today: dt.date | None = None
) -> list[Problem]:
    """Every problem with one event (an empty list when it is valid)."""
    if not isinstance(event, dict):
        return [Problem(row, "*", "an event must be a JSON object", file)]
    out = _check_keys(event)
    out += _check_identity(event, today or dt.date.today())
    out += _check_codes(event)
    out += _check_source(event.get("source"))
    out += _check_optional(event)
    return [Problem(row, f, m, file) for f, m in out]


def _check_keys(event: dict[str, Any]) -> list[tuple[str, str]]:
    missing = [(k, "missing") for k in REQUIRED if k not in event]
    unknown = [(k, "unknown field") for k in event if k not in REQUIRED + OPTIONAL]
    return missing + unknown


def _text(event: dict[str, Any], key: str, limit: int) -> list[tuple[str, str]]:
    value = event.get(key)
    if key not in event:
        return []
    if not isinstance(value, str) or not value.strip():
        return [(key, "must be a non-empty string")]
    if len(value) > limit:
        return [(key, f"longer than {limit} characters")]
    return []


def _check_identity(event: dict[str, Any], today: dt.date) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if "id" in event and not (isinstance(event["id"], str) and ID_PATTERN.match(event["id"])):
        out.append(("id", f"{event['id']!r} is not a slug of a-z, 0-9 and '-'"))
    if "date" in event:
        day = parse_date(event["date"])
        if day is None:
            out.append(("date", f"{event['date']!r} is not an ISO date (YYYY-MM-DD)"))
        elif not EARLIEST <= day <= today:
            out.append(("date", f"{event['date']} is outside {EARLIEST} to {today}"))
    out += _check_countries(event.get("countries")) if "countries" in event else []
    out += _text(event, "title", MAX_TITLE) + _text(event, "summary", MAX_SUMMARY)
    out += _text(event, "coder", 120)
    return out


def _check_countries(value: Any) -> list[tuple[str, str]]:
    import pycountry

    if not isinstance(value, list) or not value:
        return [("countries", "must be a non-empty list of ISO3 codes")]
    bad = [c for c in value if not (isinstance(c, str) and pycountry.countries.get(alpha_3=c))]
    if bad:
        return [("countries", f"not ISO3 country codes: {', '.join(map(str, bad))}")]
    if len(set(value)) != len(value):
        return [("countries", "repeats a country")]
    if not set(value) & set(NORTH_AMERICA):
        return [("countries", "must include at least one of USA, CAN, MEX")]
    return []


def _choice(event: dict[str, Any], key: str, allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    if key in event and event[key] not in allowed:
        return [(key, f"{event[key]!r} is not one of {', '.join(allowed)}")]
    return []


def _check_codes(event: dict[str, Any]) -> list[tuple[str, str]]:
    out = _choice(event, "path", PATHS) + _choice(event, "direction", DIRECTIONS)
    out += _choice(event, "level", LEVELS) + _choice(event, "domain", DOMAINS)
    if "americanization" in event and not isinstance(event["americanization"], bool):
        out.append(("americanization", "must be true or false"))
    if event.get("path") == "reversal" and event.get("direction") == "0":
        out.append(("direction", "a reversal event raises ('-') or lifts ('+') a barrier: "
                                  "direction cannot be '0'"))
    return out


def _check_source(source: Any) -> list[tuple[str, str]]:
    if source is None:
        return []
    if not isinstance(source, dict):
        return [("source", "must be an object with publisher, title, url, url_verified")]
    out: list[tuple[str, str]] = []
    for key in ("publisher", "title"):
        if not isinstance(source.get(key), str) or not source[key].strip():
            out.append((f"source.{key}", "must be a non-empty string"))
    url = source.get("url")
    parsed = urlparse(url) if isinstance(url, str) else None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
        out.append(("source.url", f"{url!r} is not an http(s) URL"))
    if not isinstance(source.get("url_verified"), bool):
        out.append(("source.url_verified", "must be true or false"))
    extra = [k for k in source if k not in SOURCE_FIELDS]
    out += [(f"source.{k}", "unknown field") for k in extra]
    return out


def _check_optional(event: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    conf = event.get("confidence")
    if "confidence" in event and not (
        isinstance(conf, int | float) and not isinstance(conf, bool) and 0 <= conf <= 1
    ):
        out.append(("confidence", "must be a number between 0 and 1"))
    if str(event.get("coder", "")).startswith("model:") and "confidence" not in event:
        out.append(("confidence", "a model's coding must carry its confidence"))
    if "notes" in event and not isinstance(event["notes"], str):
        out.append(("notes", "must be a string"))
    if "series" in event:
        from trilateral.evidence.series import ids

        if event["series"] not in ids():
            out.append(("series", f"{event['series']!r} is not one of {', '.join(ids())}"))
    return out


def canonical(event: dict[str, Any]) -> dict[str, Any]:
    """The event with its keys in the documented order (how the ledger file stores it)."""
    out = {k: event[k] for k in REQUIRED if k in event}
    src = event.get("source")
    if isinstance(src, dict):
        out["source"] = {k: src[k] for k in SOURCE_FIELDS if k in src} | {
            k: v for k, v in src.items() if k not in SOURCE_FIELDS
        }
    out.update({k: event[k] for k in OPTIONAL if k in event})
    out.update({k: v for k, v in event.items() if k not in out})
    return out
