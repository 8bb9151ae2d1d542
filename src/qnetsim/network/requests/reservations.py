"""Entanglement requests and memory-reservation bookkeeping.

A :class:`Request` asks for pairs between two memory nodes at a fidelity target, either a
number of pairs or a rate, with a priority. :class:`MemoryReservations` records which request
holds how many memories of which node, so that a scheduler can run several requests that
compete for the same memories; it never over-books a node. On a path, each end node needs one
memory and each repeater two (one per side of the swap); photonic servers hold none
(:func:`path_memory_demand`).

Examples:
    >>> from qnetsim.network.topology.builders import chain
    >>> net = chain(3, "rb_ensemble_ustc", spacing_km=10.0)
    >>> req = Request("n0", "n2", fidelity_target=0.6, num_pairs=10)
    >>> validate_request(net, req)
    >>> book = MemoryReservations(net)
    >>> book.reserve_path(req, ["n0", "n1", "n2"])
    >>> book.free("n1"), book.holders("n1")
    (0, {'n0->n2': 2})
    >>> book.release(req)
    >>> book.free("n1")
    2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qnetsim._validate import check_in_range, check_int, check_positive
from qnetsim.errors import InvalidParameterError
from qnetsim.network.topology.network import Network

__all__ = ["MemoryReservations", "Request", "path_memory_demand", "validate_request"]


@dataclass(frozen=True)
class Request:
    """A request for entangled pairs between ``source`` and ``destination``.

    Args:
        source, destination: memory-node names (different).
        fidelity_target: minimum fidelity to ``Phi+`` of each delivered pair, in [0, 1].
        num_pairs: number of pairs wanted (>= 1), or ``None``.
        rate_hz: pair rate wanted (> 0), or ``None``; give ``num_pairs`` or ``rate_hz``.
        priority: integer >= 0, larger first.
        name: identifier (default ``"source->destination"``).

    Raises:
        InvalidParameterError: naming the offending field.

    Examples:
        >>> Request("a", "a", num_pairs=1)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: destination = 'a' is invalid; valid: a node other than source = 'a'
    """  # noqa: E501

    source: str
    destination: str
    fidelity_target: float = 0.5
    num_pairs: int | None = None
    rate_hz: float | None = None
    priority: int = 0
    name: str | None = None

    def __post_init__(self) -> None:
        for field_name in ("source", "destination"):
            value = getattr(self, field_name)
            if not isinstance(value, str) or not value:
                raise InvalidParameterError(field_name, value, "a node name (non-empty string)")
        if self.source == self.destination:
            raise InvalidParameterError(
                "destination", self.destination, f"a node other than source = {self.source!r}"
            )
        check_in_range("fidelity_target", self.fidelity_target, 0.0, 1.0)
        if self.num_pairs is None and self.rate_hz is None:
            raise InvalidParameterError("num_pairs", None, "an integer >= 1 (or give rate_hz)")
        if self.num_pairs is not None:
            check_int("num_pairs", self.num_pairs, 1)
        if self.rate_hz is not None:
            check_positive("rate_hz", self.rate_hz)
        check_int("priority", self.priority, 0)
        if self.name is None:
            object.__setattr__(self, "name", f"{self.source}->{self.destination}")
        elif not isinstance(self.name, str) or not self.name:
            raise InvalidParameterError("name", self.name, "a non-empty string")

    @property
    def key(self) -> str:
        """The identifier used for reservations."""
        assert self.name is not None
        return self.name


def validate_request(network: Network, request: Request) -> None:
    """Check that the request's nodes exist, are memory nodes and are connected.

    Raises:
        InvalidParameterError: naming ``source`` or ``destination``.
    """
    for arg, name in (("source", request.source), ("destination", request.destination)):
        if not network.node(name, arg).is_memory_node:
            raise InvalidParameterError(arg, name, "a memory node (not a photonic server)")
    network.require_connected(request.source, request.destination)


def path_memory_demand(network: Network, path: Sequence[str]) -> dict[str, int]:
    """Memories one pair along ``path`` occupies: 1 at each end, 2 at each intermediate
    memory node, none at photonic servers."""
    if len(path) < 2:
        raise InvalidParameterError("path", list(path), "at least two nodes")
    demand: dict[str, int] = {}
    for i, name in enumerate(path):
        if network.node(name, "path").is_memory_node:
            demand[name] = demand.get(name, 0) + (1 if i in (0, len(path) - 1) else 2)
    return demand


class MemoryReservations:
    """Which request holds how many memories of each node of ``network``."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self._held: dict[str, dict[str, int]] = {}  # node -> {request: count}
        # indexes kept in step with ``_held`` so that queries cost O(1) per node and a release
        # O(nodes the request holds), not O(nodes held by anyone)
        self._total: dict[str, int] = {}  # node -> memories reserved
        self._by_request: dict[str, dict[str, int]] = {}  # request -> {node: count}

    @staticmethod
    def _key(request: Request | str) -> str:
        key = request.key if isinstance(request, Request) else request
        if not isinstance(key, str) or not key:
            raise InvalidParameterError("request", request, "a Request or a non-empty name")
        return key

    def capacity(self, node: str) -> int:
        """Memories of ``node``."""
        return self.network.node(node).num_memories

    def reserved(self, node: str) -> int:
        """Memories of ``node`` reserved by any request."""
        self.network.node(node)
        return self._total.get(node, 0)

    def free(self, node: str) -> int:
        """Memories of ``node`` not reserved."""
        return self.network.node(node).num_memories - self._total.get(node, 0)

    def holders(self, node: str) -> dict[str, int]:
        """``{request name: memories held}`` at ``node``."""
        self.network.node(node)
        return dict(self._held.get(node, {}))

    def held_by(self, request: Request | str) -> dict[str, int]:
        """``{node: memories held}`` by ``request``."""
        key = self._key(request)
        return {n: h[key] for n, h in self._held.items() if key in h}

    def reserve(self, request: Request | str, node: str, count: int = 1) -> None:
        """Reserve ``count`` memories of ``node`` for ``request``.

        Raises:
            InvalidParameterError: naming ``count`` when the node has fewer free memories
                (with who holds the rest), or ``node`` if unknown.
        """
        self.reserve_many(request, {node: count})

    def reserve_many(self, request: Request | str, demand: Mapping[str, int]) -> None:
        """Reserve ``{node: count}`` all at once, or nothing if any node lacks memories."""
        key = self._key(request)
        for node, count in demand.items():
            spec = self.network.node(node)
            n = check_int(f"count at {node!r}", count, 1)
            if n > self.free(node):
                raise InvalidParameterError(
                    f"count at {node!r}",
                    n,
                    f"[1, {self.free(node)}] free memories",
                    f"node {node!r} has {spec.num_memories}; held: {self.holders(node)}",
                )
        mine = self._by_request.setdefault(key, {})
        for node, count in demand.items():
            held = self._held.setdefault(node, {})
            held[key] = held.get(key, 0) + int(count)
            self._total[node] = self._total.get(node, 0) + int(count)
            mine[node] = held[key]

    def reserve_path(self, request: Request | str, path: Sequence[str]) -> None:
        """Reserve the memories one pair along ``path`` needs (:func:`path_memory_demand`)."""
        self.reserve_many(request, path_memory_demand(self.network, path))

    def release(self, request: Request | str, node: str | None = None) -> None:
        """Release what ``request`` holds (at ``node`` only, if given)."""
        key = self._key(request)
        if node is not None:
            self.network.node(node)
        mine = self._by_request.get(key, {})
        for n in list(mine) if node is None else [node]:
            if n not in mine:
                continue
            del mine[n]
            held = self._held[n]
            self._total[n] -= held.pop(key)
            if not held:
                del self._held[n]
                del self._total[n]
        if not mine:
            self._by_request.pop(key, None)
