"""Uncertainty bands of a scenario's quantities (issue 13, items 1-2)."""

from __future__ import annotations

import dataclasses

import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.scenario.bands import scenario_bands
from qnetsim.scenario.loader import parse_scenario
from qnetsim.scenario.runner import closed_form
from qnetsim.scenario.schema import ScenarioError
from qnetsim.scenario.uncertain import scenario_inputs
from tests.scenario._link import NV_LINK

LINK = NV_LINK


def test_zero_width_ranges_give_zero_width_bands() -> None:
    scn = parse_scenario(LINK)
    fixed = [dataclasses.replace(x, low=x.central, high=x.central) for x in scenario_inputs(scn)]
    b = scenario_bands(scn, quantities=["rate_hz", "fidelity"], n=8, inputs=fixed)
    central = closed_form(scn)
    for q, cf in (("rate_hz", "rate_hz_closed_form"), ("fidelity", "fidelity_closed_form")):
        band = b.points[0].bands[q]
        assert band.low95 == band.high95 == pytest.approx(central[cf], rel=1e-12)
        assert all(v == 0.0 for v in b.points[0].sensitivity[q].values())


def test_symmetric_ranges_contain_the_central_value() -> None:
    """With every range centred on the preset's value, the 95% band holds the closed form at
    the central inputs (the presets' own ranges need not be centred: then the band says how
    optimistic the central guess is)."""
    scn = parse_scenario(LINK)
    centred = []
    for x in scenario_inputs(scn):
        lo, hi = x.valid
        half = 0.1 * abs(x.central)
        half = min(half, x.central - (lo if lo is not None else -1e300))
        half = min(half, (hi if hi is not None else 1e300) - x.central)
        centred.append(
            dataclasses.replace(
                x, low=x.central - half, high=x.central + half, distribution="uniform"
            )
        )
    b = scenario_bands(scn, quantities=["rate_hz", "fidelity"], n=64, inputs=centred)
    central = closed_form(scn)
    for q in ("rate_hz", "fidelity"):
        band = b.points[0].bands[q]
        assert band.low95 <= central[f"{q}_closed_form"] <= band.high95
        assert band.low95 < band.high95


def test_points_sensitivity_and_designs() -> None:
    scn = parse_scenario(LINK)
    pts = [{"links[0].length_km": 5.0}, {"links[0].length_km": 50.0}]
    b = scenario_bands(scn, pts, ["rate_hz"], n=32, design="lhs", seed=3)
    assert b.samples.shape == (32, len(b.inputs)) and b.method == "closed form"
    near, far = (p.bands["rate_hz"] for p in b.points)
    assert far.median < near.median
    shares = b.points[0].sensitivity["rate_hz"]
    assert sum(shares.values()) == pytest.approx(1.0)
    assert max(shares, key=lambda k: shares[k]).endswith("emission_efficiency")
    assert "driven by" in b.summary()
    d = b.to_dict()
    assert d["points"][1]["at"] == {"links[0].length_km": 50.0}
    assert set(d["points"][0]["quantities"]["rate_hz"]) >= {"band_low", "band_high", "median"}
    # the same seed gives the same draws
    again = scenario_bands(scn, pts, ["rate_hz"], n=32, design="lhs", seed=3)
    assert again.to_dict() == d


def test_bad_arguments_are_named_errors() -> None:
    scn = parse_scenario(LINK)
    with pytest.raises(InvalidParameterError, match="n = 2"):
        scenario_bands(scn, n=2)
    with pytest.raises(InvalidParameterError, match="design"):
        scenario_bands(scn, n=8, design="grid")
    with pytest.raises(ScenarioError, match="'colour' is not computed"):
        scenario_bands(scn, quantities=["colour"], n=8)


def _one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import qnetsim.scenario.bands as module

    monkeypatch.setattr(module, "_batched_values", lambda *args, **kwargs: None)


