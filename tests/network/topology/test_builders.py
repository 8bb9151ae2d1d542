"""Builders: chain, star / Hefei, grid, random geometric graphs."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Capabilities, get_platform
from qnetsim.network.topology.builders import (
    HEFEI_ARMS_KM,
    chain,
    chain_order,
    grid,
    hefei_network,
    random_geometric,
    star,
)
from qnetsim.network.topology.network import Network


def test_chain_shape_and_lengths() -> None:
    net = chain(5, "nv_delft", spacing_km=12.5)
    order = chain_order(net)
    assert order == [f"n{i}" for i in range(5)]
    assert [net.node(n).role for n in order] == ["end"] + ["repeater"] * 3 + ["end"]
    assert [net.node(n).num_memories for n in order] == [1, 2, 2, 2, 1]
    assert all(e.length_km == 12.5 for e in net.edges)
    assert net.node("n4").position_km == (50.0, 0.0)
    assert chain(3, "nv_delft", total_length_km=30.0).edge("n0", "n1").length_km == 15.0
    custom = chain(3, "nv_delft", lengths_km=[4.0, 6.0], names=["x", "y", "z"], extra_loss_db=1.0)
    assert custom.edge("y", "z").length_km == 6.0
    assert custom.edge("x", "y").extra_loss_db == 1.0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"num_nodes": 1, "spacing_km": 1.0}, "num_nodes"),
        ({"num_nodes": 3}, "spacing_km"),
        ({"num_nodes": 3, "spacing_km": 1.0, "total_length_km": 2.0}, "spacing_km"),
        ({"num_nodes": 3, "lengths_km": [1.0]}, "lengths_km"),
        ({"num_nodes": 3, "spacing_km": -1.0}, "spacing_km"),
        ({"num_nodes": 3, "spacing_km": 1.0, "names": ["a", "a", "b"]}, "names"),
    ],
)
def test_chain_errors(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        chain(platform="nv_delft", **kwargs)  # type: ignore[arg-type]
    assert field in info.value.name


def _net(edges: list[tuple[str, str]], nodes: str = "abcd") -> Network:
    net = Network("spec")
    for n in nodes:
        net.add_node(n, "nv_delft")
    for u, v in edges:
        net.add_edge(u, v, 1.0)
    return net


def test_chain_order_rejects_non_paths() -> None:
    assert chain_order(_net([("c", "b"), ("a", "c"), ("b", "d")])) == ["a", "c", "b", "d"]
    with pytest.raises(InvalidParameterError, match="cycle"):
        chain_order(_net([("a", "b"), ("b", "c"), ("c", "a")], "abc"))
    with pytest.raises(InvalidParameterError, match="branch"):
        chain_order(_net([("a", "b"), ("a", "c"), ("a", "d")]))
    with pytest.raises(InvalidParameterError, match="components"):
        chain_order(_net([("a", "b"), ("c", "d")]))
    with pytest.raises(InvalidParameterError) as info:
        chain_order(_net([], "a"))
    assert info.value.name == "network"


def test_hefei_star() -> None:
    net = hefei_network()
    assert net.nodes_with_role("photonic_server") == ["server"]
    assert sorted(net.nodes_with_role("end")) == ["A", "B", "C"]
    for name, arm in HEFEI_ARMS_KM.items():
        assert 7.9 <= arm <= 12.5
        assert net.edge(name, "server").length_km == arm
        pos = net.node(name).position_km
        assert pos is not None and math.hypot(*pos) == pytest.approx(arm)
        assert net.node(name).platform is not None
    assert net.link("A", "C", via="server").length_km == pytest.approx(7.9 + 10.0)
    assert net.graph.number_of_edges() == 3


def test_star_from_a_sequence() -> None:
    net = star("nv_delft", [1.0, 2.0, 3.0, 4.0], server="hub")
    assert sorted(net.nodes_with_role("end")) == ["A", "B", "C", "D"]
    assert net.edge("D", "hub").length_km == 4.0
    with pytest.raises(InvalidParameterError):
        star("nv_delft", [1.0])
    with pytest.raises(InvalidParameterError) as info:
        star("nv_delft", {"A": 1.0, "B": -2.0})
    assert "arms_km" in info.value.name


def test_grid() -> None:
    net = grid(3, 4, "ca_ion_ustc", 5.0)
    g = net.graph
    assert g.number_of_nodes() == 12
    assert g.number_of_edges() == 2 * 3 * 4 - 3 - 4
    assert all(e.length_km == pytest.approx(5.0) for e in net.edges)
    assert sorted(net.nodes_with_role("end")) == ["r0c0", "r0c3", "r2c0", "r2c3"]
    # one bank per port, but never more memories than the platform has (one ion per trap)
    assert net.node("r1c1").num_memories == 1
    ions = dataclasses.replace(
        get_platform("ca_ion_ustc"), capabilities=Capabilities(communication_qubits=4)
    )
    net = grid(3, 4, ions, 5.0)
    assert net.node("r1c1").num_memories == 4
    assert net.node("r0c0").num_memories == 2
    with pytest.raises(InvalidParameterError):
        grid(1, 1, "nv_delft", 1.0)


def test_random_geometric_is_seeded_and_geometric() -> None:
    a = random_geometric(25, 30.0, "nv_delft", np.random.default_rng(7))
    b = random_geometric(25, 30.0, "nv_delft", np.random.default_rng(7))
    assert a.to_dict() == b.to_dict()
    pos = {n.name: n.position_km for n in a.nodes}
    for u in pos:
        for v in pos:
            if u < v:
                d = math.dist(pos[u], pos[v])  # type: ignore[arg-type]
                assert a.graph.has_edge(u, v) == (d <= 30.0)
    for e in a.edges:
        assert e.length_km == pytest.approx(math.dist(pos[e.a], pos[e.b]))  # type: ignore[arg-type]
    assert all(0 <= x <= 100.0 for p in pos.values() for x in p)  # type: ignore[union-attr]
    with pytest.raises(InvalidParameterError) as info:
        random_geometric(5, 1.0, "nv_delft", "x")  # type: ignore[arg-type]
    assert info.value.name == "rng"
