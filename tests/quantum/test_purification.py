"""Purification: DEJMPS and BBPSSW against physics.md section 5 and the density-matrix circuit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.purification import bbpssw, dejmps, dejmps_circuit, pumping, recurrence
from qnetsim.quantum.states import BellDiagonalState
from tests.quantum.strategies import bell_coefficients


@settings(max_examples=40, deadline=None)
@given(bell_coefficients(), bell_coefficients())
def test_dejmps_formula_equals_circuit(c1: np.ndarray, c2: np.ndarray) -> None:
    out, p = dejmps(c1, c2)
    state, p_circuit = dejmps_circuit(
        BellDiagonalState(("a1", "b1"), c1), BellDiagonalState(("a2", "b2"), c2)
    )
    assert p_circuit == pytest.approx(float(p), abs=1e-12)
    if p > 1e-9:
        assert state is not None
        assert np.allclose(
            state.matrix, BellDiagonalState(("a1", "b1"), out).density_matrix(), atol=1e-9
        )


def test_bbpssw_matches_physics_reference_formula() -> None:
    f = 0.75
    p = f**2 + 2 * f * (1 - f) / 3 + 5 * ((1 - f) / 3) ** 2
    f_out, p_out = bbpssw(f)
    assert float(p_out) == pytest.approx(p)
    assert float(f_out) == pytest.approx((f**2 + ((1 - f) / 3) ** 2) / p)


def test_purification_raises_fidelity_above_one_half_and_not_below() -> None:
    assert float(bbpssw(0.7)[0]) > 0.7
    assert float(bbpssw(0.45)[0]) < 0.45
    assert dejmps(bd.werner(0.7), bd.werner(0.7))[0][0] > 0.7


def test_recurrence_converges_and_costs_grow() -> None:
    scheme = recurrence(bd.werner(0.8), 4)
    assert np.all(np.diff(scheme.fidelities) > 0)
    assert scheme.fidelities[-1] > 0.99
    expected = 1.0
    for p in scheme.success_probabilities:
        expected = 2 * expected / p
    assert scheme.expected_elementary_pairs == pytest.approx(expected)


def test_pumping_saturates_below_recurrence() -> None:
    pump = pumping(bd.werner(0.8), 8)
    rec = recurrence(bd.werner(0.8), 3)
    assert pump.fidelities[-1] < rec.fidelities[-1]
    assert abs(pump.fidelities[-1] - pump.fidelities[-2]) < 1e-2  # fixed point reached


def test_noisy_circuit_is_worse_than_ideal() -> None:
    left = BellDiagonalState.werner(("a1", "b1"), 0.85)
    right = BellDiagonalState.werner(("a2", "b2"), 0.85)
    ideal, _ = dejmps_circuit(left, right)
    noisy, _ = dejmps_circuit(left, right, gate_depolarising=0.02, readout_error=0.01)
    assert ideal is not None and noisy is not None
    assert noisy.fidelity("Phi+") < ideal.fidelity("Phi+")


def test_sampled_circuit_succeeds_at_the_stated_rate() -> None:
    left = BellDiagonalState.werner(("a1", "b1"), 0.8)
    right = BellDiagonalState.werner(("a2", "b2"), 0.8)
    rng = np.random.default_rng(1)
    n = 4000
    wins = sum(dejmps_circuit(left, right, rng=rng)[0] is not None for _ in range(n))
    p = float(dejmps(bd.werner(0.8), bd.werner(0.8))[1])
    assert abs(wins / n - p) < 5 * np.sqrt(p * (1 - p) / n)


def test_purification_errors() -> None:
    with pytest.raises(InvalidParameterError, match="sum of left"):
        dejmps([0.5, 0.5, 0.5, 0.0], bd.werner(0.9))
    with pytest.raises(InvalidParameterError, match="rounds = -1"):
        recurrence(bd.werner(0.9), -1)
    with pytest.raises(InvalidParameterError, match="fidelity_left"):
        bbpssw(1.5)
    with pytest.raises(InvalidParameterError, match="gate_depolarising = 2"):
        dejmps_circuit(
            BellDiagonalState.werner(("a", "b"), 0.9),
            BellDiagonalState.werner(("c", "d"), 0.9),
            gate_depolarising=2.0,
        )
