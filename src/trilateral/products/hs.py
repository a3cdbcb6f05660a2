"""The Harmonized System's 21 sections as chapter ranges, and expressions that map codes to them.

Sections follow the HS nomenclature (World Customs Organization): each is a range of two-digit
chapters. Chapters 98 and 99 are national (special classification provisions of the US tariff);
they are grouped here as section 22, "national provisions", so that no value is lost.
"""

from __future__ import annotations

import narwhals as nw

# (section, first chapter, last chapter, short title)
SECTIONS: tuple[tuple[int, int, int, str], ...] = (
    (1, 1, 5, "Live animals; animal products"),
    (2, 6, 14, "Vegetable products"),
    (3, 15, 15, "Fats and oils"),
    (4, 16, 24, "Prepared foodstuffs; beverages; tobacco"),
    (5, 25, 27, "Mineral products (incl. energy)"),
    (6, 28, 38, "Chemical products"),
    (7, 39, 40, "Plastics and rubber"),
    (8, 41, 43, "Hides, leather, furskins"),
    (9, 44, 46, "Wood and articles of wood"),
    (10, 47, 49, "Pulp, paper"),
    (11, 50, 63, "Textiles"),
    (12, 64, 67, "Footwear, headgear"),
    (13, 68, 70, "Stone, ceramic, glass"),
    (14, 71, 71, "Pearls, precious metals"),
    (15, 72, 83, "Base metals"),
    (16, 84, 85, "Machinery and electrical equipment"),
    (17, 86, 89, "Vehicles, aircraft, vessels"),
    (18, 90, 92, "Instruments, clocks, musical instruments"),
    (19, 93, 93, "Arms and ammunition"),
    (20, 94, 96, "Miscellaneous manufactured articles"),
    (21, 97, 97, "Works of art, antiques"),
    (22, 98, 99, "National provisions (HS chapters 98-99)"),
)
TITLES = {s: t for s, _, _, t in SECTIONS}
LEVELS = ("section", "chapter", "hs4", "hs6", "hs8", "hs10")


def section_of_chapter(chapter: int) -> int | None:
    """The section of a two-digit chapter (None outside 1-99)."""
    for sec, lo, hi, _ in SECTIONS:
        if lo <= chapter <= hi:
            return sec
    return None


def chapter_expr(code: str = "hs") -> nw.Expr:
    """The two-digit chapter of an HS code column, as an integer."""
    return nw.col(code).str.slice(0, 2).cast(nw.Int32)


def section_expr(code: str = "hs") -> nw.Expr:
    """The section of an HS code column: one CASE expression, the same on every engine."""
    ch = chapter_expr(code)
    expr: nw.Expr = nw.lit(None, dtype=nw.Int32)
    for sec, lo, hi, _ in reversed(SECTIONS):
        expr = nw.when((ch >= lo) & (ch <= hi)).then(nw.lit(sec, dtype=nw.Int32)).otherwise(expr)
    return expr


def group_expr(level: str, code: str = "hs") -> nw.Expr:
    """The product group of ``level`` (section, chapter or an HS digit level) as a column."""
    if level == "section":
        return section_expr(code)
    if level == "chapter":
        return chapter_expr(code)
    digits = int(level[2:])
    return nw.col(code).str.slice(0, digits)
