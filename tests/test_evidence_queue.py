"""import-docs proposes coded entries into the review queue; review accepts or rejects them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_helpers import event, write_jsonl
from trilateral.cli import cli
from trilateral.errors import NotFoundError
from trilateral.evidence import ledger, queue

RELEVANT = """---
date: '2018-05-31'
source_url: https://example.org/{name}
title: "{title}"
---

The United States imposed tariffs of 25 percent on steel and 10 percent on aluminum imports
from Canada and Mexico. Canada announced retaliatory tariffs on U.S. goods, and Mexico
imposed retaliatory duties on U.S. pork and steel.
"""
UNRELATED = """---
date: '2022-01-05'
source_url: https://example.org/judges
title: "President names judicial nominees"
---

The President announced his intent to nominate six judges to the federal district courts.
"""


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_home: Path) -> Path:
    monkeypatch.setenv("TRILATERAL_LEDGER", str(tmp_path / "ledger.jsonl"))
    write_jsonl(tmp_path / "ledger.jsonl", [event(1)])
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, title in (("a", "Steel tariffs hit Canada and Mexico"),
                        ("b", "Canada and Mexico respond to US metal tariffs")):
        (docs / f"{name}.md").write_text(RELEVANT.format(name=name, title=title))
    (docs / "c.md").write_text(UNRELATED)
    return docs


def test_import_docs_queues_relevant_documents_only(setup: Path):
    result = queue.import_docs(setup)
    assert len(result.proposed) == 2
    assert [s["reason"] for s in result.skipped] == [
        "not about relations among the three countries"]
    ev = result.proposed[0]["event"]
    assert ev["coder"].startswith("model:tfidf-logreg@") and 0 <= ev["confidence"] <= 1
    assert (ev["date"], ev["path"], ev["direction"]) == ("2018-05-31", "reversal", "-")
    assert set(ev["countries"]) == {"USA", "CAN", "MEX"}
    assert len(ledger.events()) == 1  # nothing reaches the ledger before review
    assert queue.import_docs(setup).proposed == []  # already queued: not proposed twice


def test_review_accepts_into_ledger_and_rejects_aside(setup: Path):
    ids = [e["id"] for e in queue.import_docs(setup).proposed]
    result = queue.review([ids[0]], [ids[1]], edits={ids[0]: {"summary": "Reviewed words."}})
    assert result.remaining == 0
    stored = ledger.get(ids[0])
    assert stored["summary"] == "Reviewed words." and stored["coder"].startswith("model:")
    assert ledger.validate().ok
    assert queue.import_docs(setup).proposed == []  # the rejected one is not proposed again
    with pytest.raises(NotFoundError):
        queue.review(["no-such-id"])


def test_interactive_review(setup: Path):
    queue.import_docs(setup)
    out = CliRunner().invoke(cli, ["ledger", "review"], input="a\nr\n")
    assert out.exit_code == 0, out.output
    assert "accepted 1, rejected 1, 0 left" in out.output
    assert len(ledger.events()) == 2
