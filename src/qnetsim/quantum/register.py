"""Which state each memory qubit is in: the bookkeeping that lets operations span states.

:class:`QuantumRegister` maps qubit ids to the (immutable) state that holds them. An operation
on qubits of two different states merges them into one density matrix first; a measurement
or a discard splits the measured qubit off. Swapping two Bell-diagonal pairs stays on the fast
path (:func:`qnetsim.quantum.swapping.swap`).

Examples:
    >>> import numpy as np
    >>> from qnetsim.quantum.states import BellDiagonalState
    >>> reg = QuantumRegister()
    >>> reg.add(BellDiagonalState.werner(("A", "B1"), 0.9))
    >>> reg.add(BellDiagonalState.werner(("B2", "C"), 0.9))
    >>> outcome = reg.swap("B1", "B2", rng=np.random.default_rng(7))
    >>> reg.state_of("A").qubits, round(reg.fidelity(["A", "C"], "Phi+"), 4)
    (('A', 'C'), 0.8133)
    >>> sorted(reg.qubits)
    ['A', 'C']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from numpy.typing import ArrayLike

from qnetsim._validate import RngLike, as_rng
from qnetsim.errors import InvalidParameterError, UnknownQubitError
from qnetsim.quantum.channels import Channel
from qnetsim.quantum.states import (
    MAX_DENSITY_QUBITS,
    DensityMatrixState,
    QuantumState,
    QubitId,
    Target,
)
from qnetsim.quantum.swapping import swap

__all__ = ["QuantumRegister"]


class QuantumRegister:
    """A collection of states over disjoint qubits, addressed by qubit id."""

    def __init__(self) -> None:
        self._state_of: dict[QubitId, QuantumState] = {}

    def __contains__(self, qubit: object) -> bool:
        return qubit in self._state_of

    def __len__(self) -> int:
        return len(self._state_of)

    def __iter__(self) -> Iterator[QubitId]:
        return iter(self._state_of)

    @property
    def qubits(self) -> list[QubitId]:
        """Every qubit held, in insertion order."""
        return list(self._state_of)

    @property
    def states(self) -> list[QuantumState]:
        """The distinct states held."""
        seen: dict[int, QuantumState] = {}
        for state in self._state_of.values():
            seen.setdefault(id(state), state)
        return list(seen.values())

    def add(self, state: QuantumState) -> None:
        """Hold ``state``; its qubits must not be held already."""
        clash = [q for q in state.qubits if q in self._state_of]
        if clash:
            raise InvalidParameterError("state.qubits", clash, "qubits not already in the register")
        self._put(state)

    def state_of(self, qubit: QubitId) -> QuantumState:
        """The state holding ``qubit``."""
        try:
            return self._state_of[qubit]
        except KeyError:
            raise UnknownQubitError(f"qubit {qubit!r} is not in the register") from None

    def _put(self, state: QuantumState) -> None:
        for q in state.qubits:
            self._state_of[q] = state

    def _remove(self, state: QuantumState) -> None:
        for q in state.qubits:
            del self._state_of[q]

    def merge(self, qubits: Sequence[QubitId]) -> QuantumState:
        """Make ``qubits`` share one state (a density-matrix product if they were apart).

        Raises:
            InvalidParameterError: if the merged state would exceed
                :data:`~qnetsim.quantum.states.MAX_DENSITY_QUBITS` qubits (the register is
                left unchanged).
        """
        states: list[QuantumState] = []
        for q in qubits:
            s = self.state_of(q)
            if all(s is not t for t in states):
                states.append(s)
        if len(states) == 1:
            return states[0]
        total = sum(s.num_qubits for s in states)
        if total > MAX_DENSITY_QUBITS:
            raise InvalidParameterError(
                "number of qubits",
                total,
                f"[1, {MAX_DENSITY_QUBITS}] for density matrices",
                f"merging the states of {list(qubits)!r}",
            )
        merged = states[0].to_density_matrix()
        for s in states[1:]:
            merged = merged.tensor(s)
        for s in states:
            self._remove(s)
        self._put(merged)
        return merged

    def apply_channel(self, channel: Channel, qubits: Sequence[QubitId] | QubitId) -> None:
        """Apply ``channel`` to ``qubits`` (merging their states if needed)."""
        targets = list(qubits) if isinstance(qubits, (list, tuple)) else [qubits]
        state = self.merge(targets)
        self._replace(state, state.apply_channel(channel, targets))

    def apply_unitary(self, unitary: ArrayLike, qubits: Sequence[QubitId] | QubitId) -> None:
        """Apply a gate to ``qubits`` (merging their states if needed), e.g. a CNOT."""
        targets = list(qubits) if isinstance(qubits, (list, tuple)) else [qubits]
        state = self.merge(targets)
        self._replace(state, state.apply_unitary(unitary, targets))

    def _replace(self, old: QuantumState, new: QuantumState) -> None:
        self._remove(old)
        self._put(new)

    def measure(
        self,
        qubit: QubitId,
        basis: str | ArrayLike,
        rng: RngLike,
        readout_error: float = 0.0,
    ) -> int:
        """Measure ``qubit`` (sampled from ``rng``), remove it, and return the reported bit."""
        rng = as_rng(rng)
        state = self.state_of(qubit)
        outcome, rest = state.measure(qubit, basis, rng, readout_error)
        self._remove(state)
        if rest is not None:
            self._put(rest)
        return outcome

    def discard(self, qubit: QubitId) -> None:
        """Trace ``qubit`` out (e.g. a memory reset or a lost qubit)."""
        state = self.state_of(qubit)
        self._remove(state)
        keep = [q for q in state.qubits if q != qubit]
        if keep:
            self._put(state.partial_trace(keep))

    def fidelity(self, qubits: Sequence[QubitId], target: Target) -> float:
        """Fidelity of the reduced state of ``qubits`` (in that order) to ``target``."""
        state = self.state_of(qubits[0])
        if any(self.state_of(q) is not state for q in qubits):
            state = DensityMatrixState(tuple(qubits), _product_matrix(self, qubits))
        elif tuple(state.qubits) != tuple(qubits):
            state = state.partial_trace(list(qubits))
        return state.fidelity(target)

    def swap(
        self,
        qubit_left: QubitId,
        qubit_right: QubitId,
        *,
        rng: RngLike | None = None,
        correct_on: QubitId | None = None,
        gate_depolarising: float = 0.0,
        readout_error: float = 0.0,
        correct: bool = True,
    ) -> tuple[int, int] | None:
        """Entanglement swap by a BSM on two held qubits; see :func:`~.swapping.swap`.

        The measured qubits leave the register; the result replaces the input states.
        ``rng`` is a Generator or an int seed to sample the outcome, or ``None``. Returns the
        reported BSM bits (``None`` when ``rng`` is ``None``: averaged channel).
        """
        gen = None if rng is None else as_rng(rng)
        left, right = self.state_of(qubit_left), self.state_of(qubit_right)
        result = swap(
            left,
            right,
            qubit_left,
            qubit_right,
            correct_on=correct_on,
            rng=gen,
            gate_depolarising=gate_depolarising,
            readout_error=readout_error,
            correct=correct,
        )
        self._remove(left)
        if right is not left:
            self._remove(right)
        self._put(result.state)
        return result.outcome


def _product_matrix(reg: QuantumRegister, qubits: Sequence[QubitId]) -> np.ndarray:
    """Density matrix of ``qubits`` spread over several states (reduced states, tensored)."""
    groups: list[tuple[QuantumState, list[QubitId]]] = []
    for q in qubits:
        s = reg.state_of(q)
        for state, members in groups:
            if state is s:
                members.append(q)
                break
        else:
            groups.append((s, [q]))
    product: DensityMatrixState | None = None
    for state, members in groups:
        reduced = state.partial_trace(members).to_density_matrix()
        product = reduced if product is None else product.tensor(reduced)
    assert product is not None
    return product.reorder(list(qubits)).matrix
