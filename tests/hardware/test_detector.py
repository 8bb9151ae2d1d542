"""Detector: dark counts, click probabilities, number resolution, dead time."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Detector, dark_count_probability


def test_dark_count_probability_closed_form() -> None:
    assert dark_count_probability(100.0, 1e-3) == pytest.approx(1 - math.exp(-0.1))
    d = Detector(0.9, 25.0, 4e-9)
    assert d.dark_count_probability == pytest.approx(1 - math.exp(-25.0 * 4e-9))
    assert d.dark_count_probability == pytest.approx(1e-7, rel=1e-6)  # small-r*tau limit
    assert Detector(0.9, 0.0, 1e-9).dark_count_probability == 0.0


def test_click_probability_fock_and_poisson() -> None:
    d = Detector(0.6, 1e3, 1e-6)
    pdc = 1 - math.exp(-1e-3)
    assert d.click_probability_fock(0) == pytest.approx(pdc)
    assert d.click_probability_fock(3) == pytest.approx(1 - (1 - pdc) * 0.4**3)
    assert d.click_probability_poisson(0.5) == pytest.approx(1 - (1 - pdc) * math.exp(-0.3))


def test_number_resolving_distribution() -> None:
    d = Detector(0.8, 0.0, 1e-9, number_resolving=True)
    dist = d.count_distribution_fock(2, 4)
    assert dist == pytest.approx([0.04, 0.32, 0.64, 0.0, 0.0])
    # with dark counts, the mean count is eta*n + r*tau
    d2 = Detector(0.5, 1e6, 1e-6, number_resolving=True)
    dist2 = d2.count_distribution_fock(3, 40)
    assert dist2.sum() == pytest.approx(1.0)
    assert float(np.arange(41) @ dist2) == pytest.approx(1.5 + 1.0, rel=1e-9)
    # P(k = 0) agrees with the threshold no-click probability
    assert dist2[0] == pytest.approx(1 - d2.click_probability_fock(3))


def test_threshold_distribution_is_click_no_click() -> None:
    d = Detector(0.5, 0.0, 1e-9)
    assert list(d.count_distribution_fock(2, 2)) == pytest.approx([0.25, 0.75, 0.0])


def test_dead_time_limits_count_rate() -> None:
    d = Detector(1.0, 0.0, 1e-9, dead_time_s=100e-9)
    assert d.max_count_rate_hz == pytest.approx(1e7)
    assert d.registered_rate_hz(1e12) < d.max_count_rate_hz
    assert d.registered_rate_hz(1e12) == pytest.approx(1e7, rel=1e-4)
    assert d.registered_rate_hz(1e3) == pytest.approx(1e3, rel=1e-3)
    assert Detector(1.0, 0.0, 1e-9).max_count_rate_hz == math.inf


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((1.2, 0.0, 1e-9), "efficiency"),
        ((-0.1, 0.0, 1e-9), "efficiency"),
        ((0.5, -1.0, 1e-9), "dark_count_rate_hz"),
        ((0.5, 0.0, 0.0), "window_s"),
        ((0.5, 0.0, 1e-9, -1.0), "dead_time_s"),
    ],
)
def test_invalid_fields_are_named(args: tuple[float, ...], field: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        Detector(*args)  # type: ignore[arg-type]
    assert info.value.name == field
    assert field in str(info.value)


def test_invalid_arguments_are_named() -> None:
    d = Detector(0.5, 0.0, 1e-9)
    with pytest.raises(InvalidParameterError, match="photon_number"):
        d.click_probability_fock(-1)
    with pytest.raises(InvalidParameterError, match="mean_photon_number"):
        d.click_probability_poisson(-0.1)


@settings(deadline=None)
@given(
    st.floats(0.0, 1.0), st.floats(0.0, 1e6), st.floats(1e-12, 1e-3), st.integers(0, 50)
)
def test_click_probability_is_probability_and_monotone(
    eta: float, rate: float, window: float, n: int
) -> None:
    d = Detector(eta, rate, window)
    p = d.click_probability_fock(n)
    assert 0.0 <= p <= 1.0
    assert d.click_probability_fock(n + 1) >= p - 1e-15
    assert p >= d.dark_count_probability - 1e-15
