"""Helpers for the paths and report tests: a synthetic ledger and switched-off plug-ins.

The ledger events here are synthetic test data (example.org addresses, publisher "test
fixture"), used only to exercise the plumbing: windows, as-of cuts and HTML escaping. Their
titles deliberately carry <, & and quotes.
"""

from __future__ import annotations

import pandas as pd

NASTY = 'Border <script>alert("x")</script> & "Smart" accord \'quoted\''


def _event(i: int, date: str, path: str, direction: str, level: str = "federal-executive",
           title: str | None = None, americanization: bool = False) -> dict:
    return {"id": f"test-{i:03d}", "date": pd.Timestamp(date), "countries": ["USA", "CAN"],
            "title": title or f"Test event {i} ({path} {direction})",
            "summary": "Synthetic event for tests.", "path": path, "direction": direction,
            "level": level, "domain": "border", "americanization": americanization,
            "source_publisher": "test fixture <&>", "source_title": "fixture",
            "source_url": f"https://example.org/test/{i}", "url_verified": False,
            "coder": "test", "confidence": float("nan")}


# synthetic series (test data): every bureaucratic and political event belongs to one, complete
# and signed over the whole fixture; the other paths' events are ad hoc and never counted
SYNTHETIC_SERIES = {"bureaucratic": "test-bureaucratic", "political": "test-political"}


def write_synthetic_series(path) -> None:
    import json

    rows = [{"id": sid, "name": f"synthetic {p} series", "definition": "test fixture",
             "path": p, "signed": True,
             "enumerating_list": {"publisher": "test fixture", "title": "fixture",
                                  "url": "https://example.org/series", "url_verified": False},
             "numbered": False, "complete_from": "1990-01-01", "complete_through": "2030-12-31",
             "completeness": "test fixture", "members": []}
            for p, sid in SYNTHETIC_SERIES.items()]
    path.write_text(json.dumps(rows), encoding="utf-8")


def synthetic_events() -> pd.DataFrame:
    rows = []
    specs = [  # (year, path, direction, level)
        (1996, "bureaucratic", "+"), (1998, "bureaucratic", "+"), (1999, "political", "+"),
        (2000, "bureaucratic", "0"), (2001, "institutional", "+"), (2002, "bureaucratic", "+"),
        (2002, "reversal", "-"), (2003, "bureaucratic", "+"), (2003, "political", "-"),
        (2004, "bureaucratic", "+"), (2004, "values", "+"), (2005, "bureaucratic", "+"),
        (2005, "globalization", "+"), (2005, "political", "+"), (2006, "bureaucratic", "+"),
        (2015, "bureaucratic", "+"), (2017, "reversal", "-"), (2018, "institutional", "+"),
        (2019, "political", "+"), (2021, "bureaucratic", "+"), (2022, "bureaucratic", "-"),
        (2023, "political", "-"), (2024, "reversal", "-"), (2025, "bureaucratic", "+"),
    ]
    for i, (year, path, direction) in enumerate(specs):
        level = "subfederal" if path == "political" and i % 2 else "federal-executive"
        date = f"{year}-06-15" if year != 2006 else "2006-04-15"  # one just after Cancún
        rows.append(_event(i, date, path, direction, level,
                           title=NASTY if i == 5 else None, americanization=(i % 4 == 0)))
    df = pd.DataFrame(rows)
    df["series"] = [SYNTHETIC_SERIES.get(p, "ad hoc") for p in df["path"]]
    df.attrs["provenance"] = {"table": "evidence_ledger", "file": "synthetic test ledger",
                              "sha256": "0" * 64, "events": len(df)}
    return df


def ledger_provider(as_of=None) -> pd.DataFrame:
    df = synthetic_events()
    if as_of is not None:
        df = df[df["date"] <= pd.Timestamp(as_of)]
    return df.reset_index(drop=True)


def nasty_section(as_of=None) -> dict:
    """A plug-in report section whose texts try to break out of the HTML."""
    data = [{"year": y, "value": v, "lo": v - 1, "hi": v + 1, "group": NASTY}
            for y, v in ((2000, 1.0), (2001, 2.0), (2002, 1.5))]
    return {"title": f"Plug-in section {NASTY}", "note": NASTY,
            "tables": [{"title": NASTY, "columns": ["a", "b <i>"], "rows": [[NASTY, 1.5]],
                        "note": NASTY}],
            "charts": [{"title": NASTY, "kind": "point", "x": "year", "y": "value",
                        "lower": "lo", "upper": "hi", "color": "group", "data": data,
                        "note": NASTY}]}


TEST_PROVIDERS = ["paths_support:nasty_section", "trilateral.not_a_module:section"]
_BUILT: dict[str, object] = {}


def build_report(out_dir, as_of=None):
    """Build the report once per session and directory (synthetic ledger, no gravity)."""
    from trilateral.paths import context as ctx_mod
    from trilateral.report import build

    key = f"{out_dir}:{as_of}"
    if key not in _BUILT:
        saved = dict(ctx_mod.PROVIDERS)
        ctx_mod.PROVIDERS[ctx_mod.LEDGER] = "paths_support:ledger_provider"
        ctx_mod.PROVIDERS[ctx_mod.GRAVITY] = None
        try:
            _BUILT[key] = build(out_dir, as_of, providers=TEST_PROVIDERS)
        finally:
            ctx_mod.PROVIDERS.update(saved)
    return _BUILT[key]
