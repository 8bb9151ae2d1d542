"""Finite-size CHSH DI-QKD key of Nadlinger et al. 2022 (EAT with improved second order).

Source (read, not recalled): D. P. Nadlinger et al., "Experimental quantum key distribution
certified by Bell's theorem", Nature 607, 682 (2022), arXiv:2109.14600v2, Supplementary
Information: Proposition 2 (Eq. (73)) with Eqs. (61)-(70), Theorem 1 (Eq. (101), "Theorem 3 of"
W.-Z. Liu et al., Nat. Phys. 17, 448 (2021), itself built on the improved-second-order EAT of
Dupuis and Fawzi), the syndrome length Eq. (23) and the abort threshold Eqs. (24)-(25).

Protocol (their Sec. S4): ``n`` rounds; Bob picks a test round with probability ``gamma``
(uniform CHSH inputs for both), otherwise a key round (``X = 0``, ``Y = 2``). Raw key: all of
Alice's outputs. Alice sends an ``m``-bit syndrome of her whole string; Bob reconstructs it and
aborts if more than ``n gamma (1 - w_thr)`` test rounds are lost. Key length (Eq. (73)):

    l = Y_b( n g_t(w_thr) + n inf_{w in Q} [Delta(f_t, w) - (a' - 1) V(f_t, q(w))]
             - n (a' - 1)^2 K_a'(f_t) - n gamma - n (a'' - 1) log2(5)^2
             - (theta(e_s') + a' log2(1/e_EA))/(a' - 1)
             - (theta(e_s'') + a'' log2(1/e_EA))/(a'' - 1)
             - 3 theta(e_s - e_s' - 2 e_s'') - 5 log2(1/e_PA) - m - 264 )

    eta(w)      = 1 - h(1/2 + 1/2 sqrt(16 w (w - 1) + 3))  (Pironio; 0 below w = 3/4)  (62)
    g_t(w)      = eta(t) + (w - t) eta'(t)                                              (61)
    f_t(lose)   = g_t(1) - eta'(t)/gamma,  f_t(win) = f_t(bot) = g_t(1)                 (64)
    q(w)        = (gamma (1 - w), gamma w, 1 - gamma),  Delta(f_t, w) = eta(w) - g_t(w) (67)-(68)
    V(f_t, p)   = (ln2/2) (log2 33 + sqrt(2 + Var_p(f_t)))^2                            (69)
    K_a'(f_t)   = 2^{(a' - 1)(2 + g_t(1) - g_t(w_min))} ln^3(2^{2 + g_t(1) - g_t(w_min)} + e^2)
                  / (6 (2 - a')^3 ln 2)                                                 (70)
    theta(e)    = log2(1/(1 - sqrt(1 - e^2)))                                           (66)
    m           = n [(1 - gamma) h(Q) + gamma h((4 - S)/8)] + 50 sqrt(n)                 (23)
    w_thr       = 1 - q_thr/gamma,  q_thr = q + k sqrt(q (1 - q)/n),  q = gamma (1 - w), k = 3
    Y_b(x)      = the y with y + b ln y = x, b = 4/ln 2 (Trevisan extractor, Proposition 1)

with ``Q = [w_min, w_max]`` the quantum CHSH winning probabilities, ``a'`` in (1, 2), ``a''`` in
(1, 1 + 1/log2 5), ``e_s' + 2 e_s'' < e_s``. Soundness ``max(e_EA, e_PA + 2 e_s) + 4 e_h`` with
``e_h = 2^-61`` (VHASH); completeness ``<= 0.01`` from ``k = 3`` and the code of Eq. (23).
Free parameters optimised here as in the paper ("optimize all other parameters"): ``t``,
``a'``, ``a''``, the split of the epsilons, and (unless given) ``gamma``.

Security: general (coherent) attacks on sequential devices with memory; quantum mechanics,
isolated labs, trusted local randomness, trusted classical processing (their (i)-(iv)),
authenticated channel from a pre-shared key. The ``n gamma`` and ``a''`` terms are the cost of
Bob's test outputs in the entropy chain rule (their Sec. S11 D 2).

Validation: their operating point (S = 2.64, Q = 1.8 %, gamma = 13/256, n = 1.5e6, e_snd =
1e-10) gives 95,884 key bits (main text, Fig. 4); see ``tests/apps/test_eat_nadlinger.py``.

References:
    D. P. Nadlinger et al., Nature 607, 682 (2022), Supplementary Information, Proposition 2.
    DOI: 10.1038/s41586-022-04941-5; arXiv:2109.14600
    W.-Z. Liu et al., Nat. Phys. 17, 448 (2021), Theorem 3. DOI: 10.1038/s41567-020-01147-2
    S. Pironio et al., New J. Phys. 11, 045021 (2009) (eta). DOI: 10.1088/1367-2630/11/4/045021
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim.apps.entropy import binary_entropy
from qnetsim.apps.qkd.chsh_tradeoff import (
    OMEGA_MAX,
    OMEGA_MIN,
    single_round_entropy,
    single_round_entropy_slope,
)

__all__ = [
    "EPS_HASH",
    "NadlingerKey",
    "nadlinger_key",
    "nadlinger_syndrome_length",
    "nadlinger_threshold",
    "trevisan_length",
]

#: VHASH collision probability of the paper, 2^-61.
EPS_HASH = 2.0**-61
_LN2 = math.log(2.0)
_B = 4.0 / _LN2
_LOG33 = math.log2(33.0)
_LOG5_SQ = math.log2(5.0) ** 2
_ALPHA2_MAX = 1.0 + 1.0 / math.log2(5.0)


@dataclass(frozen=True)
class NadlingerKey:
    """Key of Proposition 2 with the parameters that achieve it (``reason`` when 0)."""

    key_length_bits: float
    key_bits_per_round: float
    n_rounds: float
    gamma: float
    w_threshold: float
    syndrome_bits: float
    t: float
    alpha1: float
    alpha2: float
    eps_pa: float
    eps_ea: float
    eps_s: float
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary of every field."""
        return asdict(self)


