"""Attempt timing, overheads, duty cycle, herald wait, geometry and detection per element:
the closed form, the vectorised Monte Carlo and the event engine agree with each switched on.

Tolerances: rates are compared within 5 standard errors of the Monte Carlo mean waiting time
(n i.i.d. geometric cycle counts; the overhead blocks add a bounded, deterministic amount),
fidelities within 5 standard errors of the mean (or exactly when every pair is the same).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from qnetsim.engine import Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import AttemptTiming, Overhead, get_platform
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.platform import Platform
from qnetsim.link import Link, LinkGenerator, sample_link

ION = get_platform("ca_ion_ustc")
NV = get_platform("nv_delft")
SIV = get_platform("siv_harvard")


def _with_timing(p: Platform, **kwargs: object) -> Platform:
    return dataclasses.replace(p, timing=AttemptTiming(**kwargs))  # type: ignore[arg-type]


def _event_rate(link: Link, n: int, seed: int = 3) -> tuple[float, list[float]]:
    sim = Simulator(seed=seed)
    gen = LinkGenerator(sim, link)
    proc = sim.process(gen.run(n))
    sim.run()
    pairs = proc.value
    return n / sim.now_s, [p.fidelity for p in pairs]


def _assert_rate(sample_rate: float, expected: float, n: int, rel_width: float = 1.0) -> None:
    # The mean of n geometric waits has relative s.e. ~ sqrt(1-p)/sqrt(n) <= 1/sqrt(n).
    assert sample_rate == pytest.approx(expected, rel=5 * rel_width / math.sqrt(n))


@pytest.mark.parametrize(
    "overheads,duty",
    [
        ((Overhead("recooling", 120e-6, every_s=90e-6),), 1.0),  # a Ca+ node's cooling blocks
        ((Overhead("reload", 3e-3, every_attempts=50),), 1.0),
        ((Overhead("charge check", 40e-6, every_attempts=3),
          Overhead("phase stabilisation", 1e-3, every_s=5e-3)), 0.8),
    ],
)
def test_overheads_and_duty_cycle_three_ways(overheads: tuple[Overhead, ...], duty: float) -> None:
    plat = _with_timing(ION, overheads=overheads, duty_cycle=duty)
    link = Link(plat, 10.0, alpha=0.2)
    bare = Link(dataclasses.replace(ION, timing=AttemptTiming()), 10.0, alpha=0.2)
    per_s = sum(o.fraction_per_second(link.cycle_s) for o in overheads)
    assert link.duty_fraction == pytest.approx(duty / (1 + per_s))
    assert link.rate_hz == pytest.approx(bare.rate_hz * link.duty_fraction, rel=1e-3)
    n = 20_000
    mc = sample_link(link, n, np.random.default_rng(5))
    _assert_rate(mc.rate_hz, link.rate_hz, n)
    rate_events, _ = _event_rate(link, 3_000)
    _assert_rate(rate_events, link.rate_hz, 3_000)
    assert sum(t.fraction for t in link.time_budget()) == pytest.approx(1.0)


def test_overhead_blocks_are_placed_exactly_in_both_engines() -> None:
    # Every 4th cycle is followed by a 1 ms block: wall time after k cycles is exact.
    plat = _with_timing(ION, overheads=(Overhead("reload", 1e-3, every_attempts=4),))
    link = Link(plat, 0.0)
    cycle = link.cycle_ps
    assert [link.wall_time_ps(k) for k in (3, 4, 8)] == [3 * cycle, 4 * cycle + 10**9,
                                                        8 * cycle + 2 * 10**9]
    assert np.allclose(link.wall_time_s([3, 4, 8]), [3 * cycle * 1e-12, 4 * cycle * 1e-12 + 1e-3,
                                                      8 * cycle * 1e-12 + 2e-3])
    # the event engine's herald of a pair found after k cycles is in cycle k's slot
    sim = Simulator(seed=1)
    gen = LinkGenerator(sim, link)
    proc = sim.process(gen.run(50))
    sim.run()
    total = 0
    for pair in proc.value:
        total += pair.cycles
        start = link.wall_time_ps(total - 1)
        assert pair.herald_time_ps == start + link.local_ps + max(f.delay_ps for f in link.fibres)


def test_published_rate_including_communication_is_not_double_counted() -> None:
    # Hefei: 2.76 kHz is the whole cycle, herald wait included (inputs-2026-12.md).
    plat = _with_timing(
        get_platform("rb_ensemble_ustc"),
        repetition_rate_hz=2.76e3,
        rate_includes_communication=True,
    )
    link = Link(plat, 12.5)
    assert link.cycle_s == pytest.approx(1 / 2.76e3)
    excl = _with_timing(plat, repetition_rate_hz=2.76e3, rate_includes_communication=False)
    assert Link(excl, 12.5).cycle_s == pytest.approx(1 / 2.76e3 + 12.5 / 2e5)
    # a link too long for the published period: the round trip sets the cycle
    assert Link(plat, 200.0).cycle_s == pytest.approx(200.0 / 2e5)
    parts = {t.part for t in link.time_budget()}
    assert "published repetition period (communication included)" in parts


def test_cycle_parts_add_up_and_time_budget_names_them() -> None:
    plat = _with_timing(NV, initialisation_s=3e-6, local_operations_s=2e-6)
    link = Link(plat, 20.0)
    assert link.cycle_s == pytest.approx(NV.emitter.attempt_duration_s + 5e-6 + 20.0 / 2e5)
    budget = {t.part: t.fraction for t in link.time_budget()}
    assert budget["initialisation"] == pytest.approx(3e-6 / link.cycle_s)
    assert budget["herald wait (communication)"] == pytest.approx(1e-4 / link.cycle_s)


def _storage_node(p_attempt: float) -> Platform:
    """A SiV-like node: communication qubit plus a storage qubit dephased by each attempt."""
    memory = dataclasses.replace(SIV.memory, dephasing_per_attempt=p_attempt)
    plat = dataclasses.replace(SIV, memory=memory)
    return _with_timing(plat, wait_for_herald=False)


def test_attempt_trains_that_do_not_wait_three_ways() -> None:
    node = _storage_node(2e-3)
    link = Link(node, 30.0, store_in_memory=True)
    waiting = Link(dataclasses.replace(node, timing=AttemptTiming()), 30.0, store_in_memory=True)
    # the cycle drops the round trip; the pair still waits for its herald, through attempts
    assert link.cycle_s == pytest.approx(link.local_ps * 1e-12)
    assert link.rate_hz > 10 * waiting.rate_hz
    na, _ = link.attempts_during_herald_wait
    assert na == int(link.herald_wait_s[0] / (link.local_ps * 1e-12)) and na > 100
    z = 0.5 * (1 - (1 - 4e-3) ** na)
    assert link.attempt_dephasing("A") == pytest.approx(z)
    assert link.delivered_state.fidelity < waiting.delivered_state.fidelity
    n = 4_000
    mc = sample_link(link, n, np.random.default_rng(2))
    _assert_rate(mc.rate_hz, link.rate_hz, n)
    assert mc.mean_fidelity()[0] == pytest.approx(link.delivered_state.fidelity, abs=1e-9)
    rate_events, fids = _event_rate(link, 1_000)
    _assert_rate(rate_events, link.rate_hz, 1_000)
    assert np.mean(fids) == pytest.approx(link.delivered_state.fidelity, abs=1e-9)


def test_not_waiting_needs_a_storage_qubit() -> None:
    with pytest.raises(InvalidParameterError, match="wait_for_herald"):
        Link(_with_timing(ION, wait_for_herald=False), 10.0)


def test_link_efficiency_counts_both_memories() -> None:
    link = Link(ION, 10.0)
    t = ION.memory.effective_dephasing_time_s()
    assert link.pair_decoherence_rate_hz == pytest.approx(2 / t)
    assert link.link_efficiency == pytest.approx(link.rate_hz * t / 2)


def test_spooled_fibre_herald_travels_the_short_way() -> None:
    deployed = Link(NV, 50.0)
    spooled = Link(NV, 50.0, classical_length_km=0.0)
    assert spooled.success_probability == pytest.approx(deployed.success_probability, rel=1e-9)
    assert spooled.herald_wait_s[0] == pytest.approx(25.0 / 2e5)
    assert deployed.herald_wait_s[0] == pytest.approx(50.0 / 2e5)
    assert spooled.cycle_s == pytest.approx(deployed.cycle_s - 25.0 / 2e5)
    rate, fids = _event_rate(spooled, 2_000)
    _assert_rate(rate, spooled.rate_hz, 2_000)
    assert np.mean(fids) == pytest.approx(spooled.delivered_state.fidelity, abs=1e-9)


def test_measured_arm_losses_and_wavelength_override() -> None:
    link = Link(NV, 25.0, arm_loss_db=(5.6, 5.2))  # Delft's deployed arms (inputs-2026-12.md)
    assert [f.loss_db for f in link.fibres] == pytest.approx([5.6, 5.2])
    assert link.fibres[0].delay_s == pytest.approx(12.5 / 2e5)
    at_1550 = Link(NV, 25.0, wavelength_nm=1550.0)
    assert at_1550.fibres[0].wavelength_nm == 1550.0
    assert at_1550.fibres[0].attenuation_db_per_km != NV.fibre_attenuation_db_per_km
    with pytest.raises(InvalidParameterError, match="arm_loss_db"):
        Link(NV, 25.0, arm_loss_db=(1.0,))  # type: ignore[arg-type]


def test_station_detector_is_the_receiving_nodes_for_node_to_node() -> None:
    b = dataclasses.replace(NV, detector=Detector(0.9, 1.0, 30e-9))
    mid = Link(NV, 10.0, node_b=b)
    n2n = Link(NV, 10.0, node_b=b, geometry="node_to_node")
    assert mid.station_detector is NV.detector
    assert n2n.station_detector is b.detector


def test_window_against_wave_packet_trades_signal_for_noise() -> None:
    emitter = dataclasses.replace(ION.emitter, photon_length_s=20e-9, photon_shape="gaussian")
    rows = []
    for window in (5e-9, 20e-9, 100e-9, 1e-6):
        det = dataclasses.replace(ION.detector, window_s=window, dark_count_rate_hz=2e4)
        link = Link(dataclasses.replace(ION, emitter=emitter, detector=det), 10.0)
        rows.append((link.window_capture(link.node_a), link.noise_click_probability,
                     link.attempt.fidelity, link.rate_hz))
    captures, noises, fids, rates = zip(*rows, strict=True)
    assert list(captures) == sorted(captures) and captures[-1] == pytest.approx(1.0)
    assert list(noises) == sorted(noises)
    # the trade-off: a narrower window cuts the rate and raises the fidelity
    assert list(rates) == sorted(rates)
    assert list(fids) == sorted(fids, reverse=True)


def test_dead_time_lowers_efficiency_with_a_high_count_rate() -> None:
    det = dataclasses.replace(ION.detector, dark_count_rate_hz=1e6, dead_time_s=1e-6)
    link = Link(dataclasses.replace(ION, detector=det), 10.0)
    assert link.detector_live_fraction == pytest.approx(1 / (1 + 1e6 * 1e-6), rel=1e-3)


def test_bad_timing_inputs_are_named() -> None:
    with pytest.raises(InvalidParameterError, match=r"duty_cycle = 1.5 .*valid: \(0, 1\]"):
        AttemptTiming(duty_cycle=1.5)
    with pytest.raises(InvalidParameterError, match="duration_s = -0.1"):
        Overhead("reload", -0.1, every_attempts=10)
    with pytest.raises(InvalidParameterError, match="initialisation_s = -1"):
        AttemptTiming(initialisation_s=-1.0)
    with pytest.raises(InvalidParameterError, match="exactly one of every_attempts and every_s"):
        Overhead("reload", 0.1)
    with pytest.raises(InvalidParameterError, match="rate_includes_communication"):
        AttemptTiming(repetition_rate_hz=1e3)
    with pytest.raises(InvalidParameterError, match="double_excitation_probability = 1.2"):
        dataclasses.replace(ION.emitter, double_excitation_probability=1.2)
    with pytest.raises(InvalidParameterError, match="photon_length_s = -1"):
        dataclasses.replace(ION.emitter, photon_length_s=-1e-9)
