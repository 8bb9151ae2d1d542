"""Hypothesis properties of states and channels (DEVELOPERS.md: property tests).

Every state stays a state (trace one, Hermitian, positive semidefinite), fidelities stay in
[0, 1], channels compose, memory noise never raises the fidelity of a pair whose largest
Bell weight is Phi+, and the Bell-diagonal fast path equals the density-matrix result.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.quantum import channels as ch
from qnetsim.quantum import density as dm
from qnetsim.quantum.operators import CNOT, H, rotation
from qnetsim.quantum.states import BellDiagonalState, DensityMatrixState
from tests.quantum.strategies import bell_coefficients, density_matrices, pauli_channels, unit

times = st.floats(0.0, 5.0, allow_nan=False)
t1s = st.floats(0.05, 10.0)


def assert_is_state(rho: np.ndarray) -> None:
    assert abs(np.trace(rho) - 1) < 1e-9
    assert np.allclose(rho, rho.conj().T, atol=1e-10)
    assert np.linalg.eigvalsh(rho).min() > -1e-9


@settings(max_examples=60, deadline=None)
@given(density_matrices(2), pauli_channels(), unit, times, t1s, st.floats(0.01, 1.0))
def test_channels_keep_states_valid(
    rho: np.ndarray, pauli: ch.PauliChannel, gamma: float, t: float, t1: float, ratio: float
) -> None:
    s = DensityMatrixState(("a", "b"), rho)
    for channel, qubits in [
        (pauli, "a"),
        (ch.amplitude_damping(gamma), "b"),
        (ch.memory_noise(t, t1, 2 * t1 * ratio), "a"),
        (ch.two_qubit_depolarising(gamma), ["a", "b"]),
    ]:
        out = s.apply_channel(channel, qubits)
        assert_is_state(out.matrix)


@settings(max_examples=60, deadline=None)
@given(density_matrices(3), st.floats(-math.pi, math.pi), st.integers(0, 2))
def test_unitaries_measurement_and_partial_trace_keep_states_valid(
    rho: np.ndarray, angle: float, seed: int
) -> None:
    s = DensityMatrixState(("a", "b", "c"), rho)
    s = s.apply_unitary(rotation("Y", angle), "c").apply_unitary(CNOT, ["c", "a"])
    assert_is_state(s.matrix)
    assert_is_state(s.partial_trace(["c", "a"]).matrix)
    _, rest = s.measure("b", [1.0, angle, 0.5], np.random.default_rng(seed))
    assert rest is not None
    assert_is_state(rest.matrix)


@settings(max_examples=60, deadline=None)
@given(density_matrices(2), density_matrices(2))
def test_fidelity_in_unit_interval_and_symmetric(rho: np.ndarray, sigma: np.ndarray) -> None:
    f = dm.fidelity(rho, sigma)
    assert 0.0 <= f <= 1.0
    assert abs(f - dm.fidelity(sigma, rho)) < 1e-6
    assert abs(dm.fidelity(rho, rho) - 1.0) < 1e-6


@settings(max_examples=60, deadline=None)
@given(density_matrices(2), pauli_channels(), pauli_channels())
def test_channels_compose(rho: np.ndarray, a: ch.PauliChannel, b: ch.PauliChannel) -> None:
    s = DensityMatrixState(("x", "y"), rho)
    damp = ch.amplitude_damping(0.3)
    for first, second in [(a, b), (damp, a)]:
        sequential = s.apply_channel(first, "x").apply_channel(second, "x")
        composed = s.apply_channel(first.compose(second), "x")  # type: ignore[arg-type]
        assert np.allclose(sequential.matrix, composed.matrix, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(bell_coefficients(), t1s, st.floats(0.01, 1.0), st.lists(times, min_size=2, max_size=6))
def test_fidelity_never_rises_under_memory_noise(
    coeffs: np.ndarray, t1: float, ratio: float, ts: list[float]
) -> None:
    # Sorted so that Phi+ carries the largest weight: then no noise can raise F(Phi+).
    coeffs = np.sort(coeffs)[::-1]
    s = DensityMatrixState(("a", "b"), BellDiagonalState(("a", "b"), coeffs).density_matrix())
    fids = [
        s.apply_channel(ch.memory_noise(t, t1, 2 * t1 * ratio), "a").fidelity("Phi+")
        for t in sorted(ts)
    ]
    assert all(later <= earlier + 1e-12 for earlier, later in itertools.pairwise(fids))


@settings(max_examples=80, deadline=None)
@given(bell_coefficients(), pauli_channels(), st.sampled_from(["a", "b"]))
def test_bell_diagonal_pauli_channel_equals_density_matrix(
    coeffs: np.ndarray, pauli: ch.PauliChannel, qubit: str
) -> None:
    fast = BellDiagonalState(("a", "b"), coeffs).apply_channel(pauli, qubit)
    exact = BellDiagonalState(("a", "b"), coeffs).to_density_matrix().apply_channel(pauli, qubit)
    assert isinstance(fast, BellDiagonalState)
    assert np.allclose(fast.density_matrix(), exact.matrix, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(bell_coefficients(), times, t1s, st.floats(0.01, 1.0))
def test_twirled_memory_noise_gives_exact_bell_fidelities(
    coeffs: np.ndarray, t: float, t1: float, ratio: float
) -> None:
    noise = ch.memory_noise(t, t1, 2 * t1 * ratio)
    start = BellDiagonalState(("a", "b"), coeffs)
    fast = start.apply_channel(noise.pauli_twirl(), "b")
    exact = start.to_density_matrix().apply_channel(noise, "b")
    assert isinstance(fast, BellDiagonalState)
    assert np.allclose(fast.coefficients, exact.bell_diagonal_part(), atol=1e-12)


def test_hadamard_squared_is_identity_on_random_state() -> None:
    rng = np.random.default_rng(9)
    g = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    rho = g @ g.conj().T / np.trace(g @ g.conj().T)
    s = DensityMatrixState(("a", "b"), rho)
    assert np.allclose(s.apply_unitary(H, "b").apply_unitary(H, "b").matrix, rho)
