"""Teleportation through delivered pairs (issue 5, item 5)."""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.apps import average_teleportation_fidelity, input_state_vector, teleport
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import BellDiagonalState, DensityMatrixState, amplitude_damping
from qnetsim.quantum import bell_diagonal as bd

INPUTS = [[0.0, 0.0, 1.0], [0.0, 0.0, -1.0], [1.0, 0.0, 0.0], [0.0, 0.6, 0.8],
          [np.sqrt(1 / 3)] * 3]


@pytest.mark.parametrize("fidelity", [1.0, 0.95, 0.8, 0.5])
@pytest.mark.parametrize("bloch", INPUTS)
def test_werner_pair_closed_form(fidelity: float, bloch: list[float]) -> None:
    # Horodecki et al., PRA 60, 1888 (1999): F_tel = (2F + 1)/3; a Werner pair gives it for
    # every input, and every outcome (the corrected output does not depend on it). Exact.
    pair = BellDiagonalState.werner(("s", "r"), fidelity)
    expected = (2 * fidelity + 1) / 3
    assert teleport(pair, bloch).fidelity == pytest.approx(expected, abs=1e-12)
    for seed in range(4):
        res = teleport(pair, bloch, np.random.default_rng(seed))
        assert res.outcome is not None
        assert res.fidelity == pytest.approx(expected, abs=1e-12)


def test_arbitrary_pair_average_is_bowen_bose() -> None:
    # Bowen & Bose, PRL 87, 267901 (2001): standard teleportation is the Pauli channel with the
    # pair's Bell weights, so the input-averaged fidelity is (2 <Phi+|rho|Phi+> + 1)/3 for any
    # pair (here amplitude-damped, not Bell-diagonal). Exact (2-design average), 1e-12.
    pair = BellDiagonalState.werner(("s", "r"), 0.9).apply_channel(amplitude_damping(0.3), "r")
    assert isinstance(pair, DensityMatrixState)
    expected = (2 * pair.fidelity("Phi+") + 1) / 3
    assert average_teleportation_fidelity(pair) == pytest.approx(expected, abs=1e-12)


def test_sampled_mean_converges_to_average() -> None:
    # For a non-Bell-diagonal pair the outcome matters; the mean of 3000 sampled fidelities
    # lies within 5 standard errors of the mean of the averaged (channel) fidelity.
    pair = BellDiagonalState.werner(("s", "r"), 0.9).apply_channel(amplitude_damping(0.2), "r")
    rng = np.random.default_rng(31)
    fids = np.array([teleport(pair, [0.6, 0.0, 0.8], rng).fidelity for _ in range(3000)])
    avg = teleport(pair, [0.6, 0.0, 0.8]).fidelity
    assert abs(fids.mean() - avg) < 5 * fids.std(ddof=1) / np.sqrt(fids.size)


def test_noise_closed_forms() -> None:
    # Readout flips of the two BSM bits act as the Pauli channel ((1-e)^2, e(1-e), e(1-e), e^2)
    # on the pair (physics.md Sec. 4); a two-qubit depolarising gate p2 on (input, sender)
    # depolarises the output: F -> (1 - p2) F + p2/2. Exact to 1e-12.
    f, e, p2 = 0.93, 0.02, 0.05
    pair = BellDiagonalState.werner(("s", "r"), f)
    flips = np.array([(1 - e) ** 2, e * (1 - e), e * (1 - e), e**2])
    f_eff = float(bd.pauli_channel(pair.coefficients, flips)[0])
    assert average_teleportation_fidelity(pair, readout_error=e) == pytest.approx(
        (2 * f_eff + 1) / 3, abs=1e-12
    )
    ideal = (2 * f + 1) / 3
    assert average_teleportation_fidelity(pair, gate_depolarising=p2) == pytest.approx(
        (1 - p2) * ideal + p2 / 2, abs=1e-12
    )


def test_input_forms_agree() -> None:
    # Bloch vector (0, 1, 0) is (|0> + i|1>)/sqrt2 (Nielsen & Chuang Eq. 1.4); global phase free.
    vec = input_state_vector([0.0, 1.0, 0.0])
    assert abs(np.vdot(vec, np.array([1, 1j]) / np.sqrt(2))) == pytest.approx(1.0)
    pair = BellDiagonalState.werner(("s", "r"), 0.8)
    assert teleport(pair, [1, 1j]).fidelity == pytest.approx(teleport(pair, [0, 1, 0]).fidelity)


def test_bad_input() -> None:
    # Validation: non-unit Bloch vector, zero vector, a three-qubit "pair", probabilities.
    pair = BellDiagonalState.werner(("s", "r"), 0.8)
    with pytest.raises(InvalidParameterError, match="Bloch"):
        teleport(pair, [0.0, 0.0, 2.0])
    with pytest.raises(InvalidParameterError, match="state"):
        teleport(pair, [0.0, 0.0])
    three = DensityMatrixState.from_vector(["a", "b", "c"], np.eye(8)[0])
    with pytest.raises(InvalidParameterError, match="pair"):
        teleport(three, [0.0, 0.0, 1.0])
    with pytest.raises(InvalidParameterError, match="readout_error"):
        teleport(pair, [0.0, 0.0, 1.0], readout_error=1.2)
