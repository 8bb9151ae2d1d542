"""Quantum states, channels and operations (the ``quantum`` layer).

Two formalisms behind one interface (:class:`QuantumState`): :class:`BellDiagonalState`, the
fast path for Pauli noise and swapping (with vectorised kernels in
:mod:`qnetsim.quantum.bell_diagonal`), and :class:`DensityMatrixState`, exact for anything.
"""

from qnetsim.quantum import bell_diagonal, density, operators
from qnetsim.quantum.channels import (
    Channel,
    KrausChannel,
    PauliChannel,
    amplitude_damping,
    bit_flip,
    dephasing,
    dephasing_over,
    depolarising,
    depolarising_over,
    memory_noise,
    two_qubit_depolarising,
)
from qnetsim.quantum.purification import (
    PurificationScheme,
    bbpssw,
    dejmps,
    dejmps_circuit,
    pumping,
    recurrence,
)
from qnetsim.quantum.register import QuantumRegister
from qnetsim.quantum.states import BellDiagonalState, DensityMatrixState, QuantumState, QubitId
from qnetsim.quantum.swapping import SwapResult, swap

__all__ = [
    "BellDiagonalState",
    "Channel",
    "DensityMatrixState",
    "KrausChannel",
    "PauliChannel",
    "PurificationScheme",
    "QuantumRegister",
    "QuantumState",
    "QubitId",
    "SwapResult",
    "amplitude_damping",
    "bbpssw",
    "bell_diagonal",
    "bit_flip",
    "dejmps",
    "dejmps_circuit",
    "density",
    "dephasing",
    "dephasing_over",
    "depolarising",
    "depolarising_over",
    "memory_noise",
    "operators",
    "pumping",
    "recurrence",
    "swap",
    "two_qubit_depolarising",
]
