"""Outcome sampling from states: probabilities from projectors, frequencies converge."""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.apps._state_input import bloch_form
from qnetsim.apps.qkd.sampling import joint_probabilities, sample_outcomes
from qnetsim.errors import InvalidParameterError

PAULI = [
    np.array([[0, 1], [1, 0]], dtype=complex),
    np.array([[0, -1j], [1j, 0]]),
    np.array([[1, 0], [0, -1]], dtype=complex),
]


def _projector(n: np.ndarray, outcome: int) -> np.ndarray:
    sign = 1.0 if outcome == 0 else -1.0
    return (np.eye(2) + sign * sum(n[i] * PAULI[i] for i in range(3))) / 2


def _random_state(rng: np.random.Generator) -> np.ndarray:
    g = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    rho = g @ g.conj().T
    return rho / np.trace(rho)


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=(n, 3))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_joint_probabilities_equal_projector_traces() -> None:
    # Born rule Tr[rho (P_x (x) P_y)] with explicit projectors (independent of the Fano form);
    # round-off tolerance 1e-12.
    rng = np.random.default_rng(1)
    rhos = np.stack([_random_state(rng) for _ in range(5)])
    a, b = _unit(rng, 5), _unit(rng, 5)
    probs = joint_probabilities(bloch_form(rhos), a, b)
    for k in range(5):
        for x in (0, 1):
            for y in (0, 1):
                op = np.kron(_projector(a[k], x), _projector(b[k], y))
                assert probs[k, 2 * x + y] == pytest.approx(np.trace(rhos[k] @ op).real, abs=1e-12)


def test_sampled_frequencies_converge() -> None:
    # 200k samples of one non-Bell-diagonal state: each of the four frequencies within 5 binomial
    # standard errors of its probability (failure chance < 1e-5 per run at a fixed seed anyway).
    rng = np.random.default_rng(2)
    rho = _random_state(rng)
    n = 200_000
    a = np.tile(_unit(rng, 1), (n, 1))
    b = np.tile(_unit(rng, 1), (n, 1))
    form = bloch_form(np.broadcast_to(rho, (n, 4, 4)))
    x, y = sample_outcomes(form, a, b, rng)
    freq = np.bincount(2 * x.astype(int) + y, minlength=4) / n
    p = joint_probabilities(bloch_form(rho[None]), a[:1], b[:1])[0]
    assert np.all(np.abs(freq - p) < 5 * np.sqrt(p * (1 - p) / n) + 1e-12)


def test_readout_error_flips_bits() -> None:
    # Phi+ in Z-Z: outcomes equal; independent flips with e make them differ with 2e(1-e).
    # 5 binomial standard errors at n = 200k.
    n, e = 200_000, 0.05
    form = bloch_form(np.tile([1.0, 0, 0, 0], (n, 1)))
    z = np.tile([0.0, 0, 1], (n, 1))
    x, y = sample_outcomes(form, z, z, np.random.default_rng(3), readout_error=e)
    p = 2 * e * (1 - e)
    assert abs(np.mean(x != y) - p) < 5 * np.sqrt(p * (1 - p) / n)


def test_settings_shape_checked() -> None:
    # Validation: one setting per pair.
    form = bloch_form(np.tile([1.0, 0, 0, 0], (3, 1)))
    with pytest.raises(InvalidParameterError, match=r"a\.shape"):
        sample_outcomes(form, np.zeros((2, 3)), np.zeros((3, 3)), np.random.default_rng(0))
    with pytest.raises(InvalidParameterError, match="readout_error"):
        sample_outcomes(form, np.zeros((3, 3)), np.zeros((3, 3)), np.random.default_rng(0), 1.5)


@pytest.mark.parametrize(
    ("bad", "name"),
    [
        (np.eye(4) / 2, "states[1]"),  # trace 2
        (np.diag([1.0, 0, 0, 0]) + np.triu(np.ones((4, 4)), 1) * 0.1, "states[1]"),  # not Hermitian
        (np.diag([1.5, -0.5, 0, 0]), "smallest eigenvalue of states[1]"),
        (np.full((4, 4), np.nan), "states[1]"),
    ],
)
def test_bad_density_matrix_in_a_batch_names_its_index(bad: np.ndarray, name: str) -> None:
    good = np.diag([1.0, 0, 0, 0])
    with pytest.raises(InvalidParameterError) as info:
        bloch_form(np.stack([good, bad, good]))
    assert info.value.name == name
