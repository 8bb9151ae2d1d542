"""Photon sources: single-photon and SPDC pair sources."""

from __future__ import annotations

import math

import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import (
    MICIUS_PAIR_SOURCE,
    MICIUS_PAIR_SOURCE_CITATIONS,
    PairSource,
    SinglePhotonSource,
)


def test_single_photon_source_rates() -> None:
    s = SinglePhotonSource(1529.3, 0.2, 0.01, 1e8)
    assert s.photon_rate_hz == pytest.approx(2e7)
    assert s.two_photon_probability == pytest.approx(0.5 * 0.01 * 0.04)


def test_pair_source_mean_and_multipair() -> None:
    cw = PairSource(810.0, 810.0, 5.9e6)
    assert cw.mean_pair_number(1e-9) == pytest.approx(5.9e-3)
    mu = 5.9e-3
    assert cw.multi_pair_probability(1e-9) == pytest.approx(
        1 - math.exp(-mu) * (1 + mu), rel=1e-9
    )
    pulsed = PairSource(780.0, 1550.0, 1e6, repetition_rate_hz=1e8, statistics="thermal")
    assert pulsed.mean_pair_number() == pytest.approx(0.01)
    assert pulsed.multi_pair_probability() == pytest.approx((0.01 / 1.01) ** 2)


def test_micius_source_is_cited() -> None:
    assert MICIUS_PAIR_SOURCE.pair_rate_hz == 5.9e6
    for f in ("signal_wavelength_nm", "idler_wavelength_nm", "pair_rate_hz", "fidelity"):
        assert MICIUS_PAIR_SOURCE_CITATIONS[f]


def test_cw_source_needs_window() -> None:
    with pytest.raises(InvalidParameterError) as info:
        PairSource(810.0, 810.0, 1e6).mean_pair_number()
    assert info.value.name == "window_s"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((1529.0, 1.2, 0.01, 1e8), "efficiency"),
        ((1529.0, 0.2, -0.01, 1e8), "g2_zero"),
        ((1529.0, 0.2, 0.01, 0.0), "repetition_rate_hz"),
        ((0.0, 0.2, 0.01, 1e8), "wavelength_nm"),
    ],
)
def test_single_photon_source_errors(args: tuple[float, ...], field: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        SinglePhotonSource(*args)
    assert info.value.name == field


def test_pair_source_errors() -> None:
    with pytest.raises(InvalidParameterError) as info:
        PairSource(810.0, 810.0, 1e6, fidelity=1.5)
    assert info.value.name == "fidelity"
    with pytest.raises(InvalidParameterError) as info:
        PairSource(810.0, 810.0, 1e6, statistics="weird")  # type: ignore[arg-type]
    assert info.value.name == "statistics"
