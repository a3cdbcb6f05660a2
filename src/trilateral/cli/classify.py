"""``trilateral classify``: code texts or documents under the codebook, or evaluate the model."""

from __future__ import annotations

from pathlib import Path

import click

from trilateral.cli._common import console, echo_json, json_option
from trilateral.errors import InputError


@click.command(name="classify", epilog="""\b
Examples:
  trilateral classify "Canada imposes retaliatory tariffs on U.S. steel"
  trilateral classify --file readout.md --json
  trilateral classify --file a.md --file b.md          # a JSON list, items carry "file"
  trilateral classify --file fact-sheet.md --backend embeddings
  trilateral classify --evaluate
  trilateral classify --evaluate --backend tfidf --backend embeddings --json

\b
Each result gives path (or "none" when the text is not about relations among the United
States, Canada and Mexico), direction, level, domain, confidence and the model with its
version. Documents may be Markdown or text with YAML front matter (date, source_url, title).
--evaluate reports cross-validated scores on the ledger and scores on the hand-coded
development set and held-out test set (White House documents in
../shared/corpus/whitehouse-2021-2022, or --corpus DIR / TRILATERAL_CORPUS; it says so and
skips them if the folder is absent): accuracy, macro-F1, per-class precision and recall,
confusion matrices, the acceptance counts (unrelated and reversal items coded as cooperation)
and the calibration of the confidence (ECE, Brier score, confidence against accuracy).
""")
@click.argument("text", required=False)
@click.option("--file", "files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A document to code (repeatable).")
@click.option("--backend", "backends", multiple=True, type=click.Choice(("tfidf", "embeddings")),
              help="Model backend (default tfidf; repeat with --evaluate to compare).")
@click.option("--model-path", help="Local sentence-transformers model directory (embeddings).")
@click.option("--evaluate", "evaluate_", is_flag=True, help="Score the model instead.")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the dev-set documents (with --evaluate).")
@click.option("--folds", type=int, default=5, show_default=True,
              help="Cross-validation folds (with --evaluate).")
@json_option
def command(text: str | None, files: tuple[Path, ...], backends: tuple[str, ...],
            model_path: str | None, evaluate_: bool, corpus: Path | None, folds: int,
            as_json: bool) -> None:
    """Code a text or documents: path, direction, level, confidence and model."""
    backends = backends or ("tfidf",)
    if evaluate_:
        _evaluate(backends, corpus, folds, model_path, as_json)
        return
    if bool(text) == bool(files):
        raise InputError("give either a TEXT argument or one or more --file options")
    _check_backend(backends[0])
    from trilateral.evidence import classifier

    if text:
        result = classifier.classify_text(text, backends[0], model_path=model_path)
        _emit([result], as_json, single=True)
        return
    results = classifier.classify_files(files, backends[0], model_path=model_path)
    _emit(results, as_json, single=len(files) == 1)


def _check_backend(backend: str) -> None:
    if backend == "embeddings":
        from trilateral.errors import NotFoundError
        from trilateral.evidence.classifier.embeddings import available

        ok, why = available()
        if not ok:
            raise NotFoundError(why)


def _emit(results: list, as_json: bool, single: bool) -> None:
    dicts = [r.to_dict() for r in results]
    if as_json or not single:
        echo_json(dicts[0] if single else dicts)
        return
    r = results[0]
    con = console()
    if r.file:
        con.print(f"[bold]{r.file}[/bold]")
    con.print(f"path {r.path}  direction {r.direction}  level {r.level}  domain {r.domain}  "
              f"confidence {r.confidence:.2f}")
    con.print(f"model {r.model['name']} {r.model['version']}; "
              f"{r.evidence['partner_mentions']} partner mentions, rule: {r.evidence['rule']}")


def _evaluate(backends: tuple[str, ...], corpus: Path | None, folds: int,
              model_path: str | None, as_json: bool) -> None:
    from trilateral.evidence.classifier.embeddings import available
    from trilateral.evidence.classifier.evaluate import EvalBlock, evaluate

    blocks = []
    for b in backends:
        ok, why = available() if b == "embeddings" else (True, "")
        if not ok:
            blocks.append(EvalBlock("all", b, {}, skipped=why))
            continue
        blocks += evaluate((b,), corpus, folds=folds, model_path=model_path)
    if as_json:
        echo_json([b.to_dict() for b in blocks])
        return
    for b in blocks:
        _print_block(b)


def _print_block(block) -> None:
    con = console()
    con.print(f"\n[bold]{block.kind}[/bold], backend {block.backend} "
              f"{block.model.get('version', '')}")
    if block.skipped:
        con.print(f"  skipped: {block.skipped}")
        return
    for note in block.notes:
        con.print(f"  {note}")
    for f in block.fields:
        con.print(f"  [bold]{f.field}[/bold]: n={f.n} accuracy {f.accuracy:.3f} "
                  f"macro-F1 {f.macro_f1:.3f} (over the truth's labels {f.macro_f1_truth:.3f})")
        for c in f.per_class:
            con.print(f"    {c['label']:15} P {c['precision']:.2f}  R {c['recall']:.2f}  "
                      f"F1 {c['f1']:.2f}  n {c['support']}")
        con.print("    confusion (rows truth, columns prediction): " + " ".join(f.labels))
        for lab, row in zip(f.labels, f.confusion, strict=True):
            con.print(f"    {lab:15} " + " ".join(f"{v:4d}" for v in row))
    _print_acceptance(block)
    _print_calibration(block)
    for e in block.errors:
        con.print(f"  [dim]error[/dim] {e['truth']} -> {e['predicted']} {e['direction']} "
                  f"({e['confidence']:.2f}, {e['rule']}): {e['file'][:90]}")


def _print_acceptance(block) -> None:
    a = block.acceptance
    if not a:
        return
    console().print(
        f"  [bold]acceptance[/bold]: unrelated coded as cooperation "
        f"{a['unrelated_as_cooperation']} of {a['unrelated']} "
        f"({a['unrelated_as_cooperation_above_threshold']} above confidence "
        f"{a['confidence_threshold']}); reversal coded as cooperation "
        f"{a['reversal_as_cooperation']} of {a['reversal']}")


def _print_calibration(block) -> None:
    c = block.calibration
    if not c:
        return
    con = console()
    con.print(f"  [bold]calibration[/bold]: ECE {c['ece']:.3f}, Brier {c['brier']:.3f}, "
              f"mean confidence {c['mean_confidence']:.2f} against accuracy {c['accuracy']:.2f}")
    for b in c["bins"]:
        con.print(f"    confidence {b['bin'][0]:.1f}-{b['bin'][1]:.1f}: n {b['n']:3d}  "
                  f"mean {b['mean_confidence']:.2f}  accuracy {b['accuracy']:.2f}")
