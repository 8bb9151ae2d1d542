"""Routing: waiting times, the path estimate, and path choice by rate and fidelity."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import GROUP_VELOCITY_KM_PER_S, Capabilities, get_platform
from qnetsim.network.topology.builders import chain, hefei_network
from qnetsim.network.topology.network import Network
from qnetsim.network.topology.routing import (
    best_path,
    candidate_paths,
    estimate_path,
    expected_max_geometric,
    path_hops,
    rank_paths,
)


def physics_formula(p: float, n: int) -> float:
    """physics.md 6: E = sum_k (-1)^(k+1) C(n,k) / (1 - (1-p)^k)."""
    return sum(
        (-1) ** (k + 1) * math.comb(n, k) / -math.expm1(k * math.log1p(-p)) for k in range(1, n + 1)
    )


@pytest.mark.parametrize(("p", "n"), [(0.3, 4), (0.9, 2), (1e-3, 3), (1e-5, 5), (2e-6, 12)])
def test_expected_max_matches_the_closed_form(p: float, n: int) -> None:
    assert expected_max_geometric([p] * n) == pytest.approx(physics_formula(p, n), rel=1e-9)


def test_expected_max_large_n_small_p_uses_the_integral() -> None:
    # 40 hops at p = 1e-6: ~ H_40 / lambda + 1/2, the alternating sum is ill-conditioned
    p, n = 1e-6, 40
    lam = -math.log1p(-p)
    harmonic = sum(1 / k for k in range(1, n + 1))
    assert expected_max_geometric([p] * n) == pytest.approx(harmonic / lam + 0.5, rel=1e-7)


def test_expected_max_heterogeneous() -> None:
    p1, p2 = 1e-5, 3e-5
    exact = 1 / p1 + 1 / p2 - 1 / (1 - (1 - p1) * (1 - p2))
    assert expected_max_geometric([p1, p2]) == pytest.approx(exact, rel=1e-9)
    ps = [0.2, 0.05, 0.1]
    rng = np.random.default_rng(3)
    samples = rng.geometric(ps, size=(200_000, 3)).max(axis=1)
    se = samples.std() / math.sqrt(len(samples))
    assert abs(expected_max_geometric(ps) - samples.mean()) < 4 * se
    assert expected_max_geometric([1.0, 1.0]) == 1.0
    with pytest.raises(InvalidParameterError):
        expected_max_geometric([0.0])
    with pytest.raises(InvalidParameterError):
        expected_max_geometric([])


def test_one_hop_estimate_is_the_link() -> None:
    net = chain(2, "ca_ion_ustc", total_length_km=25.0)
    est = estimate_path(net, ["n0", "n1"])
    link = net.link("n0", "n1")
    assert est.rate_hz == pytest.approx(link.rate_hz, rel=1e-12)
    assert est.fidelity == pytest.approx(link.delivered_state.fidelity, rel=1e-12)
    assert est.num_hops == 1 and est.length_km == 25.0


def test_two_hop_estimate_closed_form() -> None:
    net = chain(3, "ca_ion_ustc", spacing_km=20.0)
    est = estimate_path(net, ["n0", "n1", "n2"])
    hop = net.hop("n0", "n1")
    p, tau = hop.cycle_success_probability, hop.cycle_s
    e_max = 2 / p - 1 / (1 - (1 - p) ** 2)
    t_c = 40.0 / GROUP_VELOCITY_KM_PER_S
    duty = hop.link.duty_fraction  # the preset's recooling duty cycle stretches attempting
    assert est.rate_hz == pytest.approx(1 / (tau * e_max / duty + t_c), rel=1e-9)
    mem = get_platform("ca_ion_ustc").memory
    inv_t = 2 / mem.effective_dephasing_time_s()
    w = (4 * hop.fidelity - 1) / 3
    wait = tau * (e_max - 1 / p)
    w_links = (w * (1 + 2 * math.exp(-wait * inv_t)) / 3) ** 2
    w_comm = (1 + 2 * math.exp(-t_c * inv_t)) / 3
    e = 1 - mem.mean_readout_fidelity
    w_swap = mem.two_qubit_gate_fidelity * (4 * (1 - e) ** 2 - 1) / 3
    assert est.fidelity == pytest.approx((1 + 3 * w_links * w_comm * w_swap) / 4, rel=1e-9)
    assert est.memory_nodes == ("n0", "n1", "n2")


def test_server_path_is_one_hop() -> None:
    net = hefei_network()
    est = best_path(net, "A", "B")
    assert est.path == ("A", "server", "B")
    assert est.num_hops == 1 and est.memory_nodes == ("A", "B")
    assert est.rate_hz == pytest.approx(net.hop("A", "B", via="server").rate_hz)
    assert est.length_km == pytest.approx(7.9 + 12.5)
    with pytest.raises(InvalidParameterError) as info:
        best_path(net, "A", "server")
    assert info.value.name == "destination"


def long_memory_network(direct_extra_loss_db: float) -> Network:
    """A-B direct over a lossy fibre; A-R-B over two clean half-length fibres."""
    base = get_platform("rb_atom_lu2026")
    plat = dataclasses.replace(
        base,
        name="rb_atom_long",
        memory=dataclasses.replace(base.memory, t2_s=math.inf, initialisation_fidelity=1.0),
        capabilities=Capabilities(communication_qubits=2),  # test hardware: two atoms a node
    )
    net = Network()
    for name, x in (("A", 0.0), ("R", 20.0), ("B", 40.0)):
        net.add_node(name, plat, position_km=(x, 0.0), num_memories=2)
    net.add_edge("A", "B", extra_loss_db=direct_extra_loss_db)
    net.add_edge("A", "R")
    net.add_edge("R", "B")
    return net


def test_routing_prefers_more_hops_when_they_are_better() -> None:
    net = long_memory_network(13.0)
    by_hops = candidate_paths(net, "A", "B", weight=None)
    assert by_hops[0] == ["A", "B"]  # hop count alone picks the direct, lossy fibre
    direct = estimate_path(net, ["A", "B"])
    relayed = estimate_path(net, ["A", "R", "B"])
    assert relayed.fidelity > 0.88 > direct.fidelity
    assert relayed.rate_hz > direct.rate_hz
    best = best_path(net, "A", "B", fidelity_target=0.88, weight=None)
    assert best.path == ("A", "R", "B")
    assert rank_paths(net, "A", "B", objective="fidelity")[0].path == best.path


def test_fidelity_target_trades_rate() -> None:
    net = long_memory_network(0.0)
    fast = best_path(net, "A", "B")
    assert fast.path == ("A", "R", "B")
    faithful = best_path(net, "A", "B", fidelity_target=0.93)
    assert faithful.path == ("A", "B") and faithful.rate_hz < fast.rate_hz


def test_unreachable_target_says_by_how_much() -> None:
    net = long_memory_network(10.0)
    with pytest.raises(InvalidParameterError, match="short by") as info:
        best_path(net, "A", "B", fidelity_target=0.99)
    assert info.value.name == "fidelity_target"
    with pytest.raises(InvalidParameterError):
        best_path(net, "A", "B", fidelity_target=1.5)


def test_disconnected_and_bad_arguments() -> None:
    net = long_memory_network(0.0)
    net.add_node("Z", "nv_delft")
    with pytest.raises(InvalidParameterError, match="disconnected") as info:
        best_path(net, "A", "Z")
    assert info.value.name == "destination"
    with pytest.raises(InvalidParameterError) as info:
        best_path(net, "A", "A")
    assert info.value.name == "destination"
    with pytest.raises(InvalidParameterError) as info:
        rank_paths(net, "A", "B", objective="speed")
    assert info.value.name == "objective"
    with pytest.raises(InvalidParameterError) as info:
        candidate_paths(net, "A", "B", weight="loss")
    assert info.value.name == "weight"
    with pytest.raises(InvalidParameterError, match="no edge"):
        path_hops(net, ["A", "Z"])
    with pytest.raises(InvalidParameterError):
        path_hops(hefei_network(), ["A", "server"])


@pytest.mark.parametrize(
    "ps",
    [
        [3e-5, 5e-5, 8e-5, 1e-4, 2e-4],  # 7e5 terms: the Gregory branch
        [6e-5] * 4 + [2e-4] * 3,
        [4e-5, 7e-5, 0.3, 0.9],  # fast factors summed term by term first
        [1e-3, 2e-3],
    ],
)
def test_expected_max_geometric_matches_the_direct_sum(ps: list[float]) -> None:
    lam = np.array([-math.log1p(-p) for p in ps])
    horizon = math.ceil((math.log(len(ps)) + 40.0) / lam.min())
    direct = 0.0  # sum_t P(max > t), term by term (P(max > 0) = 1)
    with np.errstate(divide="ignore"):
        for t in np.array_split(np.arange(0.0, horizon + 1.0), 20):
            direct += float(np.sum(-np.expm1(np.log1p(-np.exp(-np.outer(t, lam))).sum(axis=1))))
    assert expected_max_geometric(ps) == pytest.approx(direct, rel=1e-13)


def test_candidate_paths_are_the_k_shortest_simple_paths_of_networkx() -> None:
    import itertools

    import networkx as nx

    from qnetsim.network.topology.builders import random_geometric

    rng = np.random.default_rng(11)
    net = random_geometric(120, 25.0, "ca_ion_ustc", rng, size_km=160.0)
    giant = sorted(max(nx.connected_components(net.graph), key=len))
    for _ in range(6):
        a, b = rng.choice(len(giant), size=2, replace=False)
        src, dst = giant[int(a)], giant[int(b)]
        ours = candidate_paths(net, src, dst, k=8)
        theirs = itertools.islice(
            nx.shortest_simple_paths(net.graph, src, dst, weight="length_km"), 8
        )
        assert ours == [list(p) for p in theirs]
