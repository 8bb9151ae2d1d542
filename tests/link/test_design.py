"""The Link composition: timing, arm efficiencies, loss budget, decoherence, validation."""

from __future__ import annotations

import dataclasses
import math

import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Capabilities, get_platform
from qnetsim.hardware.conversion import FrequencyConverter
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import Link
from qnetsim.link.single_click import single_click

NV = get_platform("nv_delft")
ION = get_platform("ca_ion_ustc")


def test_arm_efficiency_is_product_of_elements() -> None:
    link = Link(ION, 20.0)
    fibre_arm = 10 ** (-ION.fibre_attenuation_db_per_km * 10.0 / 10)
    conv = ION.converter.efficiency if ION.converter else 1.0
    expected = ION.emitter.emission_efficiency * conv * fibre_arm * ION.detector.efficiency
    expected *= link.window_capture(ION) * link.detector_live_fraction
    assert link.arm_efficiencies[0] == pytest.approx(expected)
    assert 0.999 < link.detector_live_fraction < 1.0  # 50 ns dead time, ~10-100 counts/s


def _ideal_qubit(p: Platform) -> Platform:
    mem = dataclasses.replace(p.memory, initialisation_fidelity=1.0, single_qubit_gate_fidelity=1.0)
    emitter = dataclasses.replace(
        p.emitter, spin_photon_depolarising=0.0, spin_photon_dephasing=0.0,
        double_excitation_probability=0.0,
    )
    return dataclasses.replace(p, memory=mem, emitter=emitter)


def test_single_click_link_uses_closed_form() -> None:
    ion = _ideal_qubit(ION)
    link = Link(ion, 20.0)
    eta = link.arm_efficiencies[0]
    lam = math.exp(-(ION.emitter.phase_noise_sigma_rad**2) / 2)
    closed = single_click(
        ION.emitter.alpha or 0.0, eta, link.noise_click_probability, ION.emitter.hom_visibility, lam
    )
    assert link.success_probability == pytest.approx(closed.success_probability)
    assert link.attempt.fidelity == pytest.approx(closed.fidelity)


def test_midpoint_and_node_to_node_timing() -> None:
    # physics.md 9: midpoint cycle >= L/c, node-to-node >= 2L/c (c = 2e5 km/s).
    mid = Link(NV, 40.0)
    n2n = Link(NV, 40.0, geometry="node_to_node")
    local = NV.emitter.attempt_duration_s
    assert mid.cycle_s == pytest.approx(local + 40.0 / 2e5)
    assert n2n.cycle_s == pytest.approx(local + 2 * 40.0 / 2e5)
    assert mid.herald_wait_s == pytest.approx((2e-4, 2e-4))
    assert n2n.herald_wait_s == pytest.approx((4e-4, 2e-4))
    assert mid.cycle_ps == round(mid.cycle_s * 1e12)


def test_rate_scales_as_sqrt_eta_for_single_click_and_eta_for_two_photon_at_midpoint() -> None:
    lengths = [100.0, 150.0, 200.0]
    for scheme, expected in (("single-click", 0.5), ("two-photon", 1.0)):
        ps = [
            Link(NV, L, scheme=scheme, detector=_dark_free()).success_probability for L in lengths
        ]
        etas = [10 ** (-NV.fibre_attenuation_db_per_km * L / 10) for L in lengths]
        slope = (math.log(ps[-1]) - math.log(ps[0])) / (math.log(etas[-1]) - math.log(etas[0]))
        assert slope == pytest.approx(expected, abs=0.01)


def _dark_free() -> object:
    return dataclasses.replace(NV.detector, dark_count_rate_hz=0.0)


def test_multiplexing_raises_cycle_success() -> None:
    mem = dataclasses.replace(ION.memory, num_temporal_modes=10)
    # test hardware that has ten modes (the preset has one)
    plat = dataclasses.replace(ION, memory=mem, capabilities=Capabilities(max_modes=10))
    single, multi = Link(ION, 50.0), Link(plat, 50.0)
    p = multi.success_probability
    assert multi.cycle_success_probability == pytest.approx(1 - (1 - p) ** 10)
    assert multi.rate_hz > 9 * single.rate_hz


