"""Key versus measurement time and distance (apps/qkd/key_plot.py)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from qnetsim.apps.entropy import binary_entropy
from qnetsim.apps.qkd.chsh import correlation_matrix
from qnetsim.apps.qkd.finite_key import bbm92_finite_key_rate, finite_key_length
from qnetsim.apps.qkd.key_plot import (
    bbm92_key_versus_time_and_distance,
    key_versus_time_and_distance,
    link_bbm92_statistics,
    link_diqkd_statistics,
    plot_key_versus_time_and_distance,
)
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.link.design import Link


def _curves():  # type: ignore[no-untyped-def]
    d = np.array([5.0, 20.0, 40.0])
    return key_versus_time_and_distance(
        d, [2.0, 1.0, 0.4], [2.7, 2.65, 2.6], [0.02, 0.025, 0.03], [10.0, 1000.0, 1e5],
        channel_uses_per_s=[1e5] * 3, eta=10 ** (-0.02 * d),
    )


def test_finite_below_asymptotic_and_grows_with_time() -> None:
    c = _curves()
    assert c.finite_bits_per_s.shape == (3, 3)
    assert np.all(c.finite_bits_per_s <= c.asymptotic_bits_per_s[None, :] + 1e-12)
    assert np.all(np.diff(c.finite_bits_per_s, axis=0) >= 0.0)
    assert c.finite_bits_per_s[-1, 0] > 0.9 * c.asymptotic_bits_per_s[0]
    assert np.all(c.asymptotic_bits_per_s < c.plob_bits_per_s)


def test_figure_has_both_panels() -> None:
    fig = plot_key_versus_time_and_distance(_curves(), title="test")
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels[-2:] == ["asymptotic", "PLOB bound"] and len(fig.axes) == 2
    assert fig.axes[1].get_xlabel() == "measurement time (hours)"


def test_link_statistics() -> None:
    link = Link(get_platform("rb_atom_lu2026"), 11.0)
    rate, s, q, uses, eta = link_diqkd_statistics(link, [11.0, 60.0])
    assert rate[0] > rate[1] > 0 and eta[0] > eta[1]
    assert np.all((s > 0) & (s <= 2 * np.sqrt(2))) and np.all((q >= 0) & (q <= 0.5))
    assert np.all(uses > 0)


def test_bad_input() -> None:
    with pytest.raises(InvalidParameterError):
        key_versus_time_and_distance([1.0, 2.0], [1.0], [2.7, 2.7], [0.02, 0.02], [1.0])
    with pytest.raises(InvalidParameterError):
        key_versus_time_and_distance([1.0], [1.0], [2.7], [0.02], [0.0])


def test_bbm92_statistics_are_the_error_rates_of_the_best_bases() -> None:
    # P(a != b) = (1 - a.T.b)/2: measuring along the singular vectors of T gives Q_key, Q_test;
    # any other pair of directions errs at least as often.
    link = Link(get_platform("ca_ion_ustc"), 5.0)
    _rate, qk, qt, _uses, _eta = link_bbm92_statistics(link, [5.0])
    t = correlation_matrix(link.delivered_state.state)
    u, _sv, vt = np.linalg.svd(t)
    assert qk[0] == pytest.approx(0.5 * (1 - u[:, 0] @ t @ vt[0]), abs=1e-12)
    assert qt[0] == pytest.approx(0.5 * (1 - u[:, 1] @ t @ vt[1]), abs=1e-12)
    rng = np.random.default_rng(3)
    for _ in range(200):
        a, b = rng.normal(size=3), rng.normal(size=3)
        a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
        assert 0.5 * (1 - a @ t @ b) >= qk[0] - 1e-12
    noisy = link_bbm92_statistics(link, [5.0], readout_error=0.02)
    assert noisy[1][0] > qk[0] and noisy[2][0] > qt[0]


def test_bbm92_finite_key_is_tomamichel_at_the_optimal_bias() -> None:
    n_pairs, q_key, q_test = 1e8, 0.02, 0.03
    rate, p = bbm92_finite_key_rate(n_pairs, q_key, q_test)
    n, k = n_pairs * p * p, n_pairs * (1 - p) ** 2
    # Rebuild the rate from Eq. (2) at the returned bias (Q_tol from the binomial quantile is
    # above Q_test and below Q_test + 4 sigma).
    lo = finite_key_length(n, k, q_test + 4 * np.sqrt(q_test / k), eps_sec=5e-11,
                           eps_cor=5e-11, leak_ec=1.1 * n * binary_entropy(q_key))
    hi = finite_key_length(n, k, q_test, eps_sec=5e-11, eps_cor=5e-11,
                           leak_ec=1.1 * n * binary_entropy(q_key))
    assert lo / n_pairs <= rate <= hi / n_pairs
    asym = 1 - binary_entropy(q_test) - 1.1 * binary_entropy(q_key)
    rates = [bbm92_finite_key_rate(x, q_key, q_test)[0] for x in (1e4, 1e6, 1e8, 1e12, 1e16)]
    assert all(b > a for a, b in itertools.pairwise(rates))
    assert 0.97 * asym < rates[-1] < asym
    assert bbm92_finite_key_rate(1e6, 0.2, 0.2) == (0.0, pytest.approx(np.nan, nan_ok=True))


def test_bbm92_curves() -> None:
    d = np.array([5.0, 20.0])
    c = bbm92_key_versus_time_and_distance(d, [1e3, 2e2], [0.02, 0.03], [0.03, 0.04],
                                           [1.0, 100.0], channel_uses_per_s=[1e5] * 2,
                                           eta=10 ** (-0.02 * d))
    assert c.protocol == "bbm92" and np.all(np.isnan(c.chsh)) and c.qber_test is not None
    assert np.all(np.diff(c.finite_bits_per_s, axis=0) >= 0.0)
    assert np.all(c.finite_bits_per_s <= c.asymptotic_bits_per_s[None, :])
    assert np.all(c.asymptotic_bits_per_s < c.plob_bits_per_s)
    with pytest.raises(InvalidParameterError) as info:
        bbm92_key_versus_time_and_distance([1.0], [1.0], [0.6], [0.02], [1.0])
    assert info.value.name.startswith("qber_key")


def test_plob_inputs_need_one_value_per_distance() -> None:
    with pytest.raises(InvalidParameterError) as info:
        bbm92_key_versus_time_and_distance([1.0, 2.0], [1e3, 1e3], [0.02, 0.02], [0.03, 0.03],
                                           [1.0], channel_uses_per_s=[1.0, 2.0, 3.0],
                                           eta=[0.5, 0.4])
    assert info.value.name == "channel_uses_per_s.shape"


def test_diqkd_asymptote_does_not_depend_on_the_measurement_time() -> None:
    args = ([5.0], [2.0], [2.7], [0.02])
    short = key_versus_time_and_distance(*args, [1e-9])  # not one event measured
    long = key_versus_time_and_distance(*args, [100.0])
    assert short.finite_bits_per_s[0, 0] == 0.0
    assert short.asymptotic_bits_per_s[0] == pytest.approx(long.asymptotic_bits_per_s[0])
    assert long.asymptotic_bits_per_s[0] > 0


def test_bbm92_tiny_eps_and_huge_n_stay_finite() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert 0 < bbm92_finite_key_rate(1e9, 0.02, 0.03, eps_sound=1e-300)[0] < 1
        assert 0 < bbm92_finite_key_rate(1e200, 0.02, 0.03)[0] < 1
    with pytest.raises(InvalidParameterError) as info:
        bbm92_finite_key_rate(1e6, 0.0, 0.01, ec_efficiency=float("inf"))
    assert info.value.name == "ec_efficiency"
