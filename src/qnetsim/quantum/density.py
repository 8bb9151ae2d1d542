"""Density-matrix operations on n qubits (plain NumPy arrays; the representation lives in
:mod:`qnetsim.quantum.states`).

A density matrix of ``n`` qubits is a ``(2**n, 2**n)`` complex array, qubit 0 the most
significant bit. Operators act on chosen qubits by tensor contraction, never by building a
``2**n``-sized Kronecker product, so a k-qubit gate costs ``O(4**n 2**k)``.

Examples:
    >>> import numpy as np
    >>> from qnetsim.quantum.operators import CNOT, H
    >>> rho = np.zeros((4, 4), complex); rho[0, 0] = 1           # |00><00|
    >>> rho = apply_unitary(rho, H, [0])
    >>> rho = apply_unitary(rho, CNOT, [0, 1])                   # -> Phi+
    >>> np.round(rho.real, 3).tolist()[0]
    [0.5, 0.0, 0.0, 0.5]
    >>> np.round(partial_trace(rho, [1]).real, 3).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
"""

from __future__ import annotations

from collections.abc import Sequence
from string import ascii_letters

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim.errors import InvalidParameterError

__all__ = [
    "apply_kraus",
    "apply_unitary",
    "conditional_state",
    "fidelity",
    "is_density_matrix",
    "num_qubits_of",
    "partial_trace",
    "permute_qubits",
    "purity",
    "trace_distance",
]

Matrix = NDArray[np.complex128]


def num_qubits_of(rho: NDArray[np.complexfloating] | NDArray[np.floating]) -> int:
    """Number of qubits of a square ``2**n`` matrix."""
    dim = rho.shape[0]
    n = dim.bit_length() - 1
    if rho.ndim != 2 or rho.shape[1] != dim or dim != 1 << n:
        raise InvalidParameterError("rho.shape", rho.shape, "(2**n, 2**n)")
    return n


def _check_targets(targets: Sequence[int], n: int) -> list[int]:
    axes = [int(t) for t in targets]
    if len(set(axes)) != len(axes) or any(not 0 <= t < n for t in axes):
        raise InvalidParameterError("targets", list(targets), f"distinct qubit indices in [0, {n})")
    return axes


def _act_left(tensor: Matrix, op: Matrix, axes: list[int]) -> Matrix:
    """Contract the k-qubit operator ``op`` into tensor ``axes`` (its input indices)."""
    k = len(axes)
    op_t = op.reshape((2,) * (2 * k))
    out = np.tensordot(op_t, tensor, axes=(list(range(k, 2 * k)), axes))
    return np.moveaxis(out, list(range(k)), axes)


def apply_unitary(rho: Matrix, unitary: ArrayLike, targets: Sequence[int]) -> Matrix:
    """``U rho U^dagger`` with ``U`` acting on qubits ``targets`` (in that order)."""
    n = num_qubits_of(rho)
    axes = _check_targets(targets, n)
    u = np.asarray(unitary, dtype=np.complex128)
    if u.shape != (1 << len(axes), 1 << len(axes)):
        raise InvalidParameterError("unitary.shape", u.shape, f"({1 << len(axes)},) * 2")
    t = rho.reshape((2,) * (2 * n))
    t = _act_left(t, u, axes)
    t = _act_left(t, u.conj(), [a + n for a in axes])
    return t.reshape(rho.shape)


def apply_kraus(rho: Matrix, kraus: Sequence[ArrayLike], targets: Sequence[int]) -> Matrix:
    """``sum_k K_k rho K_k^dagger`` with Kraus operators acting on ``targets``.

    One :func:`numpy.einsum` over the stacked operators; for up to 4 qubits it runs unoptimised
    (a few microseconds, where planning the contraction would cost more than doing it)."""
    n = num_qubits_of(rho)
    axes = _check_targets(targets, n)
    k = len(axes)
    mats = [np.asarray(op, dtype=np.complex128) for op in kraus]
    want = (1 << k, 1 << k)
    if not mats or any(m.shape != want for m in mats):
        shapes = [m.shape for m in mats] or "no operators"
        raise InvalidParameterError("kraus", shapes, f"one or more operators of shape {want}")
    ops = np.stack(mats)
    letters = iter(ascii_letters)
    rows = [next(letters) for _ in range(n)]
    cols = [next(letters) for _ in range(n)]
    new_rows, new_cols = list(rows), list(cols)
    for a in axes:
        new_rows[a] = next(letters)
        new_cols[a] = next(letters)
    m = next(letters)
    op_shape = (ops.shape[0],) + (2,) * (2 * k)
    t_ops = ops.reshape(op_shape)
    left = m + "".join(new_rows[a] for a in axes) + "".join(rows[a] for a in axes)
    right = m + "".join(new_cols[a] for a in axes) + "".join(cols[a] for a in axes)
    spec = f"{left},{''.join(rows + cols)},{right}->{''.join(new_rows + new_cols)}"
    out = np.einsum(
        spec,
        t_ops,
        rho.reshape((2,) * (2 * n)),
        t_ops.conj(),
        optimize=False if n <= 4 else "greedy",
    )
    return np.ascontiguousarray(out.reshape(rho.shape))


