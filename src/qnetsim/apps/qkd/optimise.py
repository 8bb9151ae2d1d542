"""Key length of the CHSH DI-QKD protocol (Arnon-Friedman et al. 2018), parameters optimised.

Protocol (the one :mod:`qnetsim.apps.qkd.eat_df` and :mod:`qnetsim.apps.qkd.renyi_eat` bound;
the structure of Arnon-Friedman et al. 2018 and of Nadlinger et al. 2022): ``n`` rounds; each is
a test round with probability ``gamma`` (uniform CHSH inputs) or a key round (Alice's key
setting, Bob's matching setting; Alice flips her key-round bit with probability ``p`` if noisy
preprocessing is used). The test flags and inputs are announced, **the outputs are not**: error
correction gives Bob all of Alice's outputs, Bob computes the CHSH score from them and his own
outputs, and the protocol aborts if more than ``k_th`` test rounds are lost
(:func:`~qnetsim.apps.qkd.chsh_tradeoff.abort_threshold`, completeness ``eps_c``) or if more
than ``k_test`` rounds are test rounds (the ``1 - eps_s`` quantile of Bin(n, gamma); honest
devices abort for this with probability at most ``eps_s``, so the completeness error is
``eps_c + eps_s``). The second check makes the bound on Bob's test outputs below hold on every
accepted run rather than only with probability ``1 - eps_s``. The raw key is all of Alice's
outputs.

Accumulated register per round: Alice's output and Bob's test-round output (0 in key rounds),
``d = 4`` (:data:`qnetsim.apps.qkd.eat_df.REGISTER_DIMENSION`). Its entropy is at least
``(1 - gamma) G_p(w) + gamma G_0(w)`` (flipped key rounds, unflipped test rounds; Bob's output
adds nothing), and the min-tradeoff function is the tangent of that at ``p_t``
(:mod:`qnetsim.apps.qkd.chsh_tradeoff`). Key length:

    l = n [F(w_th) - penalty(alpha, ...)] - leak_EC - H_max(B_test) - 2 log2(1/eps_PA)
        - log2(1/eps_EC) - 3 g(eps_s/4),
    leak_EC = f_EC n [(1 - gamma) h(p + (1 - 2p) Q) + gamma h(1 - omega)],

with ``penalty`` the second-order term of the entropy-accumulation statement in use (it depends
on the Renyi order ``alpha``, the variance and range of the min-tradeoff function, the register
dimension and the smoothing and abort-event parameters), ``F`` the tangent, ``H_max(B_test)``
the chain-rule cost of having kept Bob's test outputs in the register
(:func:`bob_test_outputs_cost`) and ``3 g(eps_s/4)`` its smoothing cost. Soundness: ``eps_EC
+ eps_PA + eps_EA + 2 eps_s`` (leftover hash lemma with smoothing, the abort event ``Pr[accept]
>= eps_EA`` or the state is ``eps_EA``-close to aborting, error-correction verification); the
user's ``eps_sound`` is split equally into these five terms.

Why the test outputs are not announced (a tempting shortcut that would drop the test-round
error correction and ``H_max(B_test)`` and let ``d = 2``): a device with memory can make a later
announced test output depend on an earlier key bit, so the announcements leak key and the
Markov / non-signalling condition of entropy accumulation fails (the memory attacks of Barrett,
Colbeck and Kent 2013). We checked what that shortcut would give on Lu et al.'s inputs
(S = 2.612, n = 1.2e6): 0.16-0.17 bit/event, above the 0.112 that Lu et al. certify with a
tighter theory; a sign that it certifies what cannot be certified, and it is not offered.

Optimised: ``alpha``, ``gamma``, the tangent point ``p_t`` and (with noisy preprocessing) the
flip ``p``, on a vectorised grid refined by three zooms around the best point (the binomial
thresholds make the objective step-wise in ``gamma``, which defeats gradient methods).

References:
    R. Arnon-Friedman, F. Dupuis, O. Fawzi, R. Renner, T. Vidick, Nat. Commun. 9, 459 (2018),
    Methods (protocol structure, tangent min-tradeoff function). DOI: 10.1038/s41467-017-02307-4
    M. Ho et al., Phys. Rev. Lett. 124, 230502 (2020) (noisy preprocessing).
    DOI: 10.1103/PhysRevLett.124.230502
    R. Renner, PhD thesis, ETH Zurich (2005), arXiv:quant-ph/0512258, Corollary 5.6.1
    (leftover hash lemma, the ``2 log2(1/eps_PA)`` term).
    D. P. Nadlinger et al., Nature 607, 682 (2022), Supplementary Information (the same
    register, ``d = 4``).
    J. Barrett, R. Colbeck, A. Kent, Phys. Rev. Lett. 110, 010503 (2013) (memory attacks).
    DOI: 10.1103/PhysRevLett.110.010503
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim.apps.entropy import binary_entropy
from qnetsim.apps.qkd.chsh_tradeoff import (
    OMEGA_MAX,
    abort_threshold,
    binomial_upper_quantile,
    single_round_entropy,
    single_round_entropy_slope,
    tradeoff_spread,
    tradeoff_variance,
)

__all__ = [
    "FiniteDIQKDKey",
    "Penalty",
    "SecuritySplit",
    "asymptotic_rate",
    "bob_test_outputs_cost",
    "optimise_diqkd_key",
    "split_security",
]

#: ``penalty(alpha, n, variance, spread, eps_s, eps_ea) -> bits per round`` (arrays broadcast).
Penalty = Callable[
    [NDArray[np.float64], float, NDArray[np.float64], NDArray[np.float64], float, float],
    NDArray[np.float64],
]


@dataclass(frozen=True)
class SecuritySplit:
    """How ``eps_sound`` is shared: smoothing, entropy accumulation, PA, EC; and completeness."""

    eps_sound: float
    eps_s: float
    eps_ea: float
    eps_pa: float
    eps_ec: float
    eps_completeness: float


def split_security(eps_sound: float, eps_completeness: float) -> SecuritySplit:
    """Equal split ``eps_sound = eps_EC + eps_PA + eps_EA + 2 eps_s`` (five parts).

    Examples:
        >>> split_security(1e-10, 1e-2).eps_pa == 1e-10 / 5
        True
    """
    part = eps_sound / 5.0
    return SecuritySplit(eps_sound, part, part, part, part, eps_completeness)


@dataclass(frozen=True)
class FiniteDIQKDKey:
    """A finite-size DI-QKD key with the protocol parameters that achieve it.

    Attributes:
        key_bits_per_round: secure bits per round (event), >= 0.
        key_length_bits: ``n * key_bits_per_round``.
        asymptotic_bits_per_round: the ``n -> inf`` limit of the same protocol and EC model,
            ``max_p [G_p(omega) - f_EC h(p + (1-2p) Q)]`` (with ``gamma -> 0``).
        method: the bound used.
        n_rounds, chsh, qber: the inputs.
        gamma, alpha, p_t, flip_probability, w_threshold: optimised protocol parameters.
        security: the security parameters.
        reason: why the key is 0 ("" when positive).
    """

    key_bits_per_round: float
    key_length_bits: float
    asymptotic_bits_per_round: float
    method: str
    n_rounds: float
    chsh: float
    qber: float
    gamma: float
    alpha: float
    p_t: float
    flip_probability: float
    w_threshold: float
    security: SecuritySplit
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (JSON-ready) of every field."""
        return asdict(self)

    def per_second(self, event_rate_hz: float) -> float:
        """Key bits per second at ``event_rate_hz`` rounds per second."""
        return self.key_bits_per_round * float(event_rate_hz)


