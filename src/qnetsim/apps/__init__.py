"""qnetsim.apps: what a network is for - QKD, Bell tests, teleportation, GHZ states, bounds.

Closed-form key rates and capacity bounds (functions of numbers and arrays; two-qubit states
enter as :class:`~qnetsim.quantum.states.QuantumState` objects, 4x4 density matrices or
Bell-diagonal coefficients ``(l_I, l_X, l_Z, l_Y)``), and protocols run on delivered states
with an explicit random generator. Formulas, sources and validation: ``docs/qkd.md`` and
``docs/apps.md``.

Names are imported on first use (module ``__getattr__``, PEP 562), so importing one
function does not import every module of the package (start-up time of the CLI).
"""

from __future__ import annotations

import importlib

_MODULES: dict[str, tuple[str, ...]] = {
    "qnetsim.apps.capacity": (
        "fibre_transmissivity",
        "midpoint_repeater_bound",
        "per_second",
        "plob_bound",
        "plob_bound_fibre",
        "repeater_chain_bound",
        "repeater_chain_bound_fibre",
        "tgw_bound",
        "tgw_bound_fibre",
    ),
    "qnetsim.apps.entropy": (
        "binary_entropy",
        "binary_entropy_inverse",
    ),
    "qnetsim.apps.ghz": (
        "GHZResult",
        "ghz_from_star",
        "ghz_state_vector",
        "werner_star_ghz_fidelity",
    ),
    "qnetsim.apps.qkd": (
        "GYS_CHANNEL",
        "TSIRELSON_BOUND",
        "BBM92Result",
        "BellTestResult",
        "CHSHEstimate",
        "CHSHSettings",
        "DecoyChannel",
        "DIQKDResult",
        "EATKeyRate",
        "bbm92_key_rate",
        "bell_diagonal_qber",
        "chsh_conditional_entropy",
        "chsh_from_counts",
        "chsh_max",
        "chsh_value",
        "correlation_matrix",
        "decoy_gain_qber",
        "decoy_key_rate",
        "decoy_key_rate_infinite",
        "decoy_max_distance",
        "diqkd_key_rate",
        "diqkd_key_rate_noisy_preprocessing",
        "eat_key_rate",
        "finite_key_length",
        "finite_key_rate",
        "noisy_preprocessing_entropy",
        "optimal_chsh_settings",
        "optimal_flip_probability",
        "shor_preskill_rate",
        "sifting_factor",
        "simulate_bbm92",
        "simulate_chsh",
        "simulate_diqkd",
        "single_photon_yield_error",
        "statistical_deviation",
        "vacuum_weak_decoy_bounds",
        "werner_chsh",
        "werner_fidelity_from_chsh",
        "werner_qber",
        "winning_probability",
    ),
    "qnetsim.apps.teleportation": (
        "TeleportationResult",
        "average_teleportation_fidelity",
        "input_state_vector",
        "teleport",
    ),
    "qnetsim.apps.capacity_plot": ("plot_rate_vs_distance",),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "GYS_CHANNEL",
    "TSIRELSON_BOUND",
    "BBM92Result",
    "BellTestResult",
    "CHSHEstimate",
    "CHSHSettings",
    "DIQKDResult",
    "DecoyChannel",
    "EATKeyRate",
    "GHZResult",
    "TeleportationResult",
    "average_teleportation_fidelity",
    "bbm92_key_rate",
    "bell_diagonal_qber",
    "binary_entropy",
    "binary_entropy_inverse",
    "chsh_conditional_entropy",
    "chsh_from_counts",
    "chsh_max",
    "chsh_value",
    "correlation_matrix",
    "decoy_gain_qber",
    "decoy_key_rate",
    "decoy_key_rate_infinite",
    "decoy_max_distance",
    "diqkd_key_rate",
    "diqkd_key_rate_noisy_preprocessing",
    "eat_key_rate",
    "fibre_transmissivity",
    "finite_key_length",
    "finite_key_rate",
    "ghz_from_star",
    "ghz_state_vector",
    "input_state_vector",
    "midpoint_repeater_bound",
    "noisy_preprocessing_entropy",
    "optimal_chsh_settings",
    "optimal_flip_probability",
    "per_second",
    "plob_bound",
    "plob_bound_fibre",
    "plot_rate_vs_distance",
    "repeater_chain_bound",
    "repeater_chain_bound_fibre",
    "shor_preskill_rate",
    "sifting_factor",
    "simulate_bbm92",
    "simulate_chsh",
    "simulate_diqkd",
    "single_photon_yield_error",
    "statistical_deviation",
    "teleport",
    "tgw_bound",
    "tgw_bound_fibre",
    "vacuum_weak_decoy_bounds",
    "werner_chsh",
    "werner_fidelity_from_chsh",
    "werner_qber",
    "werner_star_ghz_fidelity",
    "winning_probability",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
