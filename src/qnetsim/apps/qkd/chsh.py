"""CHSH values of two-qubit density matrices and CHSH estimates from outcome counts.

For a two-qubit state ``rho`` (basis ``|00>, |01>, |10>, |11>``) the correlation matrix is
``T_ij = Tr[rho (sigma_i x sigma_j)]``, ``i, j in {x, y, z}``. With projective +-1 measurements
along unit vectors ``a`` (Alice) and ``b`` (Bob), ``E(a, b) = a^T T b`` and

    S = E(a, b) + E(a, b') + E(a', b) - E(a', b').

The Horodecki criterion gives the optimum over all settings: ``S_max = 2 sqrt(m1 + m2)`` with
``m1 >= m2`` the two largest eigenvalues of ``T^T T``.

References:
    J. F. Clauser, M. A. Horne, A. Shimony, R. A. Holt, Phys. Rev. Lett. 23, 880 (1969).
    DOI: 10.1103/PhysRevLett.23.880
    R. Horodecki, P. Horodecki, M. Horodecki, "Violating Bell inequality by mixed spin-1/2
    states: necessary and sufficient condition", Phys. Lett. A 200, 340 (1995).
    DOI: 10.1016/0375-9601(95)00214-N
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim.apps._state_input import as_density_matrix, is_state, unit_vector
from qnetsim.errors import InvalidParameterError

__all__ = [
    "CHSHEstimate",
    "chsh_from_counts",
    "chsh_max",
    "chsh_value",
    "correlation_matrix",
]

_PAULI = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]], dtype=np.complex128)

#: Tolerance for hermiticity, unit trace and positivity of input density matrices.
STATE_ATOL = 1e-8


def _density_matrix(rho: Any) -> NDArray[np.complex128]:
    if is_state(rho):
        return as_density_matrix(rho, "rho")
    try:
        arr = np.asarray(rho, dtype=np.complex128)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError("rho", rho, "a 4x4 density matrix") from exc
    if arr.shape != (4, 4):
        raise InvalidParameterError("rho", f"array of shape {arr.shape}", "a 4x4 density matrix")
    if not np.all(np.isfinite(arr)):
        raise InvalidParameterError("rho", "non-finite entries", "a 4x4 density matrix")
    if not np.allclose(arr, arr.conj().T, atol=STATE_ATOL):
        raise InvalidParameterError("rho", "non-Hermitian matrix", "a Hermitian 4x4 matrix")
    trace = float(np.trace(arr).real)
    if abs(trace - 1.0) > STATE_ATOL:
        raise InvalidParameterError("rho (trace)", trace, "1 within 1e-8")
    min_eig = float(np.linalg.eigvalsh(arr).min())
    if min_eig < -STATE_ATOL:
        raise InvalidParameterError("rho (smallest eigenvalue)", min_eig, "[-1e-8, inf)")
    return arr


def correlation_matrix(rho: Any) -> NDArray[np.float64]:
    """Correlation matrix ``T_ij = Tr[rho (sigma_i x sigma_j)]`` (3x3, real).

    Args:
        rho: 4x4 density matrix in the basis ``|00>, |01>, |10>, |11>``, or a two-qubit
            :class:`~qnetsim.quantum.states.QuantumState` (anything else is rejected).

    References:
        R. Horodecki, P. Horodecki, M. Horodecki, Phys. Lett. A 200, 340 (1995), Eq. (2).
        DOI: 10.1016/0375-9601(95)00214-N

    Examples:
        >>> phi_plus = np.outer([1, 0, 0, 1], [1, 0, 0, 1]) / 2
        >>> correlation_matrix(phi_plus).round(12).tolist()
        [[1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    arr = _density_matrix(rho)
    ops = np.einsum("iab,jcd->ijacbd", _PAULI, _PAULI).reshape(3, 3, 4, 4)
    t = np.einsum("ijab,ba->ij", ops, arr)
    return np.asarray(t.real, dtype=np.float64) + 0.0


def chsh_max(rho: Any) -> float:
    """Largest CHSH value over all projective settings: ``2 sqrt(m1 + m2)`` (Horodecki).

    Args:
        rho: 4x4 density matrix or a two-qubit :class:`~qnetsim.quantum.states.QuantumState`.

    Raises:
        InvalidParameterError: not a valid two-qubit state (e.g. a three-qubit state).

    References:
        R. Horodecki, P. Horodecki, M. Horodecki, Phys. Lett. A 200, 340 (1995), Eq. (5).
        DOI: 10.1016/0375-9601(95)00214-N

    Examples:
        >>> phi_plus = np.outer([1, 0, 0, 1], [1, 0, 0, 1]) / 2
        >>> round(chsh_max(phi_plus), 12) == round(2 * math.sqrt(2), 12)
        True
        >>> from qnetsim.quantum import BellDiagonalState
        >>> round(chsh_max(BellDiagonalState.werner(("a", "b"), 0.9)), 6)  # 2 sqrt2 (4F-1)/3
        2.451304
    """
    t = correlation_matrix(rho)
    eig = np.sort(np.linalg.eigvalsh(t.T @ t))[::-1]
    return float(2.0 * math.sqrt(max(eig[0] + eig[1], 0.0)))


def chsh_value(
    rho: Any, a: ArrayLike, a_prime: ArrayLike, b: ArrayLike, b_prime: ArrayLike
) -> float:
    """CHSH value ``E(a,b) + E(a,b') + E(a',b) - E(a',b')`` for the given settings.

    Args:
        rho: 4x4 density matrix.
        a, a_prime: Alice's measurement directions (real unit 3-vectors on the Bloch sphere).
        b, b_prime: Bob's measurement directions.

    References:
        J. F. Clauser, M. A. Horne, A. Shimony, R. A. Holt, Phys. Rev. Lett. 23, 880 (1969),
        Eq. (1a). DOI: 10.1103/PhysRevLett.23.880

    Examples:
        >>> phi_plus = np.outer([1, 0, 0, 1], [1, 0, 0, 1]) / 2
        >>> z, x = [0, 0, 1], [1, 0, 0]
        >>> s = np.sqrt(0.5)
        >>> round(chsh_value(phi_plus, z, x, [s, 0, s], [-s, 0, s]), 12)
        2.828427124746
    """
    t = correlation_matrix(rho)
    va, vap = unit_vector("a", a), unit_vector("a_prime", a_prime)
    vb, vbp = unit_vector("b", b), unit_vector("b_prime", b_prime)

    def e(u: NDArray[np.float64], v: NDArray[np.float64]) -> float:
        return float(u @ t @ v)

    return e(va, vb) + e(va, vbp) + e(vap, vb) - e(vap, vbp)


@dataclass(frozen=True)
class CHSHEstimate:
    """A CHSH value estimated from counts, with its standard error.

    Attributes:
        value: the estimate ``S = E00 + E01 + E10 - E11``.
        standard_error: ``sqrt(sum_xy (1 - E_xy^2)/N_xy)`` (independent multinomial samples).
        correlators: the four ``E_xy`` in the order (a b, a b', a' b, a' b').
        n_rounds: the four sample sizes ``N_xy``.
    """

    value: float
    standard_error: float
    correlators: tuple[float, float, float, float]
    n_rounds: tuple[int, int, int, int]


def chsh_from_counts(counts: ArrayLike) -> CHSHEstimate:
    """Estimate S and its standard error from coincidence counts of the four setting pairs.

    Args:
        counts: array of shape (4, 4): rows are the setting pairs (a b, a b', a' b, a' b'),
            columns the outcome counts ``(N++, N+-, N-+, N--)``; non-negative integers, every
            row with at least one count.

    Returns:
        a :class:`CHSHEstimate`; ``E = (N++ + N-- - N+- - N-+)/N`` per row, whose binomial
        variance is ``(1 - E^2)/N``.

    References:
        J. F. Clauser et al., Phys. Rev. Lett. 23, 880 (1969) (estimator); standard error of a
        +-1 mean from its sample variance, e.g. B. Hensen et al., Nature 526, 682 (2015),
        Methods. DOI: 10.1038/nature15759

    Examples:
        >>> est = chsh_from_counts([[427, 73, 73, 427]] * 3 + [[73, 427, 427, 73]])
        >>> round(est.value, 3), round(est.standard_error, 4)
        (2.832, 0.0447)
    """
    try:
        arr = np.asarray(counts, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError("counts", counts, "a (4, 4) array of counts") from exc
    if arr.shape != (4, 4):
        raise InvalidParameterError("counts", f"array of shape {arr.shape}", "a (4, 4) array")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr != np.round(arr)):
        raise InvalidParameterError("counts", counts, "non-negative integers")
    n = arr.sum(axis=1)
    if np.any(n <= 0):
        raise InvalidParameterError("counts (row total)", float(n.min()), "at least 1 per row")
    e = (arr[:, 0] + arr[:, 3] - arr[:, 1] - arr[:, 2]) / n
    signs = np.array([1.0, 1.0, 1.0, -1.0])
    value = float(signs @ e)
    se = float(math.sqrt(float(np.sum((1.0 - e**2) / n))))
    corr = (float(e[0]), float(e[1]), float(e[2]), float(e[3]))
    rounds = (int(n[0]), int(n[1]), int(n[2]), int(n[3]))
    return CHSHEstimate(value=value, standard_error=se, correlators=corr, n_rounds=rounds)
