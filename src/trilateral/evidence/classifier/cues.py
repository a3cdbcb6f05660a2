"""Rules of the codebook that words can check: partner mentions and barrier-raising language.

* :func:`partner_mentions` counts names of the partners (Canada, Mexico, their leaders, capitals,
  provinces and states, North America and its agreements), never "New Mexico", the "Gulf of
  Mexico", "Mexican American" or "Canada goose(s)".
* :func:`barrier_cues` counts barrier-raising phrases (impose tariffs, additional duties,
  retaliation, quotas, trade-remedy duties, withdrawal or termination) that are not preceded
  by a lifting word (eliminate, lift, remove, exempt, ...).
* :func:`barrier_instrument` says whether a title is that of a trade-barrier instrument (a
  proclamation adjusting imports, a safeguard, tariffs, duties, quotas, a withdrawal) that does
  not lift the barrier; :func:`partner_contexts` splits the sentences naming a partner into
  those that exempt the partners and the others.
* :func:`values_cues` and :func:`official_cues` count the words of people-to-people ties
  (culture, heritage, exchange, Indigenous peoples, diaspora, students, friendship, polls) and
  of officials' machinery (working groups, dialogues, ministers, agencies, agreements).

All are documented in ``docs/codebook.md`` (section 8).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from trilateral.evidence.documents import utf8 as utf8_bytes


def compiled(pattern: str, *, ignorecase: bool = False) -> Any:
    """``pattern`` compiled by RE2 (``google-re2``: one automaton for a whole alternation, linear
    time, 3 to 30 times faster here than Python's ``re`` on these word lists), or by ``re``
    when RE2 is not installed or lacks the syntax (look-behind). The two find the same matches
    on the ledger and the corpus (``tests/test_classifier_speed.py``)."""
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency
        re2 = None
    if re2 is not None:
        options = re2.Options()
        options.case_sensitive = not ignorecase
        try:
            return re2.compile(pattern, options)
        except re2.error:
            pass
    return re.compile(pattern, re.IGNORECASE if ignorecase else 0)


def compiled_utf8(pattern: str, *, ignorecase: bool = False) -> Any | None:
    """``pattern`` compiled by RE2 to scan a text's UTF-8 bytes, or None without RE2.

    RE2 works on UTF-8 and reports byte offsets; given a ``str`` it re-encodes the text and
    converts every offset back to characters, which on nearly every document here (curly
    quotes make them non-ASCII) costs more than the scan. Given the bytes, it skips both: a
    whole-document scan runs twice as fast. Characters and case folding are the same."""
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency
        return None
    options = re2.Options()
    options.case_sensitive = not ignorecase
    return re2.compile(pattern.encode(), options)


_PARTNER_TERMS = [
    # leaders with their office, and binational or trilateral bodies and programmes, which
    # name the partners without naming the country
    r"(?:prime minister|premier|pm)\s+(?:harper|martin|carney|chr[eé]tien|mulroney)",
    r"president\s+(?:calder[oó]n|fox|salinas|zedillo)",
    r"security and prosperity partnership", r"spp", r"beyond the border", r"smart border",
    r"becc", r"nadbank", r"north american development bank",
    r"border environment cooperation commission", r"regulatory cooperation council",
    r"commission for (?:labou?r|environmental) cooperation", r"international joint commission",
    r"international boundary and water commission", r"m[eé]rida initiative", r"montebello",
    r"western hemisphere travel initiative", r"whti", r"keystone xl", r"transcanada",
    r"gordie howe",
    r"canad(?:a|ian|ians)", r"mexic(?:o|an|ans|o's)", r"north americ(?:a|an)",
    r"nafta", r"usmca", r"cusma", r"t-?mec", r"ottawa", r"mexico city",
    r"trudeau", r"carney", r"harper", r"chr[eé]tien", r"mulroney", r"martin",
    r"l[oó]pez obrador", r"amlo", r"sheinbaum", r"pe[nñ]a nieto", r"calder[oó]n", r"fox",
    r"zedillo", r"salinas", r"ebrard", r"freeland", r"jol(?:y|ie)", r"champagne",
    r"ontario", r"qu[eé]bec", r"british columbia", r"alberta", r"manitoba", r"saskatchewan",
    r"nova scotia", r"new brunswick", r"newfoundland", r"windsor", r"montr[eé]al", r"toronto",
    r"vancouver", r"baja california", r"sonora", r"chihuahua", r"coahuila", r"nuevo le[oó]n",
    r"tamaulipas", r"tijuana", r"ciudad ju[aá]rez", r"monterrey", r"guadalajara",
    r"three amigos", r"trilateral",
]


def _by_first_letter(alternatives: list[str]) -> str:
    """``a(?:rest|rest)|b(?:...)``: alternatives starting with a literal letter grouped by it,
    their order kept within each group; the others after them."""
    groups: dict[str, list[str]] = {}
    others = []
    for alt in alternatives:
        if alt[:1].isalpha() and alt[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(alt[0], []).append(alt[1:])
        else:
            others.append(alt)
    return "|".join([f"{c}(?:{'|'.join(rest)})" for c, rest in groups.items()] + others)


# the terms grouped by their first letter, so that most positions fail at once (five times
# faster in Python's re, the fallback; RE2 folds case at no cost)
_PARTNERS = compiled(r"\b(?:" + _by_first_letter(_PARTNER_TERMS) + r")\b", ignorecase=True)
_PARTNERS_UTF8 = compiled_utf8(_PARTNERS.pattern, ignorecase=True)
# names that look like a partner but are not one
_NOT_PARTNER = compiled(
    r"\bnew mexic(?:o|an|ans)\b|\bgulf of mexico\b|\bmexican[- ]americans?\b"
    r"|\bcanada (?:goose|geese)\b|\bmartin luther\b|\bfox news\b",
    ignorecase=True,
)
_NOT_PARTNER_UTF8 = compiled_utf8(_NOT_PARTNER.pattern, ignorecase=True)
_NOT_PARTNER_HINTS = ("mexic", "canada", "martin", "fox")  # words each exclusion contains
_WEAK = {"martin", "fox", "harper", "champagne", "windsor", "trilateral", "salinas", "joly",
         "jolie", "calderon", "calderón", "carney"}  # count only beside a strong name

_BARRIER = r"(?:tariffs?|duties|duty|quotas?|levies|surtax\w*|counter-?tariffs?|countermeasures)"
_RAISE = compiled(
    r"\b(?:impos\w*|rais\w*|increas\w*|hik\w*|levy|levied|levies|slap\w*|apply|applies|applied"
    r"|announc\w*|threat\w*|reimpos\w*|reappl\w*|extend\w*)\W+(?:\w+\W+){0,8}?" + _BARRIER
    + r"|\b(?:additional|retaliatory|punitive|countervailing|anti-?dumping|safeguard|section 232"
    r"|reciprocal|emergency|ieepa)\s+(?:ad valorem\s+)?(?:tariffs?|duties|duty|measures|quotas?)\b"
    r"|\b\d+(?:\.\d+)?\s*(?:percent|per cent|%)\s+(?:tariffs?|duty|duties|surtax\w*)\b"
    r"|\b(?:tariffs?|duties|surtax\w*|countermeasures)\s+(?:take|took|takes|enter\w*|went)\s+"
    r"(?:effect|into force|into effect)"
    r"|\bretaliat\w+|\bantidumping\b|\banti-dumping\b|\bcountervailing\b|\bsurtax\w*"
    r"|\bcounter-?tariffs?\b|\bcountermeasures\b"
    r"|\bexemptions?\s+(?:lapsed|ended|expired|were\s+revoked|end)\b"
    r"|\b(?:ban\w*|barr\w*|prohibit\w*|restrict\w*|halt\w*|block\w*)\s+(?:\w+\s+){0,3}?"
    r"(?:imports?|exports?|shipments|travel|crossings|entry|trucks|carriers)\b"
    r"|\bclos\w*\s+(?:its\s+|the\s+)?(?:land\s+)?borders?\b|\bvisas?\s+requirements?\b"
    r"|\bwithdraw\w*\s+from\s+(?:nafta|usmca|cusma|the\s+(?:agreement|trade\s+agreement))"
    r"|\b(?:notice|notification)\s+of\s+(?:withdrawal|termination)\b"
    r"|\bterminat\w+\s+(?:nafta|usmca|cusma|the\s+(?:agreement|trade\s+agreement))"
    r"|\b(?:den(?:y|ies|ied|ial)|reject\w*|revok\w*|revocation)\s+(?:\w+\s+){0,4}?permits?\b"
    r"|\bcurb\w*\s+(?:\w+\s+){0,3}?(?:imports?|exports?|shipments|travel|crossings)\b"
    r"|\b(?:travel|crossings|imports?|exports?|entry)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:(?:was|were|is|are|be)\s+)?(?:restricted|banned|barred|prohibited|halted|closed)\b",
    ignorecase=True,
)
_LIFT = compiled(
    r"\b(?:eliminat\w*|lift\w*|remov\w*|exempt\w*|exclud\w*|reduc\w*|cut\w*|phas\w* out|roll\w* back"
    r"|suspend\w*|waiv\w*|free of|zero|duty-free|tariff-free|avoid\w*|without)\b",
    ignorecase=True,
)
_WIDER = compiled(
    r"\b(?:summit of the americas|western hemisphere|hemispher\w+|world trade organization|wto"
    r"|g7|g-7|g20|g-20|united nations|\bun\b|nato|cptpp|trans-pacific|european union|apec"
    r"|organization of american states|oas|covax|world health organization|cop2\d|cop\d\d"
    r"|paris agreement|global)\b",
    ignorecase=True,
)


def partner_mentions(text: str) -> int:
    """How often ``text`` names Canada, Mexico or North America (see the module docstring)."""
    return counted_hits([name for _, name in partner_hits(text)])


def partner_hits(text: str) -> list[tuple[int, str]]:
    """Where ``text`` names a partner: (offset, lower-cased name) per name. One case-insensitive
    scan of a whole document (no lower-cased copy; its UTF-8 bytes under RE2) replaces one per
    chunk; a name inside a look-alike ("New Mexico", "Gulf of Mexico", "Martin Luther") is
    dropped, as if the look-alike were blanked out first."""
    found = [(start, end, text[start:end].lower())
             for start, end in _spans(_PARTNERS, _PARTNERS_UTF8, text)]
    if not any(h in name for _, _, name in found for h in _NOT_PARTNER_HINTS):
        return [(start, name) for start, _, name in found]
    blanked = _spans(_NOT_PARTNER, _NOT_PARTNER_UTF8, text)
    return [(start, name) for start, end, name in found if not _inside(start, end, blanked)]


def _spans(pattern: Any, utf8: Any, text: str) -> list[tuple[int, int]]:
    """Character spans of the matches of ``pattern`` in ``text``, found in its UTF-8 bytes
    under RE2 and mapped back to characters in one pass."""
    if utf8 is None:  # pragma: no cover - google-re2 is a dependency
        return [m.span() for m in pattern.finditer(text)]
    data = utf8_bytes(text)
    spans = _byte_spans(utf8, data)
    if text.isascii() or not spans:
        return spans
    flat = _char_offsets(data, [x for span in spans for x in span])
    return list(zip(flat[::2], flat[1::2], strict=True))


def _byte_spans(utf8: Any, data: bytes) -> list[tuple[int, int]]:
    """The byte spans of an RE2 expression's matches in ``data`` (spans cost less than groups)."""
    return [m.span() for m in utf8.finditer(data)]


def _char_offsets(data: bytes, offsets: list[int]) -> list[int]:
    """Ascending byte offsets into UTF-8 ``data`` (each at a character's boundary) as character
    offsets, in one pass."""
    out, byte, char = [], 0, 0
    for offset in offsets:
        char += len(data[byte:offset].decode())
        byte = offset
        out.append(char)
    return out


def partner_sentences(text: str) -> Iterator[str]:
    """The sentences of ``text`` that name a partner (:func:`partner_mentions` of the sentence).

    One scan of the whole text finds where the partner expression matches; a sentence that no
    such match overlaps cannot name a partner on its own (sentences end at whitespace, so a
    match inside one is a match, or part of a longer one, in the text), so only the others are
    scanned one by one."""
    spans = _spans(_PARTNERS, _PARTNERS_UTF8, text)  # look-alikes kept: a superset
    i, at = 0, 0
    for sep in [*_SENTENCE.finditer(text), None]:
        end = sep.start() if sep else len(text)
        while i < len(spans) and spans[i][1] <= at:
            i += 1
        if i < len(spans) and spans[i][0] < end:
            sentence = text[at:end]
            if partner_mentions(sentence):
                yield sentence
        at = sep.end() if sep else end


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted, not overlapping)."""
    i = bisect_right(spans, (start, float("inf")))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


def counted_hits(names: list[str]) -> int:
    """How many of ``names`` count: all of them when one is a strong name, else none."""
    return len(names) if any(n not in _WEAK for n in names) else 0


def any_barrier_cue(text: str) -> bool:
    """Whether ``text`` has a barrier-raising phrase anywhere (a prefilter: :func:`barrier_cues`
    of any part of the text is 0 when this is false)."""
    return _search(_RAISE, _RAISE_UTF8, text)


def barrier_cues(text: str) -> int:
    """Barrier-raising phrases in sentences that name a partner (a barrier *among the three*),
    not preceded within six words by a lifting word and in no sentence that exempts."""
    if not any_barrier_cue(text):  # a match in a sentence is one in the text
        return 0
    count = 0
    for sentence in partner_sentences(text):
        if _EXEMPT.search(sentence):
            continue
        for m in _RAISE.finditer(sentence):
            before = " ".join(sentence[: m.start()].split()[-6:])
            if not _LIFT.search(before) and not _LIFT.search(m.group(0)):
                count += 1
    return count


def third_countries(text: str) -> int:
    """How many distinct countries other than the three the text names.

    Matched by one case-insensitive expression whose names are grouped by their first letter
    (longest first within a group): the same matches as an alternation of every name, longest
    first, three times faster."""
    return len(country_codes(text))


def country_codes(text: str) -> set[str]:
    """The ISO3 codes of the countries other than the three that ``text`` names."""
    _countries()
    if _COUNTRY_UTF8 is None:  # pragma: no cover - google-re2 is a dependency
        found = {m.lower() for m in _COUNTRY_ANY.findall(text)}
    else:
        data = utf8_bytes(text)
        matched = {data[start:end] for start, end in _byte_spans(_COUNTRY_UTF8, data)}
        found = {m.decode().lower() for m in matched}
    codes = {_COUNTRY_CODES.get(m) for m in found}
    if None in codes:  # case folding differs from str.lower here: use the full expression
        return {_COUNTRY_CODES[m.group(0).lower()] for m in _COUNTRY_RE.finditer(text)}
    return codes


_COUNTRY_ANY: Any = re.compile("(?!)")  # set with the country names
_COUNTRY_UTF8: Any = None


def wider_frame_breadth(text: str) -> int:
    """Distinct third countries plus distinct wider-frame terms: the breadth of the frame."""
    terms = {m.group(0).lower() for m in _WIDER.finditer(text)}
    return third_countries(text) + len(terms)


_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_EXEMPT = compiled(
    r"\b(?:are|were|is|be|been|remain\w*|stay\w*|was)\s+(?:\w+\s+)?(?:exempt\w*|exclud\w*)\b"
    r"|\bexempt\w*\s+(?:from|canada|mexico)\b|\bwith\s+(?:canada|mexico)[\w\s,]*exempt\w*"
    r"|\bexcept\b|\bother than\b",
    ignorecase=True,
)
# country names that are also US places or common words, and the three themselves
_SKIP_COUNTRIES = {"USA", "CAN", "MEX", "UMI", "GEO", "JOR", "TCD", "JEY", "ASM", "PRI", "GUM",
                   "VIR", "MNP", "NIU"}
_COUNTRY_CODES: dict[str, str] = {}


def _countries() -> re.Pattern[str]:
    global _COUNTRY_RE, _COUNTRY_ANY, _COUNTRY_UTF8
    if _COUNTRY_RE is None:
        import pycountry

        for c in pycountry.countries:
            if c.alpha_3 in _SKIP_COUNTRIES:
                continue
            for attr in ("name", "common_name"):
                value = getattr(c, attr, None)
                if value:
                    name = re.sub(r"\s*\(.*?\)", "", value.split(",")[0]).strip().lower()
                    _COUNTRY_CODES[name] = c.alpha_3
        names = sorted(_COUNTRY_CODES, key=len, reverse=True)
        _COUNTRY_ANY = compiled(
            r"\b(?:" + _by_first_letter([re.escape(n) for n in names]) + r")\b", ignorecase=True)
        _COUNTRY_UTF8 = compiled_utf8(_COUNTRY_ANY.pattern, ignorecase=True)
        _COUNTRY_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b",
                                 re.IGNORECASE)
    return _COUNTRY_RE


_COUNTRY_RE: re.Pattern[str] | None = None


def wider_frame(text: str) -> int:
    """Mentions of frames wider than North America (WTO, G20, the hemisphere, ...)."""
    return _count(_WIDER, _WIDER_UTF8, text)


_INSTRUMENT = compiled(
    r"\badjust\w*\s+(?:the\s+)?imports?\b|\bsafeguard\b|\bpositive adjustment to competition\b"
    r"|\b(?:impos\w*|rais\w*|increas\w*|reimpos\w*|additional|retaliatory)\s+(?:\w+\s+){0,3}?"
    r"(?:tariffs?|duties|duty|quotas?)\b|\btariffs?\s+on\b|\bquotas?\s+on\b"
    r"|\b(?:anti-?dumping|countervailing)\b|\bsection (?:201|232|301)\b"
    r"|\bwithdraw\w*\s+from\b|\b(?:notice|notification)\s+of\s+(?:withdrawal|termination)\b",
    ignorecase=True,
)
_INSTRUMENT_LIFT = compiled(
    r"\b(?:lift\w*|remov\w*|exempt\w*|exclu\w*|suspend\w*|suspension|paus\w*|delay\w*|eliminat\w*"
    r"|reduc\w*|minimi\w*|eas(?:e|es|ed|ing)|terminat\w* (?:the )?(?:tariffs?|duties|action)|relief|end\w* (?:the )?(?:tariffs?|duties))\b",
    ignorecase=True,
)


def barrier_instrument(title: str) -> bool:
    """Whether ``title`` is that of a barrier-raising trade instrument (and does not lift one)."""
    return bool(_INSTRUMENT.search(title)) and not _INSTRUMENT_LIFT.search(title)


def partner_contexts(text: str) -> tuple[int, int]:
    """Sentences naming a partner: how many exempt them (``except Canada and Mexico``, ``are
    exempt``) and how many do not."""
    exempt = other = 0
    for sentence in partner_sentences(text):
        if _EXEMPT.search(sentence):
            exempt += 1
        else:
            other += 1
    return exempt, other


_VALUES = compiled(
    r"\bpeople[- ]to[- ]people\b|\bcultur\w*|\bheritage\b|\bindigenous\b|\bdiaspora\b"
    r"|\bstudents?\b|\bscholarships?\b|\b(?:educational|academic|youth)\s+exchanges?\b"
    r"|\bfriendship\b|\bshared values\b|\bfamil(?:y|ies)\s+ties\b|\bcivil society\b"
    r"|\bpolls?\b|\bsurveys?\b|\bpublic opinion\b|\bcelebrat\w+|\bbicentennial\b"
    r"|\banniversary\b|\bcommunit(?:y|ies)\b",
    ignorecase=True,
)
_OFFICIAL = compiled(
    r"\bworking groups?\b|\bdialogues?\b|\btask forces?\b|\baction plans?\b|\bcommittees?\b"
    r"|\bofficials\b|\bcabinet\b|\bsecretar(?:y|ies)\b|\bministers?\b|\bagencies\b"
    r"|\bcoordinat\w+|\bframework\b|\bagreements?\b|\bcooperation\b|\bimplement\w*",
    ignorecase=True,
)


_VALUES_UTF8 = compiled_utf8(_VALUES.pattern, ignorecase=True)
_WIDER_UTF8 = compiled_utf8(_WIDER.pattern, ignorecase=True)
_RAISE_UTF8 = compiled_utf8(_RAISE.pattern, ignorecase=True)
_OFFICIAL_UTF8 = compiled_utf8(_OFFICIAL.pattern, ignorecase=True)


def values_cues(text: str) -> int:
    """Words of people-to-people ties: culture, heritage, exchange, Indigenous peoples, polls."""
    return _count(_VALUES, _VALUES_UTF8, text)


def official_cues(text: str) -> int:
    """Words of officials' machinery: working groups, dialogues, ministers, agreements."""
    return _count(_OFFICIAL, _OFFICIAL_UTF8, text)


def _search(pattern: Any, utf8: Any, text: str) -> bool:
    """Whether ``pattern`` matches ``text``, searched in the UTF-8 bytes under RE2."""
    if utf8 is None or text.isascii():
        return pattern.search(text) is not None
    return utf8.search(utf8_bytes(text)) is not None


def _count(pattern: Any, utf8: Any, text: str) -> int:
    """How many matches of ``pattern``, counted on the UTF-8 bytes under RE2."""
    if utf8 is None or text.isascii():
        return len(pattern.findall(text))
    return sum(1 for _ in utf8.finditer(utf8_bytes(text)))
