"""Channels: closed forms of physics.md section 3 and Kraus-representation checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import channels as ch
from qnetsim.quantum.states import BellDiagonalState


@pytest.mark.parametrize(
    ("t", "t1", "t2"), [(0.1, 1.0, 0.5), (0.3, math.inf, 0.2), (2.0, 1.5, 3.0)]
)
def test_t1_t2_fidelity_closed_form(t: float, t1: float, t2: float) -> None:
    # physics.md 3: one qubit of Phi+ under T1/T2: F = [1 + exp(-t/T1) + 2 exp(-t/T2)]/4.
    state = BellDiagonalState.bell(("a", "b")).apply_channel(ch.memory_noise(t, t1, t2), "b")
    expected = (1 + math.exp(-t / t1) + 2 * math.exp(-t / t2)) / 4
    assert state.fidelity("Phi+") == pytest.approx(expected, abs=1e-12)


def test_amplitude_damping_is_not_pauli_but_its_twirl_keeps_bell_fidelities() -> None:
    damp = ch.amplitude_damping(0.3)
    start = BellDiagonalState(("a", "b"), np.array([0.7, 0.1, 0.15, 0.05]))
    exact = start.apply_channel(damp, "a").to_density_matrix()
    fast = start.apply_channel(damp.pauli_twirl(), "a")
    assert isinstance(fast, BellDiagonalState)
    for name in ("Phi+", "Psi+", "Phi-", "Psi-"):
        assert fast.fidelity(name) == pytest.approx(exact.fidelity(name), abs=1e-12)
    # ... but the exact output is not Bell-diagonal (it has a population imbalance).
    with pytest.raises(InvalidParameterError, match="twirl=True"):
        exact.to_bell_diagonal()
    assert exact.to_bell_diagonal(twirl=True).twirled


def test_amplitude_damping_twirl_probabilities() -> None:
    g = 0.2
    tw = ch.amplitude_damping(g).pauli_twirl()
    assert (tw.p_x, tw.p_y) == pytest.approx((g / 4, g / 4))
    assert tw.p_z == pytest.approx((1 - math.sqrt(1 - g)) ** 2 / 4)


def test_depolarising_over_and_dephasing_over() -> None:
    d = ch.depolarising_over(0.5, 2.0)
    assert 4 * d.p_x == pytest.approx(-math.expm1(-0.25))
    z = ch.dephasing_over(0.5, 2.0)
    assert 1 - 2 * z.p_z == pytest.approx(math.exp(-0.25))


def test_pauli_composition_matches_kraus_composition() -> None:
    a = ch.PauliChannel(0.1, 0.02, 0.05)
    b = ch.dephasing(0.2)
    rho = BellDiagonalState(("a", "b"), np.array([0.6, 0.2, 0.1, 0.1])).to_density_matrix()
    via_compose = rho.apply_channel(a.compose(b), "a")
    sequential = rho.apply_channel(a, "a").apply_channel(b, "a")
    assert np.allclose(via_compose.matrix, sequential.matrix, atol=1e-14)


def test_two_qubit_depolarising_full_strength_gives_maximally_mixed() -> None:
    rho = BellDiagonalState.bell(("a", "b")).to_density_matrix()
    out = rho.apply_channel(ch.two_qubit_depolarising(1.0), ["a", "b"])
    assert np.allclose(out.matrix, np.eye(4) / 4)


def test_memory_noise_zero_duration_is_identity() -> None:
    rho = BellDiagonalState.werner(("a", "b"), 0.8).to_density_matrix()
    out = rho.apply_channel(ch.memory_noise(0.0, 1.0, 1.0), "a")
    assert np.allclose(out.matrix, rho.matrix)


def test_errors_name_the_argument() -> None:
    with pytest.raises(
        InvalidParameterError, match=r"t2_s = 3.0 is invalid; valid: \(0, 2 \* t1_s\]"
    ):
        ch.memory_noise(1.0, 1.0, 3.0)
    with pytest.raises(InvalidParameterError, match="duration_s = -1"):
        ch.memory_noise(-1.0, 1.0, 1.0)
    with pytest.raises(InvalidParameterError, match=r"p_x \+ p_y \+ p_z"):
        ch.PauliChannel(0.5, 0.4, 0.3)
    with pytest.raises(InvalidParameterError, match=r"gamma = 1.5 is invalid; valid: \[0, 1\]"):
        ch.amplitude_damping(1.5)
    with pytest.raises(InvalidParameterError, match="trace preserving"):
        ch.KrausChannel((np.eye(2) * 2,))
    with pytest.raises(InvalidParameterError, match="p = nan"):
        ch.depolarising(float("nan"))


def test_closed_form_twirl_of_memory_noise_matches_kraus_twirl() -> None:
    times = np.array([0.0, 0.01, 0.3, 2.0])
    for t1, t2 in [(1.0, 0.5), (math.inf, 0.2), (2.0, 4.0), (math.inf, math.inf)]:
        fast = ch.memory_noise_pauli_probabilities(times, t1, t2)
        slow = np.array([ch.memory_noise(t, t1, t2).pauli_twirl().probabilities for t in times])
        assert np.allclose(fast, slow, atol=1e-14)
    with pytest.raises(InvalidParameterError, match="duration_s"):
        ch.memory_noise_pauli_probabilities(-1.0, 1.0, 1.0)


def test_kraus_channel_rejects_non_finite_operators() -> None:
    # NaN compares false with every tolerance, so the completeness check alone let it pass.
    bad = np.eye(2, dtype=complex)
    bad[0, 1] = np.nan
    with pytest.raises(InvalidParameterError, match="NaN or inf"):
        ch.KrausChannel((bad,))
    with pytest.raises(InvalidParameterError, match="NaN or inf"):
        ch.KrausChannel((np.diag([np.inf, 1.0]),))


@pytest.mark.parametrize("name", ["t1_s", "t2_s"])
@pytest.mark.parametrize("value", [-math.inf, float("nan"), 0.0, -1.0])
def test_memory_noise_rejects_bad_time_constants(name: str, value: float) -> None:
    # -inf used to be taken as +inf (no decay); only +inf means "no decay".
    kwargs = {"t1_s": 2.0, "t2_s": 1.0, name: value}
    with pytest.raises(InvalidParameterError, match=rf"{name} = "):
        ch.memory_noise(0.1, **kwargs)
    with pytest.raises(InvalidParameterError, match=rf"{name} = "):
        ch.memory_noise_pauli_probabilities(0.1, **kwargs)
    with pytest.raises(InvalidParameterError, match=rf"{name} = "):
        ch.memory_noise_pauli_probabilities(np.array([0.1, 0.2]), **kwargs)


def test_memory_noise_accepts_infinite_time_constants() -> None:
    assert np.allclose(
        ch.memory_noise_pauli_probabilities(0.1, math.inf, math.inf), [1.0, 0.0, 0.0, 0.0]
    )
    assert ch.memory_noise(0.1, math.inf, 0.5).num_qubits == 1
