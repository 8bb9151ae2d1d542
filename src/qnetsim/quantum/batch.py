"""Batches of states: ``(n, 2**q, 2**q)`` density matrices, one per draw of a model's inputs,
with channels whose parameters differ from draw to draw.

The representation is a plain complex array (QuTiP 5's ``core/data`` separation: the data
apart from the operations); :class:`~qnetsim.quantum.states.DensityMatrixState` stays the
validated single state. Uncertainty bands (:mod:`qnetsim.link.batch`) evaluate one link's
closed form for hundreds of draws at once with these functions. Each is the batched form of
a single-state operation it is tested against: :func:`apply_kraus` of
:func:`qnetsim.quantum.density.apply_kraus`, :func:`pauli_kraus` of
:class:`~qnetsim.quantum.channels.PauliChannel`, :func:`memory_noise_kraus` of
:func:`~qnetsim.quantum.channels.memory_noise`.

Examples:
    >>> rho = bell_diagonal_matrices(np.array([[1.0, 0, 0, 0], [0.5, 0.5, 0, 0]]))
    >>> out = apply_kraus(rho, pauli_kraus(np.array([[0.9, 0.1, 0, 0], [1.0, 0, 0, 0]])), [0])
    >>> np.round(bell_fidelity(out), 6).tolist()
    [0.9, 0.5]
"""

from __future__ import annotations

from collections.abc import Sequence
from string import ascii_letters

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim.errors import InvalidParameterError
from qnetsim.quantum.channels import memory_noise_parameters
from qnetsim.quantum.operators import BELL_STATES, PAULIS

__all__ = [
    "apply_kraus",
    "bell_diagonal_matrices",
    "bell_fidelity",
    "memory_noise_kraus",
    "pauli_kraus",
]

#: The Pauli operators in the order of Pauli probability vectors ``(I, X, Z, Y)``.
_PAULI_STACK = np.stack(PAULIS)
#: Bell projectors in the order of Bell-diagonal coefficients (Phi+, Psi+, Phi-, Psi-).
_BELL_PROJECTORS = np.stack([np.outer(v, v.conj()) for v in BELL_STATES])


def _batch(rho: ArrayLike) -> tuple[NDArray[np.complex128], int]:
    r = np.asarray(rho, dtype=np.complex128)
    dim = r.shape[-1] if r.ndim == 3 else 0
    n = dim.bit_length() - 1
    if r.ndim != 3 or r.shape[1] != dim or dim != 1 << n or n < 1:
        raise InvalidParameterError("rho.shape", r.shape, "(batch, 2**q, 2**q)")
    return r, n


def apply_kraus(rho: ArrayLike, kraus: ArrayLike, targets: Sequence[int]) -> NDArray[np.complex128]:
    """``sum_k K_k rho K_k^dagger`` for each draw: ``rho`` ``(n, D, D)``, ``kraus``
    ``(n, m, d, d)`` (draw-dependent operators) or ``(m, d, d)`` (the same for every draw),
    acting on qubits ``targets``."""
    r, q = _batch(rho)
    ops = np.asarray(kraus, dtype=np.complex128)
    if ops.ndim == 3:
        ops = np.broadcast_to(ops, (r.shape[0], *ops.shape))
    k = len(targets)
    if (
        ops.ndim != 4
        or ops.shape[0] != r.shape[0]
        or ops.shape[2:] != (1 << k, 1 << k)
        or sorted(set(targets)) != sorted(targets)
        or any(not 0 <= t < q for t in targets)
    ):
        raise InvalidParameterError(
            "kraus", ops.shape, f"(batch, m, {1 << k}, {1 << k}) on distinct qubits < {q}"
        )
    if k == 1:  # one qubit: the operators on the whole space, then batched matmul (fast)
        t = targets[0]
        before, after = np.eye(1 << t), np.eye(1 << (q - t - 1))
        full = np.einsum("ij,nmkl,ab->nmikajlb", before, ops, after).reshape(
            (*ops.shape[:2], 1 << q, 1 << q)
        )
        out = (full @ r[:, None] @ np.conj(np.swapaxes(full, -1, -2))).sum(axis=1)
        return np.ascontiguousarray(out)
    letters = iter(ascii_letters)
    b, m = next(letters), next(letters)
    rows = [next(letters) for _ in range(q)]
    cols = [next(letters) for _ in range(q)]
    new_rows, new_cols = list(rows), list(cols)
    for t in targets:
        new_rows[t], new_cols[t] = next(letters), next(letters)
    left = b + m + "".join(new_rows[t] for t in targets) + "".join(rows[t] for t in targets)
    right = b + m + "".join(new_cols[t] for t in targets) + "".join(cols[t] for t in targets)
    spec = f"{left},{b}{''.join(rows + cols)},{right}->{b}{''.join(new_rows + new_cols)}"
    t_ops = ops.reshape(ops.shape[:2] + (2,) * (2 * k))
    out = np.einsum(spec, t_ops, r.reshape((r.shape[0],) + (2,) * (2 * q)), t_ops.conj())
    return np.ascontiguousarray(out.reshape(r.shape))


