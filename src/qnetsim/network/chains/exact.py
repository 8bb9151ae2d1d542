"""Exact waiting-time distribution and delivered state of nested repeater chains.

The chain has ``2**n`` links and swaps as soon as possible in a nested (doubling) order: the
two halves of every segment are made independently and then swapped (physics.md 6). The
algorithm is that of Brand, Coopmans and Elkouss, "Efficient computation of the waiting time
and fidelity in quantum repeater chains", IEEE JSAC 38, 619 (2020), doi:10.1109/JSAC.2020.2969005,
with the memory cutoff of Li, Coopmans and Elkouss, "Efficient optimization of cut-offs in
quantum repeater chains", IEEE TQE 2, 4100815 (2021) (written here from the papers and their
public recursions; no code copied). Inputs: :class:`~qnetsim.network.chains.model.ChainParameters`.

Recursion, for a segment made from halves A and B with waiting-time pmfs ``P_A``, ``P_B`` and
weighted states ``V[t] = E[x 1{T = t}]`` (``x``: the three Klein-group characters of the
Bell-diagonal coefficients, each a Werner parameter for Werner states):

* one cutoff trial passes if ``|t_A - t_B| <= tau`` and then lasts ``max``; its pmf is
  ``P'_s[m] = P_B[m] S(P_A)[m] + P_A[m] (S(P_B)[m] - P_B[m])`` with the windowed sum
  ``S(f)[m] = sum_{a=m-tau}^{m} f[a] r^(m-a)`` (``r = 1`` for probabilities, the per-cycle
  decay of the waiting pair for states); a failed trial lasts ``min + tau`` with pmf
  ``P'_f[m] = P_A[m] P(T_B > m+tau) + P_B[m] P(T_A > m+tau)``;
* trials repeat until one passes: ``C(z) = P'_s(z) / (1 - z^tau P'_f(z))``;
* the swap succeeds with ``p_s``, else both halves restart:
  ``P_out(z) = p_s C(z) / (1 - (1-p_s) C(z))``; the states follow the same generating-function
  algebra with ``c V_B S(V_A) + ...`` (``c``: swap noise) in place of ``P'_s``.

Every quantity is a power series in ``z`` (time in cycles) and is computed modulo
``z^L``: all operations are causal, so the first ``L`` coefficients are exact (up to rounding)
and the only approximation is the missing tail mass ``1 - sum(pmf)``, reported as
:attr:`ChainDistribution.truncation_error`. ``L`` is doubled until that error is at most
``tail``. Series division uses Newton iteration with FFT products.

Complexity ``O(L log L)`` per swap level (``O(2**n L log L)`` for heterogeneous links), memory
``O(L)``: about 0.3 s for ``L = 2**17`` and three levels (8 links), 4 s for ``L = 2**20`` (one
core). Rounding leaves ~1e-16 absolute in each pmf entry.

Examples:
    >>> from qnetsim.network.chains.model import chain_parameters
    >>> d = nested_chain_distribution(chain_parameters(0.5, num_links=2, w0=0.9), tail=1e-12)
    >>> round(d.mean_cycles, 6)  # E[max of 2 geometric(1/2)] = 2/p - 1/(1-(1-p)^2) = 8/3
    2.666667
    >>> round(d.mean_werner, 6)  # no decoherence, ideal swaps: w0**2
    0.81
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_in_range, check_int
from qnetsim.errors import InvalidParameterError
from qnetsim.network.chains.model import CHARACTERS, ChainParameters
from qnetsim.quantum import bell_diagonal as bd

__all__ = [
    "ChainDistribution",
    "check_level_recursion",
    "mean_max_geometric",
    "nested_chain_distribution",
    "nested_mean_cycles_closed_form",
]

FloatArray = NDArray[np.float64]


def mean_max_geometric(p: float, num_links: int) -> float:
    """``E[max of N iid Geometric(p)]`` = ``sum_k (-1)^(k+1) C(N,k) / (1 - (1-p)^k)``.

    physics.md 6 (inclusion-exclusion). Alternating sum: use for ``N`` up to ~30.

    Examples:
        >>> round(mean_max_geometric(0.5, 2), 12)  # 2/p - 1/(1 - q^2)
        2.666666666667
    """
    q = 1.0 - check_in_range("p", p, 0.0, 1.0, low_open=True)
    n = check_int("num_links", num_links, low=1)
    return float(sum((-1) ** (k + 1) * math.comb(n, k) / (1.0 - q**k) for k in range(1, n + 1)))


def nested_mean_cycles_closed_form(p: float, p_swap: float) -> float:
    """Mean waiting time of one nesting level (2 links) with swap success ``p_s``:
    ``E[max(T_A, T_B)] / p_s = (3 - 2p) / (p (2 - p) p_s)`` (physics.md 6; the two-segment
    closed form of Shchukin, Schmidt and van Loock, PRA 99, 032322 (2019)).

    Examples:
        >>> round(nested_mean_cycles_closed_form(0.5, 0.5), 6)
        5.333333
    """
    pp = check_in_range("p", p, 0.0, 1.0, low_open=True)
    ps = check_in_range("p_swap", p_swap, 0.0, 1.0, low_open=True)
    return (3.0 - 2.0 * pp) / (pp * (2.0 - pp) * ps)


@dataclass(frozen=True)
class ChainDistribution:
    """Waiting time and delivered state of a chain, truncated at ``L`` cycles.

    Attributes:
        pmf: ``pmf[t] = P(T = t)`` for ``t = 0 .. L-1`` cycles (``pmf[0] = 0``).
        weighted_state: ``E[l 1{T = t}]``, shape ``(L, 4)``: the Bell-diagonal coefficients
            delivered at ``t``, weighted by ``pmf[t]``.
        truncation_error: ``P(T >= L) = 1 - sum(pmf)``, the probability mass not computed.
        cycle_s: duration of one cycle (s).
    """

    pmf: FloatArray
    weighted_state: FloatArray
    truncation_error: float
    cycle_s: float = 1.0

    @property
    def length(self) -> int:
        return int(self.pmf.shape[0])

    @cached_property
    def mean_cycles(self) -> float:
        """Mean waiting time in cycles of the computed (normalised) part of the pmf."""
        t = np.arange(self.length)
        return float(np.dot(t, self.pmf) / self.pmf.sum())

    @property
    def mean_cycles_lower_bound(self) -> float:
        """A rigorous lower bound on ``E[T]``: ``sum_(t<L) t P(T=t) + L P(T >= L)``."""
        t = np.arange(self.length)
        return float(np.dot(t, self.pmf) + self.length * self.truncation_error)

    @property
    def mean_time_s(self) -> float:
        return self.mean_cycles * self.cycle_s

    @property
    def rate_hz(self) -> float:
        """Delivered pairs per second, ``1 / E[T]``."""
        return 1.0 / self.mean_time_s

    @cached_property
    def mean_state(self) -> FloatArray:
        """Mean delivered Bell-diagonal coefficients (the average state)."""
        return np.asarray(self.weighted_state.sum(axis=0) / self.pmf.sum())

    @property
    def mean_fidelity(self) -> float:
        return float(bd.fidelity(self.mean_state))

    @property
    def mean_werner(self) -> float:
        """Mean Werner parameter ``(4 F - 1)/3`` at delivery."""
        return float(bd.werner_parameter(self.mean_state))

    def state_given_time(self) -> FloatArray:
        """``E[l | T = t]``, shape ``(L, 4)`` (NaN where ``pmf[t] = 0``)."""
        out = np.full_like(self.weighted_state, np.nan)
        np.divide(self.weighted_state, self.pmf[:, None], out=out, where=self.pmf[:, None] > 0)
        return out

    def werner_given_time(self) -> FloatArray:
        """``E[w | T = t]`` (the Brand et al. ``W_n(t)``)."""
        return (4.0 * self.state_given_time()[:, 0] - 1.0) / 3.0

    def cdf(self) -> FloatArray:
        return np.cumsum(self.pmf)

    def quantile(self, q: float) -> int:
        """Smallest ``t`` with ``P(T <= t) >= q`` (must lie in the computed range)."""
        qq = check_in_range("q", q, 0.0, 1.0 - self.truncation_error)
        return int(np.searchsorted(self.cdf(), qq - 1e-15))


# --- power series modulo z^L -----------------------------------------------------------
def _conv(a: FloatArray, b: FloatArray, n: int) -> FloatArray:
    """First ``n`` coefficients of the product of two series (last axis), by FFT."""
    from scipy.fft import irfft, next_fast_len, rfft  # lazy: not needed at start-up

    size = next_fast_len(a.shape[-1] + b.shape[-1] - 1, real=True)
    out = irfft(rfft(a, size) * rfft(b, size), size)
    return np.asarray(out[..., :n])


def _inverse(a: FloatArray, n: int) -> FloatArray:
    """``1 / a(z) mod z^n`` by Newton iteration ``b <- b - b (a b - 1)``; ``a[0] != 0``."""
    b = np.array([1.0 / a[0]])
    k = 1
    while k < n:
        k2 = min(2 * k, n)
        err = _conv(a[:k2], b, k2)  # a b = 1 + z^k err_hi + O(z^k2)
        b = np.concatenate([b, -_conv(b, err[k:k2], k2 - k)])
        k = k2
    return b


def _window(f: FloatArray, r: FloatArray | float, tau: float) -> FloatArray:
    """``S[m] = sum_{a = m - tau}^{m} f[a] r^(m - a)`` along the last axis (row-wise ``r``)."""
    from scipy.signal import lfilter  # lazy: scipy.signal costs ~0.5 s of start-up

    rows = np.atleast_2d(f)
    rr = np.broadcast_to(np.asarray(r, dtype=np.float64), rows.shape[:1])
    out = np.empty_like(rows)
    for i in range(rows.shape[0]):
        out[i] = lfilter([1.0], [1.0, -rr[i]], rows[i])
        if math.isfinite(tau) and tau + 1 < rows.shape[1]:
            k = int(tau) + 1
            out[i, k:] -= rr[i] ** k * out[i, :-k].copy()
    return out.reshape(f.shape)


def _leaf(p: float, x: FloatArray, n: int) -> tuple[FloatArray, FloatArray]:
    pmf = np.zeros(n)
    pmf[1:] = p * (1.0 - p) ** np.arange(n - 1, dtype=np.float64)
    return pmf, x[:, None] * pmf


def _join(
    a: tuple[FloatArray, FloatArray],
    b: tuple[FloatArray, FloatArray],
    decay_a: FloatArray,
    decay_b: FloatArray,
    prm: ChainParameters,
    n: int,
) -> tuple[FloatArray, FloatArray]:
    """Pmf and weighted characters of the segment swapped from halves ``a`` and ``b``."""
    (pa, va), (pb, vb) = a, b
    tau = prm.cutoff
    ps_trial = pb * _window(pa, 1.0, tau) + pa * (_window(pb, 1.0, tau) - pb)
    c = prm.swap_noise[:, None]
    u = c * (vb * _window(va, decay_a, tau) + va * (_window(vb, decay_b, tau) - vb))
    if math.isfinite(tau):
        k = int(tau)
        sf_a = np.clip(1.0 - np.cumsum(pa), 0.0, None)
        sf_b = np.clip(1.0 - np.cumsum(pb), 0.0, None)
        fail = np.zeros(n)  # a failed trial whose first pair came at m lasts m + tau
        if k < n:
            fail[k:] = pa[: n - k] * sf_b[k:] + pb[: n - k] * sf_a[k:]
        den = -fail
        den[0] += 1.0
        inv = _inverse(den, n)
        ps_trial = _conv(ps_trial, inv, n)
        u = _conv(u, inv, n)
    den = -(1.0 - prm.p_swap) * ps_trial
    den[0] += 1.0
    inv = prm.p_swap * _inverse(den, n)
    return _conv(ps_trial, inv, n), _conv(u, inv, n)


def _compute(prm: ChainParameters, n: int) -> tuple[FloatArray, FloatArray]:
    levels = prm.nesting_levels()
    x_links = prm.coefficients @ CHARACTERS.T  # (N, 4); column 0 is 1
    segs = [(i, i + 1, _leaf(float(prm.p[i]), x_links[i, 1:], n)) for i in range(prm.num_links)]
    same = prm.homogeneous
    for _ in range(levels):
        nxt: list[tuple[int, int, tuple[FloatArray, FloatArray]]] = []
        for j in range(0, len(segs), 2):
            (lo, mid, ra), (_, hi, rb) = segs[j], segs[j + 1]
            if same and j > 0:
                nxt.append((lo, hi, nxt[0][2]))
                continue
            res = _join(ra, rb, prm.pair_decay(lo, mid), prm.pair_decay(mid, hi), prm, n)
            nxt.append((lo, hi, res))
        segs = nxt
    return segs[0][2]


def nested_chain_distribution(
    params: ChainParameters,
    *,
    tail: float = 1e-9,
    length: int | None = None,
    max_length: int = 1 << 22,
) -> ChainDistribution:
    """Exact waiting-time pmf and delivered state of the nested swap-asap chain.

    Args:
        params: the chain (``num_links`` must be a power of two).
        tail: target truncation error ``P(T >= L)``, in (0, 1).
        length: start with this ``L`` (default: from the mean without cutoff).
        max_length: never exceed this ``L``; a :class:`UserWarning` says if ``tail`` was missed.

    Returns:
        A :class:`ChainDistribution`; ``truncation_error <= tail`` unless warned.
    """
    tl = check_in_range("tail", tail, 0.0, 1.0, low_open=True, high_open=True)
    params.nesting_levels()
    cap = check_int("max_length", max_length, low=4)
    if length is None:
        # E[T_(n+1)] ~ 1.5 E[T_n] / p_s (max of two near-exponential halves)
        est = (1.5 / params.p_swap) ** params.nesting_levels() / float(params.p.min())
        n = int(min(cap, max(64, est * (math.log(1.0 / tl) + 2.0))))
    else:
        n = min(cap, check_int("length", length, low=4))
    from scipy.fft import next_fast_len

    while True:
        n = min(cap, next_fast_len(n, real=True))
        pmf, wx = _compute(params, n)
        pmf[0], wx[:, 0] = 0.0, 0.0  # exactly (FFT rounding leaves ~1e-17 in every entry)
        trunc = max(0.0, 1.0 - float(pmf.sum()))
        if trunc <= tl or n >= cap:
            break
        n *= 2
    if trunc > tl:
        warnings.warn(
            f"truncation error {trunc:.3g} > tail {tl:g} at max_length {cap}", stacklevel=2
        )
    x = np.vstack([pmf, wx])  # characters 0..3, weighted by the pmf
    state = np.clip((CHARACTERS @ x).T / 4.0, 0.0, None)
    return ChainDistribution(np.clip(pmf, 0.0, None), state, trunc, params.cycle_s)


def check_level_recursion(params: ChainParameters, tail: float = 1e-12) -> tuple[float, float]:
    """The physics.md 6 identity ``E[T_(n+1)] = E[max(T_n^A, T_n^B)] / p_s`` (no cutoff).

    Returns ``(lhs, rhs)``: the mean of the top level and the right side computed from the
    exact pmf of one half. Homogeneous chains only.
    """
    levels = params.nesting_levels()
    if levels < 1 or not params.homogeneous:
        raise InvalidParameterError("params", params.num_links, "a homogeneous chain of >= 2 links")
    top = nested_chain_distribution(params, tail=tail)
    half_prm = ChainParameters(
        params.p[: params.num_links // 2],
        params.p_swap,
        params.coefficients[: params.num_links // 2],
        params.memory_eigenvalues[: params.num_links // 2 + 1],
        params.gate_depolarising,
        params.readout_error,
        params.cutoff,
        params.cycle_s,
    )
    half, _ = _compute(half_prm, top.length)
    mean_max = float(np.sum(1.0 - np.cumsum(half) ** 2))
    return top.mean_cycles, mean_max / params.p_swap
