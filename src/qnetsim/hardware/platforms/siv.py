"""Platform preset of SiV centres in diamond nanophotonic cavities (Harvard: Knaut et al.,
Nature 629, 573 (2024); Bhaskar et al., Nature 580, 60 (2020); Stas et al., Science 378, 557
(2022)), preset ``siv_harvard``. Citation conventions: :mod:`qnetsim.hardware.platforms`.
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
    _SNSPD_DEAD,
    _a,
    _na,
)

__all__ = ["PRESETS"]

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
    memory=Memory(
        t2_s=2.1,
        two_qubit_gate_fidelity=0.937,
        single_qubit_gate_fidelity=0.99,
        readout_fidelity=0.95,
        initialisation_fidelity=0.98,
    ),
    communication_memory=Memory(
        t2_s=78e-6,
        t1_s=1.0,
        single_qubit_gate_fidelity=0.99,
        two_qubit_gate_fidelity=0.937,
        readout_fidelity=0.995,
        initialisation_fidelity=0.98,
    ),
    detector=Detector(efficiency=0.8, dark_count_rate_hz=10.0, window_s=10e-9, dead_time_s=50e-9),
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
        "capabilities.communication_qubits": "Knaut et al. 2024: one SiV electron per node [A]",
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
        "emitter.hom_visibility": _na(
            "the serial reflection scheme interferes no photons "
            "from two emitters (physics.md s.2) (1.0)"
        ),
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
        "memory.t1_s": _a(
            "inf: the 29Si nuclear spin T1 far exceeds its T2; the low end "
            "follows from T2 <= 2 T1 (range 1.05 s - inf)"
        ),
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
        "communication_memory.t1_s": _a(
            "1 s electron T1 at 0.1 K (order of magnitude for "
            "SiV below 0.1 K; not re-checked) (range 0.1-10 s)"
        ),
        "communication_memory.two_qubit_gate_fidelity": "Stas et al. 2022: electron-"
        "controlled nuclear gate 93.7% [N] (the same gate as memory.two_qubit_gate_fidelity)",
        "communication_memory.single_qubit_gate_fidelity": _a(
            "0.99; not found (range 0.98-0.9999)"
        ),
        "communication_memory.readout_fidelity": "Stas et al. 2022: electron readout "
        "fidelity 99.5% [N]",
        "communication_memory.initialisation_fidelity": _a("0.98; not found (range 0.9-0.999)"),
        "communication_memory.num_memories": "Knaut et al. 2024: one SiV electron per node",
        "communication_memory.num_temporal_modes": _NO_MUX,
        "communication_memory.dephasing_per_attempt": _na(
            "the communication qubit itself makes the attempts (0)"
        ),
        "memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "communication_memory.noise_floor_input_photons": _NO_OPTICAL_READOUT,
        "detector.efficiency": _a("0.8 SNSPD; not found (range 0.6-0.95)"),
        "detector.dark_count_rate_hz": _a(
            "10 Hz incl. residual QFC noise (the converter's "
            "noise is lumped here); not found (range 1-100 Hz)"
        ),
        "detector.window_s": _a("10 ns time-bin window; photon length not found (range 2-50 ns)"),
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

#: The presets of this module, in registry order.
PRESETS: tuple[Platform, ...] = (_SIV,)
