"""Vectorised chain Monte Carlo (nested and linear swap-asap) against the exact computation.

Sources: the exact algorithm of qnetsim.network.chains.exact (itself checked against closed
forms in test_chain_analytic.py), physics.md 3, 4 and 6, and qnetsim.quantum.channels (T1/T2
twirl).

Tolerances: means within 5 standard errors (a correct sampler fails with probability ~6e-7
per check). Waiting-time distributions: Pearson chi-square over ~40 equiprobable bins of the
exact pmf (the tail beyond the last edge, including the truncated mass, in the last bin),
rejected at p < 1e-4; with 4e4-6e4 samples a wrong rule (e.g. cutoff lasting max instead of
min + tau) gives p ~ 1e-30. Seeds are fixed, so the tests are deterministic.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import chisquare

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.link.design import Link
from qnetsim.network.chains.exact import ChainDistribution, nested_chain_distribution
from qnetsim.network.chains.links import chain_from_links
from qnetsim.network.chains.model import chain_parameters
from qnetsim.network.chains.montecarlo import ChainSamples, decay_channel, sample_nested_chain
from qnetsim.network.chains.swap_asap_montecarlo import (
    mean_max_geometric_heterogeneous,
    sample_swap_asap_chain,
)
from qnetsim.quantum.channels import memory_noise


def chi2_pvalue(samples: ChainSamples, exact: ChainDistribution, bins: int = 40) -> float:
    cdf = np.cumsum(exact.pmf)
    edges = np.unique(np.searchsorted(cdf, np.linspace(0, cdf[-1], bins + 1)[1:-1]))
    # bin k holds times in (edges[k-1], edges[k]]; the last bin everything above edges[-1]
    expected_cdf = np.concatenate([cdf[edges], [1.0]])
    expected = np.diff(np.concatenate([[0.0], expected_cdf])) * samples.size
    observed = np.bincount(np.searchsorted(edges, samples.times), minlength=edges.size + 1)
    return float(chisquare(observed, expected * observed.sum() / expected.sum()).pvalue)


def assert_within_5se(samples: ChainSamples, exact: ChainDistribution) -> None:
    assert abs(samples.mean_cycles - exact.mean_cycles) < 5 * samples.sem_cycles
    # + 1e-12: rounding, for chains whose every sample has the same state (sem ~ 0)
    assert abs(samples.mean_werner - exact.mean_werner) < 5 * samples.sem_werner + 1e-12


NESTED_CASES = [
    {"p": 0.1, "num_links": 8, "p_swap": 1.0, "w0": 0.95, "coherence_time": 100.0},
    {"p": 0.1, "num_links": 8, "p_swap": 0.5, "w0": 0.95, "coherence_time": 200.0},
    {
        "p": 0.2,
        "num_links": 4,
        "p_swap": 0.6,
        "w0": 0.95,
        "coherence_time": 60.0,
        "cutoff": 8,
        "gate_depolarising": 0.02,
        "readout_error": 0.01,
    },
    {"p": 0.2, "num_links": 4, "p_swap": 0.7, "t1": 300.0, "t2": 60.0, "cutoff": 3},
    {"p": [0.3, 0.1, 0.2, 0.25], "p_swap": 0.8, "w0": 0.9, "coherence_time": 40.0, "cutoff": 12},
]


@pytest.mark.parametrize("case", range(len(NESTED_CASES)))
def test_nested_montecarlo_matches_exact(case: int) -> None:
    prm = chain_parameters(**NESTED_CASES[case])
    exact = nested_chain_distribution(prm, tail=1e-10)
    s = sample_nested_chain(prm, 60_000, np.random.default_rng(100 + case))
    assert chi2_pvalue(s, exact) > 1e-4
    assert_within_5se(s, exact)
    # every Bell coefficient (the T1/T2 and readout cases are not Werner states)
    sem = s.coefficients.std(axis=0, ddof=1) / math.sqrt(s.size)
    assert np.all(np.abs(s.mean_state - exact.mean_state) < 5 * sem + 1e-12)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"p_swap": 0.5, "coherence_time": 30.0},
        {"p_swap": 0.6, "coherence_time": 60.0, "cutoff": 4, "gate_depolarising": 0.02},
        {"p_swap": 0.9, "t1": 200.0, "t2": 50.0, "cutoff": 0},
    ],
)
def test_linear_two_links_matches_exact_nested(kwargs: dict) -> None:
    # For two links swap-asap is the nested scheme, and discarding only the stored link equals
    # the Li-Coopmans-Elkouss restart of both (the other link's generation is memoryless).
    prm = chain_parameters(0.15, num_links=2, w0=0.93, **kwargs)
    exact = nested_chain_distribution(prm, tail=1e-10)
    s = sample_swap_asap_chain(prm, 40_000, np.random.default_rng(7))
    assert chi2_pvalue(s, exact) > 1e-4
    assert_within_5se(s, exact)


def test_linear_ideal_swaps_any_number_of_links() -> None:
    # p_s = 1, no cutoff: delivery at the max of the (heterogeneous) link times, and with no
    # decoherence w = w0^N (physics.md 4 and 6).
    p = np.array([0.3, 0.2, 0.1, 0.25, 0.15])
    s = sample_swap_asap_chain(chain_parameters(p, w0=0.9), 40_000, np.random.default_rng(5))
    assert abs(s.mean_cycles - mean_max_geometric_heterogeneous(p)) < 5 * s.sem_cycles
    np.testing.assert_allclose(s.werner, 0.9**5, rtol=1e-12)


def test_linear_four_links_time_distribution_equals_nested_when_swaps_are_ideal() -> None:
    # With p_s = 1 and no cutoff both protocols deliver at the max of the four link times.
    prm = chain_parameters(0.2, num_links=4, w0=0.9, coherence_time=50.0)
    exact = nested_chain_distribution(prm, tail=1e-10)
    s = sample_swap_asap_chain(prm, 40_000, np.random.default_rng(11))
    assert chi2_pvalue(s, exact) > 1e-4
    # swap-asap swaps earlier than nesting allows, so pairs wait no longer: w is not smaller
    assert s.mean_werner > exact.mean_werner - 5 * s.sem_werner


def test_linear_cutoff_trades_rate_for_fidelity() -> None:
    rng = np.random.default_rng(13)
    runs = [
        sample_swap_asap_chain(
            chain_parameters(0.1, num_links=3, p_swap=0.8, w0=0.95, coherence_time=30.0, cutoff=c),
            20_000,
            rng,
        )
        for c in (None, 15, 4)
    ]
    for slow, fast in zip(runs[1:], runs[:-1], strict=True):
        assert slow.mean_cycles - fast.mean_cycles > 5 * math.hypot(
            slow.sem_cycles, fast.sem_cycles
        )
        assert slow.mean_werner - fast.mean_werner > 5 * math.hypot(
            slow.sem_werner, fast.sem_werner
        )


def test_decay_channel_is_the_twirled_t1_t2_memory() -> None:
    # qnetsim.quantum.channels: the Pauli twirl of memory_noise(t, T1, T2); eigenvalues
    # (exp(-t/T1), exp(-t/T2), exp(-t/T2)) compose over cycles (physics.md 3).
    prm = chain_parameters(0.5, num_links=2, t1=300.0, t2=100.0)
    probs = decay_channel(prm.memory_eigenvalues[0], np.array([7]))[0]
    twirl = memory_noise(7.0, 300.0, 100.0).pauli_twirl().probabilities
    np.testing.assert_allclose(probs, twirl, atol=1e-12)


def test_samples_are_reproducible_and_report_seconds() -> None:
    prm = chain_parameters(0.3, num_links=4, p_swap=0.5, cutoff=5, cycle_s=2e-3)
    a = sample_nested_chain(prm, 1000, np.random.default_rng(1))
    b = sample_nested_chain(prm, 1000, np.random.default_rng(1))
    np.testing.assert_array_equal(a.times, b.times)
    np.testing.assert_allclose(a.times_s, a.times * 2e-3)
    assert a.rate_hz == pytest.approx(1 / (a.times.mean() * 2e-3))
    assert a.histogram(10).sum() == 1000


def test_montecarlo_bad_input() -> None:
    prm = chain_parameters(0.3, num_links=3)
    with pytest.raises(InvalidParameterError, match="power of two"):
        sample_nested_chain(prm, 10, np.random.default_rng(1))
    with pytest.raises(InvalidParameterError, match="n_samples"):
        sample_swap_asap_chain(prm, 0, np.random.default_rng(1))
    with pytest.raises(InvalidParameterError, match="rng"):
        sample_swap_asap_chain(prm, 10, -1)
    with pytest.raises(InvalidParameterError, match="rng"):
        sample_swap_asap_chain(prm, 10, "42")  # type: ignore[arg-type]
    # an integer seed is the generator it seeds
    a = sample_swap_asap_chain(prm, 10, 42)
    b = sample_swap_asap_chain(prm, 10, np.random.default_rng(42))
    np.testing.assert_array_equal(a.times, b.times)


# --- chains of Link objects -------------------------------------------------------------
ATOM = get_platform("rb_atom_lu2026")


def test_chain_from_links_maps_each_input() -> None:
    links = [Link(ATOM, 5.0), Link(ATOM, 20.0)]
    prm = chain_from_links(links, p_swap=0.5, cutoff_s=0.01)
    np.testing.assert_allclose(prm.p, [lk.cycle_success_probability for lk in links])
    assert prm.cycle_s == max(lk.cycle_s for lk in links)
    assert prm.cutoff == math.floor(0.01 / prm.cycle_s)
    np.testing.assert_allclose(prm.coefficients[1, 0], links[1].delivered_state.fidelity)
    # the per-cycle memory eigenvalues compose: k cycles = the twirl of the k-cycle channel
    k = 5
    twirl = links[0].memory_channel("A", k * prm.cycle_s).pauli_twirl().probabilities
    probs = decay_channel(prm.memory_eigenvalues[0], np.array([k]))[0]
    np.testing.assert_allclose(probs, twirl, atol=1e-12)


def test_chain_from_links_needs_links() -> None:
    with pytest.raises(InvalidParameterError, match="links"):
        chain_from_links([])


def markov_mean_swap_asap(p: float, p_swap: float, n: int) -> float:
    """Exact E[T] of the linear swap-asap chain by an absorbing Markov chain (independent of
    the vectorised sampler): a state is (covered links, swapped nodes); one step is one cycle
    with the rules of qnetsim.network.chains.swap_asap_montecarlo (arrivals, then simultaneous
    swaps resolved
    left to right, a failed swap destroying both of its pairs)."""
    import itertools

    def segment(joined: tuple[bool, ...], j: int) -> tuple[int, int]:
        lo, hi = j, j
        while lo > 0 and joined[lo - 1]:
            lo -= 1
        while hi < n - 1 and joined[hi]:
            hi += 1
        return lo, hi

    start = (tuple([False] * n), tuple([False] * (n - 1)))
    index: dict = {}
    rows: list[dict] = []
    todo = [start]
    while todo:
        state = todo.pop()
        if state in index:
            continue
        index[state] = len(rows)
        covered, joined = state
        out: dict = {}
        free = [j for j in range(n) if not covered[j]]
        for hits in itertools.product((0, 1), repeat=len(free)):
            prob_a = math.prod(p if h else 1 - p for h in hits)
            cov = list(covered)
            for j, h in zip(free, hits, strict=True):
                cov[j] = cov[j] or bool(h)
            elig = [k for k in range(1, n) if cov[k - 1] and cov[k] and not joined[k - 1]]
            for coins in itertools.product((0, 1), repeat=len(elig)):
                prob = prob_a * math.prod(p_swap if c else 1 - p_swap for c in coins)
                c2, j2 = list(cov), list(joined)
                for k, coin in zip(elig, coins, strict=True):
                    if not c2[k - 1]:
                        lo, hi = segment(tuple(j2), k)
                    elif coin:
                        j2[k - 1] = True
                        continue
                    else:
                        lo, hi = segment(tuple(j2), k - 1)[0], segment(tuple(j2), k)[1]
                    for j in range(lo, hi + 1):
                        c2[j] = False
                    for node in range(lo, hi):
                        j2[node] = False
                nxt = (tuple(c2), tuple(j2))
                if all(c2) and all(j2):
                    continue  # delivered (absorbing)
                out[nxt] = out.get(nxt, 0.0) + prob
                todo.append(nxt)
        rows.append(out)
    q = np.zeros((len(rows), len(rows)))
    for i, out in enumerate(rows):
        for nxt, prob in out.items():
            q[i, index[nxt]] += prob
    mean = np.linalg.solve(np.eye(len(rows)) - q, np.ones(len(rows)))
    return float(mean[index[start]])


@pytest.mark.parametrize(("n", "ps"), [(2, 0.5), (3, 0.5), (4, 0.7)])
def test_linear_mean_matches_absorbing_markov_chain(n: int, ps: float) -> None:
    # Shchukin et al. 2019 compute waiting times of swap-asap chains with a Markov chain; this
    # is the same method for the rules of chain_linear (two links: (3-2p)/(p(2-p)p_s)).
    p = 0.3
    exact = markov_mean_swap_asap(p, ps, n)
    if n == 2:
        assert exact == pytest.approx((3 - 2 * p) / (p * (2 - p) * ps), rel=1e-12)
    s = sample_swap_asap_chain(
        chain_parameters(p, num_links=n, p_swap=ps), 20_000, np.random.default_rng(n)
    )
    assert abs(s.mean_cycles - exact) < 5 * s.sem_cycles
