"""Vectorised link Monte Carlo: closed form, sampled and attempt modes agree.

Tolerances: 5 standard errors (computed from the samples) for sampled quantities.
"""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Capabilities, get_platform
from qnetsim.link.design import Link
from qnetsim.link.montecarlo import sample_link

PLATFORMS = ["ca_ion_ustc", "nv_delft", "rb_ensemble_ustc", "siv_harvard", "rb_atom_lu2026"]


@pytest.mark.parametrize("name", PLATFORMS)
def test_sampled_mode_matches_closed_form(name: str) -> None:
    link = Link(get_platform(name), 30.0)
    s = sample_link(link, 200_000, np.random.default_rng(3))
    # wall time per pair: cycles plus the preset's periodic overheads and duty cycle
    mean_t = float(s.waiting_times_s.mean())
    se_t = float(s.waiting_times_s.std()) / np.sqrt(s.n_pairs)
    assert abs(mean_t - link.mean_time_s) < 5 * se_t
    low, high = s.rate_ci_hz
    assert low < link.rate_hz < high or abs(s.rate_hz - link.rate_hz) < 5 * (high - low) / 3.92
    # Every sampled pair carries the closed-form delivered state (Pauli-twirled storage: the
    # fidelity is exact when only one qubit has amplitude damping; here within 1e-6).
    assert s.fidelity_delivered == pytest.approx(link.delivered_state.fidelity, abs=1e-6)


@pytest.mark.parametrize("name", PLATFORMS)
def test_attempt_mode_matches_sampled_mode(name: str) -> None:
    link = Link(get_platform(name), 30.0)
    # About 2e7 attempts at most (a few seconds); 5 standard errors hold for any count.
    n_pairs = min(4_000, max(500, int(2e7 * link.cycle_success_probability)))
    a = sample_link(link, n_pairs, np.random.default_rng(4), mode="attempt")
    mean_cycles, se_cycles = a.cycles.mean(), a.cycles.std() / np.sqrt(a.n_pairs)
    expected_cycles = 1 / link.cycle_success_probability
    assert abs(mean_cycles - expected_cycles) < 5 * se_cycles
    f, se = a.mean_fidelity()
    assert abs(f - link.delivered_state.fidelity) < 5 * se + 1e-9


def test_delivery_delay_lowers_fidelity() -> None:
    link = Link(get_platform("nv_delft"), 10.0)
    s0 = sample_link(link, 10, np.random.default_rng(0))
    s1 = sample_link(link, 10, np.random.default_rng(0), delivery_delay_s=0.1)
    assert (s1.fidelity_delivered < s0.fidelity_delivered).all()
    assert np.allclose(s1.fidelity_at_herald, s0.fidelity_at_herald)


def test_sampled_cost_is_independent_of_length() -> None:
    # Same number of random draws whatever the loss: one geometric variate per pair.
    short = sample_link(Link(get_platform("nv_delft"), 1.0), 1000, np.random.default_rng(5))
    long = sample_link(Link(get_platform("nv_delft"), 200.0), 1000, np.random.default_rng(5))
    assert short.n_pairs == long.n_pairs == 1000
    assert long.cycles.mean() > 100 * short.cycles.mean()


def test_reproducible_with_same_seed() -> None:
    link = Link(get_platform("ca_ion_ustc"), 10.0)
    a = sample_link(link, 500, np.random.default_rng(42), mode="attempt")
    b = sample_link(link, 500, np.random.default_rng(42), mode="attempt")
    assert np.array_equal(a.cycles, b.cycles)
    assert np.array_equal(a.coefficients_delivered, b.coefficients_delivered)


def test_montecarlo_errors() -> None:
    link = Link(get_platform("nv_delft"), 10.0)
    with pytest.raises(InvalidParameterError, match="mode = 'fast'"):
        sample_link(link, 10, np.random.default_rng(), mode="fast")
    with pytest.raises(InvalidParameterError, match="n_pairs = 0"):
        sample_link(link, 0, np.random.default_rng())
    with pytest.raises(InvalidParameterError, match="delivery_delay_s = -1"):
        sample_link(link, 1, np.random.default_rng(), delivery_delay_s=-1.0)


def test_hopelessly_lossy_link_is_a_clear_error_not_a_negative_rate() -> None:
    import dataclasses

    nv = get_platform("nv_delft")
    quiet = dataclasses.replace(nv.detector, dark_count_rate_hz=0.0)
    link = Link(nv, 800.0, detector=quiet)
    with pytest.raises(InvalidParameterError, match="success probability per cycle"):
        sample_link(link, 10, np.random.default_rng(1))


def _multimode_link() -> Link:
    import dataclasses

    rb = get_platform("rb_atom_lu2026")
    mem = dataclasses.replace(rb.memory, num_temporal_modes=3)
    three = Capabilities(max_modes=3)  # test hardware with three modes (the preset has one)
    return Link(dataclasses.replace(rb, memory=mem, capabilities=three), 0.0, alpha=0.4)


def test_attempt_blocks_that_split_a_cycle_do_not_double_count_it() -> None:
    # 7 attempts per block with 3 modes per cycle: before the fix, a cycle split across two
    # blocks that heralded in both halves gave two pairs, the second after 0 cycles.
    link = _multimode_link()
    assert link.num_modes == 3
    s = sample_link(link, 5_000, np.random.default_rng(8), mode="attempt", block_attempts=7)
    assert s.cycles.min() >= 1
    mean, se = s.cycles.mean(), s.cycles.std() / np.sqrt(s.n_pairs)
    assert abs(mean - 1 / link.cycle_success_probability) < 5 * se
    # The result does not depend on how attempts are blocked (whole cycles either way).
    t = sample_link(link, 5_000, np.random.default_rng(9), mode="attempt", block_attempts=1)
    assert t.cycles.min() >= 1
    assert abs(t.cycles.mean() - 1 / link.cycle_success_probability) < 5 * se * 1.5


def test_attempt_mode_refuses_a_hopelessly_lossy_link() -> None:
    import dataclasses

    nv = get_platform("nv_delft")
    quiet = dataclasses.replace(nv.detector, dark_count_rate_hz=0.0)
    link = Link(nv, 400.0, detector=quiet)
    assert link.success_probability < 1e-10
    with pytest.raises(InvalidParameterError, match="success probability per attempt"):
        sample_link(link, 1, np.random.default_rng(1), mode="attempt")


def test_unlike_nodes_and_unequal_arms_in_attempt_mode() -> None:
    # The photon-level attempts of an asymmetric link agree with its closed form.
    import dataclasses

    ion = get_platform("ca_ion_ustc")
    other = dataclasses.replace(ion, emitter=dataclasses.replace(ion.emitter, alpha=0.06))
    for kwargs in ({"arm_lengths_km": (5.0, 25.0)}, {"geometry": "node_to_node"}):
        link = Link(ion, 30.0, node_b=other, **kwargs)  # type: ignore[arg-type]
        a = sample_link(link, 4_000, np.random.default_rng(4), mode="attempt")
        mean_cycles, se_cycles = a.cycles.mean(), a.cycles.std() / np.sqrt(a.n_pairs)
        assert abs(mean_cycles - 1 / link.cycle_success_probability) < 5 * se_cycles
        f, se = a.mean_fidelity()
        assert abs(f - link.delivered_state.fidelity) < 5 * se + 1e-9
