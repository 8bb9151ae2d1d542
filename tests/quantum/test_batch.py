"""Batched states and channels (qnetsim.quantum.batch) against their single-state forms,
draw by draw (property tests over random states and channels)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import batch as qb
from qnetsim.quantum import density as dm
from qnetsim.quantum.channels import PauliChannel, memory_noise
from qnetsim.quantum.states import BellDiagonalState, DensityMatrixState

from .strategies import bell_coefficients, density_matrices


def _kraus(seed: int, n: int, m: int, k: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, m, 1 << k, 1 << k)) + 1j * rng.normal(size=(n, m, 1 << k, 1 << k))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(density_matrices(3), min_size=1, max_size=4),
    st.integers(0, 2**32 - 1),
    st.sampled_from([[0], [1], [2], [0, 2], [2, 1]]),
)
def test_apply_kraus_is_the_single_state_operation(rhos, seed, targets) -> None:
    rho = np.stack(rhos)
    ops = _kraus(seed, len(rhos), 3, len(targets))
    out = qb.apply_kraus(rho, ops, targets)
    for i, r in enumerate(rhos):
        np.testing.assert_allclose(out[i], dm.apply_kraus(r, list(ops[i]), targets), atol=1e-12)
    shared = qb.apply_kraus(rho, ops[0], targets)  # the same operators for every draw
    np.testing.assert_allclose(shared[0], out[0], atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.lists(bell_coefficients(), min_size=4, max_size=4), density_matrices(2))
def test_pauli_channel_and_bell_states(coefficients, rho) -> None:
    c = np.stack(coefficients)
    mats = qb.bell_diagonal_matrices(c)
    for i in range(4):
        state = BellDiagonalState(("A", "B"), c[i])
        np.testing.assert_allclose(mats[i], state.density_matrix(), atol=1e-12)
    np.testing.assert_allclose(qb.bell_fidelity(mats), c[:, 0], atol=1e-12)
    p = np.stack(coefficients)  # any probability vectors (I, X, Z, Y)
    out = qb.apply_kraus(np.stack([rho] * 4), qb.pauli_kraus(p), [1])
    for i in range(4):
        ch = PauliChannel(p_x=float(p[i, 1]), p_y=float(p[i, 3]), p_z=float(p[i, 2]))
        want = DensityMatrixState(("A", "B"), rho).apply_channel(ch, "B").matrix
        np.testing.assert_allclose(out[i], want, atol=1e-10)


@pytest.mark.parametrize("t1", [0.5, 2.0, np.inf])
def test_memory_noise_kraus(t1: float) -> None:
    t = np.array([0.0, 0.1, 0.4, 1.0])
    t2 = np.array([0.3, 0.5, 1.0, 0.9]) if np.isfinite(t1) else np.array([0.3, 0.5, 1.0, 9.0])
    ops = qb.memory_noise_kraus(t, np.full(4, t1), t2)
    rho = np.stack([np.full((2, 2), 0.5, dtype=complex)] * 4)
    out = qb.apply_kraus(rho, ops, [0])
    for i in range(4):
        want = dm.apply_kraus(rho[i], memory_noise(t[i], t1, t2[i]).kraus_operators(), [0])
        np.testing.assert_allclose(out[i], want, atol=1e-12)


def test_bad_shapes_are_named_errors() -> None:
    rho = np.stack([np.eye(4) / 4] * 2)
    with pytest.raises(InvalidParameterError, match="rho.shape"):
        qb.apply_kraus(np.eye(4), np.eye(2)[None], [0])
    with pytest.raises(InvalidParameterError, match="kraus"):
        qb.apply_kraus(rho, np.zeros((3, 1, 2, 2)), [0])
    with pytest.raises(InvalidParameterError, match="kraus"):
        qb.apply_kraus(rho, np.zeros((2, 1, 2, 2)), [2])
    with pytest.raises(InvalidParameterError, match="probabilities.shape"):
        qb.pauli_kraus(np.ones(4))
    with pytest.raises(InvalidParameterError, match="coefficients.shape"):
        qb.bell_diagonal_matrices(np.ones(3))
    with pytest.raises(InvalidParameterError, match="rho.shape"):
        qb.bell_fidelity(np.stack([np.eye(2) / 2]))
