"""Krippendorff's alpha between the ledger and a blind recode, and the recode sample."""

from __future__ import annotations

import pytest

from evidence_helpers import event
from trilateral.evidence.reliability import alpha_nominal, recode_sample, reliability
from trilateral.evidence.schema import CODED_FIELDS


def test_alpha_matches_hand_computation():
    # Two coders, six units: a a b b c c versus a a b c c c. Coincidence matrix: o_aa=4,
    # o_bb=2, o_cc=4, o_bc=o_cb=1; n_a=4, n_b=3, n_c=5, n=12. D_o = 2/12,
    # D_e = (144 - 16 - 9 - 25) / (12 * 11) = 94/132, alpha = 1 - D_o/D_e = 36/47 = 0.76596.
    a = list("aabbcc")
    b = list("aabccc")
    assert alpha_nominal(a, b) == pytest.approx(36 / 47, abs=1e-9)


def test_alpha_perfect_and_undefined():
    assert alpha_nominal(["+", "-", "0"], ["+", "-", "0"]) == pytest.approx(1.0)
    assert alpha_nominal([False, False], [False, False]) is None  # no variation


def test_report_per_field_over_shared_ids():
    first = [event(1), event(2, path="political", level="legislature"),
             event(3, path="values"), event(4, path="reversal", direction="-")]
    second = [{"id": e["id"], **{f: e[f] for f in CODED_FIELDS}, "coder": "b"} for e in first]
    second[1]["path"] = "institutional"
    second.append({"id": "not-in-ledger", **{f: "x" for f in CODED_FIELDS}})
    report = reliability(first, second)
    fields = {f.field: f for f in report.fields}
    assert report.units == 4
    assert report.missing_in_ledger == ["not-in-ledger"]
    assert fields["path"].agreement == 0.75
    assert fields["path"].disagreements == [
        {"id": first[1]["id"], "first": "political", "second": "institutional"}]
    assert fields["level"].alpha == pytest.approx(1.0)


def test_recode_sample_is_blind_deterministic_and_covers_paths():
    paths = ["bureaucratic", "political", "values", "reversal"]
    evs = [event(i, path=paths[i % 4], direction="-" if paths[i % 4] == "reversal" else "+")
           for i in range(40)]
    one = recode_sample(evs, 12)
    assert one == recode_sample(list(reversed(evs)), 12)
    assert len(one) == 12
    assert not set(CODED_FIELDS) & set(one[0])
    chosen = {e["id"] for e in one}
    assert {e["path"] for e in evs if e["id"] in chosen} == set(paths)
