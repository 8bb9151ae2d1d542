"""Independent two-qubit helpers for the apps tests (explicit matrices, no qnetsim code)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

SQ = 1.0 / np.sqrt(2.0)
#: Bell vectors in the order (Phi+, Psi+, Phi-, Psi-) = (I, X, Z, Y) on qubit 2 of Phi+.
BELL = np.array(
    [[SQ, 0, 0, SQ], [0, SQ, SQ, 0], [SQ, 0, 0, -SQ], [0, SQ, -SQ, 0]], dtype=np.complex128
)


def bell_diagonal(coefficients: NDArray[np.float64]) -> NDArray[np.complex128]:
    """Density matrix sum_k l_k |B_k><B_k|."""
    return np.einsum("k,ki,kj->ij", np.asarray(coefficients, dtype=float), BELL, BELL.conj())


def werner(fidelity: float) -> NDArray[np.complex128]:
    """Werner state F |Phi+><Phi+| + (1-F)/3 (the other three Bell states)."""
    rest = (1.0 - fidelity) / 3.0
    return bell_diagonal(np.array([fidelity, rest, rest, rest]))


def error_rate(rho: NDArray[np.complex128], basis: str) -> float:
    """Probability that Z (or X) measurements on both qubits give different outcomes."""
    if basis == "z":
        vecs = np.eye(2)
    else:
        vecs = np.array([[SQ, SQ], [SQ, -SQ]])
    err = 0.0
    for a in range(2):
        for b in range(2):
            if a != b:
                v = np.kron(vecs[a], vecs[b])
                err += float(np.real(v.conj() @ rho @ v))
    return err
