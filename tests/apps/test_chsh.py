"""CHSH values of density matrices (Horodecki criterion, explicit settings, sampled counts)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.apps import (
    TSIRELSON_BOUND,
    chsh_from_counts,
    chsh_max,
    chsh_value,
    correlation_matrix,
    werner_chsh,
)
from qnetsim.errors import InvalidParameterError

from ._states import bell_diagonal, werner

S2 = math.sqrt(0.5)
Z, X = np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0])
B, B_PRIME = np.array([S2, 0.0, S2]), np.array([-S2, 0.0, S2])


@pytest.mark.parametrize("fidelity", [0.25, 0.5, 0.78, 0.9, 0.947, 1.0])
def test_werner_chsh_relation(fidelity: float) -> None:
    # physics.md Sec. 8: S = 2 sqrt2 (4F - 1)/3 for a Werner pair (Horodecki 1995 with
    # T = w diag(1, -1, 1)); the standard settings reach it. Tolerance: round-off, 1e-12.
    rho = werner(fidelity)
    assert chsh_max(rho) == pytest.approx(abs(werner_chsh(fidelity)), abs=1e-12)
    assert chsh_value(rho, Z, X, B, B_PRIME) == pytest.approx(werner_chsh(fidelity), abs=1e-12)


def test_product_state_does_not_violate() -> None:
    rho = np.zeros((4, 4))
    rho[0, 0] = 1.0  # |00>: T has only T_zz = 1 -> S_max = 2
    assert chsh_max(rho) == pytest.approx(2.0)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=4, max_size=4).filter(
        lambda x: sum(x) > 1e-3),
    st.lists(st.floats(min_value=-1.0, max_value=1.0), min_size=12, max_size=12).filter(
        lambda v: all(np.linalg.norm(v[i:i + 3]) > 1e-2 for i in range(0, 12, 3))),
)
def test_any_settings_stay_below_the_horodecki_optimum(raw: list[float], v: list[float]) -> None:
    # Horodecki (1995): S_max is the maximum over all settings; random settings never exceed it.
    rho = bell_diagonal(np.array(raw) / sum(raw))
    a, ap, b, bp = (_unit(np.array(v[i:i + 3])) for i in range(0, 12, 3))
    assert abs(chsh_value(rho, a, ap, b, bp)) <= chsh_max(rho) + 1e-12
    assert chsh_max(rho) <= TSIRELSON_BOUND + 1e-12


def test_correlation_matrix_of_a_non_bell_diagonal_state() -> None:
    # |psi> = cos t |00> + sin t |11>: T = diag(sin 2t, -sin 2t, 1) (direct calculation),
    # so S_max = 2 sqrt(1 + sin^2 2t) (Horodecki 1995; Gisin 1991).
    t = 0.3
    psi = np.array([math.cos(t), 0, 0, math.sin(t)])
    rho = np.outer(psi, psi)
    np.testing.assert_allclose(
        correlation_matrix(rho), np.diag([math.sin(2 * t), -math.sin(2 * t), 1.0]), atol=1e-12
    )
    assert chsh_max(rho) == pytest.approx(2 * math.sqrt(1 + math.sin(2 * t) ** 2), rel=1e-12)


def test_sampled_estimate_and_standard_error() -> None:
    # Draw counts from the exact outcome distribution of a Werner pair (F = 0.947, the Lu et
    # al. 2026 fidelity); the estimate must lie within 4 standard errors of the exact S
    # (a 4-sigma two-sided band fails with probability 6e-5; the seed is fixed anyway).
    f = 0.947
    w = (4 * f - 1) / 3
    e_true = np.array([w, w, w, -w]) / math.sqrt(2)
    rng = np.random.default_rng(20260101)
    n = 5000
    counts = []
    for e in e_true:
        p_same, p_diff = (1 + e) / 4, (1 - e) / 4
        counts.append(rng.multinomial(n, [p_same, p_diff, p_diff, p_same]))
    est = chsh_from_counts(np.array(counts))
    s_true = float(werner_chsh(f))
    assert abs(est.value - s_true) < 4 * est.standard_error
    # The reported SE is the binomial one: sqrt(sum (1 - E^2)/N), checked at the true E
    # within 1 % (the plug-in E differs from the true one by ~1/sqrt(N)).
    se_true = math.sqrt(float(np.sum((1 - e_true**2) / n)))
    assert est.standard_error == pytest.approx(se_true, rel=0.01)
    assert est.n_rounds == (n, n, n, n)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: chsh_max(np.eye(4)), "rho (trace)"),
        (lambda: chsh_max(np.eye(2) / 2), "rho"),
        (lambda: chsh_max(np.diag([1.5, -0.5, 0, 0])), "rho (smallest eigenvalue)"),
        (lambda: chsh_value(werner(1.0), [0, 0, 2], X, B, B_PRIME), "a (norm)"),
        (lambda: chsh_from_counts(np.zeros((4, 4))), "counts (row total)"),
        (lambda: chsh_from_counts(-np.ones((4, 4))), "counts"),
        (lambda: chsh_from_counts(np.ones((3, 4))), "counts"),
    ],
)
def test_bad_input_names_the_argument(call: object, name: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        call()  # type: ignore[operator]
    assert info.value.name == name
