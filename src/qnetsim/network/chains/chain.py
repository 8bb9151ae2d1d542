"""A repeater chain as a description: :class:`Chain` (what is simulated, not how).

A chain is its elementary links in order, the swap policy (swap-asap, or nested doubling
over ``2**n`` links), the swap's success probability and noise, a memory cutoff, the restart
policy after a delivery and an optional purification policy. It is validated once, when it
is made; :func:`~qnetsim.network.evaluation.evaluate` then answers it with an engine:

* ``"exact"``: the waiting-time distribution and delivered state of nested chains (Brand,
  Coopmans and Elkouss, IEEE JSAC 38, 589 (2020), doi:10.1109/JSAC.2020.2969005), in
  :mod:`qnetsim.network.chains.exact`; swap-asap and nested coincide for up to two links;
* ``"montecarlo"``: vectorised independent realisations (:mod:`~qnetsim.network.chains.
  montecarlo` for nested, :mod:`~qnetsim.network.chains.swap_asap_montecarlo` for
  swap-asap);
* ``"events"``: the discrete-event engines with real messages and node qubits
  (:mod:`~qnetsim.network.chains.events`, :mod:`~qnetsim.network.chains.nested_events`).

The exact and Monte Carlo engines model rounds that restart after each delivery, links that
are generated in parallel and the same swap noise at every repeater; :meth:`Chain.
not_modelled_by` names what a given engine leaves out, and ``evaluate`` refuses an engine
that cannot answer, naming the engines that can.

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link import Link
    >>> c = Chain([Link(get_platform("rb_atom_lu2026"), 10.0)], swap_success=0.5)
    >>> c.num_links, c.protocol
    (1, 'swap-asap')
    >>> Chain([Link(get_platform("rb_atom_lu2026"), 10.0)] * 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    qnetsim.errors.InvalidParameterError: node 1 (rb_atom_lu2026) qubits = '1 communication, 0 storage in use' is invalid; ...
    >>> Chain([])
    Traceback (most recent call last):
    ...
    qnetsim.errors.InvalidParameterError: links = () is invalid; valid: at least one qnetsim.link.Link
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from qnetsim._validate import check_nonnegative, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.link.design import Link
from qnetsim.link.montecarlo import MODES
from qnetsim.network.chains.common import PurificationPolicy, swap_noise
from qnetsim.network.chains.node_qubits import NodeQubits, chain_nodes

__all__ = ["PROTOCOLS", "RESTARTS", "Chain"]

#: Swap policies: swap as soon as both pairs are there, or nested doubling (``2**n`` links).
PROTOCOLS = ("swap-asap", "nested")
#: After a delivery: every link restarts (``"round"``), or links keep their pairs.
RESTARTS = ("round", "continuous")


@dataclass(frozen=True)
class Chain:
    """A repeater chain from node 0 to node ``N`` over ``N`` elementary links.

    Args:
        links: the elementary links in order (node ``i`` is link ``i``'s node A).
        protocol: ``"swap-asap"`` or ``"nested"`` (:data:`PROTOCOLS`).
        swap_success: Bell-state measurement success probability in (0, 1] (1/2 for linear
            optics, about 1 with deterministic gates).
        gate_depolarising, readout_error: the swap's two-qubit depolarising probability and
            read-out flip; ``None`` takes each repeater's memory values
            (``1 - two_qubit_gate_fidelity``, ``1 - readout fidelity``).
        cutoff_s: how long a stored half may wait for its partner (s), or ``None``.
        restart: ``"round"`` or ``"continuous"`` (:data:`RESTARTS`).
        purification: entanglement pumping (:class:`PurificationPolicy`), or ``None``.
        link_mode: how the event engine makes links: ``"sampled"`` (geometric waiting
            times) or ``"attempt"`` (attempt by attempt).
    """

    links: Sequence[Link]
    protocol: str = "swap-asap"
    swap_success: float = 1.0
    gate_depolarising: float | None = None
    readout_error: float | None = None
    cutoff_s: float | None = None
    restart: str = "round"
    purification: PurificationPolicy | None = None
    link_mode: str = "sampled"

    def __post_init__(self) -> None:
        links = tuple(self.links) if isinstance(self.links, Sequence) else self.links
        if not isinstance(links, tuple) or not links:
            raise InvalidParameterError("links", links, "at least one qnetsim.link.Link")
        for i, link in enumerate(links):
            if not isinstance(link, Link):
                raise InvalidParameterError(f"links[{i}]", link, "a qnetsim.link.Link")
        object.__setattr__(self, "links", links)
        if self.protocol not in PROTOCOLS:
            raise InvalidParameterError("protocol", self.protocol, " or ".join(PROTOCOLS))
        n = len(links)
        if self.protocol == "nested" and n & (n - 1):
            raise InvalidParameterError(
                "links", f"{n} links", "a power of two for the nested protocol"
            )
        p_s = check_probability("swap_success", self.swap_success)
        if p_s == 0.0:
            raise InvalidParameterError("swap_success", self.swap_success, "(0, 1]")
        for name in ("gate_depolarising", "readout_error"):
            value = getattr(self, name)
            if value is not None:
                check_probability(name, value)
        if self.cutoff_s is not None:
            check_nonnegative("cutoff_s", self.cutoff_s)
        if self.restart not in RESTARTS:
            raise InvalidParameterError("restart", self.restart, " or ".join(RESTARTS))
        if self.link_mode not in MODES:
            raise InvalidParameterError("link_mode", self.link_mode, " or ".join(MODES))
        if self.purification is not None:
            if not isinstance(self.purification, PurificationPolicy):
                raise InvalidParameterError(
                    "purification", self.purification, "a PurificationPolicy or None"
                )
            if self.protocol == "nested":
                self.purification.check_levels(n)
            elif self.purification.levels != (0,):
                raise InvalidParameterError(
                    "purification.levels",
                    self.purification.levels,
                    "(0,) for a swap-asap chain (link-level pumping; nested chains pump "
                    "at higher levels)",
                )
        _ = self.nodes  # a repeater must be able to hold both halves (node_qubits)

    @property
    def num_links(self) -> int:
        return len(self.links)

    @cached_property
    def nodes(self) -> list[NodeQubits]:
        """The qubits of nodes ``0..N`` and how the event engine uses them."""
        per_side = None if self.purification is None else [2] * (self.num_links + 1)
        return chain_nodes(self.links, per_side=per_side, sequential=self.purification is None)

    def swap_noise(self) -> tuple[list[float], list[float]]:
        """Per node: the swap's depolarising probability and read-out flip."""
        return swap_noise(self.links, self.gate_depolarising, self.readout_error)

    def not_modelled_by(self, method: str) -> list[str]:
        """What of this chain the engine ``method`` does not model (empty: it answers it)."""
        if method == "events":
            if self.protocol == "nested" and self.restart != "round":
                return ["the nested event engine runs rounds (restart = 'round')"]
            return []
        reasons: list[str] = []
        if self.purification is not None:
            reasons.append("purification")
        if self.restart != "round":
            reasons.append("the 'continuous' restart (links keep their pairs after a delivery)")
        if method == "exact" and self.protocol == "swap-asap" and self.num_links > 2:
            reasons.append("swap-asap over more than two links (only nested chains are exact)")
        p2, e = self.swap_noise()
        if len(set(p2[1:-1])) > 1 or len(set(e[1:-1])) > 1:
            reasons.append(
                "repeaters with different swap noise (set gate_depolarising and "
                "readout_error to one value)"
            )
        if self.num_links > 1:
            one = [j for j, q in enumerate(self.nodes[1:-1], start=1) if q.communication < 2]
            if one:
                reasons.append(
                    f"repeaters with one communication qubit (node {one[0]}), whose links "
                    "are made one after the other, not in parallel"
                )
        return reasons
