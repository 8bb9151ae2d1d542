"""CHSH Bell test on delivered pairs: random settings, sampled outcomes, S with its error.

Every round picks Alice's setting ``x`` and Bob's ``y`` uniformly from {0, 1}, measures the pair
along ``a_x`` and ``b_y`` (outcomes sampled from the state, :mod:`qnetsim.apps.qkd.sampling`),
and the counts of the four setting pairs give ``S = E00 + E01 + E10 - E11`` and its standard
error through :func:`~qnetsim.apps.qkd.chsh.chsh_from_counts`.

Optimal settings (Horodecki 1995): with the singular value decomposition ``T = U diag(s) V^T``
(``s1 >= s2``) of the correlation matrix of the (average) state, Alice measures ``a0 = u1``,
``a1 = u2`` and Bob ``b0,1 = cos(t) v1 +- sin(t) v2`` with ``tan t = s2/s1``, so that
``S = 2 sqrt(s1^2 + s2^2)`` (= ``2 sqrt2 (4F - 1)/3`` for a Werner pair). A third Bob setting
``b2 = v1`` is aligned with ``a0`` (``E(a0, b2) = s1``), the key setting of DI-QKD.

References:
    J. F. Clauser, M. A. Horne, A. Shimony, R. A. Holt, Phys. Rev. Lett. 23, 880 (1969).
    DOI: 10.1103/PhysRevLett.23.880
    R. Horodecki, P. Horodecki, M. Horodecki, Phys. Lett. A 200, 340 (1995).
    DOI: 10.1016/0375-9601(95)00214-N
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import RngLike, as_rng, check_probability
from qnetsim.apps._state_input import BlochForm, bloch_form, unit_vector
from qnetsim.apps.qkd.chsh import CHSHEstimate, chsh_from_counts
from qnetsim.apps.qkd.sampling import sample_outcomes
from qnetsim.errors import InvalidParameterError

__all__ = ["BellTestResult", "CHSHSettings", "optimal_chsh_settings", "simulate_chsh"]

Vector = NDArray[np.float64]


@dataclass(frozen=True)
class CHSHSettings:
    """Measurement directions (unit Bloch vectors) of a CHSH test.

    Attributes:
        a0, a1: Alice's settings; b0, b1: Bob's; b2: Bob's key setting (aligned with ``a0``).
    """

    a0: Vector
    a1: Vector
    b0: Vector
    b1: Vector
    b2: Vector

    def __post_init__(self) -> None:
        for name in ("a0", "a1", "b0", "b1", "b2"):
            object.__setattr__(self, name, unit_vector(name, getattr(self, name)))

    @classmethod
    def standard(cls) -> CHSHSettings:
        """Textbook settings for ``Phi+``: Z, X for Alice; (Z +- X)/sqrt2 for Bob; b2 = Z."""
        s = math.sqrt(0.5)
        return cls(np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0]),
                   np.array([s, 0.0, s]), np.array([-s, 0.0, s]), np.array([0.0, 0.0, 1.0]))

    def value(self, t: NDArray[np.float64]) -> float:
        """Expected ``S`` for correlation matrix ``t`` (3x3)."""
        def e(u: Vector, v: Vector) -> float:
            return float(u @ t @ v)

        return e(self.a0, self.b0) + e(self.a0, self.b1) + e(self.a1, self.b0) - e(
            self.a1, self.b1
        )


def optimal_chsh_settings(states: Any) -> CHSHSettings:
    """Settings reaching the Horodecki maximum for the average of ``states``.

    Args:
        states: anything :func:`simulate_chsh` accepts (a state, coefficients, matrices).

    References:
        R. Horodecki, P. Horodecki, M. Horodecki, Phys. Lett. A 200, 340 (1995), Eq. (5).
        DOI: 10.1016/0375-9601(95)00214-N

    Examples:
        >>> st = optimal_chsh_settings([0.9, 1 / 30, 1 / 30, 1 / 30])
        >>> w = (4 * 0.9 - 1) / 3                      # Werner: T = w diag(1, -1, 1)
        >>> round(st.value(np.diag([w, -w, w])), 6)     # 2 sqrt2 w
        2.451304
    """
    form = states if isinstance(states, BlochForm) else bloch_form(states, "states")
    return _settings_for(form.mean_t())


def _settings_for(t: NDArray[np.float64]) -> CHSHSettings:
    u, s, vt = np.linalg.svd(t)
    s1, s2 = float(s[0]), float(s[1])
    theta = math.atan2(s2, s1) if s1 > 0 else math.pi / 4
    v1, v2 = vt[0], vt[1]
    c, sn = math.cos(theta), math.sin(theta)
    return CHSHSettings(u[:, 0], u[:, 1], c * v1 + sn * v2, c * v1 - sn * v2, v1)


@dataclass(frozen=True)
class BellTestResult:
    """Outcome of :func:`simulate_chsh`.

    Attributes:
        estimate: the sampled S, its standard error, correlators and rounds per setting pair.
        expected: ``S`` of the average state for these settings (the value S converges to).
        settings: the settings used.
        counts: (4, 4) counts, rows (a0 b0, a0 b1, a1 b0, a1 b1), columns (++, +-, -+, --).
        readout_error: the readout flip probability used (it shrinks S by ``(1 - 2e)^2``).
    """

    estimate: CHSHEstimate
    expected: float
    settings: CHSHSettings
    counts: NDArray[np.int64]
    readout_error: float

    @property
    def value(self) -> float:
        return self.estimate.value

    @property
    def standard_error(self) -> float:
        return self.estimate.standard_error


def simulate_chsh(
    states: Any,
    rng: RngLike,
    *,
    settings: CHSHSettings | None = None,
    readout_error: float = 0.0,
) -> BellTestResult:
    """CHSH test with uniformly random settings, one round per delivered pair.

    Args:
        states: delivered pairs: Bell-diagonal coefficients (N, 4), a sequence of two-qubit
            states, or (N, 4, 4) density matrices (Alice holds ``qubits[0]``).
        rng: a Generator or an int seed for settings, outcomes and readout flips.
        settings: the measurement directions; default :func:`optimal_chsh_settings`.
        readout_error: probability in [0, 1] that each reported bit is flipped.

    Raises:
        InvalidParameterError: invalid states (e.g. not two-qubit) or fewer than 4 rounds.

    References:
        J. F. Clauser et al., Phys. Rev. Lett. 23, 880 (1969). DOI: 10.1103/PhysRevLett.23.880

    Examples:
        >>> pairs = np.tile([0.9, 1 / 30, 1 / 30, 1 / 30], (400_000, 1))   # Werner F = 0.9
        >>> res = simulate_chsh(pairs, np.random.default_rng(3))
        >>> abs(res.value - 2 * math.sqrt(2) * (4 * 0.9 - 1) / 3) < 4 * res.standard_error
        True
    """
    rng = as_rng(rng)
    e = check_probability("readout_error", readout_error)
    form = bloch_form(states, "states")
    n = form.size
    if n < 4:
        raise InvalidParameterError("number of pairs", n, ">= 4 (every setting pair needs data)")
    st = settings if settings is not None else _settings_for(form.mean_t())
    xs = rng.integers(0, 2, size=n)
    ys = rng.integers(0, 2, size=n)
    a = np.where(xs[:, None] == 0, st.a0, st.a1)
    b = np.where(ys[:, None] == 0, st.b0, st.b1)
    out_a, out_b = sample_outcomes(form, a, b, rng, e)
    row = 2 * xs + ys
    col = 2 * out_a.astype(np.int64) + out_b
    counts = np.bincount(4 * row + col, minlength=16).reshape(4, 4)
    if np.any(counts.sum(axis=1) == 0):
        raise InvalidParameterError("number of pairs", n, "enough rounds for every setting pair")
    expected = st.value(form.mean_t()) * (1.0 - 2.0 * e) ** 2
    return BellTestResult(chsh_from_counts(counts), expected, st, counts, e)
