"""Photon-level attempts agree with the closed forms within statistical error.

Tolerances: 5 standard errors of the sampled mean (a false failure about once in 1.7 million
runs per assertion); the standard errors are computed from the samples themselves.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.link import attempts as at
from qnetsim.link.dlcz import dlcz
from qnetsim.link.heralded import HeraldedState
from qnetsim.link.reflection import reflection
from qnetsim.link.single_click import single_click
from qnetsim.link.two_photon import two_photon

N = 400_000


def assert_agrees(block: at.AttemptBlock, closed: HeraldedState) -> None:
    p = closed.success_probability
    rate_se = math.sqrt(p * (1 - p) / block.attempts)
    assert abs(block.heralds / block.attempts - p) < 5 * rate_se
    expected = closed.bell_diagonal().coefficients
    means = block.coefficients.mean(axis=0)
    ses = block.coefficients.std(axis=0) / math.sqrt(block.heralds) + 1e-12
    assert np.all(np.abs(means - expected) < 5 * ses + 1e-12), (means, expected)


def test_single_click_attempts_match_closed_form() -> None:
    sigma = 0.4
    block = at.simulate_single_click(
        N, 0.2, 0.3, np.random.default_rng(11), p_dc=0.01, visibility=0.9, phase_sigma_rad=sigma
    )
    assert_agrees(block, single_click(0.2, 0.3, 0.01, 0.9, math.exp(-(sigma**2) / 2)))


def test_two_photon_attempts_match_closed_form() -> None:
    block = at.simulate_two_photon(
        N, 0.3, 0.4, np.random.default_rng(12), p_dc=0.02, visibility=0.9
    )
    assert_agrees(block, two_photon(0.3, 0.4, 0.02, 0.9))


def test_dlcz_attempts_match_closed_form() -> None:
    sigma = 0.3
    block = at.simulate_dlcz(
        N, 0.05, 0.3, np.random.default_rng(13), p_dc=0.01, visibility=0.9, phase_sigma_rad=sigma
    )
    assert_agrees(block, dlcz(0.05, 0.3, 0.01, 0.9, math.exp(-(sigma**2) / 2)))


def test_reflection_attempts_match_closed_form() -> None:
    block = at.simulate_reflection(N, 0.1, np.random.default_rng(14), 0.9, 0.95, 0.01)
    assert_agrees(block, reflection(0.1, 0.9, 0.95, 0.01))


def test_event_classes_are_physical() -> None:
    block = at.simulate_single_click(N, 0.3, 0.5, np.random.default_rng(1))
    # Without dark counts no herald is noise-only, and coherent events have F = 1 (V=1, no phase).
    assert not np.any(block.event_class == at.NOISE)
    assert np.allclose(block.fidelities[block.event_class == at.COHERENT], 1.0)
    assert np.allclose(block.fidelities[block.event_class == at.DOUBLE], 0.0)


def test_herald_indices_are_sorted_and_in_range() -> None:
    block = at.simulate_two_photon(10_000, 0.5, 0.5, np.random.default_rng(2))
    assert np.all(np.diff(block.herald_index) > 0)
    assert block.herald_index.max() < 10_000


def test_attempt_errors() -> None:
    rng = np.random.default_rng()
    with pytest.raises(InvalidParameterError, match="n_attempts = 0"):
        at.simulate_single_click(0, 0.1, 0.1, rng)
    with pytest.raises(InvalidParameterError, match="alpha = 1.0"):
        at.simulate_single_click(10, 1.0, 0.1, rng)


def test_no_phase_coherence_gives_a_finite_incoherent_state() -> None:
    # sigma = inf (phase coherence 0): the coherence averages out, F(coherent events) -> 1/2.
    block = at.simulate_single_click(
        N, 0.2, 0.3, np.random.default_rng(15), phase_sigma_rad=math.inf
    )
    assert np.all(np.isfinite(block.coefficients))
    assert_agrees(block, single_click(0.2, 0.3, 0.0, 1.0, 0.0))


def _disagrees(block: at.AttemptBlock, closed: HeraldedState) -> bool:
    try:
        assert_agrees(block, closed)
    except AssertionError:
        return True
    return False


def test_asymmetric_single_click_attempts_match_closed_form() -> None:
    # Unlike nodes: arm efficiencies 4x apart and different alphas.
    sigma = 0.3
    lam = math.exp(-(sigma**2) / 2)
    block = at.simulate_single_click(
        N,
        0.1,
        0.4,
        np.random.default_rng(16),
        p_dc=0.01,
        visibility=0.9,
        phase_sigma_rad=sigma,
        alpha_b=0.3,
        eta_b=0.1,
    )
    assert_agrees(block, single_click(0.1, 0.4, 0.01, 0.9, lam, alpha_b=0.3, eta_b=0.1))
    # The test has the power to reject the former equal-arm approximation (geometric-mean
    # eta, node A's alpha).
    assert _disagrees(block, single_click(0.1, math.sqrt(0.4 * 0.1), 0.01, 0.9, lam))


def test_asymmetric_dlcz_attempts_match_closed_form() -> None:
    sigma = 0.3
    lam = math.exp(-(sigma**2) / 2)
    block = at.simulate_dlcz(
        N,
        0.03,
        0.5,
        np.random.default_rng(17),
        p_dc=0.01,
        visibility=0.9,
        phase_sigma_rad=sigma,
        excitation_probability_b=0.1,
        eta_b=0.05,
    )
    closed = dlcz(0.03, 0.5, 0.01, 0.9, lam, excitation_probability_b=0.1, eta_b=0.05)
    assert_agrees(block, closed)
    assert _disagrees(block, dlcz(0.03, math.sqrt(0.5 * 0.05), 0.01, 0.9, lam))


def test_asymmetric_attempt_errors() -> None:
    rng = np.random.default_rng()
    with pytest.raises(InvalidParameterError, match="alpha_b = 0.0"):
        at.simulate_single_click(10, 0.1, 0.1, rng, alpha_b=0.0)
    with pytest.raises(InvalidParameterError, match="eta_b = 1.5"):
        at.simulate_single_click(10, 0.1, 0.1, rng, eta_b=1.5)
    with pytest.raises(InvalidParameterError, match="excitation_probability_b = 0.9"):
        at.simulate_dlcz(10, 0.1, 0.1, rng, excitation_probability_b=0.9)
