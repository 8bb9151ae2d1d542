"""Single-click closed forms against the brute-force Fock-space model and the ideal limits
of physics.md section 2."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.link.single_click import (
    single_click,
    single_click_fidelity,
    single_click_probability,
)
from qnetsim.quantum.operators import X
from tests.link.fock_model import heralded_spin_state

CASES = [
    # alpha, eta, p_dc, V, sigma
    (0.1, 0.05, 0.0, 1.0, 0.0),
    (0.25, 0.3, 1e-3, 0.9, 0.3),
    (0.05, 1e-3, 1e-4, 0.95, 0.2),
    (0.4, 0.8, 0.02, 0.7, 0.6),
]


@pytest.mark.parametrize(("alpha", "eta", "p_dc", "v", "sigma"), CASES)
def test_closed_form_equals_fock_space_model(
    alpha: float, eta: float, p_dc: float, v: float, sigma: float
) -> None:
    lam = math.exp(-(sigma**2) / 2)
    d0 = heralded_spin_state(alpha, eta, p_dc, v, sigma, detector=0)
    d1 = heralded_spin_state(alpha, eta, p_dc, v, sigma, detector=1)
    p_fock = np.trace(d0).real + np.trace(d1).real
    # Probabilities: exact up to the quadrature of the phase average (~1e-15 here).
    assert single_click_probability(alpha, eta, p_dc, v) == pytest.approx(p_fock, rel=1e-10)
    # State: D0 heralds Psi+ directly; D1 heralds Psi-, corrected by Z on one node.
    z_a = np.kron(np.diag([1, -1]), np.eye(2))
    rho = (d0 + z_a @ d1 @ z_a) / p_fock
    h = single_click(alpha, eta, p_dc, v, lam)
    x_b = np.kron(np.eye(2), X)  # undo the frame change to compare in the excitation basis
    ours = x_b @ h.state.density_matrix() @ x_b
    assert np.allclose(ours, rho, atol=1e-10)
    psi_plus = np.array([0, 1, 1, 0]) / math.sqrt(2)
    fid = float(np.real(psi_plus @ rho @ psi_plus))
    assert single_click_fidelity(alpha, eta, p_dc, v, lam) == pytest.approx(fid, rel=1e-10)


def test_ideal_limits() -> None:
    # physics.md 2: p = a eta (2 - a eta), F = 2(1-a)/(2 - a eta) -> 1 - a for small eta.
    a, eta = 0.2, 0.4
    h = single_click(a, eta)
    assert h.success_probability == pytest.approx(a * eta * (2 - a * eta))
    assert h.fidelity == pytest.approx(2 * (1 - a) / (2 - a * eta))
    assert single_click(a, 1e-9).fidelity == pytest.approx(1 - a, rel=1e-8)


def test_fidelity_is_below_one_minus_alpha_with_imperfections() -> None:
    for a in (0.05, 0.1, 0.3):
        assert single_click(a, 0.01, p_dc=1e-5, visibility=0.95).fidelity < 1 - a


def test_coherence_enters_as_sqrt_visibility() -> None:
    a, eta = 0.1, 1e-4
    f1 = single_click(a, eta).fidelity
    fv = single_click(a, eta, visibility=0.81).fidelity
    # For eta -> 0: F ~ (1-a)(1 + sqrt(V))/2
    assert (fv / f1) == pytest.approx((1 + 0.9) / 2, rel=1e-3)


def test_rate_scales_as_sqrt_eta_at_midpoint() -> None:
    # Midpoint: eta_arm = sqrt(eta_fibre(L)); p ~ 2 a eta_arm for small eta.
    a = 0.1
    etas = 10 ** (-np.array([2.0, 3.0, 4.0, 5.0]))
    p = single_click_probability(a, np.sqrt(etas))
    slope = np.polyfit(np.log(etas), np.log(p), 1)[0]
    assert slope == pytest.approx(0.5, abs=0.01)


def test_errors_name_the_field() -> None:
    with pytest.raises(InvalidParameterError, match=r"alpha = 1.2 is invalid; valid: \(0, 1\)"):
        single_click(1.2, 0.1)
    with pytest.raises(InvalidParameterError, match=r"alpha = 0.0"):
        single_click(0.0, 0.1)
    with pytest.raises(InvalidParameterError, match=r"eta = 1.5"):
        single_click(0.1, 1.5)
    with pytest.raises(InvalidParameterError, match=r"p_dc = 1.0 is invalid; valid: \[0, 1\)"):
        single_click(0.1, 0.1, p_dc=1.0)
