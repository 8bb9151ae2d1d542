"""Bell-diagonal kernels against the closed forms of physics.md sections 3 and 4."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given

from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from tests.quantum.strategies import bell_coefficients, unit


def test_werner_coefficients() -> None:
    assert bd.werner(0.7).tolist() == pytest.approx([0.7, 0.1, 0.1, 0.1])


def test_swap_of_werner_states_multiplies_werner_parameters() -> None:
    # physics.md 4: Werner inputs give w = w1 w2.
    f1, f2 = 0.93, 0.81
    w1, w2 = (4 * f1 - 1) / 3, (4 * f2 - 1) / 3
    out = bd.swap(bd.werner(f1), bd.werner(f2))
    assert float(bd.werner_parameter(out)) == pytest.approx(w1 * w2, abs=1e-14)


def test_swap_is_the_klein_convolution_written_out() -> None:
    # The four equations of physics.md section 4, term by term.
    lam = np.array([0.7, 0.1, 0.15, 0.05])  # (I, X, Z, Y)
    mu = np.array([0.6, 0.2, 0.05, 0.15])
    li, lx, lz, ly = lam
    mi, mx, mz, my = mu
    expected = [
        li * mi + lx * mx + lz * mz + ly * my,
        li * mx + lx * mi + lz * my + ly * mz,
        li * mz + lz * mi + lx * my + ly * mx,
        li * my + ly * mi + lx * mz + lz * mx,
    ]
    assert bd.swap(lam, mu).tolist() == pytest.approx(expected, abs=1e-15)


def test_noisy_swap_gate_noise_scales_werner_parameter() -> None:
    # physics.md 4: two-qubit depolarising gate noise p2 gives w = (1 - p2) w1 w2.
    f1, f2, p2 = 0.95, 0.9, 0.03
    w = float(bd.werner_parameter(bd.swap_noisy(bd.werner(f1), bd.werner(f2), p2, 0.0)))
    assert w == pytest.approx((1 - p2) * (4 * f1 - 1) / 3 * (4 * f2 - 1) / 3, abs=1e-14)


def test_readout_flips_act_as_stated_pauli_channel() -> None:
    e = 0.02
    out = bd.swap_noisy(bd.werner(1.0), bd.werner(1.0), 0.0, e)
    assert out.tolist() == pytest.approx([(1 - e) ** 2, e * (1 - e), e * (1 - e), e**2])


def test_depolarising_over_time_decays_werner_parameter_exponentially() -> None:
    # physics.md 3: w(t) = w0 exp(-t/T) on one qubit; both qubits: exp(-t(1/TA + 1/TB)).
    f0, t, ta, tb = 0.97, 0.3, 1.2, 0.8
    state = bd.werner(f0)
    one = bd.depolarise(state, -math.expm1(-t / ta))
    both = bd.depolarise(one, -math.expm1(-t / tb))
    w0 = (4 * f0 - 1) / 3
    assert float(bd.werner_parameter(one)) == pytest.approx(w0 * math.exp(-t / ta))
    assert float(bd.werner_parameter(both)) == pytest.approx(w0 * math.exp(-t * (1 / ta + 1 / tb)))


def test_dephasing_mixes_i_with_z_and_x_with_y() -> None:
    out = bd.dephase(np.array([0.6, 0.3, 0.0, 0.1]), 0.25)
    assert out.tolist() == pytest.approx([0.45, 0.25, 0.15, 0.15])


def test_vectorised_over_leading_axes_matches_loop() -> None:
    rng = np.random.default_rng(3)
    a = rng.dirichlet(np.ones(4), size=(5, 7))
    b = rng.dirichlet(np.ones(4), size=(5, 7))
    p = rng.random((5, 7))
    vec = bd.depolarise(bd.swap(a, b), p)
    loop = np.array(
        [[bd.depolarise(bd.swap(a[i, j], b[i, j]), p[i, j]) for j in range(7)] for i in range(5)]
    )
    assert np.allclose(vec, loop, atol=1e-15)


@given(bell_coefficients(), bell_coefficients(), unit, unit)
def test_noisy_swap_stays_normalised(a: np.ndarray, b: np.ndarray, p2: float, e: float) -> None:
    out = bd.swap_noisy(a, b, p2, e)
    assert out.sum() == pytest.approx(1.0, abs=1e-12)
    assert (out >= -1e-15).all()


def test_as_coefficients_rejects_unnormalised_and_negative() -> None:
    with pytest.raises(InvalidParameterError, match="sum of coefficients"):
        bd.as_coefficients([0.5, 0.5, 0.5, 0.0])
    with pytest.raises(
        InvalidParameterError, match=r"coefficients \(entry\) = 1.5 is invalid; valid: \[0, 1\]"
    ):
        bd.as_coefficients([1.5, -0.5, 0.0, 0.0])
    with pytest.raises(InvalidParameterError, match="last axis has length 4"):
        bd.as_coefficients([1.0, 0.0, 0.0])


def test_werner_rejects_fidelity_above_one() -> None:
    with pytest.raises(InvalidParameterError, match="fidelity"):
        bd.werner(1.2)
