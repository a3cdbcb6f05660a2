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


def section_expr(chapter: str = "chapter") -> nw.Expr:
    """The section of an integer chapter column: one CASE expression, the same on every engine.

    Sections are contiguous and ordered, so each branch tests one upper bound.
    """
    ch = nw.col(chapter)
    expr: nw.Expr = nw.lit(None, dtype=nw.Int32)
    for sec, lo, hi, _ in reversed(SECTIONS):
        inside = ch <= hi if sec > 1 else (ch >= lo) & (ch <= hi)
        expr = nw.when(inside).then(nw.lit(sec, dtype=nw.Int32)).otherwise(expr)
    return nw.when(ch >= 1).then(expr)


def with_group(lf: nw.LazyFrame, level: str, code: str = "hs",
               name: str = "group") -> nw.LazyFrame:
    """``lf`` with the product group of ``level`` (section, chapter, hs4, hs6...) as ``name``."""
    if level == "section":
        return (lf.with_columns(_chapter=chapter_expr(code))
                .with_columns(section_expr("_chapter").alias(name)).drop("_chapter"))
    if level == "chapter":
        return lf.with_columns(chapter_expr(code).alias(name))
    digits = int(level[2:])
    return lf.with_columns(nw.col(code).str.slice(0, digits).alias(name))
