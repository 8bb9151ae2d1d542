"""The link in the event engine agrees with the closed form and the vectorised Monte Carlo.

Tolerances: 5 standard errors of the sampled means (computed from the samples).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.engine import Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Capabilities, get_platform
from qnetsim.link.design import Link
from qnetsim.link.process import DeliveredPair, LinkGenerator
from qnetsim.units import S


def run_pairs(
    link: Link, n: int, mode: str, seed: int = 1
) -> tuple[Simulator, LinkGenerator, list[DeliveredPair]]:
    sim = Simulator(seed=seed)
    gen = LinkGenerator(sim, link, mode=mode)
    proc = sim.process(gen.run(n))
    sim.run()
    return sim, gen, proc.value


@pytest.mark.parametrize("name", ["ca_ion_ustc", "nv_delft", "rb_ensemble_ustc", "siv_harvard"])
def test_sampled_mode_rate_and_state_match_closed_form(name: str) -> None:
    link = Link(get_platform(name), 25.0)
    sim, _, pairs = run_pairs(link, 3000, "sampled")
    cycles = np.array([p.cycles for p in pairs])
    se = cycles.std() / math.sqrt(cycles.size)
    assert abs(cycles.mean() - 1 / link.cycle_success_probability) < 5 * se
    # Each pair took exactly its cycles on the cycle grid: total time is exact.
    assert sim.now == _last_delivery_ps(link, int(cycles.sum()))
    for pair in pairs[:5]:
        assert pair.fidelity == pytest.approx(link.delivered_state.fidelity, abs=1e-6)


def test_herald_messages_arrive_after_the_fibre_delay() -> None:
    link = Link(get_platform("nv_delft"), 40.0, geometry="node_to_node")
    _, _, pairs = run_pairs(link, 20, "sampled")
    arm_a = link.fibres[0].delay_ps
    for p in pairs:
        assert p.delivery_time_ps - p.herald_time_ps == arm_a  # the herald travels to node A
        assert p.herald_time_ps - p.emission_time_ps[0] == arm_a  # the photon travelled too
        assert p.emission_time_ps[1] == p.herald_time_ps  # the station is at node B


def test_attempt_mode_agrees_with_closed_form() -> None:
    link = Link(get_platform("ca_ion_ustc"), 25.0)
    sim, gen, pairs = run_pairs(link, 1500, "attempt", seed=3)
    cycles = np.array([p.cycles for p in pairs])
    assert abs(cycles.mean() - 1 / link.cycle_success_probability) < 5 * cycles.std() / math.sqrt(
        cycles.size
    )
    assert gen.attempts_simulated == cycles.sum()  # one mode: an attempt per cycle
    assert sim.now == _last_delivery_ps(gen.link, int(cycles.sum()))
    f = np.array([p.fidelity for p in pairs])
    assert abs(f.mean() - link.delivered_state.fidelity) < 5 * f.std() / math.sqrt(f.size)


def test_same_seed_same_pairs_and_different_seed_differs() -> None:
    link = Link(get_platform("ca_ion_ustc"), 10.0)
    a = [p.cycles for p in run_pairs(link, 200, "sampled", seed=5)[2]]
    b = [p.cycles for p in run_pairs(link, 200, "sampled", seed=5)[2]]
    c = [p.cycles for p in run_pairs(link, 200, "sampled", seed=6)[2]]
    assert a == b and a != c


def test_delivered_pair_state_and_qubits() -> None:
    link = Link(get_platform("ca_ion_ustc"), 10.0)
    _, _, pairs = run_pairs(link, 2, "sampled")
    assert pairs[1].state.qubits == (("link", "A", 1), ("link", "B", 1))
    assert pairs[1].state.fidelity("Phi+") == pytest.approx(pairs[1].fidelity)
    assert pairs[1].delivery_time_ps < 100 * S


def test_generator_errors() -> None:
    link = Link(get_platform("ca_ion_ustc"), 10.0)
    with pytest.raises(InvalidParameterError, match="mode = 'fast'"):
        LinkGenerator(Simulator(), link, mode="fast")
    sim = Simulator()
    gen = LinkGenerator(sim, link)
    with pytest.raises(InvalidParameterError, match="n_pairs = 0"):
        list(gen.run(0))


def test_attempt_mode_refuses_a_hopelessly_lossy_link() -> None:
    # Consistent with sampled mode (and sample_link): a clear error, not an endless loop.
    import dataclasses

    nv = get_platform("nv_delft")
    quiet = dataclasses.replace(nv.detector, dark_count_rate_hz=0.0)
    link = Link(nv, 400.0, detector=quiet)
    sim = Simulator(seed=1)
    sim.process(LinkGenerator(sim, link, mode="attempt").run(1))
    with pytest.raises(InvalidParameterError, match="success probability per attempt"):
        sim.run()
    lost = Link(nv, 800.0, detector=quiet)
    sim = Simulator(seed=1)
    sim.process(LinkGenerator(sim, lost, mode="sampled").run(1))
    with pytest.raises(InvalidParameterError, match="success probability per cycle"):
        sim.run()


def test_attempt_mode_with_several_modes_per_cycle() -> None:
    import dataclasses

    rb = get_platform("rb_atom_lu2026")
    mem = dataclasses.replace(rb.memory, num_temporal_modes=3)
    three = Capabilities(max_modes=3)  # test hardware with three modes (the preset has one)
    link = Link(dataclasses.replace(rb, memory=mem, capabilities=three), 0.0, alpha=0.4)
    sim, gen, pairs = run_pairs(link, 2000, "attempt", seed=2)
    cycles = np.array([p.cycles for p in pairs])
    assert cycles.min() >= 1
    se = cycles.std() / math.sqrt(cycles.size)
    assert abs(cycles.mean() - 1 / link.cycle_success_probability) < 5 * se
    assert sim.now == _last_delivery_ps(gen.link, int(cycles.sum()))


def _last_delivery_ps(link: Link, total_cycles: int) -> int:
    """The last cycle starts at ``wall_time_ps(K - 1)`` (overhead blocks and duty cycle
    included); its pair is delivered when the herald reaches both nodes."""
    start = link.wall_time_ps(total_cycles - 1)
    return (
        start + link.local_ps + max(f.delay_ps for f in link.fibres)
        + max(link.classical_delays_ps)
    )
