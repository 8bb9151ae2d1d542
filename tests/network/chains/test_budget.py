"""Chain run budgets: estimates before a run, refusals with the estimate, the watchdog."""

from __future__ import annotations

import dataclasses

import pytest

from qnetsim.engine import Simulator
from qnetsim.errors import BudgetError, HopelessLinkError
from qnetsim.hardware import Capabilities, get_platform
from qnetsim.link import Link
from qnetsim.network.chains.budget import (
    ChainEstimate,
    check_chain_budget,
    estimate_chain_events,
    install_watchdog,
)
from qnetsim.network.chains.events import simulate_chain
from qnetsim.network.chains.nested_events import simulate_nested_chain

NV = get_platform("nv_delft")
QUIET = dataclasses.replace(NV.detector, dark_count_rate_hz=0.0)
ION = dataclasses.replace(
    get_platform("ca_ion_ustc"), capabilities=Capabilities(communication_qubits=2)
)


def test_estimate_grows_with_pairs_cutoff_and_attempt_mode() -> None:
    links = [Link(NV, 10.0)] * 2
    base = estimate_chain_events(links, 100).events
    assert estimate_chain_events(links, 1000).events == pytest.approx(10 * base)
    assert estimate_chain_events(links, 100, cutoff_s=0.01).events > base
    assert estimate_chain_events(links, 100, mode="attempt").events > 100 * base
    assert estimate_chain_events(links, 100, swap_success=0.5).events == pytest.approx(2 * base)


def test_hopeless_link_is_named_with_its_success_probability() -> None:
    links = [Link(NV, 10.0), Link(NV, 500.0, detector=QUIET)]
    with pytest.raises(HopelessLinkError, match=r"links\[1\] is hopeless") as info:
        simulate_chain(links, 5, seed=1)
    assert info.value.link == 1
    assert 0 < info.value.success_probability < 1e-12


def test_request_beyond_the_budget_is_refused_up_front() -> None:
    links = [Link(NV, 10.0)] * 4
    with pytest.raises(BudgetError, match="engine events") as info:
        simulate_nested_chain(links, 10**6, seed=1, cutoff_s=0.01)
    assert info.value.estimate is not None and info.value.estimate > 600


def test_max_time_bounds_the_estimate() -> None:
    links = [Link(NV, 10.0)] * 4
    unbounded = estimate_chain_events(links, 10**6, cutoff_s=0.01)
    bounded = estimate_chain_events(links, 10**6, cutoff_s=0.01, max_time_s=1.0)
    assert bounded.events < unbounded.events
    check_chain_budget(links, 10**6, cutoff_s=0.01, max_time_s=1.0)


def test_watchdog_stops_a_run_beyond_its_budget() -> None:
    sim = Simulator(seed=1)

    def tick() -> None:
        sim.schedule(1, tick)

    sim.schedule(0, tick)
    install_watchdog(sim, ChainEstimate(1.0, 0.0, 0, 0.5, 1e-9))
    with pytest.raises(BudgetError, match="stopped after"):
        sim.run()


def test_watchdog_does_not_change_results_and_is_not_counted() -> None:
    links = [Link(ION, 5.0)] * 2
    a = simulate_chain(links, 20, seed=4)
    b = simulate_chain(links, 20, seed=4)
    assert [p.delivery_time_ps for p in a.pairs] == [p.delivery_time_ps for p in b.pairs]
    assert a.events == b.events