def partial_trace(rho: Matrix, keep: Sequence[int]) -> Matrix:
    """Reduced density matrix of the qubits ``keep`` (in the order given)."""
    n = num_qubits_of(rho)
    kept = _check_targets(keep, n)
    if n > len(ascii_letters) // 2:
        raise InvalidParameterError("number of qubits", n, f"at most {len(ascii_letters) // 2}")
    rows = list(ascii_letters[:n])
    cols = list(ascii_letters[n : 2 * n])
    for q in range(n):
        if q not in kept:
            cols[q] = rows[q]
    out_idx = "".join(rows[q] for q in kept) + "".join(cols[q] for q in kept)
    t = np.einsum("".join(rows) + "".join(cols) + "->" + out_idx, rho.reshape((2,) * (2 * n)))
    dim = 1 << len(kept)
    return np.ascontiguousarray(t.reshape(dim, dim))


def permute_qubits(rho: Matrix, order: Sequence[int]) -> Matrix:
    """Reorder qubits: qubit ``order[i]`` of the input becomes qubit ``i`` of the output."""
    n = num_qubits_of(rho)
    perm = _check_targets(order, n)
    if len(perm) != n:
        raise InvalidParameterError("order", list(order), f"a permutation of range({n})")
    t = rho.reshape((2,) * (2 * n)).transpose(perm + [p + n for p in perm])
    return np.ascontiguousarray(t.reshape(rho.shape))


def is_density_matrix(rho: ArrayLike, atol: float = 1e-8) -> bool:
    """True if ``rho`` is Hermitian, has unit trace and no eigenvalue below ``-atol``."""
    arr = np.asarray(rho, dtype=np.complex128)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        return False
    if not np.allclose(arr, arr.conj().T, atol=atol):
        return False
    if abs(np.trace(arr) - 1.0) > atol:
        return False
    return bool(np.linalg.eigvalsh(arr).min() >= -atol)


def purity(rho: Matrix) -> float:
    """``Tr rho^2``."""
    return float(np.real(np.einsum("ij,ji->", rho, rho)))


def fidelity(rho: Matrix, target: ArrayLike) -> float:
    """Fidelity of ``rho`` to ``target``: a state vector (``<psi|rho|psi>``) or a density matrix
    (Uhlmann, ``(Tr sqrt(sqrt(rho) sigma sqrt(rho)))**2``). Clipped to [0, 1] against rounding.
    """
    tgt = np.asarray(target, dtype=np.complex128)
    if tgt.ndim == 1:
        if tgt.shape[0] != rho.shape[0]:
            raise InvalidParameterError("target.shape", tgt.shape, f"({rho.shape[0]},)")
        value = float(np.real(tgt.conj() @ rho @ tgt)) / float(np.real(tgt.conj() @ tgt))
    else:
        if tgt.shape != rho.shape:
            raise InvalidParameterError("target.shape", tgt.shape, f"{rho.shape}")
        evals, evecs = np.linalg.eigh(rho)
        sqrt_rho = (evecs * np.sqrt(np.clip(evals, 0.0, None))) @ evecs.conj().T
        inner = np.linalg.eigvalsh(sqrt_rho @ tgt @ sqrt_rho)
        value = float(np.sum(np.sqrt(np.clip(inner, 0.0, None)))) ** 2
    return min(1.0, max(0.0, value))


def trace_distance(rho: Matrix, sigma: Matrix) -> float:
    """``(1/2) ||rho - sigma||_1``."""
    return 0.5 * float(np.abs(np.linalg.eigvalsh(rho - sigma)).sum())


def conditional_state(rho: Matrix, qubit: int, projector: ArrayLike) -> Matrix:
    """Unnormalised state of the other qubits after outcome ``projector`` on ``qubit``:
    ``Tr_q[(P (x) I) rho]``; its trace is the outcome's probability."""
    n = num_qubits_of(rho)
    (q,) = _check_targets([qubit], n)
    p = np.asarray(projector, dtype=np.complex128)
    t = rho.reshape((2,) * (2 * n))
    out = np.tensordot(p, t, axes=([1, 0], [q, q + n]))
    dim = 1 << (n - 1)
    return np.ascontiguousarray(out.reshape(dim, dim))