def test_storage_during_herald_lowers_fidelity_and_link_efficiency_definition() -> None:
    link = Link(NV, 50.0)
    assert link.delivered_state.fidelity < link.attempt.fidelity
    # Humphreys 2018: rate over the pair's decoherence rate, both memories counted
    t2 = NV.memory.effective_dephasing_time_s()
    assert link.link_efficiency == pytest.approx(link.rate_hz / (2 / t2))
    assert link.mean_time_s == pytest.approx(1 / link.rate_hz)


def test_conversion_noise_adds_false_clicks() -> None:
    conv = FrequencyConverter(393.0, 1550.0, 0.3, noise_rate_hz=1e4)
    quiet = Link(ION, 10.0)
    noisy = Link(dataclasses.replace(ION, converter=conv), 10.0)
    assert noisy.noise_click_probability > quiet.noise_click_probability
    silent = dataclasses.replace(ION, converter=dataclasses.replace(conv, noise_rate_hz=0.0))
    assert noisy.attempt.fidelity < Link(silent, 10.0).attempt.fidelity


def test_loss_budget_names_largest_loss_first() -> None:
    budget = Link(NV, 50.0).loss_budget()
    losses = [item.loss_db for item in budget]
    assert losses == sorted(losses, reverse=True)
    assert any("fibre arm A (25 km)" == item.element for item in budget)
    fibre = next(i for i in budget if i.element.startswith("fibre arm A"))
    assert fibre.loss_db == pytest.approx(25 * NV.fibre_attenuation_db_per_km)


def test_reflection_is_node_to_node_and_linear_in_transmission() -> None:
    siv = get_platform("siv_harvard")
    quiet = dataclasses.replace(siv.detector, dark_count_rate_hz=0.0)
    link = Link(siv, 20.0, detector=quiet)
    assert link.scheme == "reflection" and link.geometry == "node_to_node"
    longer = Link(siv, 40.0, detector=quiet)
    ratio = longer.success_probability / link.success_probability
    assert ratio == pytest.approx(10 ** (-siv.fibre_attenuation_db_per_km * 20 / 10), rel=1e-3)


def test_link_errors() -> None:
    with pytest.raises(InvalidParameterError, match="length_km = -1"):
        Link(NV, -1.0)
    with pytest.raises(InvalidParameterError, match="scheme = 'teleport'"):
        Link(NV, 1.0, scheme="teleport")
    with pytest.raises(InvalidParameterError, match="geometry = 'ring'"):
        Link(NV, 1.0, geometry="ring")
    with pytest.raises(InvalidParameterError, match=r"alpha = 1.5 is invalid; valid: \(0, 1\)"):
        Link(NV, 1.0, alpha=1.5)
    with pytest.raises(InvalidParameterError, match="scheme = 'storage'"):
        Link(get_platform("qd_rb_vapour_imperial"), 1.0)
    no_alpha = dataclasses.replace(NV, emitter=dataclasses.replace(NV.emitter, alpha=None))
    with pytest.raises(InvalidParameterError, match="node_a.emitter.alpha"):
        Link(no_alpha, 1.0)


def test_unequal_arms_at_a_station_off_the_midpoint() -> None:
    link = Link(NV, 20.0, arm_lengths_km=(5.0, 15.0))
    fa, fb = link.fibres
    assert (fa.length_km, fb.length_km) == (5.0, 15.0)
    # Each memory waits its own arm plus the longer herald return (75 us to the far node).
    assert link.herald_wait_s == pytest.approx((25e-6 + 75e-6, 75e-6 + 75e-6))
    assert link.cycle_s == pytest.approx(NV.emitter.attempt_duration_s + 150e-6)
    with pytest.raises(InvalidParameterError, match="summing to length_km"):
        Link(NV, 20.0, arm_lengths_km=(5.0, 5.0))
    with pytest.raises(InvalidParameterError, match="geometry"):
        Link(NV, 20.0, geometry="node_to_node", arm_lengths_km=(5.0, 15.0))


