"""Real documents for the classifier: YAML front matter, Markdown cleaning and chunking.

A document is Markdown or plain text, optionally opening with a ``---``-fenced YAML block whose
``date``, ``source_url`` (or ``url``) and ``title`` keys are taken as its metadata. Long documents
(press briefings run to 13,000 words and cover many topics) are cut into chunks of whole
paragraphs so that each chunk can be judged on its own.

Documents are untrusted input, read in bounded time and memory: the front matter is parsed by
YAML's safe loader with at most :data:`MAX_ALIASES` aliases and :data:`MAX_FRONT_MATTER`
characters (an alias bomb is refused, not expanded); every pattern is linear in the text's
length; text is NFKC-normalised and format characters (zero-width, bidi controls) are removed
before anything is coded; a document larger than :data:`MAX_CHARS`, with NUL bytes, or with no
words left after cleaning is refused with :class:`~trilateral.errors.InputError`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trilateral.errors import InputError

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                          re.DOTALL)
# Each class excludes its own opening bracket, so a failed match stops at the next one: linear.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_HTML = re.compile(r"<[^<>]+>")
MAX_CHARS = 5_000_000
MAX_FRONT_MATTER = 64_000
MAX_ALIASES = 50
_MARK = re.compile(r"(\*\*|__|\*|`|^#+\s*|^>\s*)", re.MULTILINE)
_BARE_URL = re.compile(r"https?://\S+")


@dataclass
class Document:
    """A document's text (front matter removed, Markdown cleaned) and its metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    file: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def words(self) -> int:
        return len(self.text.split())


def read_document(path: str | Path) -> Document:
    """Read a Markdown or text file, taking date, URL and title from its front matter."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CHARS * 4:
            raise InputError(f"document larger than {MAX_CHARS} characters", file=path)
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read as UTF-8 text: {exc}", file=path) from exc
    doc = parse_document(raw, file=path)
    doc.file = str(path)
    return doc


def normalise(text: str) -> str:
    """NFKC, with format characters (zero-width spaces and joiners, bidi controls, soft
    hyphens: Unicode category Cf) removed, so hidden characters cannot split the words that
    the classifier reads."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def parse_document(raw: str, *, file: str | Path | None = None) -> Document:
    """Split front matter from the body and clean the body; refuse what is not a document."""
    if len(raw) > MAX_CHARS:
        raise InputError(f"document larger than {MAX_CHARS} characters", file=file)
    if "\x00" in raw:
        raise InputError("not a text document (NUL bytes)", file=file)
    raw = normalise(raw.removeprefix("\ufeff"))
    meta, body = split_front_matter(raw, file=file)
    text = clean_markdown(body)
    if not re.search(r"\w", text):
        raise InputError("empty document: no words to code after the front matter", file=file)
    title = _clean_inline(str(meta["title"])) if meta.get("title") else _first_heading(body)
    return Document(text=text, title=title, date=_date(meta.get("date")),
                    url=meta.get("source_url") or meta.get("url"), meta=meta)


def split_front_matter(raw: str, *, file: str | Path | None = None
                       ) -> tuple[dict[str, Any], str]:
    """The YAML front matter as a dict (empty when absent or unreadable) and the body.

    Front matter longer than :data:`MAX_FRONT_MATTER` characters, or with more than
    :data:`MAX_ALIASES` aliases, is refused with :class:`InputError` (field ``front matter``).
    """
    import yaml

    match = FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    block = match.group(1)
    if len(block) > MAX_FRONT_MATTER:
        raise InputError(f"front matter longer than {MAX_FRONT_MATTER} characters", file=file,
                         field="front matter")
    try:
        meta = yaml.load(block, Loader=_bounded_loader()) or {}  # noqa: S506 - a SafeLoader
    except _TooManyAliases as exc:
        raise InputError(f"front matter uses more than {MAX_ALIASES} YAML aliases (an alias "
                         "bomb?)", file=file, field="front matter") from exc
    except (yaml.YAMLError, RecursionError):
        meta = {}
    return (meta if isinstance(meta, dict) else {}), raw[match.end():]


class _TooManyAliases(Exception):
    pass


def _bounded_loader() -> type:
    """yaml.SafeLoader that counts aliases while composing and stops beyond the limit."""
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        aliases = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise _TooManyAliases
            return super().compose_node(parent, index)

    return BoundedLoader


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        if line.strip().startswith("#"):
            return _clean_inline(line.strip().lstrip("#"))
    return None


def _clean_inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub(" ", text)
    text = _MARK.sub("", text).replace("\\_", " ").replace("\\", "")
    return " ".join(text.replace("\u00a0", " ").split())


def clean_markdown(body: str) -> str:
    """Plain text: links to their text, no emphasis or HTML, paragraphs kept apart."""
    paragraphs = re.split(r"\n\s*\n", body)
    cleaned = (_clean_inline(_BARE_URL.sub(" ", p)) for p in paragraphs)
    return "\n\n".join(p for p in cleaned if p)


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def chunks(text: str, target_words: int = 120, max_words: int = 300) -> list[str]:
    """Whole paragraphs joined into chunks of about ``target_words`` (long ones are split)."""
    return [c for c, _, _ in chunk_spans(text, target_words, max_words)]


