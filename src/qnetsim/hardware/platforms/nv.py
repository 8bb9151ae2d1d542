"""Platform presets of NV centres in diamond (Delft): ``nv_delft``, the Delft-The Hague
single-click link over deployed fibre (Stolk et al., Sci. Adv. 10, eadp6442 (2024)), and
``nv_delft_13c``, NV electrons with a 13C memory of the three-node network (Pompili et al.,
Science 372, 259 (2021); NetSquid NV parameter set 2019 after Humphreys et al., Nature 558,
268 (2018) and Kalb et al. 2018). Citation conventions: :mod:`qnetsim.hardware.platforms`.
"""

from __future__ import annotations

import math

from qnetsim.hardware.capabilities import Capabilities
from qnetsim.hardware.conversion import get_converter
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.emitter import Emitter
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform
from qnetsim.hardware.platforms._shared import (
    _CONV_NOISE_RANGE,
    _DUTY,
    _INCLUDED_CYCLE,
    _INF,
    _INPUTS,
    _NO_MUX,
    _NO_OPTICAL_READOUT,
    _SELF,
    _SNSPD_DEAD,
    _a,
    _na,
)

__all__ = ["PRESETS"]

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
    detector=Detector(efficiency=0.6, dark_count_rate_hz=20.0, window_s=30e-9, dead_time_s=50e-9),
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
        "capabilities.communication_qubits": "Stolk et al. 2024: one NV electron spin per node [S]",
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
        "memory.t2_s": _a(
            "5 us: typical NV electron T2* (free evolution); not from Stolk (range 1-50 us)"
        ),
        "memory.t1_s": _a(
            "inf: the NV electron T1 at cryogenic temperature is of order an "
            "hour or longer (e.g. Abobeih et al., Nat. Commun. 9, 2552 (2018)) "
            "(range 1 h - inf)"
        ),
        "memory.t2_dd_s": "Humphreys et al. 2018 (abstract): decoherence rate of the remote "
        "entangled state 5 Hz under dynamical decoupling, i.e. 2.5 Hz per qubit: T2_DD ~ 0.4 s",
        "memory.two_qubit_gate_fidelity": _a(
            "0.97 electron-nuclear gate, typical Delft "
            "value; not used in Stolk 2024 (range 0.9-0.99)"
        ),
        "memory.single_qubit_gate_fidelity": _a(
            "0.999 microwave gate; typical, not found (range 0.99-0.9999)"
        ),
        "memory.readout_fidelity": _a(
            "(0.95, 0.995) single-shot readout, typical Delft "
            "values (Pompili et al., Science 372, 259 (2021)); "
            "not re-checked (range 0.9-0.999 for each)"
        ),
        "memory.initialisation_fidelity": _a(
            "0.99 charge/spin initialisation; typical (range 0.95-0.999)"
        ),
        "memory.num_memories": "Stolk et al. 2024: one NV electron spin per node [S]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.dephasing_per_attempt": _SELF,
        "memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "detector.efficiency": "Stolk et al. 2024: SNSPD about 60% [S]",
        "detector.dark_count_rate_hz": _a(
            "20 Hz incl. residual QFC/pump noise (the "
            "converter's noise is lumped here); not found "
            "(range 5-200 Hz)"
        ),
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
_NV13C_DEPHASING = _NV13C_ALPHA / 2.0 * (1.0 - math.exp(-(_KALB_X**2) / 2.0))
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
    detector=Detector(efficiency=0.8, dark_count_rate_hz=20.0, window_s=25e-9, dead_time_s=50e-9),
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

#: The presets of this module, in registry order.
PRESETS: tuple[Platform, ...] = (_NV, _NV13C)
