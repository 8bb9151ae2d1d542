"""Finite-size decoy-state BB84 with three intensities (Lim, Curty, Walenta, Xu, Zbinden 2014).

Protocol: Alice sends ``N`` phase-randomised weak coherent pulses, basis X (key) with
probability ``q_x`` and Z (test) otherwise, intensity ``k`` in ``{mu1, mu2, mu3}`` with
probabilities ``p1, p2, p3`` (``mu1 > mu2 + mu3``, ``mu2 > mu3 >= 0``). With ``n_{B,k}``
detections and ``m_{B,k}`` errors in basis B at intensity ``k`` (from the channel model of
:mod:`qnetsim.apps.qkd.decoy`: ``n_{B,k} = N q_B^2 p_k Q_k``, ``m = n E_k``, ``q_X = q_x``,
``q_Z = 1 - q_x``), the key length is (Lim et al. 2014, Eq. (1) and the bounds of its Sec. III):

    l = s_X0 + s_X1 [1 - h(phi_X)] - lambda_EC - 6 log2(21/eps_sec) - log2(2/eps_cor),

    n^{+-}_{B,k} = (e^k/p_k) [n_{B,k} +- sqrt(n_B/2 ln(21/eps_sec))]     (Hoeffding),
    s_B0 >= tau_0 (mu2 n^-_{B,mu3} - mu3 n^+_{B,mu2}) / (mu2 - mu3),
    s_B1 >= tau_1 mu1 / (mu1 (mu2 - mu3) - mu2^2 + mu3^2)
            * [n^-_{B,mu2} - n^+_{B,mu3} - (mu2^2 - mu3^2)/mu1^2 (n^+_{B,mu1} - s_B0/tau_0)],
    v_Z1 <= tau_1 (m^+_{Z,mu2} - m^-_{Z,mu3}) / (mu2 - mu3),
    phi_X <= v_Z1/s_Z1 + gamma(eps_sec, v_Z1/s_Z1, s_Z1, s_X1),
    gamma(a, b, c, d) = sqrt((c + d)(1 - b) b / (c d ln2) log2((c + d)/(c d (1 - b) b) 21^2/a^2)),

with ``tau_n = sum_k p_k e^{-k} k^n/n!`` and ``lambda_EC = f_EC n_X h(E_X)`` (the paper's Sec.
IV choice, ``E_X`` the observed error rate of basis X). The protocol is ``eps_cor``-correct and
``eps_sec``-secret; :func:`decoy_finite_key` splits the user's ``eps_sound`` equally. The
formulas were checked against the paper's text (Eqs. (1)-(5), Appendix A (A1)-(A10); the text
is in the stored ``code`` corpus): they agree term by term. The paper's own evaluation (fixed
block ``n_X``, ``eps_sec = kappa l``, its detector model) is
:func:`qnetsim.apps.qkd.decoy_lim2014.lim2014_block_key`, which reproduces its Fig. 1 statements
(``docs/qkd.md``).

Asymptotic limit (``N -> inf``): the fluctuation terms, ``gamma`` and the ``log`` terms vanish,
and ``q_x -> 1``, ``p1 -> 1`` become optimal; the rate per pulse is then the same bounds
evaluated on expected gains. :func:`decoy_finite_key` optimises ``mu1, mu2, p1, p2, q_x``
(``mu3`` fixed, 2e-4 as in the paper's examples) on a vectorised grid refined by zooms.

References:
    C. C. W. Lim, M. Curty, N. Walenta, F. Xu, H. Zbinden, "Concise security bounds for
    practical decoy-state quantum key distribution", Phys. Rev. A 89, 022307 (2014), Eqs. (1)-(5)
    and Sec. III. DOI: 10.1103/PhysRevA.89.022307
    W. Hoeffding, J. Am. Stat. Assoc. 58, 13 (1963). DOI: 10.1080/01621459.1963.10500830
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize

from qnetsim._validate import check_in_range
from qnetsim.apps.entropy import binary_entropy
from qnetsim.apps.qkd.decoy import GYS_CHANNEL, DecoyChannel, decoy_gain_qber

__all__ = [
    "DecoyFiniteKey",
    "GainQber",
    "decoy_finite_key",
    "lim2014_key_length",
    "optimise_lim2014",
]

#: The weakest intensity (``mu3``), as in Lim et al.'s examples.
MU3 = 2e-4


@dataclass(frozen=True)
class DecoyFiniteKey:
    """Result of :func:`decoy_finite_key` (rates per sent pulse)."""

    key_bits_per_pulse: float
    asymptotic_bits_per_pulse: float
    n_pulses: float
    mu1: float
    mu2: float
    mu3: float
    p1: float
    p2: float
    q_x: float
    eps_sec: float
    eps_cor: float
    reason: str = ""

    def parameters(self) -> dict[str, float]:
        """The optimised protocol parameters."""
        return {"mu1": self.mu1, "mu2": self.mu2, "mu3": self.mu3, "p1": self.p1,
                "p2": self.p2, "q_x": self.q_x}


def _h(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(binary_entropy(np.clip(np.nan_to_num(x, nan=0.5), 0.0, 0.5)))


def lim2014_key_length(
    n_pulses: ArrayLike,
    mus: tuple[NDArray[np.float64], NDArray[np.float64], float],
    probs: tuple[NDArray[np.float64], NDArray[np.float64]],
    q_x: NDArray[np.float64],
    gains: tuple[NDArray[np.float64], ...],
    qbers: tuple[NDArray[np.float64], ...],
    eps_sec: ArrayLike,
    eps_cor: float,
    ec_efficiency: float,
    *,
    finite: bool = True,
) -> NDArray[np.float64]:
    """Key length (bits; may be negative) of Lim et al. 2014 from expected gains (module doc).

    Vectorised over every array argument. With ``finite=False`` the fluctuation and ``log``
    terms are dropped and only ratios of the Z-basis counts are used (the ``N -> inf`` limit).

    Examples:
        >>> q = [decoy_gain_qber(m, 20.0)[0] for m in (0.5, 0.1, MU3)]
        >>> e = [decoy_gain_qber(m, 20.0)[1] for m in (0.5, 0.1, MU3)]
        >>> l = lim2014_key_length(1e12, (0.5, 0.1, MU3), (0.8, 0.15), 0.9, q, e, 1e-10,
        ...                        1e-15, 1.16)
        >>> round(float(l) / 1e12, 5)  # bits per pulse
        0.00104
    """
    n_total = np.asarray(n_pulses, dtype=np.float64)
    mu1, mu2, mu3 = (np.asarray(m, dtype=np.float64) for m in mus)
    p1, p2 = (np.asarray(p, dtype=np.float64) for p in probs)
    p3 = 1.0 - p1 - p2
    ps = (p1, p2, p3)
    ks = (mu1, mu2, mu3)
    tau0 = sum(p * np.exp(-k) for p, k in zip(ps, ks, strict=True))
    tau1 = sum(p * np.exp(-k) * k for p, k in zip(ps, ks, strict=True))
    e_sec = np.asarray(eps_sec, dtype=np.float64)
    log21 = np.log(21.0 / e_sec)

    def bounds(weight: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
        n_k = [n_total * weight * p * np.asarray(g) for p, g in zip(ps, gains, strict=True)]
        m_k = [n * np.asarray(e) for n, e in zip(n_k, qbers, strict=True)]
        n_tot, m_tot = sum(n_k), sum(m_k)
        dn = np.sqrt(n_tot / 2.0 * log21) if finite else 0.0 * n_tot
        dm = np.sqrt(m_tot / 2.0 * log21) if finite else 0.0 * m_tot
        n_p = [np.exp(k) / p * (n + dn) for k, p, n in zip(ks, ps, n_k, strict=True)]
        n_m = [np.exp(k) / p * (n - dn) for k, p, n in zip(ks, ps, n_k, strict=True)]
        m_p = [np.exp(k) / p * (m + dm) for k, p, m in zip(ks, ps, m_k, strict=True)]
        m_m = [np.exp(k) / p * (m - dm) for k, p, m in zip(ks, ps, m_k, strict=True)]
        s0 = np.maximum(tau0 * (mu2 * n_m[2] - mu3 * n_p[1]) / (mu2 - mu3), 0.0)
        s1 = tau1 * mu1 / (mu1 * (mu2 - mu3) - mu2**2 + mu3**2) * (
            n_m[1] - n_p[2] - (mu2**2 - mu3**2) / mu1**2 * (n_p[0] - s0 / tau0))
        v1 = tau1 * (m_p[1] - m_m[2]) / (mu2 - mu3)
        return (s0, np.maximum(s1, 0.0), np.maximum(v1, 0.0), np.asarray(n_tot),
                np.asarray(m_tot))

    qx = np.asarray(q_x, dtype=np.float64)
    s_x0, s_x1, _, n_x, m_x = bounds(qx * qx)
    _, s_z1, v_z1, _, _ = bounds((1.0 - qx) ** 2 if finite else np.ones_like(qx))
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.where(s_z1 > 0, v_z1 / s_z1, 0.5)
        phi = b
        if finite:
            bb = np.clip(b, 1e-12, 0.5)
            c, d = s_z1, s_x1
            arg = (c + d) / (c * d * (1.0 - bb) * bb) * (21.0 / e_sec) ** 2
            gam = np.sqrt((c + d) * (1.0 - bb) * bb / (c * d * math.log(2.0))
                          * np.log2(np.maximum(arg, 1.0)))
            phi = b + np.nan_to_num(gam, nan=0.5, posinf=0.5)
        e_x = np.where(n_x > 0, m_x / n_x, 0.5)
    length = s_x0 + s_x1 * (1.0 - _h(phi)) - ec_efficiency * n_x * _h(e_x)
    if finite:
        length = length - 6.0 * np.log2(21.0 / e_sec) - math.log2(2.0 / eps_cor)
    ok = (p3 > 0) & (mu1 > mu2 + mu3) & (mu2 > mu3) & (s_x1 > 0) & (s_z1 > 0)
    return np.asarray(np.where(ok, length, -np.inf))


#: ``gain_qber(intensity, length_km) -> (gain, qber)`` of a link model (arrays broadcast).
GainQber = Callable[[NDArray[np.float64], float], tuple[ArrayLike, ArrayLike]]


def optimise_lim2014(
    length_km: float, gain_qber: GainQber, ec_efficiency: float, eps_cor: float, *,
    eps_sec: float | None = None, kappa: float | None = None, n_pulses: float | None = None,
    block_size: float | None = None, finite: bool = True,
) -> tuple[float, float, float, tuple[float, float, float, float, float, float]]:
    """Best key of Lim et al. 2014 over ``mu1, mu2, p1, p2, q_x`` (``mu3`` = :data:`MU3`).

    Exactly one of ``n_pulses`` (``N`` fixed) and ``block_size`` (``n_X`` fixed, as in the
    paper's evaluation: ``N = n_X / (q_x^2 sum_k p_k Q_k)`` then depends on the parameters) is
    given, and exactly one of ``eps_sec`` (fixed) and ``kappa`` (``eps_sec = kappa l``, the
    paper's choice). With ``kappa`` the key of every parameter point is the self-consistent
    one: ``l_{j+1} = L(kappa l_j)`` from ``l_0 = N`` decreases to the largest fixed point
    (``L`` grows with ``eps_sec``), and after six steps the key returned is ``L(kappa l_6)``
    with ``eps_sec = kappa l_6 >= kappa l`` (so the security claimed is never understated).
    The rate ``l/N`` is maximised on a vectorised grid refined by zooms, then polished by
    Nelder-Mead (scipy) from the best grid point: near the longest distance with a key the
    feasible region is narrow and a grid alone can miss the optimum by a factor of ten.

    Returns:
        ``(l, N, eps_sec, (mu1, mu2, mu3, p1, p2, q_x))`` at the optimum; ``l = -inf`` if no
        parameter gives a valid bound.

    Raises:
        ValueError: not exactly one of ``n_pulses``/``block_size`` or of ``eps_sec``/``kappa``.
    """
    if (n_pulses is None) == (block_size is None):
        raise ValueError("optimise_lim2014: give exactly one of n_pulses and block_size")
    if (eps_sec is None) == (kappa is None):
        raise ValueError("optimise_lim2014: give exactly one of eps_sec and kappa")
    by_block = block_size is not None
    # Search variables: mu1, mu2, log10(1 - p1), p2/(1 - p1), log10(1 - q_x).
    lo = np.array([0.1, 0.005, -5.0, 0.02, -6.0])
    hi = np.array([1.0, 0.5, -0.002 if by_block else -0.2, 0.98, -0.002 if by_block else -0.3])
    if not finite:  # p1 -> 1, q_x -> 1 are optimal; the decoys only need to exist
        lo[2:], hi[2:] = (-9.0, 0.5, -12.0), (-9.0, 0.5, -12.0)

    def evaluate(z: tuple[NDArray[np.float64], ...]) -> tuple[NDArray[np.float64], ...]:
        m1, m2 = z[0], z[1]
        rest = 10.0 ** z[2]
        p1, p2, q_x = 1.0 - rest, rest * z[3], 1.0 - 10.0 ** z[4]
        gq = [gain_qber(np.asarray(m, dtype=np.float64), length_km) for m in (m1, m2, MU3)]
        gains = tuple(np.broadcast_to(np.asarray(g[0]), m1.shape) for g in gq)
        qbers = tuple(np.broadcast_to(np.asarray(g[1]), m1.shape) for g in gq)
        if by_block:
            detect = q_x * q_x * (p1 * gains[0] + p2 * gains[1] + (1.0 - p1 - p2) * gains[2])
            n_arr = float(block_size or 0.0) / np.maximum(detect, 1e-300)
        else:
            n_arr = np.full(m1.shape, float(n_pulses or 0.0))

        def key(eps: ArrayLike) -> NDArray[np.float64]:
            return lim2014_key_length(n_arr, (m1, m2, MU3), (p1, p2), q_x, gains, qbers, eps,
                                      eps_cor, ec_efficiency, finite=finite)

        if kappa is None:
            eps_arr = np.full(m1.shape, float(eps_sec or 0.0))
        else:
            ell = n_arr.copy()
            for _ in range(6):
                eps_arr = np.minimum(kappa * np.maximum(ell, 1.0), 0.5)
                ell = np.where(np.isfinite(ell) & (ell > 0), key(eps_arr), ell)
            eps_arr = np.minimum(kappa * np.maximum(ell, 1.0), 0.5)
        lengths = key(eps_arr)
        rates = np.where(np.isfinite(lengths), lengths / n_arr, -np.inf)
        return rates, lengths, n_arr, eps_arr

    sizes = (10, 10, 8, 6, 8) if finite else (24, 24, 1, 1, 1)
    centre, span = (lo + hi) / 2.0, (hi - lo) / 2.0
    best_rate, best = -math.inf, centre
    for zoom in range(5 if by_block else 4):
        axes = [np.linspace(max(lo[i], centre[i] - span[i]), min(hi[i], centre[i] + span[i]),
                            sizes[i] if zoom == 0 or sizes[i] == 1 else 7) for i in range(5)]
        grid = np.meshgrid(*axes, indexing="ij")
        rates = evaluate(tuple(grid))[0]
        idx = np.unravel_index(int(np.argmax(rates)), rates.shape)
        if float(rates[idx]) > best_rate:
            best_rate = float(rates[idx])
            best = np.array([g[idx] for g in grid])
        centre = best
        span = np.array([(a[1] - a[0]) * 2.0 if a.size > 1 else 0.0 for a in axes])
    if np.isfinite(best_rate) and best_rate > 0.0:
        scale = abs(best_rate)

        def loss(x: NDArray[np.float64]) -> float:
            z = np.clip(x, lo, hi)
            r = float(evaluate(tuple(np.array([v]) for v in z))[0][0])
            return -r / scale if np.isfinite(r) else 1e30

        polish = minimize(loss, best, method="Nelder-Mead",
                          options={"maxfev": 600, "xatol": 1e-7, "fatol": 1e-9})
        z_pol = np.clip(polish.x, lo, hi)
        if -float(polish.fun) * scale > best_rate:
            best = z_pol
    _, len_v, n_v, eps_v = (float(a[0]) for a in evaluate(tuple(np.array([v]) for v in best)))
    rest_best = 10.0 ** float(best[2])
    params = (float(best[0]), float(best[1]), MU3, 1.0 - rest_best,
              rest_best * float(best[3]), 1.0 - 10.0 ** float(best[4]))
    return len_v, n_v, eps_v, params


def _gain_qber_of(channel: DecoyChannel) -> GainQber:
    def gain_qber(mu: NDArray[np.float64], length_km: float) -> tuple[ArrayLike, ArrayLike]:
        return decoy_gain_qber(mu, length_km, channel)
    return gain_qber


def decoy_finite_key(
    length_km: float,
    n_pulses: float,
    channel: DecoyChannel = GYS_CHANNEL,
    *,
    eps_sound: float = 1e-10,
    asymptotic_only: bool = False,
) -> DecoyFiniteKey:
    """Finite-size decoy-state BB84 key per sent pulse (Lim et al. 2014), optimised.

    Args:
        length_km: fibre length >= 0.
        n_pulses: pulses sent ``N`` >= 1.
        channel: the link model (its ``ec_efficiency`` is ``f_EC``; ``sifting`` is not used:
            the basis choice ``q_x`` is optimised).
        eps_sound: total security parameter; ``eps_sec = eps_cor = eps_sound/2``.
        asymptotic_only: skip the finite-size optimisation (``key_bits_per_pulse`` = 0).

    References:
        C. C. W. Lim et al., Phys. Rev. A 89, 022307 (2014). DOI: 10.1103/PhysRevA.89.022307

    Examples:
        >>> r = decoy_finite_key(20.0, 1e12)
        >>> bool(0 < r.key_bits_per_pulse <= r.asymptotic_bits_per_pulse)
        True
    """
    length = check_in_range("length_km", length_km, 0.0, math.inf, high_open=True)
    n = check_in_range("n_pulses", n_pulses, 1.0, math.inf, high_open=True)
    eps = check_in_range("eps_sound", eps_sound, 0.0, 1.0, low_open=True, high_open=True)
    eps_sec = eps_cor = eps / 2.0
    gain_qber, f_ec = _gain_qber_of(channel), channel.ec_efficiency
    asym_len, _, _, asym_x = optimise_lim2014(length, gain_qber, f_ec, eps_cor,
                                              eps_sec=eps_sec, n_pulses=1.0, finite=False)
    asym = max(asym_len, 0.0) if np.isfinite(asym_len) else 0.0
    if asymptotic_only:
        return DecoyFiniteKey(0.0, asym, n, *asym_x, eps_sec, eps_cor, "asymptotic only")
    fin_len, _, _, x = optimise_lim2014(length, gain_qber, f_ec, eps_cor, eps_sec=eps_sec,
                                        n_pulses=n)
    rate = max(fin_len / n, 0.0) if np.isfinite(fin_len) else 0.0
    reason = ""
    if rate <= 0.0:
        reason = ("no key even asymptotically at this length" if asym <= 0.0 else
                  f"the finite-size corrections at N = {n:g} pulses exceed the key")
    return DecoyFiniteKey(rate, asym, n, *x, eps_sec, eps_cor, reason)
