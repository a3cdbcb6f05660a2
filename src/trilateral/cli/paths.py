"""``trilateral paths``: the seven verdicts, their checks and evidence."""

from __future__ import annotations

import click

from trilateral.cli._common import console, echo_json, json_option
from trilateral.paths.definitions import PATH_IDS


@click.command(name="paths", epilog="""\b
Examples:
  trilateral paths
  trilateral paths --as-of 2006-03-31
  trilateral paths --path values --evidence
  trilateral paths --as-of 2006-03-31 --json > cancun.json
  trilateral paths --compare 2006-03-31
  trilateral paths --robustness --json
  trilateral paths --episodes

\b
Verdicts: advancing / reversing (the pooled evidence clears zero in or against the path's
direction), stalled (equivalent to no change within the smallest effects of interest),
inconclusive (neither) or insufficient-evidence. Checks are pooled by evidence family with
precision weights; the effect is in SESOI units with a 90% interval (docs/method.md).
--as-of is a retrospective reconstruction: today's data vintages and ledger, cut to what was
public by that date, with the configuration in force then (or the current one, said so).
--robustness adds each verdict's specification curve: agreement share and flipping choices.
--episodes scores the verdicts against the known-episode table of docs/method.md.
""")
@click.option("--as-of", "as_of", metavar="DATE", help="Assess with what was public by DATE.")
@click.option("--path", "path_id", type=click.Choice(PATH_IDS),
              help="Show one path's checks in detail.")
@click.option("--evidence", is_flag=True, help="With --path: list every evidence item.")
@click.option("--compare", metavar="DATE",
              help="Side by side with the answer as of DATE (e.g. the Cancún replay).")
@click.option("--robustness", is_flag=True,
              help="Add each verdict's specification curve (agreement share, flips).")
@click.option("--episodes", is_flag=True,
              help="Score the verdicts against the known-episode table (hits and misses).")
@click.option("--no-cache", is_flag=True, help="Recompute even if a cached result exists.")
@json_option
def command(as_of: str | None, path_id: str | None, evidence: bool, compare: str | None,
            robustness: bool, episodes: bool, no_cache: bool, as_json: bool) -> None:
    """Which path is North American integration on? Verdicts with evidence."""
    from trilateral.paths import assess

    if episodes:
        if as_of or compare or robustness or path_id:
            raise click.UsageError("--episodes takes no --as-of, --compare, --robustness or "
                                   "--path: it assesses at each episode's own date")
        _episodes(not no_cache, as_json)
        return
    result = assess(as_of, use_cache=not no_cache, robustness=robustness)
    if compare:
        _compare(result, assess(compare, use_cache=not no_cache), as_json)
        return
    if as_json:
        echo_json(result.path(path_id).to_dict() if path_id else result.to_dict())
        return
    if path_id:
        _detail(result.path(path_id), evidence)
    else:
        _summary(result)
    if robustness:
        _robustness(result, path_id)


def _episodes(use_cache: bool, as_json: bool) -> None:
    from rich.markup import escape
    from rich.table import Table

    from trilateral.paths import episodes

    got = episodes.run(use_cache=use_cache)
    if as_json:
        echo_json(got)
        return
    t = Table("episode", "date", "path", "expected", "verdict", "", title="Known episodes")
    for r in got["rows"]:
        t.add_row(escape(r["episode"]), r["date"], r["path"], r["expected"], _style(r["verdict"]),
                  "[green]hit[/green]" if r["hit"] else "[red]miss[/red]")
    con = console()
    con.print(t)
    con.print(f"{got['hits']} hits, {got['misses']} misses of {got['total']} expectations "
              "(docs/method.md, Known-episode validation).")


def _robustness(result, path_id: str | None) -> None:
    from rich.table import Table

    t = Table("path", "verdict", "agreement", "choices that flip it", title="Specification curve")
    for p in result.paths:
        if path_id and p.id != path_id:
            continue
        flips = "; ".join(f"{f['choice']} -> {f['verdict']}" for f in p.flips) or "none"
        share = "n/a" if p.agreement is None else f"{p.agreement:.0%}"
        t.add_row(p.id, _style(p.verdict), share, flips)
    console().print(t)