def asymptotic_rate(omega: float, qber: float, ec_efficiency: float, preprocessing: bool) -> float:
    """``max_p [G_p(omega) - f_EC h(p + (1 - 2p) Q)]``, ``p = 0`` without preprocessing."""
    ps = np.linspace(0.0, 0.45, 451) if preprocessing else np.zeros(1)
    vals = single_round_entropy(omega, ps) - ec_efficiency * np.asarray(
        binary_entropy(ps + (1.0 - 2.0 * ps) * qber)
    )
    return max(float(np.max(vals)), 0.0)


def _rate(
    x: tuple[NDArray[np.float64], ...], n: float, omega: float, qber: float,
    sec: SecuritySplit, f_ec: float, penalty: Penalty, w_th: NDArray[np.float64],
    chain_bits: NDArray[np.float64],
) -> NDArray[np.float64]:
    alpha, gamma, p_t, p = x
    keep = 1.0 - gamma
    # Single-round entropy: flipped key rounds, unflipped test rounds (module doc).
    slope = keep * single_round_entropy_slope(p_t, p) + gamma * single_round_entropy_slope(p_t)
    value = keep * single_round_entropy(p_t, p) + gamma * single_round_entropy(p_t)
    tangent = value + slope * (w_th - p_t)
    var = tradeoff_variance(slope, gamma, w_th)
    spread = tradeoff_spread(slope)
    pen = penalty(alpha, n, var, spread, sec.eps_s, sec.eps_ea)
    q_key = np.clip(p + (1.0 - 2.0 * p) * qber, 0.0, 1.0)
    leak = f_ec * (keep * np.asarray(binary_entropy(q_key))
                   + gamma * float(binary_entropy(1.0 - omega)))
    chain = chain_bits / n
    fixed = (math.log2(1.0 / sec.eps_ec) + 2.0 * math.log2(1.0 / sec.eps_pa)
             + 3.0 * _g(sec.eps_s / 4.0)) / n
    rate = tangent - pen - leak - chain - fixed
    ok = (w_th > 0.75) & (p_t > 0.75) & (p_t <= OMEGA_MAX) & np.isfinite(rate)
    return np.where(ok, rate, -np.inf)


