"""Verdicts an analyst can cite: check metadata, robustness, known episodes, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_helpers import run, run_json
from trilateral.errors import InputError
from trilateral.paths import definitions, episodes, metadata, settings
from trilateral.paths.assessment import needed_checks
from trilateral.paths.registry import CHECKS

DOCS = Path(__file__).resolve().parents[1] / "docs" / "method.md"
# Known-episode floors (hits of 22 expectations), measured when the scoring was first run on
# 2026-12-04 (docs/method.md, "Known-episode validation"); the score must not fall.
FLOOR_FULL = 14  # real ledger and gravity
FLOOR_NO_GRAVITY = 13  # real ledger, gravity switched off (the default, fast suite)


def test_every_registered_check_has_metadata() -> None:
    needed_checks()  # imports every checks_* module
    meta = metadata.load()
    missing = sorted(set(CHECKS) - set(meta.checks))
    assert not missing, f"add [check.<id>] entries to checks.toml for: {missing}"
    assert not set(meta.checks) - set(CHECKS), "entries for checks that are not registered"


def test_metadata_predictions_agree_with_the_path_definitions() -> None:
    meta = metadata.load()
    for p in definitions.PATHS:
        for imp in p.implications:
            want = 0 if meta.null_type(p.id) else imp.expect
            assert meta.check(imp.check).predicts.get(p.id) == want, (p.id, imp.check)


def test_families_group_checks_that_share_inputs() -> None:
    fam = {cid: m.family for cid, m in metadata.load().checks.items()}
    # the ledger activity and direction checks read the same events; the spoke shares and
    # the asymmetry ratio share a numerator
    assert fam["ledger_activity_bureaucratic"] == fam["ledger_direction_bureaucratic"]
    assert fam["spoke_dependence_trend"] == fam["asymmetry_trend"]
    assert fam["nafta_gravity_effect"] != fam["introversion_trend"]


GOOD = ('[check.x]\nestimand = "e"\nkind = "trend"\nwindow = "w"\nunit = "u"\nsesoi = 1.0\n'
        'sesoi_why = "why"\nfamily = "f"\npredicts = { values = -1 }\n')


@pytest.mark.parametrize("old, new, field", [
    ("sesoi = 1.0", "sesoi = -1.0", "check.x.sesoi"),
    ("sesoi = 1.0", 'sesoi = "big"', "check.x.sesoi"),
    ('kind = "trend"', 'kind = "slope"', "check.x.kind"),
    ('family = "f"\n', "", "check.x.family"),
    ("predicts = { values = -1 }", "predicts = { values = 2 }", "check.x.predicts"),
    ('unit = "u"', 'unit = "u"\ncolour = "red"', "check.x.colour"),
])
def test_malformed_metadata_names_the_field(tmp_path, old, new, field) -> None:
    f = tmp_path / "checks.toml"
    f.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        metadata.parse(f)
    assert exc.value.location.field == field and "checks.toml" in str(exc.value)


def test_good_metadata_parses(tmp_path) -> None:
    f = tmp_path / "checks.toml"
    f.write_text(GOOD, encoding="utf-8")
    assert metadata.parse(f).check("x").sesoi == 1.0


def test_paths_settings_come_from_defaults(tmp_path) -> None:
    conf = settings.current()
    assert (conf.ledger_window, conf.trade_window) == (5, 10)
    assert conf.robustness_ledger_windows == (3, 5, 10)
    assert conf.robustness_trade_windows == (5, 10, 15)
    bad = tmp_path / "defaults.toml"
    bad.write_text('[[paths]]\nfixed = 2026-12-04\nwhy = "x"\nledger_window = 0\n'
                   'trade_window = 10\ncombination = "precision-family"\n'
                   'alternative = "random-effects"\nse_floor = 0.25\nmin_informative = 2\n'
                   'robustness_ledger_windows = [3]\nrobustness_trade_windows = [5]\n')
    with pytest.raises(InputError) as exc:
        settings.current(bad)
    assert exc.value.location.field == "ledger_window"


def test_replay_says_which_configuration_it_used() -> None:
    import datetime as dt

    _, old = settings.for_date(dt.date(2006, 3, 31))
    assert old["kind"] == "retrospective reconstruction" and not old["configuration_in_force"]
    assert "no configuration" in old["label"] and "2006-03-31" in old["label"]
    _, now = settings.for_date(dt.date(2026, 12, 31))
    assert now["configuration_in_force"] and now["configuration_fixed"] == "2026-12-04"


def test_episode_table_is_the_one_in_the_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    rows = re.findall(r"^\| (.+?) \| (\d{4}-\d\d-\d\d) \| (\w+) \| ([a-z ]+) \|", text, re.M)
    table = {(e.date.isoformat(), p, x) for e in episodes.load() for p, x in e.expect.items()}
    assert {(d, p, x) for _, d, p, x in rows} == table
    assert len(table) == 22


def test_episode_hits_and_bad_files(tmp_path) -> None:
    assert episodes.hit("not advancing", "stalled") and not episodes.hit("advancing", "stalled")
    assert not episodes.hit("not advancing", "insufficient-evidence")
    f = tmp_path / "episodes.toml"
    f.write_text('[[episode]]\nid = "a"\nname = "A"\ndate = 2000-01-01\n'
                 '[episode.expect]\nreversal = "sideways"\n[episode.why]\nreversal = "w"\n')
    with pytest.raises(InputError) as exc:
        episodes.load(f)
    assert exc.value.location.field == "expect.reversal" and exc.value.location.row == 1


def test_robustness_json_reports_agreement_and_flips(plugins, capsys) -> None:
    code, got, err = run_json(["paths", "--robustness"], capsys)
    assert code == 0, err
    curve = got["robustness"]
    assert [r["path"] for r in curve["paths"]] == list(definitions.PATH_IDS)
    for p in got["paths"]:
        assert 0 <= p["agreement"] <= 1 and isinstance(p["flips"], list)
        row = next(r for r in curve["paths"] if r["path"] == p["id"])
        specs = {s["spec"] for s in row["specifications"]}
        assert {"ledger_window=3", "ledger_window=10", "trade_window=5", "trade_window=15",
                "method=random-effects"} <= specs
        assert {f["spec"] for f in p["flips"]} == {
            s["spec"] for s in row["specifications"] if s["verdict"] != p["verdict"]}


def test_bad_input_is_one_line_and_changes_nothing(plugins, capsys) -> None:
    code, out, err = run(["paths", "--as-of", "2999-01-01"], capsys)
    assert code == 3 and "as_of" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(["paths", "--episodes", "--as-of", "2006-03-31"], capsys)
    assert code == 2
    code, out, err = run(["paths", "--path", "nosuch"], capsys)
    assert code == 2 and "--path" in err


@pytest.fixture(scope="module")
def real_ledger_no_gravity():
    from trilateral.paths import context as ctx_mod

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(ctx_mod.PROVIDERS, ctx_mod.GRAVITY, None)
        yield mp


def test_known_episode_score_does_not_fall(real_ledger_no_gravity) -> None:
    got = episodes.run()
    assert got["total"] == 22
    assert got["hits"] >= FLOOR_NO_GRAVITY, [r for r in got["rows"] if not r["hit"]]


@pytest.mark.slow
def test_known_episode_score_with_gravity_does_not_fall() -> None:
    got = episodes.run()
    assert got["hits"] >= FLOOR_FULL, [r for r in got["rows"] if not r["hit"]]
