"""Random-key-basis CHSH DI-QKD (Schwonnek et al. 2021), bound of Masini, Pironio, Woodhead 2022.

Cross-check: ``E^2(S)`` from our minimisation against the closed-form root used by the authors'
public code (``MicheleMasini1996/diqkd-2input2output``, ``two-bases/two-bases.jl``, function
``E``), transcribed below as the reference.
"""

from __future__ import annotations

import cmath
import itertools
import math

import numpy as np
import pytest

from qnetsim.apps.qkd import diqkd_finite_key
from qnetsim.apps.qkd.diqkd import diqkd_key_rate, diqkd_key_rate_noisy_preprocessing
from qnetsim.apps.qkd.random_key_basis import (
    random_basis_correlation,
    random_basis_entropy,
    random_basis_key_rate,
)


def _closed_form_e2(s: float) -> float:
    """The authors' closed form of E^2 at basis probability 1/2 (their ``E(S)``)."""
    z = complex(s)
    r = (262144 - 135168 * z**2 + 9264 * z**4 + 928 * z**6 + 27 * z**8 + 3 * cmath.sqrt(3)
         * (z**4 * (112 - 32 * z**2 + z**4) ** 2 * (-32768 + 3584 * z**2 + 27 * z**4)) ** 0.5
         ) ** (1 / 3)
    c = 1024 - 352 * z**2 + 49 * z**4
    a = (6144 + 384 * z**2 + 9 * z**4 + 384 * c / r + 96 * r) ** 0.5
    b = (-1024 - 64 * z**2 + 3 * (32 + z**2) ** 2 - 64 * c / r - 16 * r
         - 3 * cmath.sqrt(3) * z**2 * (32 + z**2) ** 2
         / (2048 + 128 * z**2 + 3 * z**4 + 128 * c / r + 32 * r) ** 0.5) ** 0.5
    x = (96 + 3 * z**2 - a + cmath.sqrt(6) * b) / 96
    e = (x**2 + 1) / (1 - x) + z**2 / 4 * (1 + x) / (1 - x) - z * (1 + x) / (1 - x) * (
        (1 + x) / 2) ** 0.5
    return e.real


@pytest.mark.parametrize("s", [2.01, 2.2, 2.5758, 2.612, 2.7, 2.8])
def test_correlation_matches_the_authors_closed_form(s: float) -> None:
    assert float(random_basis_correlation(s)) == pytest.approx(_closed_form_e2(s), rel=1e-5)
    # two random bases certify more than one: E^2 above S^2/4 - 1
    assert float(random_basis_correlation(s)) > s * s / 4 - 1


def test_entropy_above_single_basis_and_endpoints() -> None:
    for s in (2.2, 2.5, 2.7):
        single = diqkd_key_rate(s, 0.0)  # = 1 - h(...) at Q = 0
        assert random_basis_entropy(s) > single
    assert random_basis_entropy(2.0) == 0.0
    assert random_basis_entropy(2 * math.sqrt(2)) == pytest.approx(1.0, abs=1e-9)


def test_higher_noise_tolerance_than_the_standard_protocol() -> None:
    # Depolarising noise S = 2 sqrt2 (1 - 2Q): computed thresholds 8.36 % (9.24 % with noisy
    # preprocessing) against 7.15 % (8.08 %) for one key basis.
    q = 0.082
    s = 2 * math.sqrt(2) * (1 - 2 * q)
    assert diqkd_key_rate(s, q) == 0.0 and diqkd_key_rate_noisy_preprocessing(s, q) == 0.0
    assert random_basis_key_rate(s, q, preprocessing=False)[0] > 0.0
    q = 0.086
    s = 2 * math.sqrt(2) * (1 - 2 * q)
    assert random_basis_key_rate(s, q, preprocessing=False)[0] == 0.0
    assert random_basis_key_rate(s, q)[0] > 0.0


def test_monotonic_in_s_and_through_key_rate() -> None:
    rates = [random_basis_key_rate(s, 0.03)[0] for s in np.linspace(2.3, 2.82, 8)]
    assert all(b >= a for a, b in itertools.pairwise(rates))
    r = diqkd_finite_key(2.612, 0.0383, 1.2e6, method="random-basis")
    sifted = random_basis_key_rate(2.612, 0.0383)[0]
    assert r.round_unit == "round" and r.parameters["sifting"] == 0.5
    assert r.parameters["bits_per_sifted_key_round"] == pytest.approx(sifted)
    # per round: half the rounds are sifted out, so the key is half the sifted rate x n
    assert r.key_bits_per_round == pytest.approx(0.5 * sifted)
    assert r.key_length_bits == pytest.approx(0.5 * sifted * 1.2e6)
    r0 = diqkd_finite_key(1.9, 0.0, 1e6, method="random-basis")
    assert r0.key_bits_per_round == 0.0 and r0.reason.startswith("S <= 2")