def _g(eps: float) -> float:
    """``-log2(1 - sqrt(1 - eps^2))`` without underflow."""
    return -2.0 * math.log2(eps) + math.log2(1.0 + math.sqrt(1.0 - eps * eps))


def bob_test_outputs_cost(
    n: float, gamma: ArrayLike, w_th: ArrayLike, eps: float
) -> NDArray[np.float64]:
    """``H_max`` of Bob's test-round outputs given Alice's outputs and the inputs, in bits.

    Given ``a, x, y``, Bob's test output is fixed by whether the round is lost; on the accepted
    event at most ``k_th = n gamma (1 - w_th)`` of at most ``k_test`` test rounds are lost (the
    protocol aborts above ``k_test`` test rounds, where ``P[Bin(n, gamma) > k_test] <= eps``).
    So the output string takes at most ``sum_{j <= k_th} C(k_test, j) <= 2^{k_test
    h(k_th/k_test)}`` values and ``H_max <= k_test h(k_th/k_test)``
    (``H_max <= H_0``; the binomial-sum bound for ``k_th/k_test <= 1/2``).

    Examples:
        >>> c = float(bob_test_outputs_cost(1e6, 0.1, 0.8, 1e-10))
        >>> 0.1 * 1e6 * 0.72 < c < 0.11 * 1e6 * 0.73
        True
    """
    g = np.asarray(gamma, dtype=np.float64)
    k_test = np.maximum(binomial_upper_quantile(eps, n, g), 1.0)
    k_th = n * g * (1.0 - np.asarray(w_th, dtype=np.float64))
    frac = np.clip(k_th / k_test, 0.0, 0.5)
    return np.asarray(k_test * np.asarray(binary_entropy(frac)))