def pauli_kraus(probabilities: ArrayLike) -> NDArray[np.complex128]:
    """``(n, 4, 2, 2)`` Kraus operators ``sqrt(p_k) sigma_k`` of a Pauli channel from
    ``(n, 4)`` probabilities ``(p_I, p_X, p_Z, p_Y)``."""
    p = np.asarray(probabilities, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 4:
        raise InvalidParameterError("probabilities.shape", p.shape, "(batch, 4)")
    return np.sqrt(np.clip(p, 0.0, None))[:, :, None, None] * _PAULI_STACK


def memory_noise_kraus(
    duration_s: ArrayLike, t1_s: ArrayLike, t2_s: ArrayLike
) -> NDArray[np.complex128]:
    """``(n, 4, 2, 2)`` Kraus operators of :func:`~qnetsim.quantum.channels.memory_noise`
    for each draw (amplitude damping then dephasing, from
    :func:`~qnetsim.quantum.channels.memory_noise_parameters`)."""
    gamma, p_z = memory_noise_parameters(duration_s, t1_s, t2_s)
    gamma, p_z = np.broadcast_arrays(np.atleast_1d(gamma), np.atleast_1d(p_z))
    n = gamma.shape[0]
    damp = np.zeros((n, 2, 2, 2), dtype=np.complex128)
    damp[:, 0, 0, 0] = 1.0
    damp[:, 0, 1, 1] = np.sqrt(1.0 - gamma)
    damp[:, 1, 0, 1] = np.sqrt(gamma)
    phase = np.stack(
        [np.sqrt(1.0 - p_z)[:, None, None] * PAULIS[0], np.sqrt(p_z)[:, None, None] * PAULIS[2]],
        axis=1,
    )
    out = np.einsum("npij,nkjl->npkil", phase, damp)
    return out.reshape(n, 4, 2, 2)


def bell_diagonal_matrices(coefficients: ArrayLike) -> NDArray[np.complex128]:
    """``(n, 4, 4)`` density matrices of Bell-diagonal states from ``(n, 4)`` coefficients
    (Phi+, Psi+, Phi-, Psi-; the order of
    :class:`~qnetsim.quantum.states.BellDiagonalState`)."""
    c = np.asarray(coefficients, dtype=np.float64)
    if c.ndim != 2 or c.shape[1] != 4:
        raise InvalidParameterError("coefficients.shape", c.shape, "(batch, 4)")
    return np.einsum("nk,kij->nij", c.astype(np.complex128), _BELL_PROJECTORS)


def bell_fidelity(rho: ArrayLike, target: int = 0) -> NDArray[np.float64]:
    """``<B|rho|B>`` for each draw, ``B`` the Bell state ``target`` (0: Phi+)."""
    r, q = _batch(rho)
    if q != 2:
        raise InvalidParameterError("rho.shape", r.shape, "(batch, 4, 4)")
    v = BELL_STATES[target]
    return np.asarray(np.einsum("i,nij,j->n", v.conj(), r, v).real, dtype=np.float64)
