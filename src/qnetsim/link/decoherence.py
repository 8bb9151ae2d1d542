"""The noise on each node's qubit of a :class:`~qnetsim.link.design.Link`: the errors of its own
attempt (emission, preparing gate, initialisation), the communication-to-storage transfer, the
attempts made while it waits for the herald, and the T1/T2 decoherence of the holding memory
(Nielsen and Chuang eq. 9.135; Horodecki et al., PRA 60, 1888 (1999)).

:class:`LinkDecoherence` is a mixin of :class:`~qnetsim.link.design.Link`, which supplies the
platforms, the scheme and the herald waits it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from qnetsim import _arrays
from qnetsim._validate import check_nonnegative
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.channels import Channel, memory_noise, memory_noise_pauli_probabilities

if TYPE_CHECKING:
    from qnetsim.hardware.memory import Memory
    from qnetsim.hardware.platform import Platform

__all__ = ["LinkDecoherence"]


class LinkDecoherence:
    """Emission errors, transfer, attempt dephasing and memory decoherence of each node's
    qubit (mixin of :class:`~qnetsim.link.design.Link`)."""

    if TYPE_CHECKING:  # supplied by Link
        node_a: Platform
        scheme: str | None
        store_in_memory: bool

        @property
        def b(self) -> Platform: ...

        @property
        def herald_wait_s(self) -> tuple[float, float]: ...

        @property
        def attempts_during_herald_wait(self) -> tuple[int, int]: ...

    def _platform(self, node: str) -> Platform:
        platform = {"A": self.node_a, "B": self.b}.get(node)
        if platform is None:
            raise InvalidParameterError("node", node, "'A' or 'B'")
        return platform

    def _holding(self, platform: Platform) -> Memory:
        if self.store_in_memory:
            return platform.memory
        return platform.communication_memory or platform.memory

    def holding_memory(self, node: str) -> Memory:
        """The qubit of node ``"A"`` or ``"B"`` that holds the pair while the herald comes
        back: the communication qubit, or the storage memory with ``store_in_memory``."""
        return self._holding(self._platform(node))

    def _communication_qubit(self, platform: Platform) -> Memory:
        return platform.communication_memory or platform.memory

    def emission_pauli(self, node: str) -> NDArray[np.float64]:
        """Pauli probabilities ``(p_I, p_X, p_Z, p_Y)`` of the errors a node's qubit carries
        from its own attempt, apart from the heralding physics: the emitter-photon state's
        depolarising and dephasing parts (:attr:`Emitter.emission_pauli_probabilities
        <qnetsim.hardware.emitter.Emitter.emission_pauli_probabilities>`), one single-qubit
        gate (the rotation that prepares the emitting superposition; depolarising
        ``p = 2 (1 - F)`` for an average gate fidelity ``F``, Nielsen and Chuang eq. 9.135
        with the twirl of Horodecki et al., PRA 60, 1888 (1999)), and, for the schemes other
        than single-click, an initialisation error as a Z error of probability ``1 - F_init``
        (a spin prepared in the orthogonal state leaves the ``|+>`` superposition with the
        opposite sign). Single-click treats initialisation exactly inside its closed form.
        The reflection scheme emits no photon: only the gate and initialisation apply."""
        platform = self._platform(node)
        qubit = self._communication_qubit(platform)
        if self.scheme == "reflection":
            p = np.array([1.0, 0.0, 0.0, 0.0])
        else:
            p = np.asarray(platform.emitter.emission_pauli_probabilities, dtype=np.float64)
        dep = _arrays.minimum(1.0, 2.0 * (1.0 - qubit.single_qubit_gate_fidelity))
        p = _depolarise(p, dep)
        if self.scheme != "single-click":
            z = 1.0 - qubit.initialisation_fidelity
            p = _columns(p, z)
            p = (1.0 - z) * p + z * p[[2, 3, 0, 1]]
        return p

    @property
    def initialisation_errors(self) -> tuple[float, float]:
        """Probability that each node's communication qubit starts in the orthogonal state,
        ``1 - initialisation_fidelity``."""
        return (
            1.0 - self._communication_qubit(self.node_a).initialisation_fidelity,
            1.0 - self._communication_qubit(self.b).initialisation_fidelity,
        )

    @property
    def double_excitations(self) -> tuple[float, float]:
        """Each node's double-excitation probability per emission."""
        return (
            self.node_a.emitter.double_excitation_probability,
            self.b.emitter.double_excitation_probability,
        )

    def memory_channel(self, node: str, duration_s: float) -> Channel:
        """The T1/T2 channel of node ``"A"`` or ``"B"``'s holding memory over ``duration_s``."""
        mem = self.holding_memory(node)
        return memory_noise(duration_s, mem.t1_s, mem.effective_dephasing_time_s())

    def memory_twirl(self, node: str, duration_s: float) -> NDArray[np.float64]:
        """Pauli-twirl probabilities ``(p_I, p_X, p_Z, p_Y)`` of :meth:`memory_channel`, in
        closed form (the fast path for Bell-diagonal states)."""
        mem = self.holding_memory(node)
        return memory_noise_pauli_probabilities(
            duration_s, mem.t1_s, mem.effective_dephasing_time_s()
        )

    def transfer_depolarising(self, node: str) -> float:
        """Depolarising probability of the communication-to-storage transfer of ``node``
        (0 unless ``store_in_memory`` and the node has a separate communication qubit)."""
        platform = self._platform(node)
        if not self.store_in_memory or platform.communication_memory is None:
            return 0.0
        return _arrays.minimum(1.0, 16.0 * (1.0 - platform.memory.two_qubit_gate_fidelity) / 15.0)

    def transfer_pauli(self, node: str) -> NDArray[np.float64]:
        """Pauli probabilities ``(p_I, p_X, p_Z, p_Y)`` of the communication-to-storage
        transfer of ``node`` (identity unless ``store_in_memory`` and the node has a separate
        communication qubit): the two-qubit gate (:meth:`transfer_depolarising`), one
        single-qubit gate of the storage qubit (depolarising ``2 (1 - F)``) and the storage
        qubit's initialisation error (it starts in the wrong state with probability
        ``1 - F_init``, which the transfer turns into a bit flip of the stored qubit)."""
        q = np.array([1.0, 0.0, 0.0, 0.0])
        platform = self._platform(node)
        if not self.store_in_memory or platform.communication_memory is None:
            return q
        storage = platform.memory
        for p in (
            self.transfer_depolarising(node),
            _arrays.minimum(1.0, 2.0 * (1.0 - storage.single_qubit_gate_fidelity)),
        ):
            q = _depolarise(q, p)
        x = 1.0 - storage.initialisation_fidelity
        q = _columns(q, x)
        return (1.0 - x) * q + x * q[[1, 0, 3, 2]]

    def retrieval_efficiency(self, node: str, storage_s: float = 0.0) -> float:
        """Read-out efficiency of ``node``'s holding memory after its herald wait plus
        ``storage_s`` (ensembles: :meth:`Memory.retrieval_efficiency
        <qnetsim.hardware.memory.Memory.retrieval_efficiency>`; 1 for single emitters). It
        does not change the heralding rate; it is the probability that a stored excitation
        can be read out when the pair is used."""
        wait = self.herald_wait_s[0 if node == "A" else 1]
        return self.holding_memory(node).retrieval_efficiency(
            wait + check_nonnegative("storage_s", storage_s)
        )

    def attempt_dephasing(self, node: str) -> float:
        """Z-error probability of ``node``'s holding qubit from the attempts made while it
        waits for its herald (:attr:`attempts_during_herald_wait`)."""
        n = self.attempts_during_herald_wait[0 if node == "A" else 1]
        if _arrays.is_batch(n):
            return self.holding_memory(node).attempt_dephasing(n)
        return self.holding_memory(node).attempt_dephasing(n) if n else 0.0

    def storage_twirl(self, node: str, duration_s: float) -> NDArray[np.float64]:
        """Pauli probabilities of everything between herald and delivery on ``node``'s qubit:
        the transfer (if any), the attempts made during the herald wait (if the node does not
        wait), then the holding memory over ``duration_s``. Depolarising ``p`` mixes any
        Pauli channel towards uniform: ``(1 - p) q + p / 4``; a Z error ``z`` mixes
        ``I<->Z`` and ``X<->Y``."""
        q = bd.pauli_channel(self.memory_twirl(node, duration_s), self.transfer_pauli(node))
        z = self.attempt_dephasing(node)
        if z > 0.0:
            q = (1.0 - z) * q + z * q[[2, 3, 0, 1]]
        return q

    @property
    def coherence_time_s(self) -> float:
        """The shorter effective dephasing time of the two holding memories."""
        return min(
            self.holding_memory("A").effective_dephasing_time_s(),
            self.holding_memory("B").effective_dephasing_time_s(),
        )

    @property
    def pair_decoherence_rate_hz(self) -> float:
        """Decoherence rate of the delivered pair, both memories counted: its coherence
        decays as ``exp(-t/T_A) exp(-t/T_B)``, so ``1/T_A + 1/T_B`` (effective dephasing
        times of the two holding memories)."""
        return sum(1.0 / self.holding_memory(n).effective_dephasing_time_s() for n in ("A", "B"))


def _columns(p: NDArray[np.float64], x: Any) -> NDArray[np.float64]:
    """Pauli probabilities ``(4,)`` as ``(4, 1)`` columns when ``x`` is a batch of draws, so
    that mixing them with ``x`` broadcasts over the draws (never over the four entries)."""
    return p.reshape(4, -1) if _arrays.is_batch(x) and p.ndim == 1 else p


def _depolarise(p: NDArray[np.float64], dep: Any) -> NDArray[np.float64]:
    """Depolarising ``dep`` after the Pauli channel ``p``: ``(1 - dep) p + dep / 4``."""
    p = _columns(p, dep)
    return (1.0 - dep) * p + dep / 4.0
