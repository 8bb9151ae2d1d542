"""Several requests served at once over one network, competing for node memories.

Each :class:`~qnetsim.network.requests.reservations.Request` is routed (:func:`best_path`, by
expected
rate subject to its fidelity target) and served by a swap-asap chain along its path
(:mod:`qnetsim.network.chains.events`: real herald and swap messages, cutoffs, lazy
decoherence), one end-to-end pair per round. Before a round a request reserves every memory
its path needs (one at each end, two at each repeater: :func:`path_memory_demand`), all or
nothing (:class:`MemoryReservations`), and releases them when the pair is delivered. Waiting
requests get freed memories in priority order (higher first, then the order given).
Reserving whole paths avoids the deadlock of link-by-link allocation (two requests each
holding one memory of a repeater and waiting for the other).

Modelling choices (documented, not hidden): a node's memories are interchangeable among its
fibre ports; links of different requests over the same fibre attempt independently (one
optical interface per memory); a request's route is fixed when the run starts.

Examples:
    >>> import dataclasses
    >>> from qnetsim.hardware import Capabilities, get_platform
    >>> from qnetsim.network.topology.builders import chain
    >>> from qnetsim.network.requests.reservations import Request
    >>> two_ions = Capabilities(communication_qubits=2)  # a repeater holds one pair per side
    >>> ion = dataclasses.replace(get_platform("ca_ion_ustc"), capabilities=two_ions)
    >>> net = chain(3, ion, spacing_km=10.0)
    >>> names = [n.name for n in net.nodes]
    >>> req = Request(names[0], names[-1], fidelity_target=0.3, num_pairs=3)
    >>> out = simulate_requests(net, [req], duration_s=3600.0, seed=1)
    >>> out.requests[req.name].pairs
    3
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_nonnegative, check_positive, check_probability
from qnetsim.engine import Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.link.design import Link
from qnetsim.network.chains.events import ChainPair, _Chain
from qnetsim.network.requests.reservations import MemoryReservations, Request, path_memory_demand
from qnetsim.network.topology.network import Network
from qnetsim.network.topology.routing import PathEstimate, best_path
from qnetsim.units import ps_to_seconds, seconds_to_ps

__all__ = ["RequestResult", "ScheduleResult", "simulate_requests"]


@dataclass(frozen=True)
class RequestResult:
    """What one request received.

    Attributes:
        request: the request.
        route: the routing estimate of its path (expected rate and fidelity).
        pairs: end-to-end pairs delivered.
        delivery_times_s: when each pair was delivered.
        fidelities: fidelity to ``Phi+`` of each pair at delivery.
    """

    request: Request
    route: PathEstimate
    pairs: int
    delivery_times_s: NDArray[np.float64]
    fidelities: NDArray[np.float64]

    @property
    def rate_hz(self) -> float:
        """Pairs per second over the run (0 if none)."""
        return self.pairs / self.delivery_times_s[-1] if self.pairs else 0.0

    @property
    def first_pair_latency_s(self) -> float:
        """Time to the first pair (``inf`` if none)."""
        return float(self.delivery_times_s[0]) if self.pairs else math.inf

    @property
    def fraction_meeting_target(self) -> float:
        """Fraction of pairs whose fidelity meets the request's target."""
        if not self.pairs:
            return 0.0
        return float(np.mean(self.fidelities >= self.request.fidelity_target))


@dataclass(frozen=True)
class ScheduleResult:
    """Results of :func:`simulate_requests`."""

    requests: dict[str, RequestResult]
    end_time_s: float
    events: int
    rounds_started: dict[str, int]


def _oriented(link: Link, forward: bool) -> Link:
    if forward:
        return link
    arms = link.arm_lengths_km
    return dataclasses.replace(
        link,
        node_a=link.b,
        node_b=link.node_a,
        arm_lengths_km=(arms[1], arms[0]) if arms is not None else None,
    )


