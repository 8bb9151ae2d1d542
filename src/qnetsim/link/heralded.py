"""What every heralded-entanglement scheme returns: the success probability of one attempt
and the state it heralds (a state of the quantum layer, never a bare fidelity).

States are delivered in the ``Phi+`` frame: a scheme whose natural target is ``Psi+-``
(single-photon interference) or that heralds several Bell states (one per detector pattern)
includes the local Pauli correction each herald calls for, as every experiment does in its
Pauli frame. The fidelity of interest is therefore always ``state.fidelity("Phi+")``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_probability
from qnetsim.quantum.states import BellDiagonalState, DensityMatrixState, QuantumState

__all__ = [
    "HeraldedState",
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
    B: ``|01> -> |00>``, ``|10> -> |11>``).
    """
    rho = np.zeros((4, 4), dtype=np.complex128)
    rho[0b01, 0b01] = p00  # |00> -> X_B -> |01>
    rho[0b10, 0b10] = p11  # |11> -> X_B -> |10>
    rho[0b00, 0b00] = p01  # |01> -> |00>
    rho[0b11, 0b11] = p10  # |10> -> |11>
    rho[0b00, 0b11] = rho[0b11, 0b00] = coherence
    return DensityMatrixState(tuple(qubits), rho / (p00 + p01 + p10 + p11))