def _theta(eps: float) -> float:
    """``log2(1/(1 - sqrt(1 - eps^2)))`` without underflow (Eq. (66))."""
    return -2.0 * math.log2(eps) + math.log2(1.0 + math.sqrt(1.0 - eps * eps))


def nadlinger_syndrome_length(n: float, s: float, qber: float, gamma: float) -> float:
    """Eq. (23): ``m = n[(1 - gamma) h(Q) + gamma h((4 - S)/8)] + 50 sqrt(n)``.

    Examples:
        >>> round(nadlinger_syndrome_length(1.5e6, 2.64, 0.018, 13 / 256))
        296517
    """
    h_key = float(binary_entropy(qber))
    h_test = float(binary_entropy((4.0 - s) / 8.0))
    return n * ((1.0 - gamma) * h_key + gamma * h_test) + 50.0 * math.sqrt(n)


def nadlinger_threshold(
    n: float, s: float, gamma: NDArray[np.float64] | float, k: float = 3.0
) -> NDArray[np.float64]:
    """Eqs. (24)-(25): ``w_thr = 1 - (q + k sqrt(q(1 - q)/n))/gamma``, ``q = gamma(1 - w)``.

    Examples:
        >>> round(float(nadlinger_threshold(1.5e6, 2.64, 13 / 256)), 5)  # paper: 0.825538
        0.82554
    """
    g = np.asarray(gamma, dtype=np.float64)
    q = g * (1.0 - (4.0 + s) / 8.0)
    return np.asarray(1.0 - (q + k * np.sqrt(q * (1.0 - q) / n)) / g)


def trevisan_length(x: float) -> float:
    """``Y_b(x)``: the ``y >= 1`` with ``y + b ln y = x``, ``b = 4/ln 2``; 0 for ``x < 1``.

    Examples:
        >>> y = trevisan_length(1e5)
        >>> abs(y + 4 / math.log(2) * math.log(y) - 1e5) < 1e-6
        True
    """
    if not x >= 1.0:
        return 0.0
    y = max(x - _B * math.log(x), 1.0)
    for _ in range(50):
        step = (y + _B * math.log(y) - x) / (1.0 + _B / y)
        y = max(y - step, 1.0)
        if abs(step) < 1e-9 * max(y, 1.0):
            break
    return y


