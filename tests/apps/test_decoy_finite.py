"""Finite-size decoy-state BB84 (Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014))."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from qnetsim.apps.qkd.decoy import GYS_CHANNEL, decoy_gain_qber, decoy_key_rate_infinite
from qnetsim.apps.qkd.decoy_finite import MU3, decoy_finite_key, lim2014_key_length
from qnetsim.errors import InvalidParameterError


def test_tends_to_the_asymptotic_decoy_rate() -> None:
    # The finite-size rate grows with the number of pulses and approaches its N -> inf limit
    # (slowly: the Hoeffding terms use the total count, so decoys stay expensive).
    ratios = []
    for n in (1e10, 1e12, 1e14, 1e17, 1e20):
        r = decoy_finite_key(25.0, n)
        assert r.key_bits_per_pulse <= r.asymptotic_bits_per_pulse
        ratios.append(r.key_bits_per_pulse / r.asymptotic_bits_per_pulse)
    assert all(b > a for a, b in itertools.pairwise(ratios))
    assert ratios[-1] > 0.9


def test_asymptote_is_near_the_infinite_decoy_rate() -> None:
    # N -> inf with q_x -> 1: close to GLLP with exact Y1, e1 and no sifting loss (q = 1).
    # Three intensities bound Y1 and e1 (below the exact rate), but Lim et al. also count the
    # vacuum events s_X0, which decoy.py's GLLP formula omits (above it at long distance).
    ch = dataclasses.replace(GYS_CHANNEL, sifting=1.0)
    for length in (0.0, 50.0, 100.0):
        asym = decoy_finite_key(length, 1e12, asymptotic_only=True).asymptotic_bits_per_pulse
        exact = float(decoy_key_rate_infinite(length, ch))
        assert 0.9 * exact < asym <= 1.05 * exact


def test_no_key_is_reported_with_a_reason() -> None:
    r = decoy_finite_key(100.0, 1e8)
    assert r.key_bits_per_pulse == 0.0 and "finite-size" in r.reason
    far = decoy_finite_key(400.0, 1e12)
    assert far.key_bits_per_pulse == 0.0 and "asymptotically" in far.reason


def test_parameters_are_valid() -> None:
    r = decoy_finite_key(25.0, 1e11)
    p = r.parameters()
    assert p["mu1"] > p["mu2"] + p["mu3"] and p["mu3"] == MU3
    assert 0 < p["p1"] < 1 and 0 < p["p2"] < 1 - p["p1"] and 0.5 <= p["q_x"] < 1


def test_key_length_needs_a_valid_intensity_order() -> None:
    gq = [decoy_gain_qber(m, 10.0) for m in (0.1, 0.5, MU3)]
    length = lim2014_key_length(1e12, (0.1, 0.5, MU3), (0.8, 0.1), 0.9,
                                tuple(g[0] for g in gq), tuple(g[1] for g in gq),
                                1e-10, 1e-15, 1.16)
    assert length == float("-inf")  # mu1 < mu2: the bounds do not apply


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"length_km": -1.0, "n_pulses": 1e10}, "length_km"),
     ({"length_km": 10.0, "n_pulses": 0.5}, "n_pulses"),
     ({"length_km": 10.0, "n_pulses": 1e10, "eps_sound": 0.0}, "eps_sound")],
)
def test_bad_input(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        decoy_finite_key(**kwargs)  # type: ignore[arg-type]
    assert info.value.name == name
