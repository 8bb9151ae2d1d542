"""``qnetsim reproduce`` with calibration points and a priori bands (issue 13, items 4 and
6): calibration points are marked and never counted as agreement; held-out points get a
calibrated prediction; ``--uncertainty`` fills band_low/band_high."""

from __future__ import annotations

import json

import pytest

from qnetsim.experiments.reproduce import format_records, records_json, reproduce, scenario_dir
from qnetsim.scenario.loader import parse_scenario
from qnetsim.scenario.schema import ScenarioError
from tests.scenario._link import NV_LINK

STOLK = scenario_dir() / "stolk2024_nv.toml"


def test_calibration_points_are_marked_and_held_out_points_predicted() -> None:
    run = reproduce([STOLK], quick=True, uncertainty=8)
    by_q = {r.quantity: r for r in run.records}
    cal, rate, fid = by_q["success_probability"], by_q["rate_hz"], by_q["fidelity"]
    assert cal.role == "calibration" and cal.verdict == "calibration"
    assert cal.calibrated == pytest.approx(7.2e-6, rel=1e-4)
    assert rate.role == fid.role == "held_out"
    assert rate.calibrated is not None and fid.calibrated is not None
    # the fitted efficiency predicts the held-out points (closed-form fidelity; the rate is
    # sampled with the quick pairs, so 10%)
    assert fid.calibrated == pytest.approx(0.559, abs=0.005)
    assert rate.calibrated == pytest.approx(0.046, rel=0.1)
    assert cal.apriori_verdict == "differs"  # 5.7x the published, shown though not counted
    for r in run.records:
        assert r.band_low is not None and r.band_high is not None
        assert r.band_low <= r.band_high
    text = format_records(run.records)
    assert "of 2 published values agree" in text  # the calibration point is not counted
    assert "1 calibration points are fitted, not counted" in text
    assert "Calibrated:" in text and "A priori bands:" in text
    data = json.loads(records_json(run.records))
    assert {d["role"] for d in data} == {"calibration", "held_out"}
    assert all({"band_low", "band_high", "calibrated"} <= set(d) for d in data)
    assert "stolk2024_nv" in run.calibrations


def test_without_bands_or_calibration_the_new_keys_are_null() -> None:
    run = reproduce([STOLK], quick=True, calibrated=False)
    data = json.loads(records_json(run.records))
    assert all(d["calibrated"] is None and d["band_low"] is None for d in data)


BASE = NV_LINK


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ('[calibration]\nfree = ["nodes.A.emitter.alpha"]\n', "calibration.free"),
        (
            '[[published]]\nquantity = "fidelity"\nvalue = 0.6\nerror = 0.01\nsource = "x"\n'
            'role = "calibration"\n',
            r"published\[0\].role",
        ),
        (
            '[calibration]\nfree = ["nodes.A.emitter.alpha"]\n[[published]]\nquantity = '
            '"fidelity"\nvalue = 0.6\nsource = "x"\nrole = "calibration"\n',
            r"published\[0\].error",
        ),
        (
            '[calibration]\nfree = ["nodes.A.emitter.alpha"]\n[[published]]\nquantity = '
            '"fidelity"\nvalue = 0.6\nerror = 0.1\nbound = "lower"\nsource = "x"\n'
            'role = "calibration"\n',
            r"published\[0\].bound",
        ),
        (
            '[calibration]\nfree = ["nodes.A.emitter.alhpa", "links[0].lenght_km"]\n'
            '[[published]]\nquantity = "fidelity"\nvalue = 0.6\nerror = 0.1\nsource = "x"\n'
            'role = "calibration"\n',
            r"calibration.free\[0\].*alhpa",
        ),
    ],
)
def test_calibration_declarations_are_checked_at_load(extra: str, match: str) -> None:
    with pytest.raises(ScenarioError, match=match):
        parse_scenario(BASE + extra)


def test_a_published_value_meets_a_band_within_its_uncertainty() -> None:
    from qnetsim.experiments.reproduce import Record

    def rec(value: float, err: float, bound: str = "none") -> Record:
        return Record(
            "e", "q", "", 1.0, 0.0, value, err, "s", bound=bound, band_low=1.0, band_high=2.0
        )

    assert rec(1.5, 0.0).in_band and rec(0.9, 0.05).in_band and not rec(0.8, 0.05).in_band
    assert rec(1.9, 0.0, "lower").in_band and not rec(2.1, 0.0, "lower").in_band
    assert rec(1.1, 0.0, "upper").in_band and not rec(0.9, 0.0, "upper").in_band
    none = Record("e", "q", "", 1.0, 0.0, 1.0, 0.0, "s")
    assert none.in_band is None and none.calibrated_verdict is None
