"""What every heralded-entanglement scheme returns: the success probability of one attempt
and the state it heralds (a state of the quantum layer, never a bare fidelity).

States are delivered in the ``Phi+`` frame: a scheme whose natural target is ``Psi+-``
(single-photon interference) or that heralds several Bell states (one per detector pattern)
includes the local Pauli correction each herald calls for, as every experiment does in its
Pauli frame. The fidelity of interest is therefore always ``state.fidelity("Phi+")``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import batch as qb
from qnetsim.quantum.states import BellDiagonalState, DensityMatrixState, QuantumState

__all__ = [
    "HeraldedBatch",
    "HeraldedState",
    "bound_arguments",
    "check_herald_possible",
    "excitation_basis_matrix",
    "excitation_basis_state",
    "mixed_bell_diagonal",
    "single_excitation_state",
]


@dataclass(frozen=True)
class HeraldedState:
    """One attempt of a heralded scheme.

    Attributes:
        success_probability: probability that an attempt heralds (true or false heralds).
        state: the heralded state, averaged over herald patterns, in the ``Phi+`` frame; a
            :class:`DensityMatrixState` when it is not Bell-diagonal.
        false_herald_fraction: fraction of heralds caused (at least in part) by dark counts or
            noise photons.
    """

    success_probability: float
    state: QuantumState
    false_herald_fraction: float = 0.0

    def __post_init__(self) -> None:
        check_probability("success_probability", self.success_probability)
        check_probability("false_herald_fraction", self.false_herald_fraction)

    @property
    def fidelity(self) -> float:
        """Fidelity of the heralded state to ``Phi+`` (computed from the state)."""
        return self.state.fidelity("Phi+")

    def bell_diagonal(self) -> BellDiagonalState:
        """The state on the Bell-diagonal fast path (twirled if it was not Bell-diagonal)."""
        if isinstance(self.state, BellDiagonalState):
            return self.state
        assert isinstance(self.state, DensityMatrixState)
        return self.state.to_bell_diagonal(twirl=True)


def mixed_bell_diagonal(
    qubits: tuple[object, object], weights: NDArray[np.float64]
) -> BellDiagonalState:
    """A Bell-diagonal state from unnormalised non-negative weights (normalised here)."""
    total = float(np.sum(weights))
    return BellDiagonalState(qubits, np.asarray(weights, dtype=np.float64) / total)


def single_excitation_state(
    qubits: tuple[object, object],
    none: float,
    one: float,
    both: float,
    coherence: float,
) -> DensityMatrixState:
    """The heralded state of a single-excitation (single-photon interference) scheme.

    In the excitation basis ``|n_A n_B>`` (1 = excited/bright) the unnormalised state is
    ``none |00><00| + both |11><11| + one (|01><01| + |10><10|)/2
    + coherence (|01><10| + |10><01|)``, whose target is ``Psi+``; it is returned normalised
    and in the ``Phi+`` frame (a local X on node B). Equal-arm special case of
    :func:`excitation_basis_state`.
    """
    return excitation_basis_state(qubits, none, one / 2, one / 2, both, coherence)


def excitation_basis_state(
    qubits: tuple[object, object],
    p00: float,
    p01: float,
    p10: float,
    p11: float,
    coherence: float,
) -> DensityMatrixState:
    """A heralded single-excitation state with unequal one-excitation populations.

    In the excitation basis ``|n_A n_B>`` (1 = excited/bright) the unnormalised state is
    ``p00 |00><00| + p01 |01><01| + p10 |10><10| + p11 |11><11|
    + coherence (|01><10| + |10><01|)`` (target ``Psi+``; ``p01`` is the population with only
    node B excited). It is returned normalised and in the ``Phi+`` frame (a local X on node
    B: ``|01> -> |00>``, ``|10> -> |11>``): :func:`excitation_basis_matrix`.
    """
    rho = excitation_basis_matrix(p00, p01, p10, p11, coherence)
    return DensityMatrixState(tuple(qubits), rho)


def excitation_basis_matrix(
    p00: ArrayLike, p01: ArrayLike, p10: ArrayLike, p11: ArrayLike, coherence: ArrayLike
) -> NDArray[np.complex128]:
    """The normalised ``Phi+``-frame matrix of :func:`excitation_basis_state`: ``(4, 4)`` for
    numbers, ``(n, 4, 4)`` for arrays of ``n`` draws (the arguments broadcast)."""
    values: tuple[Any, ...] = (p00, p01, p10, p11, coherence)
    if not all(type(x) is float for x in values):  # a batch (floats: one state, the usual)
        values = tuple(np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in values)))
    a00, a01, a10, a11, c = values
    rho = np.zeros((*np.shape(a00), 4, 4), dtype=np.complex128)
    rho[..., 0b01, 0b01] = a00  # |00> -> X_B -> |01>
    rho[..., 0b10, 0b10] = a11  # |11> -> X_B -> |10>
    rho[..., 0b00, 0b00] = a01  # |01> -> |00>
    rho[..., 0b11, 0b11] = a10  # |10> -> |11>
    rho[..., 0b00, 0b11] = c
    rho[..., 0b11, 0b00] = c
    total = a00 + a01 + a10 + a11
    scale = total if isinstance(total, float) else total[..., None, None]
    return np.asarray(rho / scale, dtype=np.complex128)


@dataclass(frozen=True)
class HeraldedBatch:
    """One attempt of a heralded scheme for ``n`` draws of its inputs (the batched form of
    :class:`HeraldedState`; :mod:`qnetsim.link.batch`).

    Attributes:
        success_probability: ``(n,)`` probability that an attempt heralds.
        matrix: ``(n, 4, 4)`` the heralded states (``Phi+`` frame).
        false_herald_fraction: ``(n,)``.
    """

    success_probability: NDArray[np.float64]
    matrix: NDArray[np.complex128]
    false_herald_fraction: NDArray[np.float64]

    @classmethod
    def of(
        cls, success_probability: ArrayLike, matrix: ArrayLike, false_fraction: ArrayLike
    ) -> HeraldedBatch:
        """From broadcastable parts: matrices ``(4, 4)`` or ``(n, 4, 4)``, the others numbers
        or ``(n,)``; checked to be probabilities (a named error otherwise)."""
        rho = np.asarray(matrix, dtype=np.complex128)
        p = np.atleast_1d(np.asarray(success_probability, dtype=np.float64))
        f = np.atleast_1d(np.asarray(false_fraction, dtype=np.float64))
        n = max(p.shape[0], f.shape[0], rho.shape[0] if rho.ndim == 3 else 1)
        for name, v in (("success_probability", p), ("false_herald_fraction", f)):
            if not (np.all(v >= 0.0) and np.all(v <= 1.0)):
                bad = v[~((v >= 0.0) & (v <= 1.0))][0]
                raise InvalidParameterError(f"{name} (entry)", float(bad), "[0, 1]")
        return cls(
            np.broadcast_to(p, (n,)).copy(),
            np.broadcast_to(rho, (n, 4, 4)).copy(),
            np.broadcast_to(f, (n,)).copy(),
        )

    @classmethod
    def bell_diagonal(
        cls, success_probability: ArrayLike, weights: ArrayLike, false_fraction: ArrayLike
    ) -> HeraldedBatch:
        """From unnormalised Bell-diagonal weights ``(4, ...)`` in the order ``(I, X, Z, Y)``
        (:func:`mixed_bell_diagonal`)."""
        w = np.atleast_2d(np.asarray(weights, dtype=np.float64).reshape(4, -1)).T
        rho = qb.bell_diagonal_matrices(w / w.sum(axis=1, keepdims=True))
        return cls.of(success_probability, rho, false_fraction)

    @property
    def fidelity(self) -> NDArray[np.float64]:
        """``(n,)`` fidelity of each heralded state to ``Phi+``."""
        return qb.bell_fidelity(self.matrix)


def bound_arguments(
    func: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> dict[str, Any]:
    """``args`` and ``kwargs`` bound to ``func``'s parameters, defaults filled in: how a
    scheme's batched form (``*_batch``) takes exactly the arguments of its single-attempt
    function without repeating its signature. A wrong argument is the ``TypeError`` a call
    of ``func`` would raise.

    Examples:
        >>> def f(a, b=2, *, c=None): ...
        >>> bound_arguments(f, (1,), {"c": 3})
        {'a': 1, 'b': 2, 'c': 3}
    """
    bound = inspect.signature(func).bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def check_herald_possible(
    total: Any, name: str, value: Any, valid: str = "> 0 on some arm when p_dc = 0"
) -> None:
    """InvalidParameterError naming ``name`` where an attempt's success probability
    ``total`` (a number, or an array of draws) is 0: no herald is possible."""
    if (total <= 0.0) if isinstance(total, float) else np.any(np.asarray(total) <= 0.0):
        raise InvalidParameterError(name, value, valid, "no herald is possible")
