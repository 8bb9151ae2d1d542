"""The foundation demo: a repeater node swaps two stored Werner pairs.

Two links each deliver a Werner pair of fidelity ``F0``; the pairs wait in memories for
``storage_s`` (one memory of each pair at the repeater, one at an end node), then the repeater
performs a noisy Bell-state measurement (two-qubit depolarising ``p2``, readout flips ``e``).
The end-to-end fidelity is computed three ways that must agree:

1. closed form (physics.md sections 3 and 4): with depolarising memories
   ``w = w1 w2 (1 - p2) ((4 (1-e)^2 - 1)/3) exp(-2 t (1/T_end + 1/T_rep))``;
2. the Bell-diagonal fast path; 3. the exact density-matrix circuit.

It then repeats the last two with the T1/T2 memory model (amplitude damping + dephasing),
where the Bell-diagonal path uses the Pauli twirl of the channel. The twirl is exact for noise
on one qubit of a Bell-diagonal pair; with amplitude damping on both qubits the exact state
leaves the Bell-diagonal family, and the two methods differ slightly (about 2e-5 with the
defaults): the demo prints both so the size of the approximation is visible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from qnetsim._validate import check_nonnegative, check_positive, check_probability
from qnetsim.quantum.channels import Channel, depolarising_over, memory_noise
from qnetsim.quantum.states import BellDiagonalState, QuantumState
from qnetsim.quantum.swapping import swap

__all__ = ["DemoResult", "run_demo"]


@dataclass(frozen=True)
class DemoResult:
    """Fidelities of the demo, keyed by (memory model, method)."""

    fidelities: dict[tuple[str, str], float]


def _swap_after_storage(
    fast: bool, fidelity: float, noise_end: Channel, noise_rep: Channel, p2: float, e: float
) -> float:
    left: QuantumState = BellDiagonalState.werner(("A", "R1"), fidelity)
    right: QuantumState = BellDiagonalState.werner(("R2", "B"), fidelity)
    if not fast:
        left, right = left.to_density_matrix(), right.to_density_matrix()

    def store(state: QuantumState, end: str, rep: str) -> QuantumState:
        ch_end = noise_end.pauli_twirl() if fast else noise_end  # type: ignore[attr-defined]
        ch_rep = noise_rep.pauli_twirl() if fast else noise_rep  # type: ignore[attr-defined]
        return state.apply_channel(ch_end, end).apply_channel(ch_rep, rep)

    left, right = store(left, "A", "R1"), store(right, "B", "R2")
    result = swap(left, right, "R1", "R2", gate_depolarising=p2, readout_error=e)
    return result.state.fidelity("Phi+")


def run_demo(
    fidelity: float = 0.95,
    storage_s: float = 0.05,
    t_end_s: float = 1.0,
    t_rep_s: float = 0.5,
    gate_depolarising: float = 0.01,
    readout_error: float = 0.01,
) -> DemoResult:
    """Compute the demo's fidelities (see the module docstring).

    Examples:
        >>> r = run_demo()
        >>> f = r.fidelities
        >>> abs(f[("depolarising", "closed form")] - f[("depolarising", "density matrix")]) < 1e-12
        True
    """
    f0 = check_probability("fidelity", fidelity)
    t = check_nonnegative("storage_s", storage_s)
    t_end = check_positive("t_end_s", t_end_s)
    t_rep = check_positive("t_rep_s", t_rep_s)
    p2 = check_probability("gate_depolarising", gate_depolarising)
    e = check_probability("readout_error", readout_error)

    w0 = (4 * f0 - 1) / 3
    w = w0 * w0 * (1 - p2) * (4 * (1 - e) ** 2 - 1) / 3 * math.exp(-2 * t * (1 / t_end + 1 / t_rep))
    out = {("depolarising", "closed form"): (1 + 3 * w) / 4}
    depol = (depolarising_over(t, t_end), depolarising_over(t, t_rep))
    t1t2 = (memory_noise(t, 10 * t_end, t_end), memory_noise(t, 10 * t_rep, t_rep))
    for model, (n_end, n_rep) in (("depolarising", depol), ("T1/T2 (T1 = 10 T2)", t1t2)):
        for fast, method in ((True, "Bell-diagonal"), (False, "density matrix")):
            out[(model, method)] = _swap_after_storage(fast, f0, n_end, n_rep, p2, e)
    return DemoResult(out)
