"""The ``memory_photon`` scenario kind: the file builds the same link as the Python API, its
three engines agree, curves and overrides work, and bad files name the key path."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from qnetsim.hardware import get_platform
from qnetsim.link import MemoryPhotonLink
from qnetsim.scenario import (
    ScenarioError,
    closed_form,
    closed_form_quantities,
    load_scenario,
    parse_scenario,
    run_scenario,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "scenarios" / "memory_photon.toml"

BASE = """
[scenario]
name = "mp"
kind = "memory_photon"
[nodes.Atom]
platform = "rb_atom_lu2026"
[memory_photon]
node = "Atom"
length_km = 20.0
"""


def test_example_builds_the_api_link() -> None:
    scn = load_scenario(EXAMPLE)
    ion = get_platform("ca_ion_ustc")
    api = MemoryPhotonLink(
        ion,
        50.0,
        classical_length_km=0.0,
        bases=("Z", "X", "Y"),
        visibility_z=0.99,
        visibility_x=0.98,
    )
    values = closed_form(scn)
    assert values["rate_hz_closed_form"] == pytest.approx(api.rate_hz, rel=1e-12)
    assert values["fidelity_closed_form"] == pytest.approx(api.fidelity, rel=1e-12)
    assert values["qber_closed_form[X]"] == pytest.approx(api.qber("X"), rel=1e-12)
    assert set(values) == set(closed_form_quantities("memory_photon"))


def test_three_engines_agree_in_a_scenario() -> None:
    """Monte Carlo and event engine within 5 standard errors of the closed form (their own
    reported one-sigma errors; see tests/link/test_memory_photon.py for the argument)."""
    text = BASE + "bases = ['Z', 'X']\ndetector = {dark_count_rate_hz = 3e4}\n[run]\npairs = 8000\n"
    q = run_scenario(parse_scenario(text)).quantities
    rate = q["rate_hz_closed_form"].value
    for key in ("rate_hz", "rate_hz_event_engine"):
        assert abs(q[key].value - rate) < 5 * q[key].err
    f = q["fidelity_closed_form"].value
    assert q["noise_fraction"].value > 0.05  # dark counts matter here
    for key in ("fidelity", "fidelity_event_engine"):
        assert abs(q[key].value - f) < 5 * q[key].err
    for b in ("Z", "X"):
        expected = q[f"qber_closed_form[{b}]"].value
        for key in (f"qber[{b}]", f"qber_event_engine[{b}]"):
            assert abs(q[key].value - expected) < 5 * q[key].err
    assert "qber[Y]" not in q


def test_overrides_and_station_detector() -> None:
    scn = parse_scenario(BASE)
    near = closed_form(scn)
    far = closed_form(scn, {"memory_photon.length_km": 60.0})
    assert far["success_probability"] < near["success_probability"]
    assert far["herald_wait_s"] == pytest.approx(2 * 60.0 / 2e5)
    spooled = closed_form(scn, {"memory_photon.classical_length_km": 0.0})
    assert spooled["herald_wait_s"] == pytest.approx(20.0 / 2e5)
    better = closed_form(scn, {"memory_photon.detector.efficiency": 0.95})
    assert better["success_probability"] == pytest.approx(
        near["success_probability"] * 0.95 / 0.8, rel=1e-3
    )


def test_curves_draw_memory_photon_quantities() -> None:
    text = BASE + (
        "[[curves]]\nparameter = 'memory_photon.length_km'\nvalues = [1, 10]\n"
        "quantities = ['rate_hz_closed_form', 'qber_closed_form[Z]']\n"
    )
    parse_scenario(text)
    bad = text.replace("'qber_closed_form[Z]'", "'chsh_s_closed_form'")
    with pytest.raises(ScenarioError, match="chsh_s_closed_form"):
        parse_scenario(bad)


@pytest.mark.parametrize(
    "change,path",
    [
        (("length_km = 20.0", "length_km = -1.0"), "memory_photon.length_km"),
        (('node = "Atom"', 'node = "Ion"'), "memory_photon.node"),
        (("length_km = 20.0", "length_km = 20.0\nbases = ['Z', 'W']"), r"memory_photon.bases\[1\]"),
        (("length_km = 20.0", "length_km = 20.0\nbases = ['Z', 'Z']"), "memory_photon.bases"),
        (
            ("length_km = 20.0", "length_km = 20.0\nvisibility_x = 2.0"),
            "memory_photon.visibility_x",
        ),
        (("length_km = 20.0", "length_km = 20.0\ncolour = 'red'"), "memory_photon.colour"),
        (
            (
                'platform = "rb_atom_lu2026"',
                'platform = "rb_atom_lu2026"\ntiming = {wait_for_herald = false}',
            ),
            "nodes.Atom.timing.wait_for_herald",
        ),
        (
            ('platform = "rb_atom_lu2026"', 'platform = "rb_ensemble_ustc"'),
            "nodes.Atom.emitter.excitation_probability",
        ),
    ],
)
def test_bad_files_name_the_key_path(change: tuple[str, str], path: str) -> None:
    with pytest.raises(ScenarioError, match=path):
        parse_scenario(BASE.replace(*change))


def test_kind_needs_its_table() -> None:
    text = BASE.split("[memory_photon]")[0]
    with pytest.raises(ScenarioError, match=r"needs a \[memory_photon\] table"):
        parse_scenario(text)


def test_hopeless_link_is_a_scenario_error() -> None:
    text = BASE.replace(
        "length_km = 20.0", "length_km = 3000.0\ndetector = {dark_count_rate_hz = 0}"
    )
    scn = parse_scenario(text)
    with pytest.raises(ScenarioError, match="memory_photon"):
        run_scenario(scn, quick=True)
    assert math.isfinite(closed_form(scn)["cycle_s"])
