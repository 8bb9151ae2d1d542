"""Platform presets: the hardware of the experiments in ``shared/reference/experiments.md``.

Each preset is a :class:`~qnetsim.hardware.platform.Platform` (emitter, memory, converter,
detector, fibre defaults, attempt timing, notes). Every numeric field of every component
(including ``timing.*`` and the converter's fields) has an entry in ``citations`` (keys
``"component.field"``) of one of three kinds:

* a source: the paper and, where possible, where in it, with a tag: [A] the paper's abstract;
  [S] a secondary compilation that cites the paper (``shared/reference/experiments.md``,
  ``shared/reference/inputs-2026-12.md``), not re-checked in the paper; [N] a companion paper
  of the same group;
* ``"Not applicable: ..."`` or ``"Included in ...": the field has no physical role in this
  platform (the neutral value: 1 for a fidelity, 0 for an error or a time) or its time is
  already inside another cited number;
* ``"ASSUMPTION: ..."``, the reasoning, and a plausible ``(low, high)`` in ``ranges`` that
  contains the value. An assumed ideal (0, 1 or ``inf``) also gets a range; ``inf`` ranges run
  from a finite lower bound to ``inf`` (no decay); a range ``(v, v)`` marks a definitional
  choice. Sourced values may carry their published spread or uncertainty as a range too.

Presets are inputs: none was tuned to reproduce a published output, and a value worked back
from a published rate, fidelity or key is never used. Each preset's ``notes`` list the
published outputs that are for validation only. ``docs/platforms.md`` tabulates the presets.

Examples:
    >>> p = get_platform("nv_delft")
    >>> p.emitter.alpha, p.detector.efficiency
    (0.25, 0.6)
    >>> p.fibre(10.0).wavelength_nm
    1588.0
    >>> sorted(PLATFORMS)[:2]
    ['ca_ion_ustc', 'nv_delft']
    >>> p.plausible_range("memory.t2_s")
    (1e-06, 5e-05)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.capabilities import Capabilities
from qnetsim.hardware.conversion import get_converter
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.emitter import Emitter
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import ASSUMPTION_PREFIX, Platform
from qnetsim.hardware.source import SinglePhotonSource
from qnetsim.hardware.timing import AttemptTiming

__all__ = [
    "ASSUMPTION_PREFIX",
    "PLATFORMS",
    "Platform",
    "get_platform",
    "platform_names",
]

_INF = math.inf


def _a(reason: str) -> str:
    return f"{ASSUMPTION_PREFIX} {reason}"


def _na(reason: str) -> str:
    return f"Not applicable: {reason}"


_INPUTS = "shared/reference/inputs-2026-12.md"
_NO_GATES = _na("ensemble memories perform no local gates in these experiments (1.0: no gate "
                "error is modelled)")
_PHOTONIC_READOUT = _na("photonic read-out: its errors are the detector's (1.0)")
_SNSPD_DEAD = _a("typical SNSPD recovery ~50 ns; not from the paper (range 20-100 ns)")
_NO_MUX = _a("no multiplexing is described in the sources: one mode per attempt; multiplexing "
             "is a design choice for projections, so the range is fixed at 1")
_SELF = _na("the electron spin is both communication and storage qubit; when a herald arrives "
            "the node stops attempting, so no stored qubit suffers later attempts (0)")
_SINGLE_ION = _na("one ion per node is both communication and storage qubit; attempts stop on a "
                  "herald (0)")
_SINGLE_ATOM = _na("one atom per node is both communication and storage qubit; attempts stop "
                   "on a herald (0)")
_ENS_SPIN_PHOTON = _a(
    "0: the errors of the ensemble's write-photon / spin-wave correlation are the "
    "multi-excitation part, modelled by excitation_probability; any further error (imperfect "
    "pumping, spin-wave phase noise) was not found (range 0-0.05)"
)
_ENS_DOUBLE = _na("a single-emitter re-excitation has no ensemble analogue; multi-excitations "
                  "are excitation_probability (Sangouard et al., RMP 83, 33 (2011)) (0)")
_SINGLE_EMITTER_QUALITY = _a(
    "0: no spin-photon state error beyond hom_visibility and phase noise was found for this "
    "emitter (range 0-0.05)"
)
_NO_OPTICAL_READOUT = _na("a spin qubit read by fluorescence, not an optical memory read "
                          "out into a photon: no memory-added noise photons (0)")
_INCLUDED_CYCLE = "Included in emitter.attempt_duration_s (the local cycle it cites) (0)"
_INCLUDED_RATE = ("Included in the published repetition rate timing.repetition_rate_hz, which "
                  "replaces the local parts (0)")
_DUTY = (
    "1.0: the fraction of wall time lost to interruptions (reloading, checks, phase "
    "stabilisation) is not stated; 1 is the upper end (no interruption), not a fit"
)
_CONV_NOISE_RANGE = (0.0, 1000.0)

# --- 1. Rb ensembles in ring cavities, USTC (Yu 2020; J.-L. Liu 2024) ----------------------
_RB_ENSEMBLE = Platform(
    name="rb_ensemble_ustc",
    description="Cold 87Rb ensembles in ring cavities, DLCZ + QFC to 1342 nm (USTC)",
    scheme="dlcz-single-photon",
    emitter=Emitter(
        wavelength_nm=795.0,
        emission_efficiency=0.3,
        attempt_duration_s=1e-6,
        excitation_probability=0.01,
        hom_visibility=0.9,
        phase_noise_sigma_rad=0.3,
    ),
    memory=Memory(
        t2_s=1e-3,
        retrieval_efficiency_0=0.5,
        retrieval_lifetime_s=1e-3,
        retrieval_decay="gaussian",
    ),
    detector=Detector(efficiency=0.5, dark_count_rate_hz=10.0, window_s=100e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=0.3,
    fibre_wavelength_nm=1342.0,
    converter=get_converter("liu2024_795_1342"),
    timing=AttemptTiming(repetition_rate_hz=2.76e3, rate_includes_communication=True),
    capabilities=Capabilities(communication_qubits=1, storage_qubits=0, max_modes=225),
    notes=(
        "Hefei 2024 (J.-L. Liu et al.) node; Yu 2020 used the same node design with its own "
        "converter ('yu2020_795_1342': 33%, 280 Hz background) over 22 km field fibre (two "
        "11 km spans, about 8 dB in total [S]: a scenario input, not this preset's 0.3 dB/km) "
        "and 50 km spool. Timing: the published 2.76 kHz (range 1-2.8 kHz) is the whole "
        "attempt cycle with the herald wait included [S]; the link must not add the round "
        "trip again. The spin-wave memory has no gates; its fidelity loss is modelled by "
        "t2_s and the retrieval decay; 107 us storage was demonstrated and 'up to 560 us' is "
        "a storage duration, not a T2, so both time constants are assumptions. OUTPUTS for "
        "validation, never inputs: Liu 2024 heralding 6.9e-4 to 8.0e-4 per attempt, 1.93 Hz "
        "and 0.83 Hz on two-node links (about a third with three links concurrent), "
        "F = 0.672(32), 0.666(31); Yu 2020 about 1.5e-6 per attempt (TPI), one TPI event per "
        "150 s, F about 0.71-0.73 [S]."
    ),
    citations={
        "capabilities.communication_qubits": "J.-L. Liu et al. 2024: one ensemble memory "
        "per node [A]; the ensemble writes and stores the spin wave (one write/read unit)",
        "capabilities.storage_qubits": _na("the ensemble that emits the write photon stores "
                                           "the spin wave; no separate storage memory (0)"),
        "capabilities.max_modes": _a(
            "225: the Liu 2024 ring-cavity node uses one mode (memory.num_temporal_modes); "
            "its multimode capacity was not found. 225 individually accessible memory cells "
            "were demonstrated in one cold 87Rb DLCZ ensemble (Pu et al., Nat. Commun. 8, "
            "15359 (2017), Tsinghua, free space, not a ring cavity); taken as the upper end "
            "of what a cold-ensemble node offers, for projections (range 1-225)"
        ),
        "emitter.wavelength_nm": "Yu et al., Nature 578, 240 (2020): Rb D1 795 nm [S]",
        "emitter.emission_efficiency": _a(
            "0.3: cavity-enhanced write-photon emission into fibre per excitation (cavity "
            "escape x fibre coupling); not found in the sources available (range 0.1-0.6)"
        ),
        "emitter.attempt_duration_s": _a(
            "1 us: the ensemble's own write step (pumping, write pulse, cavity-enhanced "
            "emission); not quoted. Unused for the cycle while timing.repetition_rate_hz is "
            "given (the published rate replaces the local parts) (range 0.3-10 us)"
        ),
        "emitter.excitation_probability": _a(
            "0.01: low-excitation DLCZ regime (multi-excitation admixture ~p, Sangouard RMP "
            "2011 s.IV); not found for these experiments (range 0.002-0.05)"
        ),
        "emitter.hom_visibility": _a("0.9 for independent ensembles after QFC; not found "
                                     "(range 0.7-1)"),
        "emitter.phase_noise_sigma_rad": _a(
            "0.3 rad residual phase noise of the stabilised SPI architecture; not found "
            "(range 0.1-0.5 rad, phase coherence 0.995-0.88)"
        ),
        "emitter.spin_photon_depolarising": _ENS_SPIN_PHOTON,
        "emitter.spin_photon_dephasing": _ENS_SPIN_PHOTON,
        "emitter.double_excitation_probability": _ENS_DOUBLE,
        "memory.t2_s": _a(
            "1 ms coherence of the stored spin wave. J.-L. Liu et al. 2024 [S]: storage of "
            "107 us (longer than the round trip) was demonstrated with entanglement, so the "
            "low end is 107 us; 'up to 560 us' is a storage duration, not a T2 "
            f"({_INPUTS}). Cold 87Rb spin-wave memories reach Gaussian lifetimes of "
            "0.1-few ms (motional dephasing; 1 ms: Zhao et al., Nat. Phys. 5, 100 (2009)) "
            "(range 107 us - 10 ms)"
        ),
        "memory.t1_s": _a(
            "inf: ground-state population relaxation of the cold cloud is slower than the "
            "spin-wave dephasing; atom loss is in the retrieval decay (range 10 ms - inf)"
        ),
        "memory.retrieval_efficiency_0": _a(
            "0.5 intrinsic cavity-enhanced retrieval at t = 0; not found (range 0.2-0.8)"
        ),
        "memory.retrieval_lifetime_s": _a(
            "1 ms Gaussian (motional dephasing) lifetime of the retrieval efficiency; same "
            "reasoning and range as memory.t2_s: demonstrated 107 us storage is the low end, "
            "560 us is a storage duration, not a lifetime (range 107 us - 10 ms)"
        ),
        "memory.two_qubit_gate_fidelity": _NO_GATES,
        "memory.single_qubit_gate_fidelity": _NO_GATES,
        "memory.readout_fidelity": _PHOTONIC_READOUT,
        "memory.initialisation_fidelity": _a(
            "1.0: imperfect optical pumping shows up as write-channel noise, not modelled "
            "separately (range 0.9-1)"
        ),
        "memory.num_memories": "J.-L. Liu et al. 2024: one ensemble memory per node [A]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.noise_floor_input_photons": _a(
            "0: noise the ensemble's read-out adds (read-control scattering, four-wave "
            "mixing) was not found; the DLCZ multi-excitation noise is excitation_probability "
            "(range 0-0.01 input photons per pulse)"
        ),
        "memory.dephasing_per_attempt": _a(
            "0: a heralded spin wave is not written again before it is read; stray write "
            "light of other attempts on the same cloud could dephase it; not found "
            "(range 0-0.01)"
        ),
        "detector.efficiency": _a("0.5 SNSPD at 1342 nm incl. filtering; not found "
                                  "(range 0.3-0.9)"),
        "detector.dark_count_rate_hz": _a(
            "10 Hz SNSPD dark counts (conversion noise is the converter's noise_rate_hz); not "
            "found (range 1-100 Hz)"
        ),
        "detector.window_s": _a(
            "100 ns window for ensemble photons of order 100 ns (cavity-enhanced DLCZ); photon "
            "length not found (range 30-500 ns)"
        ),
        "detector.dead_time_s": _SNSPD_DEAD,
        "timing.initialisation_s": _INCLUDED_RATE,
        "timing.local_operations_s": _INCLUDED_RATE,
        "timing.duty_cycle": _a(
            _DUTY + "; cold-atom experiments also reload the atom cloud (range 0.3-1)"
        ),
        "timing.repetition_rate_hz": "J.-L. Liu et al. 2024: repetition rate 2.76 kHz, "
        "communication time included (rate_includes_communication = True); quoted range "
        f"1-2.8 kHz, not stated which link ran at which rate [S] ({_INPUTS})",
        "fibre_attenuation_db_per_km": "J.-L. Liu et al. 2024: 0.3 dB/km at 1342 nm, spokes "
        "7.9-12.5 km [S]",
        "fibre_wavelength_nm": "Yu 2020 / J.-L. Liu 2024: 1342 nm after QFC [S]",
    },
    ranges={
        "capabilities.max_modes": (1.0, 225.0),
        "emitter.emission_efficiency": (0.1, 0.6),
        "emitter.attempt_duration_s": (0.3e-6, 10e-6),
        "emitter.excitation_probability": (0.002, 0.05),
        "emitter.hom_visibility": (0.7, 1.0),
        "emitter.phase_noise_sigma_rad": (0.1, 0.5),
        "emitter.spin_photon_depolarising": (0.0, 0.05),
        "emitter.spin_photon_dephasing": (0.0, 0.05),
        "memory.t2_s": (107e-6, 10e-3),
        "memory.t1_s": (10e-3, _INF),
        "memory.retrieval_efficiency_0": (0.2, 0.8),
        "memory.retrieval_lifetime_s": (107e-6, 10e-3),
        "memory.initialisation_fidelity": (0.9, 1.0),
        "memory.num_temporal_modes": (1.0, 1.0),
        "memory.dephasing_per_attempt": (0.0, 0.01),
        "memory.noise_floor_input_photons": (0.0, 0.01),
        "detector.efficiency": (0.3, 0.9),
        "detector.dark_count_rate_hz": (1.0, 100.0),
        "detector.window_s": (30e-9, 500e-9),
        "detector.dead_time_s": (20e-9, 100e-9),
        "timing.duty_cycle": (0.3, 1.0),
        "timing.repetition_rate_hz": (1e3, 2.8e3),
        "converter.noise_rate_hz": (10.0, 1000.0),
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
        double_excitation_probability=0.04,
        photon_length_s=12e-9,
        photon_shape="exponential",
    ),
    memory=Memory(
        t2_s=5e-6,
        t1_s=_INF,
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
    capabilities=Capabilities(communication_qubits=1, storage_qubits=1, max_modes=1),
    notes=(
        "Stolk 2024: nodes 10 km apart over 25 km deployed fibre; deployed arms 5.6 dB / 15 km "
        "and 5.2 dB / 10 km [S] (arm-specific losses belong in the scenario; the preset's "
        "0.45 dB/km is the midpoint of the quoted 0.39-0.51). The electron spin is both "
        "communication and storage qubit. The 10 us local cycle is the emitter's; the fully "
        "heralded mode also waits for the herald (wait_for_herald) and runs checks whose "
        "cost is not stated (timing.duty_cycle range). OUTPUTS for validation, never inputs: "
        "7.2e-6 per attempt, 0.022 Hz fully heralded (0.48 Hz post-selected), "
        "F = 0.534(15) [S]."
    ),
    citations={
        "capabilities.communication_qubits": "Stolk et al. 2024: one NV electron spin per "
        "node [S]",
        "capabilities.storage_qubits": "Pompili et al., Science 372, 259 (2021): a Delft NV "
        "network node stored entanglement in one 13C nuclear spin while its electron made the "
        "next link [N]; Stolk 2024 used the electron alone. Registers of the electron and 9 "
        "nuclear spins were controlled (Bradley et al., PRX 9, 031045 (2019) [N]) but not "
        "used as network memories (range 0-9). The preset's memory parameters are the "
        "electron's: a 13C memory's own T2 and dephasing_per_attempt are not modelled here, "
        "so chains and the planner use the storage qubit only once the node is given a "
        "communication_memory (the electron) and a memory (the 13C)",
        "capabilities.max_modes": "Stolk et al. 2024: one NV electron per node, one photon "
        "per attempt [S]: a single emitter has one mode",
        "emitter.wavelength_nm": "Stolk et al., Sci. Adv. 10, eadp6442 (2024): NV ZPL 637 nm",
        "emitter.emission_efficiency": _a(
            "1e-3 ZPL photon into fibre per attempt (ZPL fraction ~3% x collection); "
            "order of magnitude from Humphreys et al., Nature 558, 268 (2018), whose lab "
            "detection probability was ~4e-4 including detectors; uncertain x3 "
            "(range 3e-4 - 3e-3)"
        ),
        "emitter.attempt_duration_s": f"Stolk et al. 2024: 10 us local cycle [S] ({_INPUTS})",
        "emitter.alpha": "Stolk et al. 2024: alpha = 0.25 [S]",
        "emitter.hom_visibility": "Stolk et al., PRX Quantum 3, 020359 (2022): HOM visibility "
        "0.79(3) of frequency-converted photons from remote NVs [N]; range = +- 1 sigma",
        "emitter.phase_noise_sigma_rad": "Stolk et al., arXiv:2408.12464 (abstract) [N]: "
        "optical phase of the deployed link, short-term standard deviation ~30 deg, long-term "
        "mean within a few degrees over 10 h; 30 deg taken as the per-event Gaussian sigma",
        "emitter.spin_photon_depolarising": _a(
            "0: no NV spin-photon error beyond double excitation, HOM visibility and phase "
            "noise was found (Hermans et al., NJP 25, 013011 (2023) list these as the main "
            "ones) (range 0-0.03)"
        ),
        "emitter.spin_photon_dephasing": _a(
            "0: a static optical frequency offset between the nodes gives a detection-time "
            "dependent phase (Hermans et al. 2023); its size for Stolk 2024 was not found "
            "(range 0-0.03)"
        ),
        "emitter.double_excitation_probability": _a(
            "0.04: Hermans et al., NJP 25, 013011 (2023), s.3, measured the NV double-"
            "excitation probability versus excitation power: a few percent at the powers "
            "used; the value for Stolk 2024 was not found (range 0.01-0.08)"
        ),
        "emitter.photon_length_s": _a(
            "12 ns: 1/e decay time of the NV- excited state at cryogenic temperature "
            "(literature value ~12 ns, e.g. Batalov et al., PRL 100, 077401 (2008); not "
            "re-checked for these nodes) (range 11-13 ns)"
        ),
        "memory.t2_s": _a("5 us: typical NV electron T2* (free evolution); not from Stolk "
                          "(range 1-50 us)"),
        "memory.t1_s": _a("inf: the NV electron T1 at cryogenic temperature is of order an "
                          "hour or longer (e.g. Abobeih et al., Nat. Commun. 9, 2552 (2018)) "
                          "(range 1 h - inf)"),
        "memory.t2_dd_s": "Humphreys et al. 2018 (abstract): decoherence rate of the remote "
        "entangled state 5 Hz under dynamical decoupling, i.e. 2.5 Hz per qubit: T2_DD ~ 0.4 s",
        "memory.two_qubit_gate_fidelity": _a("0.97 electron-nuclear gate, typical Delft "
                                             "value; not used in Stolk 2024 (range 0.9-0.99)"),
        "memory.single_qubit_gate_fidelity": _a("0.999 microwave gate; typical, not found "
                                                "(range 0.99-0.9999)"),
        "memory.readout_fidelity": _a("(0.95, 0.995) single-shot readout, typical Delft "
                                      "values (Pompili et al., Science 372, 259 (2021)); "
                                      "not re-checked (range 0.9-0.999 for each)"),
        "memory.initialisation_fidelity": _a("0.99 charge/spin initialisation; typical "
                                             "(range 0.95-0.999)"),
        "memory.num_memories": "Stolk et al. 2024: one NV electron spin per node [S]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.dephasing_per_attempt": _SELF,
        "memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "detector.efficiency": "Stolk et al. 2024: SNSPD about 60% [S]",
        "detector.dark_count_rate_hz": _a("20 Hz incl. residual QFC/pump noise (the "
                                          "converter's noise is lumped here); not found "
                                          "(range 5-200 Hz)"),
        "detector.window_s": _a(
            "30 ns window: 2.5 photon lifetimes (emitter.photon_length_s = 12 ns), capturing "
            "1 - exp(-2.5) = 92% of the photon; not found (range 15-50 ns)"
        ),
        "detector.dead_time_s": _SNSPD_DEAD,
        "timing.initialisation_s": _INCLUDED_CYCLE,
        "timing.local_operations_s": _INCLUDED_CYCLE,
        "timing.duty_cycle": _a(
            _DUTY + "; NV nodes interleave charge-resonance checks and phase stabilisation "
            "(range 0.3-1)"
        ),
        "fibre_attenuation_db_per_km": "Stolk et al. 2024: deployed loss 0.39-0.51 dB/km [S]; "
        "midpoint 0.45 taken (range = the quoted spread)",
        "fibre_wavelength_nm": "Stolk et al. 2024: L-band 1588 nm after QFC [S]",
    },
    ranges={
        "capabilities.storage_qubits": (0.0, 9.0),
        "emitter.emission_efficiency": (3e-4, 3e-3),
        "emitter.hom_visibility": (0.76, 0.82),
        "emitter.spin_photon_depolarising": (0.0, 0.03),
        "emitter.spin_photon_dephasing": (0.0, 0.03),
        "emitter.double_excitation_probability": (0.01, 0.08),
        "emitter.photon_length_s": (11e-9, 13e-9),
        "memory.t2_s": (1e-6, 50e-6),
        "memory.t1_s": (3600.0, _INF),
        "memory.two_qubit_gate_fidelity": (0.9, 0.99),
        "memory.single_qubit_gate_fidelity": (0.99, 0.9999),
        "memory.readout_fidelity": (0.9, 0.999),
        "memory.initialisation_fidelity": (0.95, 0.999),
        "memory.num_temporal_modes": (1.0, 1.0),
        "detector.dark_count_rate_hz": (5.0, 200.0),
        "detector.window_s": (15e-9, 50e-9),
        "detector.dead_time_s": (20e-9, 100e-9),
        "timing.duty_cycle": (0.3, 1.0),
        "fibre_attenuation_db_per_km": (0.39, 0.51),
        "converter.efficiency": (0.48, 0.50),
        "converter.noise_rate_hz": _CONV_NOISE_RANGE,
    },
)

# --- 2b. NV centres with a 13C memory, Delft three-node network (Pompili 2021) ------------
#: NetSquid's Delft NV parameter set of 2019 (netsquid-nv ``NVParameterSet2019``, values from
#: Humphreys et al. 2018 given to its authors by A. Stolk; read in a public copy): a
#: secondary [S] source for the lab nodes that became the three-node network.
_NS2019 = "NetSquid NV parameter set 2019 (netsquid_nv NVParameterSet2019) [S]"
#: Kalb et al. 2018 (via _NS2019): carbon C2 hyperfine difference dw = 2 pi x 77 kHz and the
#: electron reset time constant tau = 163 ns; x = dw tau = 0.079 rad.
_KALB_X = 2.0 * math.pi * 77e3 * 163e-9
_NV13C_ALPHA = 0.07
#: Per-attempt Z-error of the stored 13C, p = (alpha/2) (1 - exp(-x^2/2)) (module note).
_NV13C_DEPHASING = _NV13C_ALPHA / 2.0 * (1.0 - math.exp(-_KALB_X**2 / 2.0))
#: Photon into fibre per attempt from the measured total detection probability per
#: excitation (2.8e-4 and 4.2e-4 on the two detectors of Humphreys 2018, via _NS2019), divided
#: by the detector efficiency 0.8 and the 25 ns window's capture of a 12 ns photon.
_NV13C_WINDOW_CAPTURE = 1.0 - math.exp(-25.0 / 12.0)
_NV13C_EMISSION = 3.5e-4 / (0.8 * _NV13C_WINDOW_CAPTURE)
_NV13C = Platform(
    name="nv_delft_13c",
    description="NV electron + 13C memory, Delft three-node lab network (Pompili 2021)",
    scheme="single-click",
    emitter=Emitter(
        wavelength_nm=637.0,
        emission_efficiency=_NV13C_EMISSION,
        attempt_duration_s=5.5e-6,
        alpha=_NV13C_ALPHA,
        hom_visibility=0.9,
        phase_noise_sigma_rad=math.radians(15.0),
        double_excitation_probability=0.04,
        photon_length_s=12e-9,
        photon_shape="exponential",
    ),
    memory=Memory(
        t2_s=1.0,
        t1_s=36000.0,
        two_qubit_gate_fidelity=0.98,
        single_qubit_gate_fidelity=0.999,
        readout_fidelity=(0.95, 0.995),
        initialisation_fidelity=0.997,
        dephasing_per_attempt=_NV13C_DEPHASING,
    ),
    communication_memory=Memory(
        t2_s=0.4,
        t1_s=3600.0,
        two_qubit_gate_fidelity=0.98,
        single_qubit_gate_fidelity=0.999,
        readout_fidelity=(0.95, 0.995),
        initialisation_fidelity=0.99,
    ),
    detector=Detector(efficiency=0.8, dark_count_rate_hz=20.0, window_s=25e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=5.0,
    fibre_wavelength_nm=637.0,
    capabilities=Capabilities(communication_qubits=1, storage_qubits=1, max_modes=1),
    notes=(
        "The Delft lab network of Pompili et al., Science 372, 259 (2021), "
        "doi:10.1126/science.abg1919 (Alice, Bob, Charlie in one building, tens of metres of "
        "fibre, 637 nm photons without conversion): the NV electron is the communication "
        "qubit (communication_memory), one 13C nuclear spin the storage qubit (memory) with "
        "its per-attempt dephasing. The full text of Pompili 2021 was not available to us: "
        "most inputs come from the group's companion papers through NetSquid's Delft NV "
        "parameter set of 2019 [S] (Humphreys 2018 link values, Kalb 2018 carbon coupling, "
        "Bradley 2019 carbon initialisation and T2, Abobeih 2018 electron T1), so they "
        "describe the 2018-2019 lab nodes, not measurements on the 2021 nodes. "
        "memory.dephasing_per_attempt is evaluated at the preset's alpha; a design that "
        "changes alpha should scale it (p ~ alpha/2 x 0.0031). The charge-resonance checks "
        "and phase stabilisation interrupt the attempts for times not in our sources "
        "(timing.duty_cycle range). OUTPUTS for validation, never inputs: the swapped "
        "Alice-Charlie state of Pompili 2021 is entangled (entanglement swapping without "
        "postselection [A]); Humphreys 2018: up to 39 Hz heralded, remote-state decoherence "
        "5 Hz, F > 0.5 delivered every 100 ms clock cycle [A]."
    ),
    citations={
        "capabilities.communication_qubits": "Pompili et al. 2021: each node's NV electron "
        "is its communication qubit (QuTech/QIA press release and case-study summaries [S])",
        "capabilities.storage_qubits": "Pompili et al. 2021: a nuclear spin (13C) per node as "
        "memory qubit; the swap and GHZ protocols store in one 13C at Bob [S]. Bradley et "
        "al., PRX 9, 031045 (2019) [N] controlled 9 nuclear spins of another device, not "
        "used as network memories; 1 is what the network used",
        "capabilities.max_modes": "Pompili et al. 2021: one NV electron per node, one photon "
        "per attempt: a single emitter has one mode",
        "emitter.wavelength_nm": "NV zero-phonon line 637 nm; Pompili 2021 nodes in one "
        "building, no frequency conversion (conversion entered the Delft links with Stolk "
        "2022/2024) [S]",
        "emitter.emission_efficiency": f"{_NS2019}: total detection probability per "
        "excitation 2.8e-4 and 4.2e-4 on the two detectors (Humphreys et al. 2018 setup, "
        "short fibre); mean 3.5e-4 divided by detector.efficiency 0.8 and the 25 ns window's "
        "capture of the 12 ns photon (0.875): 5.0e-4 into fibre per attempt. Derived, for "
        "the 2018 nodes; range = the two detectors (4.0e-4 - 6.0e-4)",
        "emitter.attempt_duration_s": f"{_NS2019}: 5.5 us to reset the electron and emit "
        "the photon (Humphreys 2018 node); the attempt of the 2021 nodes was not available "
        "to us",
        "emitter.alpha": _a(
            "0.07: Pompili 2021 used single-click links with small bright-state populations "
            "(of order 0.05-0.1 per link); the values per link were not available to us and "
            "are not fitted (range 0.05-0.1)"
        ),
        "emitter.hom_visibility": f"{_NS2019}: photon indistinguishability 0.9 (Humphreys "
        "2018 setup)",
        "emitter.phase_noise_sigma_rad": f"{_NS2019}: residual interferometer phase noise, "
        "electron-electron standard deviation 15 deg (Humphreys 2018), the phase between arms",
        "emitter.spin_photon_depolarising": _a(
            "0: no NV spin-photon error beyond double excitation, visibility and phase noise "
            "(Hermans et al., NJP 25, 013011 (2023)) (range 0-0.03)"
        ),
        "emitter.spin_photon_dephasing": _a(
            "0: the detection-time-dependent phase from a static optical frequency offset "
            "(Hermans et al. 2023) was not found for these nodes (range 0-0.03)"
        ),
        "emitter.double_excitation_probability": f"{_NS2019}: p_double_exc = 0.04 "
        "(Humphreys 2018 supplementary section IV)",
        "emitter.photon_length_s": f"{_NS2019}: NV emission lifetime without cavity 12 ns",
        "memory.t2_s": f"{_NS2019}: carbon T2 under dynamical decoupling 1 s (Bradley et "
        "al. 2019 [N], 'in preparation' in the source). Entered as t2_s, the coherence in use "
        "(decoupled), as for siv_harvard; the free-evolution T2* = 3.5 ms of the same source "
        "does not apply while the node decouples",
        "memory.t1_s": f"{_NS2019}: carbon T1 = 10 h (private communication with M. Pompili)",
        "memory.two_qubit_gate_fidelity": f"{_NS2019}: electron-carbon gate depolarising "
        "probability 0.02 (set to reproduce 0.96 on the gate sequence of Kalb et al., Science "
        "356, 928 (2017)); 0.98 = 1 - 0.02, the same depolarising probability",
        "memory.single_qubit_gate_fidelity": f"{_NS2019}: carbon Z rotation fidelity 0.999 "
        "(Taminiau et al., Nat. Nanotechnol. 9, 171 (2014))",
        "memory.readout_fidelity": f"{_NS2019}: electron single-shot readout (0.950, 0.995) "
        "(Humphreys 2018); the 13C is read by mapping onto the electron (the mapping gate's "
        "error is two_qubit_gate_fidelity)",
        "memory.initialisation_fidelity": f"{_NS2019}: carbon initialisation fidelity 0.997 "
        "(Bradley et al., PRX 9, 031045 (2019))",
        "memory.num_memories": "Pompili et al. 2021: one 13C memory used at Bob [S]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.dephasing_per_attempt": _a(
            "1.1e-4 = (alpha/2)(1 - exp(-x^2/2)) at alpha = 0.07, with x = dw tau = 0.079 rad "
            "from Kalb et al., PRA 97, 062330 (2018) (carbon C2: dw = 2 pi x 77 kHz, electron "
            f"reset tau = 163 ns; via {_NS2019}); the formula is our reading of NetSquid's NV "
            "delivery model (a reset after bright-state excitation randomises the nuclear "
            "phase), not re-checked in Kalb 2018, and the 13C of Pompili 2021 is not Kalb's "
            "C2. Low end alpha = 0.05 with a weaker carbon; high end: the dark state (1 - "
            "alpha) reset instead, (1 - alpha)(1 - exp(-x^2/2))/2 = 1.4e-3 (range 5e-5 - "
            "1.5e-3)"
        ),
        "memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "communication_memory.t1_s": f"{_NS2019}: electron T1 = 1 h (Abobeih et al., Nat. "
        "Commun. 9, 2552 (2018))",
        "communication_memory.t2_s": "Humphreys et al. 2018 (abstract) [A]: decoherence "
        "rate of the remote entangled state 5 Hz under dynamical decoupling, 2.5 Hz per "
        "qubit: 0.4 s, entered as t2_s, the coherence in use (decoupled). Abobeih 2018 "
        f"reports 1.46 s for a single electron, the free-evolution T2* is 3.3 us (both via "
        f"{_NS2019}); range 0.4-1.46 s",
        "communication_memory.two_qubit_gate_fidelity": "Same electron-carbon gate as "
        f"memory.two_qubit_gate_fidelity ({_NS2019}: depolarising 0.02)",
        "communication_memory.single_qubit_gate_fidelity": _a(
            f"0.999 microwave gate; {_NS2019} models it as ideal (1.0) (range 0.99-1)"
        ),
        "communication_memory.readout_fidelity": f"{_NS2019}: electron readout (0.950, 0.995) "
        "(Humphreys 2018)",
        "communication_memory.initialisation_fidelity": f"{_NS2019}: electron initialisation "
        "0.99 (Reiserer et al., PRX 6, 021040 (2016))",
        "communication_memory.num_memories": "Pompili et al. 2021: one NV electron per node",
        "communication_memory.num_temporal_modes": _NO_MUX,
        "communication_memory.dephasing_per_attempt": _na(
            "the communication qubit itself makes the attempts (0)"
        ),
        "communication_memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "detector.efficiency": f"{_NS2019}: detection efficiency 0.8 of the Delft detectors "
        "(Hensen et al. 2015, supplementary)",
        "detector.dark_count_rate_hz": f"{_NS2019}: dark counts 20 Hz (Humphreys 2018)",
        "detector.window_s": f"{_NS2019}: 25 ns detection window (Humphreys 2018)",
        "detector.dead_time_s": _a("50 ns detector recovery; not found (range 20-100 ns)"),
        "timing.initialisation_s": _INCLUDED_CYCLE,
        "timing.local_operations_s": _INCLUDED_CYCLE,
        "timing.duty_cycle": _a(
            _DUTY + "; the nodes interleave charge-resonance checks and phase stabilisation "
            "whose durations were not available to us (range 0.3-1)"
        ),
        "fibre_attenuation_db_per_km": f"{_NS2019}: 5 dB/km at 637 nm without conversion "
        "(tens of metres: < 0.5 dB)",
        "fibre_wavelength_nm": "637 nm: no frequency conversion in the lab network [S]",
    },
    ranges={
        "emitter.emission_efficiency": (4.0e-4, 6.0e-4),
        "emitter.alpha": (0.05, 0.1),
        "emitter.spin_photon_depolarising": (0.0, 0.03),
        "emitter.spin_photon_dephasing": (0.0, 0.03),
        "memory.num_temporal_modes": (1.0, 1.0),
        "memory.dephasing_per_attempt": (5e-5, 1.5e-3),
        "communication_memory.t2_s": (0.4, 1.46),
        "communication_memory.single_qubit_gate_fidelity": (0.99, 1.0),
        "communication_memory.num_temporal_modes": (1.0, 1.0),
        "detector.dead_time_s": (20e-9, 100e-9),
        "timing.duty_cycle": (0.3, 1.0),
    },
)

# --- 3. SiV, Harvard (Knaut 2024) -------------------------------------------------------
_SIV = Platform(
    name="siv_harvard",
    description="SiV in nanophotonic cavities, reflection-based serial scheme, Boston loop",
    scheme="reflection",
    emitter=Emitter(
        wavelength_nm=737.0,
        emission_efficiency=0.423,
        attempt_duration_s=1e-6,
        hom_visibility=1.0,
        phase_noise_sigma_rad=0.0,
    ),
    memory=Memory(t2_s=2.1, two_qubit_gate_fidelity=0.937, single_qubit_gate_fidelity=0.99,
                  readout_fidelity=0.95, initialisation_fidelity=0.98),
    communication_memory=Memory(t2_s=78e-6, t1_s=1.0, single_qubit_gate_fidelity=0.99,
                                two_qubit_gate_fidelity=0.937, readout_fidelity=0.995,
                                initialisation_fidelity=0.98),
    detector=Detector(efficiency=0.8, dark_count_rate_hz=10.0, window_s=10e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=17.0 / 35.0,
    fibre_wavelength_nm=1350.0,
    converter=get_converter("knaut2024_737_1350"),
    capabilities=Capabilities(communication_qubits=1, storage_qubits=1, max_modes=1),
    notes=(
        "Serial reflection scheme (physics.md s.2): a time-bin photon reflects off node A and "
        "then node B; emission_efficiency is here the per-node reflection-and-coupling "
        "efficiency, taken from the spin-photon heralding efficiency 0.423 of the same "
        "group's cavity node (Bhaskar 2020 [N]). The converter acts twice per node pass "
        "(bidirectional QFC, 33% and 30% [S]; 30% per pass used). The attempt cycle was not "
        "found: attempt_duration_s is an assumption with a range (microseconds per time-bin "
        "attempt plus initialisation and checks); the link adds the photon path and the "
        "herald return. memory.t2_s is the 29Si coherence under XY8 decoupling (the "
        "coherence in use). OUTPUTS for validation, never inputs: electron-electron up to "
        "~1 Hz, F = 0.86(3) (lab), 0.69(7) nuclear-nuclear over 35 km [S]."
    ),
    citations={
        "capabilities.communication_qubits": "Knaut et al. 2024: one SiV electron per node "
        "[A]",
        "capabilities.storage_qubits": "Knaut et al. 2024: one 29Si nuclear memory per node "
        "[A]; Stas et al., Science 378, 557 (2022): electron + 29Si two-qubit node [N]",
        "capabilities.max_modes": "Knaut et al. 2024: one SiV per node, one time-bin photon "
        "per attempt [A]: a single emitter has one mode",
        "emitter.wavelength_nm": "Knaut et al., Nature 629, 573 (2024): SiV 737 nm [A]",
        "emitter.emission_efficiency": "Bhaskar et al., Nature 580, 60 (2020): spin-photon "
        f"heralding efficiency of the SiV cavity node 0.423 [N] ({_INPUTS}). Mapped to the "
        "per-node reflection-and-coupling efficiency of the reflection scheme (the "
        "probability that a photon sent to the node comes back into the fibre carrying the "
        "spin-photon gate). A 2020 device of the same group, not the 2024 node; whether the "
        "0.423 also contains the detector efficiency is not stated in the source available",
        "emitter.attempt_duration_s": _a(
            "1 us local time-bin attempt (two time bins, spin pi pulses, electron reset); "
            "the cycle is not in the sources; photon path and herald return are added by "
            "the link (range 0.3-10 us)"
        ),
        "emitter.hom_visibility": _na("the serial reflection scheme interferes no photons "
                                      "from two emitters (physics.md s.2) (1.0)"),
        "emitter.phase_noise_sigma_rad": "physics.md s.2 / Knaut 2024: no long-distance "
        "phase lock needed (time-bin reflection): 0",
        "emitter.spin_photon_depolarising": _a(
            "0: the SiV spin-photon (reflection) gate error of the 2024 nodes was not found "
            "(range 0-0.1)"
        ),
        "emitter.spin_photon_dephasing": _a(
            "0: time-bin phase errors of the reflection gate not found (range 0-0.1)"
        ),
        "emitter.double_excitation_probability": _na(
            "the reflection scheme reflects a photon, the emitter is not excited to emit (0)"
        ),
        "memory.t2_s": "Stas et al., Science 378, 557 (2022): 29Si nuclear T2 = 2.1 s under "
        f"XY8 decoupling [N] ({_INPUTS}); Knaut 2024: second-long storage [A]. Entered as "
        "t2_s, the coherence time in use (decoupled), not a free-evolution T2*",
        "memory.t1_s": _a("inf: the 29Si nuclear spin T1 far exceeds its T2; the low end "
                          "follows from T2 <= 2 T1 (range 1.05 s - inf)"),
        "memory.two_qubit_gate_fidelity": "Stas et al. 2022: electron-controlled nuclear "
        "gate fidelity 93.7% [N]",
        "memory.single_qubit_gate_fidelity": _a("0.99; not found (range 0.98-0.9999)"),
        "memory.readout_fidelity": _a(
            "0.95 nuclear readout through the electron: between one mapping gate followed by "
            "electron readout (0.937 x 0.995 = 0.93) and the electron readout itself (0.995, "
            "repeated QND readout); not found (range 0.93-0.995)"
        ),
        "memory.initialisation_fidelity": _a("0.98; not found (range 0.9-0.999)"),
        "memory.num_memories": "Knaut et al. 2024: one 29Si nuclear memory per node [A]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.dephasing_per_attempt": _a(
            "0: in Knaut 2024 a herald ends the attempts, so the nucleus does not store "
            "through further electron attempts; for repeater use the dephasing of the "
            "strongly coupled 29Si by each electron attempt was not found (range 0-1e-3)"
        ),
        "communication_memory.t2_s": "Knaut et al. 2024: electron T2 ~ 78 us at 0.1 K [S]",
        "communication_memory.t1_s": _a("1 s electron T1 at 0.1 K (order of magnitude for "
                                        "SiV below 0.1 K; not re-checked) (range 0.1-10 s)"),
        "communication_memory.two_qubit_gate_fidelity": "Stas et al. 2022: electron-"
        "controlled nuclear gate 93.7% [N] (the same gate as memory.two_qubit_gate_fidelity)",
        "communication_memory.single_qubit_gate_fidelity": _a("0.99; not found "
                                                              "(range 0.98-0.9999)"),
        "communication_memory.readout_fidelity": "Stas et al. 2022: electron readout "
        "fidelity 99.5% [N]",
        "communication_memory.initialisation_fidelity": _a("0.98; not found "
                                                           "(range 0.9-0.999)"),
        "communication_memory.num_memories": "Knaut et al. 2024: one SiV electron per node",
        "communication_memory.num_temporal_modes": _NO_MUX,
        "communication_memory.dephasing_per_attempt": _na(
            "the communication qubit itself makes the attempts (0)"
        ),
        "memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "communication_memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "detector.efficiency": _a("0.8 SNSPD; not found (range 0.6-0.95)"),
        "detector.dark_count_rate_hz": _a("10 Hz incl. residual QFC noise (the converter's "
                                          "noise is lumped here); not found (range 1-100 Hz)"),
        "detector.window_s": _a("10 ns time-bin window; photon length not found "
                                "(range 2-50 ns)"),
        "detector.dead_time_s": _SNSPD_DEAD,
        "timing.initialisation_s": _INCLUDED_CYCLE,
        "timing.local_operations_s": _INCLUDED_CYCLE,
        "timing.duty_cycle": _a(
            _DUTY + "; SiV nodes interleave spectral/charge checks (range 0.2-1)"
        ),
        "fibre_attenuation_db_per_km": "Knaut et al. 2024: ~17 dB over the 35 km loop [S]; "
        "17/35 dB/km lumps splices and connectors into the attenuation",
        "fibre_wavelength_nm": "Knaut et al. 2024: 1350 nm after QFC [A]",
    },
    ranges={
        "emitter.attempt_duration_s": (0.3e-6, 10e-6),
        "emitter.spin_photon_depolarising": (0.0, 0.1),
        "emitter.spin_photon_dephasing": (0.0, 0.1),
        "memory.t1_s": (1.05, _INF),
        "memory.single_qubit_gate_fidelity": (0.98, 0.9999),
        "memory.readout_fidelity": (0.93, 0.995),
        "memory.initialisation_fidelity": (0.9, 0.999),
        "memory.num_temporal_modes": (1.0, 1.0),
        "memory.dephasing_per_attempt": (0.0, 1e-3),
        "communication_memory.t1_s": (0.1, 10.0),
        "communication_memory.single_qubit_gate_fidelity": (0.98, 0.9999),
        "communication_memory.initialisation_fidelity": (0.9, 0.999),
        "communication_memory.num_temporal_modes": (1.0, 1.0),
        "detector.efficiency": (0.6, 0.95),
        "detector.dark_count_rate_hz": (1.0, 100.0),
        "detector.window_s": (2e-9, 50e-9),
        "detector.dead_time_s": (20e-9, 100e-9),
        "timing.duty_cycle": (0.2, 1.0),
        "converter.efficiency": (0.30, 0.33),
        "converter.noise_rate_hz": _CONV_NOISE_RANGE,
    },
)

# --- 4. 40Ca+ ions, USTC (W.-Z. Liu 2026) -----------------------------------------------
#: Time budget of the ion nodes (see the timing.duty_cycle citation): recooling blocks of
#: another group's 40Ca+ node, 120 us per ~90 us of attempts, and the USTC phase
#: stabilisation's duty cycle of at most 6.5%.
_ION_RECOOL_ATTEMPT_S, _ION_RECOOL_BLOCK_S, _ION_PHASE_DUTY = 90e-6, 120e-6, 0.065
_ION_DUTY = (1.0 - _ION_PHASE_DUTY) * _ION_RECOOL_ATTEMPT_S / (
    _ION_RECOOL_ATTEMPT_S + _ION_RECOOL_BLOCK_S
)
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
        photon_length_s=20e-9,
        photon_shape="gaussian",
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
    detector=Detector(efficiency=0.8, dark_count_rate_hz=5.0, window_s=50e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=0.2,
    fibre_wavelength_nm=1550.0,
    converter=get_converter("liu2026_393_1550"),
    timing=AttemptTiming(duty_cycle=_ION_DUTY),
    capabilities=Capabilities(communication_qubits=1, storage_qubits=0, max_modes=1),
    notes=(
        "Inputs from W.-Z. Liu et al. 2026 [S]: photon into fibre 2.6% (A) and 2.8% (B) "
        "(the preset's single emitter takes 2.7%), conversion module to detector 9.1% "
        "including 28% filters, noise 35 cps at the converter output and 9.6 cps at the "
        "detectors (with these inputs the model gives about 5 + 9.8 x 0.63 x 0.8 = 9.9 cps "
        "on the 10 km link), photon about 20 ns FWHM, phase contrast 0.986(5). The attempt "
        "rate is not stated: attempt_duration_s is an assumption with a range, and the "
        "recooling budget is another group's (Tsinghua) entered through timing.duty_cycle. "
        "OUTPUTS for validation, never inputs: heralding rate linear in alpha, 2.226 Hz at "
        "alpha = 17%; mean generation time ~450 ms, link efficiency ~1.2; F = 0.923(12) and "
        "0.910(12) at 10 km (alpha = 2.5%), > 0.90 at 101 km; DI-QKD S = 2.5758(59) (10 km), "
        "2.504(75) (101 km), QBER 3.60(6)% and 6.9(11)% [S]. Use Emitter.with_alpha to "
        "sweep alpha."
    ),
    citations={
        "capabilities.communication_qubits": "W.-Z. Liu et al. 2026: one ion per trap [S]",
        "capabilities.storage_qubits": "W.-Z. Liu et al. 2026: one 40Ca+ ion per trap [S], "
        "both communication and storage qubit; no second ion or species as memory (0)",
        "capabilities.max_modes": "W.-Z. Liu et al. 2026: one ion per trap, one photon per "
        "attempt [S]: a single emitter has one mode",
        "emitter.wavelength_nm": "W.-Z. Liu et al., Nature 652, 51 (2026): 393 nm [S]",
        "emitter.emission_efficiency": "W.-Z. Liu et al. 2026: photon into fibre 2.6% (node "
        f"A), 2.8% (node B) [S] ({_INPUTS}); 2.7% taken for both (range = the two nodes)",
        "emitter.attempt_duration_s": _a(
            "5 us local cycle (optical pumping + excitation + emission; recooling is in "
            "timing.duty_cycle); the attempt rate is not stated in the paper [S] "
            "(range 2-20 us)"
        ),
        "emitter.alpha": "W.-Z. Liu et al. 2026: alpha = 2.5% for the 10 km fidelity runs [S]",
        "emitter.hom_visibility": _a("0.95 for two ions in separate traps; not found "
                                     "(range 0.85-1)"),
        "emitter.phase_noise_sigma_rad": "W.-Z. Liu et al. 2026: phase contrast 0.986 +- "
        "0.005 over 10 km [S]; sigma = sqrt(-2 ln 0.986); range from 0.991-0.981. Phase-lock "
        "visibility > 97% at 10 and 100 km, arXiv:2604.21388 [N]",
        "emitter.spin_photon_depolarising": _SINGLE_EMITTER_QUALITY,
        "emitter.spin_photon_dephasing": _SINGLE_EMITTER_QUALITY,
        "emitter.double_excitation_probability": _a(
            "0: a re-excitation within the excitation pulse would emit a second 393 nm "
            "photon; not found for this node (range 0-0.05)"
        ),
        "emitter.photon_length_s": "W.-Z. Liu et al. 2026: photon about 20 ns FWHM at "
        "1550 nm [S] (conversion with a CW pump keeps the temporal shape); Gaussian shape",
        "memory.t2_s": _a("5 ms free-evolution coherence (magnetic-field noise); not found; "
                          "unused while dynamical decoupling is on (range 0.5-50 ms)"),
        "memory.t1_s": _a("inf: ground-state (Zeeman) qubit of 40Ca+ does not decay on these "
                          "time scales; the low end follows from T2_DD <= 2 T1 "
                          "(range 0.275 s - inf)"),
        "memory.t2_dd_s": "W.-Z. Liu et al. 2026: memory coherence 550 +- 36 ms with dynamical "
        "decoupling [S]; range = +- 1 sigma",
        "memory.two_qubit_gate_fidelity": _a("0.99 typical trapped-ion gate; not found "
                                             "(range 0.97-0.999)"),
        "memory.single_qubit_gate_fidelity": _a("0.9999 typical trapped-ion gate; not found "
                                                "(range 0.999-0.99999)"),
        "memory.readout_fidelity": _a("0.999 fluorescence readout, typical; not found "
                                      "(range 0.99-0.9999)"),
        "memory.initialisation_fidelity": _a("0.999 optical pumping, typical; not found "
                                             "(range 0.99-0.9999)"),
        "memory.num_memories": "W.-Z. Liu et al. 2026: one ion per trap [S]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.dephasing_per_attempt": _SINGLE_ION,
        "memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "detector.efficiency": _a("0.8 SNSPD at 1550 nm; not found (range 0.6-0.95)"),
        "detector.dark_count_rate_hz": _a(
            "5 Hz SNSPD dark counts. W.-Z. Liu et al. 2026 measured 9.6 cps of noise at the "
            "detectors [S]: the detectors' own dark counts are part of it, the rest is "
            "conversion noise (converter.noise_rate_hz, attenuated by the fibre and "
            "detected); the dark counts alone cannot exceed 9.6 (range 0-9.6 Hz)"
        ),
        "detector.window_s": _a(
            "50 ns window, 2.5 x the 20 ns FWHM photon (emitter.photon_length_s), capturing "
            "erf(2.5 sqrt(ln 2)) = 99.7% of it; not found. A window of one FWHM captures 76% "
            "(range 20-200 ns)"
        ),
        "detector.dead_time_s": _SNSPD_DEAD,
        "timing.initialisation_s": _INCLUDED_CYCLE,
        "timing.local_operations_s": _INCLUDED_CYCLE,
        "timing.duty_cycle": _a(
            "(1 - 0.065) x 90 / (90 + 120) = 0.40 of wall time attempting. Recooling: another "
            "group's 40Ca+ node (Tsinghua, arXiv:2503.13898 [N]) alternates 120 us cooling "
            "blocks with about 90 us of attempts (an Overhead('recooling', 120e-6, "
            "every_s=90e-6), entered here as its duty fraction); the USTC schedule is not "
            "stated. Phase stabilisation: duty cycle <= 6.5% (arXiv:2604.21388 [N]). Range "
            "0.25-1 (1: no recooling or stabilisation interruptions)"
        ),
        "fibre_attenuation_db_per_km": "physics.md s.1: 1550 nm 0.17-0.20 dB/km (spooled "
        "fibre, W.-Z. Liu 2026 [S]); 0.2 taken",
        "fibre_wavelength_nm": "W.-Z. Liu et al. 2026: 1550 nm after QFC [S]",
    },
    ranges={
        "emitter.emission_efficiency": (0.026, 0.028),
        "emitter.attempt_duration_s": (2e-6, 20e-6),
        "emitter.hom_visibility": (0.85, 1.0),
        "emitter.phase_noise_sigma_rad": (
            Emitter.sigma_from_phase_coherence(0.991),
            Emitter.sigma_from_phase_coherence(0.981),
        ),
        "emitter.spin_photon_depolarising": (0.0, 0.05),
        "emitter.spin_photon_dephasing": (0.0, 0.05),
        "emitter.double_excitation_probability": (0.0, 0.05),
        "memory.t2_s": (0.5e-3, 50e-3),
        "memory.t1_s": (0.275, _INF),
        "memory.t2_dd_s": (0.514, 0.586),
        "memory.two_qubit_gate_fidelity": (0.97, 0.999),
        "memory.single_qubit_gate_fidelity": (0.999, 0.99999),
        "memory.readout_fidelity": (0.99, 0.9999),
        "memory.initialisation_fidelity": (0.99, 0.9999),
        "memory.num_temporal_modes": (1.0, 1.0),
        "detector.efficiency": (0.6, 0.95),
        "detector.dark_count_rate_hz": (0.0, 9.6),
        "detector.window_s": (20e-9, 200e-9),
        "detector.dead_time_s": (20e-9, 100e-9),
        "timing.duty_cycle": (0.25, 1.0),
        "converter.efficiency": (0.091, 0.15),
        "converter.noise_rate_hz": (9.6, 35.0),
    },
)

# --- 5. Single 87Rb atoms (Lu 2026) ---------------------------------------------------------
_RB_ATOM = Platform(
    name="rb_atom_lu2026",
    description="Single 87Rb atoms, Rydberg-based emission, single-click DI-QKD to 100 km",
    scheme="single-click",
    emitter=Emitter(
        wavelength_nm=780.0,
        emission_efficiency=0.04,
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
    capabilities=Capabilities(communication_qubits=1, storage_qubits=0, max_modes=1),
    notes=(
        "Inputs from Lu 2026 [S]: about 4% collection x transmission x coupling, conversion "
        "780 -> 1315 nm 47%, HOM 0.991(10), memory > 300 ms (clock states, decoupling; "
        "entered as t2_s, the coherence in use). Attempt cycle, alpha and reloading "
        "overheads are not stated (assumptions with ranges). OUTPUTS for validation, never "
        "inputs: 1.2e6 heralded pairs in 624 h at 11 km (a wall-clock average) and 0.72 "
        "heralds/s while running [S] (their ratio is a diagnosis of the duty cycle, not an "
        "input); F = 0.947(5) (11 km), 0.911(10) (100 km); S = 2.612(31); finite-size key "
        "0.112 bits/event (Renyi EAT) and 0.034 (original EAT) at 1.2e6 events [A]/[S]."
    ),
    citations={
        "capabilities.communication_qubits": "Lu et al. 2026: one atom per node [A]",
        "capabilities.storage_qubits": "Lu et al. 2026: one 87Rb atom per node [A], both "
        "communication and storage qubit (0)",
        "capabilities.max_modes": "Lu et al. 2026: one atom per node, one photon per attempt "
        "[A]: a single emitter has one mode",
        "emitter.wavelength_nm": "Lu et al., Science 391, 592 (2026): 780 nm [S]",
        "emitter.emission_efficiency": "Lu et al. 2026: about 4% collection x transmission x "
        f"coupling into fibre per emission [S] ({_INPUTS})",
        "emitter.attempt_duration_s": _a("10 us local cycle (pumping, Rydberg excitation, "
                                         "emission); not found (range 2-50 us)"),
        "emitter.alpha": _a(
            "0.03, the low-alpha regime of SPI DI-QKD (W.-Z. Liu 2026 used 2.5%); not found "
            "for Lu 2026 and not fitted to its fidelity (range 0.01-0.1)"
        ),
        "emitter.hom_visibility": "Lu et al. 2026: HOM visibility 0.991 +- 0.01 [S]; range "
        "= +- 1 sigma capped at 1",
        "emitter.phase_noise_sigma_rad": _a("0.15 rad residual phase noise; not found "
                                            "(range 0.05-0.3 rad)"),
        "emitter.spin_photon_depolarising": _SINGLE_EMITTER_QUALITY,
        "emitter.spin_photon_dephasing": _SINGLE_EMITTER_QUALITY,
        "emitter.double_excitation_probability": _a(
            "0: a second emission within one Rydberg-based emission attempt was not "
            "reported (range 0-0.05)"
        ),
        "memory.t2_s": "Lu et al. 2026: memory coherence > 300 ms with clock states and "
        "decoupling [S]; the lower bound is used as the coherence in use (range: up to 10x)",
        "memory.t1_s": _a("inf: hyperfine ground-state relaxation (Raman scattering of trap "
                          "light) is slower than the coherence; low end from T2 <= 2 T1 "
                          "(range 0.15 s - inf)"),
        "memory.two_qubit_gate_fidelity": _a("0.99; single atoms need no local 2-qubit gate "
                                             "for DI-QKD; not found (range 0.97-0.999)"),
        "memory.single_qubit_gate_fidelity": _a("0.999 Raman rotations; not found "
                                                "(range 0.99-0.9999)"),
        "memory.readout_fidelity": _a("0.99 state-selective readout; not found "
                                      "(range 0.95-0.999)"),
        "memory.initialisation_fidelity": _a("0.99 optical pumping; not found "
                                             "(range 0.95-0.999)"),
        "memory.num_memories": "Lu et al. 2026: one atom per node [A]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.dephasing_per_attempt": _SINGLE_ATOM,
        "memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "detector.efficiency": _a("0.8 SNSPD at 1315 nm; not found (range 0.5-0.95)"),
        "detector.dark_count_rate_hz": _a("10 Hz incl. residual QFC noise (the converter's "
                                          "noise is lumped here); not found (range 1-100 Hz)"),
        "detector.window_s": _a("200 ns window for the Rydberg-emitted photon; photon "
                                "length not found (range 50 ns - 1 us)"),
        "detector.dead_time_s": _SNSPD_DEAD,
        "timing.initialisation_s": _INCLUDED_CYCLE,
        "timing.local_operations_s": _INCLUDED_CYCLE,
        "timing.duty_cycle": _a(
            _DUTY + "; single-atom nodes reload lost atoms (range 0.3-1)"
        ),
        "fibre_attenuation_db_per_km": "Lu et al. 2026: spooled fibre ~0.35 dB/km [S]",
        "fibre_wavelength_nm": "Lu et al. 2026: 1315 nm after QFC [S]",
    },
    ranges={
        "emitter.attempt_duration_s": (2e-6, 50e-6),
        "emitter.alpha": (0.01, 0.1),
        "emitter.hom_visibility": (0.981, 1.0),
        "emitter.phase_noise_sigma_rad": (0.05, 0.3),
        "emitter.spin_photon_depolarising": (0.0, 0.05),
        "emitter.spin_photon_dephasing": (0.0, 0.05),
        "emitter.double_excitation_probability": (0.0, 0.05),
        "memory.t2_s": (0.3, 3.0),
        "memory.t1_s": (0.15, _INF),
        "memory.two_qubit_gate_fidelity": (0.97, 0.999),
        "memory.single_qubit_gate_fidelity": (0.99, 0.9999),
        "memory.readout_fidelity": (0.95, 0.999),
        "memory.initialisation_fidelity": (0.95, 0.999),
        "memory.num_temporal_modes": (1.0, 1.0),
        "detector.efficiency": (0.5, 0.95),
        "detector.dark_count_rate_hz": (1.0, 100.0),
        "detector.window_s": (50e-9, 1e-6),
        "detector.dead_time_s": (20e-9, 100e-9),
        "timing.duty_cycle": (0.3, 1.0),
        "converter.noise_rate_hz": _CONV_NOISE_RANGE,
    },
)

# --- 6. InAs quantum dot + warm Rb vapour ORCA memory (Thomas 2024) ------------------------
_QD = SinglePhotonSource(wavelength_nm=1529.3, efficiency=0.05, g2_zero=0.05,
                         repetition_rate_hz=80e6, hom_visibility=0.9)
_QD_FLUX = _a(
    "0.05 QD photon into single-mode fibre per pulse; not found. The photon flux reaching "
    "the memory per trigger (this times the link's input_transmission) sets the SNR "
    "linearly (range 0.005-0.15)"
)
_QD_NA_EMISSION = _na("a storage experiment has no spin-photon state; the source's "
                      "multi-photon part is source.g2_zero (0)")
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
        noise_floor_input_photons=4.5e-6,
    ),
    detector=Detector(efficiency=0.8, dark_count_rate_hz=100.0, window_s=1e-9,
                      dead_time_s=50e-9),
    fibre_attenuation_db_per_km=0.2,
    fibre_wavelength_nm=1529.3,
    source=_QD,
    capabilities=Capabilities(communication_qubits=1, storage_qubits=0, max_modes=1),
    notes=(
        "A storage experiment, not an entanglement link. retrieval_efficiency_0 is the "
        "total internal memory efficiency measured with QD light (12.9% [A]); the companion "
        "ORCA paper (arXiv:2211.04415 [N]) measured 20.9% with its own input, a storage time "
        "of 1.10 ns (Doppler-limited: Gaussian dephasing of the thermal velocity "
        "distribution) and a noise floor where signal equals noise at 4.5e-6 input photons "
        "per pulse (memory.noise_floor_input_photons: the memory adds mu_1 x efficiency "
        "noise photons per retrieval). The photon flux reaching the memory per trigger "
        "was not found (source.efficiency and the link's input_transmission; SNR is linear "
        "in it). OUTPUT for validation, never an input: SNR 18.2(6), limited by detector "
        "dark counts [A]."
    ),
    citations={
        "capabilities.communication_qubits": _na(
            "a storage experiment: one QD source feeding one memory, no entangling attempts "
            "(1, the minimum)"
        ),
        "capabilities.storage_qubits": _na("the vapour cell (memory) is the node's one "
                                           "mode; no separate storage qubit (0)"),
        "capabilities.max_modes": "Thomas et al. 2024: one QD photon per trigger stored in "
        "one vapour cell [A]; the 1.1 ns Doppler-limited storage [N] leaves no room for "
        "temporal modes",
        "emitter.wavelength_nm": "Thomas et al., Sci. Adv. 10, eadi7346 (2024): QD photons "
        "at the Rb 5P3/2-4D5/2 line, 1529 nm [A]",
        "emitter.emission_efficiency": _QD_FLUX + "; same as source.efficiency",
        "emitter.attempt_duration_s": _a("1/80 MHz, a typical pulsed-laser QD repetition "
                                         "rate; not found (range 1/1 GHz - 1/20 MHz)"),
        "emitter.hom_visibility": _a("0.9; not found; not used by the storage model "
                                     "(range 0.5-1)"),
        "emitter.phase_noise_sigma_rad": _na("no interferometric link (0)"),
        "emitter.spin_photon_depolarising": _QD_NA_EMISSION,
        "emitter.spin_photon_dephasing": _QD_NA_EMISSION,
        "emitter.double_excitation_probability": _QD_NA_EMISSION,
        "source.wavelength_nm": "Thomas et al. 2024: 1529 nm [A]",
        "source.efficiency": _QD_FLUX,
        "source.g2_zero": _a("0.05 typical InAs QD under resonant-like excitation; not found "
                             "(range 0.01-0.2)"),
        "source.repetition_rate_hz": _a("80 MHz; not found (range 20 MHz - 1 GHz)"),
        "source.hom_visibility": _a("0.9; not found (range 0.5-1)"),
        "memory.t2_s": "Thomas et al., arXiv:2211.04415 (companion ORCA memory paper): "
        "Doppler-limited storage time 1.10(2) ns [N]",
        "memory.t1_s": _a(
            "inf: the 4D5/2 storage level's radiative lifetime (order 90 ns) is ~80x the "
            "Doppler-limited 1.1 ns storage, so population decay is negligible "
            "(range 50 ns - inf)"
        ),
        "memory.retrieval_efficiency_0": "Thomas et al. 2024: total internal memory "
        "efficiency (12.9 +- 0.4)% with QD light [A] (range = +- 1 sigma); the companion "
        "paper's 20.9% [N] was measured with a different input",
        "memory.retrieval_lifetime_s": "Thomas et al., arXiv:2211.04415: storage time "
        "1.10(2) ns [N] (range = +- 1 sigma); Gaussian shape for Doppler dephasing (the "
        "shape is an assumption)",
        "memory.two_qubit_gate_fidelity": _NO_GATES,
        "memory.single_qubit_gate_fidelity": _NO_GATES,
        "memory.readout_fidelity": _PHOTONIC_READOUT,
        "memory.initialisation_fidelity": _na("the ORCA memory stores from the thermal "
                                              "ground state; no qubit is initialised (1.0)"),
        "memory.num_memories": "Thomas et al. 2024: one vapour cell [A]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.dephasing_per_attempt": _na("no entangling attempts (0)"),
        "memory.noise_floor_input_photons": "Thomas et al., arXiv:2211.04415 (companion ORCA "
        "memory paper): signal equals noise at 4.5e-6 input photons per pulse [N] "
        f"({_INPUTS}); measured in that paper's setup (efficiency 20.9%), applied here with "
        "this preset's 12.9% memory",
        "detector.efficiency": _a("0.8 SNSPD; not found (range 0.5-0.95)"),
        "detector.dark_count_rate_hz": _a("100 Hz (the SNR is dark-count limited [A]); the "
                                          "rate itself not found (range 1-1000 Hz)"),
        "detector.window_s": _a("1 ns window matched to the ~1 ns storage; not found "
                                "(range 0.3-3 ns)"),
        "detector.dead_time_s": _SNSPD_DEAD,
        "timing.initialisation_s": _na("a storage experiment: one trigger per "
                                       "emitter.attempt_duration_s (0)"),
        "timing.local_operations_s": _na("no local operations (0)"),
        "timing.duty_cycle": _na("quantities are per trigger (1.0)"),
        "fibre_attenuation_db_per_km": "physics.md s.1: 1550 nm band 0.17-0.20 dB/km; 0.2",
        "fibre_wavelength_nm": "Thomas et al. 2024: 1529 nm [A]",
    },
    ranges={
        "emitter.emission_efficiency": (0.005, 0.15),
        "emitter.attempt_duration_s": (1e-9, 5e-8),
        "emitter.hom_visibility": (0.5, 1.0),
        "source.efficiency": (0.005, 0.15),
        "source.g2_zero": (0.01, 0.2),
        "source.repetition_rate_hz": (20e6, 1e9),
        "source.hom_visibility": (0.5, 1.0),
        "memory.t2_s": (1.08e-9, 1.12e-9),
        "memory.t1_s": (50e-9, _INF),
        "memory.retrieval_efficiency_0": (0.125, 0.133),
        "memory.retrieval_lifetime_s": (1.08e-9, 1.12e-9),
        "memory.num_temporal_modes": (1.0, 1.0),
        "detector.efficiency": (0.5, 0.95),
        "detector.dark_count_rate_hz": (1.0, 1000.0),
        "detector.window_s": (0.3e-9, 3e-9),
        "detector.dead_time_s": (20e-9, 100e-9),
    },
)

#: The platform registry, keyed by name.
PLATFORMS: Mapping[str, Platform] = MappingProxyType(
    {p.name: p for p in (_RB_ENSEMBLE, _NV, _NV13C, _SIV, _CA_ION, _RB_ATOM, _QD_MEMORY)}
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
