"""Finite-key BB84 (Tomamichel, Lim, Gisin, Renner, Nat. Commun. 3, 634 (2012))."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.apps import (
    binary_entropy,
    finite_key_length,
    finite_key_rate,
    shor_preskill_rate,
    statistical_deviation,
)
from qnetsim.errors import InvalidParameterError


def test_length_matches_equation_two_written_out() -> None:
    # Eq. (2) and (3) of the paper typed out independently with the math module.
    n, k, q, eps_sec, eps_cor, f = 2e6, 3e5, 0.02, 1e-10, 1e-12, 1.1
    mu = math.sqrt((n + k) / (n * k) * (k + 1) / k * math.log(2 / eps_sec))
    expected = (
        n * (1 - binary_entropy(q + mu)) - f * n * binary_entropy(q)
        - math.log2(2 / (eps_sec**2 * eps_cor))
    )
    assert statistical_deviation(n, k, eps_sec) == pytest.approx(mu, rel=1e-12)
    assert finite_key_length(n, k, q, eps_sec=eps_sec, eps_cor=eps_cor,
                             ec_efficiency=f) == pytest.approx(expected, rel=1e-12)


def test_explicit_leak_overrides_efficiency() -> None:
    base = finite_key_length(1e6, 1e5, 0.01, leak_ec=0.0)
    assert finite_key_length(1e6, 1e5, 0.01, leak_ec=1000.0) == pytest.approx(base - 1000.0)


def test_zero_for_small_blocks_and_asymptotic_for_large() -> None:
    # Small n: the log2(2/(eps_sec^2 eps_cor)) ~ 107-bit overhead and mu ~ O(1) kill the key.
    assert finite_key_length(100, 100, 0.01) == 0.0
    # Large n: rate per sifted bit -> frac_z [1 - f h(Q) - h(Q)], the Shor-Preskill form.
    p_z = 0.9
    frac_z = p_z**2 / (p_z**2 + (1 - p_z) ** 2)
    asym = frac_z * float(shor_preskill_rate(0.01, ec_efficiency=1.1))
    rates = np.asarray(finite_key_rate(np.array([1e5, 1e7, 1e9, 1e13]), 0.01, p_z=p_z))
    assert np.all(np.diff(rates) > 0)
    # mu ~ n^-1/2: at 1e13 the gap is a few 1e-4; 1e-3 is a safe bound.
    assert rates[-1] == pytest.approx(asym, abs=1e-3)
    assert rates[-1] < asym


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: finite_key_length(0, 10, 0.01), "n"),
        (lambda: finite_key_length(10, -1, 0.01), "k"),
        (lambda: finite_key_length(1e6, 1e5, 0.7), "qber_tol"),
        (lambda: finite_key_length(1e6, 1e5, 0.01, eps_sec=0.0), "eps_sec"),
        (lambda: finite_key_length(1e6, 1e5, 0.01, eps_cor=1.0), "eps_cor"),
        (lambda: finite_key_rate(0.0, 0.01), "n_total"),
    ],
)
def test_bad_input_names_the_argument(call: object, name: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        call()  # type: ignore[operator]
    assert info.value.name.startswith(name)
