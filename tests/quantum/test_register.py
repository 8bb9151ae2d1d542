"""The qubit register: merging on multi-state operations, splitting on measurement."""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError, UnknownQubitError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.channels import dephasing
from qnetsim.quantum.operators import CNOT
from qnetsim.quantum.register import QuantumRegister
from qnetsim.quantum.states import BellDiagonalState, DensityMatrixState


def make_chain(n_links: int, fidelity: float) -> QuantumRegister:
    reg = QuantumRegister()
    for i in range(n_links):
        reg.add(BellDiagonalState.werner((f"n{i}R", f"n{i + 1}L"), fidelity))
    return reg


def test_chain_of_swaps_stays_bell_diagonal_and_matches_closed_form() -> None:
    n, f = 5, 0.97
    reg = make_chain(n, f)
    rng = np.random.default_rng(0)
    for i in range(1, n):
        reg.swap(f"n{i}L", f"n{i}R", rng=rng)
    end = reg.state_of("n0R")
    assert isinstance(end, BellDiagonalState)
    assert set(end.qubits) == {"n0R", f"n{n}L"}
    w = ((4 * f - 1) / 3) ** n
    assert end.fidelity("Phi+") == pytest.approx((1 + 3 * w) / 4, abs=1e-12)
    assert len(reg) == 2


def test_gate_across_states_merges_them() -> None:
    reg = make_chain(2, 1.0)
    reg.apply_unitary(CNOT, ["n1L", "n1R"])
    merged = reg.state_of("n0R")
    assert merged is reg.state_of("n2L")
    assert isinstance(merged, DensityMatrixState)
    assert merged.num_qubits == 4


def test_measure_removes_qubit_and_collapses_partner() -> None:
    reg = QuantumRegister()
    reg.add(BellDiagonalState.bell(("a", "b")))
    bit = reg.measure("a", "Z", np.random.default_rng(3))
    assert "a" not in reg
    assert reg.state_of("b").outcome_probabilities("b", "Z")[bit] == pytest.approx(1.0)


def test_discard_traces_out() -> None:
    reg = QuantumRegister()
    reg.add(BellDiagonalState.bell(("a", "b")))
    reg.discard("a")
    assert np.allclose(reg.state_of("b").density_matrix(), np.eye(2) / 2)


def test_channel_and_fidelity_through_register() -> None:
    reg = QuantumRegister()
    reg.add(BellDiagonalState.werner(("a", "b"), 0.9))
    reg.apply_channel(dephasing(0.1), "a")
    expected = float(bd.dephase(bd.werner(0.9), 0.1)[0])
    assert reg.fidelity(["a", "b"], "Phi+") == pytest.approx(expected)
    assert reg.fidelity(["b", "a"], "Phi+") == pytest.approx(expected)


def test_fidelity_of_qubits_from_two_states_is_product() -> None:
    reg = make_chain(2, 0.9)
    # n0R and n2L are in different states: their joint state is I/4, F(Phi+) = 1/4.
    assert reg.fidelity(["n0R", "n2L"], "Phi+") == pytest.approx(0.25)


def test_register_errors() -> None:
    reg = make_chain(1, 0.9)
    with pytest.raises(InvalidParameterError, match="already in the register"):
        reg.add(BellDiagonalState.werner(("n0R", "x"), 0.9))
    with pytest.raises(UnknownQubitError, match="'nope' is not in the register"):
        reg.state_of("nope")


def test_merge_beyond_the_density_matrix_limit_is_refused_and_leaves_the_register() -> None:
    from qnetsim.quantum.states import MAX_DENSITY_QUBITS

    reg = make_chain(MAX_DENSITY_QUBITS // 2 + 1, 0.9)  # 14 qubits in 7 pairs
    qubits = reg.qubits
    before = {q: reg.state_of(q) for q in qubits}
    with pytest.raises(InvalidParameterError, match=r"number of qubits = 14 is invalid"):
        reg.merge(qubits)
    assert {q: reg.state_of(q) for q in qubits} == before
    assert reg.merge(qubits[:4]).num_qubits == 4  # below the limit merging works


def test_tensor_beyond_the_density_matrix_limit_is_refused() -> None:
    a = DensityMatrixState.from_vector(tuple(range(7)), np.eye(1 << 7)[0])
    b = DensityMatrixState.from_vector(tuple(range(7, 13)), np.eye(1 << 6)[0])
    with pytest.raises(InvalidParameterError, match="number of qubits = 13"):
        a.tensor(b)
