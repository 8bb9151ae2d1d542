"""Constant operators: Pauli matrices, Bell states, common gates and measurement bases.

Conventions (``../shared/reference/physics.md``, notation): the Bell-diagonal coefficients are
ordered ``(l_I, l_X, l_Z, l_Y)``, the weight of the Pauli ``P`` applied to qubit 2 of
``|Phi+>``, so ``I -> Phi+``, ``X -> Psi+``, ``Z -> Phi-``, ``Y -> Psi-``. With this order the
index of a Pauli is ``x + 2 z`` (its X and Z bits), and the product of two Paulis (up to a
phase) has index ``i ^ j``: the Klein four-group that makes swapping a convolution.

Qubit order in matrices is big-endian: the first qubit is the most significant bit.

Examples:
    >>> import numpy as np
    >>> bool(np.allclose(PAULIS[PAULI_INDEX["Y"]], 1j * X @ Z))
    True
    >>> BELL_STATE_NAMES
    ('Phi+', 'Psi+', 'Phi-', 'Psi-')
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_finite
from qnetsim.errors import InvalidParameterError

__all__ = [
    "BELL_STATES",
    "BELL_STATE_NAMES",
    "CNOT",
    "CZ",
    "I2",
    "PAULIS",
    "PAULI_INDEX",
    "S_GATE",
    "T_GATE",
    "H",
    "X",
    "Y",
    "Z",
    "basis_projectors",
    "bell_state",
    "bloch_vector",
    "rotation",
]

Matrix = NDArray[np.complex128]

I2: Matrix = np.eye(2, dtype=np.complex128)
X: Matrix = np.array([[0, 1], [1, 0]], dtype=np.complex128)
Y: Matrix = np.array([[0, -1j], [1j, 0]], dtype=np.complex128)
Z: Matrix = np.array([[1, 0], [0, -1]], dtype=np.complex128)
H: Matrix = np.array([[1, 1], [1, -1]], dtype=np.complex128) / math.sqrt(2)
S_GATE: Matrix = np.array([[1, 0], [0, 1j]], dtype=np.complex128)
T_GATE: Matrix = np.array([[1, 0], [0, np.exp(1j * math.pi / 4)]], dtype=np.complex128)
CNOT: Matrix = np.array(
    [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=np.complex128
)
CZ: Matrix = np.diag([1, 1, 1, -1]).astype(np.complex128)

#: Paulis in Bell-diagonal order (I, X, Z, Y); index = x + 2 z.
PAULIS: tuple[Matrix, Matrix, Matrix, Matrix] = (I2, X, Z, Y)
PAULI_INDEX: dict[str, int] = {"I": 0, "X": 1, "Z": 2, "Y": 3}
BELL_STATE_NAMES: tuple[str, str, str, str] = ("Phi+", "Psi+", "Phi-", "Psi-")

_PHI_PLUS = np.array([1, 0, 0, 1], dtype=np.complex128) / math.sqrt(2)
#: Bell states as vectors, in Bell-diagonal order: (I (x) P)|Phi+> for P in (I, X, Z, Y).
#: Psi- is ``(|01> - |10>)/sqrt(2)`` up to a global phase.
BELL_STATES: tuple[NDArray[np.complex128], ...] = tuple(np.kron(I2, p) @ _PHI_PLUS for p in PAULIS)


def bell_state(name: str) -> NDArray[np.complex128]:
    """The Bell state vector called ``name`` (one of ``Phi+``, ``Psi+``, ``Phi-``, ``Psi-``)."""
    try:
        return BELL_STATES[BELL_STATE_NAMES.index(name)].copy()
    except ValueError:
        raise InvalidParameterError("name", name, ", ".join(BELL_STATE_NAMES)) from None


def bloch_vector(basis: str | ArrayLike) -> NDArray[np.float64]:
    """The unit Bloch vector of a measurement basis.

    Args:
        basis: ``"X"``, ``"Y"``, ``"Z"`` or a real 3-vector (normalised here; must be non-zero).
    """
    if isinstance(basis, str):
        table = {"X": (1.0, 0.0, 0.0), "Y": (0.0, 1.0, 0.0), "Z": (0.0, 0.0, 1.0)}
        if basis.upper() not in table:
            raise InvalidParameterError("basis", basis, "'X', 'Y', 'Z' or a 3-vector")
        return np.array(table[basis.upper()])
    vec = np.asarray(basis, dtype=np.float64)
    if vec.shape != (3,) or not np.all(np.isfinite(vec)):
        raise InvalidParameterError("basis", basis, "'X', 'Y', 'Z' or a finite 3-vector")
    norm = float(np.linalg.norm(vec))
    if norm == 0.0:
        raise InvalidParameterError("basis", basis, "a non-zero 3-vector")
    return vec / norm


def basis_projectors(basis: str | ArrayLike) -> tuple[Matrix, Matrix]:
    """Projectors ``(P0, P1) = ((I + n.sigma)/2, (I - n.sigma)/2)`` for Bloch vector n.

    Outcome 0 is the +1 eigenvalue of ``n.sigma`` (``|0>`` for Z, ``|+>`` for X).

    Examples:
        >>> p0, p1 = basis_projectors("Z")
        >>> p0.real.tolist()
        [[1.0, 0.0], [0.0, 0.0]]
    """
    n = bloch_vector(basis)
    n_sigma = n[0] * X + n[1] * Y + n[2] * Z
    return (I2 + n_sigma) / 2, (I2 - n_sigma) / 2


def rotation(axis: str | ArrayLike, angle_rad: float) -> Matrix:
    """Single-qubit rotation ``exp(-i angle n.sigma / 2)`` about a Bloch axis."""
    n = bloch_vector(axis)
    theta = check_finite("angle_rad", angle_rad)
    n_sigma = n[0] * X + n[1] * Y + n[2] * Z
    return math.cos(theta / 2) * I2 - 1j * math.sin(theta / 2) * n_sigma
