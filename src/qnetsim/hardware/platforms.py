"""Platform presets: the hardware of the experiments in ``shared/reference/experiments.md``.

Each preset is a :class:`~qnetsim.hardware.platform.Platform` (emitter, memory, converter,
detector, fibre defaults, notes). Every numeric field of every component has an entry in
``citations`` (keys ``"component.field"``), giving the paper (and where possible the section)
or starting with ``"ASSUMPTION:"`` and the reasoning.
Tags: [A] from the paper's abstract; [S] from secondary compilations listed in
experiments.md (not re-checked in the paper). Presets are inputs: none was tuned to reproduce
a published output. ``docs/platforms.md`` tabulates them.

Examples:
    >>> p = get_platform("nv_delft")
    >>> p.emitter.alpha, p.detector.efficiency
    (0.25, 0.6)
    >>> p.fibre(10.0).wavelength_nm
    1588.0
    >>> sorted(PLATFORMS)[:2]
    ['ca_ion_ustc', 'nv_delft']
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.conversion import get_converter
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.emitter import Emitter
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import ASSUMPTION_PREFIX, Platform
from qnetsim.hardware.source import SinglePhotonSource

__all__ = [
    "ASSUMPTION_PREFIX",
    "PLATFORMS",
    "Platform",
    "get_platform",
    "platform_names",
]


def _a(reason: str) -> str:
    return f"{ASSUMPTION_PREFIX} {reason}"


_NO_GATES = _a("ensemble memories perform no local gates in these experiments: ideal (1.0)")
_SNSPD_DEAD = _a("typical SNSPD recovery ~50 ns; not from the paper")
_INF_T1 = _a("T1 of the qubit (ground-state/nuclear encoding) far exceeds every other time: inf")

# --- 1. Rb ensembles in ring cavities, USTC (Yu 2020; J.-L. Liu 2024) ----------------------
_RB_ENSEMBLE = Platform(
    name="rb_ensemble_ustc",
    description="Cold 87Rb ensembles in ring cavities, DLCZ + QFC to 1342 nm (USTC)",
    scheme="dlcz-single-photon",
    emitter=Emitter(
        wavelength_nm=795.0,
        emission_efficiency=0.3,
        attempt_duration_s=1.0 / 2.8e3,
        excitation_probability=0.01,
        hom_visibility=0.9,
        phase_noise_sigma_rad=0.3,
    ),
    memory=Memory(
        t2_s=560e-6,
        retrieval_efficiency_0=0.5,
        retrieval_lifetime_s=560e-6,
        retrieval_decay="gaussian",
    ),
    detector=Detector(efficiency=0.5, dark_count_rate_hz=10.0, window_s=100e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=0.3,
    fibre_wavelength_nm=1342.0,
    converter=get_converter("liu2024_795_1342"),
    notes=(
        "Yu 2020 used the same node design with 33% QFC (converter 'yu2020_795_1342') over "
        "22 km field fibre (TPI) and 50 km spool (SPI). Liu 2024 reports attempt rates of "
        "1-2.8 kHz, heralding 6.9e-4 to 8.0e-4 per attempt [S]; these are outputs for "
        "validation, not inputs. The spin-wave memory has no gates; its fidelity loss is "
        "modelled by t2_s and the retrieval decay."
    ),
    citations={
        "emitter.wavelength_nm": "Yu et al., Nature 578, 240 (2020): Rb D1 795 nm [S]",
        "emitter.emission_efficiency": _a(
            "0.3: cavity-enhanced retrieval into fibre per excitation (retrieval x fibre "
            "coupling); not found in the sources available (uncertain x2)"
        ),
        "emitter.attempt_duration_s": "J.-L. Liu et al., Nature 629, 579 (2024): attempt rates "
        "1-2.8 kHz [S]; 1/2.8 kHz taken as the local cycle (upper bound of the rate)",
        "emitter.excitation_probability": _a(
            "0.01: low-excitation DLCZ regime (multi-excitation admixture ~p, Sangouard RMP "
            "2011 s.IV); not found for these experiments"
        ),
        "emitter.hom_visibility": _a("0.9 for independent ensembles after QFC; not found"),
        "emitter.phase_noise_sigma_rad": _a(
            "0.3 rad residual phase noise of the stabilised SPI architecture; not found"
        ),
        "memory.t2_s": "J.-L. Liu et al. 2024: storage up to 560 us demonstrated [S]; used as "
        "the coherence time (a lower bound on it)",
        "memory.t1_s": _INF_T1,
        "memory.retrieval_efficiency_0": _a(
            "0.5 intrinsic cavity-enhanced retrieval at t = 0; not found (uncertain)"
        ),
        "memory.retrieval_lifetime_s": "J.-L. Liu et al. 2024: storage up to 560 us [S]; "
        "used as the Gaussian (motional dephasing) lifetime - an assumption on the shape",
        "memory.two_qubit_gate_fidelity": _NO_GATES,
        "memory.single_qubit_gate_fidelity": _NO_GATES,
        "memory.readout_fidelity": _a("photonic read-out: errors counted in the detector"),
        "memory.initialisation_fidelity": _a("ideal optical pumping (1.0)"),
        "memory.num_memories": "J.-L. Liu et al. 2024: one ensemble memory per node [A]",
        "memory.num_temporal_modes": _a("no temporal multiplexing in these experiments (1)"),
        "detector.efficiency": _a("0.5 SNSPD at 1342 nm incl. filtering; not found"),
        "detector.dark_count_rate_hz": _a("10 Hz SNSPD dark counts; not found"),
        "detector.window_s": _a("100 ns window for ~100 ns long ensemble photons; not found"),
        "detector.dead_time_s": _SNSPD_DEAD,
        "fibre_attenuation_db_per_km": "J.-L. Liu et al. 2024: 0.3 dB/km at 1342 nm [S]",
        "fibre_wavelength_nm": "Yu 2020 / J.-L. Liu 2024: 1342 nm after QFC [S]",
    },
)

# --- 2. NV centres, Delft (Stolk 2024) ------------------------------------------------------
_NV = Platform(
    name="nv_delft",
    description="NV centres, Delft-The Hague, single-click over deployed fibre (Stolk 2024)",
    scheme="single-click",
    emitter=Emitter(
        wavelength_nm=637.0,
        emission_efficiency=1e-3,
        attempt_duration_s=10e-6,
        alpha=0.25,
        hom_visibility=0.79,
        phase_noise_sigma_rad=math.radians(30.0),
    ),
    memory=Memory(
        t2_s=5e-6,
        t1_s=math.inf,
        t2_dd_s=0.4,
        use_dynamical_decoupling=True,
        two_qubit_gate_fidelity=0.97,
        single_qubit_gate_fidelity=0.999,
        readout_fidelity=(0.95, 0.995),
        initialisation_fidelity=0.99,
    ),
    detector=Detector(efficiency=0.6, dark_count_rate_hz=20.0, window_s=30e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=0.45,
    fibre_wavelength_nm=1588.0,
    converter=get_converter("stolk2024_637_1588"),
    notes=(
        "Stolk 2024: nodes 10 km apart over 25 km deployed fibre; 7.2e-6 per attempt, 0.022 "
        "Hz fully heralded, F = 0.534(15) [S] are outputs for validation. The electron spin "
        "is both communication and storage qubit in this experiment."
    ),
    citations={
        "emitter.wavelength_nm": "Stolk et al., Sci. Adv. 10, eadp6442 (2024): NV ZPL 637 nm",
        "emitter.emission_efficiency": _a(
            "1e-3 ZPL photon into fibre per attempt (ZPL fraction ~3% x collection); "
            "order of magnitude from Humphreys et al., Nature 558, 268 (2018), whose lab "
            "detection probability was ~4e-4 including detectors; uncertain x3"
        ),
        "emitter.attempt_duration_s": "Stolk et al. 2024: 10 us cycle [S]",
        "emitter.alpha": "Stolk et al. 2024: alpha = 0.25 [S]",
        "emitter.hom_visibility": "Stolk et al., PRX Quantum 3, 020359 (2022): HOM visibility "
        "0.79(3) of frequency-converted photons from remote NVs (TU Delft repository "
        "abstract)",
        "emitter.phase_noise_sigma_rad": "Delft phase synchronisation of the NV metropolitan "
        "link, arXiv:2408.12464 (abstract): short-term optical phase stability standard "
        "deviation ~30 deg (long-term mean within a few degrees); 30 deg taken as the "
        "per-event Gaussian sigma",
        "memory.t2_s": _a("5 us: typical NV electron T2* (free evolution); not from Stolk"),
        "memory.t1_s": _a("NV electron T1 at cryogenic temperature exceeds hours: inf"),
        "memory.t2_dd_s": "Humphreys et al. 2018 (abstract): decoherence rate of the remote "
        "entangled state 5 Hz under dynamical decoupling, i.e. 2.5 Hz per qubit: T2_DD ~ 0.4 s",
        "memory.two_qubit_gate_fidelity": _a("0.97 electron-nuclear gate, typical Delft "
                                             "value; not used in Stolk 2024"),
        "memory.single_qubit_gate_fidelity": _a("0.999 microwave gate; typical, not found"),
        "memory.readout_fidelity": _a("(0.95, 0.995) single-shot readout, typical Delft "
                                      "values (Pompili et al., Science 372, 259 (2021)); "
                                      "not re-checked"),
        "memory.initialisation_fidelity": _a("0.99 charge/spin initialisation; typical"),
        "memory.num_memories": "Stolk et al. 2024: one NV electron spin per node [S]",
        "memory.num_temporal_modes": _a("no multiplexing (1)"),
        "detector.efficiency": "Stolk et al. 2024: SNSPD about 60% [S]",
        "detector.dark_count_rate_hz": _a("20 Hz incl. residual QFC/pump noise; not found"),
        "detector.window_s": _a("30 ns window, ~2.5 NV ZPL lifetimes (12 ns); not found"),
        "detector.dead_time_s": _SNSPD_DEAD,
        "fibre_attenuation_db_per_km": "Stolk et al. 2024: deployed loss 0.39-0.51 dB/km [S]; "
        "midpoint 0.45 taken",
        "fibre_wavelength_nm": "Stolk et al. 2024: L-band 1588 nm after QFC [S]",
    },
)

# --- 3. SiV, Harvard (Knaut 2024) -------------------------------------------------------
_SIV = Platform(
    name="siv_harvard",
    description="SiV in nanophotonic cavities, reflection-based serial scheme, Boston loop",
    scheme="reflection",
    emitter=Emitter(
        wavelength_nm=737.0,
        emission_efficiency=0.4,
        attempt_duration_s=1e-6,
        hom_visibility=1.0,
        phase_noise_sigma_rad=0.0,
    ),
    memory=Memory(t2_s=2.1, two_qubit_gate_fidelity=0.95, single_qubit_gate_fidelity=0.99,
                  readout_fidelity=0.95, initialisation_fidelity=0.98),
    communication_memory=Memory(t2_s=78e-6, t1_s=1.0, single_qubit_gate_fidelity=0.99,
                                two_qubit_gate_fidelity=0.95, readout_fidelity=0.95,
                                initialisation_fidelity=0.98),
    detector=Detector(efficiency=0.8, dark_count_rate_hz=10.0, window_s=10e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=17.0 / 35.0,
    fibre_wavelength_nm=1350.0,
    converter=get_converter("knaut2024_737_1350"),
    notes=(
        "Serial reflection scheme (physics.md s.2): a time-bin photon reflects off node A and "
        "then node B; emission_efficiency is here the per-node reflection-and-coupling "
        "efficiency. The converter acts twice per node pass (bidirectional QFC). Outputs for "
        "validation: electron-electron up to ~1 Hz, F = 0.86(3) (lab), 0.69(7) nuclear-"
        "nuclear over 35 km [S]."
    ),
    citations={
        "emitter.wavelength_nm": "Knaut et al., Nature 629, 573 (2024): SiV 737 nm [A]",
        "emitter.emission_efficiency": _a(
            "0.4 per-node spin-dependent reflection x fibre coupling of the nanophotonic "
            "cavity; not found in the sources available"
        ),
        "emitter.attempt_duration_s": _a(
            "1 us local time-bin cycle; photon path and herald return are added by the link"
        ),
        "emitter.hom_visibility": _a("not applicable to the reflection scheme: 1.0"),
        "emitter.phase_noise_sigma_rad": "physics.md s.2 / Knaut 2024: no long-distance "
        "phase lock needed (time-bin reflection): 0",
        "memory.t2_s": "Knaut et al. 2024: 29Si nuclear T2 ~ 2.1 s [S] (second-long storage "
        "[A])",
        "memory.t1_s": _INF_T1,
        "memory.two_qubit_gate_fidelity": _a("0.95 electron-nuclear gate; not found"),
        "memory.single_qubit_gate_fidelity": _a("0.99; not found"),
        "memory.readout_fidelity": _a("0.95 nuclear readout via the electron; not found"),
        "memory.initialisation_fidelity": _a("0.98; not found"),
        "memory.num_memories": "Knaut et al. 2024: one 29Si nuclear memory per node [A]",
        "memory.num_temporal_modes": _a("no multiplexing (1)"),
        "communication_memory.t2_s": "Knaut et al. 2024: electron T2 ~ 78 us at 0.1 K [S]",
        "communication_memory.t1_s": _a("1 s electron T1 at 0.1 K (order of magnitude for "
                                        "SiV below 0.1 K; not re-checked)"),
        "communication_memory.two_qubit_gate_fidelity": _a("0.95; not found"),
        "communication_memory.single_qubit_gate_fidelity": _a("0.99; not found"),
        "communication_memory.readout_fidelity": _a("0.95; not found"),
        "communication_memory.initialisation_fidelity": _a("0.98; not found"),
        "communication_memory.num_memories": "Knaut et al. 2024: one SiV electron per node",
        "communication_memory.num_temporal_modes": _a("no multiplexing (1)"),
        "detector.efficiency": _a("0.8 SNSPD; not found"),
        "detector.dark_count_rate_hz": _a("10 Hz; not found"),
        "detector.window_s": _a("10 ns time-bin window; not found"),
        "detector.dead_time_s": _SNSPD_DEAD,
        "fibre_attenuation_db_per_km": "Knaut et al. 2024: ~17 dB over the 35 km loop [S]; "
        "17/35 dB/km lumps splices and connectors into the attenuation",
        "fibre_wavelength_nm": "Knaut et al. 2024: 1350 nm after QFC [A]",
    },
)

# --- 4. 40Ca+ ions, USTC (W.-Z. Liu 2026) -----------------------------------------------
_CA_ION = Platform(
    name="ca_ion_ustc",
    description="Trapped 40Ca+ ions, single-click over 10-101 km spooled fibre (USTC 2026)",
    scheme="single-click",
    emitter=Emitter(
        wavelength_nm=393.0,
        emission_efficiency=0.027,
        attempt_duration_s=5e-6,
        alpha=0.025,
        hom_visibility=0.95,
        phase_noise_sigma_rad=Emitter.sigma_from_phase_coherence(0.986),
    ),
    memory=Memory(
        t2_s=5e-3,
        t2_dd_s=0.55,
        use_dynamical_decoupling=True,
        two_qubit_gate_fidelity=0.99,
        single_qubit_gate_fidelity=0.9999,
        readout_fidelity=0.999,
        initialisation_fidelity=0.999,
    ),
    detector=Detector(efficiency=0.8, dark_count_rate_hz=10.0, window_s=1e-6,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=0.2,
    fibre_wavelength_nm=1550.0,
    converter=get_converter("liu2026_393_1550"),
    notes=(
        "Heralding rate linear in alpha, 2.226 Hz at alpha = 17%; F = 0.923(12) at 10 km "
        "(alpha = 2.5%); link efficiency ~1.2; DI-QKD S = 2.576 (10 km) [S]: outputs for "
        "validation. Use Emitter.with_alpha to sweep alpha."
    ),
    citations={
        "emitter.wavelength_nm": "W.-Z. Liu et al., Nature 652, 51 (2026): 393 nm [S]",
        "emitter.emission_efficiency": "W.-Z. Liu et al. 2026: fibre-coupled photon about "
        "2.6-2.8% [S]; 2.7% taken",
        "emitter.attempt_duration_s": _a("5 us local cycle (cooling excluded, pumping + "
                                         "excitation); not found"),
        "emitter.alpha": "W.-Z. Liu et al. 2026: alpha = 2.5% for the 10 km fidelity runs [S]",
        "emitter.hom_visibility": _a("0.95 for two ions in separate traps; not found"),
        "emitter.phase_noise_sigma_rad": "W.-Z. Liu et al. 2026: phase contrast 0.986 over 10 "
        "km [S]; sigma = sqrt(-2 ln 0.986)",
        "memory.t2_s": _a("5 ms free-evolution coherence (magnetic-field noise); not found"),
        "memory.t1_s": _INF_T1,
        "memory.t2_dd_s": "W.-Z. Liu et al. 2026: memory coherence 550(36) ms with dynamical "
        "decoupling [S]",
        "memory.two_qubit_gate_fidelity": _a("0.99 typical trapped-ion gate; not found"),
        "memory.single_qubit_gate_fidelity": _a("0.9999 typical trapped-ion gate; not found"),
        "memory.readout_fidelity": _a("0.999 fluorescence readout, typical; not found"),
        "memory.initialisation_fidelity": _a("0.999 optical pumping, typical; not found"),
        "memory.num_memories": "W.-Z. Liu et al. 2026: one ion per trap [S]",
        "memory.num_temporal_modes": _a("no multiplexing (1)"),
        "detector.efficiency": _a("0.8 SNSPD at 1550 nm; not found"),
        "detector.dark_count_rate_hz": _a("10 Hz SNSPD dark counts (QFC noise is separate: "
                                          "35 cps in the converter); not found"),
        "detector.window_s": _a("1 us window for the long cavity-free 393 nm photon after "
                                "narrow filtering; not found"),
        "detector.dead_time_s": _SNSPD_DEAD,
        "fibre_attenuation_db_per_km": "physics.md s.1: 1550 nm 0.17-0.20 dB/km (spooled "
        "fibre, W.-Z. Liu 2026 [S]); 0.2 taken",
        "fibre_wavelength_nm": "W.-Z. Liu et al. 2026: 1550 nm after QFC [S]",
    },
)

# --- 5. Single 87Rb atoms (Lu 2026) ---------------------------------------------------------
_RB_ATOM = Platform(
    name="rb_atom_lu2026",
    description="Single 87Rb atoms, Rydberg-based emission, single-click DI-QKD to 100 km",
    scheme="single-click",
    emitter=Emitter(
        wavelength_nm=780.0,
        emission_efficiency=0.1,
        attempt_duration_s=10e-6,
        alpha=0.03,
        hom_visibility=0.991,
        phase_noise_sigma_rad=0.15,
    ),
    memory=Memory(
        t2_s=0.3,
        two_qubit_gate_fidelity=0.99,
        single_qubit_gate_fidelity=0.999,
        readout_fidelity=0.99,
        initialisation_fidelity=0.99,
    ),
    detector=Detector(efficiency=0.8, dark_count_rate_hz=10.0, window_s=200e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=0.35,
    fibre_wavelength_nm=1315.0,
    converter=get_converter("lu2026_780_1315"),
    notes=(
        "Lu 2026 outputs for validation: ~0.72 heralds/s at 11 km, F = 0.947(5) (11 km), "
        "0.911(10) (100 km), S = 2.612(31), 0.112 bits/event finite-size [A]/[S]."
    ),
    citations={
        "emitter.wavelength_nm": "Lu et al., Science 391, 592 (2026): 780 nm [S]",
        "emitter.emission_efficiency": _a(
            "0.1 photon into fibre per Rydberg-based emission attempt (free-space lens "
            "collection); not found"
        ),
        "emitter.attempt_duration_s": _a("10 us local cycle; not found"),
        "emitter.alpha": _a(
            "0.03, the low-alpha regime of SPI DI-QKD (W.-Z. Liu 2026 used 2.5%); not found "
            "for Lu 2026 and not fitted to its fidelity"
        ),
        "emitter.hom_visibility": "Lu et al. 2026: HOM visibility 0.991 [S]",
        "emitter.phase_noise_sigma_rad": _a("0.15 rad residual phase noise; not found"),
        "memory.t2_s": "Lu et al. 2026: memory coherence > 300 ms [S] (lower bound used)",
        "memory.t1_s": _INF_T1,
        "memory.two_qubit_gate_fidelity": _a("0.99; single atoms need no local 2-qubit gate "
                                             "for DI-QKD; not found"),
        "memory.single_qubit_gate_fidelity": _a("0.999 Raman rotations; not found"),
        "memory.readout_fidelity": _a("0.99 state-selective readout; not found"),
        "memory.initialisation_fidelity": _a("0.99 optical pumping; not found"),
        "memory.num_memories": "Lu et al. 2026: one atom per node [A]",
        "memory.num_temporal_modes": _a("no multiplexing (1)"),
        "detector.efficiency": _a("0.8 SNSPD at 1315 nm; not found"),
        "detector.dark_count_rate_hz": _a("10 Hz; not found"),
        "detector.window_s": _a("200 ns window for the Rydberg-emitted photon; not found"),
        "detector.dead_time_s": _SNSPD_DEAD,
        "fibre_attenuation_db_per_km": "Lu et al. 2026: spooled fibre ~0.35 dB/km [S]",
        "fibre_wavelength_nm": "Lu et al. 2026: 1315 nm after QFC [S]",
    },
)

# --- 6. InAs quantum dot + warm Rb vapour ORCA memory (Thomas 2024) ------------------------
_QD = SinglePhotonSource(wavelength_nm=1529.3, efficiency=0.05, g2_zero=0.05,
                         repetition_rate_hz=80e6, hom_visibility=0.9)
_QD_MEMORY = Platform(
    name="qd_rb_vapour_imperial",
    description="InAs QD telecom photons stored in a warm 87Rb ORCA memory (Thomas 2024)",
    scheme="storage",
    emitter=Emitter(
        wavelength_nm=_QD.wavelength_nm,
        emission_efficiency=_QD.efficiency,
        attempt_duration_s=1.0 / _QD.repetition_rate_hz,
        hom_visibility=_QD.hom_visibility,
    ),
    memory=Memory(
        t2_s=1.10e-9,
        retrieval_efficiency_0=0.129,
        retrieval_lifetime_s=1.10e-9,
        retrieval_decay="gaussian",
    ),
    detector=Detector(efficiency=0.8, dark_count_rate_hz=100.0, window_s=1e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=0.2,
    fibre_wavelength_nm=1529.3,
    source=_QD,
    notes=(
        "A storage experiment, not an entanglement link. retrieval_efficiency_0 is the "
        "total internal memory efficiency measured with QD light (12.9%); outputs for "
        "validation: SNR 18.2(6) limited by detector dark counts [A]. The 1.1 ns storage "
        "is Doppler-limited (Gaussian dephasing of the thermal velocity distribution)."
    ),
    citations={
        "emitter.wavelength_nm": "Thomas et al., Sci. Adv. 10, eadi7346 (2024): QD photons "
        "at the Rb 5P3/2-4D5/2 line, 1529 nm [A]",
        "emitter.emission_efficiency": _a("0.05 QD photon into single-mode fibre per pulse "
                                          "(same as source.efficiency); not found"),
        "emitter.attempt_duration_s": _a("1/80 MHz, a typical pulsed-laser QD repetition "
                                         "rate; not found"),
        "emitter.hom_visibility": _a("0.9; not found"),
        "emitter.phase_noise_sigma_rad": _a("not applicable (no interferometric link): 0"),
        "source.wavelength_nm": "Thomas et al. 2024: 1529 nm [A]",
        "source.efficiency": _a("0.05 fibre brightness; not found"),
        "source.g2_zero": _a("0.05 typical InAs QD under resonant-like excitation; not found"),
        "source.repetition_rate_hz": _a("80 MHz; not found"),
        "source.hom_visibility": _a("0.9; not found"),
        "memory.t2_s": "Thomas et al., arXiv:2211.04415 (companion ORCA memory paper): "
        "Doppler-limited storage time 1.10(2) ns [A of that paper]",
        "memory.t1_s": _a("no spin qubit: T1 irrelevant, inf"),
        "memory.retrieval_efficiency_0": "Thomas et al. 2024: total internal memory "
        "efficiency (12.9 +- 0.4)% [A]",
        "memory.retrieval_lifetime_s": "Thomas et al., arXiv:2211.04415: storage time "
        "1.10(2) ns [A of that paper]; Gaussian shape for Doppler dephasing (assumption)",
        "memory.two_qubit_gate_fidelity": _NO_GATES,
        "memory.single_qubit_gate_fidelity": _NO_GATES,
        "memory.readout_fidelity": _a("photonic read-out: errors counted in the detector"),
        "memory.initialisation_fidelity": _a("ideal optical pumping (1.0)"),
        "memory.num_memories": "Thomas et al. 2024: one vapour cell [A]",
        "memory.num_temporal_modes": _a("no multiplexing (1)"),
        "detector.efficiency": _a("0.8 SNSPD; not found"),
        "detector.dark_count_rate_hz": _a("100 Hz (the SNR is dark-count limited [A]); the "
                                          "rate itself not found"),
        "detector.window_s": _a("1 ns window matched to the ~1 ns storage; not found"),
        "detector.dead_time_s": _SNSPD_DEAD,
        "fibre_attenuation_db_per_km": "physics.md s.1: 1550 nm band 0.17-0.20 dB/km; 0.2",
        "fibre_wavelength_nm": "Thomas et al. 2024: 1529 nm [A]",
    },
)

#: The platform registry, keyed by name.
PLATFORMS: Mapping[str, Platform] = MappingProxyType(
    {p.name: p for p in (_RB_ENSEMBLE, _NV, _SIV, _CA_ION, _RB_ATOM, _QD_MEMORY)}
)


def platform_names() -> list[str]:
    """Sorted names of the registered platforms."""
    return sorted(PLATFORMS)


def get_platform(name: str) -> Platform:
    """The platform preset ``name``.

    Raises:
        InvalidParameterError: for an unknown name; the message lists the valid names.

    Examples:
        >>> get_platform("unicorn")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: name = 'unicorn' is invalid; valid: one of ...
    """
    try:
        return PLATFORMS[name]
    except KeyError:
        raise InvalidParameterError(
            "name", name, "one of " + ", ".join(platform_names())
        ) from None
