"""Bell-diagonal formalism: the fast, vectorised path for Pauli noise and swapping.

A two-qubit Bell-diagonal state is four coefficients ``(l_I, l_X, l_Z, l_Y)``, the weights of
``(Phi+, Psi+, Phi-, Psi-)`` (see :mod:`qnetsim.quantum.operators` for the convention). Every
function here takes arrays of shape ``(..., 4)`` and broadcasts, so a million pairs are one
call. Formulas: ``../shared/reference/physics.md`` sections 3 and 4.

Pauli channels act on Bell-diagonal states as a convolution over the Klein four-group
(indices combine by XOR). A Pauli on either qubit has the same effect, because
``(I (x) P)|Phi+> = (P^T (x) I)|Phi+>`` and ``P^T = +-P``.

The public functions validate their inputs (coefficients in [0, 1] summing to 1,
probabilities in [0, 1]) and raise :class:`~qnetsim.errors.InvalidParameterError` rather than
return a negative coefficient; the fast path of the event engines is :func:`convolve4` on
plain tuples (unchecked, private to engines that produce only valid states).

Examples:
    >>> import numpy as np
    >>> a = werner(0.9)
    >>> round(float(fidelity(swap(a, a))), 12)  # Werner: w = w1 w2, F = (1 + 3 w)/4
    0.813333333333
    >>> float(fidelity(depolarise(a, 1.0)))
    0.25
    >>> depolarise(a, 1.5)
    Traceback (most recent call last):
    ...
    qnetsim.errors.InvalidParameterError: p = 1.5 is invalid; valid: [0, 1]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_array_in_range
from qnetsim.errors import InvalidParameterError

__all__ = [
    "NORMALISATION_ATOL",
    "as_coefficients",
    "convolve4",
    "dephase",
    "depolarise",
    "fidelity",
    "pauli_channel",
    "swap",
    "swap_noisy",
    "werner",
    "werner_parameter",
]

FloatArray = NDArray[np.float64]

#: Tolerance on the sum of the coefficients (1 +- this) when validating a state.
NORMALISATION_ATOL = 1e-9

# _XOR[i, j] = i ^ j: the Klein-group product table in (I, X, Z, Y) order.
_IDX = np.arange(4)
_XOR = _IDX[:, None] ^ _IDX[None, :]


def as_coefficients(coefficients: ArrayLike, name: str = "coefficients") -> FloatArray:
    """Validate and return Bell-diagonal coefficients (last axis of length 4, each in [0, 1],
    summing to 1 within :data:`NORMALISATION_ATOL`)."""
    arr = check_array_in_range(name, coefficients, 0.0, 1.0, atol=NORMALISATION_ATOL)
    if arr.ndim == 0 or arr.shape[-1] != 4:
        raise InvalidParameterError(name, coefficients, "an array whose last axis has length 4")
    sums = arr.sum(axis=-1)
    bad = np.abs(sums - 1.0) > NORMALISATION_ATOL
    if np.any(bad):
        raise InvalidParameterError(
            f"sum of {name}", float(np.asarray(sums)[bad].flat[0]), "1 (a normalised state)"
        )
    return np.clip(arr, 0.0, 1.0)


def _state(coefficients: ArrayLike, name: str) -> FloatArray:
    """``coefficients`` as an array, checked like :func:`as_coefficients` (cheap when valid:
    a min, a max and a sum)."""
    arr = np.asarray(coefficients, dtype=np.float64)
    if arr.ndim == 0 or arr.shape[-1] != 4:
        raise InvalidParameterError(name, coefficients, "an array whose last axis has length 4")
    if arr.size:
        low, high = float(arr.min()), float(arr.max())
        sums = arr.sum(axis=-1)
        spread = float(np.max(np.abs(sums - 1.0)))
        ok = -NORMALISATION_ATOL <= low and high <= 1.0 + NORMALISATION_ATOL
        if not (ok and spread <= NORMALISATION_ATOL):
            as_coefficients(arr, name)  # raises, naming the entry
    return arr


def _probability(value: ArrayLike, name: str) -> FloatArray:
    """``value`` as an array of probabilities in [0, 1] (a named error otherwise)."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.size and not (float(arr.min()) >= 0.0 and float(arr.max()) <= 1.0):
        if arr.ndim == 0:
            raise InvalidParameterError(name, float(arr), "[0, 1]")
        check_array_in_range(name, arr, 0.0, 1.0)
    return arr


def werner(fidelity_: ArrayLike) -> FloatArray:
    """Coefficients of the Werner state with fidelity ``F`` to ``Phi+``.

    ``(F, (1-F)/3, (1-F)/3, (1-F)/3)``; ``F`` in [0, 1] (below 1/4 the state is still a valid
    Bell-diagonal state, though not a Werner state in the strict sense).
    """
    f = check_array_in_range("fidelity", fidelity_, 0.0, 1.0)
    rest = (1.0 - f) / 3.0
    return np.stack([f, rest, rest, rest], axis=-1)


def werner_parameter(coefficients: ArrayLike) -> FloatArray:
    """Werner parameter ``w = (4 F - 1)/3`` of the fidelity to ``Phi+``."""
    return (4.0 * fidelity(coefficients) - 1.0) / 3.0


def fidelity(coefficients: ArrayLike, target: int = 0) -> FloatArray:
    """Fidelity to a Bell state: the coefficient of ``target`` (0=Phi+, 1=Psi+, 2=Phi-, 3=Psi-)."""
    arr = np.asarray(coefficients, dtype=np.float64)
    return arr[..., target]


