"""Emitter: phase coherence, alpha range, errors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Emitter


def test_phase_coherence_gaussian() -> None:
    e = Emitter(780.0, 0.1, 1e-5, alpha=0.05, phase_noise_sigma_rad=0.3)
    assert e.phase_coherence == pytest.approx(math.exp(-0.045))
    assert Emitter(780.0, 0.1, 1e-5).phase_coherence == 1.0
    e2 = e.with_phase_coherence(0.986)
    assert e2.phase_coherence == pytest.approx(0.986)


@settings(deadline=None)
@given(st.floats(0.0, 3.0))
def test_sigma_coherence_round_trip(sigma: float) -> None:
    lam = Emitter(780.0, 0.1, 1e-5, phase_noise_sigma_rad=sigma).phase_coherence
    if lam > 0.0:
        assert Emitter.sigma_from_phase_coherence(lam) == pytest.approx(sigma, abs=1e-7)


def test_attempt_rate_and_with_alpha() -> None:
    e = Emitter(637.0, 1e-3, 10e-6, alpha=0.25)
    assert e.attempt_rate_hz == pytest.approx(1e5)
    assert e.with_alpha(0.1).alpha == 0.1
    assert e.alpha == 0.25  # frozen: the original is unchanged


@pytest.mark.parametrize("alpha", [0.0, 1.0, -0.1, 1.5])
def test_alpha_outside_open_unit_interval(alpha: float) -> None:
    with pytest.raises(InvalidParameterError) as info:
        Emitter(637.0, 1e-3, 10e-6, alpha=alpha)
    assert info.value.name == "alpha"
    assert "(0, 1)" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"emission_efficiency": 1.5}, "emission_efficiency"),
        ({"wavelength_nm": -637.0}, "wavelength_nm"),
        ({"attempt_duration_s": 0.0}, "attempt_duration_s"),
        ({"excitation_probability": 0.0}, "excitation_probability"),
        ({"hom_visibility": 1.1}, "hom_visibility"),
        ({"phase_noise_sigma_rad": -0.1}, "phase_noise_sigma_rad"),
    ],
)
def test_invalid_fields_are_named(kwargs: dict[str, float], field: str) -> None:
    base: dict[str, float] = {
        "wavelength_nm": 637.0, "emission_efficiency": 0.01, "attempt_duration_s": 1e-5
    }
    base.update(kwargs)
    with pytest.raises(InvalidParameterError) as info:
        Emitter(**base)
    assert info.value.name == field


def test_phase_coherence_argument_checked() -> None:
    with pytest.raises(InvalidParameterError, match="phase_coherence"):
        Emitter.sigma_from_phase_coherence(0.0)
