"""Quantum channels: Pauli channels (exact in both formalisms) and general Kraus channels.

A channel is a frozen, validated value. :class:`PauliChannel` acts on Bell-diagonal states
exactly (a Klein-group convolution) and on density matrices through its Kraus operators;
:class:`KrausChannel` (amplitude damping, the T1/T2 memory model) needs a density matrix, or
an explicit :meth:`KrausChannel.pauli_twirl` to use the Bell-diagonal fast path.

Pauli twirling keeps the diagonal of the channel's chi matrix, so on a Bell-diagonal input
the twirled channel gives exactly the Bell-diagonal part of the true output: fidelities to
every Bell state are exact, only the off-diagonal coherences are dropped.

References:
    M. A. Nielsen and I. L. Chuang, *Quantum Computation and Quantum Information*, sec. 8.3
    (amplitude damping, phase damping).
    ../shared/reference/physics.md section 3 (memory decoherence).

Examples:
    >>> ch = memory_noise(duration_s=0.1, t1_s=1.0, t2_s=0.5)
    >>> tw = ch.pauli_twirl()
    >>> round(tw.p_i, 6)  # = [1 + exp(-t/T1) + 2 exp(-t/T2)]/4, the fidelity of Phi+ after t
    0.885575
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim import _arrays
from qnetsim._validate import (
    check_in_range,
    check_nonnegative,
    check_positive,
    check_probability,
)
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.operators import PAULIS

__all__ = [
    "Channel",
    "KrausChannel",
    "PauliChannel",
    "amplitude_damping",
    "bit_flip",
    "dephasing",
    "dephasing_over",
    "depolarising",
    "depolarising_over",
    "memory_noise",
    "memory_noise_parameters",
    "memory_noise_pauli_probabilities",
    "two_qubit_depolarising",
]

Matrix = NDArray[np.complex128]
_PROB_ATOL = 1e-12


@runtime_checkable
class Channel(Protocol):
    """What every channel offers: its arity and a Kraus representation."""

    @property
    def num_qubits(self) -> int: ...

    def kraus_operators(self) -> tuple[Matrix, ...]: ...


@dataclass(frozen=True)
class PauliChannel:
    """Single-qubit Pauli channel ``rho -> p_i rho + p_x X rho X + p_y Y rho Y + p_z Z rho Z``.

    Args:
        p_x, p_y, p_z: probabilities of each Pauli error, each in [0, 1], summing to <= 1.
    """

    p_x: float = 0.0
    p_y: float = 0.0
    p_z: float = 0.0

    def __post_init__(self) -> None:
        for name in ("p_x", "p_y", "p_z"):
            object.__setattr__(self, name, check_probability(name, getattr(self, name)))
        total = self.p_x + self.p_y + self.p_z
        if total > 1.0 + _PROB_ATOL:
            raise InvalidParameterError("p_x + p_y + p_z", total, "[0, 1]")

    @property
    def num_qubits(self) -> int:
        return 1

    @property
    def p_i(self) -> float:
        """Probability of no error."""
        return max(0.0, 1.0 - self.p_x - self.p_y - self.p_z)

    @property
    def probabilities(self) -> NDArray[np.float64]:
        """``(p_I, p_X, p_Z, p_Y)`` in Bell-diagonal order."""
        return np.array([self.p_i, self.p_x, self.p_z, self.p_y])

    def kraus_operators(self) -> tuple[Matrix, ...]:
        return tuple(
            math.sqrt(p) * op for p, op in zip(self.probabilities, PAULIS, strict=True) if p > 0
        )

    def apply_to_bell_diagonal(self, coefficients: ArrayLike) -> NDArray[np.float64]:
        """Exact action on Bell-diagonal coefficients (either qubit of the pair)."""
        return bd.pauli_channel(coefficients, self.probabilities)

    def compose(self, other: PauliChannel) -> PauliChannel:
        """The channel ``other`` after ``self`` (Pauli channels commute)."""
        p = bd.pauli_channel(self.probabilities, other.probabilities)
        return PauliChannel(p_x=float(p[1]), p_y=float(p[3]), p_z=float(p[2]))

    def pauli_twirl(self) -> PauliChannel:
        """A Pauli channel is its own twirl."""
        return self


@dataclass(frozen=True)
class KrausChannel:
    """A completely positive, trace-preserving map given by Kraus operators.

    Args:
        kraus: the operators, each ``2**k x 2**k``; ``sum K^dagger K`` must equal the identity.
        name: a label for messages and reprs.
    """

    kraus: tuple[Matrix, ...]
    name: str = "kraus"
    _num_qubits: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ops = tuple(np.asarray(k, dtype=np.complex128) for k in self.kraus)
        if not ops:
            raise InvalidParameterError("kraus", self.kraus, "at least one operator")
        dim = ops[0].shape[0] if ops[0].ndim == 2 else 0
        n = dim.bit_length() - 1
        if any(k.shape != (dim, dim) for k in ops) or dim != 1 << n or n < 1:
            raise InvalidParameterError(
                "kraus", [k.shape for k in ops], "square 2**k matrices of one size"
            )
        stack = np.stack(ops)
        if not np.isfinite(stack).all():
            raise InvalidParameterError(
                "kraus", self.name, "finite matrices", "an operator has NaN or inf entries"
            )
        completeness = np.einsum("kji,kjl->il", stack.conj(), stack)
        deviation = float(np.abs(completeness - np.eye(dim)).max())
        if deviation > 1e-9:
            raise InvalidParameterError(
                "kraus", self.name, "trace preserving (sum K^dagger K = I)", f"off by {deviation:g}"
            )
        for k in ops:
            k.setflags(write=False)
        object.__setattr__(self, "kraus", ops)
        object.__setattr__(self, "_num_qubits", n)

    @property
    def num_qubits(self) -> int:
        return self._num_qubits

    def kraus_operators(self) -> tuple[Matrix, ...]:
        return self.kraus

    def compose(self, other: Channel) -> KrausChannel:
        """The channel ``other`` after ``self``."""
        if other.num_qubits != self.num_qubits:
            raise InvalidParameterError("other.num_qubits", other.num_qubits, str(self.num_qubits))
        ops = tuple(b @ a for a in self.kraus for b in other.kraus_operators())
        return KrausChannel(ops, name=f"{getattr(other, 'name', 'channel')}*{self.name}")

    @cached_property
    def _twirl(self) -> PauliChannel:
        if self.num_qubits != 1:
            raise InvalidParameterError("num_qubits", self.num_qubits, "1 for pauli_twirl")
        # chi-matrix diagonal: p_P = sum_k |Tr(P K_k) / 2|^2
        p = [sum(abs(np.trace(op @ k) / 2.0) ** 2 for k in self.kraus) for op in PAULIS]
        return PauliChannel(p_x=float(p[1]), p_y=float(p[3]), p_z=float(p[2]))

    def pauli_twirl(self) -> PauliChannel:
        """The Pauli-twirled channel (keeps the chi-matrix diagonal; single-qubit only)."""
        return self._twirl


def depolarising(p: float) -> PauliChannel:
    """``rho -> (1-p) rho + p I/2``: Pauli errors with probability ``p/4`` each."""
    q = check_probability("p", p)
    return PauliChannel(q / 4, q / 4, q / 4)


def dephasing(p_z: float) -> PauliChannel:
    """Z flip with probability ``p_z``."""
    return PauliChannel(p_z=check_probability("p_z", p_z))


def bit_flip(p_x: float) -> PauliChannel:
    """X flip with probability ``p_x``."""
    return PauliChannel(p_x=check_probability("p_x", p_x))


def depolarising_over(duration_s: float, time_constant_s: float) -> PauliChannel:
    """Depolarising noise of a memory over ``duration_s``: ``p = 1 - exp(-t/T)`` (physics.md 3)."""
    t = check_nonnegative("duration_s", duration_s)
    tau = check_positive("time_constant_s", time_constant_s)
    return depolarising(-math.expm1(-t / tau))


def dephasing_over(duration_s: float, t2_s: float) -> PauliChannel:
    """Pure dephasing over ``duration_s``: ``1 - 2 p_z = exp(-t/T2)`` (physics.md 3)."""
    t = check_nonnegative("duration_s", duration_s)
    t2 = check_positive("t2_s", t2_s)
    return dephasing(-math.expm1(-t / t2) / 2.0)


def amplitude_damping(gamma: float) -> KrausChannel:
    """Amplitude damping ``|1> -> |0>`` with probability ``gamma`` (Nielsen & Chuang 8.3.5)."""
    g = check_probability("gamma", gamma)
    k0 = np.array([[1.0, 0.0], [0.0, math.sqrt(1.0 - g)]], dtype=np.complex128)
    k1 = np.array([[0.0, math.sqrt(g)], [0.0, 0.0]], dtype=np.complex128)
    return KrausChannel((k0, k1), name=f"amplitude_damping({g:g})")


def _time_constant(name: str, value: float) -> float:
    """A T1 or T2: a real number in (0, inf] (``math.inf``: no decay; ``-inf`` and NaN are
    rejected)."""
    return check_in_range(name, value, 0.0, math.inf, low_open=True)


def memory_noise(duration_s: float, t1_s: float, t2_s: float) -> KrausChannel:
    """The T1/T2 model of a memory qubit stored for ``duration_s``.

    Amplitude damping with ``gamma = 1 - exp(-t/T1)`` followed by pure dephasing chosen so the
    coherence decays as ``exp(-t/T2)`` in total; requires ``T2 <= 2 T1``. ``t1_s`` or ``t2_s``
    may be ``math.inf``. On one qubit of ``Phi+`` the fidelity becomes
    ``[1 + exp(-t/T1) + 2 exp(-t/T2)]/4`` (physics.md section 3).
    """
    t = check_nonnegative("duration_s", duration_s)
    t1 = _time_constant("t1_s", t1_s)
    t2 = _time_constant("t2_s", t2_s)
    if t2 > 2 * t1:
        raise InvalidParameterError("t2_s", t2_s, f"(0, 2 * t1_s] = (0, {2 * t1:g}]")
    gamma, p_z = memory_noise_parameters(t, t1, t2)
    # amplitude_damping(gamma) then dephasing(p_z), their Kraus products built directly
    damp = (
        np.array([[1.0, 0.0], [0.0, math.sqrt(1.0 - gamma)]], dtype=np.complex128),
        np.array([[0.0, math.sqrt(gamma)], [0.0, 0.0]], dtype=np.complex128),
    )
    phase = [math.sqrt(1.0 - p_z) * PAULIS[0]] + ([math.sqrt(p_z) * PAULIS[2]] if p_z > 0 else [])
    ops = tuple(p @ k for k in damp for p in phase)
    return KrausChannel(ops, name=f"memory_noise(t={t:g}s, T1={t1:g}s, T2={t2:g}s)")


def memory_noise_parameters(duration_s: Any, t1_s: Any, t2_s: Any) -> tuple[Any, Any]:
    """``(gamma, p_z)`` of :func:`memory_noise`, unvalidated (a float for floats, arrays for
    arrays): ``gamma = 1 - exp(-t/T1)`` and the dephasing ``p_z`` that makes the total
    coherence factor ``sqrt(1 - gamma) (1 - 2 p_z) = exp(-t/T2)``. ``T1`` or ``T2`` may be
    infinite."""
    gamma = -_arrays.expm1(-duration_s / t1_s)
    extra = _arrays.exp(-duration_s / t2_s + duration_s / (2 * t1_s))
    p_z = _arrays.minimum(0.5, _arrays.maximum(0.0, (1.0 - extra) / 2.0))
    return gamma, p_z


def memory_noise_pauli_probabilities(
    duration_s: ArrayLike, t1_s: float, t2_s: float
) -> NDArray[np.float64]:
    """Pauli-twirl probabilities ``(p_I, p_X, p_Z, p_Y)`` of :func:`memory_noise`, in closed
    form and vectorised over ``duration_s`` (no Kraus operators are built).

    With ``gamma = 1 - exp(-t/T1)`` and coherence ``c = exp(-t/T2)`` the twirl keeps the
    Pauli-transfer diagonal ``(1, c, c, 1 - gamma)``: ``p_I = (2 - gamma + 2c)/4``,
    ``p_X = p_Y = gamma/4``, ``p_Z = (2 - gamma - 2c)/4``.

    Examples:
        >>> p = memory_noise_pauli_probabilities(0.1, 1.0, 0.5)
        >>> bool(np.allclose(p, memory_noise(0.1, 1.0, 0.5).pauli_twirl().probabilities))
        True
    """
    scalar_times = isinstance(t1_s, (int, float)) and isinstance(t2_s, (int, float))
    if scalar_times and isinstance(duration_s, (int, float)) and duration_s >= 0:  # fast path
        ts = float(duration_s)
        g = -math.expm1(-ts / t1_s) if not math.isinf(t1_s) and t1_s > 0 else 0.0
        cs = math.exp(-ts / t2_s) if not math.isinf(t2_s) and t2_s > 0 else 1.0
        if t1_s > 0 and t2_s > 0 and t2_s <= 2 * t1_s:
            return np.array([(2 - g + 2 * cs) / 4, g / 4, (2 - g - 2 * cs) / 4, g / 4])
    t = np.asarray(duration_s, dtype=np.float64)
    if np.any(t < 0) or np.any(np.isnan(t)):
        raise InvalidParameterError("duration_s", duration_s, "[0, inf)")
    t1 = _time_constant("t1_s", t1_s)
    t2 = _time_constant("t2_s", t2_s)
    if t2 > 2 * t1:
        raise InvalidParameterError("t2_s", t2_s, f"(0, 2 * t1_s] = (0, {2 * t1:g}]")
    gamma = -np.expm1(-t / t1) if t1 != math.inf else np.zeros_like(t)
    c = np.exp(-t / t2) if t2 != math.inf else np.ones_like(t)
    return np.stack([(2 - gamma + 2 * c) / 4, gamma / 4, (2 - gamma - 2 * c) / 4, gamma / 4], -1)


def two_qubit_depolarising(p: float) -> KrausChannel:
    """``rho -> (1-p) rho + p I/4 (x) Tr_12 rho`` on two qubits (16 Pauli Kraus operators)."""
    q = check_probability("p", p)
    ops: list[Matrix] = []
    for a, b in itertools.product(PAULIS, PAULIS):
        weight = q / 16 + (1 - q if a is PAULIS[0] and b is PAULIS[0] else 0.0)
        if weight > 0:
            ops.append((math.sqrt(weight) * np.kron(a, b)).astype(np.complex128))
    return KrausChannel(tuple(ops), name=f"two_qubit_depolarising({q:g})")
