"""Memory-photon links: the closed form against an independent density-matrix model, and the
closed form, the vectorised Monte Carlo and the event engine against each other.

Statistics. Each engine's rate is ``n / total wall time`` of ``n`` i.i.d. geometric waiting
times (plus deterministic overhead blocks), so its relative standard error is at most
``1/sqrt(n)``; fidelities are means of a two-valued variable (signal state or 1/4), QBERs are
binomial proportions. Every comparison allows 5 standard errors: for the ~12 comparisons of
this file the chance that a correct model fails one is below 1e-5 (two-sided normal tail
5.7e-7 each), while a wrong factor in the noise weight, the wait or the read-out shifts the
means by far more than 5 s.e. at these sample sizes (checked by the brute-force tests).
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest

from qnetsim.engine import Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import AttemptTiming, Overhead, get_platform
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.platform import Platform
from qnetsim.link import (
    MemoryPhotonGenerator,
    MemoryPhotonLink,
    sample_memory_photon,
)
from qnetsim.quantum.channels import memory_noise
from qnetsim.quantum.operators import bell_state

ION = get_platform("ca_ion_ustc")
ATOM = get_platform("rb_atom_lu2026")
I2 = np.eye(2, dtype=complex)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
Z = np.diag([1.0, -1.0]).astype(complex)
PAULI = {"Z": Z, "X": X, "Y": Y}


def _noisy_node(t1_s: float = math.inf) -> Platform:
    """An ion-like node with every error switched on (values chosen for the test, not cited):
    emission errors, double excitation, a finite-T2 memory, readout and gate errors, a noisy
    detector so that noise heralds are a sizeable share."""
    emitter = dataclasses.replace(
        ION.emitter,
        emission_efficiency=0.2,
        spin_photon_depolarising=0.03,
        spin_photon_dephasing=0.02,
        double_excitation_probability=0.04,
    )
    memory = dataclasses.replace(
        ION.memory,
        t2_s=2e-3,
        t1_s=t1_s,
        use_dynamical_decoupling=False,
        t2_dd_s=None,
        readout_fidelity=(0.98, 0.96),
        single_qubit_gate_fidelity=0.99,
        initialisation_fidelity=0.98,
    )
    detector = Detector(0.7, 3e4, 100e-9, dead_time_s=0.0)
    return dataclasses.replace(
        ION, emitter=emitter, memory=memory, detector=detector, timing=AttemptTiming()
    )


def _kraus(rho: np.ndarray, ops: list[np.ndarray], qubit: int) -> np.ndarray:
    full = [np.kron(k, I2) if qubit == 0 else np.kron(I2, k) for k in ops]
    return sum(k @ rho @ k.conj().T for k in full)


def _pauli_kraus(p_i: float, p_x: float, p_z: float, p_y: float) -> list[np.ndarray]:
    return [math.sqrt(p_i) * I2, math.sqrt(p_x) * X, math.sqrt(p_z) * Z, math.sqrt(p_y) * Y]


def _brute_force(link: MemoryPhotonLink) -> tuple[float, np.ndarray, float]:
    """Success probability, delivered density matrix (memory, photon) and noise share, built
    from the hardware fields alone: click patterns enumerated, errors as Kraus maps."""
    p = link.platform
    em, mem, det = p.emitter, p.memory, link.detector
    # detection: photon detected (eta) or not; each detector's noise click
    conv_noise = p.converter.noise_rate_hz if p.converter is not None else 0.0
    t_fibre = 10 ** (-(p.fibre_attenuation_db_per_km * link.length_km) / 10)
    rate = det.dark_count_rate_hz + 0.5 * conv_noise * t_fibre * det.efficiency
    d = 1 - math.exp(-rate * det.window_s)
    capture = em.window_capture(det.window_s)
    eta = em.emission_efficiency * p.converter.efficiency * t_fibre * capture * det.efficiency
    p_signal = p_noise = 0.0
    for detected, n0, n1 in itertools.product((True, False), repeat=3):
        prob = (eta if detected else 1 - eta) * (d if n0 else 1 - d) * (d if n1 else 1 - d)
        clicks = [n0 or detected, n1]  # the photon goes to detector 0 (by symmetry)
        if sum(clicks) != 1:
            continue
        if detected:
            p_signal += prob
        else:
            p_noise += prob
    success = p_signal + p_noise
    w = p_noise / success
    # the signal state: Phi+, emission errors on the memory, double excitation, analyser
    phi = bell_state("Phi+")
    rho = np.outer(phi, phi.conj())
    dep, deph = em.spin_photon_depolarising, em.spin_photon_dephasing
    rho = _kraus(rho, _pauli_kraus(1 - 0.75 * dep, dep / 4, dep / 4, dep / 4), 0)
    rho = _kraus(rho, _pauli_kraus(1 - deph, 0, deph, 0), 0)
    g = 2 * (1 - mem.single_qubit_gate_fidelity)
    rho = _kraus(rho, _pauli_kraus(1 - 0.75 * g, g / 4, g / 4, g / 4), 0)
    z_init = 1 - mem.initialisation_fidelity
    rho = _kraus(rho, _pauli_kraus(1 - z_init, 0, z_init, 0), 0)
    p2 = em.double_excitation_probability / 2
    rho = _kraus(rho, _pauli_kraus(1 - p2, 0, p2, 0), 0)
    ez, ex = (1 - link.visibility_z) / 2, (1 - link.visibility_x) / 2
    rho = _kraus(rho, _pauli_kraus(1 - ez, ez, 0, 0), 1)  # Z-basis flips: X on the photon
    rho = _kraus(rho, _pauli_kraus(1 - ex, 0, ex, 0), 1)  # X-basis flips: Z on the photon
    noise = np.kron(np.trace(rho.reshape(2, 2, 2, 2), axis1=1, axis2=3), I2 / 2)
    rho = (1 - w) * rho + w * noise
    # the memory waits for the photon's flight and the message back (fibre length here)
    wait = 2 * link.length_km / 2e5
    ch = memory_noise(wait, mem.t1_s, mem.effective_dephasing_time_s())
    rho = _kraus(rho, list(ch.kraus_operators()), 0)
    return success, rho, w


@pytest.mark.parametrize("length_km", [0.0, 5.0, 30.0])
def test_closed_form_equals_a_density_matrix_model(length_km: float) -> None:
    link = MemoryPhotonLink(_noisy_node(), length_km, visibility_z=0.96, visibility_x=0.9)
    p, rho, w = _brute_force(link)
    assert link.success_probability == pytest.approx(p, rel=1e-12)
    assert link.noise_fraction == pytest.approx(w, rel=1e-12)
    phi = bell_state("Phi+")
    assert link.fidelity == pytest.approx(float(np.real(phi.conj() @ rho @ phi)), abs=1e-12)
    for b, op in PAULI.items():
        e = float(np.real(np.trace(np.kron(op, op) @ rho)))
        assert link.correlation(b, measured=False) == pytest.approx(e, abs=1e-12)
    # the noise share matters at these settings: the test would see a wrong weight
    assert w > 0.01 if length_km > 0 else w > 1e-3


def test_exact_memory_channel_with_t1() -> None:
    link = MemoryPhotonLink(_noisy_node(t1_s=1.5e-3), 30.0, visibility_z=0.96, visibility_x=0.9)
    _, rho, _ = _brute_force(link)
    assert np.allclose(link.delivered_density_matrix().density_matrix(), rho, atol=1e-12)
    # the Pauli twirl of the closed form keeps the diagonal Bell weights of the exact state
    phi = bell_state("Phi+")
    assert link.fidelity == pytest.approx(float(np.real(phi.conj() @ rho @ phi)), abs=1e-12)


def test_measured_correlations_include_the_readout() -> None:
    link = MemoryPhotonLink(_noisy_node(), 10.0)
    e_read = 1 - (0.98 + 0.96) / 2
    for b in ("Z", "X", "Y"):
        gate = 0.0 if b == "Z" else 2 * (1 - 0.99)
        assert link.correlation(b) == pytest.approx(
            link.correlation(b, measured=False) * (1 - gate) * (1 - 2 * e_read)
        )
    assert link.qber("Y") == pytest.approx(0.5 * (1 + link.correlation("Y")))
    assert link.measured_fidelity < link.fidelity


def _event_engine(link: MemoryPhotonLink, n: int, seed: int) -> tuple[float, list]:
    sim = Simulator(seed=seed)
    proc = sim.process(MemoryPhotonGenerator(sim, link).run(n))
    sim.run()
    return n / sim.now_s, proc.value


def _within(value: float, expected: float, se: float) -> None:
    assert abs(value - expected) <= 5 * se, (value, expected, se)


@pytest.mark.parametrize("mode", ["attempt", "sampled"])
def test_monte_carlo_agrees_with_the_closed_form(mode: str) -> None:
    link = MemoryPhotonLink(
        _noisy_node(), 30.0, bases=("Z", "X", "Y"), visibility_z=0.96, visibility_x=0.9
    )
    n = 30_000
    s = sample_memory_photon(link, n, seed=4, mode=mode)
    _within(s.rate_hz, link.rate_hz, link.rate_hz / math.sqrt(n))
    f, f_se = s.mean_fidelity()
    _within(f, link.fidelity, f_se)
    w = link.noise_fraction
    _within(s.noise_fraction, w, math.sqrt(w * (1 - w) / n))
    for b in ("Z", "X", "Y"):
        q, q_se, m = s.qber(b)
        assert m > n / 4
        _within(q, link.qber(b), q_se)


def test_event_engine_agrees_with_the_closed_form() -> None:
    link = MemoryPhotonLink(
        _noisy_node(), 30.0, bases=("Z", "X"), visibility_z=0.96, visibility_x=0.9
    )
    n = 6_000
    rate, pairs = _event_engine(link, n, seed=9)
    _within(rate, link.rate_hz, link.rate_hz / math.sqrt(n))
    fids = np.array([p.fidelity for p in pairs])
    _within(float(fids.mean()), link.fidelity, float(fids.std(ddof=1)) / math.sqrt(n))
    for b in ("Z", "X"):
        errs = np.array([p.error for p in pairs if p.basis == b], dtype=float)
        q = link.qber(b)
        _within(float(errs.mean()), q, math.sqrt(q * (1 - q) / errs.size))
    # exact timeline: the memory waits for the photon's flight and the message back
    for p in pairs[:50]:
        assert p.delivery_time_ps - p.emission_time_ps == link.herald_wait_ps
        assert p.detection_time_ps - p.emission_time_ps == link.fibre.delay_ps


def test_overheads_and_duty_cycle_three_ways() -> None:
    timing = AttemptTiming(
        overheads=(Overhead("recooling", 120e-6, every_s=90e-6),), duty_cycle=0.8
    )
    link = MemoryPhotonLink(dataclasses.replace(ATOM, timing=timing), 5.0)
    bare = MemoryPhotonLink(dataclasses.replace(ATOM, timing=AttemptTiming()), 5.0)
    assert link.rate_hz == pytest.approx(bare.rate_hz * link.duty_fraction, rel=1e-3)
    assert link.duty_fraction == pytest.approx(0.8 / (1 + 120 / 90))
    n = 4_000
    s = sample_memory_photon(link, n, seed=2, mode="sampled")
    _within(s.rate_hz, link.rate_hz, link.rate_hz / math.sqrt(n))
    rate, _ = _event_engine(link, n, seed=5)
    _within(rate, link.rate_hz, link.rate_hz / math.sqrt(n))


def test_timing_of_the_round_trip_and_spooled_fibre() -> None:
    deployed = MemoryPhotonLink(ION, 50.0)
    spooled = MemoryPhotonLink(ION, 50.0, classical_length_km=0.0)
    local = ION.emitter.attempt_duration_s
    assert deployed.herald_wait_s == pytest.approx(2 * 50.0 / 2e5)
    assert spooled.herald_wait_s == pytest.approx(50.0 / 2e5)
    assert deployed.cycle_s == pytest.approx(local + 2 * 50.0 / 2e5)
    assert spooled.cycle_s == pytest.approx(local + 50.0 / 2e5)
    assert spooled.success_probability == pytest.approx(deployed.success_probability)
    assert spooled.fidelity > deployed.fidelity  # the memory waits half as long


def test_trends_with_length_and_dark_counts() -> None:
    rows = [MemoryPhotonLink(ATOM, km) for km in (0.0, 20.0, 50.0, 100.0)]
    ps = [r.success_probability for r in rows]
    assert ps == sorted(ps, reverse=True)
    assert [r.noise_fraction for r in rows] == sorted(r.noise_fraction for r in rows)
    assert [r.fidelity for r in rows] == sorted((r.fidelity for r in rows), reverse=True)
    # attenuation: 0.35 dB/km -> the signal probability falls by 10^-0.035 per km
    assert rows[2].signal_probability / rows[1].signal_probability == pytest.approx(
        10 ** (-0.35 * 30 / 10), rel=1e-6
    )
    noisy = dataclasses.replace(ATOM.detector, dark_count_rate_hz=1e5)
    bad = MemoryPhotonLink(ATOM, 100.0, station_detector=noisy)
    assert bad.noise_fraction > 0.5 and bad.fidelity < 0.6
    assert bad.loss_budget()[0].element == "fibre (100 km)"


def test_published_examples_are_in_range() -> None:
    """Validation only (nothing is tuned): the preset nodes give memory-photon fidelities
    above the published ~0.86 (Krutyanskiy 2019, 50 km) and >= 0.785 (van Leent 2020, 20 km),
    which other setups limited by conversion noise and memory decoherence; the model shows the
    same limit when those are entered (a memory with van Leent's order of dephasing time)."""
    ion = MemoryPhotonLink(ION, 50.0, classical_length_km=0.0)
    atom = MemoryPhotonLink(ATOM, 20.0)
    assert ion.fidelity > 0.86 and atom.fidelity > 0.785
    short_t2 = dataclasses.replace(ATOM, memory=dataclasses.replace(ATOM.memory, t2_s=150e-6))
    assert MemoryPhotonLink(short_t2, 20.0).fidelity < 0.7


def test_storage_qubit_and_not_waiting() -> None:
    siv = get_platform("siv_harvard")
    node = dataclasses.replace(siv, timing=AttemptTiming(wait_for_herald=False))
    link = MemoryPhotonLink(node, 20.0, store_in_memory=True)
    assert link.cycle_ps == link.local_ps
    assert link.holding_memory is siv.memory
    n = 3_000
    rate, pairs = _event_engine(link, n, seed=1)
    _within(rate, link.rate_hz, link.rate_hz / math.sqrt(n))
    assert all(p.delivery_time_ps - p.emission_time_ps == link.herald_wait_ps for p in pairs)
    with pytest.raises(InvalidParameterError, match="wait_for_herald"):
        MemoryPhotonLink(node, 20.0)


def test_bad_inputs_are_named() -> None:
    with pytest.raises(InvalidParameterError, match=r"length_km = -1"):
        MemoryPhotonLink(ION, -1.0)
    with pytest.raises(InvalidParameterError, match=r"bases\[1\] = 'W'"):
        MemoryPhotonLink(ION, 1.0, bases=("Z", "W"))
    with pytest.raises(InvalidParameterError, match="bases"):
        MemoryPhotonLink(ION, 1.0, bases=())
    with pytest.raises(InvalidParameterError, match="distinct"):
        MemoryPhotonLink(ION, 1.0, bases=("Z", "Z"))
    with pytest.raises(InvalidParameterError, match=r"visibility_x = 1.5 .*\[0, 1\]"):
        MemoryPhotonLink(ION, 1.0, visibility_x=1.5)
    with pytest.raises(InvalidParameterError, match="fibre_loss_db"):
        MemoryPhotonLink(ION, 1.0, fibre_loss_db=-2.0)
    with pytest.raises(InvalidParameterError, match="conversion_efficiency"):
        MemoryPhotonLink(ION, 1.0, conversion_efficiency=2.0)
    with pytest.raises(InvalidParameterError, match="excitation_probability"):
        MemoryPhotonLink(get_platform("rb_ensemble_ustc"), 1.0)
    with pytest.raises(InvalidParameterError, match="platform"):
        MemoryPhotonLink(get_platform("qd_rb_vapour_imperial"), 1.0)
    link = MemoryPhotonLink(ION, 1.0)
    with pytest.raises(InvalidParameterError, match="n_pairs = 0"):
        sample_memory_photon(link, 0)
    with pytest.raises(InvalidParameterError, match="mode = 'photon'"):
        sample_memory_photon(link, 10, mode="photon")
    with pytest.raises(InvalidParameterError, match="basis = 'Q'"):
        link.qber("Q")
    with pytest.raises(InvalidParameterError, match="basis = 'Y'"):
        sample_memory_photon(link, 10, mode="sampled").qber("Y")  # Y was not measured
    with pytest.raises(InvalidParameterError, match="success probability per cycle"):
        silent = dataclasses.replace(ATOM.detector, dark_count_rate_hz=0.0)
        lossy = MemoryPhotonLink(ATOM, 2000.0, station_detector=silent)
        MemoryPhotonGenerator(Simulator(), lossy)
