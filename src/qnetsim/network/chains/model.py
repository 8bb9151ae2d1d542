"""Inputs of the discrete-time repeater-chain models (physics.md sections 3, 4 and 6).

One :class:`ChainParameters` feeds the exact nested computation
(:mod:`qnetsim.network.chains.exact`) and the vectorised Monte Carlo
(:mod:`qnetsim.network.chains.montecarlo`), so both always describe the same chain.

Model. Time runs in cycles (attempt slots). Link ``i`` succeeds in each cycle with probability
``p[i]`` (geometric waiting time on 1, 2, ...). A swap succeeds with probability ``p_swap``; a
failed swap destroys both input pairs. Every stored pair decoheres: each memory qubit suffers a
Pauli channel per cycle, given by its eigenvalues ``(lam_1, lam_2, lam_3)`` on the Klein-group
characters of the Bell-diagonal coefficients (see :data:`CHARACTERS`). Depolarising memory with
time constant ``T`` (cycles) has ``exp(-1/T)`` on all three, so a stored Werner pair decays as
``w exp(-2 dt/T)`` (two qubits, physics.md 3); the Pauli twirl of T1/T2 noise has
``(exp(-1/T1), exp(-1/T2), exp(-1/T2))``. A swap applies two-qubit gate depolarising ``p2`` and
BSM readout flips ``e`` (physics.md 4); for Werner inputs ``w = (1-p2) w1 w2`` when ``e = 0``.
Cutoff ``tau`` (cycles; Li, Coopmans, Elkouss 2021): a pair that has waited more than ``tau``
cycles for its partner is discarded.

In the character basis ``x = CHARACTERS @ l`` a swap is a product and a Pauli channel a
multiplication by its eigenvalues, so the three components ``x_1..x_3`` each behave like a
Werner parameter (for a Werner state all three equal ``w``).

Examples:
    >>> prm = chain_parameters(0.1, num_links=4, p_swap=0.5, w0=0.9, coherence_time=100.0)
    >>> prm.num_links, prm.p_swap
    (4, 0.5)
    >>> [round(float(x), 6) for x in prm.pair_decay(0, 1)]  # exp(-2/100) for all three
    [0.980199, 0.980199, 0.980199]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_in_range, check_int, check_positive, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd

__all__ = ["CHARACTERS", "ChainParameters", "chain_parameters", "swap_factors"]

FloatArray = NDArray[np.float64]

_IDX = np.arange(4)
#: ``CHARACTERS[s, k] = (-1)^popcount(s & k)`` in the (I, X, Z, Y) order of
#: :mod:`qnetsim.quantum.bell_diagonal`; ``CHARACTERS @ CHARACTERS = 4 I``.
CHARACTERS: FloatArray = np.array(
    [[(-1.0) ** bin(s & k).count("1") for k in _IDX] for s in _IDX], dtype=np.float64
)


def swap_factors(gate_depolarising: float, readout_error: float) -> FloatArray:
    """Eigenvalues ``c_1..c_3`` of the swap noise: ``(1-p2) (1-2e, 1-2e, (1-2e)^2)``.

    Examples:
        >>> swap_factors(0.1, 0.0).tolist()
        [0.9, 0.9, 0.9]
    """
    r = 1.0 - 2.0 * readout_error
    return (1.0 - gate_depolarising) * np.array([r, r, r * r])


@dataclass(frozen=True)
class ChainParameters:
    """A validated repeater chain (build it with :func:`chain_parameters`).

    Attributes:
        p: success probability per cycle of each link, shape ``(N,)``, in (0, 1].
        p_swap: swap success probability in (0, 1].
        coefficients: Bell-diagonal state each link delivers, shape ``(N, 4)``.
        memory_eigenvalues: per-cycle Pauli eigenvalues of each node's memory qubit,
            shape ``(N + 1, 3)``, in (0, 1].
        gate_depolarising: two-qubit depolarising probability ``p2`` of each swap.
        readout_error: flip probability ``e`` of each BSM outcome bit.
        cutoff: memory cutoff in cycles (``math.inf``: none).
        cycle_s: duration of one cycle in seconds.
    """

    p: FloatArray
    p_swap: float
    coefficients: FloatArray
    memory_eigenvalues: FloatArray
    gate_depolarising: float = 0.0
    readout_error: float = 0.0
    cutoff: float = math.inf
    cycle_s: float = 1.0

    @property
    def num_links(self) -> int:
        return int(self.p.shape[0])

    @property
    def homogeneous(self) -> bool:
        """True if every link and every node is alike."""
        return bool(
            np.all(self.p == self.p[0])
            and np.all(self.coefficients == self.coefficients[0])
            and np.all(self.memory_eigenvalues == self.memory_eigenvalues[0])
        )

    def pair_decay(self, left_node: int, right_node: int) -> FloatArray:
        """Per-cycle eigenvalues of a pair stored between two nodes (product of both qubits)."""
        return self.memory_eigenvalues[left_node] * self.memory_eigenvalues[right_node]

    @property
    def swap_noise(self) -> FloatArray:
        """Eigenvalues of the swap noise (see :func:`swap_factors`)."""
        return swap_factors(self.gate_depolarising, self.readout_error)

    def nesting_levels(self) -> int:
        """``n`` with ``N = 2**n``; raises unless the number of links is a power of two."""
        n = self.num_links
        if n & (n - 1):
            raise InvalidParameterError("num_links", n, "a power of two (2**levels) for nesting")
        return n.bit_length() - 1


def _per_link(name: str, value: ArrayLike, n: int | None) -> tuple[FloatArray, int]:
    arr = np.atleast_1d(np.asarray(value, dtype=np.float64))
    if arr.ndim != 1 or arr.size == 0:
        raise InvalidParameterError(name, value, "a number or a non-empty 1-D sequence")
    if n is None:
        n = arr.size
    if arr.size == 1:
        arr = np.full(n, arr[0])
    if arr.size != n:
        raise InvalidParameterError(f"len({name})", arr.size, f"num_links = {n}")
    return arr, n


def _time(name: str, value: float) -> float:
    if isinstance(value, (int, float, np.floating, np.integer)) and math.isinf(value) and value > 0:
        return math.inf
    return check_positive(name, value)


def chain_parameters(
    p: float | Sequence[float] | ArrayLike,
    num_links: int | None = None,
    *,
    p_swap: float = 1.0,
    w0: float = 1.0,
    coefficients: ArrayLike | None = None,
    coherence_time: float = math.inf,
    t1: float = math.inf,
    t2: float = math.inf,
    gate_depolarising: float = 0.0,
    readout_error: float = 0.0,
    cutoff: float | None = None,
    cycle_s: float = 1.0,
    memory_eigenvalues: ArrayLike | None = None,
) -> ChainParameters:
    """Validate and bundle the inputs of a repeater chain.

    Args:
        p: success probability per cycle, one number or one per link, each in (0, 1].
        num_links: number of links (needed when ``p`` is one number), >= 1.
        p_swap: swap success probability, (0, 1].
        w0: Werner parameter of every link in [-1/3, 1] (ignored if ``coefficients``).
        coefficients: Bell-diagonal coefficients ``(l_I, l_X, l_Z, l_Y)``, shape ``(4,)`` or
            ``(N, 4)``.
        coherence_time: depolarising time constant of every memory qubit, cycles (> 0 or inf).
        t1, t2: T1/T2 of every memory qubit in cycles (twirled), ``t2 <= 2 t1``.
        gate_depolarising: ``p2`` of the swap gate, [0, 1].
        readout_error: BSM readout flip probability ``e``, [0, 1].
        cutoff: memory cutoff in cycles (>= 0; None or inf for none).
        cycle_s: cycle duration in seconds (> 0).
        memory_eigenvalues: explicit per-cycle eigenvalues per node, shape ``(N + 1, 3)``
            (overrides coherence_time/t1/t2).
    """
    if num_links is not None:
        num_links = check_int("num_links", num_links, low=1)
    probs, n = _per_link("p", p, num_links)
    for x in probs:
        check_in_range("p", float(x), 0.0, 1.0, low_open=True)
    ps = check_in_range("p_swap", p_swap, 0.0, 1.0, low_open=True)
    if coefficients is None:
        w = check_in_range("w0", w0, -1.0 / 3.0, 1.0)
        coeffs = bd.werner(min(1.0, max(0.0, (1.0 + 3.0 * w) / 4.0)))
    else:
        coeffs = bd.as_coefficients(coefficients)
    coeffs = np.broadcast_to(coeffs, (n, 4)).copy() if coeffs.ndim == 1 else coeffs
    if coeffs.shape != (n, 4):
        raise InvalidParameterError("coefficients.shape", coeffs.shape, f"(4,) or ({n}, 4)")
    if memory_eigenvalues is None:
        tc, tt1, tt2 = _time("coherence_time", coherence_time), _time("t1", t1), _time("t2", t2)
        if tt2 > 2 * tt1:
            raise InvalidParameterError("t2", t2, f"(0, 2 * t1] = (0, {2 * tt1:g}]")
        lam = math.exp(-1.0 / tc) * np.exp(-1.0 / np.array([tt1, tt2, tt2]))
        eig = np.broadcast_to(lam, (n + 1, 3)).copy()
    else:
        eig = np.array(memory_eigenvalues, dtype=np.float64)
        if eig.shape != (n + 1, 3) or not np.all((eig > 0) & (eig <= 1)):
            raise InvalidParameterError(
                "memory_eigenvalues", memory_eigenvalues, f"shape ({n + 1}, 3), entries in (0, 1]"
            )
    tau = math.inf if cutoff is None else float(check_in_range("cutoff", cutoff, 0.0))
    if math.isfinite(tau) and tau != math.floor(tau):
        raise InvalidParameterError("cutoff", cutoff, "a whole number of cycles >= 0, or inf")
    return ChainParameters(
        p=probs,
        p_swap=ps,
        coefficients=coeffs,
        memory_eigenvalues=eig,
        gate_depolarising=check_probability("gate_depolarising", gate_depolarising),
        readout_error=check_probability("readout_error", readout_error),
        cutoff=tau,
        cycle_s=check_positive("cycle_s", cycle_s),
    )
