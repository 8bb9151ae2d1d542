"""CHSH DI-QKD key length, finite size, for COLLECTIVE attacks (i.i.d. rounds) only.

**Read this first (security statement).** Collective attacks (i.i.d. rounds) only; not a
device-independent security proof against general attacks; it is an upper reference for what
general-attack bounds (``renyi``, ``nadlinger2022``, ``df2019``, ``eat2018``) can reach. A number
from this module is **not** a certified key of an experiment that claims security against
general (coherent) attacks, and agreement or disagreement with such a published key says
nothing about this module's correctness.

What it is: the Acin et al. 2007 / Pironio et al. 2009 collective-attack entropy bound
``H(A|E) >= 1 - h[(1 + sqrt((S/2)^2 - 1))/2]`` evaluated at a Hoeffding lower confidence bound
of ``S``, turned into a smooth min-entropy of the key rounds by the quantum asymptotic
equipartition property (AEP) of Tomamichel, Colbeck and Renner, and into a key length by the
leftover hash lemma of Tomamichel, Lim, Gisin, Renner 2012. No phase-error rate is used.

Protocol (a spot-checking CHSH protocol with a fixed-size test set; unlike the general-attack
methods of :mod:`qnetsim.apps.qkd.optimise`, the key is Alice's key-round bits only, which
collective attacks allow): ``n`` rounds; a uniformly random subset of ``m = round(gamma n)``
rounds are test rounds (uniform CHSH inputs, win probability ``omega = 1/2 + S/8``), the other
``n_k = n - m`` are key rounds (Alice ``x = 0``, Bob his key setting). Abort if the fraction of
won test rounds is below ``omega_th``. Error correction with ``leak_EC = f_EC n_k h(Q)`` bits
and a hash check (``eps_cor``), then two-universal hashing. No noisy preprocessing.

Ingredients and where each comes from (read in stored texts, see docs/qkd.md):

1. Entropy per key round (Acin et al. 2007, Eq. (2); Pironio et al. 2009, Eq. (12); the bound
   :func:`qnetsim.apps.qkd.diqkd.chsh_conditional_entropy` of the ``asymptotic`` method): a
   collective attack is one single-round state and measurement repeated, so every key round
   has the same ``rho_AE`` and ``H(A|E) >= f(S) := 1 - h[(1 + sqrt((S/2)^2 - 1))/2]`` for the
   device's true CHSH value ``S`` (``f`` increasing in ``S``; 0 for ``S <= 2``).
2. CHSH lower confidence bound (W. Hoeffding, J. Am. Stat. Assoc. 58, 13 (1963), Theorem 1,
   Eq. (2.3); i.i.d. test rounds): ``omega_L = omega_th - sqrt(ln(1/eps_pe) / (2 m))``,
   ``S_L = 8 omega_L - 4``. If the true winning probability is below ``omega_L`` the test
   passes with probability at most ``eps_pe``.
3. Completeness (as the other DI-QKD methods): ``omega_th = omega - sqrt(ln(1/eps_c) /
   (2 m))``, so an honest i.i.d. device with winning probability ``omega`` aborts with
   probability at most ``eps_c`` (Hoeffding again). ``S`` is taken as that expected value.
4. Quantum AEP (M. Tomamichel, R. Colbeck, R. Renner, IEEE Trans. Inf. Theory 55, 5840
   (2009), arXiv:0811.1221, the finite-n AEP, "Theorem 7" of the arXiv version as cited by
   Schaffner, Terhal, Wehner, Quantum Inf. Comput. 9, 963 (2009), who restate it as their
   Theorem 1 and, for classical-quantum states, Corollary 2 (Sec. 3.2.1); the same statement,
   TCR's ``thm:qep``, is ``finiteNAEP_statement`` / ``finiteAEPDelta`` in the Lean library
   QuAIR/Lean-QIT, file ``QIT/Asymptotic/AEP.lean``): for ``rho^{(x) n}``, ``0 < eps_s < 1``
   and ``n >= (8/5) log2(2/eps_s^2)``,

       H_min^{eps_s}(A^n|E^n) >= n H(A|E) - sqrt(n) delta,
       delta = 4 log2(eta) sqrt(log2(2/eps_s^2)),  eta <= 2 sqrt(rank rho_A) + 1,

   so for Alice's key bit (``rank rho_A <= 2``) ``eta = 2 sqrt2 + 1``. Applied to the ``n_k``
   key rounds with ``H(A|E) >= f(S_L)``.
5. Key length (Tomamichel, Lim, Gisin, Renner, Nat. Commun. 3, 634 (2012), Supplementary
   Note 1, Eq. (S2) (quantum leftover hash lemma: ``Delta <= 2 eps_s + (1/2) sqrt(2^(l -
   H_min^{eps_s}(X|E')))``) and Eq. (S6) (error correction reveals at most ``leak_EC +
   log2(2/eps_cor)`` bits)), with ``2 log2(1/(2 eps_pa))`` subtracted so the square-root term is
   at most ``eps_pa``:

       l = n_k f(S_L) - 4 sqrt(n_k) log2(2 sqrt2 + 1) sqrt(log2(2/eps_s^2))
           - f_EC n_k h(Q) - log2(2/eps_cor) - 2 log2(1/(2 eps_pa)).

Soundness (our composition, elementary): under a collective attack the key rounds and the
test rounds are independent systems and the test subset is chosen independently, so
conditioning on "test passed" leaves the key rounds' state ``rho_AE^{(x) n_k}`` unchanged and
the test transcript is independent of it (a product system does not lower ``H_min^{eps}``).
Either the true ``omega >= omega_L`` (then items 1, 4 and 5 give ``Delta <= 2 eps_s + eps_pa``)
or ``omega < omega_L`` (then ``Pr[pass] <= eps_pe``, item 2); in both cases ``(1 - P_abort)
Delta <= eps_pe + 2 eps_s + eps_pa``, the secrecy criterion of Tomamichel et al. 2012 (main
text, Security Definitions, and Eq. (S9)). With ``eps_cor``-correctness the total is
``eps_cor + eps_pe + 2 eps_s + eps_pa = eps_sound``, split equally (each ``eps_sound/5``).

Optimised: ``gamma`` (log grid, then a bounded scalar search). As ``n -> inf`` the rate per
round tends to ``f(S) - f_EC h(Q)``, the Pironio et al. 2009 collective-attack rate (tested).
Assumptions: collective attacks (i.i.d. rounds) only, quantum mechanics, sealed labs, trusted
randomness, authenticated classical channel.

References:
    A. Acin, N. Brunner, N. Gisin, S. Massar, S. Pironio, V. Scarani, Phys. Rev. Lett. 98,
    230501 (2007), Eq. (2). DOI: 10.1103/PhysRevLett.98.230501
    S. Pironio, A. Acin, N. Brunner, N. Gisin, S. Massar, V. Scarani, New J. Phys. 11, 045021
    (2009), Eq. (12). DOI: 10.1088/1367-2630/11/4/045021
    M. Tomamichel, R. Colbeck, R. Renner, IEEE Trans. Inf. Theory 55, 5840 (2009), finite-n
    AEP. DOI: 10.1109/TIT.2009.2032797 (read via Schaffner et al. 2009, Theorem 1 and
    Corollary 2, and QuAIR/Lean-QIT ``QIT/Asymptotic/AEP.lean``)
    C. Schaffner, B. Terhal, S. Wehner, Quantum Inf. Comput. 9, 963 (2009), Theorem 1,
    Corollary 2.
    M. Tomamichel, C. C. W. Lim, N. Gisin, R. Renner, Nat. Commun. 3, 634 (2012),
    Supplementary Eqs. (S2), (S6), (S9). DOI: 10.1038/ncomms1631
    W. Hoeffding, J. Am. Stat. Assoc. 58, 13 (1963), Theorem 1.
    DOI: 10.1080/01621459.1963.10500830

Example:
    >>> r = collective_key(2.75, 0.015, 1e9)
    >>> 0 < r.key_bits_per_round < r.asymptotic_bits_per_round
    True
    >>> collective_key(2.0, 0.0, 1e9).reason[:6]
    'S <= 2'
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize_scalar

from qnetsim.apps.entropy import binary_entropy
from qnetsim.apps.qkd.diqkd import chsh_conditional_entropy

__all__ = [
    "AEP_ETA",
    "CollectiveFiniteKey",
    "aep_penalty",
    "collective_asymptotic_rate",
    "collective_entropy_bound",
    "collective_key",
    "collective_key_length",
]

_TSIRELSON = 2.0 * math.sqrt(2.0)
#: Number of equal parts of ``eps_sound``: eps_cor, eps_pe, 2 x eps_s, eps_pa.
_EPS_PARTS = 5.0
#: AEP convergence parameter for a binary classical key bit: ``2 sqrt(rank rho_A) + 1``, rank 2.
AEP_ETA = 2.0 * math.sqrt(2.0) + 1.0


def collective_entropy_bound(s: ArrayLike) -> NDArray[np.float64] | float:
    """``f(S) = 1 - h[(1 + sqrt((S/2)^2 - 1))/2]`` for ``S > 2``, else 0 (item 1).

    ``S`` is signed here (a lower confidence bound can be negative, then there is no
    certified violation); values above ``2 sqrt2`` are clipped to it.

    Examples:
        >>> collective_entropy_bound(2 * math.sqrt(2))
        1.0
        >>> collective_entropy_bound(2.0), collective_entropy_bound(-2.5)
        (0.0, 0.0)
    """
    s_arr = np.minimum(np.asarray(s, dtype=np.float64), _TSIRELSON)
    bound = np.asarray(chsh_conditional_entropy(np.clip(s_arr, 0.0, _TSIRELSON)))
    out = np.where(s_arr > 2.0, bound, 0.0)
    return float(out) if out.ndim == 0 else out


def aep_penalty(n_key: ArrayLike, eps_s: float) -> NDArray[np.float64] | float:
    """AEP correction ``sqrt(n_k) 4 log2(2 sqrt2 + 1) sqrt(log2(2/eps_s^2))`` in bits (item 4).

    Examples:
        >>> round(aep_penalty(1e6, 1e-10))
        63619
    """
    delta = 4.0 * math.log2(AEP_ETA) * math.sqrt(math.log2(2.0 / eps_s**2))
    out = np.sqrt(np.asarray(n_key, dtype=np.float64)) * delta
    return float(out) if out.ndim == 0 else out


def collective_asymptotic_rate(s: float, qber: float, ec_efficiency: float = 1.0) -> float:
    """``max(0, f(S) - f_EC h(Q))`` per key round (the ``n -> inf`` limit).

    Examples:
        >>> round(collective_asymptotic_rate(2 * math.sqrt(2), 0.0), 12)
        1.0
    """
    rate = float(collective_entropy_bound(abs(s))) - ec_efficiency * float(binary_entropy(qber))
    return max(rate, 0.0)


def _aep_min_rounds(eps_s: float) -> float:
    """Smallest block for which the AEP of item 4 is stated: ``(8/5) log2(2/eps_s^2)``."""
    return 1.6 * math.log2(2.0 / eps_s**2)


def collective_key_length(
    n: float,
    gamma: ArrayLike,
    s: float,
    qber: float,
    *,
    eps_sound: float = 1e-10,
    eps_completeness: float = 1e-2,
    ec_efficiency: float = 1.0,
) -> NDArray[np.float64]:
    """Key length ``l`` (bits, may be negative) for test fractions ``gamma`` (vectorised).

    Implements items 2-5 of the module doc with ``eps_cor = eps_pe = eps_s = eps_pa =
    eps_sound/5``; ``-inf`` where there is no key round or the AEP's block condition fails.
    """
    g = np.asarray(gamma, dtype=np.float64)
    m = np.maximum(np.rint(g * n), 1.0)
    n_k = np.maximum(n - m, 1.0)
    part = eps_sound / _EPS_PARTS
    omega = 0.5 + min(abs(s), _TSIRELSON) / 8.0
    omega_low = (
        omega
        - np.sqrt(math.log(1.0 / eps_completeness) / (2.0 * m))
        - np.sqrt(math.log(1.0 / part) / (2.0 * m))
    )
    entropy = np.asarray(collective_entropy_bound(8.0 * omega_low - 4.0))
    ec = ec_efficiency * float(binary_entropy(qber))
    length = (
        n_k * (entropy - ec)
        - np.asarray(aep_penalty(n_k, part))
        - math.log2(2.0 / part)
        - 2.0 * math.log2(1.0 / (2.0 * part))
    )
    ok = (n - m >= 1.0) & (n_k >= _aep_min_rounds(part))
    return np.where(ok, length, -np.inf)


@dataclass(frozen=True)
class CollectiveFiniteKey:
    """Result of :func:`collective_key`, collective attacks only (``to_dict`` is JSON-ready)."""

    key_bits_per_round: float
    key_length_bits: float
    asymptotic_bits_per_round: float
    n_rounds: float
    gamma: float
    test_rounds: float
    key_rounds: float
    omega_threshold: float
    chsh_lower: float
    entropy_lower: float
    aep_penalty_bits: float
    eps_part: float
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            k: (float(v) if isinstance(v, (int, float)) else v) for k, v in asdict(self).items()
        }


def _details(
    n: float, gamma: float, s: float, eps_sound: float, eps_c: float
) -> tuple[float, float, float, float, float, float]:
    m = max(round(gamma * n), 1)
    n_k = max(n - m, 1.0)
    part = eps_sound / _EPS_PARTS
    omega_th = 0.5 + min(abs(s), _TSIRELSON) / 8.0 - math.sqrt(math.log(1 / eps_c) / (2 * m))
    s_low = 8.0 * (omega_th - math.sqrt(math.log(1 / part) / (2 * m))) - 4.0
    entropy = float(collective_entropy_bound(s_low))
    return float(m), float(n_k), omega_th, s_low, entropy, float(aep_penalty(n_k, part))


def collective_key(
    s: float,
    qber: float,
    n_rounds: float,
    *,
    eps_sound: float = 1e-10,
    eps_completeness: float = 1e-2,
    ec_efficiency: float = 1.0,
) -> CollectiveFiniteKey:
    """Collective-attack DI-QKD key of ``n_rounds`` rounds, test fraction optimised.

    Collective attacks (i.i.d. rounds) only: not a general-attack security proof.

    Inputs are assumed validated (:func:`qnetsim.apps.qkd.key.diqkd_finite_key` does it).
    Returns ``key_bits_per_round = 0`` with ``reason`` when no key is certified.
    """
    n = float(n_rounds)
    s_abs = min(abs(s), _TSIRELSON)
    asym = collective_asymptotic_rate(s_abs, qber, ec_efficiency)
    part = eps_sound / _EPS_PARTS
    kw = {
        "eps_sound": eps_sound,
        "eps_completeness": eps_completeness,
        "ec_efficiency": ec_efficiency,
    }

    def zero(reason: str, gamma: float = math.nan) -> CollectiveFiniteKey:
        nan = math.nan
        return CollectiveFiniteKey(
            0.0, 0.0, asym, n, gamma, nan, nan, nan, nan, nan, nan, part, reason
        )

    if s_abs <= 2.0:
        return zero("S <= 2: no CHSH violation")
    if asym <= 0.0:
        return zero("the QBER is too high for this S: no key at any n")
    if n < 2.0 + _aep_min_rounds(part):
        return zero("collective: too few rounds for the AEP block condition and a test round")
    grid = np.geomspace(max(1.0 / n, 1e-9), 0.95, 241)
    lengths = collective_key_length(n, grid, s_abs, qber, **kw)
    best = int(np.argmax(lengths))
    lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    gamma, length = float(grid[best]), float(lengths[best])
    if hi > lo:
        res = minimize_scalar(
            lambda x: -float(collective_key_length(n, x, s_abs, qber, **kw)),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-6 * hi},
        )
        if -res.fun > length:
            gamma, length = float(res.x), float(-res.fun)
    if not length > 0.0:
        return zero(
            "collective: the finite-size corrections exceed the key at this number of rounds",
            gamma,
        )
    m, n_k, omega_th, s_low, entropy, penalty = _details(
        n, gamma, s_abs, eps_sound, eps_completeness
    )
    return CollectiveFiniteKey(
        length / n, length, asym, n, gamma, m, n_k, omega_th, s_low, entropy, penalty, part
    )
