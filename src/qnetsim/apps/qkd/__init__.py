"""Closed-form QKD key rates: BB84/BBM92 (asymptotic and finite-key), decoy-state BB84
(asymptotic and finite size), DI-QKD with CHSH (asymptotic, noisy preprocessing, entropy
accumulation: AFDFRV 2018, Dupuis-Fawzi 2019, Renyi/GEAT) and CHSH values; one entry point
:func:`key_rate` for all of them; and protocols sampled from delivered pairs (BBM92, CHSH test,
DI-QKD).

Every function is pure and vectorised where the formula allows; see ``docs/qkd.md``.

Names are imported on first use (module ``__getattr__``, PEP 562), so importing one
function does not import every module of the package (start-up time of the CLI).
"""

from __future__ import annotations

from qnetsim._lazy import lazy_attributes

_MODULES: dict[str, tuple[str, ...]] = {
    "qnetsim.apps.qkd.bb84": (
        "bbm92_key_rate",
        "bell_diagonal_qber",
        "shor_preskill_rate",
        "sifting_factor",
        "werner_qber",
    ),
    "qnetsim.apps.qkd.bbm92_sim": (
        "BBM92Result",
        "simulate_bbm92",
    ),
    "qnetsim.apps.qkd.bell_test": (
        "BellTestResult",
        "CHSHSettings",
        "optimal_chsh_settings",
        "simulate_chsh",
    ),
    "qnetsim.apps.qkd.chsh": (
        "CHSHEstimate",
        "chsh_from_counts",
        "chsh_max",
        "chsh_value",
        "correlation_matrix",
    ),
    "qnetsim.apps.qkd.decoy": (
        "GYS_CHANNEL",
        "DecoyChannel",
        "decoy_gain_qber",
        "decoy_key_rate",
        "decoy_key_rate_infinite",
        "decoy_max_distance",
        "single_photon_yield_error",
        "vacuum_weak_decoy_bounds",
    ),
    "qnetsim.apps.qkd.decoy_finite": (
        "DecoyFiniteKey",
        "decoy_finite_key",
    ),
    "qnetsim.apps.qkd.decoy_lim2014": (
        "LIM2014_CHANNEL",
        "Lim2014Channel",
        "lim2014_block_key",
    ),
    "qnetsim.apps.qkd.diqkd": (
        "TSIRELSON_BOUND",
        "chsh_conditional_entropy",
        "diqkd_key_rate",
        "diqkd_key_rate_noisy_preprocessing",
        "noisy_preprocessing_entropy",
        "optimal_flip_probability",
        "werner_chsh",
        "werner_fidelity_from_chsh",
    ),
    "qnetsim.apps.qkd.diqkd_sim": (
        "DIQKDResult",
        "simulate_diqkd",
    ),
    "qnetsim.apps.qkd.eat": (
        "EATKeyRate",
        "eat_key_rate",
        "winning_probability",
    ),
    "qnetsim.apps.qkd.finite_key": (
        "finite_key_length",
        "finite_key_rate",
        "statistical_deviation",
    ),
    "qnetsim.apps.qkd.key": (
        "METHODS",
        "KeyResult",
        "diqkd_finite_key",
        "key_rate",
    ),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _LAZY)
