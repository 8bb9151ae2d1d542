"""n-party GHZ states from a star: every end node shares a pair with a central hub.

Pair ``i`` is ``pairs[i]`` with the hub's qubit ``h_i = pairs[i].qubits[0]`` and the end node's
``e_i = pairs[i].qubits[1]``. The hub fuses the pairs (a GHZ-basis measurement written as
gates): for ``i = 2..n``: ``CNOT(h_1 -> h_i)``, measure ``h_i`` in Z (bit ``m_i``), end node
``i`` applies ``X^m_i``; finally the hub measures ``h_1`` in X (bit ``m_1``) and end node 1
applies ``Z^m_1``. With ``Phi+`` pairs this leaves ``(|0...0> + |1...1>)/sqrt2`` on
``e_1..e_n``. The pairs are merged one at a time, so at most ``n + 2`` qubits are ever held
(``n <= 10`` within the 12-qubit density-matrix limit).

Closed form (derived in ``docs/apps.md``): a Werner pair is ``Phi+`` with a depolarising
channel ``D_w`` on ``e_i`` (``w = (4F - 1)/3``); ``D_w`` commutes with the hub's operations and
the Pauli corrections, so the result is the ideal GHZ state with every qubit depolarised, and

    F_GHZ = [((1 + w)/2)^n + w^n + ((1 - w)/2)^n] / 2,

which for ``n = 2`` is the swapping result ``(1 + 3 w^2)/4``.

References:
    D. M. Greenberger, M. A. Horne, A. Shimony, A. Zeilinger, Am. J. Phys. 58, 1131 (1990).
    DOI: 10.1119/1.16243
    M. Zukowski, A. Zeilinger, M. A. Horne, A. K. Ekert, Phys. Rev. Lett. 71, 4287 (1993)
    (entanglement swapping / GHZ from pairs). DOI: 10.1103/PhysRevLett.71.4287
    W. Dur, G. Vidal, J. I. Cirac, Phys. Rev. A 62, 062314 (2000) (GHZ class).
    DOI: 10.1103/PhysRevA.62.062314
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import RngLike, as_rng, check_array_in_range, check_probability
from qnetsim.apps._state_input import two_qubit
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import density as dm
from qnetsim.quantum.operators import CNOT, H, X, Z
from qnetsim.quantum.register import QuantumRegister
from qnetsim.quantum.states import MAX_DENSITY_QUBITS, DensityMatrixState, QuantumState

__all__ = ["GHZResult", "ghz_from_star", "ghz_state_vector", "werner_star_ghz_fidelity"]

_KET = (np.array([[1, 0], [0, 0]], dtype=np.complex128),
        np.array([[0, 0], [0, 1]], dtype=np.complex128))


def ghz_state_vector(n: int) -> NDArray[np.complex128]:
    """``(|0...0> + |1...1>)/sqrt2`` on ``n >= 2`` qubits.

    Examples:
        >>> ghz_state_vector(2).real.round(6).tolist()
        [0.707107, 0.0, 0.0, 0.707107]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise InvalidParameterError("n", n, "an integer >= 2")
    vec = np.zeros(1 << int(n), dtype=np.complex128)
    vec[0] = vec[-1] = 1.0 / math.sqrt(2.0)
    return vec


def werner_star_ghz_fidelity(fidelity: ArrayLike, n: int) -> NDArray[np.float64] | float:
    """GHZ fidelity after fusing ``n`` Werner pairs of fidelity ``F`` at a hub (ideal gates).

    ``F_GHZ = [((1 + w)/2)^n + w^n + ((1 - w)/2)^n]/2`` with ``w = (4F - 1)/3``.

    Args:
        fidelity: pair fidelity(ies) in [1/4, 1].
        n: number of end nodes, >= 2.

    References:
        derivation in ``docs/apps.md`` (depolarising channels on the qubits of an ideal GHZ
        state); n = 2 reduces to swapping, W. Dur et al., PRA 59, 169 (1999).
        DOI: 10.1103/PhysRevA.59.169

    Examples:
        >>> round(werner_star_ghz_fidelity(0.9, 2), 12)   # = swapped Werner fidelity
        0.813333333333
        >>> werner_star_ghz_fidelity(1.0, 5)
        1.0
    """
    ghz_state_vector(n)
    f = check_array_in_range("fidelity", fidelity, 0.25, 1.0)
    w = (4.0 * f - 1.0) / 3.0
    out = 0.5 * (((1 + w) / 2) ** n + w**n + ((1 - w) / 2) ** n)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class GHZResult:
    """Outcome of :func:`ghz_from_star`.

    Attributes:
        state: the end nodes' state, qubits in the order ``e_1..e_n``.
        fidelity: fidelity with the ideal n-party GHZ state.
        outcomes: the hub's reported bits ``(m_1, ..., m_n)``, or ``None`` if averaged.
    """

    state: DensityMatrixState
    fidelity: float
    outcomes: tuple[int, ...] | None


