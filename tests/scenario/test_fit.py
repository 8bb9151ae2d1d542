"""Weighted least squares (issue 13, item 3) and the coverage of its intervals.

Coverage (the issue's validation): synthetic data from known inputs with known Gaussian
noise, fitted 200 times; the 95% interval (fitted value +- 1.96 sigma) must cover the true
input in 90-99% of the datasets. The model is the single-click heralded link to first order
(Humphreys et al., Nature 558, 268 (2018), doi:10.1038/s41586-018-0200-5, Methods): the
success probability ``p(L) = 2 alpha eta 10^(-0.02 L) + 2 d`` (photon from either node
through half the fibre, 0.2 dB/km, or a dark count in either detector) and the fidelity
``F(L) = (1 - alpha) s / (s + 2 d)`` with ``s = 2 alpha eta 10^(-0.02 L)`` (the bright-state
population and dark counts lower it). Three free inputs (alpha, eta, d) and ten points
(p and F at five lengths), as in the issue's performance case. It is vectorised so 200 fits
take about a second; the scenario-level calibration that uses the same fit is tested in
test_calibrate.py. Tolerance: with 200 datasets the binomial standard deviation of a 95%
coverage is 1.5%, so [0.90, 0.99] is about 3 standard deviations wide on either side.
"""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.scenario.fit import weighted_fit

LENGTHS = np.array([5.0, 20.0, 40.0, 60.0, 80.0])
TRUE = np.array([0.08, 0.02, 3e-6])  # alpha, eta, dark-count probability per window


def model(x: np.ndarray) -> np.ndarray:
    alpha, eta, d = x
    s = 2 * alpha * eta * 10 ** (-0.02 * LENGTHS)
    return np.concatenate([s + 2 * d, (1 - alpha) * s / (s + 2 * d)])


def test_recovers_a_line_exactly() -> None:
    x = np.arange(5.0)
    r = weighted_fit(lambda p: p[0] + p[1] * x, [0.0, 0.0], 2 - 3 * x, np.full(5, 0.5))
    assert r.x == pytest.approx([2.0, -3.0], abs=1e-6)
    # the textbook covariance of a straight-line fit (Press et al. 2007, eq. 15.2.9)
    s, sx, sxx = 5 / 0.25, x.sum() / 0.25, (x * x).sum() / 0.25
    delta = s * sxx - sx * sx
    assert r.errors == pytest.approx([np.sqrt(sxx / delta), np.sqrt(s / delta)], rel=1e-6)
    assert r.chi2 == pytest.approx(0.0, abs=1e-12) and r.dof == 3


def test_coverage_of_the_95_percent_intervals() -> None:
    rng = np.random.default_rng(2026)
    clean = model(TRUE)
    sigma = np.concatenate([0.05 * clean[:5], np.full(5, 0.01)])
    covered = np.zeros(3)
    p_values = []
    for _ in range(200):
        y = clean + sigma * rng.standard_normal(clean.size)
        r = weighted_fit(
            model, [0.1, 0.03, 1e-6], y, sigma, bounds=([1e-4, 1e-5, 0.0], [0.5, 1.0, 1e-3])
        )
        covered += np.abs(r.x - TRUE) <= 1.96 * r.errors
        p_values.append(r.p_value)
    coverage = covered / 200
    assert np.all((coverage >= 0.90) & (coverage <= 0.99)), coverage
    # chi2 of a right model is chi2-distributed: p-values are roughly uniform
    assert 0.3 < float(np.mean(p_values)) < 0.7


def test_unfixed_parameter_and_bad_input() -> None:
    x = np.arange(4.0)
    r = weighted_fit(lambda p: (p[0] + p[1]) * x, [1.0, 1.0], 2 * x, np.ones(4))
    assert np.all(np.isinf(r.errors))  # only the sum is fixed
    with pytest.raises(InvalidParameterError, match="sigma"):
        weighted_fit(lambda p: p * x, [1.0], x, -np.ones(4))
    with pytest.raises(InvalidParameterError, match="data"):
        weighted_fit(lambda p: p[0] + p[1] * x[:1], [1.0, 1.0], [1.0], [0.1])
