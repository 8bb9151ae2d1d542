"""The event-driven chain against closed forms (physics.md section 6) and its offsets.

Tolerances: 5 standard errors of the sampled means.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Capabilities, get_platform
from qnetsim.link import Link
from qnetsim.network.chains.events import simulate_chain
from qnetsim.quantum import bell_diagonal as bd

#: Repeaters hold both halves until they swap: this test hardware has two communication
#: qubits per node (two ions in one trap, each entangled with its own photon, as in
#: Krutyanskiy et al., PRL 130, 050803 (2023)), so its links run in parallel.
ION = dataclasses.replace(
    get_platform("ca_ion_ustc"), capabilities=Capabilities(communication_qubits=2)
)


def mean_max_geometric(n: int, p: float) -> float:
    """physics.md 6: E[max of n Geometric(p)] = sum_k (-1)^(k+1) C(n,k) / (1 - (1-p)^k)."""
    return sum((-1) ** (k + 1) * math.comb(n, k) / (1 - (1 - p) ** k) for k in range(1, n + 1))


def ideal_memory_links(n: int, length_km: float = 10.0) -> list[Link]:
    mem = dataclasses.replace(
        ION.memory, t2_s=math.inf, t2_dd_s=None, use_dynamical_decoupling=False
    )
    plat = dataclasses.replace(ION, memory=mem)
    return [Link(plat, length_km) for _ in range(n)]


def test_round_waiting_time_is_max_of_geometric_links() -> None:
    links = [Link(ION, 10.0) for _ in range(4)]
    r = simulate_chain(
        links, 1500, seed=2, restart="round", gate_depolarising=0.0, readout_error=0.0
    )
    cyc = links[0].cycle_ps
    cycles = np.array([(p.last_swap_time_ps - p.round_start_ps) / cyc for p in r.pairs])
    assert np.allclose(cycles, np.round(cycles))  # every swap on the common cycle grid
    expected = mean_max_geometric(4, links[0].cycle_success_probability)
    assert abs(cycles.mean() - expected) < 5 * cycles.std() / math.sqrt(cycles.size)


def test_delivery_offset_is_the_swap_message_latency() -> None:
    links = [Link(ION, 10.0) for _ in range(4)]
    r = simulate_chain(links, 200, seed=4, restart="round")
    offsets = {p.delivery_time_ps - p.last_swap_time_ps for p in r.pairs}
    # Repeaters at 10, 20, 30 km of a 40 km chain: the farthest end is 30 km = 150 us away
    # for the swaps at nodes 1 and 3, which every pair's history contains.
    assert offsets == {150_000_000}


def test_ideal_memories_and_swaps_multiply_werner_parameters() -> None:
    links = ideal_memory_links(3)
    r = simulate_chain(links, 50, seed=5, gate_depolarising=0.0, readout_error=0.0)
    w_link = float(bd.werner_parameter(links[0].delivered_state.bell_diagonal().coefficients))
    # Non-Werner link states: compare the full Bell-diagonal state of the triple swap.
    c = links[0].delivered_state.bell_diagonal().coefficients
    expected = bd.swap(bd.swap(c, c), c)
    for p in r.pairs:
        assert np.allclose(p.coefficients, expected, atol=1e-12)
    assert w_link > 0


def test_swap_failures_slow_the_chain() -> None:
    links = [Link(ION, 10.0) for _ in range(2)]
    fast = simulate_chain(links, 400, seed=6, restart="round")
    slow = simulate_chain(links, 400, seed=6, restart="round", swap_success=0.5)
    assert slow.failed_swaps > 0
    assert slow.rate_hz < fast.rate_hz


def test_cutoff_discards_old_qubits_and_raises_fidelity() -> None:
    links = [Link(ION, 10.0) for _ in range(4)]
    base = simulate_chain(links, 300, seed=7)
    cut = simulate_chain(links, 300, seed=7, cutoff_s=0.05)
    assert cut.discarded_by_cutoff > 0
    assert cut.fidelities.mean() > base.fidelities.mean()
    assert cut.rate_hz < base.rate_hz


def test_single_link_chain_equals_link() -> None:
    link = Link(ION, 20.0)
    r = simulate_chain([link], 2000, seed=8)
    assert r.pairs[0].fidelity == pytest.approx(link.delivered_state.fidelity, abs=1e-6)
    gaps = np.diff([0] + [p.delivery_time_ps for p in r.pairs]) / link.cycle_ps
    assert abs(gaps.mean() - 1 / link.cycle_success_probability) < 5 * gaps.std() / math.sqrt(
        gaps.size
    )


def test_chain_errors() -> None:
    links = [Link(ION, 10.0)]
    with pytest.raises(InvalidParameterError, match="links"):
        simulate_chain([], 1)
    with pytest.raises(InvalidParameterError, match="n_pairs = 0"):
        simulate_chain(links, 0)
    with pytest.raises(InvalidParameterError, match="cutoff_s = 1e-06"):
        simulate_chain(links, 1, cutoff_s=1e-6)
    with pytest.raises(InvalidParameterError, match="restart = 'sometimes'"):
        simulate_chain(links, 1, restart="sometimes")
    with pytest.raises(InvalidParameterError, match="swap_success = 0"):
        simulate_chain(links, 1, swap_success=0.0)


def test_max_time_stops_a_hopeless_chain() -> None:
    # A cutoff far below the link time: almost every round is discarded. The time limit
    # returns what was delivered instead of running (nearly) forever.
    links = [Link(ION, 91.0, scheme="two-photon") for _ in range(4)]
    horizon_s = 50 * links[0].mean_time_s
    r = simulate_chain(links, 10, cutoff_s=0.01, max_time_s=horizon_s, seed=1)
    assert len(r.pairs) < 10
    assert r.end_time_ps <= horizon_s * 1e12
    assert r.discarded_by_cutoff > 0
