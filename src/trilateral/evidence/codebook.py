"""The codebook's worked examples: one file that both the docs and the classifier read.

``evidence/data/codebook_examples.jsonl`` holds short texts written for the project, each coded
under the rules in ``docs/codebook.md`` (path, direction, level, domain, americanization),
including ``none`` examples of texts that are not about relations among the three countries.
``docs/codebook.md`` shows them between two markers; after editing the examples, refresh it with
``python -m trilateral.evidence.codebook docs/codebook.md``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from trilateral.config import PACKAGE_DIR

EXAMPLES_FILE = PACKAGE_DIR / "evidence" / "data" / "codebook_examples.jsonl"
START = "<!-- examples:start (generated from codebook_examples.jsonl) -->"
END = "<!-- examples:end -->"
ORDER = ("bureaucratic", "political", "institutional", "values", "reversal", "globalization",
         "none")


def load_examples(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The coded examples, one dict per text."""
    file = Path(path) if path else EXAMPLES_FILE
    return [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def render_examples(examples: list[dict[str, Any]]) -> str:
    """The examples as Markdown, grouped by path."""
    lines = []
    for path in ORDER:
        chosen = [e for e in examples if e["path"] == path]
        if not chosen:
            continue
        lines += [f"### `{path}`", ""]
        for e in chosen:
            flag = ", americanization" if e.get("americanization") else ""
            lines.append(f"- `{e['direction']}` `{e['level']}` `{e['domain']}`{flag}: "
                         f"{e['text']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def refresh(doc: str | Path) -> bool:
    """Rewrite the examples section of ``doc``; True when it changed."""
    doc = Path(doc)
    text = doc.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    new = f"{head}{START}\n{render_examples(load_examples())}{END}{tail}"
    if new != text:
        doc.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # pragma: no cover
    print("changed" if refresh(sys.argv[1]) else "unchanged")