def _infimum(
    f: Any, t: NDArray[np.float64], points: int = 121, steps: int = 40
) -> NDArray[np.float64]:
    """``inf_{w in [OMEGA_MIN, OMEGA_MAX]} f(w)`` for every element of a grid, ``f`` acting on
    arrays with a trailing ``w`` axis: the least of ``points`` grid values and of ``w = t``
    (where ``Delta = 0``), refined by a golden-section search in the two grid cells around the
    least grid value. A grid alone stops above the infimum, which overstates the key; the
    refinement closes the gap to the search's tolerance (``0.618^steps`` of a cell; one new
    evaluation per step)."""
    grid = np.linspace(OMEGA_MIN, OMEGA_MAX, points)
    values = f(grid)  # (..., points)
    best = np.minimum(values.min(axis=-1), f(t)[..., 0])
    i = values.argmin(axis=-1)
    lo = grid[np.maximum(i - 1, 0)][..., None]
    hi = grid[np.minimum(i + 1, points - 1)][..., None]
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    m1, m2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    f1, f2 = f(m1), f(m2)
    for _ in range(steps):  # one new evaluation per step: the other point is reused
        left = f1 < f2  # the minimum is in [lo, m2]: m1 becomes the new m2
        lo, hi = np.where(left, lo, m1), np.where(left, m2, hi)
        new = np.where(left, hi - ratio * (hi - lo), lo + ratio * (hi - lo))
        f_new = f(new)
        m1, m2 = np.where(left, new, m2), np.where(left, m1, new)
        f1, f2 = np.where(left, f_new, f2), np.where(left, f1, f_new)
    return np.minimum(best, np.minimum(f1, f2)[..., 0])


def _body(
    n: float,
    s: float,
    gammas: NDArray[np.float64],
    ts: NDArray[np.float64],
    alphas: NDArray[np.float64],
    w_thr: NDArray[np.float64],
) -> NDArray[np.float64]:
    """``n g_t(w_thr) + n inf_w[...] - n (a' - 1)^2 K`` on the grid ``(gamma, t, a')``."""
    g = gammas[:, None, None, None]
    t = ts[None, :, None, None]
    a = alphas[None, None, :, None]
    eta_t = single_round_entropy(t)
    slope = single_round_entropy_slope(t)

    def objective(w: NDArray[np.float64]) -> NDArray[np.float64]:
        """``Delta(f_t, w) - (a' - 1) V(f_t, q(w))`` (Eqs. (67)-(69))."""
        delta = single_round_entropy(w) - (eta_t + slope * (w - t))  # eta = 0 below 3/4 (62)
        q_l = g * (1.0 - w)
        var = (slope / g) ** 2 * q_l * (1.0 - q_l)
        return delta - (a - 1.0) * (_LN2 / 2.0) * (_LOG33 + np.sqrt(2.0 + var)) ** 2

    inf_term = _infimum(
        objective, np.broadcast_to(t, np.broadcast_shapes(g.shape, t.shape, a.shape))
    )
    spread = (slope * (1.0 - OMEGA_MIN))[..., 0]
    expo = 2.0 + spread
    k = (
        np.exp(np.minimum((a[..., 0] - 1.0) * expo * _LN2, 700.0))
        * np.logaddexp(expo * _LN2, 2.0) ** 3
        / (6.0 * (2.0 - a[..., 0]) ** 3 * _LN2)
    )
    g_thr = (eta_t + slope * (w_thr[:, None, None, None] - t))[..., 0]
    out = n * g_thr + n * inf_term - n * (a[..., 0] - 1.0) ** 2 * k
    valid = (ts[None, :, None] <= w_thr[:, None, None]) & (w_thr[:, None, None] > 0.75)
    return np.where(valid, out, -np.inf)


