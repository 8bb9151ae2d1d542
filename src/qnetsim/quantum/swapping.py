"""Entanglement swapping: a Bell-state measurement (BSM) with gate and readout noise, followed
by a Pauli correction.

Two paths give the same answer (the tests check it):

* Both inputs Bell-diagonal: the Klein-group convolution of ``physics.md`` section 4 with the
  gate noise ``l -> (1-p2) l + p2/4`` and the readout-flip Pauli channel
  ``((1-e)^2, e(1-e), e(1-e), e^2)``. For Bell-diagonal inputs every BSM outcome has
  probability 1/4, and the corrected state does not depend on it.
* Otherwise: the exact circuit on a density matrix: a two-qubit depolarising error ``p2`` on
  the measured pair, CNOT, Hadamard, Z measurements whose reported bits flip with probability
  ``e``, and the correction ``X^(m_c) Z^(m_b)`` on the partner qubit. Without a generator the
  result is the average over outcomes (the swap as a channel); with one, an outcome is sampled.

References:
    M. Zukowski, A. Zeilinger, M. A. Horne, A. K. Ekert, PRL 71, 4287 (1993),
    doi:10.1103/PhysRevLett.71.4287 (entanglement swapping).
    W. Dur, H.-J. Briegel, J. I. Cirac, P. Zoller, PRA 59, 169 (1999),
    doi:10.1103/PhysRevA.59.169 (noisy swapping in repeaters).

Examples:
    >>> from qnetsim.quantum.states import BellDiagonalState
    >>> ab = BellDiagonalState.werner(("a", "b"), 0.95)
    >>> cd = BellDiagonalState.werner(("c", "d"), 0.95)
    >>> result = swap(ab, cd, "b", "c")
    >>> result.state.qubits, round(result.state.fidelity("Phi+"), 6)
    (('a', 'd'), 0.903333)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qnetsim._validate import RngLike, as_rng, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum import density as dm
from qnetsim.quantum.channels import two_qubit_depolarising
from qnetsim.quantum.operators import CNOT, PAULIS, H
from qnetsim.quantum.states import (
    BellDiagonalState,
    DensityMatrixState,
    QuantumState,
    QubitId,
)

__all__ = ["SwapResult", "swap"]

_KET0 = np.array([[1, 0], [0, 0]], dtype=np.complex128)
_KET1 = np.array([[0, 0], [0, 1]], dtype=np.complex128)


@dataclass(frozen=True)
class SwapResult:
    """Outcome of :func:`swap`.

    Attributes:
        state: the state of the remaining qubits (Bell-diagonal on the fast path).
        outcome: the reported BSM bits ``(m_b, m_c)``, or ``None`` for the averaged channel.
    """

    state: QuantumState
    outcome: tuple[int, int] | None


def _partner(state: QuantumState, qubit: QubitId) -> QubitId:
    if state.num_qubits != 2:
        raise InvalidParameterError(
            "correct_on", None, f"a qubit id (the state of {qubit!r} has {state.num_qubits} qubits)"
        )
    return state.qubits[1 - state.index(qubit)]


def swap(
    left: QuantumState,
    right: QuantumState,
    qubit_left: QubitId,
    qubit_right: QubitId,
    *,
    correct_on: QubitId | None = None,
    rng: RngLike | None = None,
    gate_depolarising: float = 0.0,
    readout_error: float = 0.0,
    correct: bool = True,
) -> SwapResult:
    """Bell-state measurement on ``qubit_left`` (of ``left``) and ``qubit_right`` (of ``right``).

    Args:
        left, right: the states holding the two measured qubits (may be the same object).
        qubit_left, qubit_right: the measured qubits (``b`` and ``c``).
        correct_on: the qubit receiving the Pauli correction; default the partner of
            ``qubit_right`` when ``right`` is a pair.
        rng: sample the outcome from this source of randomness (a Generator or an int seed);
            ``None`` averages over outcomes.
        gate_depolarising: two-qubit depolarising probability ``p2`` of the BSM gate.
        readout_error: probability ``e`` that each reported bit is flipped.
        correct: apply the Pauli correction (False leaves the outcome's Pauli frame in the
            state; needs ``rng``).
    """
    gen = None if rng is None else as_rng(rng)
    p2 = check_probability("gate_depolarising", gate_depolarising)
    e = check_probability("readout_error", readout_error)
    if qubit_left == qubit_right:
        raise InvalidParameterError("qubit_right", qubit_right, "a qubit other than qubit_left")
    left.index(qubit_left)
    right.index(qubit_right)
    if not correct and gen is None:
        raise InvalidParameterError("rng", None, "a Generator or an int seed when correct=False")
    target = _partner(right, qubit_right) if correct_on is None else correct_on
    if (
        isinstance(left, BellDiagonalState)
        and isinstance(right, BellDiagonalState)
        and left is not right
        and target == _partner(right, qubit_right)
    ):
        return _swap_bell_diagonal(left, right, qubit_left, qubit_right, gen, p2, e, correct)
    return _swap_density(left, right, qubit_left, qubit_right, target, gen, p2, e, correct)


def _swap_bell_diagonal(
    left: BellDiagonalState,
    right: BellDiagonalState,
    b: QubitId,
    c: QubitId,
    rng: np.random.Generator | None,
    p2: float,
    e: float,
    correct: bool,
) -> SwapResult:
    coeffs = bd.swap_noisy(left.coefficients, right.coefficients, p2, e)
    outcome: tuple[int, int] | None = None
    if rng is not None:
        bits = rng.integers(0, 2, size=2)
        outcome = (int(bits[0]), int(bits[1]))
        if not correct:
            frame = outcome[1] + 2 * outcome[0]  # uncorrected X^(m_c) Z^(m_b)
            coeffs = coeffs[np.arange(4) ^ frame]
    qubits = (_partner(left, b), _partner(right, c))
    state = BellDiagonalState(qubits, coeffs, twirled=left.twirled or right.twirled)
    return SwapResult(state, outcome)


def _swap_density(
    left: QuantumState,
    right: QuantumState,
    b: QubitId,
    c: QubitId,
    target: QubitId,
    rng: np.random.Generator | None,
    p2: float,
    e: float,
    correct: bool,
) -> SwapResult:
    merged = left.to_density_matrix() if left is right else left.to_density_matrix().tensor(right)
    if target in (b, c):
        raise InvalidParameterError("correct_on", target, "a qubit other than the measured ones")
    merged.index(target)
    if p2 > 0:
        merged = merged.apply_channel(two_qubit_depolarising(p2), [b, c])
    merged = merged.apply_unitary(CNOT, [b, c]).apply_unitary(H, b)
    rest = tuple(q for q in merged.qubits if q not in (b, c))
    ib, ic = merged.index(b), merged.index(c)
    it = rest.index(target)

    def branch(m_b: int, m_c: int) -> np.ndarray:
        rho = dm.conditional_state(merged.matrix, ib, _KET1 if m_b else _KET0)
        return dm.conditional_state(rho, ic - (ic > ib), _KET1 if m_c else _KET0)

    def corrected(rho: np.ndarray, r_b: int, r_c: int) -> np.ndarray:
        if not correct:
            return rho
        pauli = PAULIS[r_c + 2 * r_b]  # X^(r_c) Z^(r_b), up to phase
        return dm.apply_unitary(rho, pauli, [it])

    flip = {0: 1.0 - e, 1: e}
    branches = {(mb, mc): branch(mb, mc) for mb in (0, 1) for mc in (0, 1)}
    if rng is None:
        total = sum(
            flip[mb ^ rb] * flip[mc ^ rc] * corrected(branches[(mb, mc)], rb, rc)
            for (mb, mc) in branches
            for rb in (0, 1)
            for rc in (0, 1)
        )
        return SwapResult(DensityMatrixState._trusted(rest, np.asarray(total)), None)
    probs = np.array([max(0.0, float(np.trace(branches[k]).real)) for k in branches])
    keys = list(branches)
    m_b, m_c = keys[int(rng.choice(4, p=probs / probs.sum()))]
    r_b = m_b ^ int(rng.random() < e)
    r_c = m_c ^ int(rng.random() < e)
    state = DensityMatrixState._trusted(rest, corrected(branches[(m_b, m_c)], r_b, r_c))
    return SwapResult(state, (r_b, r_c))
