"""Quantum teleportation of an arbitrary qubit through a delivered pair.

Circuit (Bennett et al. 1993): the sender holds the input qubit ``q`` and ``pair.qubits[0]``
(``s``), the receiver ``pair.qubits[1]`` (``r``). A two-qubit depolarising error ``p2`` on
``(q, s)`` models the gate, then ``CNOT(q -> s)``, ``H(q)``, Z measurements of ``q`` (bit
``m1``) and ``s`` (bit ``m2``) whose reported values flip with probability ``e``; the receiver
applies ``X^m2`` then ``Z^m1``. The sampled version runs this on a
:class:`~qnetsim.quantum.register.QuantumRegister` with the caller's generator; the averaged
version sums the outcome branches exactly (the teleportation channel).

Closed forms used by the tests: with an ideal BSM the channel is the Pauli channel whose
probabilities are the Bell-basis weights ``(l_I, l_X, l_Z, l_Y)`` of the pair (Bowen and Bose
2001), so the fidelity averaged over input states is ``F_tel = (2 F + 1)/3`` with
``F = <Phi+|rho|Phi+>``; a Werner pair gives ``(2F + 1)/3`` for every input (Horodecki et al.
1999). The average over inputs uses the six Pauli eigenstates, a spherical 2-design, which is
exact for the (quadratic) fidelity.

References:
    C. H. Bennett et al., Phys. Rev. Lett. 70, 1895 (1993). DOI: 10.1103/PhysRevLett.70.1895
    M. Horodecki, P. Horodecki, R. Horodecki, Phys. Rev. A 60, 1888 (1999), Eq. (8).
    DOI: 10.1103/PhysRevA.60.1888
    G. Bowen, S. Bose, Phys. Rev. Lett. 87, 267901 (2001). DOI: 10.1103/PhysRevLett.87.267901
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import RngLike, as_rng, check_probability
from qnetsim.apps._state_input import two_qubit
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import density as dm
from qnetsim.quantum.channels import two_qubit_depolarising
from qnetsim.quantum.operators import CNOT, H, X, Z
from qnetsim.quantum.register import QuantumRegister
from qnetsim.quantum.states import DensityMatrixState, QuantumState

__all__ = [
    "TeleportationResult",
    "average_teleportation_fidelity",
    "input_state_vector",
    "teleport",
]

_INPUT = "teleport-input"
_KET = (np.array([[1, 0], [0, 0]], dtype=np.complex128),
        np.array([[0, 0], [0, 1]], dtype=np.complex128))


def input_state_vector(state: ArrayLike) -> NDArray[np.complex128]:
    """The normalised state vector of a qubit given as a Bloch unit vector or a 2-vector.

    Examples:
        >>> input_state_vector([0.0, 0.0, -1.0]).round(12).tolist()   # |1>
        [0j, (1+0j)]
    """
    arr = np.asarray(state)
    if arr.shape == (3,) and not np.iscomplexobj(arr):
        r = arr.astype(np.float64)
        norm = float(np.linalg.norm(r))
        if not np.all(np.isfinite(r)) or abs(norm - 1.0) > 1e-9:
            raise InvalidParameterError("state (Bloch vector norm)", norm, "1 within 1e-9")
        theta = float(np.arccos(np.clip(r[2], -1.0, 1.0)))
        phi = float(np.arctan2(r[1], r[0]))
        return np.array([np.cos(theta / 2), np.exp(1j * phi) * np.sin(theta / 2)])
    if arr.shape == (2,):
        vec = arr.astype(np.complex128)
        norm = float(np.linalg.norm(vec))
        if norm == 0.0 or not np.isfinite(norm):
            raise InvalidParameterError("state", state, "a non-zero finite 2-vector")
        return vec / norm
    raise InvalidParameterError("state", state, "a Bloch unit 3-vector or a state 2-vector")


@dataclass(frozen=True)
class TeleportationResult:
    """Outcome of :func:`teleport`.

    Attributes:
        state: the receiver's qubit after correction (single-qubit density matrix).
        fidelity: ``<psi|rho_out|psi>`` with the input ``psi``.
        outcome: reported BSM bits ``(m1, m2)``, or ``None`` for the averaged channel.
    """

    state: DensityMatrixState
    fidelity: float
    outcome: tuple[int, int] | None


def _sampled(
    pair: QuantumState, psi: NDArray[np.complex128], rng: np.random.Generator, p2: float, e: float
) -> tuple[DensityMatrixState, tuple[int, int]]:
    s, r = pair.qubits
    reg = QuantumRegister()
    reg.add(DensityMatrixState.from_vector([_INPUT], psi))
    reg.add(pair)
    if p2 > 0:
        reg.apply_channel(two_qubit_depolarising(p2), [_INPUT, s])
    reg.apply_unitary(CNOT, [_INPUT, s])
    reg.apply_unitary(H, [_INPUT])
    m1 = reg.measure(_INPUT, "Z", rng, e)
    m2 = reg.measure(s, "Z", rng, e)
    if m2:
        reg.apply_unitary(X, [r])
    if m1:
        reg.apply_unitary(Z, [r])
    out = reg.state_of(r).to_density_matrix()
    return out, (m1, m2)


def _averaged(pair: QuantumState, psi: NDArray[np.complex128], p2: float, e: float) -> NDArray[
    np.complex128
]:
    rho: NDArray[np.complex128] = np.kron(
        np.outer(psi, psi.conj()), pair.density_matrix()
    ).astype(np.complex128)  # qubits (q, s, r)
    if p2 > 0:
        rho = dm.apply_kraus(rho, two_qubit_depolarising(p2).kraus_operators(), [0, 1])
    rho = dm.apply_unitary(dm.apply_unitary(rho, CNOT, [0, 1]), H, [0])
    flip = (1.0 - e, e)
    out = np.zeros((2, 2), dtype=np.complex128)
    for m1, m2, f1, f2 in itertools.product((0, 1), repeat=4):
        branch = dm.conditional_state(dm.conditional_state(rho, 0, _KET[m1]), 0, _KET[m2])
        r1, r2 = m1 ^ f1, m2 ^ f2
        corr = np.linalg.matrix_power(Z, r1) @ np.linalg.matrix_power(X, r2)
        out += flip[f1] * flip[f2] * (corr @ branch @ corr.conj().T)
    return out


def teleport(
    pair: QuantumState,
    state: ArrayLike,
    rng: RngLike | None = None,
    *,
    gate_depolarising: float = 0.0,
    readout_error: float = 0.0,
) -> TeleportationResult:
    """Teleport ``state`` through ``pair`` (sender holds ``pair.qubits[0]``).

    Args:
        pair: the delivered two-qubit state (any :class:`QuantumState`).
        state: the input qubit, a Bloch unit 3-vector or a state 2-vector.
        rng: a Generator or an int seed to sample the BSM outcome; ``None`` returns the
            average.
        gate_depolarising: two-qubit depolarising probability of the BSM gate, in [0, 1].
        readout_error: probability in [0, 1] that each reported BSM bit is flipped.

    Raises:
        InvalidParameterError: ``pair`` not two-qubit, a bad input state or probability.

    References:
        C. H. Bennett et al., Phys. Rev. Lett. 70, 1895 (1993). DOI: 10.1103/PhysRevLett.70.1895

    Examples:
        >>> from qnetsim.quantum import BellDiagonalState
        >>> pair = BellDiagonalState.werner(("s", "r"), 0.85)
        >>> round(teleport(pair, [1.0, 0.0, 0.0]).fidelity, 12)     # (2F + 1)/3
        0.9
        >>> res = teleport(pair, [0.0, 0.6, 0.8], np.random.default_rng(1))
        >>> round(res.fidelity, 12), res.outcome is not None
        (0.9, True)
    """
    gen = None if rng is None else as_rng(rng)
    two_qubit(pair, "pair")
    p2 = check_probability("gate_depolarising", gate_depolarising)
    e = check_probability("readout_error", readout_error)
    psi = input_state_vector(state)
    if _INPUT in pair.qubits:
        raise InvalidParameterError("pair.qubits", pair.qubits, f"ids other than {_INPUT!r}")
    if gen is None:
        mat = _averaged(pair, psi, p2, e)
        out = DensityMatrixState(("receiver",), (mat + mat.conj().T) / 2)
        outcome = None
    else:
        out, outcome = _sampled(pair, psi, gen, p2, e)
    return TeleportationResult(out, out.fidelity(psi), outcome)


def average_teleportation_fidelity(
    pair: QuantumState, *, gate_depolarising: float = 0.0, readout_error: float = 0.0
) -> float:
    """Teleportation fidelity averaged over all input states (and BSM outcomes).

    Uses the six Pauli eigenstates, a spherical 2-design, so the average equals the uniform
    (Haar) average exactly. With an ideal BSM it equals ``(2 <Phi+|rho|Phi+> + 1)/3``.

    References:
        M. Horodecki, P. Horodecki, R. Horodecki, Phys. Rev. A 60, 1888 (1999), Eq. (8).
        DOI: 10.1103/PhysRevA.60.1888

    Examples:
        >>> from qnetsim.quantum import BellDiagonalState
        >>> round(average_teleportation_fidelity(BellDiagonalState.werner(("s", "r"), 0.7)), 12)
        0.8
    """
    axes = [np.eye(3)[i] * sign for i in range(3) for sign in (1.0, -1.0)]
    fids = [
        teleport(pair, v, gate_depolarising=gate_depolarising, readout_error=readout_error).fidelity
        for v in axes
    ]
    return float(np.mean(fids))
