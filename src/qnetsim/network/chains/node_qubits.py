"""The qubits of a chain's nodes: communication qubits, storage qubits and who holds what.

A node of a repeater chain has ``C`` communication qubits (they make the entanglement
attempts) and ``S`` storage qubits (they hold entanglement while a communication qubit keeps
attempting: NV 13C, SiV 29Si), from its platform's
:class:`~qnetsim.hardware.capabilities.Capabilities`. The engines of
:mod:`qnetsim.network.chains.events` use this module for three rules:

1. **Sequential links.** An elementary link attempts only while a communication qubit is free
   at both of its nodes. A repeater with one communication qubit therefore makes its two links
   one after the other, never in parallel (Rozpedek et al., PRA 99, 052330 (2019),
   doi:10.1103/PhysRevA.99.052330, section III: the NV repeater protocol; Pompili et al.,
   Science 372, 259 (2021), doi:10.1126/science.abg1919: the middle node first links to one
   neighbour, stores, then links to the other).
2. **Transfer after the herald.** With ``store_in_memory`` a half is moved from the
   communication qubit into a free storage qubit once its herald has arrived, with the
   transfer noise of :meth:`Link.transfer_pauli <qnetsim.link.design.Link.transfer_pauli>`;
   the communication qubit is then free to attempt again. When every storage qubit is taken
   the half stays in the communication qubit (an SiV node with one 29Si holds its first half
   in the nucleus and its second in the electron until it swaps them).
3. **Attempts dephase stored qubits.** Every attempt of a node's communication qubit applies
   a Z error of probability ``Memory.dephasing_per_attempt`` to each qubit stored at that
   node (Kalb et al., PRA 97, 062330 (2018), doi:10.1103/PhysRevA.97.062330; the coherence
   factor after ``n`` attempts is ``(1 - 2 p)**n``). Attempts are counted on the link's cycle
   grid from when its generation began (:func:`attempts_between`).

A repeater holds two halves at once before it swaps: with one communication qubit it needs a
storage qubit in use (``store_in_memory``), otherwise no schedule exists and
:func:`chain_nodes` names the node and what it lacks. When a stored half is discarded (a
failed swap, a cutoff) and its storage qubit comes free, a half waiting in the communication
qubit moves into it (transfer noise), so the communication qubit can remake the lost link.
Both event engines (:mod:`~qnetsim.network.chains.events` and
:mod:`~qnetsim.network.chains.nested_events`) follow these rules.

Examples:
    >>> attempts_between(start_ps=0, cycle_ps=10, since_ps=15, until_ps=40)  # cycles 20, 30
    2
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import Link

__all__ = ["NodeQubits", "attempts_between", "chain_nodes"]


@dataclass(frozen=True)
class NodeQubits:
    """What node ``j`` of a chain has and how it uses it.

    Attributes:
        platform: the node's hardware (the right-hand node of the link on its left, as for
            the node's memory elsewhere in the chains).
        communication: communication qubits (``capabilities.communication_qubits``).
        storage: storage qubits in use: ``capabilities.storage_qubits`` when the node's links
            store (``store_in_memory`` and a distinct communication qubit), else 0.
        communication_memory: the communication qubit's memory.
        storage_memory: the storage qubit's memory, or ``None`` when nothing is stored.
        attempts_per_cycle: attempts a communication qubit makes per link cycle (its
            multiplexed modes), for the per-attempt dephasing.
    """

    platform: Platform
    communication: int
    storage: int
    communication_memory: Memory
    storage_memory: Memory | None
    attempts_per_cycle: int

    def memory(self, holder: str) -> Memory:
        """The memory of a ``"communication"`` or ``"storage"`` qubit of this node."""
        if holder == "storage" and self.storage_memory is not None:
            return self.storage_memory
        return self.communication_memory


def _stores(link: Link, platform: Platform) -> bool:
    return link.store_in_memory and platform.communication_memory is not None


def chain_nodes(
    links: Sequence[Link],
    per_side: Sequence[int] | None = None,
    sequential: bool = True,
    engine: str = "the swap-asap chain",
) -> list[NodeQubits]:
    """The qubits of nodes ``0..N`` of the chain ``links``.

    Args:
        links: the chain's elementary links.
        per_side: qubits each node needs on each of its sides (entanglement pumping keeps a
            pair while it makes the next: :func:`~qnetsim.network.chains.nested_events.
            nested_memory_demand`); ``None``: one.
        sequential: whether the engine can run a repeater's links one after another (a
            repeater with one communication qubit); if not, such a repeater is an error.
        engine: the engine's name, for the messages.

    Raises:
        InvalidParameterError: for a repeater that cannot hold two halves at once (one
            communication qubit and no storage qubit in use), a node with fewer qubits than
            ``per_side`` asks for, a repeater with one communication qubit when
            ``sequential`` is false, or a node whose attempts do not wait for the herald
            (chains model the transfer after the herald).
    """
    nodes: list[NodeQubits] = []
    n = len(links)
    for j in range(n + 1):
        adjacent = [links[i] for i in (j - 1, j) if 0 <= i < n]
        platform = links[j - 1].b if j > 0 else links[0].node_a
        stores = any(_stores(link, platform) for link in adjacent)
        comm = platform.communication_memory or platform.memory
        caps = platform.capabilities
        node = NodeQubits(
            platform=platform,
            communication=caps.communication_qubits,
            storage=caps.storage_qubits if stores else 0,
            communication_memory=comm,
            storage_memory=platform.memory if stores else None,
            attempts_per_cycle=comm.num_modes,
        )
        if not platform.timing.wait_for_herald:
            raise InvalidParameterError(
                f"node {j} timing.wait_for_herald",
                False,
                "True in repeater chains",
                "chains transfer a half into storage after its herald; attempts that do not "
                "wait for the herald are modelled on single links only",
            )
        sides = 2 if 0 < j < n else 1
        need = sides * (1 if per_side is None else per_side[j])
        have = node.communication + node.storage
        if per_side is not None and need > have:
            raise InvalidParameterError(
                f"node {j} ({platform.name}) qubits",
                f"{node.communication} communication, {node.storage} storage in use",
                f">= {need} ({per_side[j]} per side, for the entanglement pumping)",
                "pumping keeps a pair while it makes the next one; give the platform the "
                "capabilities of your hardware or pump fewer levels",
            )
        if 0 < j < n and node.communication < 2 and not sequential:
            raise InvalidParameterError(
                f"node {j} ({platform.name}) capabilities.communication_qubits",
                node.communication,
                f">= 2 in {engine}",
                "a repeater with one communication qubit makes its links one after another; "
                "simulate_chain models that, this engine makes every link at once",
            )
        if 0 < j < n and node.communication < 2 and node.storage < 1:
            raise InvalidParameterError(
                f"node {j} ({platform.name}) qubits",
                f"{node.communication} communication, {node.storage} storage in use",
                ">= 2 communication qubits, or store_in_memory with >= 1 storage qubit",
                "a repeater holds both halves until it swaps them; set the links' "
                "store_in_memory for a platform with a storage qubit, or give the platform "
                "capabilities.communication_qubits >= 2",
            )
        nodes.append(node)
    return nodes


def attempts_between(start_ps: int, cycle_ps: int, since_ps: int, until_ps: int) -> int:
    """Attempt cycles of a generation that began at ``start_ps`` (one every ``cycle_ps``)
    whose start lies in ``[since_ps, until_ps)``."""
    if until_ps <= since_ps or until_ps <= start_ps:
        return 0
    first = max(0, math.ceil((since_ps - start_ps) / cycle_ps))
    last = math.ceil((until_ps - start_ps) / cycle_ps) - 1
    return max(0, last - first + 1)
