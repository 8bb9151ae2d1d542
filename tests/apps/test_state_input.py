"""Existing closed forms accept quantum-state objects (issue 5, item 1)."""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.apps import (
    bbm92_key_rate,
    bell_diagonal_qber,
    chsh_max,
    chsh_value,
    correlation_matrix,
    werner_chsh,
)
from qnetsim.apps._state_input import bloch_form, t_diagonal
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import BellDiagonalState, DensityMatrixState, amplitude_damping

from ._states import bell_diagonal, error_rate, werner

PAULI = [
    np.array([[0, 1], [1, 0]], dtype=complex),
    np.array([[0, -1j], [1j, 0]]),
    np.array([[1, 0], [0, -1]], dtype=complex),
]


def _damped(fidelity: float = 0.9, gamma: float = 0.2) -> DensityMatrixState:
    state = BellDiagonalState.werner(("a", "b"), fidelity).apply_channel(
        amplitude_damping(gamma), "b"
    )
    assert isinstance(state, DensityMatrixState)
    return state


def test_state_objects_match_matrices() -> None:
    # Source: the matrix and the object are the same state, so every closed form must agree to
    # round-off (1e-12). Werner S = 2 sqrt2 (4F-1)/3 (physics.md Sec. 8).
    obj = BellDiagonalState.werner(("a", "b"), 0.93)
    assert chsh_max(obj) == pytest.approx(werner_chsh(0.93), abs=1e-12)
    assert np.allclose(correlation_matrix(obj), correlation_matrix(werner(0.93)), atol=1e-12)
    z, x = [0, 0, 1], [1, 0, 0]
    s = np.sqrt(0.5)
    assert chsh_value(obj, z, x, [s, 0, s], [-s, 0, s]) == pytest.approx(werner_chsh(0.93))
    q_z, q_x = bell_diagonal_qber(obj)
    assert (q_z, q_x) == pytest.approx((2 * 0.07 / 3, 2 * 0.07 / 3), abs=1e-12)
    assert bbm92_key_rate(obj) == pytest.approx(bbm92_key_rate([0.93] + [0.07 / 3] * 3))


def test_qber_of_non_bell_diagonal_state_is_exact() -> None:
    # The Z/X error projectors are Bell-diagonal, so the Bell-basis diagonal gives the exact
    # QBER; checked against explicit projectors on the matrix (independent helper), 1e-12.
    state = _damped()
    q_z, q_x = bell_diagonal_qber(state)
    assert q_z == pytest.approx(error_rate(state.matrix, "z"), abs=1e-12)
    assert q_x == pytest.approx(error_rate(state.matrix, "x"), abs=1e-12)
    batch = bell_diagonal_qber([state, BellDiagonalState.werner(("c", "d"), 0.97)])
    assert np.allclose(batch[0], [q_z, 0.02], atol=1e-12)


def test_bloch_form_matches_explicit_traces() -> None:
    # Fano form: T_ij = Tr[rho s_i s_j], m_A,i = Tr[rho s_i x I] (Fano 1957); explicit traces.
    rng = np.random.default_rng(11)
    g = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    rho = g @ g.conj().T
    rho /= np.trace(rho)
    form = bloch_form(rho[None])
    assert form.t is not None and form.m_a is not None and form.m_b is not None
    for i in range(3):
        m_a = np.trace(rho @ np.kron(PAULI[i], np.eye(2))).real
        m_b = np.trace(rho @ np.kron(np.eye(2), PAULI[i])).real
        assert form.m_a[0, i] == pytest.approx(m_a, abs=1e-12)
        assert form.m_b[0, i] == pytest.approx(m_b, abs=1e-12)
        for j in range(3):
            t = np.trace(rho @ np.kron(PAULI[i], PAULI[j])).real
            assert form.t[0, i, j] == pytest.approx(t, abs=1e-12)


@pytest.mark.parametrize("k", range(4))
def test_t_diagonal_of_bell_states(k: int) -> None:
    # Bell states' correlations: Phi+ (1,-1,1), Psi+ (1,1,-1), Phi- (-1,1,1), Psi- (-1,-1,-1);
    # computed from the explicit vectors of _states.py. Exact to 1e-12.
    coeffs = np.eye(4)[k]
    rho = bell_diagonal(coeffs)
    expected = [np.trace(rho @ np.kron(p, p)).real for p in PAULI]
    assert np.allclose(t_diagonal(coeffs), expected, atol=1e-12)


def test_chsh_rejects_a_three_qubit_state() -> None:
    # Validation: CHSH is defined here for two-qubit states; the error names the argument.
    three = DensityMatrixState.from_vector(["a", "b", "c"], np.eye(8)[0])
    with pytest.raises(InvalidParameterError) as info:
        chsh_max(three)
    assert "rho" in str(info.value) and "2" in str(info.value)


def test_bloch_form_rejects_garbage() -> None:
    # Validation: wrong shapes and non-normalised coefficients name the argument.
    with pytest.raises(InvalidParameterError, match="states"):
        bloch_form(np.ones((3, 3)))
    with pytest.raises(InvalidParameterError, match="states"):
        bloch_form([[0.5, 0.5, 0.5, 0.5]])