def test_draws_at_once_give_the_numbers_of_draws_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A link scenario's draws are evaluated at once (qnetsim.link.batch) when they change
    only the nodes' hardware; every draw's value at every point is the one-by-one value."""
    import numpy as np

    scn = parse_scenario(LINK)
    pts = [{"links[0].length_km": x} for x in (2.0, 25.0)]
    qs = ["rate_hz", "fidelity", "success_probability", "fidelity_at_herald"]
    fast = scenario_bands(scn, pts, qs, n=16, seed=4)
    _one_by_one(monkeypatch)
    slow = scenario_bands(scn, pts, qs, n=16, seed=4)
    assert fast.failed == slow.failed
    for a, b in zip(fast.points, slow.points, strict=True):
        assert a.central == b.central
        for q in qs:
            np.testing.assert_allclose(a.values[q], b.values[q], rtol=1e-9)
            assert a.bands[q].median == pytest.approx(b.bands[q].median, rel=1e-9)


def test_draws_that_change_the_link_are_evaluated_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An uncertain link field (not node hardware) and a quantity outside the batched closed
    form both keep the one-by-one path, with the same numbers."""
    import numpy as np

    import qnetsim.scenario.bands as module

    scn = parse_scenario(
        LINK
        + '\n[[uncertain]]\nkey = "links[0].extra_loss_db"\nlow = 0.0\nhigh = 2.0\n'
        + 'source = "a test range"\n'
    )
    calls = []
    real = module._batched_values

    def spy(*args: object, **kwargs: object) -> object:
        out = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(out)
        return out

    monkeypatch.setattr(module, "_batched_values", spy)
    a = scenario_bands(scn, None, ["rate_hz"], n=8)
    b = scenario_bands(parse_scenario(LINK), None, ["cycle_s"], n=8)
    assert calls == [None, None]
    _one_by_one(monkeypatch)
    np.testing.assert_allclose(
        a.points[0].values["rate_hz"],
        scenario_bands(scn, None, ["rate_hz"], n=8).points[0].values["rate_hz"],
    )
    assert np.isfinite(b.points[0].values["cycle_s"]).all()


def test_a_point_that_sets_a_drawn_input_wins_over_the_draw(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review finding: a later point setting a drawn node field to its file value must be
    evaluated with that value (one by one), not with the draws."""
    import numpy as np

    scn = parse_scenario(LINK)
    pts = [
        {"links[0].length_km": 2.0},
        {
            "links[0].length_km": 25.0,
            "nodes.A.emitter.hom_visibility": 0.79,
            "nodes.B.emitter.hom_visibility": 0.79,
        },
    ]
    fast = scenario_bands(scn, pts, ["rate_hz", "fidelity"], n=16, seed=1)
    _one_by_one(monkeypatch)
    slow = scenario_bands(scn, pts, ["rate_hz", "fidelity"], n=16, seed=1)
    for a, b in zip(fast.points, slow.points, strict=True):
        for q in ("rate_hz", "fidelity"):
            np.testing.assert_allclose(a.values[q], b.values[q], rtol=1e-9)


def test_one_drawn_input_that_misses_the_scheme() -> None:
    """Review finding: a draw of the duty cycle alone (it reaches only the rate) gives a band,
    through the batched closed form."""
    scn = parse_scenario(LINK)
    duty = [x for x in scenario_inputs(scn, {}) if x.name.endswith("timing.duty_cycle")]
    assert duty
    b = scenario_bands(scn, None, ["rate_hz", "fidelity"], n=16, inputs=duty)
    band = b.points[0].bands["rate_hz"]
    assert band.low95 < band.high95
    assert b.points[0].bands["fidelity"].low95 == pytest.approx(
        b.points[0].bands["fidelity"].high95
    )


def test_the_shipped_link_example_takes_the_batched_path() -> None:
    """The draws of tests' NV link (node hardware only) are evaluated at once."""
    import qnetsim.scenario.bands as module
    from qnetsim.network.uncertainty import design_points
    from qnetsim.scenario.uncertain import draw_overrides

    scn = parse_scenario(LINK)
    ins = scenario_inputs(scn, {})
    _, rows = draw_overrides(ins, design_points(len(ins), 8))
    pts = [{"links[0].length_km": 3.0}, {"links[0].length_km": 30.0}]
    got = module._batched_values(scn, ["rate_hz", "fidelity"], ins, rows, pts, {})
    assert got is not None and len(got) == 2
    assert got[1]["rate_hz"].shape == (len(rows),)


def test_a_budget_entry_a_draw_leaves_out_is_zero() -> None:
    """A draw whose detection window captures the whole photon has no window loss: its
    closed form leaves that budget entry out, and the band counts it as 0 dB (before: a
    KeyError traceback from ``qnetsim run liu2026_ions.toml --uncertainty 16``)."""
    from qnetsim.experiments.reproduce import scenario_dir
    from qnetsim.scenario.loader import load_scenario

    scn = load_scenario(scenario_dir() / "liu2026_ions.toml")
    b = scenario_bands(scn, None, ["loss_db[detection window A]", "rate_hz"], n=16)
    band = b.points[0].bands["loss_db[detection window A]"]
    assert band.low95 >= 0.0 and b.failed == 0
