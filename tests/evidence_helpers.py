"""Small hand-made events for the evidence tests (not real ledger entries)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def event(n: int = 1, **over: Any) -> dict[str, Any]:
    """A valid event; ``n`` makes its title, id and URL distinct."""
    base = {
        "id": f"2001-12-{n % 28 + 1:02d}-test-event-{n}",
        "date": f"2001-12-{n % 28 + 1:02d}",
        "countries": ["USA", "CAN"],
        "title": f"Test event {n}",
        "summary": "A made-up event used only by the tests.",
        "path": "bureaucratic",
        "direction": "+",
        "level": "federal-executive",
        "domain": "border",
        "americanization": False,
        "source": {"publisher": "Test", "title": "Test source", "url": f"https://example.org/{n}",
                   "url_verified": False},
        "coder": "test",
    }
    base.update(over)
    return base


def write_jsonl(path: Path, events: list[Any]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path
