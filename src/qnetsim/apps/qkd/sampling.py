"""Vectorised sampling of correlated measurement outcomes on delivered two-qubit states.

Round ``k`` measures pair ``k`` with Alice along the unit Bloch vector ``a_k`` (on
``state.qubits[0]``) and Bob along ``b_k``. The joint outcome distribution is taken from the
state itself (see :mod:`qnetsim.apps._state_input`):

    P(x, y) = [1 + s_x m_A.a + s_y m_B.b + s_x s_y a.T b] / 4,   s_0 = +1, s_1 = -1,

which is ``Tr[rho (P_x(a) (x) P_y(b))]`` with ``P_x(n) = (I + s_x n.sigma)/2``. For Bell-diagonal
pairs (``m_A = m_B = 0``, diagonal ``T``) Alice's bit is uniform and Bob's differs from it with
probability ``(1 - a.T b)/2``: the fast path, a few array operations per million pairs. Each
reported bit is then flipped independently with probability ``readout_error`` (detector or
readout error).

References:
    U. Fano, Rev. Mod. Phys. 29, 74 (1957). DOI: 10.1103/RevModPhys.29.74
    J. S. Bell, Physics 1, 195 (1964) (correlations of spin measurements on pairs).
    DOI: 10.1103/PhysicsPhysiqueFizika.1.195
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import RngLike, as_rng, check_probability
from qnetsim.apps._state_input import BlochForm
from qnetsim.errors import InvalidParameterError

__all__ = ["joint_probabilities", "sample_outcomes"]

IntArray = NDArray[np.int8]


def _check_settings(form: BlochForm, a: NDArray[np.float64], b: NDArray[np.float64]) -> None:
    n = form.size
    for name, arr in (("a", a), ("b", b)):
        if arr.shape != (n, 3):
            raise InvalidParameterError(f"{name}.shape", arr.shape, f"({n}, 3): one per pair")


def joint_probabilities(
    form: BlochForm, a: NDArray[np.float64], b: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Outcome probabilities ``(P00, P01, P10, P11)`` per pair, shape (N, 4).

    Examples:
        >>> import numpy as np
        >>> from qnetsim.apps._state_input import bloch_form
        >>> form = bloch_form([[1.0, 0.0, 0.0, 0.0]])           # Phi+
        >>> z = np.array([[0.0, 0.0, 1.0]])
        >>> joint_probabilities(form, z, z).round(12).tolist()   # Z-Z: perfectly correlated
        [[0.5, 0.0, 0.0, 0.5]]
    """
    _check_settings(form, a, b)
    corr = form.correlation(a, b)
    ma = np.zeros(form.size) if form.m_a is None else np.einsum("ni,ni->n", form.m_a, a)
    mb = np.zeros(form.size) if form.m_b is None else np.einsum("ni,ni->n", form.m_b, b)
    probs = np.stack(
        [1 + ma + mb + corr, 1 + ma - mb - corr, 1 - ma + mb - corr, 1 - ma - mb + corr],
        axis=-1,
    )
    return np.clip(probs / 4.0, 0.0, 1.0)


def sample_outcomes(
    form: BlochForm,
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    rng: RngLike,
    readout_error: float = 0.0,
) -> tuple[IntArray, IntArray]:
    """Sample Alice's and Bob's reported bits (0 = +1 eigenvalue) for every pair.

    Args:
        form: the pairs in Bloch form (:func:`qnetsim.apps._state_input.bloch_form`).
        a: Alice's unit measurement vectors, shape (N, 3).
        b: Bob's unit measurement vectors, shape (N, 3).
        rng: a Generator or an int seed (the only source of randomness).
        readout_error: probability in [0, 1] that each reported bit is flipped.

    Returns:
        ``(x, y)``, two int8 arrays of length N.

    Examples:
        >>> import numpy as np
        >>> from qnetsim.apps._state_input import bloch_form
        >>> form = bloch_form(np.tile([1.0, 0.0, 0.0, 0.0], (5, 1)))
        >>> z = np.tile([0.0, 0.0, 1.0], (5, 1))
        >>> x, y = sample_outcomes(form, z, z, np.random.default_rng(1))
        >>> bool(np.all(x == y))
        True
    """
    rng = as_rng(rng)
    e = check_probability("readout_error", readout_error)
    _check_settings(form, a, b)
    n = form.size
    if form.m_a is None and form.m_b is None:
        p_diff = np.clip((1.0 - form.correlation(a, b)) / 2.0, 0.0, 1.0)
        u = rng.random((2, n))
        x = (u[0] < 0.5).astype(np.int8)
        y = x ^ (u[1] < p_diff).astype(np.int8)
    else:
        cum = np.cumsum(joint_probabilities(form, a, b), axis=-1)
        u = rng.random(n) * cum[:, -1]
        k = (u[:, None] >= cum[:, :3]).sum(axis=-1).astype(np.int8)
        x, y = (k >> 1).astype(np.int8), (k & 1).astype(np.int8)
    if e > 0.0:
        flips = rng.random((2, n)) < e
        x = x ^ flips[0].astype(np.int8)
        y = y ^ flips[1].astype(np.int8)
    return x, y
