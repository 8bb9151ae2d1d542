"""CHSH DI-QKD with a random key basis (Schwonnek et al. 2021), asymptotic rate.

Protocol (R. Schwonnek et al., Nat. Commun. 12, 2880 (2021)): as the standard CHSH protocol,
but in key rounds Alice measures either of her two CHSH settings, chosen uniformly at random,
and Bob the matching key setting; rounds with mismatched bases are discarded (sifting factor
1/2 for independent uniform choices). Because Eve does not know which of two incompatible
observables generated the key bit, the certified entropy at a given CHSH value is larger than
Pironio's bound for one key basis.

Single-round bound used here (M. Masini, S. Pironio, E. Woodhead, "Simple and practical DIQKD
security analysis via BB84-type uncertainty relations and Pauli correlation constraints",
Quantum 6, 843 (2022), arXiv:2107.08894; its two-basis case with basis probability 1/2):

    H(A_X | X E) >= F_q(E^2(S)),
    F_q(x) = 1 + phi(sqrt((1 - 2q)^2 + 4 q (1 - q) x)) - phi(sqrt(x)),
    phi(x) = h(1/2 + x/2),
    E^2(S) = min { sin^2(th) l^2 + cos^2(th) m^2 : cos(th) l + sin(th) m >= S/2, |l|, |m| <= 1 },

with ``q`` the noisy-preprocessing flip; for one key basis ``E^2 = S^2/4 - 1`` and ``F_q``
becomes the Ho et al. 2020 bound (checked in the tests). The bound is convexified in ``S`` (its
lower convex envelope), since a mixture of strategies attains at most the mixture of entropies.
``E^2`` is computed here by a vectorised minimisation (the box constraints matter near ``S =
2``); the tests check it against the closed-form root that the authors' public code uses.

Rate per sifted key round: ``r = max_q [F_q(E^2(S)) - h(q + (1 - 2q) Q)]`` (``Q`` the QBER of the
key rounds, assumed equal in both bases), per round ``r/2`` with the sifting.

Honesty: the entropy bound is taken from the authors' public code
(``MicheleMasini1996/diqkd-2input2output``, ``two-bases/two-bases.jl``: ``fq``, ``Ep``, ``E``),
not from reading the paper or Schwonnek et al. 2021 (whose own bound is numerical). Schwonnek et
al.'s finite-size analysis (1e8-1e10 rounds) could not be read, so no finite-size bound of this
protocol is implemented. Security: collective (i.i.d.) attacks, quantum mechanics, sealed labs;
for general attacks a finite-size entropy accumulation argument is needed.

References:
    R. Schwonnek, K. T. Goh, I. W. Primaatmaja, E. Y.-Z. Tan, R. Wolf, V. Scarani, C. C.-W. Lim,
    Nat. Commun. 12, 2880 (2021). DOI: 10.1038/s41467-021-23147-3
    M. Masini, S. Pironio, E. Woodhead, Quantum 6, 843 (2022). arXiv:2107.08894
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim.apps.entropy import binary_entropy

__all__ = [
    "random_basis_correlation",
    "random_basis_entropy",
    "random_basis_key_rate",
]

_TSIRELSON = 2.0 * math.sqrt(2.0)


def _phi(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(binary_entropy(np.clip(0.5 + 0.5 * x, 0.0, 1.0)))


def random_basis_correlation(s: ArrayLike) -> NDArray[np.float64]:
    """``E^2(S)`` of the module doc (0 for ``S <= 2``), vectorised.

    For a fixed angle ``th`` the problem is a convex quadratic in ``(l, m)`` with one linear
    constraint and a box: its minimum is the unconstrained Lagrange point ``(S^2/4)/(c^2/s^2 +
    s^2/c^2)`` when that lies in the box, else on the edge ``l = 1`` or ``m = 1``. The angle is
    scanned on a grid of 4001 points in (0, pi/2) (relative error below 1e-5, tested).

    Examples:
        >>> round(float(random_basis_correlation(2 * math.sqrt(2))), 6)
        1.0
        >>> float(random_basis_correlation(2.0))
        0.0
    """
    s_arr = np.asarray(s, dtype=np.float64)
    half = (np.abs(s_arr) / 2.0)[..., None]
    th = np.linspace(1e-6, math.pi / 2.0 - 1e-6, 4001)
    c, sn = np.cos(th), np.sin(th)
    with np.errstate(all="ignore"):
        d = c**2 / sn**2 + sn**2 / c**2
        l0 = half * (c / sn**2) / d
        m0 = half * (sn / c**2) / d
        inner = np.where((np.abs(l0) <= 1.0) & (np.abs(m0) <= 1.0), half**2 / d, np.inf)
        m1 = np.maximum((half - c) / sn, 0.0)  # edge l = 1
        edge_l = np.where(m1 <= 1.0, sn**2 + c**2 * m1**2, np.inf)
        l1 = np.maximum((half - sn) / c, 0.0)  # edge m = 1
        edge_m = np.where(l1 <= 1.0, sn**2 * l1**2 + c**2, np.inf)
    best = np.min(np.minimum(np.minimum(inner, edge_l), edge_m), axis=-1)
    return np.asarray(np.where(np.abs(s_arr) > 2.0, np.clip(best, 0.0, 1.0), 0.0))


_GRID = np.linspace(2.0, _TSIRELSON, 321)


@lru_cache(maxsize=1)
def _correlation_grid() -> NDArray[np.float64]:
    return random_basis_correlation(_GRID)


@lru_cache(maxsize=128)
def _envelope(q: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lower convex envelope of ``F_q(E^2(S))`` on ``S`` in [2, 2 sqrt2]."""
    grid = _GRID
    vals = _f_q(_correlation_grid(), q)
    hull: list[int] = []
    for k in range(grid.size):
        while len(hull) >= 2:
            i, j = hull[-2], hull[-1]
            # keep j only if it lies below the chord from i to k
            if (vals[j] - vals[i]) * (grid[k] - grid[i]) <= (vals[k] - vals[i]) * (
                grid[j] - grid[i]
            ):
                break
            hull.pop()
        hull.append(k)
    return grid[hull], vals[hull]


