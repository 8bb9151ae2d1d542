"""Closed-form QKD key rates: BB84/BBM92 (asymptotic and finite-key), decoy-state BB84,
DI-QKD with CHSH (asymptotic, noisy preprocessing, entropy accumulation) and CHSH values; and
protocols sampled from delivered pairs (BBM92, CHSH test, DI-QKD).

Every function is pure and vectorised where the formula allows; see ``docs/qkd.md``.
"""

from __future__ import annotations

from qnetsim.apps.qkd.bb84 import (
    bbm92_key_rate,
    bell_diagonal_qber,
    shor_preskill_rate,
    sifting_factor,
    werner_qber,
)
from qnetsim.apps.qkd.bbm92_sim import BBM92Result, simulate_bbm92
from qnetsim.apps.qkd.bell_test import (
    BellTestResult,
    CHSHSettings,
    optimal_chsh_settings,
    simulate_chsh,
)
from qnetsim.apps.qkd.chsh import (
    CHSHEstimate,
    chsh_from_counts,
    chsh_max,
    chsh_value,
    correlation_matrix,
)
from qnetsim.apps.qkd.decoy import (
    GYS_CHANNEL,
    DecoyChannel,
    decoy_gain_qber,
    decoy_key_rate,
    decoy_key_rate_infinite,
    decoy_max_distance,
    single_photon_yield_error,
    vacuum_weak_decoy_bounds,
)
from qnetsim.apps.qkd.diqkd import (
    TSIRELSON_BOUND,
    chsh_conditional_entropy,
    diqkd_key_rate,
    diqkd_key_rate_noisy_preprocessing,
    noisy_preprocessing_entropy,
    optimal_flip_probability,
    werner_chsh,
    werner_fidelity_from_chsh,
)
from qnetsim.apps.qkd.diqkd_sim import DIQKDResult, simulate_diqkd
from qnetsim.apps.qkd.eat import EATKeyRate, eat_key_rate, winning_probability
from qnetsim.apps.qkd.finite_key import finite_key_length, finite_key_rate, statistical_deviation

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
]
