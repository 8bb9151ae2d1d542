"""A quantum network: memory nodes, photonic servers and fibre, on a networkx graph.

:class:`Network` holds a :class:`networkx.Graph` whose nodes are :class:`NodeSpec` (position
in km, :class:`~qnetsim.hardware.Platform`, number of memories, role) and whose edges are
:class:`EdgeSpec` (fibre length, attenuation override, extra loss, scheme, geometry). Every
pair of memory nodes joined by an edge, or by two arms meeting at a photonic server, is one
elementary link, a :class:`Hop` wrapping a cached :class:`~qnetsim.link.Link`.

Roles:

* ``"end"`` and ``"repeater"``: memory nodes (``num_memories >= 1``); a repeater swaps.
* ``"photonic_server"``: a heralding station without memories (J.-L. Liu et al., Nature 629,
  579 (2024)): end nodes send photons to the server, which performs the heralding
  measurement, so any two of its neighbours get entangled *through* it. Its optional platform
  supplies only the station detector.

A photonic-server hop with arms ``L_a`` and ``L_b`` is one :class:`Link` of length
``L_a + L_b`` whose heralding station sits at the server (``arm_lengths_km``); every scheme's
closed form uses the two arm efficiencies separately, so unequal arms are exact. Per-arm
extra loss is averaged in dB and attenuation overrides are length-weighted, which keeps the
total loss exact but moves a little loss between the arms (an approximation when the arms'
extra losses differ). The Link's cycle waits for
the longer arm's herald (``local + 2 max(L_a, L_b)/c_f``) and each memory waits its own arm
plus the longer herald return.

Memories per link: a node's ``num_memories`` is shared evenly among its fibre ports (edges), so
the Link of an edge multiplexes ``max(1, num_memories // degree)`` memories of the node, times
the platform's temporal modes (an assumption: one memory bank per port).

Examples:
    >>> net = Network()
    >>> net.add_node("A", "nv_delft", position_km=(0.0, 0.0))
    >>> net.add_node("B", "nv_delft", position_km=(3.0, 4.0))
    >>> net.add_edge("A", "B")
    >>> net.edge("A", "B").length_km
    5.0
    >>> net.link("A", "B").scheme
    'single-click'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Platform
from qnetsim.link import Link
from qnetsim.network.topology.document import (
    NODE_KEYS,
    edge_arguments,
    file_error,
    network_document,
    node_arguments,
    read_document,
)
from qnetsim.network.topology.schema import EDGE_TABLE
from qnetsim.network.topology.specs import ROLES, SERVER, EdgeSpec, NodeSpec, resolve_platform

__all__ = ["ROLES", "EdgeSpec", "Hop", "Network", "NodeSpec", "resolve_platform"]


@dataclass(frozen=True)
class Hop:
    """An elementary link between two memory nodes: one edge, or two arms via a server.

    Attributes:
        a, b: the memory nodes, in the Link's order.
        link: the :class:`~qnetsim.link.Link`.
        via: the photonic server, or ``None`` for a direct edge.
        arms_km: the two arm lengths (server hops), or ``(L, 0)`` for a direct edge.
    """

    a: str
    b: str
    link: Link
    via: str | None = None
    arms_km: tuple[float, float] = (0.0, 0.0)

    @cached_property
    def cycle_s(self) -> float:
        """Attempt cycle of the Link (for unequal server arms it already waits for the longer
        arm's herald: ``Link.arm_lengths_km``)."""
        return self.link.cycle_s

    @cached_property
    def cycle_success_probability(self) -> float:
        """Probability that a cycle heralds at least one pair."""
        return self.link.cycle_success_probability

    @cached_property
    def rate_hz(self) -> float:
        """Mean pair rate of the hop alone, ``p_cycle x duty fraction / cycle``
        (:attr:`Link.rate_hz <qnetsim.link.design.Link.rate_hz>`)."""
        return self.link.rate_hz

    @cached_property
    def fidelity(self) -> float:
        """Fidelity of the delivered (herald-wait decohered) state."""
        return self.link.delivered_state.fidelity


class Network:
    """A quantum network (see the module docstring).

    Args:
        name: a label.
        description: free text.
    """

    def __init__(self, name: str = "network", description: str = "") -> None:
        self.name = name
        self.description = description
        self._graph: nx.Graph = nx.Graph()
        self._hops: dict[tuple[str, str, str | None], Hop] = {}
        # derived data (e.g. the routing adjacency), dropped whenever the network changes
        self._derived: dict[str, Any] = {}

    # --- building ------------------------------------------------------------------------
    def add_node(
        self,
        name: str,
        platform: Platform | str | None = None,
        *,
        position_km: tuple[float, float] | None = None,
        num_memories: int | None = None,
        role: str = "end",
    ) -> None:
        """Add (or replace) a node; ``platform`` may be a registered name.

        ``num_memories`` defaults to the platform's memory count (0 for a photonic server).

        Raises:
            InvalidParameterError: unknown platform, role, or ``num_memories < 1``.
        """
        plat = None if platform is None else resolve_platform(platform, f"platform of {name!r}")
        if num_memories is None:
            num_memories = 0 if role == SERVER or plat is None else plat.memory.num_memories
        spec = NodeSpec(name, plat, position_km, num_memories, role)
        self._graph.add_node(name, spec=spec)
        self._hops.clear()
        self._derived.clear()

    def add_edge(
        self,
        a: str,
        b: str,
        length_km: float | None = None,
        *,
        attenuation_db_per_km: float | None = None,
        extra_loss_db: float = 0.0,
        scheme: str | None = None,
        geometry: str = "midpoint",
    ) -> None:
        """Add (or replace) a fibre; ``length_km`` defaults to the distance between the
        nodes' coordinates.

        Raises:
            InvalidParameterError: unknown node, negative length, no length and no
                coordinates, or an edge between two photonic servers.
        """
        na, nb = self.node(a, "a"), self.node(b, "b")
        if not na.is_memory_node and not nb.is_memory_node:
            raise InvalidParameterError("b", b, "not a photonic server when a is one")
        if length_km is None:
            if na.position_km is None or nb.position_km is None:
                raise InvalidParameterError(
                    "length_km", None, "a length, or positions for both nodes", f"edge {a}-{b}"
                )
            length_km = math.dist(na.position_km, nb.position_km)
        spec = EdgeSpec(a, b, length_km, attenuation_db_per_km, extra_loss_db, scheme, geometry)
        self._graph.add_edge(a, b, spec=spec, length_km=spec.length_km)
        self._hops.clear()
        self._derived.clear()

    # --- queries -------------------------------------------------------------------------
    def fibre_matrix(self) -> tuple[list[str], dict[str, int], Any]:
        """``(names, index of each name, symmetric CSR matrix of fibre lengths)`` for
        :mod:`scipy.sparse.csgraph`, built once per state of the network (shared)."""
        cached = self._derived.get("matrix")
        if cached is None:
            from scipy.sparse import csr_matrix

            names = [str(n) for n in self._graph.nodes]
            index = {n: i for i, n in enumerate(names)}
            rows, cols, lengths = [], [], []
            for u, v, d in self._graph.edges(data="length_km"):
                for a, b in ((u, v), (v, u)):
                    rows.append(index[str(a)])
                    cols.append(index[str(b)])
                    lengths.append(float(d))
            n = len(names)
            matrix = csr_matrix((lengths, (rows, cols)), shape=(n, n))
            cached = self._derived["matrix"] = (names, index, matrix)
        return cached

    def fibre_adjacency(self) -> dict[str, dict[str, float]]:
        """``{node: {neighbour: fibre length (km)}}``, built once per state of the network
        (shared: do not modify)."""
        adj: dict[str, dict[str, float]] | None = self._derived.get("adjacency")
        if adj is None:
            adj = {
                str(u): {str(v): float(d["length_km"]) for v, d in nbrs.items()}
                for u, nbrs in self._graph.adjacency()
            }
            self._derived["adjacency"] = adj
        return adj

    @property
    def graph(self) -> nx.Graph:
        """A read-only view of the graph (node/edge attribute ``spec``; edge ``length_km``)."""
        view: nx.Graph = self._graph.copy(as_view=True)
        return view

    def __contains__(self, name: object) -> bool:
        return name in self._graph

    def __len__(self) -> int:
        return int(self._graph.number_of_nodes())

    def __iter__(self) -> Iterator[str]:
        return iter(self._graph.nodes)

    def node(self, name: str, argument: str = "node") -> NodeSpec:
        """The node ``name``; raises naming ``argument`` if there is none."""
        if name not in self._graph:
            raise InvalidParameterError(argument, name, "a node of the network", self._names())
        spec: NodeSpec = self._graph.nodes[name]["spec"]
        return spec

    def _names(self) -> str:
        names = sorted(map(str, self._graph.nodes))
        return "nodes: " + ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")

    @property
    def nodes(self) -> list[NodeSpec]:
        """All nodes, in insertion order."""
        return [d["spec"] for _, d in self._graph.nodes(data=True)]

    @property
    def edges(self) -> list[EdgeSpec]:
        """All fibres, in insertion order."""
        return [d["spec"] for _, _, d in self._graph.edges(data=True)]

    def edge(self, a: str, b: str) -> EdgeSpec:
        """The fibre between ``a`` and ``b`` (either order)."""
        self.node(a, "a")
        self.node(b, "b")
        if not self._graph.has_edge(a, b):
            raise InvalidParameterError("b", b, f"a neighbour of {a!r}", "no such edge")
        spec: EdgeSpec = self._graph.edges[a, b]["spec"]
        return spec

    def nodes_with_role(self, role: str) -> list[str]:
        """Names of the nodes with ``role``."""
        if role not in ROLES:
            raise InvalidParameterError("role", role, ", ".join(ROLES))
        return [n.name for n in self.nodes if n.role == role]

    def require_connected(self, source: str, destination: str) -> None:
        """Raise unless ``destination`` is reachable from ``source``.

        Raises:
            InvalidParameterError: naming ``destination`` (or an unknown ``source``).
        """
        self.node(source, "source")
        self.node(destination, "destination")
        if not nx.has_path(self._graph, source, destination):
            component = nx.node_connected_component(self._graph, source)
            raise InvalidParameterError(
                "destination",
                destination,
                f"a node connected to source {source!r}",
                f"disconnected; {source!r} reaches {len(component)} node(s)",
            )

    # --- links ---------------------------------------------------------------------------
    def memories_per_link(self, name: str) -> int:
        """Memories of node ``name`` available to one of its links: ``num_memories`` shared
        evenly among its fibre ports, at least 1."""
        node = self.node(name)
        return max(1, node.num_memories // max(1, int(self._graph.degree[name])))

    def _link_platform(self, name: str) -> Platform:
        cache: dict[str, Platform] = self._derived.setdefault("link_platform", {})
        plat = cache.get(name)
        if plat is None:  # one per node (not per link): Platform validation is not free
            node = self.node(name)
            assert node.platform is not None
            mem = dataclasses.replace(
                node.platform.memory, num_memories=self.memories_per_link(name)
            )
            plat = cache[name] = dataclasses.replace(node.platform, memory=mem)
        return plat

    def hop(self, a: str, b: str, via: str | None = None) -> Hop:
        """The elementary link between memory nodes ``a`` and ``b``, directly or through the
        photonic server ``via`` (cached until the network changes).

        Raises:
            InvalidParameterError: a node is not a memory node, or no such edge/arms.
        """
        key = (a, b, via)
        if key in self._hops:
            return self._hops[key]
        for arg, name in (("a", a), ("b", b)):
            if not self.node(name, arg).is_memory_node:
                raise InvalidParameterError(arg, name, "a memory node (not a photonic server)")
        hop = self._direct_hop(a, b) if via is None else self._server_hop(a, b, via)
        self._hops[key] = hop
        if via is None:  # the same Hop either way round (it keeps the edge's orientation)
            self._hops[(b, a, None)] = hop
        return hop

    def link(self, a: str, b: str, via: str | None = None) -> Link:
        """The :class:`~qnetsim.link.Link` of :meth:`hop`."""
        return self.hop(a, b, via).link

    def _direct_hop(self, a: str, b: str) -> Hop:
        e = self.edge(a, b)
        first, second = (a, b) if (e.a, e.b) == (a, b) else (b, a)
        link = Link(
            self._link_platform(first),
            e.length_km,
            self._link_platform(second),
            scheme=e.scheme,
            geometry=e.geometry,
            attenuation_db_per_km=e.attenuation_db_per_km,
            extra_loss_db=e.extra_loss_db,
        )
        return Hop(first, second, link, None, (e.length_km, 0.0))

    def _server_hop(self, a: str, b: str, via: str) -> Hop:
        server = self.node(via, "via")
        if server.is_memory_node:
            raise InvalidParameterError("via", via, "a photonic server")
        ea, eb = self.edge(a, via), self.edge(b, via)
        schemes = {e.scheme for e in (ea, eb)} - {None}
        if len(schemes) > 1:
            raise InvalidParameterError(
                f"scheme of edge {b}-{via}", eb.scheme, f"{ea.scheme!r} as on edge {a}-{via}"
            )
        la, lb = ea.length_km, eb.length_km
        total = la + lb
        atts = [
            e.attenuation_db_per_km
            if e.attenuation_db_per_km is not None
            else self._link_platform(n).fibre_attenuation_db_per_km
            for e, n in ((ea, a), (eb, b))
        ]
        if ea.attenuation_db_per_km is None and eb.attenuation_db_per_km is None:
            att = None
        else:
            att = (atts[0] * la + atts[1] * lb) / total if total > 0 else 0.5 * sum(atts)
        link = Link(
            self._link_platform(a),
            total,
            self._link_platform(b),
            scheme=schemes.pop() if schemes else None,
            geometry="midpoint",
            attenuation_db_per_km=att,
            extra_loss_db=0.5 * (ea.extra_loss_db + eb.extra_loss_db),
            detector=server.platform.detector if server.platform is not None else None,
            arm_lengths_km=(la, lb),
        )
        return Hop(a, b, link, via, (la, lb))

    # --- conversion ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The network-file document (``docs/network.md``, format_version 2): ``[network]``,
        ``[nodes.NAME]`` tables (a preset by name, a changed preset as its overrides, any
        other platform in full) and ``[[edges]]``."""
        return network_document(self.name, self.description, self.nodes, self.edges)

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        platforms: Mapping[str, Platform] | None = None,
        source: str = "<network>",
    ) -> Network:
        """Build from a network-file document (or a scenario document with ``[[edges]]``;
        the old ``[[nodes]]`` array is read with a DeprecationWarning). ``platforms``
        resolves ``platform = "NAME"`` before the registry (needed only for platforms of
        your own given by name; a node may define its platform in the file).

        Raises:
            ScenarioError: naming ``source`` and the key path (``nodes.A.emitter.alpha``,
                ``edges[0].length_km``).
        """
        doc = read_document(data, source)
        meta = doc["network"]
        net = cls(meta["name"], meta["description"])
        for name, node in doc["nodes"].items():
            platform, kwargs = node_arguments(node, source, name, platforms)
            try:
                net.add_node(name, platform, **kwargs)
            except InvalidParameterError as exc:
                raise file_error(exc, source, f"nodes.{name}", NODE_KEYS) from None
        for i, edge in enumerate(doc["edges"]):
            kwargs = edge_arguments(edge)
            a, b, length = kwargs.pop("a"), kwargs.pop("b"), kwargs.pop("length_km", None)
            try:
                net.add_edge(a, b, length, **kwargs)
            except InvalidParameterError as exc:
                raise file_error(exc, source, f"edges[{i}]", EDGE_TABLE.fields) from None
        return net

    def to_networkx(self) -> nx.Graph:
        """A copy as a plain graph with flat attributes (node: ``platform``,
        ``position_km``, ``pos``, ``num_memories``, ``role``; edge: the EdgeSpec fields,
        ``a`` and ``b`` keeping the orientation)."""
        g = nx.Graph(name=self.name, description=self.description)
        for n in self.nodes:
            attrs: dict[str, Any] = _node_attrs(n)
            if n.position_km is not None:
                attrs["pos"] = n.position_km
            g.add_node(n.name, **attrs)
        for e in self.edges:
            g.add_edge(e.a, e.b, **dataclasses.asdict(e))
        return g

    @classmethod
    def from_networkx(
        cls, graph: nx.Graph, platforms: Mapping[str, Platform] | None = None
    ) -> Network:
        """Build from a graph with the attributes of :meth:`to_networkx` (``pos`` is
        accepted for ``position_km``; node labels become ``str``).

        Raises:
            InvalidParameterError: a directed/multi graph, a label clash, or a bad attribute.
        """
        if graph.is_directed() or graph.is_multigraph():
            raise InvalidParameterError("graph", type(graph).__name__, "an undirected nx.Graph")
        labels = {n: str(n) for n in graph.nodes}
        if len(set(labels.values())) != len(labels):
            raise InvalidParameterError("graph", "node labels", "labels unique as strings")
        meta = {k: str(graph.graph[k]) for k in ("name", "description") if k in graph.graph}
        net = cls(**meta)
        for n, d in graph.nodes(data=True):
            if isinstance(d.get("spec"), NodeSpec):  # the graph of another Network
                d = _node_attrs(d["spec"])
            plat = d.get("platform")
            pos = d.get("position_km", d.get("pos"))
            net.add_node(
                labels[n],
                None if plat is None else resolve_platform(plat, f"platform of {n!r}", platforms),
                position_km=None if pos is None else tuple(pos),
                num_memories=d.get("num_memories"),
                role=d.get("role", "end"),
            )
        for u, v, d in graph.edges(data=True):
            if isinstance(d.get("spec"), EdgeSpec):
                d = dataclasses.asdict(d["spec"])
            if {d.get("a"), d.get("b")} == {u, v}:  # the stored orientation
                u, v = d["a"], d["b"]
            attrs = {k: x for k, x in d.items() if k not in ("a", "b") and x is not None}
            for key in attrs:
                if key not in _EDGE_ATTRS:
                    raise InvalidParameterError(
                        f"attribute {key!r} of edge {u}-{v}", attrs[key], ", ".join(_EDGE_ATTRS)
                    )
            length = attrs.pop("length_km", None)
            net.add_edge(labels.get(u, str(u)), labels.get(v, str(v)), length, **attrs)
        return net


_EDGE_ATTRS = tuple(f.name for f in dataclasses.fields(EdgeSpec) if f.name not in ("a", "b"))


def _node_attrs(n: NodeSpec) -> dict[str, Any]:
    # not dataclasses.asdict: it would deep-copy the Platform into a dict
    return {
        "platform": n.platform,
        "position_km": n.position_km,
        "num_memories": n.num_memories,
        "role": n.role,
    }
