"""Asymptotic device-independent QKD with the CHSH inequality, with noisy preprocessing.

Against collective attacks, for a CHSH value ``S`` and a key-basis QBER ``Q`` (Pironio et al.
2009, Eq. (12); Acin et al. 2007):

    H(A|E) >= 1 - h[(1 + sqrt((S/2)^2 - 1))/2]       (S in [2, 2 sqrt 2]; 0 for S <= 2),
    r = H(A|E) - h(Q).

With noisy preprocessing (Ho et al. 2020, Eq. (3)), Alice flips each raw key bit with
probability ``p``; then

    H(A'|E) >= 1 - h[(1 + sqrt((S/2)^2 - 1))/2] + h[(1 + sqrt(1 - p(1-p)(8 - S^2)))/2],
    r(p) = H(A'|E) - h(p + (1 - 2p) Q),

and :func:`diqkd_key_rate_noisy_preprocessing` maximises ``r(p)`` over ``p`` in [0, 1/2].
Rates are bits per key round and clipped at 0. Werner pairs obey ``S = 2 sqrt2 (4F - 1)/3`` and
``Q = 2(1 - F)/3`` (with the optimal CHSH settings and the key basis matched to Bob's).

Security assumptions: quantum mechanics, no signalling out of the labs, trusted randomness
for the inputs, i.i.d. (collective) attacks for these asymptotic rates; the finite-size
bound of :mod:`qnetsim.apps.qkd.eat` extends to general attacks.

References:
    A. Acin, N. Brunner, N. Gisin, S. Massar, S. Pironio, V. Scarani, Phys. Rev. Lett. 98,
    230501 (2007), Eq. (2). DOI: 10.1103/PhysRevLett.98.230501
    S. Pironio, A. Acin, N. Brunner, N. Gisin, S. Massar, V. Scarani, New J. Phys. 11, 045021
    (2009), Eq. (12). DOI: 10.1088/1367-2630/11/4/045021
    M. Ho, P. Sekatski, E. Y.-Z. Tan, R. Renner, J.-D. Bancal, N. Sangouard, Phys. Rev. Lett.
    124, 230502 (2020), Eq. (3). DOI: 10.1103/PhysRevLett.124.230502
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize_scalar

from qnetsim._validate import check_array_in_range
from qnetsim.apps.entropy import binary_entropy

__all__ = [
    "TSIRELSON_BOUND",
    "chsh_conditional_entropy",
    "diqkd_key_rate",
    "diqkd_key_rate_noisy_preprocessing",
    "noisy_preprocessing_entropy",
    "optimal_flip_probability",
    "werner_chsh",
    "werner_fidelity_from_chsh",
]

FloatOrArray = NDArray[np.float64] | float

#: Tsirelson's bound 2 sqrt(2): the largest quantum CHSH value.
TSIRELSON_BOUND = 2.0 * math.sqrt(2.0)
#: Slack allowed above Tsirelson's bound for round-off in computed S values.
_S_ATOL = 1e-12


def _out(values: NDArray[np.float64]) -> FloatOrArray:
    return float(values) if values.ndim == 0 else values


def _chsh(s: ArrayLike) -> NDArray[np.float64]:
    arr = check_array_in_range("S", s, -TSIRELSON_BOUND, TSIRELSON_BOUND, atol=_S_ATOL)
    return np.clip(arr, -TSIRELSON_BOUND, TSIRELSON_BOUND)


def _h(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(binary_entropy(np.clip(x, 0.0, 1.0)))


def chsh_conditional_entropy(s: ArrayLike) -> FloatOrArray:
    """Lower bound on ``H(A|E)``: ``1 - h[(1 + sqrt((S/2)^2 - 1))/2]``, 0 for ``|S| <= 2``.

    Args:
        s: CHSH value(s) in [-2 sqrt2, 2 sqrt2] (|S| is used).

    Raises:
        InvalidParameterError: if ``|S| > 2 sqrt 2`` (beyond Tsirelson's bound).

    References:
        S. Pironio et al., New J. Phys. 11, 045021 (2009), Eq. (12).
        DOI: 10.1088/1367-2630/11/4/045021

    Examples:
        >>> chsh_conditional_entropy(2.0)
        0.0
        >>> chsh_conditional_entropy(TSIRELSON_BOUND)
        1.0
    """
    a = np.abs(_chsh(s))
    root = np.sqrt(np.maximum((a / 2.0) ** 2 - 1.0, 0.0))
    return _out(np.maximum(1.0 - _h((1.0 + root) / 2.0), 0.0))


def diqkd_key_rate(s: ArrayLike, qber: ArrayLike) -> FloatOrArray:
    """Asymptotic DI-QKD key per key round: ``max(0, H(A|E) - h(Q))`` (no preprocessing).

    Args:
        s: CHSH value(s), ``|S| <= 2 sqrt2``.
        qber: key-basis error rate(s) in [0, 1/2].

    References:
        A. Acin et al., Phys. Rev. Lett. 98, 230501 (2007), Eq. (2); S. Pironio et al.,
        New J. Phys. 11, 045021 (2009), Eq. (12). DOI: 10.1103/PhysRevLett.98.230501

    Examples:
        >>> diqkd_key_rate(TSIRELSON_BOUND, 0.0)
        1.0
        >>> round(diqkd_key_rate(2.576, 0.036), 3)  # W.-Z. Liu et al. 2026, 10 km
        0.326
    """
    q = check_array_in_range("qber", qber, 0.0, 0.5)
    entropy = np.asarray(chsh_conditional_entropy(s))
    return _out(np.maximum(entropy - _h(q), 0.0))


def noisy_preprocessing_entropy(s: ArrayLike, flip_probability: ArrayLike) -> FloatOrArray:
    """Ho et al. bound on ``H(A'|E)`` after Alice flips each key bit with probability ``p``.

    ``1 - h[(1 + sqrt((S/2)^2 - 1))/2] + h[(1 + sqrt(1 - p(1 - p)(8 - S^2)))/2]``, which is
    the plain bound at ``p = 0``. For ``|S| <= 2`` this returns 0: the flips then add entropy
    that Bob's errors remove again, and no key can be certified without a violation.

    Args:
        s: CHSH value(s), ``|S| <= 2 sqrt2``.
        flip_probability: ``p`` in [0, 1/2].

    References:
        M. Ho et al., Phys. Rev. Lett. 124, 230502 (2020), Eq. (3).
        DOI: 10.1103/PhysRevLett.124.230502

    Examples:
        >>> noisy_preprocessing_entropy(2.5, 0.0) == chsh_conditional_entropy(2.5)
        True
        >>> round(noisy_preprocessing_entropy(2.5, 0.5), 12)
        1.0
    """
    a = np.abs(_chsh(s))
    p = check_array_in_range("flip_probability", flip_probability, 0.0, 0.5)
    base = 1.0 - _h((1.0 + np.sqrt(np.maximum((a / 2.0) ** 2 - 1.0, 0.0))) / 2.0)
    extra = _h((1.0 + np.sqrt(np.maximum(1.0 - p * (1.0 - p) * (8.0 - a * a), 0.0))) / 2.0)
    value = np.where(a > 2.0, base + extra, 0.0)
    return _out(np.clip(value, 0.0, 1.0))


def _np_rate(s: float, q: float, p: float) -> float:
    ent = float(noisy_preprocessing_entropy(s, p))
    return ent - float(binary_entropy(p + (1.0 - 2.0 * p) * q))


def optimal_flip_probability(s: ArrayLike, qber: ArrayLike) -> FloatOrArray:
    """Flip probability ``p`` in [0, 1/2] maximising the noisy-preprocessing key rate.

    Bounded scalar search (scipy ``minimize_scalar``, ``xatol = 1e-7``) on [0, 0.5); the
    end point ``p = 0`` is compared explicitly so the result is never worse than no flipping.
    Returns 0 where no ``p`` gives a positive rate.

    References:
        M. Ho et al., Phys. Rev. Lett. 124, 230502 (2020), Eq. (3).
        DOI: 10.1103/PhysRevLett.124.230502

    Examples:
        >>> 0.0 < optimal_flip_probability(2.7, 0.03) < 0.5
        True
    """
    s_arr, q_arr = np.broadcast_arrays(_chsh(s), check_array_in_range("qber", qber, 0.0, 0.5))
    best = np.zeros(s_arr.shape)
    for idx in np.ndindex(s_arr.shape):
        s_i, q_i = float(abs(s_arr[idx])), float(q_arr[idx])
        if s_i <= 2.0:
            continue
        res = minimize_scalar(lambda p, s_i=s_i, q_i=q_i: -_np_rate(s_i, q_i, p),
                              bounds=(0.0, 0.5 - 1e-9), method="bounded",
                              options={"xatol": 1e-7})
        p_opt = float(res.x)
        # Require a gain above round-off (h(1/2) evaluates to 1 - 1e-16 near p = 1/2).
        if _np_rate(s_i, q_i, p_opt) > max(_np_rate(s_i, q_i, 0.0), 0.0) + 1e-12:
            best[idx] = p_opt
    return _out(best)


def diqkd_key_rate_noisy_preprocessing(
    s: ArrayLike, qber: ArrayLike, flip_probability: ArrayLike | None = None
) -> FloatOrArray:
    """DI-QKD key per key round with noisy preprocessing, clipped at 0.

    Args:
        s: CHSH value(s), ``|S| <= 2 sqrt2``.
        qber: key-basis QBER(s) in [0, 1/2] (before the deliberate flips).
        flip_probability: ``p`` in [0, 1/2]; ``None`` uses :func:`optimal_flip_probability`,
            so the result is never below :func:`diqkd_key_rate`.

    References:
        M. Ho et al., Phys. Rev. Lett. 124, 230502 (2020), Eq. (3) and Fig. 1.
        DOI: 10.1103/PhysRevLett.124.230502

    Examples:
        >>> r0 = diqkd_key_rate(2.612, 0.038)
        >>> r1 = diqkd_key_rate_noisy_preprocessing(2.612, 0.038)
        >>> bool(r1 >= r0)
        True
    """
    s_arr = _chsh(s)
    q_arr = check_array_in_range("qber", qber, 0.0, 0.5)
    if flip_probability is None:
        p_arr = np.asarray(optimal_flip_probability(s_arr, q_arr))
    else:
        p_arr = check_array_in_range("flip_probability", flip_probability, 0.0, 0.5)
    entropy = np.asarray(noisy_preprocessing_entropy(s_arr, p_arr))
    rate = entropy - _h(p_arr + (1.0 - 2.0 * p_arr) * q_arr)
    return _out(np.maximum(rate, 0.0))


def werner_chsh(fidelity: ArrayLike) -> FloatOrArray:
    """Optimal CHSH value of a Werner pair: ``S = 2 sqrt2 (4F - 1)/3`` (``F`` in [1/4, 1]).

    References:
        R. Horodecki, P. Horodecki, M. Horodecki, Phys. Lett. A 200, 340 (1995), applied to
        T = w diag(1, -1, 1). DOI: 10.1016/0375-9601(95)00214-N

    Examples:
        >>> round(werner_chsh(1.0), 12) == round(TSIRELSON_BOUND, 12)
        True
    """
    f = check_array_in_range("fidelity", fidelity, 0.25, 1.0)
    return _out(TSIRELSON_BOUND * (4.0 * f - 1.0) / 3.0)


def werner_fidelity_from_chsh(s: ArrayLike) -> FloatOrArray:
    """Fidelity of the Werner pair with optimal CHSH value ``S`` (inverse of :func:`werner_chsh`).

    ``F = (3 S/(2 sqrt2) + 1)/4``, for ``S`` in [0, 2 sqrt2].

    References:
        R. F. Werner, Phys. Rev. A 40, 4277 (1989). DOI: 10.1103/PhysRevA.40.4277

    Examples:
        >>> round(werner_fidelity_from_chsh(2.0), 4)  # F at the local bound
        0.7803
    """
    a = check_array_in_range("S", s, 0.0, TSIRELSON_BOUND, atol=_S_ATOL)
    return _out((3.0 * np.minimum(a, TSIRELSON_BOUND) / TSIRELSON_BOUND + 1.0) / 4.0)
