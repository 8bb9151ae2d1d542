"""BBM92 sampled from delivered pairs: QBERs, rates and finite key converge to closed forms.

Statistical tolerances: sampled QBERs must lie within 5 of their own standard errors of the
closed form (the checks use fixed seeds, so they are deterministic; 5 sigma leaves a
< 6e-7 two-sided chance per check had the seed been random).
"""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.apps import (
    bell_diagonal_qber,
    finite_key_length,
    shor_preskill_rate,
    simulate_bbm92,
)
from qnetsim.apps.entropy import binary_entropy
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import BellDiagonalState, amplitude_damping

SIGMAS = 5.0


@pytest.mark.parametrize("fidelity", [1.0, 0.97, 0.9])
def test_werner_qber_converges(fidelity: float) -> None:
    # physics.md Sec. 8: Werner pair Q = 2(1 - F)/3 in every basis.
    rest = (1 - fidelity) / 3
    pairs = np.tile([fidelity, rest, rest, rest], (400_000, 1))
    res = simulate_bbm92(pairs, np.random.default_rng(1))
    q = 2 * (1 - fidelity) / 3
    for value, se, n in ((res.qber_z, res.qber_z_se, res.n_sifted_z),
                         (res.qber_x, res.qber_x_se, res.n_sifted_x)):
        tol = SIGMAS * max(se, np.sqrt(q * (1 - q) / n))
        assert abs(value - q) <= tol + 1e-12


def test_biased_bases_and_asymmetric_noise() -> None:
    # Bell-diagonal QBERs Q_Z = l_X + l_Y, Q_X = l_Z + l_Y (Bennett et al. 1996); sifted Z
    # fraction p_z^2 (Lo-Chau-Ardehali 2005); asymptotic rate p_z^2 [1 - f h(Q_Z) - h(Q_X)]
    # (Shor-Preskill). Tolerances: 5 sigma for QBER and fractions; the rate tolerance follows
    # from |dr/dQ| <= f log2((1-Q)/Q) + ... ~ 6 at Q ~ 0.03, times the QBER tolerance.
    coeffs = [0.93, 0.04, 0.02, 0.01]
    q_z, q_x = bell_diagonal_qber(coeffs)
    n, p_z, f = 1_000_000, 0.8, 1.15
    res = simulate_bbm92(np.tile(coeffs, (n, 1)), np.random.default_rng(2), p_z=p_z,
                         ec_efficiency=f)
    assert abs(res.qber_z - q_z) < SIGMAS * res.qber_z_se
    assert abs(res.qber_x - q_x) < SIGMAS * res.qber_x_se
    frac = p_z**2
    assert abs(res.n_sifted_z / n - frac) < SIGMAS * np.sqrt(frac * (1 - frac) / n)
    expected = frac * shor_preskill_rate(q_z, q_x, ec_efficiency=f)
    tol = 8.0 * SIGMAS * max(res.qber_z_se, res.qber_x_se)
    assert res.asymptotic_rate == pytest.approx(expected, abs=tol)
    # Finite key is the Tomamichel et al. 2012 Eq. (2) length of the sampled statistics.
    length = finite_key_length(res.n_sifted_z, res.n_sifted_x, res.qber_x,
                               leak_ec=f * res.n_sifted_z * binary_entropy(res.qber_z))
    assert res.finite_key_bits == pytest.approx(length)
    assert 0 < res.finite_key_rate < res.asymptotic_rate


def test_density_matrix_path_matches_closed_form() -> None:
    # A non-Bell-diagonal pair (amplitude damping on Bob) sampled through projectors: QBER
    # within 5 sigma of the exact Q of bell_diagonal_qber(state).
    state = BellDiagonalState.werner(("a", "b"), 0.9).apply_channel(amplitude_damping(0.2), "b")
    q_z, q_x = bell_diagonal_qber(state)
    res = simulate_bbm92([state] * 40_000, np.random.default_rng(3))
    assert abs(res.qber_z - q_z) < SIGMAS * res.qber_z_se
    assert abs(res.qber_x - q_x) < SIGMAS * res.qber_x_se


def test_readout_error_adds_errors() -> None:
    # Independent flips with probability e on both bits: Q' = Q(1 - 2e') + e' with
    # e' = 2e(1-e) (composition of binary symmetric channels). 5 sigma.
    e = 0.02
    res = simulate_bbm92(np.tile([1.0, 0, 0, 0], (400_000, 1)), np.random.default_rng(4),
                         readout_error=e)
    assert abs(res.qber_z - 2 * e * (1 - e)) < SIGMAS * res.qber_z_se


def test_result_states_security_and_converts_to_seconds() -> None:
    res = simulate_bbm92(np.tile([0.98, 0.01, 0.01, 0.0], (50_000, 1)), np.random.default_rng(6))
    assert "eps_sec=1e-10" in res.security and "general attacks" in res.security
    assert res.per_second(1e3) == pytest.approx(res.finite_key_rate * 1e3)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"p_z": 1.0}, "p_z"), ({"eps_sec": 0.0}, "eps_sec"), ({"eps_cor": 1.0}, "eps_cor"),
     ({"readout_error": -0.1}, "readout_error"), ({"ec_efficiency": 0.9}, "ec_efficiency")],
)
def test_bad_parameters_name_the_argument(kwargs: dict[str, float], name: str) -> None:
    # Validation: security parameters in (0, 1), probabilities in range, f >= 1.
    with pytest.raises(InvalidParameterError, match=name):
        simulate_bbm92(np.tile([1.0, 0, 0, 0], (10, 1)), np.random.default_rng(0), **kwargs)


def test_empty_batch_rejected() -> None:
    # Validation: zero delivered pairs is a non-positive number of rounds.
    with pytest.raises(InvalidParameterError, match="states"):
        simulate_bbm92(np.zeros((0, 4)), np.random.default_rng(0))