def optimise_diqkd_key(
    method: str,
    penalty: Penalty,
    alpha_max: float,
    s: float,
    qber: float,
    n_rounds: float,
    sec: SecuritySplit,
    *,
    ec_efficiency: float = 1.0,
    preprocessing: bool = True,
) -> FiniteDIQKDKey:
    """Maximise the key length of the module's protocol over ``alpha, gamma, p_t, p``.

    Inputs are assumed validated (:mod:`qnetsim.apps.qkd.key` does it). ``alpha`` ranges over
    ``(1, alpha_max)``.
    """
    omega = 0.5 + s / 8.0
    asym = asymptotic_rate(omega, qber, ec_efficiency, preprocessing)

    def result(rate: float, params: tuple[float, float, float, float], w: float,
               reason: str = "") -> FiniteDIQKDKey:
        rate = max(rate, 0.0)
        return FiniteDIQKDKey(
            rate, rate * n_rounds, asym, method, n_rounds, s, qber, params[1], params[0],
            params[2], params[3], w, sec, reason if rate <= 0.0 else "",
        )

    nan4 = (math.nan, math.nan, math.nan, math.nan)
    if s <= 2.0:
        return result(0.0, nan4, math.nan, "S <= 2: no CHSH violation, no key can be certified")
    if asym <= 0.0:
        return result(0.0, nan4, math.nan,
                      "the asymptotic rate is 0: the QBER is too high for this S")
    lo = np.array([-8.0, -4.0, 0.75 + 1e-9, 0.0])
    hi = np.array([math.log10(alpha_max - 1.0) - 1e-3, -1e-3, min(omega, OMEGA_MAX),
                   0.45 if preprocessing else 0.0])

    def evaluate(z: tuple[NDArray[np.float64], ...]) -> NDArray[np.float64]:
        a_grid, g_grid, t_grid, p_grid = z
        gammas = 10.0**g_grid
        w_grid = abort_threshold(n_rounds, gammas, omega, sec.eps_completeness)
        c_grid = bob_test_outputs_cost(n_rounds, gammas, w_grid, sec.eps_s)
        aa, gg, tt, pp = np.meshgrid(1.0 + 10.0**a_grid, gammas, t_grid, p_grid,
                                     indexing="ij")
        ww = np.broadcast_to(w_grid[None, :, None, None], aa.shape)
        cc = np.broadcast_to(c_grid[None, :, None, None], aa.shape)
        return _rate((aa, gg, tt, pp), n_rounds, omega, qber, sec, ec_efficiency, penalty,
                     ww, cc)

    # Coarse vectorised grid, then three zooms around the best point (each a 9^3 x 5 grid
    # with the spans shrunk by 4): robust where the binomial thresholds make the objective
    # step-wise, and fast (no per-point Python loop).
    sizes = (22, 28, 12, 4 if preprocessing else 1)
    centre = (lo + hi) / 2.0
    span = (hi - lo) / 2.0
    best_rate, best_z = -math.inf, centre
    for zoom in range(4):
        axes = tuple(
            np.linspace(max(lo[k], centre[k] - span[k]), min(hi[k], centre[k] + span[k]),
                        sizes[k] if zoom == 0 else (9 if k < 3 else (5 if preprocessing else 1)))
            for k in range(4)
        )
        rates = evaluate(axes)
        idx = np.unravel_index(int(np.argmax(rates)), rates.shape)
        if float(rates[idx]) > best_rate:
            best_rate = float(rates[idx])
            best_z = np.array([axes[k][idx[k]] for k in range(4)])
        if not np.isfinite(best_rate):
            break
        centre = best_z
        span = np.array([(axes[k][1] - axes[k][0]) * 2.0 if axes[k].size > 1 else 0.0
                         for k in range(4)])
    best = (1.0 + 10.0 ** float(best_z[0]), 10.0 ** float(best_z[1]), float(best_z[2]),
            float(best_z[3]))
    if not np.isfinite(best_rate) or best_rate <= 0.0:
        return result(0.0, nan4, math.nan,
                      f"{method}: the finite-size corrections at n = {n_rounds:g} exceed the "
                      "entropy; more rounds are needed")
    w_best = float(abort_threshold(n_rounds, best[1], omega, sec.eps_completeness))
    return result(best_rate, best, w_best)
