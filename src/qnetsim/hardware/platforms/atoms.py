"""Platform preset of single neutral atoms: 87Rb atoms with Rydberg-based emission, single-click
DI-QKD to 100 km (Lu et al., Science 391, 592 (2026)), preset ``rb_atom_lu2026``. Citation
conventions: :mod:`qnetsim.hardware.platforms`.
"""

from __future__ import annotations

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
    _SINGLE_ATOM,
    _SINGLE_EMITTER_QUALITY,
    _SNSPD_DEAD,
    _a,
)

__all__ = ["PRESETS"]

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
    detector=Detector(efficiency=0.8, dark_count_rate_hz=10.0, window_s=200e-9, dead_time_s=50e-9),
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
        "emitter.attempt_duration_s": _a(
            "10 us local cycle (pumping, Rydberg excitation, emission); not found (range 2-50 us)"
        ),
        "emitter.alpha": _a(
            "0.03, the low-alpha regime of SPI DI-QKD (W.-Z. Liu 2026 used 2.5%); not found "
            "for Lu 2026 and not fitted to its fidelity (range 0.01-0.1)"
        ),
        "emitter.hom_visibility": "Lu et al. 2026: HOM visibility 0.991 +- 0.01 [S]; range "
        "= +- 1 sigma capped at 1",
        "emitter.phase_noise_sigma_rad": _a(
            "0.15 rad residual phase noise; not found (range 0.05-0.3 rad)"
        ),
        "emitter.spin_photon_depolarising": _SINGLE_EMITTER_QUALITY,
        "emitter.spin_photon_dephasing": _SINGLE_EMITTER_QUALITY,
        "emitter.double_excitation_probability": _a(
            "0: a second emission within one Rydberg-based emission attempt was not "
            "reported (range 0-0.05)"
        ),
        "memory.t2_s": "Lu et al. 2026: memory coherence > 300 ms with clock states and "
        "decoupling [S]; the lower bound is used as the coherence in use (range: up to 10x)",
        "memory.t1_s": _a(
            "inf: hyperfine ground-state relaxation (Raman scattering of trap "
            "light) is slower than the coherence; low end from T2 <= 2 T1 "
            "(range 0.15 s - inf)"
        ),
        "memory.two_qubit_gate_fidelity": _a(
            "0.99; single atoms need no local 2-qubit gate for DI-QKD; not found (range 0.97-0.999)"
        ),
        "memory.single_qubit_gate_fidelity": _a(
            "0.999 Raman rotations; not found (range 0.99-0.9999)"
        ),
        "memory.readout_fidelity": _a("0.99 state-selective readout; not found (range 0.95-0.999)"),
        "memory.initialisation_fidelity": _a("0.99 optical pumping; not found (range 0.95-0.999)"),
        "memory.num_memories": "Lu et al. 2026: one atom per node [A]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.dephasing_per_attempt": _SINGLE_ATOM,
        "memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "detector.efficiency": _a("0.8 SNSPD at 1315 nm; not found (range 0.5-0.95)"),
        "detector.dark_count_rate_hz": _a(
            "10 Hz incl. residual QFC noise (the converter's "
            "noise is lumped here); not found (range 1-100 Hz)"
        ),
        "detector.window_s": _a(
            "200 ns window for the Rydberg-emitted photon; photon "
            "length not found (range 50 ns - 1 us)"
        ),
        "detector.dead_time_s": _SNSPD_DEAD,
        "timing.initialisation_s": _INCLUDED_CYCLE,
        "timing.local_operations_s": _INCLUDED_CYCLE,
        "timing.duty_cycle": _a(_DUTY + "; single-atom nodes reload lost atoms (range 0.3-1)"),
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

#: The presets of this module, in registry order.
PRESETS: tuple[Platform, ...] = (_RB_ATOM,)