def simulate_requests(
    network: Network,
    requests: Sequence[Request],
    duration_s: float,
    seed: int = 0,
    swap_success: float = 1.0,
    cutoff_s: float | None = None,
    k_paths: int = 8,
) -> ScheduleResult:
    """Serve ``requests`` over ``network`` until each has its pairs or ``duration_s`` passes.

    Args:
        network: the network (nodes with memories, fibre edges, photonic servers).
        requests: the requests; their ``num_pairs`` (if given) ends their service early.
        duration_s: the longest simulated time, > 0.
        seed: root seed (each request's links and swaps have their own streams).
        swap_success: BSM success probability at every repeater.
        cutoff_s: memory cutoff at repeaters (s), or ``None``.
        k_paths: candidate paths examined per request by the router.
    """
    duration = check_positive("duration_s", duration_s)
    p_s = check_probability("swap_success", swap_success)
    if p_s == 0.0:
        raise InvalidParameterError("swap_success", swap_success, "(0, 1]")
    cutoff_ps = None if cutoff_s is None else seconds_to_ps(check_nonnegative("cutoff_s", cutoff_s))
    if not requests:
        raise InvalidParameterError("requests", list(requests), "at least one Request")
    names = [r.key for r in requests]
    if len(set(names)) != len(names):
        raise InvalidParameterError("requests", names, "requests with distinct names")

    sim = Simulator(seed=seed)
    reservations = MemoryReservations(network)
    order = sorted(range(len(requests)), key=lambda k: -requests[k].priority)
    chains: list[tuple[Request, PathEstimate, _Chain, dict[str, int]]] = []
    started = {r.key: 0 for r in requests}
    # Bookkeeping that keeps the work per event independent of the number of requests: the
    # position of each chain, the chains using each node (only those can be unblocked when
    # the node's memories are released) and the count of requests still unsatisfied.
    index_of: dict[int, int] = {}
    users: dict[str, list[int]] = {}
    unsatisfied = len(requests)

    def satisfied(req: Request, chain: _Chain) -> bool:
        return req.num_pairs is not None and len(chain.delivered) >= req.num_pairs

    free: dict[str, int] = {}  # free memories of the nodes on some path (mirrors reservations)

    def try_start(candidates: Sequence[int]) -> None:
        # in priority order (the order of ``chains``), as a scan of every chain would: a
        # chain none of whose nodes got memories back since it last failed stays blocked
        for idx in candidates:
            req, _, chain, demand = chains[idx]
            if chain.active or satisfied(req, chain):
                continue
            for node, count in demand.items():
                if free[node] < count:
                    break
            else:  # every node of the path has the memories: reserve them all
                reservations.reserve_many(req, demand)
                for node, count in demand.items():
                    free[node] -= count
                started[req.key] += 1
                chain.active = True
                chain.resume()

    def delivered(chain: _Chain) -> None:
        nonlocal unsatisfied
        idx = index_of[id(chain)]
        req, _, _, demand = chains[idx]
        reservations.release(req)
        for node, count in demand.items():
            free[node] += count
        chain.active = False
        if req.num_pairs is not None and len(chain.delivered) == req.num_pairs:
            unsatisfied -= 1
            if not unsatisfied:
                sim.stop()  # every request has its pairs: the run ends after this event
        affected = sorted({j for node in demand for j in users[node]})
        try_start(affected)

    oriented: dict[tuple[int, bool], Link] = {}
    for k in order:
        req = requests[k]
        route = best_path(network, req.source, req.destination, req.fidelity_target, k=k_paths)
        hops = route.hops
        memory_nodes = [n for n in route.path if network.node(n).is_memory_node]
        demand = path_memory_demand(network, route.path)
        for node, count in demand.items():
            have = network.node(node).num_memories
            if count > have:
                raise InvalidParameterError(
                    f"num_memories of {node!r}",
                    have,
                    f">= {count} for the path of request {req.name!r}",
                )
        links = []
        for i, h in enumerate(hops):
            forward = h.a == memory_nodes[i]
            link = oriented.get((id(h.link), forward))
            if link is None:  # one oriented Link per hop and direction, shared by requests
                link = oriented[(id(h.link), forward)] = _oriented(h.link, forward)
            links.append(link)
        chain = _Chain(
            sim, links, p_s, None, None, cutoff_ps, "round", "sampled",
            prefix=f"{req.name}/", on_delivery=delivered,
        )  # fmt: skip
        chain.active = False
        index_of[id(chain)] = len(chains)
        for node in demand:
            free[node] = network.node(node).num_memories
            users.setdefault(node, []).append(len(chains))
        chains.append((req, route, chain, demand))
    for req, _, chain, _ in chains:
        for i in range(chain.n):
            sim.process(chain.link_process(i), name=f"{req.name}/link{i}")
    try_start(range(len(chains)))

    if unsatisfied:
        sim.run(until=seconds_to_ps(duration))

    results: dict[str, RequestResult] = {}
    for req, route, chain, _ in chains:
        got: list[ChainPair] = (
            chain.delivered[: req.num_pairs] if req.num_pairs else chain.delivered
        )
        results[req.key] = RequestResult(
            request=req,
            route=route,
            pairs=len(got),
            delivery_times_s=np.array([ps_to_seconds(p.delivery_time_ps) for p in got]),
            fidelities=np.array([p.fidelity for p in got]),
        )
    return ScheduleResult(results, ps_to_seconds(sim.now), sim.events_processed, started)
