"""The single-round CHSH entropy bound, its tangents and the binomial abort threshold."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binom

from qnetsim.apps.qkd.chsh_tradeoff import (
    OMEGA_MAX,
    abort_threshold,
    binomial_upper_quantile,
    single_round_entropy,
    single_round_entropy_slope,
    tradeoff_spread,
    tradeoff_variance,
)
from qnetsim.apps.qkd.diqkd import chsh_conditional_entropy, noisy_preprocessing_entropy

W = np.linspace(0.7501, OMEGA_MAX, 400)


@pytest.mark.parametrize("p", [0.0, 0.05, 0.15, 0.3, 0.45])
def test_entropy_matches_pironio_and_ho(p: float) -> None:
    # G_p(w) is Ho et al.'s bound at S = 8w - 4 (Pironio's at p = 0).
    s = 8 * W - 4
    expected = noisy_preprocessing_entropy(np.minimum(s, 2 * np.sqrt(2)), p)
    assert np.allclose(single_round_entropy(W, p), expected, atol=1e-12)
    if p == 0.0:
        assert np.allclose(single_round_entropy(W), chsh_conditional_entropy(s), atol=1e-12)


@pytest.mark.parametrize("p", [0.0, 0.05, 0.15, 0.3, 0.45])
def test_tangents_are_lower_bounds(p: float) -> None:
    # The min-tradeoff function is a tangent: valid only because G_p is convex in w.
    g = single_round_entropy(W, p)
    for p_t in np.linspace(0.752, OMEGA_MAX - 1e-4, 25):
        tangent = single_round_entropy(p_t, p) + single_round_entropy_slope(p_t, p) * (W - p_t)
        assert np.all(tangent <= g + 1e-9)


def test_slope_is_the_derivative() -> None:
    for p in (0.0, 0.1, 0.3):
        w = np.linspace(0.76, 0.85, 10)
        numeric = (single_round_entropy(w + 1e-7, p) - single_round_entropy(w - 1e-7, p)) / 2e-7
        assert np.allclose(single_round_entropy_slope(w, p), numeric, rtol=1e-5)


def test_variance_and_spread() -> None:
    # f takes F(1) with probability 1 - q_l and F(1) - Delta/gamma with probability q_l.
    assert float(tradeoff_variance(2.0, 0.5, 0.8)) == pytest.approx(16 * 0.1 * 0.9)
    assert float(tradeoff_spread(1.0)) == pytest.approx((2 + np.sqrt(2)) / 4)


@pytest.mark.parametrize("n", [1, 7, 1000, 1_200_000, 10**9, 10**12])
def test_binomial_quantile_is_scipys(n: int) -> None:
    for p in (0.0, 1e-6, 0.013, 0.3, 1.0):
        for eps in (1e-2, 1e-10):
            assert float(binomial_upper_quantile(eps, n, p)) == binom.isf(eps, n, p)


def test_binomial_quantile_is_bernstein_beyond_1e15() -> None:
    n, p, eps = 1e16, 0.01, 1e-10
    k = float(binomial_upper_quantile(eps, n, p))
    assert n * p < k < n * p * (1 + 1e-5)


def test_abort_threshold_gives_the_completeness() -> None:
    # The honest devices lose more than n gamma (1 - w_th) test rounds with probability <= eps_c.
    n, gamma, omega, eps_c = 100_000, 0.2, 0.82, 1e-2
    w_th = float(abort_threshold(n, gamma, omega, eps_c))
    k_th = round(n * gamma * (1 - w_th))
    q_lose = gamma * (1 - omega)
    assert binom.sf(k_th, n, q_lose) <= eps_c < binom.sf(k_th - 1, n, q_lose)
