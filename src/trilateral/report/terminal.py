"""The terminal summary: the seven verdicts with their key figures, from the report dict.

It reads only the plain dict written to ``report.json``, so that a warm (cached) report prints
without loading any of the estimation machinery.
"""

from __future__ import annotations

from typing import Any

from trilateral.paths.model import key_figure_text

COLORS = {"advancing": "green", "reversing": "red", "stalled": "yellow", "inconclusive": "cyan"}


def print_answer(answer: dict[str, Any] | None, console) -> None:
    """The answer block: headline, three dated numbers, stale data, changes, seven chips."""
    from rich.markup import escape

    if not answer:
        return
    console.print(f"[bold]{escape(answer['headline'])}[/bold]")
    for n in answer["numbers"]:
        console.print(f"  {escape(n['label'])}: [bold]{escape(n['value_text'])}[/bold]\n"
                      f"    {escape(n['unit'])}; {escape(str(n['date']))}; "
                      f"{escape(n['range'])}. Source: {escape(n['source'])}.")
    old = answer["data_as_of"].get("oldest")
    if old:
        flag = " [yellow](more than two years old)[/yellow]" if old["stale"] else ""
        console.print(f"  oldest series in use: {escape(old['indicator'])}, last "
                      f"{old['last']}{flag}")
    for c in answer["changes"][:5]:
        console.print(f"  {c['date']} {escape(c['kind'])}: {escape(c['text'])}")
    chips = [f"{c['path']}: [{COLORS.get(c['verdict'], 'dim')}]{escape(c['label'])}"
             f"[/{COLORS.get(c['verdict'], 'dim')}]" for c in answer["chips"]]
    console.print("  " + " | ".join(chips))


def print_summary(report: dict[str, Any], console) -> None:
    from rich.markup import escape
    from rich.table import Table

    print_answer(report.get("answer"), console)
    a = report["assessment"]
    t = Table("path", "verdict", "effect, SESOI [90%]", "checks", "key figures",
              title=f"trilateral: paths as of {a['as_of'] or 'today'}", show_lines=True)
    for p in a["paths"]:
        color = COLORS.get(p["verdict"], "dim")
        score = "n/a" if p.get("effect") is None else \
            f"{p['effect']:+.2f} [{p['effect_lower']:+.2f}, {p['effect_upper']:+.2f}]"
        t.add_row(p["id"], f"[{color}]{p['verdict']}[/{color}]", score,
                  f"{p['informative']}/{len(p['checks'])}",
                  escape("\n".join(key_figures(p)) or p["reason"]))
    console.print(t)
    missing = [s["provider"] for s in report.get("providers", []) if not s["available"]]
    gaps = [g["item"] for g in a["gaps"] if g["kind"] != "check"]
    if gaps:
        console.print(f"[yellow]data gaps:[/yellow] {escape(', '.join(gaps))}")
    if missing:
        console.print(f"[dim]sections not available: {escape(', '.join(missing))}[/dim]")
    files = report.get("files", {})
    console.print(f"wrote {files.get('html')} and {files.get('json')}"
                  + (" [dim](cached)[/dim]" if report.get("cached") else ""))


def key_figures(p: dict[str, Any], n: int = 2) -> list[str]:
    """The n checks that weigh most on the score (weight x |support|)."""
    checks = [c for c in p["checks"] if c["estimate"] is not None]
    checks.sort(key=lambda c: -c["weight"] * abs(c["support"] or 0))
    return [key_figure_text(c) for c in checks[:n]]
