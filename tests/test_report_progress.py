"""The report announces each stage, so a long cold run shows where it is."""

from __future__ import annotations

from trilateral.cli._common import progress_steps
from trilateral.report import build


def test_build_reports_each_stage(tmp_path, monkeypatch) -> None:
    from trilateral.paths import context as ctx_mod

    # gravity off and the synthetic ledger: the stages are what is tested, not the models
    monkeypatch.setitem(ctx_mod.PROVIDERS, ctx_mod.GRAVITY, None)
    monkeypatch.setitem(ctx_mod.PROVIDERS, ctx_mod.LEDGER, "paths_support:ledger_provider")
    steps: list[str] = []
    section = "tests.paths_support:section"
    build(tmp_path / "r", providers=[section], use_cache=True, progress=steps.append)
    assert steps[0] == "assessing the seven paths"
    assert steps[-1] == "rendering the report"
    assert any(s.startswith("section ") for s in steps[1:-1])


def test_progress_is_silent_off_a_terminal(capsys) -> None:
    with progress_steps("report", total=3) as step:
        step("one")
        step("two")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
