"""Two-photon, DLCZ and reflection schemes: closed forms, independent checks and scaling."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.link.dlcz import dlcz
from qnetsim.link.reflection import reflection
from qnetsim.link.single_click import single_click
from qnetsim.link.two_photon import two_photon
from qnetsim.quantum.operators import X
from qnetsim.quantum.states import BellDiagonalState
from tests.link.fock_model import barrett_kok_state


@pytest.mark.parametrize(
    ("eta_a", "eta_b", "p_dc", "v"),
    [(0.3, 0.3, 0.0, 1.0), (0.2, 0.5, 0.0, 0.8), (0.1, 0.1, 1e-3, 0.9), (0.6, 0.4, 0.05, 0.7)],
)
def test_two_photon_equals_fock_space_barrett_kok(
    eta_a: float, eta_b: float, p_dc: float, v: float
) -> None:
    rho = barrett_kok_state(eta_a, eta_b, p_dc, v)
    p = np.trace(rho).real
    h = two_photon(eta_a, eta_b, p_dc=p_dc, visibility=v)
    assert h.success_probability == pytest.approx(p, rel=1e-10)
    x_b = np.kron(np.eye(2), X)
    ours = x_b @ h.state.density_matrix() @ x_b
    assert np.allclose(ours, rho / p, atol=1e-10)


def test_two_photon_ideal_closed_form_and_exact_bell_diagonal() -> None:
    # physics.md 2: p = eta^2/2, F = (1 + V)/2 with p_dc = 0.
    h = two_photon(0.2, visibility=0.9)
    assert h.success_probability == pytest.approx(0.02)
    assert h.fidelity == pytest.approx(0.95)
    assert isinstance(h.state, BellDiagonalState) and not h.state.twirled
    assert h.false_herald_fraction == 0.0


def test_two_photon_rate_scales_as_eta_at_midpoint() -> None:
    etas = 10 ** (-np.array([1.0, 2.0, 3.0, 4.0]))
    p = [two_photon(math.sqrt(e)).success_probability for e in etas]
    slope = np.polyfit(np.log(etas), np.log(p), 1)[0]
    assert slope == pytest.approx(1.0, abs=1e-9)


def test_dark_counts_lower_two_photon_fidelity() -> None:
    clean = two_photon(0.01, visibility=0.95)
    noisy = two_photon(0.01, visibility=0.95, p_dc=1e-4)
    assert noisy.fidelity < clean.fidelity
    assert 0 < noisy.false_herald_fraction < 1


def test_dlcz_reduces_to_single_click_at_low_excitation() -> None:
    # To first order in p, DLCZ heralding is single-click with alpha -> p (Sangouard 2011).
    p, eta = 1e-4, 0.05
    d, s = dlcz(p, eta), single_click(p, eta)
    assert d.success_probability == pytest.approx(s.success_probability, rel=3e-4)
    assert 1 - d.fidelity == pytest.approx(2 * p, rel=0.05)


def test_dlcz_multi_excitation_error_grows_with_p() -> None:
    fids = [dlcz(p, 0.1).fidelity for p in (0.001, 0.01, 0.05, 0.1)]
    assert (np.diff(fids) < 0).all()


def test_reflection_is_linear_in_transmission() -> None:
    etas = np.array([1e-1, 1e-2, 1e-3])
    p = [reflection(e).success_probability for e in etas]
    assert np.allclose(np.array(p) / etas, 1.0)


def test_reflection_gate_errors_multiply_werner_parameters() -> None:
    h = reflection(0.01, 0.9, 0.8)
    w = (4 * 0.9 - 1) / 3 * (4 * 0.8 - 1) / 3
    assert h.fidelity == pytest.approx((1 + 3 * w) / 4)
    noisy = reflection(0.01, 0.9, 0.8, p_dc=1e-3)
    assert noisy.false_herald_fraction == pytest.approx(0.99e-3 / (0.01 + 0.99e-3))


def test_scheme_errors() -> None:
    with pytest.raises(InvalidParameterError, match="eta_b = -0.1"):
        two_photon(0.1, -0.1)
    with pytest.raises(InvalidParameterError, match=r"excitation_probability = 0.7"):
        dlcz(0.7, 0.1)
    with pytest.raises(InvalidParameterError, match=r"gate_fidelity_a = 0.1 is invalid"):
        reflection(0.1, 0.1)
