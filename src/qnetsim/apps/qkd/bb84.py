"""Asymptotic BB84 / BBM92 key rates (Shor-Preskill) and the QBER of Bell-diagonal pairs.

Conventions (``/work/shared/reference/physics.md``): Bell-diagonal coefficients
``(l_I, l_X, l_Z, l_Y)`` are the weights of ``(Phi+, Psi+, Phi-, Psi-)``, i.e. of the Pauli
``P`` applied to qubit 2 of ``Phi+``. Measuring both qubits of ``Phi+`` in Z (or X) gives equal
outcomes; an X or Y on qubit 2 flips the Z outcomes, a Z or Y flips the X outcomes, hence

    Q_Z = l_X + l_Y,      Q_X = l_Z + l_Y.

For a Werner pair of fidelity ``F`` every basis has ``Q = 2(1 - F)/3``.

References:
    P. W. Shor, J. Preskill, Phys. Rev. Lett. 85, 441 (2000). DOI: 10.1103/PhysRevLett.85.441
    C. H. Bennett, G. Brassard, N. D. Mermin, Phys. Rev. Lett. 68, 557 (1992).
    DOI: 10.1103/PhysRevLett.68.557
    H.-K. Lo, H. F. Chau, M. Ardehali, J. Cryptology 18, 133 (2005).
    DOI: 10.1007/s00145-004-0142-y
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_array_in_range, check_in_range
from qnetsim.apps._state_input import is_state, two_qubit
from qnetsim.apps.entropy import binary_entropy
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum.states import BellDiagonalState

__all__ = [
    "bbm92_key_rate",
    "bell_diagonal_qber",
    "shor_preskill_rate",
    "sifting_factor",
    "werner_qber",
]

FloatOrArray = NDArray[np.float64] | float

#: Tolerance on the normalisation of Bell-diagonal coefficients (sum must be 1 within this).
NORMALISATION_ATOL = 1e-9


def _out(values: NDArray[np.float64]) -> FloatOrArray:
    return float(values) if values.ndim == 0 else values


def _bell_coefficients(coefficients: Any) -> NDArray[np.float64]:
    if is_state(coefficients) or (
        isinstance(coefficients, (list, tuple))
        and coefficients
        and all(is_state(c) for c in coefficients)
    ):
        return _state_coefficients(coefficients)
    lam = check_array_in_range("coefficients", coefficients, 0.0, 1.0, atol=NORMALISATION_ATOL)
    if lam.ndim == 0 or lam.shape[-1] != 4:
        raise InvalidParameterError(
            "coefficients", coefficients, "last axis of 4 entries (l_I, l_X, l_Z, l_Y)"
        )
    total = lam.sum(axis=-1)
    bad = np.abs(total - 1.0) > NORMALISATION_ATOL
    if np.any(bad):
        raise InvalidParameterError(
            "coefficients (sum)", float(np.asarray(total)[bad].flat[0]), "1 within 1e-9"
        )
    return np.clip(lam, 0.0, 1.0)


def _state_coefficients(states: Any) -> NDArray[np.float64]:
    """Bell-basis weights of a two-qubit state (or a list of them).

    For a :class:`BellDiagonalState` these are its coefficients; for any other two-qubit state
    the Bell-basis diagonal ``<B_k|rho|B_k>``. That is exact for the Z and X QBERs: the
    projectors ``(I - Z(x)Z)/2`` and ``(I - X(x)X)/2`` are diagonal in the Bell basis.
    """
    items = [states] if is_state(states) else list(states)
    out = []
    for item in items:
        if isinstance(item, BellDiagonalState):
            out.append(np.asarray(item.coefficients, dtype=np.float64))
        else:
            two_qubit(item, "coefficients")
            out.append(item.to_density_matrix().bell_diagonal_part())
    arr = np.stack(out)
    return arr[0] if is_state(states) else arr


def bell_diagonal_qber(coefficients: Any) -> tuple[FloatOrArray, FloatOrArray]:
    """QBER in the Z and X bases of a Bell-diagonal pair: ``(l_X + l_Y, l_Z + l_Y)``.

    Args:
        coefficients: ``(l_I, l_X, l_Z, l_Y)`` = weights of ``(Phi+, Psi+, Phi-, Psi-)``; the
            last axis must have length 4 and sum to 1 (batches allowed); or a two-qubit
            :class:`~qnetsim.quantum.states.QuantumState` (or a list of them), whose Bell-basis
            diagonal gives the same Z and X QBERs exactly.

    Returns:
        ``(Q_Z, Q_X)``, floats or arrays of the batch shape.

    References:
        C. H. Bennett, D. P. DiVincenzo, J. A. Smolin, W. K. Wootters, Phys. Rev. A 54, 3824
        (1996), Sec. III (Bell-diagonal states, Pauli errors). DOI: 10.1103/PhysRevA.54.3824

    Examples:
        >>> q_z, q_x = bell_diagonal_qber([0.9, 0.05, 0.03, 0.02])
        >>> round(q_z, 12), round(q_x, 12)
        (0.07, 0.05)
        >>> from qnetsim.quantum import BellDiagonalState
        >>> round(bell_diagonal_qber(BellDiagonalState.werner(("a", "b"), 0.97))[0], 12)
        0.02
    """
    lam = _bell_coefficients(coefficients)
    q_z = lam[..., 1] + lam[..., 3]
    q_x = lam[..., 2] + lam[..., 3]
    return _out(np.asarray(q_z)), _out(np.asarray(q_x))


def werner_qber(fidelity: ArrayLike) -> FloatOrArray:
    """QBER ``Q = 2(1 - F)/3`` of a Werner pair of fidelity ``F`` (any basis).

    Args:
        fidelity: fidelity(ies) with ``Phi+`` in [1/4, 1].

    References:
        R. F. Werner, Phys. Rev. A 40, 4277 (1989) (the state); Q follows from
        l_X = l_Z = l_Y = (1 - F)/3. DOI: 10.1103/PhysRevA.40.4277

    Examples:
        >>> round(werner_qber(0.97), 12)
        0.02
    """
    f = check_array_in_range("fidelity", fidelity, 0.25, 1.0)
    return _out(2.0 * (1.0 - f) / 3.0)


def sifting_factor(p_z: float = 0.5) -> float:
    """Fraction of rounds in which both parties chose the same basis: ``p_z**2 + (1-p_z)**2``.

    ``p_z = 1/2`` is the original symmetric BB84 (1/2); a biased choice ``p_z -> 1`` is the
    efficient BB84 of Lo, Chau and Ardehali (sifting -> 1; the rare X rounds estimate the
    phase error).

    Args:
        p_z: probability that each party measures in Z, in (0, 1).

    References:
        H.-K. Lo, H. F. Chau, M. Ardehali, "Efficient quantum key distribution scheme and a proof
        of its unconditional security", J. Cryptology 18, 133 (2005), Sec. 2.
        DOI: 10.1007/s00145-004-0142-y

    Examples:
        >>> sifting_factor()
        0.5
        >>> round(sifting_factor(0.9), 6)
        0.82
    """
    p = check_in_range("p_z", p_z, 0.0, 1.0, low_open=True, high_open=True)
    return p * p + (1.0 - p) * (1.0 - p)


def shor_preskill_rate(
    qber_z: ArrayLike, qber_x: ArrayLike | None = None, *, ec_efficiency: float = 1.0
) -> FloatOrArray:
    """Asymptotic secret fraction ``r = max(0, 1 - f h(Q_Z) - h(Q_X))`` per sifted bit.

    The key is taken from the Z basis; ``Q_X`` bounds the phase error. ``qber_x=None`` means
    ``Q_X = Q_Z``. Multiply by :func:`sifting_factor` for bits per round.

    Args:
        qber_z: bit-error rate(s) of the key basis, in [0, 1/2].
        qber_x: error rate(s) of the conjugate basis, in [0, 1/2] (default: ``qber_z``).
        ec_efficiency: error-correction inefficiency ``f >= 1`` (1 is the Shannon limit).

    References:
        P. W. Shor, J. Preskill, "Simple proof of security of the BB84 quantum key distribution
        protocol", Phys. Rev. Lett. 85, 441 (2000), final rate 1 - 2 h(delta).
        DOI: 10.1103/PhysRevLett.85.441

    Examples:
        >>> round(shor_preskill_rate(0.11), 3)  # the Shor-Preskill threshold ~11 %
        0.0
        >>> round(shor_preskill_rate(0.02, 0.03, ec_efficiency=1.1), 4)
        0.65
    """
    qz = check_array_in_range("qber_z", qber_z, 0.0, 0.5)
    qx = qz if qber_x is None else check_array_in_range("qber_x", qber_x, 0.0, 0.5)
    f = check_in_range("ec_efficiency", ec_efficiency, 1.0, np.inf)
    rate = 1.0 - f * np.asarray(binary_entropy(qz)) - np.asarray(binary_entropy(qx))
    return _out(np.maximum(rate, 0.0))


def bbm92_key_rate(
    coefficients: Any, *, ec_efficiency: float = 1.0, p_z: float = 0.5
) -> FloatOrArray:
    """Asymptotic BBM92 key per distributed pair of a Bell-diagonal state.

    ``r = sifting_factor(p_z) * max(0, 1 - f h(Q_Z) - h(Q_X))`` with the QBERs of
    :func:`bell_diagonal_qber`.

    Args:
        coefficients: ``(l_I, l_X, l_Z, l_Y)``, last axis of length 4 (batches allowed), or a
            two-qubit state (see :func:`bell_diagonal_qber`).
        ec_efficiency: error-correction inefficiency ``f >= 1``.
        p_z: probability of the Z basis for each party (1/2 = symmetric).

    References:
        C. H. Bennett, G. Brassard, N. D. Mermin, Phys. Rev. Lett. 68, 557 (1992) (protocol);
        P. W. Shor, J. Preskill, Phys. Rev. Lett. 85, 441 (2000) (rate).
        DOI: 10.1103/PhysRevLett.68.557

    Examples:
        >>> bbm92_key_rate([1.0, 0.0, 0.0, 0.0])
        0.5
    """
    q_z, q_x = bell_diagonal_qber(coefficients)
    # A QBER above 1/2 means the key basis is anti-correlated: no key from this formula.
    qz = np.minimum(np.asarray(q_z), 0.5)
    qx = np.minimum(np.asarray(q_x), 0.5)
    rate = np.asarray(shor_preskill_rate(qz, qx, ec_efficiency=ec_efficiency))
    return _out(sifting_factor(p_z) * rate)
