"""Builders of common topologies: chain, photonic-server star (Hefei), grid, random geometric.

Every builder places nodes at coordinates in km and sets each fibre length from them (the
chain and the star also accept explicit lengths). Memory nodes get one memory bank per fibre
port: ``num_memories = degree x platform.memory.num_memories`` (so a chain repeater holds one
pair on each side), unless ``num_memories`` is given.

Examples:
    >>> net = chain(4, "nv_delft", total_length_km=30.0)
    >>> chain_order(net), net.edge("n1", "n2").length_km
    (['n0', 'n1', 'n2', 'n3'], 10.0)
    >>> [net.node(n).role for n in chain_order(net)]
    ['end', 'repeater', 'repeater', 'end']
    >>> sorted(hefei_network().nodes_with_role("end"))
    ['A', 'B', 'C']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from qnetsim._validate import RngLike, as_rng, check_int, check_nonnegative, check_positive
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Platform
from qnetsim.network.topology.network import Network, resolve_platform
from qnetsim.network.topology.specs import memory_capacity

__all__ = [
    "HEFEI_ARMS_KM",
    "chain",
    "chain_order",
    "grid",
    "hefei_network",
    "random_geometric",
    "star",
]

#: Fibre from each Hefei node to the photonic server (km). J.-L. Liu et al., Nature 629, 579
#: (2024): links 7.9-12.5 km [S]; A and B take the quoted extremes; C = 10.0 km is an
#: ASSUMPTION (a value between them; the individual lengths were not found).
HEFEI_ARMS_KM: Mapping[str, float] = {"A": 7.9, "B": 12.5, "C": 10.0}


def _memories(net: Network, platform: Platform, degrees: Mapping[str, int]) -> None:
    for name, deg in degrees.items():
        node = net.node(name)
        wanted = max(1, deg) * platform.memory.num_memories
        net.add_node(
            name,
            platform,
            position_km=node.position_km,
            role=node.role,
            num_memories=min(wanted, memory_capacity(platform)),
        )


def chain(
    num_nodes: int,
    platform: Platform | str,
    *,
    spacing_km: float | None = None,
    total_length_km: float | None = None,
    lengths_km: Sequence[float] | None = None,
    names: Sequence[str] | None = None,
    **edge_options: Any,
) -> Network:
    """A linear chain: end nodes at both ends, repeaters between.

    Give exactly one of ``spacing_km`` (every segment), ``total_length_km`` (equal segments)
    or ``lengths_km`` (one per segment, ``num_nodes - 1`` of them). ``edge_options`` go to
    :meth:`Network.add_edge` (``scheme``, ``geometry``, ``extra_loss_db``, ...).

    Raises:
        InvalidParameterError: ``num_nodes < 2``, not exactly one length argument, a wrong
            number of lengths or names, a negative length.
    """
    n = check_int("num_nodes", num_nodes, 2)
    given = [
        k
        for k, v in (
            ("spacing_km", spacing_km),
            ("total_length_km", total_length_km),
            ("lengths_km", lengths_km),
        )
        if v is not None
    ]
    if len(given) != 1:
        raise InvalidParameterError(
            "spacing_km/total_length_km/lengths_km", given, "exactly one of them"
        )
    if spacing_km is not None:
        segs = [check_nonnegative("spacing_km", spacing_km)] * (n - 1)
    elif total_length_km is not None:
        segs = [check_nonnegative("total_length_km", total_length_km) / (n - 1)] * (n - 1)
    else:
        assert lengths_km is not None
        segs = [check_nonnegative(f"lengths_km[{i}]", x) for i, x in enumerate(lengths_km)]
        if len(segs) != n - 1:
            raise InvalidParameterError(
                "lengths_km", list(lengths_km), f"{n - 1} segment lengths for {n} nodes"
            )
    labels = [f"n{i}" for i in range(n)] if names is None else [str(x) for x in names]
    if len(labels) != n or len(set(labels)) != n:
        raise InvalidParameterError("names", names, f"{n} distinct names")
    plat = resolve_platform(platform)
    net = Network(f"chain-{n}")
    x = 0.0
    for i, name in enumerate(labels):
        role = "end" if i in (0, n - 1) else "repeater"
        wanted = (1 if role == "end" else 2) * plat.memory.num_memories
        net.add_node(
            name,
            plat,
            position_km=(x, 0.0),
            role=role,
            num_memories=min(wanted, memory_capacity(plat)),
        )
        if i < n - 1:
            x += segs[i]
    for i in range(n - 1):
        net.add_edge(labels[i], labels[i + 1], segs[i], **edge_options)
    return net


def chain_order(network: Network) -> list[str]:
    """The nodes of a chain from one end to the other (the end named first in insertion
    order first).

    Raises:
        InvalidParameterError: naming ``network`` if the graph is not a simple path (a
            cycle, a branch, or disconnected).
    """
    g = network.graph
    n = g.number_of_nodes()
    if n < 2:
        raise InvalidParameterError("network", network.name, "a path of >= 2 nodes", f"{n} node(s)")
    if not nx.is_connected(g):
        raise InvalidParameterError(
            "network",
            network.name,
            "a path (connected)",
            f"{nx.number_connected_components(g)} components",
        )
    if g.number_of_edges() != n - 1:
        cycle = nx.find_cycle(g)
        raise InvalidParameterError(
            "network",
            network.name,
            "a path (no cycle)",
            "cycle through " + ", ".join(str(u) for u, _ in cycle),
        )
    branching = [v for v in g.nodes if g.degree[v] > 2]
    if branching:
        raise InvalidParameterError(
            "network",
            network.name,
            "a path (no branch)",
            f"node {branching[0]!r} has degree {g.degree[branching[0]]}",
        )
    start = next(v for v in g.nodes if g.degree[v] == 1)
    return [str(v) for v in nx.dfs_preorder_nodes(g, start)]


def star(
    platform: Platform | str,
    arms_km: Mapping[str, float] | Sequence[float],
    *,
    server: str = "server",
    server_platform: Platform | str | None = None,
    **edge_options: Any,
) -> Network:
    """End nodes joined to a central photonic server (the heralding station).

    Nodes sit on rays from the server at ``(0, 0)`` at their arm length, evenly spread in
    angle; each end node has the platform's memory count (one fibre port). Any two end nodes
    form one hop through the server (:meth:`Network.hop` with ``via=server``).

    Args:
        platform: the end nodes' platform.
        arms_km: ``{name: arm length}``, or a sequence (names ``"A"``, ``"B"``, ...).
        server: the server's name.
        server_platform: optional platform whose detector the server uses.
        edge_options: passed to :meth:`Network.add_edge`.
    """
    if isinstance(arms_km, Mapping):
        arms = {str(k): v for k, v in arms_km.items()}
    else:
        arms = {chr(ord("A") + i) if i < 26 else f"e{i}": v for i, v in enumerate(arms_km)}
    if len(arms) < 2:
        raise InvalidParameterError("arms_km", arms_km, "at least two end nodes")
    plat = resolve_platform(platform)
    net = Network(f"star-{len(arms)}")
    net.add_node(server, server_platform, position_km=(0.0, 0.0), role="photonic_server")
    for i, (name, length) in enumerate(arms.items()):
        length = check_nonnegative(f"arms_km[{name!r}]", length)
        angle = 2 * math.pi * i / len(arms)
        net.add_node(name, plat, position_km=(length * math.cos(angle), length * math.sin(angle)))
        net.add_edge(name, server, length, **edge_options)
    return net


def hefei_network(arms_km: Mapping[str, float] = HEFEI_ARMS_KM) -> Network:
    """The three-node metropolitan network of J.-L. Liu et al., Nature 629, 579 (2024).

    Three cold-87Rb-ensemble nodes (platform ``"rb_ensemble_ustc"``) each joined by O-band
    fibre (1342 nm, 0.3 dB/km [S]) to a photonic server that stabilises the phase and performs
    the single-photon-interference measurement; any two nodes are entangled through it
    (heralding 1.93 Hz and 0.83 Hz on two-node links, about a third of that when three links
    run concurrently [S]; the server's time sharing is simulated by
    :func:`qnetsim.network.stars.events.simulate_star`).
    Arm lengths: :data:`HEFEI_ARMS_KM`.
    """
    net = star("rb_ensemble_ustc", arms_km)
    net.name = "hefei-2024"
    net.description = "J.-L. Liu et al., Nature 629, 579 (2024): 3 nodes via a photonic server"
    return net


def grid(
    rows: int, cols: int, platform: Platform | str, spacing_km: float, **edge_options: Any
) -> Network:
    """A ``rows x cols`` square grid of repeater nodes named ``"r{i}c{j}"``, ``spacing_km``
    apart; the four corners are end nodes."""
    r, c = check_int("rows", rows, 1), check_int("cols", cols, 1)
    if r * c < 2:
        raise InvalidParameterError("rows*cols", r * c, ">= 2 nodes")
    spacing = check_positive("spacing_km", spacing_km)
    plat = resolve_platform(platform)
    g = nx.grid_2d_graph(r, c)
    corners = {(0, 0), (0, c - 1), (r - 1, 0), (r - 1, c - 1)}
    net = Network(f"grid-{r}x{c}")
    for i, j in g.nodes:
        net.add_node(
            f"r{i}c{j}",
            plat,
            position_km=(j * spacing, i * spacing),
            role="end" if (i, j) in corners else "repeater",
        )
    for (i, j), (k, m) in g.edges:
        net.add_edge(f"r{i}c{j}", f"r{k}c{m}", **edge_options)
    _memories(net, plat, {f"r{i}c{j}": int(d) for (i, j), d in g.degree})
    return net


def random_geometric(
    num_nodes: int,
    radius_km: float,
    platform: Platform | str,
    rng: RngLike,
    *,
    size_km: float = 100.0,
    **edge_options: Any,
) -> Network:
    """Nodes uniform in a ``size_km`` square, joined when closer than ``radius_km``
    (:func:`networkx.random_geometric_graph` on positions drawn from ``rng``); fibre lengths
    are the straight-line distances. Nodes ``"g0"``, ``"g1"``, ... are repeaters; degree-1
    nodes are end nodes. The graph may be disconnected (routing then says so).

    Args:
        num_nodes: number of nodes, >= 2.
        radius_km: connection radius (km), > 0.
        platform: hardware platform (or its name) of every node.
        rng: a Generator or an int seed for the node positions.
        size_km: side of the square (km), > 0.
        **edge_options: passed to :meth:`Network.add_edge` for every edge.
    """
    rng = as_rng(rng)
    n = check_int("num_nodes", num_nodes, 2)
    radius = check_positive("radius_km", radius_km)
    size = check_positive("size_km", size_km)
    plat = resolve_platform(platform)
    xy = rng.uniform(0.0, size, size=(n, 2))
    pos = {i: (float(x), float(y)) for i, (x, y) in enumerate(xy)}
    g = nx.random_geometric_graph(n, radius, pos=pos)
    net = Network(f"rgg-{n}")
    for i in range(n):
        net.add_node(
            f"g{i}", plat, position_km=pos[i], role="end" if g.degree[i] <= 1 else "repeater"
        )
    for u, v in g.edges:
        net.add_edge(f"g{u}", f"g{v}", **edge_options)
    _memories(net, plat, {f"g{i}": int(d) for i, d in g.degree})
    return net
