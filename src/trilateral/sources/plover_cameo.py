"""PLOVER event ontology: the CAMEO-to-PLOVER conversion table and gold-standard examples.

``plover_cameo``: one row per CAMEO event code (2021 conversion table, PLOVER draft 0.8) with
its PLOVER event category, mode and context. ``plover_examples``: the gold-standard coded
records (news sentences with their source and target actors and PLOVER coding), used to test
the event classifier.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from trilateral.errors import SchemaError, ValidationError
from trilateral.sources._tabular import decode, join_codes
from trilateral.sources.base import SourceSpec

MAP_FILE = "CAMEO2PLOVER-2021.txt"
GSR_FILE = "PLOVER_GSR_CAMEO.txt"
LINE = re.compile(r"^(?P<code>\d{2,4}):\s*(?P<body>.*)$")

SPEC = SourceSpec(
    id="plover-cameo",
    publisher="Open Event Data Alliance (PLOVER; conversion table ed. P. Schrodt)",
    title="CAMEO-to-PLOVER conversion table (draft 0.8, 2021) and PLOVER gold-standard records",
    url="https://github.com/openeventdata/PLOVER",
    licence="CC BY-SA 4.0 (Open Event Data Alliance): attribution, and derived tables are "
            "shared under the same licence.",
    raw_dir="events/plover-cameo-codebooks",
    raw_files=(MAP_FILE, GSR_FILE),
    accessed="not recorded (PLOVER commit 5e0c24f of 2024-02-04)",
    vintage="CAMEO2PLOVER 2021-09-17; GSR version 0.5b1",
    tables=("plover_cameo", "plover_examples"),
    unit="codes",
    family="events",
    citation="Open Event Data Alliance: PLOVER (Political Language Ontology for Verifiable "
             "Event Records), CAMEO2PLOVER-2021.txt and PLOVER_GSR_CAMEO.txt, "
             "github.com/openeventdata/PLOVER, CC BY-SA 4.0.",
    caveats=(
        "Licence CC BY-SA 4.0: the two tables are shared under CC BY-SA 4.0 with attribution "
        "to the Open Event Data Alliance, whatever the licence of the rest of trilateral.",
        "Two-digit lines of the conversion table are section headings (08 heads both CONCEDE "
        "and RETREAT) and are not rows; code 175 is listed twice with the same mapping and is "
        "kept once (first description).",
        "The gold-standard records were coded with PLOVER 0.5b1 (2016): some event names "
        "differ from the 2021 table (e.g. FIGHT where the table says ASSAULT).",
        "Empty mode or context means the conversion table leaves it unspecified.",
        "The DOCUMENT record that documents the file itself is not an example and is dropped. "
        "One id (PLOVER-GSR01-COERCE-0004) is used by two different records: record_no, the "
        "position in the file, identifies a record.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    return {"plover_cameo": parse_mapping(base / MAP_FILE),
            "plover_examples": parse_examples(base / GSR_FILE)}


def parse_mapping(path: Path) -> pd.DataFrame:
    """``code: EVENT, mode, context # description`` lines; headings and comments skipped."""
    text, _ = decode(path)
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        hit = LINE.match(line.strip())
        if not hit or len(hit["code"]) == 2:
            continue
        rows.append(mapping_row(hit["code"], hit["body"], path, number))
    if not rows:
        raise SchemaError("no 'CODE: EVENT, mode, context' lines", file=path)
    out = pd.DataFrame(rows).drop_duplicates("cameo_code", keep="first")
    out["source"] = SPEC.id
    return out.sort_values("cameo_code").reset_index(drop=True)


def mapping_row(code: str, body: str, path: Path, number: int) -> dict[str, object]:
    spec, _, description = body.partition("#")
    parts = [p.strip() for p in spec.split(",")]
    event = parts[0]
    if not re.fullmatch(r"[A-Z]+", event):
        raise ValidationError(f"PLOVER event {event!r} is not an upper-case category",
                              file=path, row=number, field="event")
    mode = parts[1] if len(parts) > 1 else ""
    context = ", ".join(parts[2:]) if len(parts) > 2 else ""
    return {"cameo_code": code, "cameo_root": code[:2], "plover_event": event,
            "plover_mode": mode or None, "plover_context": context or None,
            "cameo_description": description.strip() or None}


def parse_examples(path: Path) -> pd.DataFrame:
    text, _ = decode(path)
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"not JSON ({exc.msg})", file=path, row=exc.lineno) from exc
    if not isinstance(records, list):
        raise SchemaError("expected a JSON list of records", file=path)
    rows = [example_row(r, path, i) for i, r in enumerate(records, start=1)
            if r.get("event") != "DOCUMENT"]
    out = pd.DataFrame(rows)
    out["source"] = SPEC.id
    return out.sort_values("record_no").reset_index(drop=True)


def example_row(rec: dict, path: Path, index: int) -> dict[str, object]:
    for field in ("id", "event", "text"):
        if not rec.get(field):
            raise ValidationError(f"record {index} has no {field}", file=path, field=field)
    return {"record_no": index, "id": rec["id"], "date": rec.get("date"), "plover_event": rec["event"],
            "plover_mode": rec.get("mode") or None, "plover_context": rec.get("context") or None,
            "source_actors": actors(rec.get("source")), "target_actors": actors(rec.get("target")),
            "event_text": rec.get("eventText"), "text": rec["text"],
            "language": rec.get("language"), "coder_version": rec.get("version")}


def actors(value: object) -> str:
    """Actor codes of a record's source or target list (``;``-separated), or ''."""
    if not isinstance(value, list):
        return ""
    return join_codes(a.get("code") for a in value if isinstance(a, dict))
