"""Hypothesis strategies for quantum states and channels (shared by the quantum tests)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from qnetsim.quantum.channels import PauliChannel

unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def bell_coefficients(draw: st.DrawFn) -> np.ndarray:
    """A random point of the probability simplex (4 Bell-diagonal weights)."""
    raw = np.array([draw(st.floats(0.0, 1.0)) for _ in range(4)]) + 1e-12
    return raw / raw.sum()


@st.composite
def pauli_channels(draw: st.DrawFn) -> PauliChannel:
    raw = np.array([draw(st.floats(0.0, 1.0)) for _ in range(4)]) + 1e-12
    p = raw / raw.sum()
    return PauliChannel(p_x=float(p[1]), p_y=float(p[2]), p_z=float(p[3]))


@st.composite
def density_matrices(draw: st.DrawFn, num_qubits: int = 2) -> np.ndarray:
    """A random full-rank or low-rank density matrix from a seeded Ginibre matrix."""
    seed = draw(st.integers(0, 2**32 - 1))
    rank = draw(st.integers(1, 1 << num_qubits))
    rng = np.random.default_rng(seed)
    dim = 1 << num_qubits
    g = rng.normal(size=(dim, rank)) + 1j * rng.normal(size=(dim, rank))
    rho = g @ g.conj().T
    return rho / np.trace(rho).real
