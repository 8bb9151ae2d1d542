"""Platform preset of quantum-dot photons stored in a warm-vapour memory: InAs QD telecom photons
in a warm 87Rb ORCA memory (Thomas et al., Sci. Adv. 10, eadi7346 (2024); arXiv:2211.04415),
preset ``qd_rb_vapour_imperial``. Citation conventions: :mod:`qnetsim.hardware.platforms`.
"""

from __future__ import annotations

from qnetsim.hardware.capabilities import Capabilities
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.emitter import Emitter
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform
from qnetsim.hardware.platforms._shared import (
    _INF,
    _INPUTS,
    _NO_GATES,
    _NO_MUX,
    _PHOTONIC_READOUT,
    _SNSPD_DEAD,
    _a,
    _na,
)
from qnetsim.hardware.source import SinglePhotonSource

__all__ = ["PRESETS"]

# --- 6. InAs quantum dot + warm Rb vapour ORCA memory (Thomas 2024) ------------------------
_QD = SinglePhotonSource(
    wavelength_nm=1529.3, efficiency=0.05, g2_zero=0.05, repetition_rate_hz=80e6, hom_visibility=0.9
)
_QD_FLUX = _a(
    "0.05 QD photon into single-mode fibre per pulse; not found. The photon flux reaching "
    "the memory per trigger (this times the link's input_transmission) sets the SNR "
    "linearly (range 0.005-0.15)"
)
_QD_NA_EMISSION = _na(
    "a storage experiment has no spin-photon state; the source's "
    "multi-photon part is source.g2_zero (0)"
)
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
    detector=Detector(efficiency=0.8, dark_count_rate_hz=100.0, window_s=1e-9, dead_time_s=50e-9),
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
        "capabilities.storage_qubits": _na(
            "the vapour cell (memory) is the node's one mode; no separate storage qubit (0)"
        ),
        "capabilities.max_modes": "Thomas et al. 2024: one QD photon per trigger stored in "
        "one vapour cell [A]; the 1.1 ns Doppler-limited storage [N] leaves no room for "
        "temporal modes",
        "emitter.wavelength_nm": "Thomas et al., Sci. Adv. 10, eadi7346 (2024): QD photons "
        "at the Rb 5P3/2-4D5/2 line, 1529 nm [A]",
        "emitter.emission_efficiency": _QD_FLUX + "; same as source.efficiency",
        "emitter.attempt_duration_s": _a(
            "1/80 MHz, a typical pulsed-laser QD repetition "
            "rate; not found (range 1/1 GHz - 1/20 MHz)"
        ),
        "emitter.hom_visibility": _a("0.9; not found; not used by the storage model (range 0.5-1)"),
        "emitter.phase_noise_sigma_rad": _na("no interferometric link (0)"),
        "emitter.spin_photon_depolarising": _QD_NA_EMISSION,
        "emitter.spin_photon_dephasing": _QD_NA_EMISSION,
        "emitter.double_excitation_probability": _QD_NA_EMISSION,
        "source.wavelength_nm": "Thomas et al. 2024: 1529 nm [A]",
        "source.efficiency": _QD_FLUX,
        "source.g2_zero": _a(
            "0.05 typical InAs QD under resonant-like excitation; not found (range 0.01-0.2)"
        ),
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
        "memory.initialisation_fidelity": _na(
            "the ORCA memory stores from the thermal ground state; no qubit is initialised (1.0)"
        ),
        "memory.num_memories": "Thomas et al. 2024: one vapour cell [A]",
        "memory.num_temporal_modes": _NO_MUX,
        "memory.dephasing_per_attempt": _na("no entangling attempts (0)"),
        "memory.noise_floor_input_photons": "Thomas et al., arXiv:2211.04415 (companion ORCA "
        "memory paper): signal equals noise at 4.5e-6 input photons per pulse [N] "
        f"({_INPUTS}); measured in that paper's setup (efficiency 20.9%), applied here with "
        "this preset's 12.9% memory",
        "detector.efficiency": _a("0.8 SNSPD; not found (range 0.5-0.95)"),
        "detector.dark_count_rate_hz": _a(
            "100 Hz (the SNR is dark-count limited [A]); the "
            "rate itself not found (range 1-1000 Hz)"
        ),
        "detector.window_s": _a(
            "1 ns window matched to the ~1 ns storage; not found (range 0.3-3 ns)"
        ),
        "detector.dead_time_s": _SNSPD_DEAD,
        "timing.initialisation_s": _na(
            "a storage experiment: one trigger per emitter.attempt_duration_s (0)"
        ),
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

#: The presets of this module, in registry order.
PRESETS: tuple[Platform, ...] = (_QD_MEMORY,)
