"""What a platform's node *has*: qubits and multiplexed modes (issue 12, item 3).

:class:`Capabilities` states the hardware limits of one node of a platform; a design states
what it *uses*. The two are related as follows:

* ``Memory.num_memories * Memory.num_temporal_modes`` (``Memory.num_modes``) of the node's
  communication interface (``Platform.communication_memory`` if the platform has a distinct
  communication qubit, else ``Platform.memory``) is the number of multiplexed modes a design
  *uses* per attempt. It must not exceed :attr:`Capabilities.max_modes`;
  :class:`~qnetsim.hardware.platform.Platform` checks this when it is built (and again after
  every ``dataclasses.replace``), so no :class:`~qnetsim.link.design.Link` and no planner
  design can use more modes than the hardware offers.
* :attr:`Capabilities.communication_qubits` + :attr:`Capabilities.storage_qubits` is the
  number of qubits a node can hold entanglement in at the same time. Storage qubits are used
  when the platform models them: ``Platform.memory`` is then the storage qubit and
  ``Platform.communication_memory`` the communication qubit (SiV); a platform whose only
  memory is its communication qubit (the ``nv_delft`` preset: the electron) states its
  storage qubits but cannot use them until a storage memory is given. A repeater design
  needs two halves per node (one per side) until the swap, plus extra qubits for
  entanglement pumping (:func:`qnetsim.network.chains.nested_events.nested_memory_demand`); the
  planner rejects designs whose per-node demand exceeds what the node can use
  (:func:`qnetsim.network.chains.designs.usable_qubits`).

The capability fields bound designs; they do not change the numbers of a single link (that is
what ``Memory.num_memories`` / ``num_temporal_modes`` do).

Examples:
    >>> Capabilities()
    Capabilities(communication_qubits=1, storage_qubits=0, max_modes=1)
    >>> Capabilities(communication_qubits=1, storage_qubits=1).total_qubits
    2
    >>> Capabilities(max_modes=0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    qnetsim.errors.InvalidParameterError: capabilities.max_modes = 0 is invalid; ...
"""

from __future__ import annotations

from dataclasses import dataclass

from qnetsim._validate import check_int

__all__ = ["Capabilities"]


@dataclass(frozen=True)
class Capabilities:
    """The qubits and multiplexed modes one node of a platform has.

    Args:
        communication_qubits: optically active qubits that can make entanglement attempts at
            the same time, >= 1.
        storage_qubits: qubits that can hold entanglement while a communication qubit keeps
            attempting (e.g. NV 13C nuclear spins, SiV 29Si), >= 0.
        max_modes: multiplexed modes per attempt the node can use (spatial x temporal), >= 1;
            single emitters 1, ensembles / AFC memories many.

    Raises:
        InvalidParameterError: naming the field (``"capabilities.<field>"``), its value and
            the valid range.
    """

    communication_qubits: int = 1
    storage_qubits: int = 0
    max_modes: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "communication_qubits",
            check_int("capabilities.communication_qubits", self.communication_qubits, 1),
        )
        object.__setattr__(
            self,
            "storage_qubits",
            check_int("capabilities.storage_qubits", self.storage_qubits, 0),
        )
        object.__setattr__(
            self, "max_modes", check_int("capabilities.max_modes", self.max_modes, 1)
        )

    @property
    def total_qubits(self) -> int:
        """Qubits that can hold entanglement at the same time,
        ``communication_qubits + storage_qubits``."""
        return self.communication_qubits + self.storage_qubits
