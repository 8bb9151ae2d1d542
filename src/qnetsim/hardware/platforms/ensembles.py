"""Platform preset of atomic-ensemble memories: cold 87Rb ensembles in ring cavities, DLCZ
with frequency conversion to 1342 nm (USTC: Yu et al., Nature 578, 240 (2020); J.-L. Liu et al.
2024), preset ``rb_ensemble_ustc``. Citation conventions: :mod:`qnetsim.hardware.platforms`.
"""

from __future__ import annotations

from qnetsim.hardware.capabilities import Capabilities
from qnetsim.hardware.conversion import get_converter
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.emitter import Emitter
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform
from qnetsim.hardware.platforms._shared import (
    _DUTY,
    _ENS_DOUBLE,
    _ENS_SPIN_PHOTON,
    _INCLUDED_RATE,
    _INF,
    _INPUTS,
    _NO_GATES,
    _NO_MUX,
    _PHOTONIC_READOUT,
    _SNSPD_DEAD,
    _a,
    _na,
)
from qnetsim.hardware.timing import AttemptTiming

__all__ = ["PRESETS"]

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
    detector=Detector(efficiency=0.5, dark_count_rate_hz=10.0, window_s=100e-9, dead_time_s=50e-9),
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
        "capabilities.storage_qubits": _na(
            "the ensemble that emits the write photon stores "
            "the spin wave; no separate storage memory (0)"
        ),
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
        "emitter.hom_visibility": _a(
            "0.9 for independent ensembles after QFC; not found (range 0.7-1)"
        ),
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
        "detector.efficiency": _a(
            "0.5 SNSPD at 1342 nm incl. filtering; not found (range 0.3-0.9)"
        ),
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

#: The presets of this module, in registry order.
PRESETS: tuple[Platform, ...] = (_RB_ENSEMBLE,)
