"""Requests served over a network, as a description: :class:`Demand`.

A :class:`~qnetsim.network.topology.network.Network` (nodes with memories, fibre edges,
photonic servers), the :class:`~qnetsim.network.requests.reservations.Request` s it serves at
once, and the service rules (swap success, cutoff, how many candidate paths the router
examines). :func:`~qnetsim.network.evaluation.evaluate` answers it with the event engine
(:func:`~qnetsim.network.requests.scheduler.simulate_requests`), one part per request.

Examples:
    >>> from qnetsim.network.topology.builders import chain
    >>> from qnetsim.network.requests.reservations import Request
    >>> net = chain(3, "ca_ion_ustc", spacing_km=10.0)
    >>> d = Demand(net, [Request(net.nodes[0].name, net.nodes[-1].name, num_pairs=2)], 5.0)
    >>> len(d.requests)
    1
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qnetsim._validate import check_int, check_nonnegative, check_positive, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.network.requests.reservations import Request
from qnetsim.network.topology.network import Network

__all__ = ["Demand"]


@dataclass(frozen=True)
class Demand:
    """Requests competing for the memories of one network.

    Args:
        network: the network.
        requests: the requests (at least one).
        duration_s: the longest simulated time, > 0.
        swap_success: BSM success probability at every repeater, in (0, 1].
        cutoff_s: memory cutoff at repeaters (s), or ``None``.
        k_paths: candidate paths the router examines per request, >= 1.
    """

    network: Network
    requests: Sequence[Request]
    duration_s: float
    swap_success: float = 1.0
    cutoff_s: float | None = None
    k_paths: int = 8

    def __post_init__(self) -> None:
        if not isinstance(self.network, Network):
            raise InvalidParameterError("network", self.network, "a qnetsim.network.Network")
        requests = tuple(self.requests)
        if not requests:
            raise InvalidParameterError("requests", list(requests), "at least one Request")
        for i, r in enumerate(requests):
            if not isinstance(r, Request):
                raise InvalidParameterError(f"requests[{i}]", r, "a Request")
        object.__setattr__(self, "requests", requests)
        check_positive("duration_s", self.duration_s)
        if check_probability("swap_success", self.swap_success) == 0.0:
            raise InvalidParameterError("swap_success", self.swap_success, "(0, 1]")
        if self.cutoff_s is not None:
            check_nonnegative("cutoff_s", self.cutoff_s)
        check_int("k_paths", self.k_paths, 1)