def _check(pairs: Sequence[QuantumState]) -> list[QuantumState]:
    items = list(pairs)
    if len(items) < 2:
        raise InvalidParameterError("pairs", len(items), "at least 2 pairs (end nodes)")
    if len(items) + 2 > MAX_DENSITY_QUBITS:
        raise InvalidParameterError(
            "pairs", len(items), f"at most {MAX_DENSITY_QUBITS - 2} (density-matrix limit)"
        )
    ids = [q for p in items for q in two_qubit(p, "pairs[i]").qubits]
    if len(set(ids)) != len(ids):
        raise InvalidParameterError("pairs", "repeated qubit ids", "distinct qubits")
    return items


def _sampled(
    pairs: list[QuantumState], rng: np.random.Generator, e: float
) -> tuple[DensityMatrixState, tuple[int, ...]]:
    reg = QuantumRegister()
    for p in pairs:
        reg.add(p)
    h1 = pairs[0].qubits[0]
    bits = [0] * len(pairs)
    for i, p in enumerate(pairs[1:], start=1):
        hi, ei = p.qubits
        reg.apply_unitary(CNOT, [h1, hi])
        bits[i] = reg.measure(hi, "Z", rng, e)
        if bits[i]:
            reg.apply_unitary(X, [ei])
    bits[0] = reg.measure(h1, "X", rng, e)
    if bits[0]:
        reg.apply_unitary(Z, [pairs[0].qubits[1]])
    ends = [p.qubits[1] for p in pairs]
    state = reg.state_of(ends[0]).to_density_matrix().reorder(ends)
    return state, tuple(bits)


def _averaged(pairs: list[QuantumState], e: float) -> DensityMatrixState:
    """Exact average over outcomes and readout flips; qubit order kept as (h_1, e_1, e_2, ...)."""
    flip = (1.0 - e, e)
    rho = pairs[0].density_matrix()  # qubits (h1, e1)
    for p in pairs[1:]:
        k = rho.shape[0].bit_length() - 1  # h1, e1..e_{i-1}
        big: NDArray[np.complex128] = np.kron(rho, p.density_matrix()).astype(np.complex128)
        big = dm.apply_unitary(big, CNOT, [0, k])
        acc = np.zeros((rho.shape[0] * 2,) * 2, dtype=np.complex128)
        for m in (0, 1):
            branch = dm.conditional_state(big, k, _KET[m])
            for f in (0, 1):
                fixed = dm.apply_unitary(branch, X, [k]) if m ^ f else branch
                acc += flip[f] * fixed
        rho = acc
    rho = dm.apply_unitary(rho, H, [0])
    out = np.zeros((rho.shape[0] // 2,) * 2, dtype=np.complex128)
    for m in (0, 1):
        branch = dm.conditional_state(rho, 0, _KET[m])
        for f in (0, 1):
            out += flip[f] * (dm.apply_unitary(branch, Z, [0]) if m ^ f else branch)
    ends = tuple(p.qubits[1] for p in pairs)
    sym: NDArray[np.complex128] = ((out + out.conj().T) / 2).astype(np.complex128)
    return DensityMatrixState(ends, sym)


def ghz_from_star(
    pairs: Sequence[QuantumState],
    rng: RngLike | None = None,
    *,
    readout_error: float = 0.0,
) -> GHZResult:
    """Fuse hub-end-node pairs into an n-party GHZ state among the end nodes.

    Args:
        pairs: ``n >= 2`` two-qubit states; ``qubits[0]`` at the hub, ``qubits[1]`` at node i.
        rng: a Generator or an int seed to sample the hub's outcomes (on a
            :class:`QuantumRegister`); ``None`` averages.
        readout_error: probability in [0, 1] that each reported hub bit is flipped.

    Raises:
        InvalidParameterError: fewer than 2 pairs, more than 10, or non-two-qubit states.

    References:
        M. Zukowski et al., Phys. Rev. Lett. 71, 4287 (1993). DOI: 10.1103/PhysRevLett.71.4287

    Examples:
        >>> from qnetsim.quantum import BellDiagonalState
        >>> pairs = [BellDiagonalState.werner((("hub", i), ("node", i)), 0.95) for i in range(3)]
        >>> res = ghz_from_star(pairs)
        >>> round(res.fidelity, 9) == round(werner_star_ghz_fidelity(0.95, 3), 9)
        True
    """
    gen = None if rng is None else as_rng(rng)
    items = _check(pairs)
    e = check_probability("readout_error", readout_error)
    n = len(items)
    if gen is None:
        state, outcomes = _averaged(items, e), None
    else:
        state, bits = _sampled(items, gen, e)
        outcomes = bits
    return GHZResult(state, state.fidelity(ghz_state_vector(n)), outcomes)
