"""Quantum states behind one interface: Bell-diagonal pairs and n-qubit density matrices.

A state knows which memory qubits it spans (``qubits``, any hashable ids such as
``("alice", 0)``). States are immutable values: every operation returns a new state. The
two formalisms (after QuTiP 5's separation of representation and operations):

* :class:`BellDiagonalState`: two qubits, four coefficients; Pauli channels and swapping are
  exact and cheap (:mod:`qnetsim.quantum.bell_diagonal` holds the vectorised kernels).
* :class:`DensityMatrixState`: any small number of qubits; every operation exact.

An operation a Bell-diagonal state cannot represent (a general unitary, amplitude damping, a
single-qubit measurement) converts it to a density matrix first, exactly. The way back,
:meth:`DensityMatrixState.to_bell_diagonal`, is exact only for Bell-diagonal matrices; with
``twirl=True`` it projects by twirling and the result is flagged ``twirled=True``.

Examples:
    >>> s = BellDiagonalState.werner(("a", "b"), 0.9)
    >>> s.fidelity("Phi+")
    0.9
    >>> from qnetsim.quantum.channels import amplitude_damping
    >>> t = s.apply_channel(amplitude_damping(0.1), "b")   # exact, so now a density matrix
    >>> type(t).__name__, round(t.fidelity("Phi+"), 4)
    ('DensityMatrixState', 0.8561)
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import RngLike, as_rng
from qnetsim.errors import InvalidParameterError, UnknownQubitError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum import density as dm
from qnetsim.quantum.channels import Channel, PauliChannel
from qnetsim.quantum.operators import (
    BELL_STATE_NAMES,
    BELL_STATES,
    basis_projectors,
)

__all__ = [
    "BellDiagonalState",
    "DensityMatrixState",
    "QuantumState",
    "QubitId",
    "Target",
]

QubitId = Hashable
Matrix = NDArray[np.complex128]
#: A fidelity target: a Bell-state name (two-qubit states), a state vector, a density
#: matrix, or another state on the same qubits.
Target = Union[str, ArrayLike, "QuantumState"]

#: Tolerance for accepting a matrix as a density matrix, and for calling one Bell-diagonal.
STATE_ATOL = 1e-8
#: Largest density matrix a state may hold (4**12 complex entries = 268 MB).
MAX_DENSITY_QUBITS = 12


def _qubit_tuple(qubits: Sequence[QubitId] | QubitId) -> tuple[QubitId, ...]:
    if isinstance(qubits, (list, tuple)):
        return tuple(qubits)
    return (qubits,)


class QuantumState(ABC):
    """The interface common to every formalism."""

    qubits: tuple[QubitId, ...]

    @property
    def num_qubits(self) -> int:
        return len(self.qubits)

    def index(self, qubit: QubitId) -> int:
        """Position of ``qubit`` in this state; :class:`UnknownQubitError` if absent."""
        try:
            return self.qubits.index(qubit)
        except ValueError:
            raise UnknownQubitError(
                f"qubit {qubit!r} is not in this state; its qubits are {self.qubits!r}"
            ) from None

    @abstractmethod
    def density_matrix(self) -> Matrix:
        """The state as a ``2**n`` density matrix, qubits in the order of ``qubits``."""

    def to_density_matrix(self) -> DensityMatrixState:
        """The same state in the density-matrix formalism (always exact)."""
        return DensityMatrixState._trusted(self.qubits, self.density_matrix())

    @abstractmethod
    def apply_channel(self, channel: Channel, qubits: Sequence[QubitId] | QubitId) -> QuantumState:
        """Apply ``channel`` to ``qubits`` (one id, or a sequence for multi-qubit channels)."""

    def apply_unitary(
        self, unitary: ArrayLike, qubits: Sequence[QubitId] | QubitId
    ) -> QuantumState:
        """Apply a unitary to ``qubits`` (in that order)."""
        return self.to_density_matrix().apply_unitary(unitary, qubits)

    def fidelity(self, target: Target) -> float:
        """Fidelity to a Bell-state name, a state vector, a density matrix or another state."""
        return self.to_density_matrix().fidelity(target)

    def measure(
        self,
        qubit: QubitId,
        basis: str | ArrayLike,
        rng: RngLike,
        readout_error: float = 0.0,
    ) -> tuple[int, DensityMatrixState | None]:
        """Measure ``qubit`` in ``basis`` (``"X"``, ``"Y"``, ``"Z"`` or a Bloch vector).

        Returns the reported outcome (0 for the +1 eigenvalue; flipped with probability
        ``readout_error``) and the post-measurement state of the other qubits (``None`` if
        none remain). The outcome is sampled from ``rng``.
        """
        rng = as_rng(rng)
        return self.to_density_matrix().measure(qubit, basis, rng, readout_error)

    def outcome_probabilities(self, qubit: QubitId, basis: str | ArrayLike) -> NDArray[np.float64]:
        """Probabilities of outcomes 0 and 1 when measuring ``qubit`` in ``basis``."""
        return self.to_density_matrix().outcome_probabilities(qubit, basis)

    def partial_trace(self, keep: Sequence[QubitId]) -> QuantumState:
        """The reduced state of ``keep`` (in that order)."""
        return self.to_density_matrix().partial_trace(keep)


@dataclass(frozen=True, eq=False)
class BellDiagonalState(QuantumState):
    """A two-qubit Bell-diagonal state.

    Args:
        qubits: the two qubit ids.
        coefficients: weights of ``(Phi+, Psi+, Phi-, Psi-)``, non-negative, summing to one.
        twirled: True if the state came from twirling a non-Bell-diagonal density matrix
            (an approximation that keeps every Bell-state fidelity).
    """

    qubits: tuple[QubitId, ...]
    coefficients: NDArray[np.float64]
    twirled: bool = False

    def __post_init__(self) -> None:
        qubits = tuple(self.qubits)
        if len(qubits) != 2 or qubits[0] == qubits[1]:
            raise InvalidParameterError("qubits", self.qubits, "two distinct qubit ids")
        coeffs = bd.as_coefficients(self.coefficients)
        if coeffs.shape != (4,):
            raise InvalidParameterError("coefficients.shape", coeffs.shape, "(4,)")
        coeffs = coeffs / coeffs.sum()
        coeffs.setflags(write=False)
        object.__setattr__(self, "qubits", qubits)
        object.__setattr__(self, "coefficients", coeffs)

    @classmethod
    def werner(cls, qubits: Sequence[QubitId], fidelity: float) -> BellDiagonalState:
        """The Werner state of fidelity ``fidelity`` to ``Phi+``."""
        return cls(tuple(qubits), bd.werner(fidelity))

    @classmethod
    def bell(cls, qubits: Sequence[QubitId], name: str = "Phi+") -> BellDiagonalState:
        """A pure Bell state."""
        if name not in BELL_STATE_NAMES:
            raise InvalidParameterError("name", name, ", ".join(BELL_STATE_NAMES))
        coeffs = np.zeros(4)
        coeffs[BELL_STATE_NAMES.index(name)] = 1.0
        return cls(tuple(qubits), coeffs)

    def __repr__(self) -> str:
        c = ", ".join(f"{x:.6g}" for x in self.coefficients)
        flag = ", twirled=True" if self.twirled else ""
        return f"BellDiagonalState(qubits={self.qubits!r}, coefficients=[{c}]{flag})"

    def density_matrix(self) -> Matrix:
        vecs = np.stack(BELL_STATES)  # (4, 4): row k = Bell state k
        return (vecs.T * self.coefficients) @ vecs.conj()

    def with_coefficients(self, coefficients: ArrayLike) -> BellDiagonalState:
        return BellDiagonalState(self.qubits, np.asarray(coefficients), self.twirled)

    def relabel(self, qubits: Sequence[QubitId]) -> BellDiagonalState:
        """The same state on other qubit ids."""
        return BellDiagonalState(tuple(qubits), self.coefficients, self.twirled)

    def apply_channel(self, channel: Channel, qubits: Sequence[QubitId] | QubitId) -> QuantumState:
        targets = _qubit_tuple(qubits)
        for q in targets:
            self.index(q)
        if isinstance(channel, PauliChannel) and len(targets) == 1:
            return self.with_coefficients(channel.apply_to_bell_diagonal(self.coefficients))
        return self.to_density_matrix().apply_channel(channel, targets)

    def fidelity(self, target: Target) -> float:
        if isinstance(target, str):
            if target not in BELL_STATE_NAMES:
                raise InvalidParameterError("target", target, ", ".join(BELL_STATE_NAMES))
            return float(self.coefficients[BELL_STATE_NAMES.index(target)])
        return super().fidelity(target)


@dataclass(frozen=True, eq=False)
class DensityMatrixState(QuantumState):
    """An n-qubit state as a density matrix (qubit ``qubits[0]`` the most significant bit).

    Args:
        qubits: distinct qubit ids, ``len(qubits) = n``.
        matrix: ``2**n x 2**n`` Hermitian, unit-trace, positive semidefinite (within 1e-8).
    """

    qubits: tuple[QubitId, ...]
    matrix: Matrix = field(repr=False)

    def __post_init__(self) -> None:
        qubits = tuple(self.qubits)
        if len(set(qubits)) != len(qubits) or not qubits:
            raise InvalidParameterError("qubits", self.qubits, "one or more distinct qubit ids")
        if len(qubits) > MAX_DENSITY_QUBITS:
            raise InvalidParameterError(
                "number of qubits", len(qubits), f"[1, {MAX_DENSITY_QUBITS}] for density matrices"
            )
        mat = np.array(self.matrix, dtype=np.complex128)
        dim = 1 << len(qubits)
        if mat.shape != (dim, dim):
            raise InvalidParameterError("matrix.shape", mat.shape, f"({dim}, {dim})")
        if not np.all(np.isfinite(mat)):
            raise InvalidParameterError("matrix", "non-finite entries", "finite numbers")
        trace = complex(np.trace(mat))
        if abs(trace - 1.0) > STATE_ATOL:
            raise InvalidParameterError("trace of matrix", trace, "1 (a normalised state)")
        adjoint = mat.conj().T
        # np.allclose(mat, adjoint, atol=STATE_ATOL) without its overhead (default rtol 1e-5)
        if not (np.abs(mat - adjoint) <= STATE_ATOL + 1e-5 * np.abs(adjoint)).all():
            raise InvalidParameterError("matrix", "not Hermitian", "a Hermitian matrix")
        mat = (mat + adjoint) / 2
        min_eig = float(np.linalg.eigvalsh(mat).min())
        if min_eig < -STATE_ATOL:
            raise InvalidParameterError(
                "smallest eigenvalue of matrix", min_eig, ">= 0 (positive semidefinite)"
            )
        mat.setflags(write=False)
        object.__setattr__(self, "qubits", qubits)
        object.__setattr__(self, "matrix", mat)

    @classmethod
    def from_vector(cls, qubits: Sequence[QubitId], vector: ArrayLike) -> DensityMatrixState:
        """The pure state ``|psi><psi|`` (``vector`` is normalised here; must be non-zero)."""
        vec = np.asarray(vector, dtype=np.complex128).ravel()
        norm = float(np.linalg.norm(vec))
        if norm == 0.0 or not math.isfinite(norm):
            raise InvalidParameterError("vector", vector, "a non-zero finite vector")
        vec = vec / norm
        return cls(tuple(qubits), np.outer(vec, vec.conj()))

    @classmethod
    def _trusted(cls, qubits: tuple[QubitId, ...], matrix: Matrix) -> DensityMatrixState:
        """Build from the output of an exact operation on valid states, skipping the
        (eigenvalue) validation of ``__init__``; only rounding is renormalised away."""
        mat = (matrix + matrix.conj().T) / 2
        mat = mat / np.trace(mat).real
        mat.setflags(write=False)
        state = object.__new__(cls)
        object.__setattr__(state, "qubits", tuple(qubits))
        object.__setattr__(state, "matrix", mat)
        return state

    def density_matrix(self) -> Matrix:
        return self.matrix

    def to_density_matrix(self) -> DensityMatrixState:
        return self

    def _indices(self, qubits: Sequence[QubitId] | QubitId) -> list[int]:
        targets = _qubit_tuple(qubits)
        if len(set(targets)) != len(targets):
            raise InvalidParameterError("qubits", targets, "distinct qubit ids")
        return [self.index(q) for q in targets]

    def apply_channel(
        self, channel: Channel, qubits: Sequence[QubitId] | QubitId
    ) -> DensityMatrixState:
        idx = self._indices(qubits)
        if channel.num_qubits != len(idx):
            raise InvalidParameterError(
                "qubits", _qubit_tuple(qubits), f"{channel.num_qubits} qubit(s) for this channel"
            )
        return self._trusted(
            self.qubits, dm.apply_kraus(self.matrix, channel.kraus_operators(), idx)
        )

    def apply_unitary(
        self, unitary: ArrayLike, qubits: Sequence[QubitId] | QubitId
    ) -> DensityMatrixState:
        u = np.asarray(unitary, dtype=np.complex128)
        dim = u.shape[0] if u.ndim == 2 else 0
        if (
            u.ndim != 2
            or u.shape[1] != dim
            or not np.allclose(u.conj().T @ u, np.eye(dim), atol=1e-9)
        ):
            raise InvalidParameterError("unitary", "a non-unitary matrix", "a unitary matrix")
        return self._trusted(self.qubits, dm.apply_unitary(self.matrix, u, self._indices(qubits)))

    def fidelity(self, target: Target) -> float:
        if isinstance(target, str):
            if self.num_qubits != 2 or target not in BELL_STATE_NAMES:
                raise InvalidParameterError(
                    "target", target, "a Bell-state name (for two-qubit states), vector or matrix"
                )
            return dm.fidelity(self.matrix, BELL_STATES[BELL_STATE_NAMES.index(target)])
        if isinstance(target, QuantumState):
            if set(target.qubits) != set(self.qubits):
                raise InvalidParameterError(
                    "target.qubits", target.qubits, f"the same qubits as {self.qubits!r}"
                )
            order = [target.index(q) for q in self.qubits]
            other = dm.permute_qubits(target.density_matrix(), order)
            return dm.fidelity(self.matrix, other)
        return dm.fidelity(self.matrix, np.asarray(target))

    def outcome_probabilities(self, qubit: QubitId, basis: str | ArrayLike) -> NDArray[np.float64]:
        reduced = dm.partial_trace(self.matrix, [self.index(qubit)])
        p0, _ = basis_projectors(basis)
        prob0 = min(1.0, max(0.0, float(np.real(np.trace(p0 @ reduced)))))
        return np.array([prob0, 1.0 - prob0])

    def measure(
        self,
        qubit: QubitId,
        basis: str | ArrayLike,
        rng: RngLike,
        readout_error: float = 0.0,
    ) -> tuple[int, DensityMatrixState | None]:
        rng = as_rng(rng)
        from qnetsim._validate import check_probability

        e = check_probability("readout_error", readout_error)
        idx = self.index(qubit)
        probs = self.outcome_probabilities(qubit, basis)
        outcome = int(rng.random() >= probs[0])
        reported = outcome ^ int(e > 0 and rng.random() < e)
        if self.num_qubits == 1:
            return reported, None
        projector = basis_projectors(basis)[outcome]
        rest = dm.conditional_state(self.matrix, idx, projector)
        qubits = self.qubits[:idx] + self.qubits[idx + 1 :]
        return reported, self._trusted(qubits, rest)

    def partial_trace(self, keep: Sequence[QubitId]) -> DensityMatrixState:
        idx = self._indices(keep)
        return self._trusted(tuple(keep), dm.partial_trace(self.matrix, idx))

    def tensor(self, other: QuantumState) -> DensityMatrixState:
        """The product state on ``self.qubits + other.qubits``."""
        overlap = set(self.qubits) & set(other.qubits)
        if overlap:
            raise InvalidParameterError(
                "other.qubits", sorted(map(repr, overlap)), "disjoint qubits"
            )
        total = self.num_qubits + other.num_qubits
        if total > MAX_DENSITY_QUBITS:
            raise InvalidParameterError(
                "number of qubits", total, f"[1, {MAX_DENSITY_QUBITS}] for density matrices"
            )
        product = np.kron(self.matrix, other.density_matrix()).astype(np.complex128)
        return DensityMatrixState._trusted(self.qubits + other.qubits, product)

    def reorder(self, qubits: Sequence[QubitId]) -> DensityMatrixState:
        """The same state with its qubits listed in the order ``qubits``."""
        if set(qubits) != set(self.qubits) or len(qubits) != len(self.qubits):
            raise InvalidParameterError(
                "qubits", tuple(qubits), f"a permutation of {self.qubits!r}"
            )
        order = [self.index(q) for q in qubits]
        return DensityMatrixState._trusted(tuple(qubits), dm.permute_qubits(self.matrix, order))

    def bell_diagonal_part(self) -> NDArray[np.float64]:
        """Diagonal of a two-qubit state in the Bell basis, ``<B_k|rho|B_k>``."""
        if self.num_qubits != 2:
            raise InvalidParameterError("number of qubits", self.num_qubits, "2")
        vecs = np.stack(BELL_STATES)
        diag = np.real(np.einsum("ki,ij,kj->k", vecs.conj(), self.matrix, vecs))
        diag = np.clip(diag, 0.0, None)
        return diag / diag.sum()

    def to_bell_diagonal(self, twirl: bool = False) -> BellDiagonalState:
        """Convert a two-qubit state to the Bell-diagonal formalism.

        Exact if the matrix is Bell-diagonal (within 1e-8); otherwise raises, unless
        ``twirl=True``, which keeps the Bell-basis diagonal (the effect of a random bilateral
        Pauli twirl; every Bell-state fidelity is preserved) and flags the result ``twirled``.
        """
        coeffs = self.bell_diagonal_part()
        exact = BellDiagonalState(self.qubits, coeffs)
        off = float(np.abs(exact.density_matrix() - self.matrix).max())
        if off <= STATE_ATOL:
            return exact
        if not twirl:
            raise InvalidParameterError(
                "state",
                f"off-Bell-diagonal element of size {off:.3g}",
                "a Bell-diagonal matrix (pass twirl=True to project by twirling)",
            )
        return BellDiagonalState(self.qubits, coeffs, twirled=True)