def test_event_engine_matches_closed_form_with_unequal_arms() -> None:
    from qnetsim.engine import Simulator
    from qnetsim.link.process import LinkGenerator

    link = Link(NV, 20.0, arm_lengths_km=(4.0, 16.0))
    sim = Simulator(seed=1)
    proc = sim.process(LinkGenerator(sim, link).run(3))
    sim.run()
    for pair in proc.value:
        waits = [pair.delivery_time_ps - e for e in pair.emission_time_ps]
        assert waits == [round(w * 1e12) for w in link.herald_wait_s]
        assert pair.fidelity == pytest.approx(link.delivered_state.fidelity, abs=1e-9)


def _with_alpha(platform: object, alpha: float) -> object:
    return dataclasses.replace(platform, emitter=dataclasses.replace(platform.emitter, alpha=alpha))  # type: ignore[call-overload, attr-defined]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"arm_lengths_km": (4.0, 16.0)},  # photonic server off the midpoint
        {"geometry": "node_to_node"},
        {"node_b": _with_alpha(ION, 0.06), "arm_lengths_km": (5.0, 15.0)},  # unlike alpha
    ],
)
def test_single_click_link_uses_each_arm_and_each_alpha(kwargs: dict[str, object]) -> None:
    link = Link(ION, 20.0, **kwargs)  # type: ignore[arg-type]
    ea, eb = link.arm_efficiencies
    assert ea != eb
    alpha_b = link.b.emitter.alpha
    closed = single_click(
        ION.emitter.alpha or 0.0,
        ea,
        link.noise_click_probability,
        link.hom_visibility,
        link.attempt_phase_coherence,
        alpha_b=alpha_b,
        eta_b=eb,
        **link.single_click_errors,
    )
    assert link.alphas == (ION.emitter.alpha, alpha_b)
    assert link.success_probability == pytest.approx(closed.success_probability, rel=1e-12)
    assert link._scheme_attempt.fidelity == pytest.approx(closed.fidelity, rel=1e-12)


def test_alpha_override_applies_to_both_nodes() -> None:
    link = Link(ION, 20.0, node_b=_with_alpha(ION, 0.06), alpha=0.1)  # type: ignore[arg-type]
    assert link.alphas == (0.1, 0.1)


def test_unequal_arms_are_no_longer_the_geometric_mean() -> None:
    # Node to node, NV: the arms differ by ~9 dB; the equal-arm formula at the geometric mean
    # efficiency (the former approximation) overestimates the fidelity by over 0.05.
    link = Link(NV, 20.0, geometry="node_to_node")
    ea, eb = link.arm_efficiencies
    d, lam = link.noise_click_probability, link.attempt_phase_coherence
    approx = single_click(NV.emitter.alpha or 0.0, math.sqrt(ea * eb), d, link.hom_visibility, lam)
    assert approx.fidelity - link.attempt.fidelity > 0.05


def test_dlcz_link_uses_each_ensemble_and_arm() -> None:
    from qnetsim.link.dlcz import dlcz

    rb = get_platform("rb_ensemble_ustc")
    other = dataclasses.replace(
        rb, emitter=dataclasses.replace(rb.emitter, excitation_probability=0.03)
    )
    link = Link(rb, 20.0, node_b=other, arm_lengths_km=(3.0, 17.0))
    ea, eb = link.arm_efficiencies
    closed = dlcz(
        rb.emitter.excitation_probability or 0.0,
        ea,
        link.noise_click_probability,
        link.hom_visibility,
        link.attempt_phase_coherence,
        excitation_probability_b=0.03,
        eta_b=eb,
    )
    assert link.excitation_probabilities == (rb.emitter.excitation_probability, 0.03)
    assert link.success_probability == pytest.approx(closed.success_probability, rel=1e-12)
    assert link.attempt.fidelity == pytest.approx(closed.fidelity, rel=1e-12)


