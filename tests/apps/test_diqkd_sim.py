"""DI-QKD run on delivered pairs (issue 5, item 4): S, QBER and rates converge.

Tolerances: sampled S and Q within 5 of their standard errors of the Werner closed forms
(fixed seeds). Rates are compared with the closed forms evaluated at the sampled S and Q
(exact), and with the analytic ones within a band propagated from the 5-sigma S/Q bands.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.apps import (
    diqkd_key_rate,
    diqkd_key_rate_noisy_preprocessing,
    eat_key_rate,
    simulate_diqkd,
    werner_chsh,
    werner_qber,
)
from qnetsim.errors import InvalidParameterError

SIGMAS = 5.0


def _werner(fidelity: float, n: int) -> np.ndarray:
    rest = (1 - fidelity) / 3
    return np.tile([fidelity, rest, rest, rest], (n, 1))


def test_werner_statistics_and_rates() -> None:
    # Werner F: S = 2 sqrt2 (4F-1)/3, key-basis Q = 2(1-F)/3 (A0 with aligned B2), physics.md
    # Sec. 8; rates are Pironio 2009 / Ho 2020 at the sampled S, Q.
    f, n, gamma = 0.97, 1_000_000, 0.2
    res = simulate_diqkd(_werner(f, n), np.random.default_rng(21), gamma=gamma)
    assert abs(res.chsh.value - werner_chsh(f)) < SIGMAS * res.chsh.standard_error
    assert abs(res.qber - werner_qber(f)) < SIGMAS * res.qber_se
    assert abs(res.n_test / n - gamma) < SIGMAS * math.sqrt(gamma * (1 - gamma) / n)
    s = min(res.chsh.value, 2 * math.sqrt(2))
    assert res.asymptotic_rate == pytest.approx(diqkd_key_rate(s, res.qber))
    assert res.asymptotic_rate_noisy_preprocessing == pytest.approx(
        diqkd_key_rate_noisy_preprocessing(s, res.qber), rel=1e-6
    )
    # Rate band: |dr/dS| ~ 2.2 and |dr/dQ| ~ 6 near (2.72, 0.02); 5-sigma bands in S and Q.
    tol = 2.5 * SIGMAS * res.chsh.standard_error + 7 * SIGMAS * res.qber_se
    assert res.asymptotic_rate == pytest.approx(diqkd_key_rate(werner_chsh(f), werner_qber(f)),
                                                abs=tol)
    assert res.asymptotic_bits_per_event == pytest.approx(
        (1 - gamma) * res.asymptotic_rate_noisy_preprocessing
    )


def test_finite_size_uses_eat_and_converts_to_seconds() -> None:
    # The finite-size rate is eat_key_rate at the sampled S, Q, n and the protocol's gamma;
    # 0 at 1e6 events for this bound (docs/qkd.md), positive when extrapolated to 1e10.
    pairs = _werner(0.97, 200_000)
    res = simulate_diqkd(pairs, np.random.default_rng(22), gamma=0.2, n_events=1e10)
    expected = eat_key_rate(min(res.chsh.value, 2 * math.sqrt(2)), res.qber, 1e10, gamma=0.2)
    assert res.bits_per_event == pytest.approx(expected.key_rate)
    assert 0 < res.bits_per_event < res.asymptotic_rate
    assert res.bits_per_second(2.0) == pytest.approx(2.0 * res.bits_per_event)
    assert "general attacks" in res.assumptions and "collective" in res.assumptions
    small = simulate_diqkd(pairs, np.random.default_rng(22), gamma=0.2)
    assert small.bits_per_event == 0.0


def test_optimised_gamma_is_at_least_as_good() -> None:
    pairs = _werner(0.97, 100_000)
    fixed = simulate_diqkd(pairs, np.random.default_rng(23), gamma=0.2, n_events=1e9)
    free = simulate_diqkd(pairs, np.random.default_rng(23), gamma=0.2, n_events=1e9,
                          optimise_gamma=True)
    assert free.bits_per_event >= fixed.bits_per_event - 1e-12


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"gamma": 0.0}, "gamma"), ({"gamma": 1.0}, "gamma"), ({"n_events": 0}, "n_events"),
     ({"n_events": -5.0}, "n_events"), ({"eps": 1.0}, "eps"),
     ({"eps_completeness": 0.0}, "eps_completeness"), ({"readout_error": 2.0}, "readout_error")],
)
def test_bad_parameters(kwargs: dict[str, float], name: str) -> None:
    # Validation: non-positive rounds, security parameters outside (0, 1), probabilities.
    with pytest.raises(InvalidParameterError, match=name):
        simulate_diqkd(_werner(0.97, 1000), np.random.default_rng(0), **kwargs)


def test_closed_form_inputs_rejected() -> None:
    # Validation (brief): S above 2 sqrt2 and QBER outside [0, 1/2] name the argument.
    with pytest.raises(InvalidParameterError, match="S"):
        diqkd_key_rate(2.9, 0.02)
    with pytest.raises(InvalidParameterError, match="qber"):
        diqkd_key_rate(2.7, 0.6)
    with pytest.raises(InvalidParameterError, match="qber"):
        eat_key_rate(2.7, -0.01, 1e8)
    with pytest.raises(InvalidParameterError, match="n_rounds"):
        eat_key_rate(2.7, 0.02, 0)
    with pytest.raises(InvalidParameterError, match="eps_s"):
        eat_key_rate(2.7, 0.02, 1e8, eps_s=1.5)


def test_state_objects_of_mixed_formalisms() -> None:
    # Delivered pairs as objects (Bell-diagonal and amplitude-damped density matrices mixed):
    # S converges to the Horodecki S_max of the average state for its optimal settings, and the
    # key-round QBER to (1 - a0.T b2)/2 of the average state (5 sigma, fixed seed).
    from qnetsim.apps import optimal_chsh_settings
    from qnetsim.apps._state_input import bloch_form
    from qnetsim.quantum import BellDiagonalState, amplitude_damping

    good = BellDiagonalState.werner(("a", "b"), 0.97)
    damped = good.apply_channel(amplitude_damping(0.1), "b")
    states = [good, damped] * 30_000
    res = simulate_diqkd(states, np.random.default_rng(24), gamma=0.5)
    t = bloch_form(states).mean_t()
    st = optimal_chsh_settings(states)
    assert abs(res.chsh.value - st.value(t)) < SIGMAS * res.chsh.standard_error
    q = (1 - float(st.a0 @ t @ st.b2)) / 2
    assert abs(res.qber - q) < SIGMAS * res.qber_se
