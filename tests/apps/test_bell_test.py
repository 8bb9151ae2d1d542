"""CHSH tests on delivered states converge to the analytic S (issue 5, item 3).

Tolerance: |S_sampled - S_analytic| < 5 standard errors of chsh_from_counts (fixed seeds;
a 5-sigma band would fail with probability < 6e-7 for a random seed).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.apps import (
    CHSHSettings,
    chsh_max,
    optimal_chsh_settings,
    simulate_chsh,
    werner_chsh,
)
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import BellDiagonalState, DensityMatrixState, amplitude_damping

SIGMAS = 5.0


@pytest.mark.parametrize("fidelity", [1.0, 0.947, 0.85, 0.7])
def test_werner_s_converges(fidelity: float) -> None:
    # physics.md Sec. 8: S = 2 sqrt2 (4F - 1)/3 with optimal settings (Horodecki 1995).
    rest = (1 - fidelity) / 3
    pairs = np.tile([fidelity, rest, rest, rest], (400_000, 1))
    res = simulate_chsh(pairs, np.random.default_rng(7))
    analytic = 2 * math.sqrt(2) * (4 * fidelity - 1) / 3
    # expected: T averaged over 4e5 rows, so round-off ~1e-11; tolerance 1e-9.
    assert res.expected == pytest.approx(analytic, abs=1e-9)
    assert abs(res.value - analytic) < SIGMAS * res.standard_error
    assert sum(res.estimate.n_rounds) == 400_000


def test_state_objects_and_density_matrices() -> None:
    # A non-Bell-diagonal state (amplitude damping): the optimal settings reach the Horodecki
    # S_max of the state; the sampled S converges to it (5 sigma).
    state = BellDiagonalState.werner(("a", "b"), 0.95).apply_channel(amplitude_damping(0.1), "b")
    assert isinstance(state, DensityMatrixState)
    res = simulate_chsh([state] * 60_000, np.random.default_rng(8))
    assert res.expected == pytest.approx(chsh_max(state), abs=1e-9)
    assert abs(res.value - chsh_max(state)) < SIGMAS * res.standard_error


def test_given_settings_and_readout_error() -> None:
    # Textbook settings on Phi+ reach 2 sqrt2; readout flips scale every correlator by
    # (1 - 2e)^2 (independent binary symmetric channels on each bit).
    e = 0.03
    res = simulate_chsh(np.tile([1.0, 0, 0, 0], (400_000, 1)), np.random.default_rng(9),
                        settings=CHSHSettings.standard(), readout_error=e)
    analytic = 2 * math.sqrt(2) * (1 - 2 * e) ** 2
    assert res.expected == pytest.approx(analytic)
    assert abs(res.value - analytic) < SIGMAS * res.standard_error


def test_optimal_settings_for_rotated_state() -> None:
    # Psi- has T = -I: the SVD construction must still find S = 2 sqrt2 (sign handled by U, V).
    st = optimal_chsh_settings(BellDiagonalState.bell(("a", "b"), "Psi-"))
    assert st.value(-np.eye(3)) == pytest.approx(2 * math.sqrt(2), abs=1e-12)
    assert float(st.a0 @ -np.eye(3) @ st.b2) == pytest.approx(1.0, abs=1e-12)


def test_werner_chsh_matches_horodecki() -> None:
    # Same formula two ways (closed form vs SVD of T), round-off tolerance.
    assert optimal_chsh_settings([0.8, 0.1, 0.05, 0.05]).value(
        np.diag([0.8, -0.7, 0.7])
    ) == pytest.approx(2 * math.sqrt(0.8**2 + 0.7**2))
    assert werner_chsh(0.8) == pytest.approx(chsh_max(BellDiagonalState.werner(("a", "b"), 0.8)))


def test_bad_input() -> None:
    # Validation: a three-qubit state cannot enter a CHSH test; too few rounds; bad settings.
    three = DensityMatrixState.from_vector(["a", "b", "c"], np.eye(8)[0])
    with pytest.raises(InvalidParameterError, match="qubits"):
        simulate_chsh([three] * 10, np.random.default_rng(0))
    with pytest.raises(InvalidParameterError, match="number of pairs"):
        simulate_chsh(np.tile([1.0, 0, 0, 0], (3, 1)), np.random.default_rng(0))
    with pytest.raises(InvalidParameterError, match="a0"):
        CHSHSettings(np.array([0.0, 0, 2]), np.eye(3)[0], np.eye(3)[0], np.eye(3)[0], np.eye(3)[0])