def chunk_spans(text: str, target_words: int = 120, max_words: int = 300
                ) -> list[tuple[str, int, int]]:
    """:func:`chunks` with where each chunk lies in ``text``: (chunk, start, end)."""
    return [(" ".join(parts), start, end)
            for parts, start, end, _ in iter_chunk_parts(text, target_words, max_words)]


def iter_chunk_parts(text: str, target_words: int = 120, max_words: int = 300
                     ) -> Iterator[tuple[list[str], int, int, int]]:
    """The chunks of :func:`chunk_spans` one at a time, unjoined: (pieces, start, end, words).
    A reader that needs only the first chunks, or only some of them, joins only those."""
    current: list[str] = []
    size = start = end = 0
    for piece, p_start, p_end, n in _pieces(text, max_words):
        if current and size + n > max_words:
            yield current, start, end, size
            current, size = [], 0
        if not current:
            start = p_start
        current.append(piece)
        size += n
        end = p_end
        if size >= target_words:
            yield current, start, end, size
            current, size = [], 0
    if current:
        yield current, start, end, size


_PARAGRAPH_SPLIT = re.compile(r"(\n\s*\n)")  # captured: the breaks' lengths give offsets


@functools.lru_cache(maxsize=8)
def _word_runs(max_words: int) -> re.Pattern[str]:
    """Up to ``max_words`` consecutive words: one C-level match per piece of a long paragraph."""
    return re.compile(rf"\S+(?:\s+\S+){{0,{max_words - 1}}}")


# The characters ``str.split()`` splits on besides the space and the newline (every code point
# is checked in ``tests/test_classifier_speed.py``).
ODD_SPACES = ("\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
              "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


@functools.lru_cache(maxsize=1)
def _odd_spacing() -> Any | None:
    """An RE2 expression over a text's UTF-8 bytes (read as Latin-1) that matches wherever its
    spacing differs from :func:`clean_markdown`'s (words one space apart, paragraphs apart by
    blank lines): another whitespace character, two spaces, a space beside a newline, a lone
    newline. None without RE2."""
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency
        return None
    ascii_odd = "".join(f"\\x{ord(c):02x}" for c in ODD_SPACES if c.isascii())
    wide = ["".join(f"\\x{b:02x}" for b in c.encode()) for c in ODD_SPACES if not c.isascii()]
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    pattern = "|".join([f"[{ascii_odd}]", "  ", " \\n", "\\n ", "[^\\n]\\n[^\\n]", *wide])
    return re2.compile(pattern.encode(), options)


_LAST_UTF8: tuple[str, bytes] = ("", b"")
UTF8_KEPT = 2_000  # texts this long are kept encoded (shorter ones encode in no time)


def utf8(text: str) -> bytes:
    """``text`` encoded as UTF-8. The classifier scans a document's bytes several times
    (partners, look-alikes, countries, spacing) between scans of its title and opening: the
    last text of :data:`UTF8_KEPT` characters or more is kept with its bytes, matched by
    identity (no hashing of long texts), so a document is encoded once."""
    global _LAST_UTF8
    last = _LAST_UTF8
    if last[0] is text:
        return last[1]
    data = text.encode()
    if len(text) >= UTF8_KEPT:
        _LAST_UTF8 = (text, data)
    return data


def single_spaced(text: str) -> bool:
    """Whether ``text`` is spaced as :func:`clean_markdown` leaves it, so that each paragraph's
    words number its spaces plus one (a count in C instead of a list of its words)."""
    odd = _odd_spacing()
    if odd is None or not text or text[0].isspace() or text[-1].isspace():
        return False
    return odd.search(utf8(text)) is None


def _pieces(text: str, max_words: int) -> Iterator[tuple[str, int, int, int]]:
    """Each paragraph, long ones cut every ``max_words`` words: (piece, start, end, words)."""
    parts = _PARAGRAPH_SPLIT.split(text)  # paragraph, break, paragraph, ... in one C call
    spaced = single_spaced(text)
    at = 0
    for i in range(0, len(parts), 2):
        para = parts[i]
        stop = at + len(para)
        n = (para.count(" ") + 1 if para else 0) if spaced else len(para.split())
        if n and n <= max_words:
            yield para, at, stop, n
        elif n:
            yield from (_cut_spaced if spaced else _cut)(para, at, max_words)
        at = stop + (len(parts[i + 1]) if i + 1 < len(parts) else 0)


def _cut(para: str, at: int, max_words: int) -> Iterator[tuple[str, int, int, int]]:
    """A long paragraph (starting at ``at``) in runs of ``max_words`` words."""
    for run in _word_runs(max_words).finditer(para):
        words = run.group(0).split()
        yield " ".join(words), at + run.start(), at + run.end(), len(words)


def _cut_spaced(para: str, at: int, max_words: int) -> Iterator[tuple[str, int, int, int]]:
    """:func:`_cut` for a paragraph whose words are one space apart: split once, no pattern."""
    words = para.split(" ")
    for i in range(0, len(words), max_words):
        run = words[i:i + max_words]
        piece = " ".join(run)
        yield piece, at, at + len(piece), len(run)
        at += len(piece) + 1
