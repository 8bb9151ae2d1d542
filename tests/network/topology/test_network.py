"""Network model: nodes, edges, links, validation, networkx round trips (files:
``test_fileio.py``)."""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import GROUP_VELOCITY_KM_PER_S, AttemptTiming, Capabilities, get_platform
from qnetsim.link import Link
from qnetsim.network.topology.builders import hefei_network
from qnetsim.network.topology.network import Network

#: Test hardware with four ions per trap, each its own communication qubit and mode (the ion
#: preset has one: a node never uses more memories than its platform has).
ION4 = dataclasses.replace(
    get_platform("ca_ion_ustc"),
    name="ion4",
    capabilities=Capabilities(communication_qubits=4, max_modes=4),
)


def two_nodes(**edge: object) -> Network:
    net = Network("t")
    net.add_node("A", "ca_ion_ustc", position_km=(0.0, 0.0))
    net.add_node("B", "ca_ion_ustc", position_km=(6.0, 8.0))
    net.add_edge("A", "B", **edge)  # type: ignore[arg-type]
    return net


def test_length_defaults_to_coordinates_and_link_matches_direct_construction() -> None:
    net = two_nodes(attenuation_db_per_km=0.25, extra_loss_db=1.0)
    assert net.edge("B", "A").length_km == 10.0
    p = get_platform("ca_ion_ustc")
    ref = Link(p, 10.0, p, attenuation_db_per_km=0.25, extra_loss_db=1.0)
    link = net.link("A", "B")
    assert link.success_probability == pytest.approx(ref.success_probability, rel=1e-12)
    assert net.hop("A", "B").fidelity == pytest.approx(ref.delivered_state.fidelity, rel=1e-12)


def test_link_is_cached_and_invalidated_on_change() -> None:
    net = two_nodes()
    assert net.link("A", "B") is net.link("A", "B")
    old = net.link("A", "B")
    net.add_edge("A", "B", 20.0)
    assert net.link("A", "B") is not old
    assert net.link("A", "B").length_km == 20.0


def test_node_to_node_keeps_the_station_at_b() -> None:
    net = two_nodes(geometry="node_to_node")
    hop = net.hop("B", "A")
    assert (hop.a, hop.b) == ("A", "B")
    assert hop.link.geometry == "node_to_node"


def test_memories_are_shared_among_ports() -> None:
    net = two_nodes()
    net.add_node("C", "ca_ion_ustc", position_km=(0.0, 5.0))
    net.add_node("A", ION4, position_km=(0.0, 0.0), num_memories=4)
    net.add_edge("A", "C")
    assert net.memories_per_link("A") == 2
    assert net.link("A", "B").node_a.memory.num_memories == 2
    assert net.link("A", "B").num_modes == 1  # B has one memory


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda n: n.add_edge("A", "B", -1.0), "length_km"),
        (lambda n: n.add_edge("A", "Z", 1.0), "b"),
        (lambda n: n.add_node("C", "unicorn"), "platform"),
        (lambda n: n.add_node("C", "nv_delft", num_memories=0), "num_memories"),
        (lambda n: n.add_node("C", "nv_delft", role="router"), "role"),
        (lambda n: n.add_node("C", None), "platform"),
        (lambda n: n.add_node("S", None, role="photonic_server", num_memories=2), "num_memories"),
        (lambda n: n.add_edge("A", "B", 1.0, geometry="sideways"), "geometry"),
        (lambda n: n.add_edge("A", "A", 1.0), "b"),
        (lambda n: n.link("A", "Z"), "b"),
    ],
)
def test_errors_name_the_field(call: object, field: str) -> None:
    net = two_nodes()
    with pytest.raises(InvalidParameterError) as info:
        call(net)  # type: ignore[operator]
    assert field in info.value.name


def test_unknown_platform_lists_the_valid_names() -> None:
    with pytest.raises(InvalidParameterError, match="nv_delft"):
        Network().add_node("X", "unicorn")


def test_missing_length_without_coordinates() -> None:
    net = Network()
    net.add_node("A", "nv_delft")
    net.add_node("B", "nv_delft")
    with pytest.raises(InvalidParameterError, match="positions"):
        net.add_edge("A", "B")


def test_disconnected_nodes_are_reported() -> None:
    net = two_nodes()
    net.add_node("C", "nv_delft")
    with pytest.raises(InvalidParameterError, match="disconnected") as info:
        net.require_connected("A", "C")
    assert info.value.name == "destination"
    net.require_connected("A", "B")


def test_server_edges_and_hops() -> None:
    net = hefei_network()
    with pytest.raises(InvalidParameterError, match="photonic server"):
        net.add_node("S2", None, role="photonic_server")
        net.add_edge("S2", "server", 1.0)
    with pytest.raises(InvalidParameterError) as info:
        net.hop("A", "server")
    assert info.value.name == "b"


