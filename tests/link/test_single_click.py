"""Single-click closed forms against the brute-force Fock-space model and the ideal limits
of physics.md section 2.

Tolerances: the closed forms and the Fock-space model are both exact expressions of the same
model; they differ only by floating-point rounding (~1e-16 relative) and by the Gauss-Hermite
average of the optical phase, whose error for sigma <= 1 rad with 40-60 nodes is far below
1e-13. Hence 1e-10 (relative for probabilities, absolute for normalised states), which any
modelling error (a missing factor, a wrong cross term) exceeds by many orders.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.errors import InvalidParameterError
from qnetsim.link.single_click import (
    single_click,
    single_click_fidelity,
    single_click_probability,
)
from qnetsim.quantum.operators import X
from tests.link.fock_model import heralded_spin_state, heralded_spin_state_asymmetric

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


# --- unlike nodes: alpha_A != alpha_B, eta_A != eta_B -------------------------------------

Z_A = np.kron(np.diag([1, -1]), np.eye(2))
X_B = np.kron(np.eye(2), X)


def _check_against_fock(
    aa: float, ab: float, ea: float, eb: float, d: float, v: float, sigma: float
) -> None:
    lam = math.exp(-(sigma**2) / 2)
    d0 = heralded_spin_state_asymmetric(aa, ab, ea, eb, d, v, sigma, detector=0)
    d1 = heralded_spin_state_asymmetric(aa, ab, ea, eb, d, v, sigma, detector=1)
    p_fock = np.trace(d0).real + np.trace(d1).real
    rho = (d0 + Z_A @ d1 @ Z_A) / p_fock  # D1 heralds Psi-: Z-corrected to Psi+
    h = single_click(aa, ea, d, v, lam, alpha_b=ab, eta_b=eb)
    assert h.success_probability == pytest.approx(p_fock, rel=1e-10)
    ours = X_B @ h.state.density_matrix() @ X_B  # back from the Phi+ frame
    assert np.allclose(ours, rho, rtol=0.0, atol=1e-10)
    psi_plus = np.array([0, 1, 1, 0]) / math.sqrt(2)
    fid = float(np.real(psi_plus @ rho @ psi_plus))
    assert h.fidelity == pytest.approx(fid, rel=1e-10)
    vec_p = single_click_probability(aa, ea, d, v, alpha_b=ab, eta_b=eb)
    vec_f = single_click_fidelity(aa, ea, d, v, lam, alpha_b=ab, eta_b=eb)
    assert vec_p == pytest.approx(p_fock, rel=1e-10)
    assert vec_f == pytest.approx(fid, rel=1e-10)


ASYMMETRIC_CASES = [
    # alpha_A, alpha_B, eta_A, eta_B, p_dc, V, sigma
    (0.1, 0.1, 0.05, 0.01, 0.0, 1.0, 0.0),  # unequal arms only
    (0.05, 0.3, 0.2, 0.2, 0.0, 1.0, 0.0),  # unequal alpha only
    (0.05, 0.2, 0.02, 0.005, 1e-4, 0.9, 0.2),  # balanced a_A eta_A = a_B eta_B
    (0.4, 0.02, 0.8, 1e-3, 0.02, 0.7, 0.6),  # strongly unlike
    (0.3, 0.6, 0.0, 0.4, 1e-3, 0.95, 1.0),  # one arm dark: no coherence
]


@pytest.mark.parametrize(("aa", "ab", "ea", "eb", "d", "v", "sigma"), ASYMMETRIC_CASES)
def test_asymmetric_closed_form_equals_fock_space_model(
    aa: float, ab: float, ea: float, eb: float, d: float, v: float, sigma: float
) -> None:
    _check_against_fock(aa, ab, ea, eb, d, v, sigma)


@settings(max_examples=60, deadline=None)
@given(
    aa=st.floats(0.005, 0.995),
    ab=st.floats(0.005, 0.995),
    ea=st.floats(1e-4, 1.0),
    eb=st.floats(1e-4, 1.0),
    d=st.floats(0.0, 0.3),
    v=st.floats(0.0, 1.0),
    sigma=st.floats(0.0, 1.0),
)
def test_asymmetric_closed_form_equals_fock_space_model_random(
    aa: float, ab: float, ea: float, eb: float, d: float, v: float, sigma: float
) -> None:
    _check_against_fock(aa, ab, ea, eb, d, v, sigma)


def test_asymmetric_fock_model_reduces_to_the_symmetric_one() -> None:
    # The two reference models are written independently; equal nodes must agree.
    for alpha, eta, p_dc, v, sigma in CASES:
        for det in (0, 1):
            sym = heralded_spin_state(alpha, eta, p_dc, v, sigma, detector=det)
            asym = heralded_spin_state_asymmetric(alpha, alpha, eta, eta, p_dc, v, sigma, det)
            assert np.allclose(sym, asym, rtol=0.0, atol=1e-14)


@pytest.mark.parametrize(("alpha", "eta", "p_dc", "v", "sigma"), CASES)
def test_equal_nodes_reduce_to_the_published_symmetric_formula(
    alpha: float, eta: float, p_dc: float, v: float, sigma: float
) -> None:
    # physics.md section 2, written out here independently of the package. Equal up to
    # floating-point rounding (a few ulp; 1e-14 relative).
    a, e, d, lam = alpha, eta, p_dc, math.exp(-(sigma**2) / 2)
    q = 1 - d
    p0 = (
        (1 - a) ** 2 * d * q
        + 2 * a * (1 - a) * ((1 - e) * d * q + e * q / 2)
        + a**2 * (e**2 * (1 + v) * q / 4 + e * (1 - e) * q + (1 - e) ** 2 * d * q)
    )
    f = a * (1 - a) * q * ((1 - e) * d + e * (1 + math.sqrt(v) * lam) / 2) / p0
    explicit = single_click(a, e, d, v, lam, alpha_b=a, eta_b=e)
    default = single_click(a, e, d, v, lam)
    for h in (explicit, default):
        assert h.success_probability == pytest.approx(2 * p0, rel=1e-14)
        assert h.fidelity == pytest.approx(f, rel=1e-14)
    assert np.allclose(
        explicit.state.density_matrix(), default.state.density_matrix(), rtol=0.0, atol=1e-15
    )


def test_swapping_the_nodes_changes_nothing() -> None:
    h = single_click(0.05, 0.3, 1e-3, 0.9, 0.95, alpha_b=0.2, eta_b=0.01)
    g = single_click(0.2, 0.01, 1e-3, 0.9, 0.95, alpha_b=0.05, eta_b=0.3)
    assert h.success_probability == pytest.approx(g.success_probability, rel=1e-14)
    assert h.fidelity == pytest.approx(g.fidelity, rel=1e-14)
    assert h.false_herald_fraction == pytest.approx(g.false_herald_fraction, rel=1e-14)


def test_balancing_alpha_against_unequal_arms_restores_the_coherence() -> None:
    # Unequal arms (4x) with equal alphas leave unequal single-excitation populations (a
    # partly which-path state). Choosing a_A (1 - a_B) eta_A = (1 - a_A) a_B eta_B (Hermans
    # 2022: a_A eta_A ~ a_B eta_B for small alpha) equalises them exactly (the coherence is
    # their geometric mean, the fidelity uses their arithmetic mean) and raises the fidelity.
    ea, eb = 0.02, 0.005
    aa = 0.05
    ab = aa * ea / ((1 - aa) * eb + aa * ea)
    equal = single_click(0.1, ea, eta_b=eb)
    balanced = single_click(aa, ea, alpha_b=ab, eta_b=eb)
    assert balanced.fidelity > equal.fidelity
    rho = X_B @ balanced.state.density_matrix() @ X_B
    assert rho[0b01, 0b01].real == pytest.approx(rho[0b10, 0b10].real, rel=1e-12)
    assert rho[0b01, 0b10].real == pytest.approx(rho[0b10, 0b10].real, rel=1e-12)


def test_vectorised_functions_validate_their_inputs() -> None:
    with pytest.raises(
        InvalidParameterError, match=r"alpha \(entry\) = 1.0 is invalid; valid: \(0, 1\)"
    ):
        single_click_probability([0.1, 1.0], 0.1)
    with pytest.raises(InvalidParameterError, match=r"eta \(entry\) = 1.5"):
        single_click_fidelity(0.1, np.array([0.1, 1.5]))
    with pytest.raises(InvalidParameterError, match=r"p_dc \(entry\) = 1.0 .*\[0, 1\)"):
        single_click_probability(0.1, 0.1, p_dc=1.0)
    with pytest.raises(InvalidParameterError, match="visibility"):
        single_click_probability(0.1, 0.1, visibility=float("nan"))
    with pytest.raises(InvalidParameterError, match="phase_coherence"):
        single_click_fidelity(0.1, 0.1, phase_coherence=-0.1)
    with pytest.raises(InvalidParameterError, match="alpha_b"):
        single_click_probability(0.1, 0.1, alpha_b=0.0)
    with pytest.raises(InvalidParameterError, match="eta_b"):
        single_click_fidelity(0.1, 0.1, eta_b=[0.5, -0.1])
    with pytest.raises(InvalidParameterError, match="no herald is possible"):
        single_click_fidelity(0.1, [0.1, 0.0])
    with pytest.raises(InvalidParameterError, match="no herald is possible"):
        single_click(0.1, 0.0)
    with pytest.raises(InvalidParameterError, match="alpha_b = 1.0"):
        single_click(0.1, 0.1, alpha_b=1.0)
    with pytest.raises(InvalidParameterError, match="eta_b = 2.0"):
        single_click(0.1, 0.1, eta_b=2.0)
