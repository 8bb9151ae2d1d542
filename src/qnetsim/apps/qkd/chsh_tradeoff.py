"""Single-round entropy of the CHSH protocol and the affine min-tradeoff functions built on it.

Shared by the finite-size DI-QKD bounds of :mod:`qnetsim.apps.qkd.eat_df` (Dupuis-Fawzi 2019)
and :mod:`qnetsim.apps.qkd.renyi_eat` (Renyi / generalised entropy accumulation).

**Single-round bound.** With CHSH winning probability ``w = 1/2 + S/8`` and Alice flipping her
output with probability ``p`` (noisy preprocessing), the conditional entropy of her (flipped)
output given Eve is at least (Ho et al. 2020, Eq. (3); Pironio et al. 2009, Eq. (12) at
``p = 0``)

    G_p(w) = 1 - h[(1 + sqrt((S/2)^2 - 1))/2] + h[(1 + sqrt(1 - p(1-p)(8 - S^2)))/2],  S = 8w - 4,

for ``3/4 <= w <= (2 + sqrt2)/4`` and ``G_p = 0`` below ``w = 3/4``. ``G_p`` is convex in ``w``
on that range (checked numerically for ``p`` in [0, 0.45] in ``tests/apps/test_eat_df.py``),
so its tangent at any ``p_t`` is a lower bound, the property a min-tradeoff function needs.

**Min-tradeoff function** (the construction of Arnon-Friedman et al. 2018, Methods): rounds are
key rounds (``C = bot``) with probability ``1 - gamma`` or test rounds with ``C`` = win / lose.
With the tangent ``F(w) = G_p(p_t) + G_p'(p_t)(w - p_t)`` and ``Delta = G_p'(p_t)``,

    f(bot) = f(win) = F(1),    f(lose) = F(1) - Delta/gamma,

so that ``f(q) = F(w)`` for every distribution with ``q(bot) = 1 - gamma`` and ``q(win) = gamma
w``. Its properties used by the EAT statements: ``Max(f) = F(1)``, ``Min_Sigma(f) = F(w_min)``
with ``w_min = (2 - sqrt2)/4`` the smallest quantum winning probability (so ``Max(f) -
Min_Sigma(f) = Delta (1 - w_min)``), and the variance under a distribution with winning
probability ``w``: ``Var(f) = (Delta/gamma)^2 q_l (1 - q_l)`` with ``q_l = gamma (1 - w)``.

**Abort threshold.** The protocol aborts when more than ``k_th`` test rounds are lost.
``k_th`` is the ``1 - eps_c`` quantile of the honest binomial distribution Bin(n, gamma(1 -
omega)) (:func:`binomial_upper_quantile`), so the honest devices abort with probability at most
``eps_c``; this is exact where Hoeffding's inequality (used in :mod:`qnetsim.apps.qkd.eat`) is
loose. The certified winning probability is ``w_th = 1 - k_th/(n gamma)``.

References:
    S. Pironio, A. Acin, N. Brunner, N. Gisin, S. Massar, V. Scarani, New J. Phys. 11, 045021
    (2009), Eq. (12). DOI: 10.1088/1367-2630/11/4/045021
    M. Ho, P. Sekatski, E. Y.-Z. Tan, R. Renner, J.-D. Bancal, N. Sangouard, Phys. Rev. Lett.
    124, 230502 (2020), Eq. (3). DOI: 10.1103/PhysRevLett.124.230502
    R. Arnon-Friedman, F. Dupuis, O. Fawzi, R. Renner, T. Vidick, Nat. Commun. 9, 459 (2018),
    Methods (the min-tradeoff function of the CHSH protocol). DOI: 10.1038/s41467-017-02307-4
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import betainc

from qnetsim.apps.entropy import binary_entropy

__all__ = [
    "OMEGA_MAX",
    "OMEGA_MIN",
    "abort_threshold",
    "binomial_upper_quantile",
    "single_round_entropy",
    "single_round_entropy_slope",
    "tradeoff_spread",
    "tradeoff_variance",
]

#: Largest quantum CHSH winning probability, (2 + sqrt2)/4.
OMEGA_MAX = (2.0 + math.sqrt(2.0)) / 4.0
#: Smallest quantum CHSH winning probability, (2 - sqrt2)/4.
OMEGA_MIN = (2.0 - math.sqrt(2.0)) / 4.0
_LN2 = math.log(2.0)


def _h(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(binary_entropy(np.clip(x, 0.0, 1.0)))


def _dh(x: NDArray[np.float64]) -> NDArray[np.float64]:
    x = np.clip(x, 1e-300, 1.0 - 1e-16)
    return np.asarray(np.log2((1.0 - x) / x))


def single_round_entropy(w: ArrayLike, p: ArrayLike = 0.0) -> NDArray[np.float64]:
    """``G_p(w)``: the bound on ``H(A'|E)`` per round at winning probability ``w``, flip ``p``.

    Vectorised; ``w`` is clipped to ``[3/4, OMEGA_MAX]`` (0 at and below ``3/4``).

    References:
        M. Ho et al., Phys. Rev. Lett. 124, 230502 (2020), Eq. (3) (``p = 0``: Pironio et al.
        2009, Eq. (12)). DOI: 10.1103/PhysRevLett.124.230502

    Examples:
        >>> float(single_round_entropy(0.75))
        0.0
        >>> round(float(single_round_entropy(OMEGA_MAX)), 9)
        1.0
    """
    w_arr = np.clip(np.asarray(w, dtype=np.float64), 0.75, OMEGA_MAX)
    p_arr = np.asarray(p, dtype=np.float64)
    s = 8.0 * w_arr - 4.0
    r1 = np.sqrt(np.maximum(s * s / 4.0 - 1.0, 0.0))
    r2 = np.sqrt(np.maximum(1.0 - p_arr * (1.0 - p_arr) * (8.0 - s * s), 0.0))
    value = 1.0 - _h((1.0 + r1) / 2.0) + _h((1.0 + r2) / 2.0)
    return np.asarray(np.where(s > 2.0, np.clip(value, 0.0, 1.0), 0.0))


def single_round_entropy_slope(w: ArrayLike, p: ArrayLike = 0.0) -> NDArray[np.float64]:
    """``dG_p/dw`` (analytic), for ``3/4 < w <= OMEGA_MAX``.

    Examples:
        >>> bool(single_round_entropy_slope(0.8) > 0)
        True
    """
    w_arr = np.clip(np.asarray(w, dtype=np.float64), 0.75 + 1e-12, OMEGA_MAX)
    p_arr = np.asarray(p, dtype=np.float64)
    s = 8.0 * w_arr - 4.0
    r1 = np.sqrt(np.maximum(s * s / 4.0 - 1.0, 1e-300))
    r2 = np.sqrt(np.maximum(1.0 - p_arr * (1.0 - p_arr) * (8.0 - s * s), 1e-300))
    ds = -_dh((1.0 + r1) / 2.0) * s / (8.0 * r1) + _dh((1.0 + r2) / 2.0) * (
        p_arr * (1.0 - p_arr) * s / (2.0 * r2)
    )
    return np.asarray(8.0 * ds)


def tradeoff_variance(slope: ArrayLike, gamma: ArrayLike, w: ArrayLike) -> NDArray[np.float64]:
    """``Var(f) = (Delta/gamma)^2 q_l (1 - q_l)``, ``q_l = gamma (1 - w)`` (see module doc).

    Examples:
        >>> round(float(tradeoff_variance(10.0, 1.0, 0.5)), 6)
        25.0
    """
    g = np.asarray(gamma, dtype=np.float64)
    q_l = g * (1.0 - np.asarray(w, dtype=np.float64))
    return np.asarray((np.asarray(slope) / g) ** 2 * q_l * (1.0 - q_l))


def tradeoff_spread(slope: ArrayLike) -> NDArray[np.float64]:
    """``Max(f) - Min_Sigma(f) = Delta (1 - w_min)`` (see module doc).

    Examples:
        >>> round(float(tradeoff_spread(1.0)), 4)
        0.8536
    """
    return np.asarray(np.asarray(slope, dtype=np.float64) * (1.0 - OMEGA_MIN))


def abort_threshold(
    n_rounds: float, gamma: ArrayLike, omega: float, eps_completeness: float
) -> NDArray[np.float64]:
    """Certified winning probability ``w_th = 1 - k_th/(n gamma)`` (see module doc).

    ``k_th`` is the smallest number of lost test rounds with ``P[Bin(n, gamma(1 - omega)) >
    k_th] <= eps_completeness``.

    Examples:
        >>> w = float(abort_threshold(1e6, 0.5, 0.8, 1e-2))
        >>> 0.79 < w < 0.8
        True
    """
    g = np.asarray(gamma, dtype=np.float64)
    k_th = binomial_upper_quantile(eps_completeness, n_rounds, g * (1.0 - omega))
    return np.asarray(1.0 - k_th / (float(max(round(n_rounds), 1)) * g))


def binomial_upper_quantile(eps: float, n_trials: float, p: ArrayLike) -> NDArray[np.float64]:
    """Smallest integer ``k`` with ``P[Bin(n, p) > k] <= eps`` (vectorised over ``p``).

    Bisection on the exact binomial tail ``P[X > k] = I_p(k + 1, n - k)`` (the regularised
    incomplete beta function ``scipy.special.betainc``), started from Bernstein's bound
    ``np + t``, ``t = L/3 + sqrt(L^2/9 + 2 n p (1 - p) L)``, ``L = ln(1/eps)``, which is never
    smaller than the quantile. Above ``n =
    1e15`` (where float round-off makes integer counts meaningless) Bernstein's bound itself is
    used: it is within 1e-6 relative of the quantile there.

    References:
        S. Boucheron, G. Lugosi, P. Massart, Concentration Inequalities (Oxford, 2013),
        Corollary 2.11 (Bernstein's inequality).

    Examples:
        >>> float(binomial_upper_quantile(0.5, 100, 0.5))
        50.0
        >>> float(binomial_upper_quantile(1e-3, 10, 0.0))
        0.0
    """
    n = float(max(round(n_trials), 1))
    p_arr = np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0)
    big_l = math.log(1.0 / eps)
    mean = n * p_arr
    bern = np.minimum(
        np.ceil(mean + big_l / 3.0 + np.sqrt(big_l**2 / 9.0 + 2.0 * mean * (1.0 - p_arr) * big_l)),
        n,
    )
    if n > 1e15:
        return np.asarray(bern)
    lo = np.full(p_arr.shape, -1.0)  # tail(lo) > eps (or lo = -1)
    hi = bern.copy()  # tail(hi) <= eps
    for _ in range(64):
        active = hi - lo > 1.0
        if not np.any(active):
            break
        mid = np.floor((lo + hi) / 2.0)
        with np.errstate(all="ignore"):
            tail = np.where(mid < 0, 1.0, betainc(np.maximum(mid, 0.0) + 1.0,
                                                   np.maximum(n - mid, 1e-300), p_arr))
        ok = (tail <= eps) | (mid >= n)
        hi = np.where(active & ok, mid, hi)
        lo = np.where(active & ~ok, mid, lo)
    return np.asarray(hi)
