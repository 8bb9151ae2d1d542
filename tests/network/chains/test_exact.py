"""Exact nested-chain computation against closed forms and independent direct sums.

Sources: physics.md 6 (max of geometric links, E[T_(n+1)] = E[max]/p_s, cutoff rule),
Brand-Coopmans-Elkouss 2020 (nested recursion), Shchukin-Schmidt-van Loock 2019 (two
segments), Li-Coopmans-Elkouss 2021 (cutoff). Closed forms below are derived in each test.

Tolerances: the exact algorithm is exact up to floating-point rounding on the computed range,
so results are compared at 1e-9 relative (FFT products accumulate ~1e-13; the truncated
tail, set to 1e-13, moves a mean by at most L * tail ~ 1e-9 relative).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.signal import lfilter

from qnetsim.errors import InvalidParameterError
from qnetsim.network.chains.exact import (
    check_level_recursion,
    mean_max_geometric,
    nested_chain_distribution,
    nested_mean_cycles_closed_form,
)
from qnetsim.network.chains.model import chain_parameters
from qnetsim.network.chains.swap_asap_montecarlo import mean_max_geometric_heterogeneous
from qnetsim.quantum import bell_diagonal as bd

TAIL = 1e-13


@pytest.mark.parametrize("p", [0.05, 0.3, 0.9, 1.0])
@pytest.mark.parametrize("num_links", [1, 2, 4, 8])
def test_pmf_sums_to_one_minus_truncation_and_mean_is_max_of_geometric(
    p: float, num_links: int
) -> None:
    # physics.md 6: with p_s = 1 the nested chain delivers at the max of all link times.
    d = nested_chain_distribution(chain_parameters(p, num_links=num_links), tail=TAIL)
    assert d.pmf.sum() == pytest.approx(1.0 - d.truncation_error, abs=1e-14)
    assert d.truncation_error <= TAIL
    assert d.pmf[0] == 0.0
    assert d.mean_cycles == pytest.approx(mean_max_geometric(p, num_links), rel=1e-9)


@pytest.mark.parametrize(("p", "ps"), [(0.1, 0.5), (0.4, 0.9), (1.0, 0.3)])
def test_one_level_mean_matches_two_segment_closed_form(p: float, ps: float) -> None:
    # Shchukin et al. 2019 / physics.md 6: E[T_1] = (3 - 2p) / (p (2 - p) p_s).
    d = nested_chain_distribution(chain_parameters(p, num_links=2, p_swap=ps), tail=TAIL)
    assert d.mean_cycles == pytest.approx(nested_mean_cycles_closed_form(p, ps), rel=1e-9)


@pytest.mark.parametrize("num_links", [4, 8])
def test_level_recursion_identity(num_links: int) -> None:
    # physics.md 6: E[T_(n+1)] = E[max(T_n^A, T_n^B)] / p_s, with E[max] from the half's pmf.
    prm = chain_parameters(0.2, num_links=num_links, p_swap=0.6)
    lhs, rhs = check_level_recursion(prm, tail=TAIL)
    assert lhs == pytest.approx(rhs, rel=1e-9)


def test_four_links_against_direct_renewal_sum() -> None:
    # Independent O(L^2) computation: T_1 = sum of Geometric(p_s) attempts, each the max of two
    # links; P_1 solves the renewal equation P_1 = p_s M + (1-p_s) M * P_1 (direct IIR filter,
    # no FFT or Newton); then E[T_2] = E[max of two T_1] / p_s.
    p, ps, n = 0.3, 0.7, 3000
    t = np.arange(n)
    cdf0 = np.where(t >= 1, 1.0 - (1.0 - p) ** t, 0.0)
    m = np.diff(np.concatenate([[0.0], cdf0**2]))
    impulse = np.zeros(n)
    impulse[0] = 1.0
    p1 = lfilter(ps * m, np.concatenate([[1.0], -(1.0 - ps) * m[1:]]), impulse)
    mean2 = float(np.sum(1.0 - np.cumsum(p1) ** 2)) / ps
    d = nested_chain_distribution(chain_parameters(p, num_links=4, p_swap=ps), tail=TAIL)
    assert d.mean_cycles == pytest.approx(mean2, rel=1e-9)


def test_heterogeneous_links_mean_is_max_of_independent_geometrics() -> None:
    # E[max T_i] by inclusion-exclusion over subsets (independent links, p_s = 1).
    p = np.array([0.3, 0.1, 0.5, 0.2])
    d = nested_chain_distribution(chain_parameters(p), tail=TAIL)
    assert d.mean_cycles == pytest.approx(mean_max_geometric_heterogeneous(p), rel=1e-9)


@pytest.mark.parametrize("kwargs", [{}, {"p_swap": 0.4}, {"p_swap": 0.4, "cutoff": 3}])
@pytest.mark.parametrize("levels", [1, 2, 3])
def test_ideal_memory_gives_w0_to_the_number_of_links(kwargs: dict, levels: int) -> None:
    # Werner swap w = w1 w2 (physics.md 4): with no decoherence, w = w0^(2^n) at every t.
    prm = chain_parameters(0.3, num_links=2**levels, w0=0.9, **kwargs)
    d = nested_chain_distribution(prm, tail=1e-10)
    assert d.mean_werner == pytest.approx(0.9 ** (2**levels), rel=1e-12)
    # E[w | T = t] = V[t] / P[t]: FFT rounding leaves ~1e-17 absolute on V and P, so the
    # ratio is checked where P[t] > 1e-8 (relative error <= ~1e-9).
    w_t = d.werner_given_time()[d.pmf > 1e-8]
    np.testing.assert_allclose(w_t, 0.9 ** (2**levels), rtol=1e-8)


@pytest.mark.parametrize("ps", [1.0, 0.5])
def test_one_level_werner_with_decoherence_closed_form(ps: float) -> None:
    # The earlier link waits D = |T_A - T_B| with P(D=0) = p/(2-p), P(D=d) = 2 p q^d/(2-p);
    # w = w0^2 r^D with r = exp(-2/T) (two qubits). The successful attempt is independent of
    # the failed ones, so E[w] = w0^2 p (1 + q r) / ((2 - p)(1 - q r)) for any p_s.
    p, w0, tc = 0.1, 0.95, 40.0
    q, r = 1 - p, math.exp(-2 / tc)
    expected = w0**2 * p * (1 + q * r) / ((2 - p) * (1 - q * r))
    prm = chain_parameters(p, num_links=2, p_swap=ps, w0=w0, coherence_time=tc)
    assert nested_chain_distribution(prm, tail=TAIL).mean_werner == pytest.approx(
        expected, rel=1e-9
    )


@pytest.mark.parametrize("tau", [0, 2, 7])
def test_one_level_cutoff_against_direct_double_sum(tau: int) -> None:
    # Li-Coopmans-Elkouss rule (physics.md 6), summed directly over (t_A, t_B): a trial passes
    # if |t_A - t_B| <= tau and lasts max, else lasts min + tau; trials and swaps are iid, so
    # by Wald E[T] = E[duration] / (P(pass) p_s) and E[w] = E[w; pass] / P(pass).
    p, ps, w0, tc = 0.15, 0.6, 0.9, 25.0
    t = np.arange(1, 600)
    pmf = p * (1 - p) ** (t - 1)
    joint = np.outer(pmf, pmf)
    ta, tb = np.meshgrid(t, t, indexing="ij")
    gap = np.abs(ta - tb)
    passed = gap <= tau
    duration = np.where(passed, np.maximum(ta, tb), np.minimum(ta, tb) + tau)
    p_pass = joint[passed].sum()
    mean_t = (joint * duration).sum() / (p_pass * ps)
    mean_w = (joint * passed * w0**2 * np.exp(-2 * gap / tc)).sum() / p_pass
    prm = chain_parameters(p, num_links=2, p_swap=ps, w0=w0, coherence_time=tc, cutoff=tau)
    d = nested_chain_distribution(prm, tail=TAIL)
    assert d.mean_cycles == pytest.approx(mean_t, rel=1e-9)
    assert d.mean_werner == pytest.approx(mean_w, rel=1e-9)


def test_huge_cutoff_equals_no_cutoff() -> None:
    base = {"p": 0.2, "num_links": 4, "p_swap": 0.5, "w0": 0.9, "coherence_time": 30.0}
    a = nested_chain_distribution(chain_parameters(**base), tail=1e-10, length=4000)
    b = nested_chain_distribution(chain_parameters(**base, cutoff=10**6), tail=1e-10, length=4000)
    np.testing.assert_allclose(a.pmf, b.pmf, atol=1e-15)
    assert a.mean_werner == pytest.approx(b.mean_werner, rel=1e-12)


def test_cutoff_trades_rate_for_fidelity() -> None:
    # Li et al. 2021: a tighter cutoff discards old pairs: slower (larger E[T]) but better.
    base = {"p": 0.1, "num_links": 4, "p_swap": 0.5, "w0": 0.95, "coherence_time": 50.0}
    results = [
        nested_chain_distribution(chain_parameters(**base, cutoff=c), tail=1e-8)
        for c in (None, 40, 20, 10, 5)
    ]
    means = [d.mean_cycles for d in results]
    werners = [d.mean_werner for d in results]
    assert all(np.diff(means) > 0)
    assert all(np.diff(werners) > 0)


def test_swap_noise_matches_bell_diagonal_kernel() -> None:
    # Without decoherence the delivered state does not depend on time: it is the nested swap of
    # the link states with bd.swap_noisy at every swap (physics.md 4), e.g. (1-p2)^3 w0^4 for
    # Werner links and e = 0.
    link = bd.werner(0.97)
    p2, e = 0.03, 0.02
    level1 = bd.swap_noisy(link, link, p2, e)
    expected = bd.swap_noisy(level1, level1, p2, e)
    prm = chain_parameters(
        0.3, num_links=4, p_swap=0.7, coefficients=link, gate_depolarising=p2, readout_error=e
    )
    d = nested_chain_distribution(prm, tail=1e-10)
    np.testing.assert_allclose(d.mean_state, expected, atol=1e-12)
    prm = chain_parameters(0.3, num_links=4, w0=0.8, gate_depolarising=p2)
    d = nested_chain_distribution(prm, tail=1e-10)
    assert d.mean_werner == pytest.approx((1 - p2) ** 3 * 0.8**4, rel=1e-12)


def test_rate_and_quantiles_in_seconds() -> None:
    prm = chain_parameters(0.5, num_links=2, cycle_s=1e-3)
    d = nested_chain_distribution(prm, tail=TAIL)
    assert d.rate_hz == pytest.approx(1 / (8 / 3 * 1e-3), rel=1e-9)
    assert d.quantile(0.25) == 1  # P(T = 1) = p^2 = 1/4
    assert d.quantile(0.5) == 2


def test_truncation_warns_when_max_length_too_small() -> None:
    with pytest.warns(UserWarning, match="truncation error"):
        d = nested_chain_distribution(chain_parameters(0.01, num_links=2), max_length=64)
    assert d.truncation_error > 0.1
    # the normalised truncated mean is then far off; the lower bound stays a bound
    assert d.mean_cycles < d.mean_cycles_lower_bound <= mean_max_geometric(0.01, 2)
    assert d.pmf.sum() == pytest.approx(1 - d.truncation_error, abs=1e-14)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"p": 0.0, "num_links": 2}, "p"),
        ({"p": 1.5, "num_links": 2}, "p"),
        ({"p": [], "num_links": None}, "p"),
        ({"p": 0.5, "num_links": 0}, "num_links"),
        ({"p": 0.5, "num_links": 2, "cutoff": -1}, "cutoff"),
        ({"p": 0.5, "num_links": 2, "cutoff": 2.5}, "cutoff"),
        ({"p": 0.5, "num_links": 2, "p_swap": 0.0}, "p_swap"),
        ({"p": 0.5, "num_links": 2, "t1": 10.0, "t2": 30.0}, "t2"),
        ({"p": 0.5, "num_links": 2, "coherence_time": -1.0}, "coherence_time"),
        ({"p": 0.5, "num_links": 2, "w0": 1.2}, "w0"),
        ({"p": [0.5, 0.5], "num_links": 3}, "len(p)"),
    ],
)
def test_bad_parameters_raise_named_errors(kwargs: dict, name: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        chain_parameters(**kwargs)
    assert info.value.name == name


def test_nested_requires_power_of_two_and_valid_tail() -> None:
    with pytest.raises(InvalidParameterError, match="power of two"):
        nested_chain_distribution(chain_parameters(0.5, num_links=3))
    with pytest.raises(InvalidParameterError, match="tail"):
        nested_chain_distribution(chain_parameters(0.5, num_links=2), tail=0.0)
