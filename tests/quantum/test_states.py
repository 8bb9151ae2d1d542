"""States: conversions, measurement, partial trace, fidelity and validation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError, UnknownQubitError
from qnetsim.quantum.operators import BELL_STATES, CNOT, H, bell_state
from qnetsim.quantum.states import BellDiagonalState, DensityMatrixState


def test_bell_diagonal_to_density_matrix_and_back_is_exact() -> None:
    coeffs = np.array([0.55, 0.2, 0.15, 0.1])
    s = BellDiagonalState(("a", "b"), coeffs)
    back = s.to_density_matrix().to_bell_diagonal()
    assert not back.twirled
    assert np.allclose(back.coefficients, coeffs, atol=1e-14)


def test_bell_basis_convention_matches_physics_reference() -> None:
    # I -> Phi+, X -> Psi+, Z -> Phi-, Y -> Psi- (Pauli on qubit 2 of Phi+).
    s2 = 1 / math.sqrt(2)
    assert np.allclose(BELL_STATES[0], [s2, 0, 0, s2])
    assert np.allclose(BELL_STATES[1], [0, s2, s2, 0])
    assert np.allclose(BELL_STATES[2], [s2, 0, 0, -s2])
    psi_minus = np.array([0, s2, -s2, 0])
    assert abs(np.vdot(psi_minus, BELL_STATES[3])) == pytest.approx(1.0)


def test_circuit_prepares_phi_plus() -> None:
    zero = DensityMatrixState.from_vector(("a", "b"), [1, 0, 0, 0])
    phi = zero.apply_unitary(H, "a").apply_unitary(CNOT, ["a", "b"])
    assert phi.fidelity("Phi+") == pytest.approx(1.0)
    assert phi.fidelity(bell_state("Phi+")) == pytest.approx(1.0)


def test_partial_trace_of_bell_pair_is_maximally_mixed() -> None:
    reduced = BellDiagonalState.bell(("a", "b"), "Psi-").partial_trace(["b"])
    assert np.allclose(reduced.density_matrix(), np.eye(2) / 2)


def test_reorder_and_fidelity_against_state_on_permuted_qubits() -> None:
    rng = np.random.default_rng(0)
    g = rng.normal(size=(8, 8)) + 1j * rng.normal(size=(8, 8))
    rho = g @ g.conj().T
    s = DensityMatrixState(("a", "b", "c"), rho / np.trace(rho))
    r = s.reorder(["c", "a", "b"])
    assert s.fidelity(r) == pytest.approx(1.0, abs=1e-9)
    assert np.allclose(r.partial_trace(["a"]).matrix, s.partial_trace(["a"]).matrix)


def test_measurement_of_phi_plus_gives_correlated_outcomes() -> None:
    rng = np.random.default_rng(42)
    phi = BellDiagonalState.bell(("a", "b"))
    for basis in ("Z", "X"):
        for _ in range(20):
            m_a, rest = phi.measure("a", basis, rng)
            assert rest is not None
            probs = rest.outcome_probabilities("b", basis)
            assert probs[m_a] == pytest.approx(1.0)


def test_measurement_statistics_match_born_rule() -> None:
    # A |+> state measured along a Bloch vector at angle theta from X: P(0) = (1 + cos)/2.
    theta = 1.1
    plus = DensityMatrixState.from_vector(("q",), [1, 1])
    basis = [math.cos(theta), math.sin(theta), 0.0]
    rng = np.random.default_rng(5)
    n = 20_000
    zeros = sum(plus.measure("q", basis, rng)[0] == 0 for _ in range(n))
    p0 = (1 + math.cos(theta)) / 2
    # 5 standard errors: a false failure about once in 3.5 million runs.
    assert abs(zeros / n - p0) < 5 * math.sqrt(p0 * (1 - p0) / n)


def test_readout_error_flips_reported_outcome() -> None:
    zero = DensityMatrixState.from_vector(("q",), [1, 0])
    rng = np.random.default_rng(1)
    n, e = 20_000, 0.1
    ones = sum(zero.measure("q", "Z", rng, readout_error=e)[0] for _ in range(n))
    assert abs(ones / n - e) < 5 * math.sqrt(e * (1 - e) / n)


def test_validation_messages() -> None:
    with pytest.raises(InvalidParameterError, match="trace of matrix"):
        DensityMatrixState(("a",), np.eye(2))
    with pytest.raises(InvalidParameterError, match="smallest eigenvalue"):
        DensityMatrixState(("a",), np.diag([1.5, -0.5]))
    with pytest.raises(InvalidParameterError, match="Hermitian"):
        DensityMatrixState(("a",), np.array([[0.5, 0.5], [0.0, 0.5]]))
    with pytest.raises(InvalidParameterError, match=r"matrix.shape"):
        DensityMatrixState(("a", "b"), np.eye(2) / 2)
    with pytest.raises(InvalidParameterError, match="two distinct qubit ids"):
        BellDiagonalState(("a", "a"), np.array([1.0, 0, 0, 0]))
    with pytest.raises(InvalidParameterError, match="sum of coefficients"):
        BellDiagonalState(("a", "b"), np.array([0.9, 0, 0, 0]))
    with pytest.raises(UnknownQubitError, match="'z' is not in this state"):
        BellDiagonalState.bell(("a", "b")).fidelity("Phi+") and BellDiagonalState.bell(
            ("a", "b")
        ).measure("z", "Z", np.random.default_rng())
    with pytest.raises(InvalidParameterError, match="readout_error = 2"):
        BellDiagonalState.bell(("a", "b")).measure("a", "Z", np.random.default_rng(), 2.0)
    with pytest.raises(InvalidParameterError, match="basis"):
        BellDiagonalState.bell(("a", "b")).measure("a", "W", np.random.default_rng())
    with pytest.raises(InvalidParameterError, match="unitary"):
        DensityMatrixState.from_vector(("a",), [1, 0]).apply_unitary(np.eye(2) * 2, "a")