def nadlinger_key(
    s: float,
    qber: float,
    n_rounds: float,
    *,
    eps_sound: float = 1e-10,
    gamma: float | None = None,
    threshold_sigmas: float = 3.0,
) -> NadlingerKey:
    """Key length of Proposition 2 of Nadlinger et al. 2022, optimised over its free parameters.

    ``gamma`` fixed (as in the experiment, 13/256) or ``None`` to optimise it too. Inputs are
    not validated here: :func:`qnetsim.apps.qkd.key.diqkd_finite_key` does it.

    Examples:
        >>> r = nadlinger_key(2.64, 0.018, 1.5e6, gamma=13 / 256)
        >>> 90_000 < r.key_length_bits < 100_000  # the paper: 95,884 bits
        True
    """
    n = float(n_rounds)
    eps_tot = eps_sound - 4.0 * EPS_HASH
    zero = NadlingerKey(
        0.0,
        0.0,
        n,
        math.nan,
        math.nan,
        math.nan,
        math.nan,
        math.nan,
        math.nan,
        math.nan,
        math.nan,
        math.nan,
    )
    if s <= 2.0:
        return NadlingerKey(**{**zero.to_dict(), "reason": "S <= 2: no CHSH violation"})
    if eps_tot <= 0.0:
        return NadlingerKey(
            **{**zero.to_dict(), "reason": "eps_sound must exceed 4 x 2^-61 (the hash collisions)"}
        )
    eps_ea = eps_tot
    log_ea = math.log2(1.0 / eps_ea)
    # a'' part (separable): -n(a''-1) log2(5)^2 - (theta(e_s'') + a'' log(1/e_EA))/(a''-1).
    a2 = 1.0 + np.logspace(-6, math.log10(_ALPHA2_MAX - 1.0) - 1e-9, 400)

    def a2_cost(eps2: float) -> tuple[float, float]:
        c = n * (a2 - 1.0) * _LOG5_SQ + (_theta(eps2) + a2 * log_ea) / (a2 - 1.0)
        i = int(np.argmin(c))
        return float(c[i]), float(a2[i])

    if gamma is None:
        gam_axis = np.logspace(-6.0, math.log10(0.5), 40)
    else:
        gam_axis = np.array([float(gamma)])
    best = (-math.inf, zero)
    w_hi = min(0.5 + s / 8.0, OMEGA_MAX)
    centre = np.array([0.0, 0.5 * (0.75 + w_hi), -5.0])  # log10 gamma, t, log10(a' - 1)
    span = np.array([0.0, 0.5 * (w_hi - 0.75), 5.0])
    for zoom in range(5):
        if gamma is None and zoom > 0:
            gam_axis = 10.0 ** np.linspace(
                centre[0] - span[0], min(centre[0] + span[0], math.log10(0.5)), 9
            )
        ts = np.linspace(
            max(0.75 + 1e-9, centre[1] - span[1]),
            min(w_hi, centre[1] + span[1]),
            24 if zoom == 0 else 9,
        )
        la = np.linspace(
            max(-10.0, centre[2] - span[2]), min(-1e-6, centre[2] + span[2]), 32 if zoom == 0 else 9
        )
        alphas = 1.0 + 10.0**la
        w_thr = nadlinger_threshold(n, s, gam_axis, threshold_sigmas)
        body = _body(n, s, gam_axis, ts, alphas, w_thr)
        m = np.array([nadlinger_syndrome_length(n, s, qber, float(g)) for g in gam_axis])
        body = body - n * gam_axis[:, None, None] - m[:, None, None] - 264.0
        for frac_pa, frac_1, frac_2 in itertools.product(
            (0.02, 0.05, 0.2, 0.5), (0.5, 0.8), (0.04, 0.09)
        ):
            eps_pa = eps_tot * frac_pa
            eps_s = (eps_tot - eps_pa) / 2.0
            e1, e2 = eps_s * frac_1, eps_s * frac_2
            c2, a2_best = a2_cost(e2)
            tail = (
                (_theta(e1) + alphas * log_ea) / (alphas - 1.0)
                + c2
                + 3.0 * _theta(eps_s - e1 - 2.0 * e2)
                + 5.0 * math.log2(1.0 / eps_pa)
            )
            x = body - tail[None, None, :]
            idx = np.unravel_index(int(np.argmax(x)), x.shape)
            val = float(x[idx])
            if val > best[0]:
                g_b = float(gam_axis[idx[0]])
                best = (
                    val,
                    NadlingerKey(
                        0.0,
                        0.0,
                        n,
                        g_b,
                        float(w_thr[idx[0]]),
                        nadlinger_syndrome_length(n, s, qber, g_b),
                        float(ts[idx[1]]),
                        float(alphas[idx[2]]),
                        a2_best,
                        eps_pa,
                        eps_ea,
                        eps_s,
                    ),
                )
        if not np.isfinite(best[0]):
            break
        r = best[1]
        centre = np.array([math.log10(r.gamma), r.t, math.log10(r.alpha1 - 1.0)])
        span = np.array(
            [0.15 / 4.0**zoom, (ts[1] - ts[0]) * 2.0 if ts.size > 1 else 0.0, (la[1] - la[0]) * 2.0]
        )
    x_best, r = best
    length = trevisan_length(x_best) if np.isfinite(x_best) else 0.0
    if length <= 0.0:
        return NadlingerKey(
            **{
                **r.to_dict(),
                "key_length_bits": 0.0,
                "key_bits_per_round": 0.0,
                "reason": f"nadlinger2022: the finite-size corrections at n = "
                f"{n:g} exceed the entropy; more rounds are needed",
            }
        )
    length = math.floor(length)
    return NadlingerKey(
        **{**r.to_dict(), "key_length_bits": float(length), "key_bits_per_round": length / n}
    )
