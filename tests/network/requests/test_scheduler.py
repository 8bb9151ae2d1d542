"""Several requests over one network, competing for memories."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Capabilities, get_platform
from qnetsim.network.requests.reservations import Request
from qnetsim.network.requests.scheduler import simulate_requests
from qnetsim.network.topology.builders import chain, random_geometric

#: Test hardware: ion traps with enough ions (communication qubits) for every port of a node,
#: so repeaters hold one pair per side (Krutyanskiy et al., PRL 130, 050803 (2023) entangled
#: two ions of one trap with two photons); the preset has one ion per trap.
ION = dataclasses.replace(
    get_platform("ca_ion_ustc"), capabilities=Capabilities(communication_qubits=20)
)


def names_of(net: object) -> list[str]:
    return [n.name for n in net.nodes]  # type: ignore[attr-defined]


def test_single_request_runs_at_the_chain_rate() -> None:
    net = chain(3, ION, spacing_km=10.0)
    a, _, c = names_of(net)
    req = Request(a, c, fidelity_target=0.2, num_pairs=400)
    out = simulate_requests(net, [req], duration_s=1e5, seed=1)
    res = out.requests[req.name]
    assert res.pairs == 400
    gaps = np.diff(np.concatenate([[0.0], res.delivery_times_s]))
    # Rounds of two identical links with deterministic swaps: the mean time per pair is the
    # mean of the max of two geometric link times (physics.md 6) plus the swap message.
    hop = net.hop(a, names_of(net)[1])
    p = hop.link.cycle_success_probability
    expected_cycles = 2 / p - 1 / (1 - (1 - p) ** 2)
    expected = expected_cycles * hop.link.cycle_s + 10.0 / 2e5
    se = gaps.std() / np.sqrt(gaps.size)
    assert abs(gaps.mean() - expected) < 5 * se


def test_requests_competing_for_one_memory_slow_each_other_and_priority_wins() -> None:
    # The chain's end nodes have one memory each: only one request can hold the path.
    net = chain(3, ION, spacing_km=10.0)
    a, _, c = names_of(net)
    alone = simulate_requests(
        net, [Request(a, c, 0.2, rate_hz=1.0, name="x")], duration_s=200.0, seed=2
    )
    both = simulate_requests(
        net,
        [
            Request(a, c, 0.2, rate_hz=1.0, name="low", priority=0),
            Request(a, c, 0.2, rate_hz=1.0, name="high", priority=5),
        ],
        duration_s=200.0,
        seed=2,
    )
    total = both.requests["low"].pairs + both.requests["high"].pairs
    assert total <= 1.3 * alone.requests["x"].pairs
    assert both.requests["high"].pairs > both.requests["low"].pairs
    # One path's worth of memories: the requests take turns, round by round.
    assert both.rounds_started["high"] >= both.requests["high"].pairs


def test_random_network_with_several_requests_delivers() -> None:
    rng = np.random.default_rng(5)
    net = random_geometric(20, 35.0, ION, rng, size_km=100.0)
    ends = [n.name for n in net.nodes]
    reqs = []
    for k in range(3):
        src, dst = ends[k], ends[-1 - k]
        try:
            net.require_connected(src, dst)
        except InvalidParameterError:
            continue
        reqs.append(Request(src, dst, 0.0, num_pairs=2, name=f"r{k}"))
    assert reqs
    out = simulate_requests(net, reqs, duration_s=1e6, seed=3)
    for r in out.requests.values():
        assert r.pairs == 2
        assert np.all((r.fidelities >= 0) & (r.fidelities <= 1))


def test_scheduler_errors() -> None:
    net = chain(3, ION, spacing_km=10.0)
    a, _, c = names_of(net)
    with pytest.raises(InvalidParameterError, match="requests"):
        simulate_requests(net, [], duration_s=1.0)
    with pytest.raises(InvalidParameterError, match="distinct names"):
        simulate_requests(
            net,
            [Request(a, c, num_pairs=1, name="x"), Request(c, a, num_pairs=1, name="x")],
            duration_s=1.0,
        )
    with pytest.raises(InvalidParameterError, match="duration_s = 0"):
        simulate_requests(net, [Request(a, c, num_pairs=1)], duration_s=0.0)
