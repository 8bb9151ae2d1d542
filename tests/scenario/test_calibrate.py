"""Calibration of a scenario's free inputs to measured points (issue 13, items 3-4): the
measured-data file, the fit on synthetic data from known inputs, determinism, warnings,
prediction, and named errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qnetsim.scenario.calibrate import calibrate
from qnetsim.scenario.loader import parse_scenario
from qnetsim.scenario.measured import MeasuredPoint, read_measured
from qnetsim.scenario.runner import closed_form
from qnetsim.scenario.schema import ScenarioError
from tests.scenario._link import NV_LINK

LINK = NV_LINK
FREE = ["nodes.A.emitter.emission_efficiency", "nodes.A.emitter.alpha"]
TRUTH = {"emission_efficiency": 0.0015, "alpha": 0.1}
LENGTHS = (5.0, 25.0, 50.0)


def _truth_overrides() -> dict[str, float]:
    return {f"nodes.{n}.emitter.{k}": v for n in "AB" for k, v in TRUTH.items()}


def _synthetic_csv(tmp_path: Path, seed: int, rel: float = 0.03, abs_f: float = 0.01) -> Path:
    """Success probabilities and fidelities at three lengths from the true inputs, with
    Gaussian noise of the stated sigma."""
    rng = np.random.default_rng(seed)
    scn = parse_scenario(LINK)
    rows = ["quantity,value,uncertainty,links[0].length_km,source"]
    for length in LENGTHS:
        c = closed_form(scn, {**_truth_overrides(), "links[0].length_km": length})
        p, f = c["success_probability"], c["fidelity_closed_form"]
        noisy_p = p + rel * p * rng.standard_normal()
        rows.append(f"success_probability,{noisy_p},{rel * p},{length},synthetic")
        rows.append(f"fidelity,{f + abs_f * rng.standard_normal()},{abs_f},{length},synthetic")
    path = tmp_path / f"measured{seed}.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_recovers_the_true_inputs_within_their_errors(tmp_path: Path) -> None:
    scn = parse_scenario(LINK)
    points = read_measured(_synthetic_csv(tmp_path, 7), scn)
    assert len(points) == 6 and points[0].at == {"links[0].length_km": 5.0}
    cal = calibrate(scn, points, FREE)
    assert cal.method == "closed form" and cal.fit.dof == 4
    names = [f.name for f in cal.free]
    assert names == ["nodes.A+B.emitter.emission_efficiency", "nodes.A+B.emitter.alpha"]
    for f, v, e in zip(cal.free, cal.fit.x, cal.fit.errors, strict=True):
        true = TRUTH[f.name.rsplit(".", 1)[1]]
        assert abs(v - true) < 4 * e, (f.name, v, e, true)
    assert cal.fit.p_value > 1e-3
    assert -1 <= cal.fit.correlation[0, 1] <= 1
    # a calibrated prediction at another length, with a band around it
    pred = cal.predict(["success_probability"], {"links[0].length_km": 75.0}, n=16)
    p = pred["success_probability"]
    assert p.band.low95 <= p.value <= p.band.high95
    c = closed_form(scn, {**_truth_overrides(), "links[0].length_km": 75.0})
    assert p.value == pytest.approx(c["success_probability"], rel=0.2)


def test_calibration_is_deterministic(tmp_path: Path) -> None:
    scn = parse_scenario(LINK)
    points = read_measured(_synthetic_csv(tmp_path, 11), scn)
    a = json.dumps(calibrate(scn, points, FREE).to_dict(), sort_keys=True)
    b = json.dumps(calibrate(scn, points, FREE).to_dict(), sort_keys=True)
    assert a == b


def test_warnings_out_of_range_and_untested_fit() -> None:
    scn = parse_scenario(LINK)
    # a success probability far above what the plausible efficiencies give
    cal = calibrate(scn, [MeasuredPoint("success_probability", 0.05, 0.001)], FREE[:1])
    text = " ".join(cal.warnings)
    assert "leaves its plausible range" in text and "cannot be tested" in text
    assert "warning:" in cal.summary()


def test_poor_fit_is_flagged() -> None:
    scn = parse_scenario(LINK)
    pts = [
        MeasuredPoint("fidelity", 0.95, 0.001, {"links[0].length_km": 5.0}),
        MeasuredPoint("fidelity", 0.55, 0.001, {"links[0].length_km": 6.0}),
    ]
    cal = calibrate(scn, pts, FREE[1:])
    assert any("poor fit" in w for w in cal.warnings)


def test_bad_free_keys_are_named_errors() -> None:
    scn = parse_scenario(LINK)
    pt = [MeasuredPoint("fidelity", 0.7, 0.01)]
    with pytest.raises(ScenarioError, match="lenght_km"):
        calibrate(scn, pt, ["links[0].lenght_km"])
    with pytest.raises(ScenarioError, match="not a number to fit"):
        calibrate(scn, pt, ["scenario.name"])
    with pytest.raises(ScenarioError, match="named twice"):
        calibrate(scn, pt + pt, ["nodes.A.emitter.alpha", "nodes.B.emitter.alpha"])
    with pytest.raises(ScenarioError, match="at least 2 measured points"):
        calibrate(scn, pt, FREE)
    with pytest.raises(ScenarioError, match="not computed"):
        calibrate(scn, [MeasuredPoint("colour", 1.0, 0.1)], FREE[:1])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("quantity,value\nfidelity,0.7\n", "column 'uncertainty' is missing"),
        ("quantity,value,uncertainty\nfidelity,0.7,-0.1\n", r"line 2, column 'uncertainty'.*> 0"),
        ("quantity,value,uncertainty\nfidelity,0.7,0\n", r"> 0"),
        ("quantity,value,uncertainty\nfidelity,0.7,\n", "empty"),
        ("quantity,value,uncertainty\nfidelity,high,0.1\n", "not a number"),
        ("quantity,value,uncertainty,colour\nfidelity,0.7,0.1,red\n", "unknown column"),
        ("quantity,value,uncertainty\n", "no data rows"),
        ("quantity,value,uncertainty,links[0].length_km\nfidelity,0.7,0.1,-5\n", "length_km"),
        ("quantity,value,uncertainty\nfidelity,0.7,0.1,9\n", "more cells"),
        ("", "empty file"),
    ],
)
def test_measured_file_errors_are_named(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "m.csv"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=match) as info:
        read_measured(path, parse_scenario(LINK))
    assert str(path) in str(info.value)
