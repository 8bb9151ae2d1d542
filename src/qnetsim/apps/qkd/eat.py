"""Finite-size DI-QKD key rate against general attacks by entropy accumulation (EAT).

Protocol (Arnon-Friedman, Dupuis, Fawzi, Renner, Vidick 2018, the CHSH-based DIQKD protocol):
``n`` rounds; each is a test round with probability ``gamma`` (random inputs in {0,1}^2, CHSH
game won with probability ``omega = 1/2 + S/8``), otherwise a key round (Alice input 0, Bob
his key input). Alice's outputs of all rounds form the raw key. The protocol aborts unless at
least ``n gamma (omega_exp - delta_est)`` test rounds are won.

Key length implemented (our reading of the explicit statement in that paper, Methods):

    l = n eta_opt - leak_EC + 3 log2(1 - sqrt(1 - (eps_s/4)^2)) + 2 log2(eps_PA),

    eta_opt = max_{gamma, p_t} [ F_min(omega_exp - delta_est; p_t)
              - (2/sqrt n) (log2 13 + ceil(g'(p_t)/gamma)) sqrt(1 - 2 log2(eps_s eps_EA)) ],

    g(w) = 1 - h(1/2 + 1/2 sqrt(16 w (w - 1) + 3))          (the Pironio bound in terms of w),
    F_min(w; p_t) = g(p_t) + g'(p_t) (w - p_t)             (tangent at p_t, 3/4 < p_t < w_max),

where ``log2 13 = log2(1 + 2 d_O)`` with ``d_O = 6`` the output alphabet of a round and
``g'(p_t)/gamma`` the infinity norm of the gradient of the min-tradeoff function (the test
statistic is counted over all rounds). Error correction:

    leak_EC = n [(1 - gamma) h(Q) + gamma h(omega_exp)]
              + 4 log2(2 sqrt2 + 1) sqrt(n log2(8/eps_EC^2))
              + log2(8/eps_EC^2 + 2/(2 - eps_EC)) + log2(1/eps_EC),

i.e. the i.i.d. smooth max-entropy of Alice's bits given Bob's (asymptotic equipartition)
plus hash verification. ``delta_est`` is set by the completeness error ``eps_c`` through
Hoeffding's bound, ``delta_est = sqrt(ln(1/eps_c) / (2 n gamma^2))``. Soundness error: at most
``eps_EC + eps_PA + eps_EA`` (plus the smoothing ``eps_s`` terms), completeness error
``eps_c`` + ``eps_EC``.

Limits, stated plainly: no noisy preprocessing in this bound; the constants are our
transcription of the 2018 paper. A 2026-11 review could not read its Methods with the search
tool; public code of a later EAT corroborates the form ``log2(1 + 2 d_O)``, the ``1/gamma``
scaling of the gradient term and the leading ``leak_EC`` term, not the values ``d_O = 6`` or
the factor 3 (record in docs/qkd.md, "Verification of the four constants"). Later
Renyi-EAT / generalised-EAT bounds used by the 2026 experiments are markedly tighter at
``n ~ 1e6``.

References:
    R. Arnon-Friedman, F. Dupuis, O. Fawzi, R. Renner, T. Vidick, "Practical device-independent
    quantum cryptography via entropy accumulation", Nat. Commun. 9, 459 (2018), Methods
    (key rate of the DIQKD protocol). DOI: 10.1038/s41467-017-02307-4
    R. Arnon-Friedman, R. Renner, T. Vidick, SIAM J. Comput. 48, 181 (2019) (same analysis, long
    version). DOI: 10.1137/18M1174726
    W. Hoeffding, J. Am. Stat. Assoc. 58, 13 (1963), Theorem 1. DOI: 10.1080/01621459.1963.10500830
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from qnetsim._validate import check_in_range, check_positive
from qnetsim.apps.entropy import binary_entropy
from qnetsim.apps.qkd.diqkd import TSIRELSON_BOUND, diqkd_key_rate

__all__ = ["EATKeyRate", "eat_key_rate", "winning_probability"]

#: CHSH winning probability at Tsirelson's bound, (2 + sqrt2)/4.
OMEGA_MAX = (2.0 + math.sqrt(2.0)) / 4.0
#: log2(1 + 2 d_O) with d_O = 6 outputs per round (AFDFRV 2018).
LOG2_13 = math.log2(13.0)


def winning_probability(s: float) -> float:
    """CHSH game winning probability ``omega = 1/2 + S/8`` (S = 2 -> 3/4).

    References:
        R. Arnon-Friedman et al., Nat. Commun. 9, 459 (2018). DOI: 10.1038/s41467-017-02307-4

    Examples:
        >>> winning_probability(2.0)
        0.75
    """
    value = check_in_range("S", s, -TSIRELSON_BOUND - 1e-12, TSIRELSON_BOUND + 1e-12)
    return 0.5 + min(value, TSIRELSON_BOUND) / 8.0


def _g(w: NDArray[np.float64]) -> NDArray[np.float64]:
    u = np.maximum(16.0 * w * (w - 1.0) + 3.0, 0.0)
    return 1.0 - np.asarray(binary_entropy(np.clip(0.5 + 0.5 * np.sqrt(u), 0.0, 1.0)))


def _g_prime(w: NDArray[np.float64]) -> NDArray[np.float64]:
    u = np.maximum(16.0 * w * (w - 1.0) + 3.0, 1e-300)
    x = np.clip(0.5 + 0.5 * np.sqrt(u), 0.5, 1.0 - 1e-16)
    return np.log2(x / (1.0 - x)) * (8.0 * w - 4.0) / np.sqrt(u)


@dataclass(frozen=True)
class EATKeyRate:
    """Result of :func:`eat_key_rate`.

    Attributes:
        key_rate: secure key bits per round (event), >= 0.
        key_length_bits: ``n * key_rate``.
        asymptotic_rate: ``1 - h(Q) - h[(1 + sqrt((S/2)^2 - 1))/2]`` for comparison.
        gamma: test-round probability used (optimised unless given).
        p_t: tangent point of the min-tradeoff function.
        delta_est: the statistical margin on the winning probability.
        n_rounds: number of rounds.
    """

    key_rate: float
    key_length_bits: float
    asymptotic_rate: float
    gamma: float
    p_t: float
    delta_est: float
    n_rounds: float

    def per_second(self, event_rate_hz: float) -> float:
        """Key bits per second at ``event_rate_hz`` rounds (events) per second.

        Examples:
            >>> EATKeyRate(0.1, 1e5, 0.3, 0.1, 0.8, 0.01, 1e6).per_second(2.0)
            0.2
        """
        return self.key_rate * check_positive("event_rate_hz", event_rate_hz)


def _length(
    n: float, q: float, omega: float, gamma: NDArray[np.float64], p_t: NDArray[np.float64],
    eps: tuple[float, float, float, float, float],
) -> NDArray[np.float64]:
    eps_s, eps_ea, eps_pa, eps_ec, eps_c = eps
    delta = np.sqrt(math.log(1.0 / eps_c) / (2.0 * n * gamma**2))
    w = omega - delta
    f_min = _g(p_t) + _g_prime(p_t) * (w - p_t)
    second = (2.0 / math.sqrt(n)) * (LOG2_13 + np.ceil(_g_prime(p_t) / gamma)) * math.sqrt(
        1.0 - 2.0 * math.log2(eps_s * eps_ea)
    )
    eta = f_min - second
    leak = (
        n * ((1.0 - gamma) * float(binary_entropy(q)) + gamma * float(binary_entropy(omega)))
        + 4.0 * math.log2(2.0 * math.sqrt(2.0) + 1.0) * math.sqrt(n * math.log2(8.0 / eps_ec**2))
        + math.log2(8.0 / eps_ec**2 + 2.0 / (2.0 - eps_ec))
        + math.log2(1.0 / eps_ec)
    )
    # log2(1 - sqrt(1 - x^2)) = 2 log2(x) - log2(1 + sqrt(1 - x^2)): the left form underflows
    # to log2(0) for eps_s below ~1e-8 (issue 14: "math domain error" at eps = 1e-10).
    x = eps_s / 4.0
    pa = (3.0 * (2.0 * math.log2(x) - math.log2(1.0 + math.sqrt(1.0 - x * x)))
          + 2.0 * math.log2(eps_pa))
    length = n * eta - leak + pa
    # The bound only holds for a threshold that still violates CHSH (w > 3/4).
    return np.where((w > 0.75) & (p_t > 0.75) & (p_t < OMEGA_MAX), length, -np.inf)


def eat_key_rate(
    s: float,
    qber: float,
    n_rounds: float,
    *,
    gamma: float | None = None,
    eps_s: float = 1e-5,
    eps_ea: float = 1e-5,
    eps_pa: float = 1e-5,
    eps_ec: float = 1e-5,
    eps_completeness: float = 1e-2,
) -> EATKeyRate:
    """Finite-size DI-QKD key rate (bits per round) by entropy accumulation, AFDFRV 2018.

    Maximises the key length over the tangent point ``p_t`` (and over ``gamma`` when not given)
    on a grid refined by L-BFGS-B. The rate is 0 when no choice gives a positive length, and
    tends to :func:`~qnetsim.apps.qkd.diqkd.diqkd_key_rate` as ``n_rounds`` grows.

    Args:
        s: expected CHSH value of the honest devices, in (2, 2 sqrt2] for a key.
        qber: key-round QBER in [0, 1/2].
        n_rounds: number of rounds (events) ``n``, > 0.
        gamma: test-round probability in (0, 1), or ``None`` to optimise.
        eps_s: smoothing parameter of the EAT, in (0, 1).
        eps_ea: entropy-accumulation error, in (0, 1).
        eps_pa: privacy-amplification error, in (0, 1).
        eps_ec: error-correction error, in (0, 1).
        eps_completeness: probability that honest devices abort in the test, in (0, 1).

    Returns:
        an :class:`EATKeyRate`; ``.per_second(rate_hz)`` converts to bits per second.

    Raises:
        InvalidParameterError: ``|S| > 2 sqrt2``, QBER outside [0, 1/2], ``n_rounds <= 0``, or a
            security parameter outside (0, 1).

    References:
        R. Arnon-Friedman, F. Dupuis, O. Fawzi, R. Renner, T. Vidick, Nat. Commun. 9, 459
        (2018), Methods. DOI: 10.1038/s41467-017-02307-4

    Examples:
        >>> eat_key_rate(2.7, 0.02, 1e4).key_rate
        0.0
        >>> r = eat_key_rate(2.7, 0.02, 1e12)
        >>> bool(0.9 * r.asymptotic_rate < r.key_rate < r.asymptotic_rate)
        True
    """
    omega = winning_probability(s)
    q = check_in_range("qber", qber, 0.0, 0.5)
    n = check_positive("n_rounds", n_rounds)
    eps = tuple(
        check_in_range(name, value, 0.0, 1.0, low_open=True, high_open=True)
        for name, value in (("eps_s", eps_s), ("eps_ea", eps_ea), ("eps_pa", eps_pa),
                            ("eps_ec", eps_ec), ("eps_completeness", eps_completeness))
    )
    eps5: tuple[float, float, float, float, float] = (eps[0], eps[1], eps[2], eps[3], eps[4])
    if gamma is not None:
        check_in_range("gamma", gamma, 0.0, 1.0, low_open=True, high_open=True)
    asymptotic = float(diqkd_key_rate(abs(s), q))
    zero = EATKeyRate(0.0, 0.0, asymptotic, float(gamma or 0.0), 0.0, 0.0, n)
    if omega <= 0.75:
        return zero

    # Grid: gamma log-spaced (or fixed), p_t between 3/4 and omega.
    gammas = np.array([gamma]) if gamma is not None else np.logspace(-6, -1e-3, 120)
    p_ts = 0.75 + (omega - 0.75) * np.linspace(0.02, 1.0, 120)
    gg, pp = np.meshgrid(gammas, p_ts, indexing="ij")
    lengths = _length(n, q, omega, gg, pp, eps5)
    i, j = np.unravel_index(int(np.argmax(lengths)), lengths.shape)
    best = (float(lengths[i, j]), float(gg[i, j]), float(pp[i, j]))

    def objective(x: NDArray[np.float64]) -> float:
        g_val = gammas[0] if gamma is not None else 10.0 ** x[0]
        val = _length(n, q, omega, np.array([g_val]), np.array([x[-1]]), eps5)[0]
        return -float(val) / n if np.isfinite(val) else 1e3

    if np.isfinite(best[0]):
        x0 = np.array([best[2]]) if gamma is not None else np.array([math.log10(best[1]), best[2]])
        bounds = [(0.75 + 1e-9, omega)] if gamma is not None else [(-6.0, -1e-9), (0.75 + 1e-9,
                                                                                   omega)]
        res = minimize(objective, x0, method="L-BFGS-B", bounds=bounds)
        if -float(res.fun) * n > best[0]:
            g_opt = float(gammas[0]) if gamma is not None else 10.0 ** float(res.x[0])
            best = (-float(res.fun) * n, g_opt, float(res.x[-1]))
    length, g_best, p_best = best
    if not np.isfinite(length) or length <= 0.0:
        return zero
    delta = math.sqrt(math.log(1.0 / eps5[4]) / (2.0 * n * g_best**2))
    return EATKeyRate(
        key_rate=length / n, key_length_bits=length, asymptotic_rate=asymptotic,
        gamma=g_best, p_t=p_best, delta_est=delta, n_rounds=n,
    )
