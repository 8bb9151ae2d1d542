"""Turn whatever the caller has (a state object, a 4x4 matrix, Bell-diagonal coefficients, or a
batch of them) into the arrays the application formulas need.

Every two-qubit state is reduced to its Bloch (Fano) form

    rho = [I + m_A.sigma (x) I + I (x) m_B.sigma + sum_ij T_ij sigma_i (x) sigma_j] / 4,

with local Bloch vectors ``m_A``, ``m_B`` and correlation matrix ``T``. A projective +-1
measurement along unit vectors ``a`` (first qubit) and ``b`` (second) then has the joint
outcome probabilities ``P(x, y) = [1 + s_x m_A.a + s_y m_B.b + s_x s_y a.T b]/4`` with
``s = +1`` for outcome 0 and ``-1`` for outcome 1 (this is ``Tr[rho (P_x (x) P_y)]`` for the
projectors ``P = (I +- n.sigma)/2``). A Bell-diagonal state ``(l_I, l_X, l_Z, l_Y)`` has
``m_A = m_B = 0`` and ``T = diag(t_x, t_y, t_z)`` with

    t_x = l_I + l_X - l_Z - l_Y,  t_y = -l_I + l_X + l_Z - l_Y,  t_z = l_I - l_X + l_Z - l_Y.

The first qubit of a state (``state.qubits[0]``) is Alice's, the second Bob's.

References:
    U. Fano, Rev. Mod. Phys. 29, 74 (1957) (Bloch/Fano form). DOI: 10.1103/RevModPhys.29.74
    R. Horodecki, M. Horodecki, Phys. Rev. A 54, 1838 (1996) (T of Bell-diagonal states).
    DOI: 10.1103/PhysRevA.54.1838
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.states import STATE_ATOL, BellDiagonalState, QuantumState

__all__ = ["BlochForm", "as_density_matrix", "bloch_form", "is_state", "t_diagonal"]

_PAULI = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]], dtype=np.complex128)
_I2 = np.eye(2, dtype=np.complex128)


def is_state(obj: Any) -> bool:
    """True for a :class:`~qnetsim.quantum.states.QuantumState`."""
    return isinstance(obj, QuantumState)


def two_qubit(state: QuantumState, name: str = "state") -> QuantumState:
    """Require a two-qubit state, naming the argument otherwise."""
    if state.num_qubits != 2:
        raise InvalidParameterError(
            f"{name} (number of qubits)", state.num_qubits, "2 (a two-qubit state)"
        )
    return state


def as_density_matrix(obj: Any, name: str = "state") -> NDArray[np.complex128]:
    """A 4x4 density matrix from a two-qubit state object (anything else is returned as an
    array for the caller to validate)."""
    if is_state(obj):
        return np.asarray(two_qubit(obj, name).density_matrix(), dtype=np.complex128)
    return np.asarray(obj)


def t_diagonal(coefficients: NDArray[np.float64]) -> NDArray[np.float64]:
    """``(t_x, t_y, t_z)`` of Bell-diagonal coefficients, shape ``(..., 3)``."""
    l_i, l_x, l_z, l_y = (coefficients[..., k] for k in range(4))
    return np.stack([l_i + l_x - l_z - l_y, -l_i + l_x + l_z - l_y, l_i - l_x + l_z - l_y], -1)


@dataclass(frozen=True)
class BlochForm:
    """A batch of ``N`` two-qubit states in Bloch form.

    Attributes:
        m_a: Alice's local Bloch vectors, shape (N, 3) (``None``: all zero).
        m_b: Bob's local Bloch vectors, shape (N, 3) (``None``: all zero).
        t: correlation matrices, shape (N, 3, 3); for the Bell-diagonal fast path ``None``.
        t_diag: diagonal correlations, shape (N, 3), when every state is Bell-diagonal.
    """

    m_a: NDArray[np.float64] | None
    m_b: NDArray[np.float64] | None
    t: NDArray[np.float64] | None
    t_diag: NDArray[np.float64] | None

    @property
    def size(self) -> int:
        arr = self.t_diag if self.t_diag is not None else self.t
        assert arr is not None
        return int(arr.shape[0])

    def correlation(self, a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
        """``a_k . T_k b_k`` for settings ``a``, ``b`` of shape (N, 3)."""
        if self.t_diag is not None:
            return np.einsum("ni,ni,ni->n", a, self.t_diag, b)
        assert self.t is not None
        return np.einsum("ni,nij,nj->n", a, self.t, b)

    def mean_t(self) -> NDArray[np.float64]:
        """The correlation matrix of the average state, 3x3."""
        if self.t_diag is not None:
            return np.diag(self.t_diag.mean(axis=0))
        assert self.t is not None
        return np.asarray(self.t.mean(axis=0))


def _bloch_of_matrices(rho: NDArray[np.complex128]) -> BlochForm:
    sig_a = np.einsum("iab,cd->iacbd", _PAULI, _I2).reshape(3, 4, 4)
    sig_b = np.einsum("ab,icd->iacbd", _I2, _PAULI).reshape(3, 4, 4)
    ops = np.einsum("iab,jcd->ijacbd", _PAULI, _PAULI).reshape(3, 3, 4, 4)
    m_a = np.einsum("iab,nba->ni", sig_a, rho).real
    m_b = np.einsum("iab,nba->ni", sig_b, rho).real
    t = np.einsum("ijab,nba->nij", ops, rho).real
    return BlochForm(m_a=m_a, m_b=m_b, t=t, t_diag=None)


def bloch_form(states: Any, name: str = "states") -> BlochForm:
    """Bloch form of delivered pairs.

    Args:
        states: Bell-diagonal coefficients of shape (4,) or (N, 4) (the fast path), a
            :class:`QuantumState` or a sequence of them (two-qubit each), or a 4x4 density
            matrix / an (N, 4, 4) array of them.
        name: argument name for error messages.
    """
    if is_state(states):
        states = [states]
    if isinstance(states, Sequence) and states and all(is_state(s) for s in states):
        pairs: Sequence[QuantumState] = states
        if all(isinstance(s, BellDiagonalState) for s in pairs):
            coeffs = np.stack([np.asarray(s.coefficients) for s in pairs])  # type: ignore[attr-defined]
            return BlochForm(None, None, None, t_diagonal(coeffs))
        mats = np.stack([as_density_matrix(s, name) for s in pairs])
        return _bloch_of_matrices(mats)
    try:
        arr = np.asarray(states)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(name, states, "Bell-diagonal coefficients or states") from exc
    if arr.ndim >= 1 and arr.shape[-1] == 4 and arr.ndim <= 2 and not np.iscomplexobj(arr):
        coeffs = bd.as_coefficients(arr, name).reshape(-1, 4)
        if coeffs.shape[0] == 0:
            raise InvalidParameterError(name, "an empty array", "at least one pair")
        return BlochForm(None, None, None, t_diagonal(coeffs))
    if arr.ndim in (2, 3) and arr.shape[-2:] == (4, 4):
        mats = arr.reshape(-1, 4, 4).astype(np.complex128)
        _check_density_matrices(mats, name)
        return _bloch_of_matrices(mats)
    raise InvalidParameterError(
        name,
        f"array of shape {arr.shape}" if arr.ndim else states,
        "Bell-diagonal coefficients (N, 4), density matrices (N, 4, 4) or two-qubit states",
    )


def _check_density_matrices(mats: NDArray[np.complex128], name: str) -> None:
    """The checks of :class:`~qnetsim.quantum.states.DensityMatrixState`, vectorised over
    ``(N, 4, 4)``: finite, unit trace, Hermitian, positive semidefinite (within
    ``STATE_ATOL``); the error names the first bad matrix ``name[i]``."""
    finite = np.isfinite(mats).all(axis=(1, 2))
    trace = np.trace(mats, axis1=1, axis2=2)
    hermitian = np.abs(mats - mats.conj().transpose(0, 2, 1)).max(axis=(1, 2)) <= STATE_ATOL
    checks = [
        (finite, "non-finite entries", "finite numbers"),
        (np.abs(trace - 1.0) <= STATE_ATOL, "trace {}", "1 (a normalised state)"),
        (hermitian, "not Hermitian", "a Hermitian matrix"),
    ]
    for ok, what, valid in checks:
        if not ok.all():
            i = int(np.flatnonzero(~ok)[0])
            raise InvalidParameterError(f"{name}[{i}]", what.format(complex(trace[i])), valid)
    min_eig = np.linalg.eigvalsh(0.5 * (mats + mats.conj().transpose(0, 2, 1))).min(axis=1)
    if (min_eig < -STATE_ATOL).any():
        i = int(np.flatnonzero(min_eig < -STATE_ATOL)[0])
        raise InvalidParameterError(
            f"smallest eigenvalue of {name}[{i}]", float(min_eig[i]), ">= 0 (positive semidefinite)"
        )


def unit_vector(name: str, vector: ArrayLike) -> NDArray[np.float64]:
    """A real unit 3-vector (normalised within 1e-9), or :class:`InvalidParameterError`."""
    try:
        arr = np.asarray(vector, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(name, vector, "a real unit 3-vector") from exc
    if arr.shape != (3,) or not np.all(np.isfinite(arr)):
        raise InvalidParameterError(name, vector, "a real unit 3-vector")
    norm = float(np.linalg.norm(arr))
    if abs(norm - 1.0) > 1e-9:
        raise InvalidParameterError(f"{name} (norm)", norm, "1 within 1e-9")
    return arr / norm
