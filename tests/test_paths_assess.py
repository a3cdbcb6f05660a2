"""The assessment: seven verdicts, sourced evidence, as-of discipline, data-driven verdicts."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from paths_support import NASTY
from trilateral.cli import cli
from trilateral.indicators.inputs import Tables
from trilateral.paths import PATH_IDS, STANCES, VERDICTS, assess
from trilateral.paths import context as ctx_mod

CANCUN = "2006-03-31"


@pytest.fixture(scope="module")
def today(plugins):
    return assess()


@pytest.fixture(scope="module")
def cancun(plugins):
    return assess(CANCUN)  # cached: the CLI test below reads the same result


def test_seven_paths_with_verdicts(today) -> None:
    assert [p.id for p in today.paths] == list(PATH_IDS)
    assert len(PATH_IDS) == 7
    for p in today.paths:
        assert p.verdict in VERDICTS
        if p.score is not None:
            assert -1 <= p.lower <= p.score <= p.upper <= 1
            assert p.effect_lower <= p.effect <= p.effect_upper


@pytest.mark.parametrize("path_id", ["values", "globalization", "americanization"])
def test_data_paths_have_sourced_evidence(today, path_id) -> None:
    p = today.path(path_id)
    assert p.verdict != "insufficient-evidence", p.reason
    items = [e for c in p.checks for e in c.evidence]
    assert items
    for e in items:
        assert e.source and e.description and (e.date or e.year)
        assert e.stance in STANCES
    tables = {e.ref for e in items if e.ref}
    assert tables  # each item names the table it came from


def test_evidence_items_carry_their_checks_stance(today, cancun) -> None:
    # an item takes the stance of its check toward the path; only signed ledger events in the
    # direction checks are read one by one (a '-' event is consistent with reversal)
    seen = set()
    for a in (today, cancun):
        for p in a.paths:
            for c in p.checks:
                by_sign = c.id.startswith(("ledger_direction", "ledger_net_direction"))
                for e in c.evidence:
                    if by_sign:
                        want = {1: "consistent", -1: "inconsistent", 0: "neutral"}[
                            int(e.value * c.expect)]
                        assert e.stance == want, (c.id, e)
                    else:
                        assert e.stance == c.stance, (c.id, e)
                seen.add(c.stance)
    assert {"consistent", "inconsistent"} <= seen  # the rule was exercised


def test_stance_follows_estimate_and_interval(today, cancun) -> None:
    # directional paths: the interval clear of the null on the predicted side (consistent) or
    # the other (inconsistent); a null-type path: consistent when within null +/- SESOI
    for a in (today, cancun):
        for p in a.paths:
            for c in p.checks:
                if c.support is None:
                    assert c.stance == "insufficient"
                    continue
                excl = c.lower > c.null or c.upper < c.null
                within = c.null - c.sesoi < c.lower and c.upper < c.null + c.sesoi
                if p.null_type:
                    assert (c.stance == "consistent") == within, c.id
                    assert (c.stance == "inconsistent") == (excl and not within), c.id
                    continue
                assert (c.stance != "neutral") == excl, c.id
                assert (c.stance == "consistent") == (excl and c.support > 0), c.id
                assert (c.stance == "inconsistent") == (excl and c.support < 0), c.id


def test_checks_carry_their_estimand_and_paths_their_curve(today) -> None:
    for p in today.paths:
        assert [e["check"] for e in p.estimands] == [c.id for c in p.checks]
        for c in p.checks:
            assert c.estimand and c.kind in ("level", "change", "trend") and c.family
            assert c.sesoi > 0
        used = [c for c in p.checks if c.support is not None]
        if p.effect is not None:
            assert sum(c.weight for c in used) == pytest.approx(1.0, abs=1e-3)


def test_cancun_replay_cites_nothing_after_the_summit(cancun) -> None:
    assert cancun.as_of == CANCUN
    items = cancun.evidence()
    assert items
    for e in items:
        for when in (e["date"], e["available"]):
            if when is not None:
                assert when <= CANCUN, e
        if e["year"] is not None:
            assert e["year"] <= 2006
    assert all(e["ref"] != "test-014" for e in items)  # the 2006-04-15 event
    trade = [e for e in items if (e["ref"] or "").startswith("trade_flows")
             and e["ref"] != "trade_flows_monthly"]
    monthly = [e for e in items if e["ref"] == "trade_flows_monthly"]
    # monthly trade: January 2006 was public on 10 March 2006, February only in April
    assert all(e["date"] <= "2006-01-01" for e in monthly)
    assert trade and max(e["year"] for e in trade) == 2005  # 2005 was out in February 2006


def test_event_titles_travel_unchanged(cancun) -> None:
    assert any(e["description"].endswith(NASTY) for e in cancun.evidence())


def test_ledger_paths_need_the_ledger(plugins) -> None:
    plugins.setitem(ctx_mod.PROVIDERS, ctx_mod.LEDGER, None)
    try:
        a = assess(CANCUN, use_cache=False)
    finally:
        plugins.setitem(ctx_mod.PROVIDERS, ctx_mod.LEDGER, "paths_support:ledger_provider")
    assert a.path("bureaucratic").verdict == "insufficient-evidence"
    assert a.path("political").verdict == "insufficient-evidence"
    assert any(g["item"] == "evidence_ledger" for g in a.gaps)


def test_matrix_reads_one_check_against_several_paths(today) -> None:
    row = next(r for r in today.matrix if r["check"] == "spoke_dependence_trend")
    pair = {row["cells"]["reversal"], row["cells"]["americanization"]}
    assert row["cells"]["values"] == ""
    # reversal predicts a fall, Americanization a rise: the same evidence cannot favour both
    assert pair in ({"neutral"}, {"consistent", "inconsistent"})


def _map(direction: int) -> pd.DataFrame:
    """Synthetic cultural map: the three converge (direction 1) or diverge (-1) over 5 waves."""
    rows = []
    for w, year in enumerate((1996, 2000, 2006, 2012, 2018), start=3):
        k = 0.15 * (w - 5) * direction
        pts = {"USA": (-1 + k, 1 - k), "CAN": (0 - k / 2, 1.5 - k), "MEX": (-1.5 + 2 * k, -k)}
        pts |= {"BRA": (-1.6, -0.2), "ARG": (-1.4, 0.1), "CHL": (-1.5, -0.1),
                "SWE": (1.5, 2.5), "NOR": (1.3, 2.2), "DNK": (1.2, 2.0)}
        rows += [{"iso3": c, "year": year, "wvs_wave": w, "trad_secular": x,
                  "surv_selfexp": y} for c, (x, y) in pts.items()]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("direction, verdict", [(1, "advancing"), (-1, "reversing")])
def test_values_verdict_follows_the_data(plugins, direction, verdict) -> None:
    plugins.setitem(ctx_mod.PROVIDERS, ctx_mod.LEDGER, None)
    try:
        a = assess(tables=Tables.from_frames({"ivs_cultural_map": _map(direction)}))
    finally:
        plugins.setitem(ctx_mod.PROVIDERS, ctx_mod.LEDGER, "paths_support:ledger_provider")
    assert a.path("values").verdict == verdict
    assert a.path("globalization").verdict == "insufficient-evidence"  # no trade tables given


def test_paths_json_cli(plugins) -> None:
    res = CliRunner().invoke(cli, ["paths", "--as-of", CANCUN, "--json"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.output)["data"]
    assert got["as_of"] == CANCUN
    assert {p["id"]: p["verdict"] for p in got["paths"]}.keys() == set(PATH_IDS)
    assert got["replay"]["kind"] == "retrospective reconstruction"
    assert "no configuration" in got["replay"]["label"]  # none had been fixed in 2006
    for p in got["paths"]:
        assert p["verdict"] in VERDICTS and "estimands" in p
        for c in p["checks"]:
            assert {"estimand", "sesoi", "kind", "family"} <= c.keys()
    res = CliRunner().invoke(cli, ["paths", "--as-of", CANCUN, "--path", "values", "--evidence"])
    assert res.exit_code == 0 and "values" in res.output.lower()


def test_compare_puts_two_dates_side_by_side(today, cancun) -> None:
    res = CliRunner().invoke(cli, ["paths", "--compare", CANCUN, "--json"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.output)["data"]
    assert got["b"] == CANCUN and [r["path"] for r in got["paths"]] == list(PATH_IDS)
    row = got["paths"][PATH_IDS.index("values")]
    assert row["a_verdict"] == today.path("values").verdict
    assert row["b_verdict"] == cancun.path("values").verdict and row["b_key_figures"]


def test_cached_result_is_the_same(cancun) -> None:
    from trilateral.paths import cache

    again = assess(CANCUN)
    assert cancun.key and cancun.key == again.key
    assert cancun.to_dict()["paths"] == again.to_dict()["paths"]
    assert cache.key("assessment", as_of="2010-06-30", plugins=ctx_mod.PROVIDERS) != cancun.key
    assert again.timings.get("cached") is True  # the CLI says "read from the cache", not a time
    res = CliRunner().invoke(cli, ["paths", "--as-of", CANCUN])
    assert res.exit_code == 0 and "read from the cache" in res.output
    assert "computed in" not in res.output


def test_bad_as_of_is_a_user_error() -> None:
    res = CliRunner().invoke(cli, ["paths", "--as-of", "31/03/2006"])
    assert res.exit_code != 0
    for day in ("1850-01-01", "2999-01-01"):  # outside the data
        res = CliRunner().invoke(cli, ["paths", "--as-of", day])
        assert res.exit_code != 0 and "as_of" in str(res.exception)


def test_cache_key_follows_packaged_settings_and_series(tmp_path, monkeypatch):
    """A change to a packaged non-Python file the checks read (the event series, a TOML
    setting) must change the cache key, or a cached assessment outlives its inputs."""
    from trilateral.paths import cache

    (tmp_path / "mod.py").write_text("x = 1\n")
    data = tmp_path / "evidence" / "data"
    data.mkdir(parents=True)
    (data / "series.json").write_text("[]\n")
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "big.parquet").write_bytes(b"PAR1")
    monkeypatch.setattr(cache, "PACKAGE_DIR", tmp_path)
    cache.code_fingerprint.cache_clear()
    try:
        before = cache.code_fingerprint()
        (tmp_path / "snapshots" / "big.parquet").write_bytes(b"PAR1 changed")
        cache.code_fingerprint.cache_clear()
        assert cache.code_fingerprint() == before  # snapshots count through their sidecars
        (data / "series.json").write_text('[{"id": "nals"}]\n')
        cache.code_fingerprint.cache_clear()
        assert cache.code_fingerprint() != before
    finally:
        cache.code_fingerprint.cache_clear()