def pauli_channel(coefficients: ArrayLike, probabilities: ArrayLike) -> FloatArray:
    """Apply a Pauli channel with probabilities ``(p_I, p_X, p_Z, p_Y)`` to one qubit.

    ``l'_k = sum_j p_j l_(k xor j)``. Both arguments broadcast over leading axes; the
    probabilities are checked like coefficients (each in [0, 1], summing to 1).
    """
    arr = _state(coefficients, "coefficients")
    p = _state(probabilities, "probabilities")
    return _convolve(arr, p)


def _pauli_channel(coefficients: ArrayLike, probabilities: ArrayLike) -> FloatArray:
    """:func:`pauli_channel` without the checks: the private fast path of the event engines,
    whose states and channels are valid by construction."""
    return _convolve(
        np.asarray(coefficients, dtype=np.float64), np.asarray(probabilities, dtype=np.float64)
    )


def _convolve(a: FloatArray, b: FloatArray) -> FloatArray:
    # out[..., k] = sum_j a[..., k ^ j] * b[..., j].
    if a.ndim == 1 and b.ndim == 1:  # one pair: a 4x4 matrix-vector product is cheapest
        return a[_XOR] @ b
    # Batched: 4 fused terms, no (..., 4, 4) intermediate.
    out = a[..., _XOR[:, 0]] * b[..., 0:1]
    out += a[..., _XOR[:, 1]] * b[..., 1:2]
    out += a[..., _XOR[:, 2]] * b[..., 2:3]
    out += a[..., _XOR[:, 3]] * b[..., 3:4]
    return out


def depolarise(coefficients: ArrayLike, p: ArrayLike) -> FloatArray:
    """Single-qubit depolarising channel ``rho -> (1-p) rho + p I/2 (x) Tr_q rho``.

    On a Bell-diagonal state: ``l -> (1-p) l + p/4``, so ``w -> (1-p) w`` (physics.md 3).
    ``p`` in [0, 1]; for storage over time ``t`` with time constant ``T``: ``p = 1 - exp(-t/T)``.
    """
    arr = _state(coefficients, "coefficients")
    pp = _probability(p, "p")[..., None]
    return (1.0 - pp) * arr + pp / 4.0


def dephase(coefficients: ArrayLike, p_z: ArrayLike) -> FloatArray:
    """Dephasing: a Z flip with probability ``p_z`` on one qubit (mixes I<->Z and X<->Y).

    For storage time ``t``: ``1 - 2 p_z = exp(-t/T2)`` (physics.md 3).
    """
    arr = _state(coefficients, "coefficients")
    pz = _probability(p_z, "p_z")[..., None]
    return (1.0 - pz) * arr + pz * arr[..., _XOR[:, 2]]


def swap(left: ArrayLike, right: ArrayLike) -> FloatArray:
    """Entanglement swap of two Bell-diagonal pairs with an ideal BSM and Pauli correction.

    The Klein-group convolution of physics.md section 4; for Werner inputs ``w = w1 w2``.
    """
    return _convolve(_state(left, "left"), _state(right, "right"))


def swap_noisy(
    left: ArrayLike,
    right: ArrayLike,
    gate_depolarising: ArrayLike = 0.0,
    readout_error: ArrayLike = 0.0,
) -> FloatArray:
    """Swap with a two-qubit depolarising gate error ``p2`` and BSM readout flips ``e``.

    Gate noise: ``l -> (1-p2) l + p2/4`` (so ``w = (1-p2) w1 w2``); readout flips act as the
    Pauli channel ``((1-e)^2, e(1-e), e(1-e), e^2)`` on (I, X, Z, Y) (physics.md section 4).
    """
    return _swap_noisy(
        _state(left, "left"),
        _state(right, "right"),
        _probability(gate_depolarising, "gate_depolarising"),
        _probability(readout_error, "readout_error"),
    )


def _swap_noisy(
    left: ArrayLike, right: ArrayLike, gate_depolarising: ArrayLike, readout_error: ArrayLike
) -> FloatArray:
    """:func:`swap_noisy` without the checks (the engines' private fast path)."""
    out = _convolve(np.asarray(left, dtype=np.float64), np.asarray(right, dtype=np.float64))
    p2 = np.asarray(gate_depolarising, dtype=np.float64)
    e = np.asarray(readout_error, dtype=np.float64)
    if p2.ndim == 0 and e.ndim == 0 and p2 == 0.0 and e == 0.0:
        return out  # noiseless: both maps are exact identities
    out = (1.0 - p2[..., None]) * out + p2[..., None] / 4.0
    flips = np.stack([(1 - e) ** 2, e * (1 - e), e * (1 - e), e**2], axis=-1)
    return _convolve(out, flips)


#: One pair's coefficients as plain floats ``(l_I, l_X, l_Z, l_Y)`` (the event engines' form).
Coefficients4 = tuple[float, float, float, float]


def convolve4(a: Coefficients4, b: Coefficients4) -> Coefficients4:
    """:func:`pauli_channel` / :func:`swap` of one pair on plain float 4-tuples.

    For a single pair a tuple of floats beats a NumPy call by several times (no array
    dispatch); the event-driven chains keep their live pairs this way. Same sums as the
    array path up to floating-point rounding (~1e-16).

    Examples:
        >>> convolve4((0.9, 0.1, 0.0, 0.0), (1.0, 0.0, 0.0, 0.0))
        (0.9, 0.1, 0.0, 0.0)
    """
    a0, a1, a2, a3 = a
    b0, b1, b2, b3 = b
    return (
        a0 * b0 + a1 * b1 + a2 * b2 + a3 * b3,
        a1 * b0 + a0 * b1 + a3 * b2 + a2 * b3,
        a2 * b0 + a3 * b1 + a0 * b2 + a1 * b3,
        a3 * b0 + a2 * b1 + a1 * b2 + a0 * b3,
    )
