"""Entanglement-based QKD (BBM92; E91-style measurements) sampled from delivered pairs.

Each delivered pair is measured once: Alice and Bob independently choose the Z basis with
probability ``p_z`` (X otherwise), outcomes are sampled from the real state
(:mod:`qnetsim.apps.qkd.sampling`), reported bits may be flipped with ``readout_error``. Rounds
with equal bases are kept (sifting); the Z-Z rounds form the raw key, the X-X rounds estimate
the phase error (Lo-Chau-Ardehali efficient BB84, Tomamichel et al. finite key). Output:

* QBER per basis ``Q = errors / rounds`` with binomial standard error ``sqrt(Q (1 - Q)/n)``;
* asymptotic key per delivered pair ``(n_ZZ / N) max(0, 1 - f h(Q_Z) - h(Q_X))``
  (Shor-Preskill; tends to ``p_z^2 [1 - f h(Q_Z) - h(Q_X)]``);
* finite key length of Tomamichel et al. (2012) with ``n = n_ZZ`` key bits, ``k = n_XX`` test
  bits, ``Q_tol = `` the observed ``Q_X`` and ``leak_EC = f n h(Q_Z)``.

Security statement of the finite key (Tomamichel et al. 2012): general (coherent) attacks,
``eps_cor``-correct and ``eps_sec``-secret, assuming exact complementary qubit measurements at
one side (the source is untrusted); uses the observed ``Q_X`` as the tolerated one (a protocol
would fix ``Q_tol`` in advance). The asymptotic rate assumes collective attacks / i.i.d. pairs.

References:
    C. H. Bennett, G. Brassard, N. D. Mermin, Phys. Rev. Lett. 68, 557 (1992).
    DOI: 10.1103/PhysRevLett.68.557
    A. K. Ekert, Phys. Rev. Lett. 67, 661 (1991). DOI: 10.1103/PhysRevLett.67.661
    H.-K. Lo, H. F. Chau, M. Ardehali, J. Cryptology 18, 133 (2005).
    DOI: 10.1007/s00145-004-0142-y
    M. Tomamichel, C. C. W. Lim, N. Gisin, R. Renner, Nat. Commun. 3, 634 (2012), Eq. (2).
    DOI: 10.1038/ncomms1631
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from qnetsim._validate import RngLike, as_rng, check_in_range, check_probability
from qnetsim.apps._state_input import bloch_form
from qnetsim.apps.entropy import binary_entropy
from qnetsim.apps.qkd.finite_key import finite_key_length
from qnetsim.apps.qkd.sampling import sample_outcomes

__all__ = ["BBM92Result", "simulate_bbm92"]

_Z = np.array([0.0, 0.0, 1.0])
_X = np.array([1.0, 0.0, 0.0])


@dataclass(frozen=True)
class BBM92Result:
    """Outcome of :func:`simulate_bbm92` (all rates per delivered pair).

    Attributes:
        n_pairs: delivered pairs measured.
        n_sifted_z: rounds where both measured Z (raw key).
        n_sifted_x: rounds where both measured X (phase-error estimate).
        qber_z, qber_z_se: Z-basis error rate and its standard error.
        qber_x, qber_x_se: X-basis error rate and its standard error.
        asymptotic_rate: ``(n_ZZ/N) max(0, 1 - f h(Q_Z) - h(Q_X))`` bits per pair.
        finite_key_bits: Tomamichel et al. (2012) key length in bits.
        finite_key_rate: ``finite_key_bits / N`` bits per pair.
        p_z: Z-basis probability of each party.
        ec_efficiency: error-correction inefficiency ``f``.
        eps_sec: secrecy parameter; eps_cor: correctness parameter (key is eps_sec+eps_cor secure).
        readout_error: per-bit readout flip probability used.
    """

    n_pairs: int
    n_sifted_z: int
    n_sifted_x: int
    qber_z: float
    qber_z_se: float
    qber_x: float
    qber_x_se: float
    asymptotic_rate: float
    finite_key_bits: float
    finite_key_rate: float
    p_z: float
    ec_efficiency: float
    eps_sec: float
    eps_cor: float
    readout_error: float

    @property
    def security(self) -> str:
        """The security statement behind :attr:`finite_key_bits`."""
        return (
            f"finite key: general attacks, eps_sec={self.eps_sec:g}, eps_cor={self.eps_cor:g} "
            "(Tomamichel et al. 2012; trusted complementary qubit measurements on one side); "
            "asymptotic rate: collective attacks (Shor-Preskill)"
        )

    def per_second(self, pair_rate_hz: float) -> float:
        """Finite-size key bits per second at ``pair_rate_hz`` delivered pairs per second."""
        return self.finite_key_rate * check_in_range("pair_rate_hz", pair_rate_hz, 0.0)


def _error_rate(errors: int, n: int) -> tuple[float, float]:
    if n == 0:
        return 0.5, 0.5
    q = errors / n
    return q, math.sqrt(max(q * (1.0 - q), 0.0) / n)


def simulate_bbm92(
    states: Any,
    rng: RngLike,
    *,
    p_z: float = 0.5,
    readout_error: float = 0.0,
    ec_efficiency: float = 1.1,
    eps_sec: float = 1e-10,
    eps_cor: float = 1e-12,
) -> BBM92Result:
    """Run BBM92 on delivered pairs: basis choice, sampled outcomes, sifting, QBER, key.

    Args:
        states: the delivered pairs: Bell-diagonal coefficients of shape (N, 4) (the fast path,
            over 1e6 pairs per second), or a sequence of two-qubit
            :class:`~qnetsim.quantum.states.QuantumState` objects, or (N, 4, 4) density matrices.
            Alice holds ``qubits[0]`` of each state.
        rng: a Generator or an int seed for bases, outcomes and readout flips.
        p_z: probability that each party measures Z, in (0, 1).
        readout_error: probability in [0, 1] that each reported bit is flipped.
        ec_efficiency: error-correction inefficiency ``f >= 1``.
        eps_sec: secrecy parameter in (0, 1).
        eps_cor: correctness parameter in (0, 1).

    Returns:
        a :class:`BBM92Result`.

    Raises:
        InvalidParameterError: invalid states or parameters (e.g. ``p_z`` outside (0, 1)).

    References:
        C. H. Bennett, G. Brassard, N. D. Mermin, Phys. Rev. Lett. 68, 557 (1992);
        M. Tomamichel et al., Nat. Commun. 3, 634 (2012), Eq. (2). DOI: 10.1038/ncomms1631

    Examples:
        >>> import numpy as np
        >>> pairs = np.tile([0.97, 0.01, 0.01, 0.01], (200_000, 1))  # Werner F = 0.97
        >>> res = simulate_bbm92(pairs, np.random.default_rng(5), p_z=0.9)
        >>> abs(res.qber_z - 0.02) < 4 * res.qber_z_se  # Q = 2(1 - F)/3
        True
        >>> res.finite_key_rate > 0
        True
    """
    rng = as_rng(rng)
    pz = check_in_range("p_z", p_z, 0.0, 1.0, low_open=True, high_open=True)
    e = check_probability("readout_error", readout_error)
    f = check_in_range("ec_efficiency", ec_efficiency, 1.0, math.inf)
    es = check_in_range("eps_sec", eps_sec, 0.0, 1.0, low_open=True, high_open=True)
    ec = check_in_range("eps_cor", eps_cor, 0.0, 1.0, low_open=True, high_open=True)
    form = bloch_form(states, "states")
    n = form.size
    za = rng.random(n) < pz
    zb = rng.random(n) < pz
    a = np.where(za[:, None], _Z, _X)
    b = np.where(zb[:, None], _Z, _X)
    x, y = sample_outcomes(form, a, b, rng, e)
    err = x != y
    zz = za & zb
    xx = ~za & ~zb
    n_z, n_x = int(zz.sum()), int(xx.sum())
    q_z, se_z = _error_rate(int(err[zz].sum()), n_z)
    q_x, se_x = _error_rate(int(err[xx].sum()), n_x)
    qz_c, qx_c = min(q_z, 0.5), min(q_x, 0.5)
    h_z, h_x = float(binary_entropy(qz_c)), float(binary_entropy(qx_c))
    asym = (n_z / n) * max(0.0, 1.0 - f * h_z - h_x)
    if n_z > 0 and n_x > 0:
        bits = float(
            finite_key_length(n_z, n_x, qx_c, eps_sec=es, eps_cor=ec, leak_ec=f * n_z * h_z)
        )
    else:
        bits = 0.0
    return BBM92Result(
        n_pairs=n, n_sifted_z=n_z, n_sifted_x=n_x, qber_z=q_z, qber_z_se=se_z, qber_x=q_x,
        qber_x_se=se_x, asymptotic_rate=asym, finite_key_bits=bits, finite_key_rate=bits / n,
        p_z=pz, ec_efficiency=f, eps_sec=es, eps_cor=ec, readout_error=e,
    )
