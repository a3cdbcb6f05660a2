"""Events as rows of a file: JSONL (one object a line) or CSV (flat ``source_*`` columns).

Reading never raises for a bad row: each row comes back as a :class:`Row` carrying either the
event or the problems found while decoding it, so an import can report every bad row at once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trilateral.errors import InputError
from trilateral.evidence.schema import SOURCE_FIELDS, Problem, canonical, make_id

CSV_COLUMNS = (
    "id", "date", "countries", "title", "summary", "path", "direction", "level", "domain",
    "americanization", "source_publisher", "source_title", "source_url", "url_verified",
    "coder", "confidence", "notes", "series",
)
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


@dataclass
class Row:
    """One row of an input file: its 1-based number, the event, and decoding problems."""

    number: int
    event: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)


def read_rows(path: str | Path) -> list[Row]:
    """Read an events file, JSONL or CSV by its extension (``.jsonl``, ``.json``, ``.csv``)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", file=path)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return _csv_rows(text, str(path))
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        return _jsonl_rows(text, str(path))
    raise InputError("expected a .jsonl or .csv file", file=path)


def _jsonl_rows(text: str, file: str) -> list[Row]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append(Row(number, None, [Problem(number, "*", f"not JSON: {exc.msg}", file)]))
            continue
        rows.append(Row(number, unflatten(obj) if isinstance(obj, dict) else obj))
    return rows


def _csv_rows(text: str, file: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("date", "title", "path") if c not in (reader.fieldnames or [])]
    if missing:
        from trilateral.errors import SchemaError

        raise SchemaError(f"missing columns: {', '.join(missing)}", file=file, row=1)
    rows = []
    for i, raw in enumerate(reader, start=2):  # row 1 is the header
        event, problems = _from_csv(raw, i, file)
        rows.append(Row(i, event, problems))
    return rows


def _from_csv(raw: dict[str, str | None], row: int, file: str) -> tuple[dict, list[Problem]]:
    """A CSV row to an event: split the countries, read booleans and numbers."""
    problems: list[Problem] = []
    flat: dict[str, Any] = {k: (v or "").strip() for k, v in raw.items() if k}
    flat = {k: v for k, v in flat.items() if v != "" or k in ("americanization", "url_verified")}
    if "countries" in flat:
        flat["countries"] = [c.strip().upper() for c in _split(flat["countries"]) if c.strip()]
    for key in ("americanization", "url_verified"):
        if key in flat:
            value = str(flat[key]).lower()
            if value in _TRUE | _FALSE:
                flat[key] = value in _TRUE
            else:
                problems.append(Problem(row, key, f"{flat[key]!r} is not true or false", file))
    if "confidence" in flat:
        try:
            flat["confidence"] = float(flat["confidence"])
        except ValueError:
            problems.append(Problem(row, "confidence", "not a number", file))
    return unflatten(flat), problems


def _split(value: str) -> list[str]:
    for sep in (";", "|", ","):
        if sep in value:
            return value.split(sep)
    return value.split()


def unflatten(obj: dict[str, Any]) -> dict[str, Any]:
    """Fold flat ``source_publisher``/``source_title``/``source_url``/``url_verified`` keys."""
    flat_keys = {f"source_{k}" for k in ("publisher", "title", "url")} | {"url_verified"}
    if not flat_keys & obj.keys():
        return obj
    out = {k: v for k, v in obj.items() if k not in flat_keys}
    source = dict(out.get("source") or {})
    for key in SOURCE_FIELDS:
        flat = key if key == "url_verified" else f"source_{key}"
        if flat in obj:
            source[key] = obj[flat]
    out["source"] = source
    return out


def flatten(event: dict[str, Any]) -> dict[str, Any]:
    """An event as one flat CSV row (countries joined by ';')."""
    src = event.get("source") or {}
    row = {k: event.get(k) for k in CSV_COLUMNS if k in event and k != "countries"}
    row["countries"] = ";".join(event.get("countries") or [])
    row.update(
        source_publisher=src.get("publisher"), source_title=src.get("title"),
        source_url=src.get("url"), url_verified=src.get("url_verified"),
    )
    return {k: row.get(k) for k in CSV_COLUMNS}


def with_id(event: dict[str, Any]) -> dict[str, Any]:
    """The event with an id made from its date and title when it has none."""
    if event.get("id") or not isinstance(event.get("date"), str):
        return event
    return {"id": make_id(event["date"], str(event.get("title", ""))), **event}


def to_jsonl(events: Iterable[dict[str, Any]]) -> str:
    """Events as JSONL text, one canonical object a line, UTF-8 kept as is."""
    return "".join(json.dumps(canonical(e), ensure_ascii=False) + "\n" for e in events)


def to_csv(events: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for e in events:
        row = flatten(e)
        row = {k: ("true" if v is True else "false" if v is False else v) for k, v in row.items()}
        writer.writerow(row)
    return buf.getvalue()
