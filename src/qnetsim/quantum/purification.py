"""Entanglement purification: DEJMPS and BBPSSW, one round and schemes of rounds.

Formulas (``../shared/reference/physics.md`` section 5). In the notation there,
``A = Phi+, B = Psi-, C = Psi+, D = Phi-`` (our coefficient order is
``(Phi+, Psi+, Phi-, Psi-) = (A, C, D, B)``):

* DEJMPS (Deutsch et al., PRL 77, 2818 (1996), doi:10.1103/PhysRevLett.77.2818)::

      N  = (A1 + B1)(A2 + B2) + (C1 + D1)(C2 + D2)      (success probability)
      A' = (A1 A2 + B1 B2)/N,  B' = (C1 D2 + D1 C2)/N
      C' = (C1 C2 + D1 D2)/N,  D' = (A1 B2 + B1 A2)/N

* BBPSSW (Bennett et al., PRL 76, 722 (1996), doi:10.1103/PhysRevLett.76.722), on Werner
  states (inputs twirled first)::

      p  = F^2 + 2F(1-F)/3 + 5((1-F)/3)^2,   F' = [F^2 + ((1-F)/3)^2] / p

The density-matrix circuit (:func:`dejmps_circuit`: Alice rotates her qubits by
``Rx(pi/2)``, Bob by ``Rx(-pi/2)``, bilateral CNOT from pair 1 to pair 2, both qubits of pair
2 measured in Z, success when the outcomes agree) reproduces the DEJMPS map exactly and adds
gate and readout noise, which the Bell-diagonal formula does not model.

Schemes: *recurrence* purifies two pairs of the same level (``2^k`` elementary pairs for
``k`` rounds); *pumping* purifies the current pair with a fresh elementary pair each round
(Dur, Briegel, Cirac, Zoller, PRA 59, 169 (1999), doi:10.1103/PhysRevA.59.169).

Examples:
    >>> import numpy as np
    >>> from qnetsim.quantum import bell_diagonal as bd
    >>> out, p = dejmps(bd.werner(0.8), bd.werner(0.8))
    >>> round(float(out[0]), 4), round(float(p), 4)   # Werner inputs: the same as BBPSSW
    (0.8382, 0.7689)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import RngLike, as_rng, check_int, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.channels import two_qubit_depolarising
from qnetsim.quantum.operators import CNOT, rotation
from qnetsim.quantum.states import DensityMatrixState, QuantumState

__all__ = [
    "PurificationScheme",
    "bbpssw",
    "dejmps",
    "dejmps_circuit",
    "pumping",
    "recurrence",
]

FloatArray = NDArray[np.float64]


def dejmps(left: ArrayLike, right: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """One DEJMPS round on Bell-diagonal coefficients (vectorised).

    Returns the output coefficients (normalised, on success) and the success probability.

    Raises:
        InvalidParameterError: invalid coefficients, or a success probability of 0 (the
            output state would be undefined).
    """
    c1 = bd.as_coefficients(left, "left")
    c2 = bd.as_coefficients(right, "right")
    a1, cc1, d1, b1 = (c1[..., k] for k in range(4))
    a2, cc2, d2, b2 = (c2[..., k] for k in range(4))
    n = (a1 + b1) * (a2 + b2) + (cc1 + d1) * (cc2 + d2)
    a = a1 * a2 + b1 * b2
    b = cc1 * d2 + d1 * cc2
    c = cc1 * cc2 + d1 * d2
    d = a1 * b2 + b1 * a2
    if np.any(n <= 0.0):
        raise InvalidParameterError(
            "DEJMPS success probability",
            float(np.min(n)),
            "> 0",
            "the two pairs are orthogonal Bell states: the round can never succeed",
        )
    out = np.stack([a, c, d, b], axis=-1) / n[..., None]
    return out, n


def bbpssw(
    fidelity_left: ArrayLike, fidelity_right: ArrayLike | None = None
) -> tuple[FloatArray, FloatArray]:
    """One BBPSSW round on Werner fidelities; returns ``(F', p_success)`` (vectorised).

    With two different inputs the general form is used:
    ``p = F1 F2 + F1 e2 + e1 F2 + 5 e1 e2`` and ``F' = (F1 F2 + e1 e2)/p`` with
    ``e = (1-F)/3``, which reduces to physics.md's formula for equal inputs.
    """
    f1 = np.asarray(fidelity_left, dtype=np.float64)
    f2 = f1 if fidelity_right is None else np.asarray(fidelity_right, dtype=np.float64)
    for name, f in (("fidelity_left", f1), ("fidelity_right", f2)):
        if np.any((f < 0) | (f > 1)) or np.any(np.isnan(f)):
            raise InvalidParameterError(
                name, fidelity_left if name.endswith("left") else fidelity_right, "[0, 1]"
            )
    e1, e2 = (1 - f1) / 3, (1 - f2) / 3
    p = f1 * f2 + f1 * e2 + e1 * f2 + 5 * e1 * e2
    return (f1 * f2 + e1 * e2) / p, p


def dejmps_circuit(
    left: QuantumState,
    right: QuantumState,
    rng: RngLike | None = None,
    gate_depolarising: float = 0.0,
    readout_error: float = 0.0,
) -> tuple[DensityMatrixState | None, float]:
    """The DEJMPS circuit on density matrices, with noisy CNOTs and readout.

    ``left`` holds qubits ``(a1, b1)``, ``right`` ``(a2, b2)`` (Alice's first). Each local
    CNOT is followed by two-qubit depolarising noise ``gate_depolarising``; each measured bit
    flips with probability ``readout_error``. Without ``rng`` returns the state conditioned on
    success and the success probability; with ``rng`` samples success (``None`` on failure).

    Args:
        left, right: the two input pairs.
        rng: a Generator or an int seed to sample success; ``None`` returns the conditional
            state.
        gate_depolarising: two-qubit depolarising probability after each CNOT.
        readout_error: probability that each measured bit is flipped.
    """
    gen = None if rng is None else as_rng(rng)
    p2 = check_probability("gate_depolarising", gate_depolarising)
    e = check_probability("readout_error", readout_error)
    if left.num_qubits != 2 or right.num_qubits != 2:
        raise InvalidParameterError(
            "left/right", (left.num_qubits, right.num_qubits), "two-qubit states"
        )
    a1, b1 = left.qubits
    a2, b2 = right.qubits
    rho = left.to_density_matrix().tensor(right)
    rx_a, rx_b = rotation("X", math.pi / 2), rotation("X", -math.pi / 2)
    for q in (a1, a2):
        rho = rho.apply_unitary(rx_a, q)
    for q in (b1, b2):
        rho = rho.apply_unitary(rx_b, q)
    for ctrl, tgt in ((a1, a2), (b1, b2)):
        rho = rho.apply_unitary(CNOT, [ctrl, tgt])
        if p2 > 0:
            rho = rho.apply_channel(two_qubit_depolarising(p2), [ctrl, tgt])
    # Probability that the reported bits of a2 and b2 agree, and the state given that.
    from qnetsim.quantum import density as dm

    proj = (np.diag([1.0, 0.0]).astype(np.complex128), np.diag([0.0, 1.0]).astype(np.complex128))
    ia, ib = rho.index(a2), rho.index(b2)
    keep: np.ndarray = np.zeros((4, 4), dtype=np.complex128)
    for ma in (0, 1):
        for mb in (0, 1):
            r1 = dm.conditional_state(rho.matrix, ia, proj[ma])
            r2 = dm.conditional_state(r1, ib - (ib > ia), proj[mb])
            # reported bits agree: both right, or both flipped
            agree = (1 - e) ** 2 + e**2 if ma == mb else 2 * e * (1 - e)
            keep = keep + agree * r2
    p_success = float(np.trace(keep).real)
    if p_success <= 0.0:
        return None, 0.0
    state = DensityMatrixState._trusted((a1, b1), keep)
    if gen is not None and gen.random() >= p_success:
        return None, p_success
    return state, p_success


@dataclass(frozen=True)
class PurificationScheme:
    """Result of a purification scheme.

    Attributes:
        coefficients: Bell-diagonal coefficients after each round (index 0 = input).
        success_probabilities: success probability of each round.
        expected_elementary_pairs: expected number of elementary pairs consumed to produce
            one output pair (failed rounds discard their inputs).
    """

    coefficients: FloatArray
    success_probabilities: FloatArray
    expected_elementary_pairs: float

    @property
    def fidelities(self) -> FloatArray:
        return self.coefficients[:, 0]


def recurrence(coefficients: ArrayLike, rounds: int) -> PurificationScheme:
    """DEJMPS recurrence: round ``k`` purifies two outputs of round ``k-1``.

    Expected elementary pairs: ``E_k = 2 E_(k-1) / p_k`` with ``E_0 = 1``.
    """
    k = check_int("rounds", rounds, 0, 64)
    current = bd.as_coefficients(coefficients)
    states, probs, cost = [current], [], 1.0
    for _ in range(k):
        current, p = dejmps(current, current)
        states.append(current)
        probs.append(float(p))
        cost = 2 * cost / float(p)
    return PurificationScheme(np.array(states), np.array(probs), cost)


def pumping(coefficients: ArrayLike, rounds: int) -> PurificationScheme:
    """DEJMPS pumping: each round purifies the current pair with a fresh elementary pair.

    Expected elementary pairs: ``E_k = (E_(k-1) + 1) / p_k`` with ``E_0 = 1``: each try of
    round ``k`` consumes a pumped pair of level ``k-1`` and a fresh pair, and a failure loses
    both (the pumped pair is then rebuilt).
    """
    k = check_int("rounds", rounds, 0, 64)
    elementary = bd.as_coefficients(coefficients)
    current = elementary
    states, probs, cost = [current], [], 1.0
    for _ in range(k):
        current, p = dejmps(current, elementary)
        states.append(current)
        probs.append(float(p))
        cost = (cost + 1.0) / float(p)
    return PurificationScheme(np.array(states), np.array(probs), cost)
