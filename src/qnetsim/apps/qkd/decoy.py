"""Decoy-state prepare-and-measure BB84 with weak coherent pulses (GLLP + decoy states).

Channel model (Ma, Qi, Zhao, Lo 2005, Sec. II), phase-randomised Poissonian source of mean
photon number ``mu``; overall transmission ``eta = 10**(-a L/10) * eta_det``. An ``i``-photon
pulse is detected by a signal photon with ``eta_i = 1 - (1 - eta)**i``, otherwise by a dark
count with probability ``Y0``; signal clicks err with the misalignment ``e_d``, dark clicks with
``e0 = 1/2``:

    Y_i = eta_i + (1 - eta_i) Y0,            e_i Y_i = e_d eta_i + e0 (1 - eta_i) Y0,
    Q_mu = 1 - e^{-eta mu} + e^{-eta mu} Y0,  E_mu Q_mu = e_d (1 - e^{-eta mu}) + e0 Y0 e^{-eta mu}.

(Ma et al. drop the ``O(eta Y0)`` cross terms; keeping them makes the model exactly the sum
over photon numbers, so the true ``Y1`` is known for tests. The difference is < 1e-7 here.)

Vacuum + weak decoy bounds (Ma et al. 2005, Eqs. (34) and (37)), signal ``mu``, decoy ``nu``
with ``mu > nu``, vacuum giving ``Y0``:

    Y1 >= Y1_L = mu/(mu nu - nu^2) [Q_nu e^nu - Q_mu e^mu nu^2/mu^2 - (mu^2 - nu^2)/mu^2 Y0],
    e1 <= e1_U = (E_nu Q_nu e^nu - e0 Y0) / (Y1_L nu).

GLLP key rate per signal pulse (Lo, Ma, Chen 2005, Eq. (1)):

    R >= q { -Q_mu f h(E_mu) + Q1 [1 - h(e1)] },   Q1 = Y1 mu e^{-mu},

with ``q = 1/2`` for symmetric BB84. The infinite-decoy asymptote uses the true ``Y1, e1``.
Asymptotic (infinite key) only; decoy pulses are assumed a vanishing fraction.

References:
    H.-K. Lo, X. Ma, K. Chen, "Decoy state quantum key distribution", Phys. Rev. Lett. 94,
    230504 (2005), Eq. (1). DOI: 10.1103/PhysRevLett.94.230504
    X. Ma, B. Qi, Y. Zhao, H.-K. Lo, "Practical decoy state for quantum key distribution",
    Phys. Rev. A 72, 012326 (2005), Eqs. (34), (37). DOI: 10.1103/PhysRevA.72.012326
    D. Gottesman, H.-K. Lo, N. Lutkenhaus, J. Preskill, Quantum Inf. Comput. 4, 325 (2004)
    (GLLP). arXiv: quant-ph/0212066
    C. Gobby, Z. L. Yuan, A. J. Shields, Appl. Phys. Lett. 84, 3762 (2004) (GYS parameters).
    DOI: 10.1063/1.1738173
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq, minimize_scalar

from qnetsim._validate import check_array_in_range, check_in_range, check_positive
from qnetsim.apps.entropy import binary_entropy
from qnetsim.errors import InvalidParameterError

__all__ = [
    "GYS_CHANNEL",
    "DecoyChannel",
    "decoy_gain_qber",
    "decoy_key_rate",
    "decoy_key_rate_infinite",
    "decoy_max_distance",
    "single_photon_yield_error",
    "vacuum_weak_decoy_bounds",
]

FloatOrArray = NDArray[np.float64] | float

#: Error probability of a click caused by background alone (random bit).
E0 = 0.5


def _out(values: NDArray[np.float64]) -> FloatOrArray:
    return float(values) if values.ndim == 0 else values


@dataclass(frozen=True)
class DecoyChannel:
    """Fibre + detector model of a decoy-state BB84 link (Ma et al. 2005, Sec. II).

    Attributes:
        attenuation_db_per_km: fibre loss ``a`` in dB/km (> 0).
        detector_efficiency: Bob's total efficiency ``eta_Bob`` (optics x detector), in (0, 1].
        dark_count_probability: background yield ``Y0`` per pulse, in [0, 1).
        misalignment: error probability ``e_d`` of a signal click, in [0, 1/2].
        ec_efficiency: error-correction inefficiency ``f >= 1``.
        sifting: protocol efficiency ``q`` (1/2 for symmetric BB84), in (0, 1].

    Examples:
        >>> GYS_CHANNEL.detector_efficiency
        0.045
    """

    attenuation_db_per_km: float = 0.21
    detector_efficiency: float = 0.045
    dark_count_probability: float = 1.7e-6
    misalignment: float = 0.033
    ec_efficiency: float = 1.22
    sifting: float = 0.5

    def __post_init__(self) -> None:
        check_positive("attenuation_db_per_km", self.attenuation_db_per_km)
        check_in_range("detector_efficiency", self.detector_efficiency, 0.0, 1.0, low_open=True)
        check_in_range("dark_count_probability", self.dark_count_probability, 0.0, 1.0,
                       high_open=True)
        check_in_range("misalignment", self.misalignment, 0.0, 0.5)
        check_in_range("ec_efficiency", self.ec_efficiency, 1.0, math.inf)
        check_in_range("sifting", self.sifting, 0.0, 1.0, low_open=True)

    def transmission(self, length_km: ArrayLike) -> NDArray[np.float64]:
        """Overall transmission ``eta = 10**(-a L/10) * eta_Bob`` at ``length_km``."""
        length = check_array_in_range("length_km", length_km, 0.0, np.inf)
        return np.asarray(10.0 ** (-self.attenuation_db_per_km * length / 10.0)
                          * self.detector_efficiency)


#: GYS experiment parameters as used by Ma et al. (2005), Table I: 0.21 dB/km, eta_Bob 4.5 %,
#: Y0 1.7e-6, e_d 3.3 %, f = 1.22 (the value Ma et al. use for this data set).
GYS_CHANNEL = DecoyChannel()


def decoy_gain_qber(
    intensity: ArrayLike, length_km: ArrayLike, channel: DecoyChannel = GYS_CHANNEL
) -> tuple[FloatOrArray, FloatOrArray]:
    """Gain ``Q`` and QBER ``E`` of pulses of mean photon number ``intensity``.

    Args:
        intensity: mean photon number(s) >= 0 (0 = vacuum decoy: ``Q = Y0``, ``E = 1/2``).
        length_km: fibre length(s) >= 0, broadcast against ``intensity``.
        channel: the link model.

    References:
        X. Ma et al., Phys. Rev. A 72, 012326 (2005), Sec. II (gain and QBER of the model).
        DOI: 10.1103/PhysRevA.72.012326

    Examples:
        >>> q, e = decoy_gain_qber(0.0, 10.0)
        >>> (q, e)
        (1.7e-06, 0.5)
    """
    mu = check_array_in_range("intensity", intensity, 0.0, np.inf)
    eta = channel.transmission(length_km)
    y0 = channel.dark_count_probability
    p_signal = -np.expm1(-eta * mu)  # 1 - exp(-eta mu), accurate for tiny eta mu
    gain = p_signal + (1.0 - p_signal) * y0
    errors = channel.misalignment * p_signal + E0 * y0 * (1.0 - p_signal)
    with np.errstate(invalid="ignore", divide="ignore"):
        qber = np.where(gain > 0, errors / np.where(gain > 0, gain, 1.0), E0)
    return _out(np.asarray(gain)), _out(np.asarray(qber))


def single_photon_yield_error(
    length_km: ArrayLike, channel: DecoyChannel = GYS_CHANNEL
) -> tuple[FloatOrArray, FloatOrArray]:
    """True single-photon yield ``Y1`` and error rate ``e1`` of the channel model.

    ``Y1 = eta + (1 - eta) Y0``, ``e1 = [e_d eta + e0 (1 - eta) Y0] / Y1``.

    References:
        X. Ma et al., Phys. Rev. A 72, 012326 (2005), Sec. II. DOI: 10.1103/PhysRevA.72.012326

    Examples:
        >>> y1, e1 = single_photon_yield_error(0.0)
        >>> round(y1, 6), round(e1, 4)
        (0.045002, 0.033)
    """
    eta = channel.transmission(length_km)
    y0 = channel.dark_count_probability
    y1 = eta + (1.0 - eta) * y0
    e1 = (channel.misalignment * eta + E0 * (1.0 - eta) * y0) / y1
    return _out(np.asarray(y1)), _out(np.asarray(e1))


def vacuum_weak_decoy_bounds(
    mu: float,
    nu: float,
    gain_mu: ArrayLike,
    qber_mu: ArrayLike,
    gain_nu: ArrayLike,
    qber_nu: ArrayLike,
    y0: ArrayLike,
) -> tuple[FloatOrArray, FloatOrArray]:
    """Lower bound ``Y1_L`` on the single-photon yield and upper bound ``e1_U`` on its error.

    Vacuum + one weak decoy (Ma et al. 2005, Eqs. (34), (37)); needs ``0 < nu < mu``. ``Y1_L``
    is clipped at 0 and ``e1_U`` to [0, 1/2] (an ``e1`` above 1/2 gives no key either way).

    Args:
        mu: signal intensity > 0.
        nu: weak-decoy intensity in (0, mu).
        gain_mu, qber_mu: measured gain and QBER of the signal pulses.
        gain_nu, qber_nu: measured gain and QBER of the decoy pulses.
        y0: measured vacuum yield (background), >= 0.

    References:
        X. Ma, B. Qi, Y. Zhao, H.-K. Lo, Phys. Rev. A 72, 012326 (2005), Eqs. (34) and (37).
        DOI: 10.1103/PhysRevA.72.012326

    Examples:
        >>> qm, em = decoy_gain_qber(0.5, 50.0)
        >>> qn, en = decoy_gain_qber(0.05, 50.0)
        >>> y1l, e1u = vacuum_weak_decoy_bounds(0.5, 0.05, qm, em, qn, en, 1.7e-6)
        >>> y1, e1 = single_photon_yield_error(50.0)
        >>> bool(y1l <= y1 and e1u >= e1)
        True
    """
    m = check_positive("mu", mu)
    n = check_positive("nu", nu)
    if n >= m:
        raise InvalidParameterError("nu", nu, f"(0, mu) = (0, {m:g})", "the decoy must be weaker")
    q_mu = check_array_in_range("gain_mu", gain_mu, 0.0, 1.0)
    e_mu = check_array_in_range("qber_mu", qber_mu, 0.0, 1.0)
    q_nu = check_array_in_range("gain_nu", gain_nu, 0.0, 1.0)
    e_nu = check_array_in_range("qber_nu", qber_nu, 0.0, 1.0)
    del e_mu  # the signal QBER does not enter the single-photon bounds
    y_0 = check_array_in_range("y0", y0, 0.0, 1.0)
    y1_l = (m / (m * n - n * n)) * (
        q_nu * math.exp(n) - q_mu * math.exp(m) * n * n / (m * m) - (m * m - n * n) / (m * m) * y_0
    )
    y1_l = np.maximum(y1_l, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        e1_u = np.where(
            y1_l > 0, (e_nu * q_nu * math.exp(n) - E0 * y_0) / (np.where(y1_l > 0, y1_l, 1.0) * n),
            E0,
        )
    return _out(np.asarray(y1_l)), _out(np.clip(e1_u, 0.0, E0))


def _gllp(
    q_mu: NDArray[np.float64], e_mu: NDArray[np.float64], q1: NDArray[np.float64],
    e1: NDArray[np.float64], channel: DecoyChannel,
) -> NDArray[np.float64]:
    rate = channel.sifting * (
        -q_mu * channel.ec_efficiency * np.asarray(binary_entropy(np.minimum(e_mu, 0.5)))
        + q1 * (1.0 - np.asarray(binary_entropy(np.clip(e1, 0.0, 0.5))))
    )
    return np.maximum(rate, 0.0)


def decoy_key_rate(
    length_km: ArrayLike,
    channel: DecoyChannel = GYS_CHANNEL,
    *,
    mu: float = 0.48,
    nu: float = 0.05,
) -> FloatOrArray:
    """Key bits per signal pulse with the vacuum + weak decoy estimate (GLLP, asymptotic).

    The decoy statistics are those of the channel model (infinitely many pulses).

    Args:
        length_km: fibre length(s) >= 0.
        channel: the link model (default: GYS parameters).
        mu: signal intensity > 0 (0.48 is near optimal for GYS).
        nu: weak-decoy intensity in (0, mu).

    References:
        H.-K. Lo, X. Ma, K. Chen, Phys. Rev. Lett. 94, 230504 (2005), Eq. (1);
        X. Ma et al., Phys. Rev. A 72, 012326 (2005), Eqs. (34), (37).
        DOI: 10.1103/PhysRevLett.94.230504

    Examples:
        >>> r0 = decoy_key_rate(0.0)
        >>> bool(1e-3 < r0 < 1e-2)
        True
        >>> decoy_key_rate(200.0)
        0.0
    """
    check_positive("mu", mu)
    check_positive("nu", nu)
    q_mu, e_mu = (np.asarray(v) for v in decoy_gain_qber(mu, length_km, channel))
    q_nu, e_nu = (np.asarray(v) for v in decoy_gain_qber(nu, length_km, channel))
    y0 = channel.dark_count_probability
    y1_l, e1_u = (np.asarray(v) for v in
                  vacuum_weak_decoy_bounds(mu, nu, q_mu, e_mu, q_nu, e_nu, y0))
    q1 = y1_l * mu * math.exp(-mu)
    return _out(_gllp(q_mu, e_mu, q1, e1_u, channel))


def _rate_infinite(length: float, channel: DecoyChannel, mu: float) -> float:
    q_mu, e_mu = decoy_gain_qber(mu, length, channel)
    y1, e1 = single_photon_yield_error(length, channel)
    q1 = np.asarray(y1) * mu * math.exp(-mu)
    return float(_gllp(np.asarray(q_mu), np.asarray(e_mu), q1, np.asarray(e1), channel))


def decoy_key_rate_infinite(
    length_km: ArrayLike, channel: DecoyChannel = GYS_CHANNEL, *, mu: float | None = None
) -> FloatOrArray:
    """Key bits per pulse with perfectly known ``Y1, e1`` (the infinite-decoy asymptote).

    Args:
        length_km: fibre length(s) >= 0.
        channel: the link model.
        mu: signal intensity > 0; ``None`` optimises it at each length (bounded search on
            (0, 1.5]).

    References:
        H.-K. Lo, X. Ma, K. Chen, Phys. Rev. Lett. 94, 230504 (2005), Eq. (1) with exact
        single-photon quantities. DOI: 10.1103/PhysRevLett.94.230504

    Examples:
        >>> bool(decoy_key_rate_infinite(50.0) >= decoy_key_rate(50.0))
        True
    """
    lengths = check_array_in_range("length_km", length_km, 0.0, np.inf)
    if mu is not None:
        m = check_positive("mu", mu)
        flat = [_rate_infinite(float(x), channel, m) for x in lengths.ravel()]
    else:
        flat = []
        for x in lengths.ravel():
            res = minimize_scalar(lambda m, x=float(x): -_rate_infinite(x, channel, m),
                                  bounds=(1e-3, 1.5), method="bounded",
                                  options={"xatol": 1e-5})
            flat.append(max(-float(res.fun), 0.0))
    return _out(np.asarray(flat, dtype=np.float64).reshape(lengths.shape))


def decoy_max_distance(
    channel: DecoyChannel = GYS_CHANNEL, *, mu: float = 0.48, nu: float | None = 0.05,
    max_km: float = 500.0,
) -> float:
    """Largest fibre length with a positive key rate (root of the rate, by Brent's method).

    Args:
        channel: the link model.
        mu: signal intensity > 0.
        nu: weak decoy intensity in (0, mu) for the vacuum + weak estimate, or ``None`` for the
            infinite-decoy asymptote at fixed ``mu``.
        max_km: upper end of the search bracket (> 0).

    Returns:
        the cutoff distance in km (0.0 if no key even at zero length).

    References:
        X. Ma et al., Phys. Rev. A 72, 012326 (2005), Fig. 1-2 (rate vs distance for GYS).
        DOI: 10.1103/PhysRevA.72.012326

    Examples:
        >>> 100.0 < decoy_max_distance() < 200.0
        True
    """
    top = check_positive("max_km", max_km)
    check_positive("mu", mu)

    def rate(length: float) -> float:
        if nu is None:
            return _rate_infinite(length, channel, mu)
        return float(decoy_key_rate(length, channel, mu=mu, nu=nu))

    # The clipped rate is exactly 0 beyond the cutoff: bisect on the sign of positivity.
    if rate(0.0) <= 0.0:
        return 0.0
    if rate(top) > 0.0:
        return top
    return float(brentq(lambda x: (1.0 if rate(x) > 0.0 else -1.0), 0.0, top, xtol=1e-6))
