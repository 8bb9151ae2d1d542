"""Capacity bounds against their closed forms computed directly with the math module."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qnetsim.apps import (
    fibre_transmissivity,
    midpoint_repeater_bound,
    per_second,
    plob_bound,
    plob_bound_fibre,
    repeater_chain_bound,
    repeater_chain_bound_fibre,
    tgw_bound,
    tgw_bound_fibre,
)
from qnetsim.errors import InvalidParameterError

etas = st.floats(min_value=0.0, max_value=0.999999)


@given(etas)
def test_plob_and_tgw_match_direct_formulas(eta: float) -> None:
    # Pirandola et al. Nat. Commun. 8, 15043 (2017) Eq. (19); Takeoka et al. Nat. Commun. 5,
    # 5235 (2014) Eq. (3). Same floating-point operations up to ordering: rel 1e-12.
    assert plob_bound(eta) == pytest.approx(-math.log2(1.0 - eta), rel=1e-12, abs=1e-15)
    assert tgw_bound(eta) == pytest.approx(math.log2((1 + eta) / (1 - eta)), rel=1e-12,
                                           abs=1e-15)


@given(etas)
def test_tgw_is_never_below_plob(eta: float) -> None:
    # PLOB is the tight bound; TGW (squashed entanglement) is weaker for every eta.
    assert tgw_bound(eta) >= plob_bound(eta) - 1e-15


def test_small_eta_limits() -> None:
    # Known asymptotics: PLOB ~ eta/ln 2 = 1.44 eta, TGW ~ 2 eta/ln 2 (Takeoka 2014, Fig. 1).
    eta = 1e-6
    assert plob_bound(eta) / eta == pytest.approx(1 / math.log(2), rel=1e-5)
    assert tgw_bound(eta) / eta == pytest.approx(2 / math.log(2), rel=1e-5)


def test_repeater_chain_is_worst_link_and_midpoint_is_two_equal_links() -> None:
    # Pirandola Commun. Phys. 2, 51 (2019) Eq. (8).
    links = np.array([0.3, 0.8, 0.5])
    assert repeater_chain_bound(links) == pytest.approx(-math.log2(1 - 0.3), rel=1e-12)
    eta = 1e-3
    assert midpoint_repeater_bound(eta) == pytest.approx(
        repeater_chain_bound([math.sqrt(eta)] * 2), rel=1e-12
    )
    batch = np.array([[0.3, 0.8], [0.9, 0.6]])
    np.testing.assert_allclose(repeater_chain_bound(batch), -np.log2(1 - np.array([0.3, 0.6])))


def test_fibre_helpers() -> None:
    # 100 km at 0.2 dB/km is 20 dB: eta = 0.01 exactly.
    assert fibre_transmissivity(100.0, 0.2) == pytest.approx(0.01, rel=1e-12)
    assert plob_bound_fibre(100.0) == pytest.approx(-math.log2(0.99), rel=1e-12)
    assert tgw_bound_fibre(100.0) == pytest.approx(math.log2(1.01 / 0.99), rel=1e-12)
    assert repeater_chain_bound_fibre(100.0, 1) == pytest.approx(plob_bound_fibre(100.0))
    assert repeater_chain_bound_fibre(100.0, 4) == pytest.approx(-math.log2(1 - 0.01**0.25))
    # A repeater always helps at long distance.
    assert repeater_chain_bound_fibre(300.0, 2) > plob_bound_fibre(300.0)


def test_per_second() -> None:
    assert np.asarray(per_second(np.array([0.1, 0.2]), 1e6)).tolist() == [1e5, 2e5]


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: plob_bound(1.2), "eta"),
        (lambda: tgw_bound(-0.1), "eta"),
        (lambda: repeater_chain_bound([]), "etas"),
        (lambda: fibre_transmissivity(-1.0), "length_km"),
        (lambda: fibre_transmissivity(1.0, 0.0), "attenuation_db_per_km"),
        (lambda: repeater_chain_bound_fibre(10.0, 0), "n_segments"),
        (lambda: per_second(0.1, 0.0), "repetition_rate_hz"),
    ],
)
def test_bad_input_names_the_argument(call: object, name: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        call()  # type: ignore[operator]
    assert info.value.name.startswith(name)
