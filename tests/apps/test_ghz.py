"""GHZ states fused at a hub from n pairs (issue 5, item 6)."""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.apps import ghz_from_star, ghz_state_vector, werner_star_ghz_fidelity
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import BellDiagonalState, amplitude_damping


def _pairs(n: int, fidelity: float) -> list[BellDiagonalState]:
    return [BellDiagonalState.werner((f"h{i}", f"e{i}"), fidelity) for i in range(n)]


def _depolarised_ghz(n: int, w: float) -> np.ndarray:
    """Independent check: ideal GHZ with a depolarising channel D_w on every qubit, computed
    with explicit Kraus operators (no qnetsim code)."""
    psi = ghz_state_vector(n)
    rho = np.outer(psi, psi.conj())
    paulis = [np.eye(2), np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]),
              np.diag([1.0, -1.0])]
    probs = [1 - 3 * (1 - w) / 4] + [(1 - w) / 4] * 3
    for q in range(n):
        out = np.zeros_like(rho)
        for p, op in zip(probs, paulis, strict=True):
            full = np.kron(np.kron(np.eye(2**q), op), np.eye(2 ** (n - q - 1)))
            out = out + p * full @ rho @ full.conj().T
        rho = out
    return rho


@pytest.mark.parametrize("fidelity", [1.0, 0.95, 0.85, 0.6])
def test_n3_werner_closed_form_and_density_matrix(fidelity: float) -> None:
    # Derived closed form F = [((1+w)/2)^3 + w^3 + ((1-w)/2)^3]/2 (docs/apps.md) against the
    # circuit (averaged and sampled) and against the explicit depolarised-GHZ matrix. Exact.
    w = (4 * fidelity - 1) / 3
    closed = werner_star_ghz_fidelity(fidelity, 3)
    assert closed == pytest.approx(0.5 * (((1 + w) / 2) ** 3 + w**3 + ((1 - w) / 2) ** 3))
    direct = _depolarised_ghz(3, w)
    assert np.real(ghz_state_vector(3).conj() @ direct @ ghz_state_vector(3)) == pytest.approx(
        closed, abs=1e-12
    )
    avg = ghz_from_star(_pairs(3, fidelity))
    assert avg.fidelity == pytest.approx(closed, abs=1e-12)
    assert np.allclose(avg.state.matrix, direct, atol=1e-12)
    for seed in range(3):
        sampled = ghz_from_star(_pairs(3, fidelity), np.random.default_rng(seed))
        assert sampled.outcomes is not None and len(sampled.outcomes) == 3
        assert sampled.fidelity == pytest.approx(closed, abs=1e-12)


@pytest.mark.parametrize("n", [2, 4, 6])
def test_other_sizes(n: int) -> None:
    # n = 2 is entanglement swapping, F = (1 + 3 w^2)/4 (Dur et al. 1999); n = 6 is the
    # feasibility target of the brief (8 qubits held at most).
    closed = werner_star_ghz_fidelity(0.9, n)
    if n == 2:
        w = (4 * 0.9 - 1) / 3
        assert closed == pytest.approx((1 + 3 * w**2) / 4)
    res = ghz_from_star(_pairs(n, 0.9), np.random.default_rng(n))
    assert res.fidelity == pytest.approx(closed, abs=1e-10)
    assert res.state.qubits == tuple(f"e{i}" for i in range(n))


def test_non_pauli_noise_sampled_mean_converges() -> None:
    # Amplitude-damped pairs: outcomes matter; the mean of 400 sampled fidelities is within
    # 5 standard errors of the outcome-averaged fidelity.
    pairs = [p.apply_channel(amplitude_damping(0.15), f"e{i}") for i, p in enumerate(_pairs(3,
                                                                                   0.95))]
    avg = ghz_from_star(pairs).fidelity
    rng = np.random.default_rng(41)
    fids = np.array([ghz_from_star(pairs, rng).fidelity for _ in range(400)])
    assert abs(fids.mean() - avg) < 5 * max(fids.std(ddof=1), 1e-12) / np.sqrt(fids.size) + 1e-12


def test_readout_error_lowers_fidelity() -> None:
    # A flipped hub bit applies a wrong Pauli correction; with e > 0 fidelity drops
    # (each of the n bits: F -> (1 - e) F + e F_wrong, F_wrong = 0 for perfect pairs).
    e = 0.05
    res = ghz_from_star(_pairs(3, 1.0), readout_error=e)
    assert res.fidelity == pytest.approx((1 - e) ** 3, abs=1e-12)


def test_bad_input() -> None:
    # Validation: at least 2 pairs, at most 10, two-qubit pairs, distinct qubits, n >= 2.
    with pytest.raises(InvalidParameterError, match="pairs"):
        ghz_from_star(_pairs(1, 0.9))
    with pytest.raises(InvalidParameterError, match="pairs"):
        ghz_from_star(_pairs(11, 0.9))
    with pytest.raises(InvalidParameterError, match="pairs"):
        ghz_from_star([BellDiagonalState.werner(("h", "e"), 0.9)] * 2)
    with pytest.raises(InvalidParameterError, match="n"):
        werner_star_ghz_fidelity(0.9, 1)
    with pytest.raises(InvalidParameterError, match="fidelity"):
        werner_star_ghz_fidelity(1.2, 3)
