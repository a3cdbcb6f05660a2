"""What the classifier's speed-ups must not change: RE2 finds what Python's ``re`` finds (on
text and on UTF-8 bytes), chunk spans give the chunks, one whole-text scan gives each chunk's
partner mentions, the partner scan without a lower-cased copy finds what blanking look-alikes
in one did, the accent stripping replacing only non-ASCII characters gives scikit-learn's, the
tokens and the known-terms transform give scikit-learn's matrix, word counts from spaces equal
word counts from splitting, and a gated document's level and domain read only its opening.

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
    "They met Prime Minister\nHarper. New\nMexico and the Gulf of\nMexico; Canada\ngeese. "
    "Mexico City.\n\nNorth\nAmerica! Québec; “Montréal” — Mexico City",
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


@pytest.mark.parametrize("name", ["_PARTNERS", "_NOT_PARTNER", "_RAISE", "_LIFT",
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
    if isinstance(cues._COUNTRY_ANY, re.Pattern):
        pytest.skip("google-re2 is not installed")
    reference = re.compile(cues._COUNTRY_ANY.pattern, re.IGNORECASE)
    for text in TEXTS:
        assert cues._COUNTRY_ANY.findall(text) == reference.findall(text)
        assert [m.decode() for m in cues._COUNTRY_UTF8.findall(text.encode())] == \
            reference.findall(text)


def test_chunk_spans_give_the_chunks_and_lie_in_the_text():
    for text in TEXTS:
        spans = chunk_spans(text)
        assert [c for c, _, _ in spans] == chunks(text)
        for chunk, start, end in spans:
            assert " ".join(text[start:end].split()) == " ".join(chunk.split())
        assert sum(len(c.split()) for c, _, _ in spans) == sum(len(p.split())
                                                             for p in paragraphs(text))


def _blanked_reference(text: str) -> list[tuple[int, str]]:
    """Partner names found as before: look-alikes blanked out in a lower-cased copy, then the
    partner expression (Python's re) run on it."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return []
    blank = re.compile(cues._NOT_PARTNER.pattern, re.IGNORECASE)
    lowered = blank.sub(lambda m: " " * len(m.group(0)), lowered)
    return [(m.start(), m.group(0)) for m in re.compile(cues._PARTNERS.pattern).finditer(lowered)]


def test_partner_scan_finds_what_blanking_look_alikes_found():
    checked = 0
    for text in TEXTS:
        if len(text.lower()) != len(text):
            continue
        assert cues.partner_hits(text) == _blanked_reference(text), text[:80]
        checked += bool(_blanked_reference(text))
    assert checked > 100


def test_partner_offsets_are_character_offsets_in_non_ascii_text():
    text = "Québec’s premier — and Montréal — met “Canada” officials; New Mexico did not."
    hits = cues.partner_hits(text)
    assert [text[start:start + len(name)].lower() for start, name in hits] == \
        [name for _, name in hits] == ["québec", "montréal", "canada"]


def test_utf8_counts_equal_text_counts():
    wider, raise_ = (re.compile(cues._WIDER.pattern, re.I), re.compile(cues._RAISE.pattern, re.I))
    for text in TEXTS:
        assert cues.wider_frame(text) == len(wider.findall(text))
        assert cues._search(cues._RAISE, cues._RAISE_UTF8, text) == bool(raise_.search(text))
        assert cues.values_cues(text) == len(re.compile(cues._VALUES.pattern, re.I).findall(text))
        assert cues.official_cues(text) == len(
            re.compile(cues._OFFICIAL.pattern, re.I).findall(text))
    cues._countries()
    reference = re.compile(cues._COUNTRY_ANY.pattern, re.IGNORECASE)
    for text in TEXTS:
        assert cues.third_countries(text) == len(
            {cues._COUNTRY_CODES[m.lower()] for m in reference.findall(text)})


def test_accent_stripping_matches_scikit_learn():
    from sklearn.feature_extraction.text import strip_accents_unicode

    from trilateral.evidence.classifier.model import unaccented_lower

    for text in TEXTS:
        assert unaccented_lower(text) == strip_accents_unicode(text.lower())


def test_chunk_mentions_from_one_scan_equal_a_scan_per_chunk():
    from trilateral.evidence.documents import Document

    checked = 0
    for text in TEXTS:
        spans = chunk_spans(text)
        if not spans:
            continue
        parts = P._relevant_parts(Document(text=text), P._lead(text))
        per_chunk = [cues.partner_mentions(c) for c, _, _ in spans]
        assert parts.texts == [c for (c, _, _), m in zip(spans, per_chunk, strict=True)
                               if m > 0], text[:80]
        assert parts.mentions == sum(per_chunk)
        assert parts.words == len(text.split())
        checked += 1
    assert checked > 100


def test_lead_is_the_first_words():
    for text in TEXTS + ["word " * 5000, "x"]:
        assert P._lead(text) == " ".join(text.split()[:P.LEAD_WORDS])


def test_partner_sentences_equal_a_scan_per_sentence():
    for text in TEXTS:
        expected = [s for s in cues._SENTENCE.split(text) if cues.partner_mentions(s)]
        assert list(cues.partner_sentences(text)) == expected, text[:80]


def test_partner_contexts_count_the_sentences_naming_a_partner():
    for text in TEXTS:
        named = [s for s in cues._SENTENCE.split(text) if cues.partner_mentions(s)]
        exempt = sum(bool(cues._EXEMPT.search(s)) for s in named)
        assert cues.partner_contexts(text) == (exempt, len(named) - exempt)


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
    parts = P._relevant_parts(doc, P._lead(filler))
    plan = P._gated_plan(doc, parts, {}, {}, "none", "gate")
    assert parts.chunks > P.GATED_CHUNKS
    assert plan.texts == ["Grants for broadband", *chunks(filler)[:P.GATED_CHUNKS]]


def test_odd_spaces_are_every_whitespace_but_space_and_newline():
    import sys

    from trilateral.evidence.documents import ODD_SPACES

    every = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(ODD_SPACES) == every - {" ", "\n"}
    assert not any(c.isalnum() or c == "_" for c in every)  # lower_tokens' split is exact


@pytest.mark.parametrize("text", ["a  b", "a \nb", "a\n b", "a\nb", "a\tb", "a\xa0b",
                                  "a\u2003b", "a\u3000b", "a\x85b", " a", "a ", "\n\na"])
def test_single_spaced_refuses_other_spacing(text: str):
    from trilateral.evidence.documents import single_spaced

    assert not single_spaced(text)
    assert single_spaced("Canada and “Mexico”.\n\nThe\u00e9 end.\n\n\nx")


def _slow_chunks(text: str, target: int, most: int) -> list:
    from unittest import mock

    from trilateral.evidence import documents

    with mock.patch.object(documents, "single_spaced", lambda _: False):
        return list(documents.iter_chunk_parts(text, target, most))


def test_chunks_counted_from_spaces_equal_chunks_counted_by_splitting():
    import random

    from trilateral.evidence.documents import iter_chunk_parts, single_spaced

    assert sum(single_spaced(t) for t in TEXTS) > 100  # the fast path is taken
    for text in TEXTS:
        assert list(iter_chunk_parts(text)) == _slow_chunks(text, 120, 300), text[:80]
    rng = random.Random(7)
    alphabet = ["a", "bb", "é", " ", "  ", "\n", "\n\n", "\t", "\xa0", "\u2003", "\r"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert list(iter_chunk_parts(text, 3, 5)) == _slow_chunks(text, 3, 5), repr(text)
    for _ in range(1000):  # single-spaced paragraphs longer than the longest piece
        para = " ".join(rng.choice(["a", "bb", "é", "c"]) for _ in range(rng.randint(1, 40)))
        text = "\n\n".join([para] * rng.randint(1, 3))
        assert list(iter_chunk_parts(text, 3, 5)) == _slow_chunks(text, 3, 5), repr(text)


TOKEN_EDGE = ["l’économie du Québec, façon ½ et ﬁn", "straße øresund Ελλάδα 東京 x_y a1 b",
              "snake_case __init__ 3.5% — “quoted” naïve coöperate", "ǅemal ǈ Ⅻ ① ²3 ٣٤"]


def test_lower_tokens_are_scikit_learns():
    from trilateral.evidence.classifier.model import TOKEN_PATTERN, lower_tokens, unaccented_lower

    for text in TOKEN_EDGE + TEXTS:
        for form in (text, unaccented_lower(text)):
            assert lower_tokens(form) == TOKEN_PATTERN.findall(unaccented_lower(form)), form[:80]


def test_known_terms_transform_equals_scikit_learns():
    from trilateral.evidence.classifier.model import TfidfFeaturizer, training_set

    feat = TfidfFeaturizer().fit(training_set(store.read_events(), load_examples()).texts)
    texts = TOKEN_EDGE + TEXTS + [c for t in TEXTS[:40] for c in chunks(t)]
    fast, reference = feat.transform(texts), feat.vectorizer.transform(texts)
    assert fast.shape == reference.shape and reference.nnz > 10_000
    assert (fast != reference).nnz == 0
    analyzer = feat.known_terms_vectorizer().build_analyzer()
    full = feat.vectorizer.build_analyzer()
    for text in TEXTS[:50]:
        assert sorted(analyzer(text)) == sorted(t for t in full(text)
                                                if t in feat.vectorizer.vocabulary_)


def test_barrier_prefilter_on_the_joined_texts_keeps_the_sum():
    from trilateral.evidence.documents import Document

    checked = 0
    for text in TEXTS:
        parts = P._relevant_parts(Document(text=text), P._lead(text))
        expected = sum(cues.barrier_cues(t) for t in parts.texts)
        assert P._barrier_cues(parts) == expected, text[:80]
        checked += expected > 0
    assert checked > 20


def test_utf8_cache_gives_each_texts_own_bytes():
    from trilateral.evidence.documents import UTF8_KEPT, utf8

    long_a, long_b = "é" * UTF8_KEPT, "a" * UTF8_KEPT + "’"
    for text in (long_a, "short", long_a, long_b, "".join(["é"] * UTF8_KEPT), long_b):
        assert utf8(text) == text.encode()
