"""The three computations of a repeater chain agree (issue: repeater chains).

* exact: :func:`nested_chain_distribution` (Brand, Coopmans, Elkouss 2020 recursion);
* vectorised Monte Carlo: :func:`sample_nested_chain` / :func:`sample_swap_asap_chain`;
* event simulation: :func:`simulate_chain` in ``"round"`` mode, with real messages.

The event simulation's time from a round's start to its last swap, and its state at that
swap, follow the discrete-time model; its delivery adds the swap messages' latency (the
documented offset, tested exactly). Nested and linear swap-asap protocols coincide for two
links, and in waiting time for any number of links when swaps are deterministic and there is
no cutoff. Tolerances: 5 standard errors of the sampled means.
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
from qnetsim.network.chains.exact import nested_chain_distribution
from qnetsim.network.chains.links import chain_from_links
from qnetsim.network.chains.swap_asap_montecarlo import sample_swap_asap_chain

_PRESET = get_platform("ca_ion_ustc")
assert _PRESET.converter is not None
#: A test platform with the link statistics these tests were sized for (a link takes about
#: 3300 cycles): the ion preset with a 28% converter instead of the 9.1% end-to-end figure.
#: Repeaters hold both halves until they swap: this test hardware has two communication
#: qubits per node (two ions in one trap, each entangled with its own photon, as in
#: Krutyanskiy et al., PRL 130, 050803 (2023)), so its links run in parallel.
ION = dataclasses.replace(
    _PRESET,
    converter=dataclasses.replace(_PRESET.converter, efficiency=0.28),
    capabilities=Capabilities(communication_qubits=2),
)


def des_round_samples(
    links: list[Link], n: int, **kwargs: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r = simulate_chain(
        links, n, restart="round", gate_depolarising=0.0, readout_error=0.0, **kwargs
    )  # type: ignore[arg-type]
    cyc = links[0].cycle_ps
    cycles = np.array([(p.last_swap_time_ps - p.round_start_ps) / cyc for p in r.pairs])
    fid = np.array([p.coefficients_at_last_swap[0] for p in r.pairs])
    offsets = np.array([p.delivery_time_ps - p.last_swap_time_ps for p in r.pairs])
    return cycles, fid, offsets


def within(sample: np.ndarray, expected: float) -> bool:
    return abs(sample.mean() - expected) < 5 * sample.std() / math.sqrt(sample.size) + 1e-12


@pytest.mark.parametrize(("p_swap", "cutoff_cycles"), [(1.0, None), (0.5, None), (0.5, 1500)])
def test_two_links_exact_equals_event_simulation(p_swap: float, cutoff_cycles: int | None) -> None:
    links = [Link(ION, 10.0) for _ in range(2)]
    cycle_s = links[0].cycle_s
    cutoff_s = None if cutoff_cycles is None else cutoff_cycles * cycle_s
    params = chain_from_links(links, p_swap=p_swap, cutoff_s=cutoff_s)
    exact = nested_chain_distribution(params)
    cycles, fid, offsets = des_round_samples(
        links, 1500, swap_success=p_swap, cutoff_s=cutoff_s, seed=11
    )
    assert np.allclose(cycles, np.round(cycles))
    assert within(cycles, exact.mean_cycles)
    assert within(fid, exact.mean_fidelity)
    # The offset: the repeater is 10 km from each end: 50 us for the swap message.
    assert set(offsets.tolist()) == {50_000_000}


def test_four_links_waiting_time_three_ways() -> None:
    links = [Link(ION, 10.0) for _ in range(4)]
    params = chain_from_links(links)
    exact = nested_chain_distribution(params)
    mc = sample_swap_asap_chain(params, 20_000, np.random.default_rng(3))
    cycles, fid, _ = des_round_samples(links, 1500, seed=12)
    assert within(mc.times.astype(float), exact.mean_cycles)
    assert within(cycles, exact.mean_cycles)
    # Linear swap-asap fidelity: event simulation vs vectorised Monte Carlo.
    assert within(fid, float(mc.fidelity.mean()))


@pytest.mark.parametrize(("num_links", "p_swap"), [(3, 1.0), (3, 0.5), (4, 1.0)])
def test_linear_chain_with_cutoff_monte_carlo_equals_event_simulation(
    num_links: int, p_swap: float
) -> None:
    """With three or more links the cutoff rule matters beyond two links: a qubit at a
    repeater is discarded ``tau`` after its own herald, and a swap does not reset its clock.
    The vectorised Monte Carlo and the event simulation follow the same rule. The cutoff
    (600 cycles, about a fifth of a link's mean 3300 cycles) discards most pairs, so the
    rule is exercised; 5 combined standard errors. Four links also check that the event
    engine restarts the interior links of a discarded pair in ``"round"`` mode (it used to
    stall)."""
    links = [Link(ION, 10.0) for _ in range(num_links)]
    cutoff_s = 600 * links[0].cycle_s
    params = chain_from_links(links, p_swap=p_swap, cutoff_s=cutoff_s)
    mc = sample_swap_asap_chain(params, 8000, np.random.default_rng(4))
    cycles, fid, _ = des_round_samples(links, 800, swap_success=p_swap, cutoff_s=cutoff_s, seed=13)
    t_mc = mc.times.astype(float)
    se_t = math.hypot(t_mc.std() / math.sqrt(t_mc.size), cycles.std() / math.sqrt(cycles.size))
    assert abs(t_mc.mean() - cycles.mean()) < 5 * se_t
    f_mc = mc.fidelity
    se_f = math.hypot(f_mc.std() / math.sqrt(f_mc.size), fid.std() / math.sqrt(fid.size))
    assert abs(f_mc.mean() - fid.mean()) < 5 * se_f


def test_linear_sampler_budget_stops_a_hopeless_cutoff_with_a_clear_error() -> None:
    links = [Link(ION, 10.0) for _ in range(5)]
    params = chain_from_links(links, cutoff_s=50 * links[0].cycle_s)  # ~1/70 of a link's time
    with pytest.raises(InvalidParameterError, match=r"cutoff = 50.*had not delivered after 200"):
        sample_swap_asap_chain(params, 100, np.random.default_rng(1), max_rounds=200)
    with pytest.raises(InvalidParameterError, match="max_rounds = 0"):
        sample_swap_asap_chain(params, 100, np.random.default_rng(1), max_rounds=0)
