"""What the classifier's speed-ups must not change: RE2 finds what Python's ``re`` finds,
chunk spans give the chunks, one whole-text scan gives each chunk's partner mentions, and a
gated document's level and domain read only its opening.

The texts are the packaged ledger's titles and summaries, the codebook's examples and the
development corpus when it is beside the checkout (``../shared/corpus``), plus hand-made edge
cases (paragraph breaks, long paragraphs, look-alike names, accents).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trilateral.evidence import store
from trilateral.evidence.classifier import cues
from trilateral.evidence.classifier import predict as P
from trilateral.evidence.codebook import load_examples
from trilateral.evidence.documents import chunk_spans, chunks, paragraphs, read_document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "whitehouse-2021-2022"
EDGE = [
    "",
    "  \n\n  ",
    "a  b\n\n\n c\n d",
    "Wildfires in New Mexico and drilling in the Gulf of Mexico.\n\nCanada and Mexico met.",
    "Prime Minister Trudeau of Canada met President López Obrador in Québec and Montréal.",
    "Martin Luther King Day.\n\nFox News reported on Canada geese near Windsor.",
    "\n\n".join(["Canada " + "word " * 60] * 5 + ["Mexico " + "long " * 700]),
    "The United States will impose additional tariffs of 25 percent on goods from Canada and "
    "Mexico; Canada retaliated. Steel from Mexico is exempt from the duties.",
]


def _texts() -> list[str]:
    ledger = [f"{e['title']}. {e['summary']}" for e in store.read_events()]
    examples = [x["text"] for x in load_examples()]
    corpus = [read_document(f).text for f in sorted(CORPUS.glob("[0-9]*.md"))[:60]]
    return EDGE + ledger + examples + corpus


TEXTS = _texts()


def _python_re(pattern) -> re.Pattern[str]:
    flags = 0 if pattern.options.case_sensitive else re.IGNORECASE
    return re.compile(pattern.pattern, flags)


@pytest.mark.parametrize("name", ["_PARTNERS_LOWER", "_NOT_PARTNER", "_RAISE", "_LIFT",
                                  "_WIDER", "_EXEMPT", "_INSTRUMENT", "_VALUES", "_OFFICIAL"])
def test_re2_finds_what_python_re_finds(name: str):
    pattern = getattr(cues, name)
    if isinstance(pattern, re.Pattern):
        pytest.skip("google-re2 is not installed: the cues use Python's re")
    reference = _python_re(pattern)
    for text in TEXTS:
        for variant in (text, text.lower()):
            got = [m.span() for m in pattern.finditer(variant)]
            assert got == [m.span() for m in reference.finditer(variant)], (name, variant[:80])


def test_country_names_match_alike_in_re2_and_re():
    cues._countries()
    if isinstance(cues._COUNTRY_LOWER, re.Pattern):
        pytest.skip("google-re2 is not installed")
    reference = re.compile(cues._COUNTRY_LOWER.pattern)
    for text in TEXTS:
        low = text.lower()
        assert cues._COUNTRY_LOWER.findall(low) == reference.findall(low)


def test_chunk_spans_give_the_chunks_and_lie_in_the_text():
    for text in TEXTS:
        spans = chunk_spans(text)
        assert [c for c, _, _ in spans] == chunks(text)
        for chunk, start, end in spans:
            assert " ".join(text[start:end].split()) == " ".join(chunk.split())
        assert sum(len(c.split()) for c, _, _ in spans) == sum(len(p.split())
                                                             for p in paragraphs(text))


def test_one_scan_gives_each_chunks_partner_mentions():
    checked = 0
    for text in TEXTS:
        spans = chunk_spans(text)
        if not spans:
            continue
        got = P._chunk_mentions(text, spans)
        if got is None:  # case folding changed the length: each chunk is scanned instead
            continue
        assert got == [cues.partner_mentions(c) for c, _, _ in spans], text[:80]
        checked += 1
    assert checked > 100


def test_barrier_cues_prefilter_keeps_the_count():
    for text in TEXTS:
        per_sentence = 0
        for sentence in cues._SENTENCE.split(text):
            if not cues.partner_mentions(sentence) or cues._EXEMPT.search(sentence):
                continue
            for m in cues._RAISE.finditer(sentence):
                before = " ".join(sentence[: m.start()].split()[-6:])
                if not cues._LIFT.search(before) and not cues._LIFT.search(m.group(0)):
                    per_sentence += 1
        assert cues.barrier_cues(text) == per_sentence


def test_a_gated_document_reads_level_and_domain_from_its_opening():
    from trilateral.evidence.documents import Document

    filler = "\n\n".join("The agency announced grants for rural broadband number "
                         f"{i} and school repairs across the states this year." * 12
                         for i in range(8))
    doc = Document(text=filler, title="Grants for broadband")
    parts = P._relevant_parts(doc, len(filler.split()), " ".join(filler.split()[:150]))
    plan = P._gated_plan(doc, parts, {}, {}, "none", "gate")
    assert len(parts.all_chunks) > P.GATED_CHUNKS
    assert plan.texts == ["Grants for broadband", *parts.all_chunks[:P.GATED_CHUNKS]]