def _summary(result) -> None:
    from rich.table import Table

    from trilateral.paths.model import fmt

    con = console()
    t = Table("path", "verdict", "effect, SESOI [90%]", "checks", "key figure",
              title=f"Paths as of {result.as_of or 'today'}")
    for p in result.paths:
        score = "n/a" if p.effect is None else (
            f"{p.effect:+.2f} [{p.effect_lower:+.2f}, {p.effect_upper:+.2f}]")
        key = p.key_figures(1)
        t.add_row(p.id, _style(p.verdict), score, f"{p.informative}/{len(p.checks)}",
                  key[0] if key else p.reason)
    con.print(t)
    if result.replay.get("label"):
        con.print(f"[bold]{result.replay['label']}[/bold]")
    for g in result.gaps:
        if g["kind"] != "check":
            con.print(f"[yellow]gap[/yellow] {g['item']}: {g['reason']}")
    when = ("read from the cache" if result.timings.get("cached")
            else f"computed in {fmt(result.timings.get('assess_s'))} s")
    con.print(f"[dim]{len(result.evidence())} evidence items, {when}. "
              "trilateral paths --path ID --evidence for detail.[/dim]")


def _compare(a, b, as_json: bool) -> None:
    """Two as-of dates side by side: verdict, score and the figures that drive each."""
    rows = [{"path": p.id, **{f"{tag}_{k}": v for tag, x in (("a", p), ("b", b.path(p.id)))
                              for k, v in (("verdict", x.verdict), ("score", x.score),
                                           ("lower", x.lower), ("upper", x.upper),
                                           ("effect", x.effect),
                                           ("effect_lower", x.effect_lower),
                                           ("effect_upper", x.effect_upper),
                                           ("key_figures", x.key_figures(2)))}}
            for p in a.paths]
    if as_json:
        echo_json({"a": a.as_of, "b": b.as_of, "paths": rows})
        return
    from rich.markup import escape
    from rich.table import Table

    t = Table("path", f"as of {a.as_of or 'today'}", f"as of {b.as_of or 'today'}",
              show_lines=True)
    for r in rows:
        cells = []
        for tag in ("a", "b"):
            score = "n/a" if r[f"{tag}_effect"] is None else (
                f"{r[f'{tag}_effect']:+.2f} [{r[f'{tag}_effect_lower']:+.2f}, "
                f"{r[f'{tag}_effect_upper']:+.2f}] SESOI")
            cells.append(f"{_style(r[f'{tag}_verdict'])} {score}\n"
                         + escape("\n".join(r[f"{tag}_key_figures"])))
        t.add_row(r["path"], *cells)
    console().print(t)


def _style(verdict: str) -> str:
    color = {"advancing": "green", "reversing": "red", "stalled": "yellow",
             "inconclusive": "cyan"}.get(verdict, "dim")
    return f"[{color}]{verdict}[/{color}]"


def _detail(p, evidence: bool) -> None:
    from rich.markup import escape
    from rich.table import Table

    from trilateral.paths.model import fmt

    con = console()
    con.print(f"[bold]{escape(p.name)}[/bold]: {_style(p.verdict)} ({escape(p.reason)})")
    con.print(escape(p.summary))
    t = Table("check", "implication", "estimate [90%]", "unit", "SESOI", "family", "stance",
              "effect (SESOI)", "weight")
    for c in p.checks:
        est = "n/a" if c.estimate is None else f"{fmt(c.estimate)} [{fmt(c.lower)}, {fmt(c.upper)}]"
        t.add_row(c.id, escape(c.implication), est, escape(c.unit), fmt(c.sesoi),
                  escape(c.family), c.stance,
                  "" if c.support is None else f"{c.support:+.2f} ± {c.effect_se:.2f}",
                  f"{c.weight:.2f}")
    con.print(t)
    for c in p.checks:
        con.print(f"[bold]{c.id}[/bold]: {escape(c.method or c.note)}"
                  + (f" [dim]({escape(c.note)})[/dim]" if c.note and c.method else ""))
        if evidence:
            for e in c.evidence:
                when = e.date or e.year or ""
                con.print(f"   {when} [{e.stance}] {escape(e.description)} - {escape(e.source)}"
                          + (f" {e.url}" if e.url else ""))
