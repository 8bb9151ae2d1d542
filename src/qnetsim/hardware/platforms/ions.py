"""Platform preset of trapped ions: 40Ca+ ions, single-click over spooled fibre (USTC: W.-Z. Liu
et al., Nature 652, 51 (2026); arXiv:2604.21388), preset ``ca_ion_ustc``. Citation
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
    _INCLUDED_CYCLE,
    _INF,
    _INPUTS,
    _NO_MUX,
    _NO_OPTICAL_READOUT,
    _SINGLE_EMITTER_QUALITY,
    _SINGLE_ION,
    _SNSPD_DEAD,
    _a,
)
from qnetsim.hardware.timing import AttemptTiming

__all__ = ["PRESETS"]

# --- 4. 40Ca+ ions, USTC (W.-Z. Liu 2026) -----------------------------------------------
#: Time budget of the ion nodes (see the timing.duty_cycle citation): recooling blocks of
#: another group's 40Ca+ node, 120 us per ~90 us of attempts, and the USTC phase
#: stabilisation's duty cycle of at most 6.5%.
_ION_RECOOL_ATTEMPT_S, _ION_RECOOL_BLOCK_S, _ION_PHASE_DUTY = 90e-6, 120e-6, 0.065
_ION_DUTY = (
    (1.0 - _ION_PHASE_DUTY) * _ION_RECOOL_ATTEMPT_S / (_ION_RECOOL_ATTEMPT_S + _ION_RECOOL_BLOCK_S)
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
    detector=Detector(efficiency=0.8, dark_count_rate_hz=5.0, window_s=50e-9, dead_time_s=50e-9),
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
        "emitter.hom_visibility": _a(
            "0.95 for two ions in separate traps; not found (range 0.85-1)"
        ),
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
        "memory.t2_s": _a(
            "5 ms free-evolution coherence (magnetic-field noise); not found; "
            "unused while dynamical decoupling is on (range 0.5-50 ms)"
        ),
        "memory.t1_s": _a(
            "inf: ground-state (Zeeman) qubit of 40Ca+ does not decay on these "
            "time scales; the low end follows from T2_DD <= 2 T1 "
            "(range 0.275 s - inf)"
        ),
        "memory.t2_dd_s": "W.-Z. Liu et al. 2026: memory coherence 550 +- 36 ms with dynamical "
        "decoupling [S]; range = +- 1 sigma",
        "memory.two_qubit_gate_fidelity": _a(
            "0.99 typical trapped-ion gate; not found (range 0.97-0.999)"
        ),
        "memory.single_qubit_gate_fidelity": _a(
            "0.9999 typical trapped-ion gate; not found (range 0.999-0.99999)"
        ),
        "memory.readout_fidelity": _a(
            "0.999 fluorescence readout, typical; not found (range 0.99-0.9999)"
        ),
        "memory.initialisation_fidelity": _a(
            "0.999 optical pumping, typical; not found (range 0.99-0.9999)"
        ),
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

#: The presets of this module, in registry order.
PRESETS: tuple[Platform, ...] = (_CA_ION,)