def test_asymmetric_server_hop() -> None:
    net = hefei_network()
    hop = net.hop("A", "B", via="server")
    la, lb = net.edge("A", "server").length_km, net.edge("B", "server").length_km
    assert (la, lb) == (7.9, 12.5)
    p = get_platform("rb_ensemble_ustc")
    sym = Link(p, la + lb, p)
    # loss is multiplicative: the total transmission is that of the symmetric link, and each
    # arm keeps its own efficiency (the asymmetric closed forms use them separately)
    (ea, eb), (sa, sb) = hop.link.arm_efficiencies, sym.arm_efficiencies
    # (up to the detectors' dead-time live fraction, which depends on the cycle: ~1e-7 here)
    assert ea * eb == pytest.approx(sa * sb, rel=1e-6)
    assert ea / eb == pytest.approx(10 ** (0.3 * (lb - la) / 10), rel=1e-12)
    # unequal arms change the DLCZ herald only slightly here (a 1.4 dB imbalance)
    assert hop.link.success_probability == pytest.approx(sym.success_probability, rel=0.03)
    assert hop.link.success_probability != pytest.approx(sym.success_probability, rel=1e-6)
    # the far node learns the herald after 2 max(La, Lb)/c
    # Hefei's published 2.76 kHz includes the communication time (inputs-2026-12.md): the
    # cycle is max(1/rate, the far node's round trip 2 max(La, Lb)/c)
    period = 1.0 / p.timing.repetition_rate_hz
    assert hop.cycle_s == pytest.approx(max(period, 2 * lb / GROUP_VELOCITY_KM_PER_S))
    bare = dataclasses.replace(p, timing=AttemptTiming())
    bare_hop = Link(bare, la + lb, bare, arm_lengths_km=(la, lb))
    assert bare_hop.cycle_s == pytest.approx(
        bare.emitter.attempt_duration_s + 2 * lb / GROUP_VELOCITY_KM_PER_S
    )
    assert hop.rate_hz == pytest.approx(
        hop.cycle_success_probability * hop.link.duty_fraction / hop.cycle_s
    )


def test_server_arms_with_different_attenuation_keep_the_total_loss() -> None:
    net = Network()
    net.add_node("S", None, role="photonic_server")
    net.add_node("A", "rb_ensemble_ustc")
    net.add_node("B", "rb_ensemble_ustc")
    net.add_edge("A", "S", 4.0, attenuation_db_per_km=0.5, extra_loss_db=1.0)
    net.add_edge("B", "S", 12.0, extra_loss_db=3.0)
    link = net.link("A", "B", via="S")
    total = sum(f.loss_db for f in link.fibres)
    assert total == pytest.approx(4.0 * 0.5 + 12.0 * 0.3 + 1.0 + 3.0)


def test_server_detector_comes_from_its_platform() -> None:
    net = Network()
    net.add_node("S", "nv_delft", role="photonic_server")
    net.add_node("A", "rb_ensemble_ustc")
    net.add_node("B", "rb_ensemble_ustc")
    net.add_edge("A", "S", 1.0)
    net.add_edge("B", "S", 1.0)
    assert net.link("A", "B", via="S").station_detector == get_platform("nv_delft").detector
    assert net.node("S").num_memories == 0


def test_a_node_never_has_more_memories_than_its_platform() -> None:
    net = Network()
    with pytest.raises(InvalidParameterError, match=r"num_memories of node 'A' = 2.*<= 1"):
        net.add_node("A", "ca_ion_ustc", position_km=(0.0, 0.0), num_memories=2)
    net.add_node("A", ION4, position_km=(0.0, 0.0), num_memories=4)
    assert net.node("A").num_memories == 4


def test_networkx_round_trip_and_plain_graph() -> None:
    net = hefei_network()
    again = Network.from_networkx(net.to_networkx())
    assert again.to_dict() == net.to_dict()
    assert Network.from_networkx(net.graph).to_dict()["edges"] == net.to_dict()["edges"]
    g = nx.Graph()
    g.add_node(1, platform="nv_delft", pos=(0.0, 0.0))
    g.add_node(2, platform=get_platform("nv_delft"), pos=(3.0, 4.0), role="repeater")
    g.add_edge(1, 2, extra_loss_db=2.0)
    plain = Network.from_networkx(g)
    assert plain.edge("1", "2").length_km == 5.0
    assert plain.node("2").role == "repeater"
    with pytest.raises(InvalidParameterError):
        Network.from_networkx(nx.DiGraph(g))
