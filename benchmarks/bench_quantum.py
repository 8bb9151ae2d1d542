"""Throughput of the quantum layer.

Run: ``python benchmarks/bench_quantum.py``. Prints
* vectorised Bell-diagonal "swap + decoherence" operations per second (one operation = one
  noisy swap of two pairs followed by T1/T2 storage noise on both output qubits);
* density-matrix operations per second on 2 and 4 qubits (a Kraus channel on one qubit, a
  CNOT, and a full BSM-and-correct swap on 4 qubits).
Target (issue 2): vectorised Bell-diagonal operations >= 1e6 per second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.channels import memory_noise
from qnetsim.quantum.operators import CNOT
from qnetsim.quantum.states import BellDiagonalState
from qnetsim.quantum.swapping import swap


def rate(fn: Callable[[], object], ops_per_call: int, min_time_s: float = 0.5) -> float:
    fn()  # warm up
    calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < min_time_s:
        fn()
        calls += 1
    return calls * ops_per_call / elapsed


def main() -> None:
    n = 1_000_000
    rng = np.random.default_rng(1)
    left = rng.dirichlet(np.ones(4), size=n)
    right = rng.dirichlet(np.ones(4), size=n)
    wait_s = rng.exponential(0.05, size=n)
    t1_s, t2_s = 10.0, 1.0
    # Twirled T1/T2 probabilities, vectorised over the waiting times.
    gamma = -np.expm1(-wait_s / t1_s)
    coh = np.exp(-wait_s / t2_s)
    probs = np.stack(
        [(2 - gamma + 2 * coh) / 4, gamma / 4, (2 - gamma - 2 * coh) / 4, gamma / 4], -1
    )

    def bd_swap_and_decohere() -> None:
        out = bd.swap_noisy(left, right, 0.01, 0.005)
        out = bd.pauli_channel(out, probs)
        bd.pauli_channel(out, probs)

    pair = BellDiagonalState.werner(("a", "b"), 0.9).to_density_matrix()
    four = pair.tensor(BellDiagonalState.werner(("c", "d"), 0.9))
    noise = memory_noise(0.01, 1.0, 0.5)
    ab = BellDiagonalState.werner(("a", "b"), 0.9).to_density_matrix()
    cd = BellDiagonalState.werner(("c", "d"), 0.9).to_density_matrix()
    srng = np.random.default_rng(2)

    rows = [
        ("Bell-diagonal swap+decoherence (vectorised, 1e6 pairs)", rate(bd_swap_and_decohere, n)),
        (
            "density matrix, 2 qubits: T1/T2 channel",
            rate(lambda: pair.apply_channel(noise, "a"), 1),
        ),
        (
            "density matrix, 4 qubits: T1/T2 channel",
            rate(lambda: four.apply_channel(noise, "b"), 1),
        ),
        ("density matrix, 4 qubits: CNOT", rate(lambda: four.apply_unitary(CNOT, ["b", "c"]), 1)),
        (
            "density matrix, 4 qubits: sampled swap",
            rate(lambda: swap(ab, cd, "b", "c", rng=srng), 1),
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'operation':<{width}}  ops/s")
    for name, value in rows:
        print(f"{name:<{width}}  {value:,.0f}")


if __name__ == "__main__":
    main()