def _f_q(x: NDArray[np.float64], q: float) -> NDArray[np.float64]:
    x = np.clip(x, 0.0, 1.0)
    inner = np.sqrt((1.0 - 2.0 * q) ** 2 + 4.0 * q * (1.0 - q) * x)
    return np.asarray(1.0 + _phi(inner) - _phi(np.sqrt(x)))


def random_basis_entropy(s: float, flip: float = 0.0) -> float:
    """Convexified bound on ``H(A_X|X E)`` per sifted key round at CHSH value ``s``, flip ``q``.

    Examples:
        >>> from qnetsim.apps.qkd.diqkd import chsh_conditional_entropy
        >>> random_basis_entropy(2.6) > 1 - float(chsh_conditional_entropy(2.6))
        True
    """
    if abs(s) <= 2.0:
        return 0.0
    xs, ys = _envelope(round(float(flip), 6))
    return float(max(np.interp(min(abs(s), _TSIRELSON), xs, ys), 0.0))


def random_basis_key_rate(s: float, qber: float, preprocessing: bool = True) -> tuple[float, float]:
    """``(rate per sifted key round, optimal flip)`` of the random-key-basis protocol.

    Examples:
        >>> r, q = random_basis_key_rate(2.7, 0.02)
        >>> 0.5 < r < 1.0
        True
    """
    flips = np.linspace(0.0, 0.45, 46) if preprocessing else np.zeros(1)
    best, arg = 0.0, 0.0
    for q in flips:
        r = random_basis_entropy(s, float(q)) - float(
            binary_entropy(q + (1.0 - 2.0 * q) * qber))
        if r > best:
            best, arg = r, float(q)
    return best, arg