def test_two_photon_with_an_ensemble_emits_with_the_excitation_probability() -> None:
    """A DLCZ-type emitter sends photons only when the write creates excitations (Duan et al.
    2001): the two-photon closed form takes each node's thermal source (excitation probability
    per mode, multi-excitations included) and the raw arm efficiencies, and the photon-level
    simulator uses the same numbers (agreement within 5 standard errors)."""
    import numpy as np

    from qnetsim.link.montecarlo import sample_link
    from qnetsim.link.two_photon import two_photon

    ens = get_platform("rb_ensemble_ustc")
    ens = dataclasses.replace(
        ens, emitter=dataclasses.replace(ens.emitter, excitation_probability=0.3)
    )
    link = Link(ens, 2.0, scheme="two-photon")
    ea, eb = link.arm_efficiencies
    ref = two_photon(
        ea, eb, min(link.noise_click_probability, 1 - 1e-12), link.hom_visibility,
        excitation_probability_a=0.3, excitation_probability_b=0.3,
    )
    assert link.success_probability == pytest.approx(ref.success_probability, rel=1e-12)
    s = sample_link(link, 400, np.random.default_rng(5), mode="attempt")
    mean = float(s.cycles.mean())
    se = float(s.cycles.std(ddof=1)) / math.sqrt(s.n_pairs)
    assert abs(mean - 1 / link.cycle_success_probability) < 5 * se


def test_loss_budget_uses_the_conversion_override() -> None:
    ens = get_platform("rb_ensemble_ustc")
    link = Link(ens, 22.0, scheme="two-photon", conversion_efficiency=0.33)
    conv = {i.element: i.loss_db for i in link.loss_budget()}
    assert conv["frequency conversion A"] == pytest.approx(-10 * math.log10(0.33))
    nv = dataclasses.replace(get_platform("nv_delft"), converter=None)
    plain = {i.element for i in Link(nv, 5.0).loss_budget()}
    assert not any(e.startswith("frequency conversion") for e in plain)


def test_store_in_memory_moves_the_wait_to_the_storage_memory() -> None:
    """SiV (Knaut 2024): with the transfer, the herald wait decoheres the 29Si nucleus
    (T2 2.1 s) instead of the electron (78 us), after one transfer gate modelled as
    depolarising p = 16 (1 - F) / 15 (two-qubit depolarising of entanglement fidelity F)."""
    import numpy as np

    from qnetsim.link.montecarlo import sample_link
    from qnetsim.quantum import bell_diagonal as bd
    from qnetsim.quantum.channels import bit_flip, depolarising, memory_noise

    siv = get_platform("siv_harvard")
    held = Link(siv, 35.0)
    stored = Link(siv, 35.0, store_in_memory=True)
    assert held.holding_memory("A") is siv.communication_memory
    assert stored.holding_memory("A") is siv.memory
    assert stored.coherence_time_s == siv.memory.effective_dephasing_time_s()
    p = 16 * (1 - siv.memory.two_qubit_gate_fidelity) / 15
    assert stored.transfer_depolarising("B") == pytest.approx(p)
    # then one single-qubit gate of the storage qubit and its initialisation error (X flip)
    p1 = 2 * (1 - siv.memory.single_qubit_gate_fidelity)
    x = 1 - siv.memory.initialisation_fidelity
    state = stored.attempt.state
    for node, wait in zip("AB", stored.herald_wait_s, strict=True):
        state = state.apply_channel(depolarising(p), node)
        state = state.apply_channel(depolarising(p1), node)
        state = state.apply_channel(bit_flip(x), node)
        state = state.apply_channel(memory_noise(wait, siv.memory.t1_s, siv.memory.t2_s), node)
    assert stored.delivered_state.fidelity == pytest.approx(state.fidelity("Phi+"), abs=1e-12)
    assert stored.delivered_state.fidelity > held.delivered_state.fidelity
    sample = sample_link(stored, 50, np.random.default_rng(0))
    assert float(bd.fidelity(sample.coefficients_delivered[0])) == pytest.approx(
        stored.delivered_state.fidelity, abs=1e-12
    )
    # no separate communication qubit: nothing to transfer
    assert Link(get_platform("nv_delft"), 5.0, store_in_memory=True).transfer_depolarising("A") == 0


def test_loss_budget_counts_the_excitation_probability_of_two_photon_ensembles() -> None:
    ens = get_platform("rb_ensemble_ustc")
    link = Link(ens, 22.0, scheme="two-photon")
    budget = {i.element: i.loss_db for i in link.loss_budget()}
    p_exc = ens.emitter.excitation_probability
    assert p_exc is not None
    assert budget["excitation probability A"] == pytest.approx(-10 * math.log10(p_exc))
    assert not any("excitation" in e for e in (i.element for i in Link(ens, 22.0).loss_budget()))
