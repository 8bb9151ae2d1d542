"""Key versus measurement time and distance (DI-QKD, BBM92), against the asymptotic rate and PLOB.

For a link (or any system with an event rate, ``S`` and QBER per distance) the finite-size key
after measuring for ``T`` hours uses ``n = rate_hz * 3600 T`` events:

    key (bit/s) = rate_hz * r_finite(S, Q, n),

with ``r_finite`` from :func:`qnetsim.apps.qkd.key.diqkd_finite_key` (default ``renyi``). The
asymptotic curve is ``rate_hz * r_inf(S, Q)`` (same EC model, ``n -> inf``), and the PLOB bound
``-log2(1 - eta) * uses_per_s`` (Pirandola et al. 2017) with ``eta`` the fibre transmissivity
of the whole link and ``uses_per_s = modes / cycle_s`` the channel uses per second.
:func:`link_diqkd_statistics` gives the inputs for a :class:`~qnetsim.link.design.Link` from its
closed form (what ``application_closed_form`` of a ``diqkd`` scenario computes).

The same for entanglement-based BB84 (BBM92) on the link: :func:`link_bbm92_statistics` gives
the error rates of the best pair of mutually unbiased bases for Alice (the two largest singular
values ``t1 >= t2`` of the correlation matrix: ``Q_key = (1 - t1)/2``, ``Q_test = (1 - t2)/2``,
since ``P(a != b) = (1 - a.T.b)/2`` for measurement directions ``a``, ``b``), and
:func:`bbm92_key_versus_time_and_distance` the Tomamichel et al. 2012 finite key with the basis
bias optimised (:func:`qnetsim.apps.qkd.finite_key.bbm92_finite_key_rate`); its asymptote is
``1 - h(Q_test) - f_EC h(Q_key)`` per detected pair. The figure is
built with an Agg canvas (no ``pyplot``); save it with ``fig.savefig(path)``.

References:
    S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, Nat. Commun. 8, 15043 (2017), Eq. (19).
    DOI: 10.1038/ncomms15043
    R. Horodecki, P. Horodecki, M. Horodecki, Phys. Lett. A 200, 340 (1995) (S of a state).
    DOI: 10.1016/0375-9601(95)00214-N
    M. Tomamichel, C. C. W. Lim, N. Gisin, R. Renner, Nat. Commun. 3, 634 (2012), Eq. (2).
    DOI: 10.1038/ncomms1631
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_array_in_range, check_in_range, check_probability
from qnetsim.apps.capacity import plob_bound
from qnetsim.apps.entropy import binary_entropy
from qnetsim.apps.qkd.bell_test import optimal_chsh_settings
from qnetsim.apps.qkd.chsh import chsh_max, correlation_matrix
from qnetsim.apps.qkd.diqkd import TSIRELSON_BOUND
from qnetsim.apps.qkd.finite_key import bbm92_finite_key_rate
from qnetsim.apps.qkd.key import diqkd_finite_key
from qnetsim.errors import InvalidParameterError
from qnetsim.link.design import Link

__all__ = [
    "KeyCurves",
    "bbm92_key_versus_time_and_distance",
    "key_versus_time_and_distance",
    "link_bbm92_statistics",
    "link_diqkd_statistics",
    "plot_key_versus_time_and_distance",
]


@dataclass(frozen=True)
class KeyCurves:
    """Key rates on a distance x measurement-time grid (bits per second).

    Attributes:
        distance_km: the distances (D,).
        hours: measurement times (T,).
        event_rate_hz, chsh, qber: inputs per distance (D,) (``chsh`` NaN for BBM92, whose
            ``qber`` is the key basis's).
        finite_bits_per_s: (T, D) finite-size key rate after each measurement time.
        asymptotic_bits_per_s: (D,) the ``n -> inf`` rate.
        plob_bits_per_s: (D,) the PLOB bound (NaN when the channel uses are not given).
        method: the finite-size bound.
        protocol: ``"diqkd"`` or ``"bbm92"``.
        qber_test: (D,) BBM92's test-basis error rate (None for DI-QKD).
    """

    distance_km: NDArray[np.float64]
    hours: NDArray[np.float64]
    event_rate_hz: NDArray[np.float64]
    chsh: NDArray[np.float64]
    qber: NDArray[np.float64]
    finite_bits_per_s: NDArray[np.float64]
    asymptotic_bits_per_s: NDArray[np.float64]
    plob_bits_per_s: NDArray[np.float64]
    method: str
    protocol: str = "diqkd"
    qber_test: NDArray[np.float64] | None = None


def link_diqkd_statistics(
    link: Link, distance_km: ArrayLike, *, readout_error: float = 0.0
) -> tuple[NDArray[np.float64], ...]:
    """``(event_rate_hz, S, QBER, channel_uses_per_s, eta)`` of ``link`` at each distance.

    The link is rebuilt with ``length_km`` = each distance (everything else kept). ``S`` is the
    Horodecki maximum of the delivered state times ``(1 - 2e)^2`` and the QBER the key-setting
    error ``(1 - a0.T.b2 (1 - 2e)^2)/2`` of the optimal CHSH settings, ``e`` the readout error.

    Examples:
        >>> from qnetsim.hardware import get_platform
        >>> link = Link(get_platform("rb_atom_lu2026"), 11.0)
        >>> rate, s, q, uses, eta = link_diqkd_statistics(link, [11.0, 50.0])
        >>> bool(rate[0] > rate[1] and eta[0] > eta[1])
        True
    """
    def stats(rho: Any, shrink: float) -> tuple[float, float]:
        s = min(float(chsh_max(rho)) * shrink, TSIRELSON_BOUND)
        st = optimal_chsh_settings(rho)
        q = 0.5 * (1.0 - float(st.a0 @ correlation_matrix(rho) @ st.b2) * shrink)
        return s, min(max(q, 0.0), 0.5)

    return _link_rows(link, distance_km, readout_error, stats)


def _link_rows(
    link: Link, distance_km: ArrayLike, readout_error: float,
    stats: Callable[[Any, float], tuple[float, float]],
) -> tuple[NDArray[np.float64], ...]:
    """``(rate, *stats(rho, (1 - 2e)^2), uses, eta)`` of ``link`` rebuilt at each distance."""
    d = check_array_in_range("distance_km", distance_km, 0.0, np.inf).ravel()
    shrink = (1.0 - 2.0 * check_probability("readout_error", readout_error)) ** 2
    cols: list[list[float]] = [[], [], [], [], []]
    for length in d:
        lk = dataclasses.replace(link, length_km=float(length))
        first, second = stats(lk.delivered_state.state, shrink)
        eta = 10.0 ** (-lk.fibres[0].attenuation * lk.length_km / 10.0)
        for col, value in zip(cols, (lk.rate_hz, first, second, lk.num_modes / lk.cycle_s, eta),
                              strict=True):
            col.append(float(value))
    return tuple(np.asarray(c) for c in cols)


def key_versus_time_and_distance(
    distance_km: ArrayLike,
    event_rate_hz: ArrayLike,
    chsh: ArrayLike,
    qber: ArrayLike,
    hours: ArrayLike,
    *,
    method: str = "renyi",
    eps_sound: float = 1e-10,
    channel_uses_per_s: ArrayLike | None = None,
    eta: ArrayLike | None = None,
) -> KeyCurves:
    """Finite-size and asymptotic DI-QKD key rates (bit/s) on a distance x time grid.

    Args:
        distance_km: distances (D,), increasing.
        event_rate_hz: events per second at each distance (D,), >= 0.
        chsh, qber: the statistics at each distance (D,).
        hours: measurement times (T,), > 0.
        method: finite-size bound (see :data:`qnetsim.apps.qkd.key.METHODS`).
        eps_sound: total security parameter.
        channel_uses_per_s, eta: for the PLOB bound (both or neither).

    Examples:
        >>> c = key_versus_time_and_distance([10, 20], [1.0, 0.5], [2.6, 2.55], [0.04, 0.05],
        ...                                  [100, 1000])
        >>> c.finite_bits_per_s.shape
        (2, 2)
    """
    d, rate, t, (s, q) = _grid_inputs(distance_km, event_rate_hz, hours,
                                      chsh=np.asarray(chsh, dtype=np.float64).ravel(),
                                      qber=np.asarray(qber, dtype=np.float64).ravel())
    asym = np.full(d.size, np.nan)

    def per_event(j: int, n: float) -> float:
        res = diqkd_finite_key(s[j], q[j], n, method=method, eps_sound=eps_sound)
        asym[j] = res.asymptotic_bits_per_round * rate[j]
        return res.key_bits_per_round

    finite = _finite_grid(rate, t, per_event)
    for j in np.flatnonzero(np.isnan(asym)):  # no time long enough for one event: n = 1
        res = diqkd_finite_key(s[j], q[j], 1.0, method=method, eps_sound=eps_sound)
        asym[j] = res.asymptotic_bits_per_round * rate[j]
    plob = _plob(channel_uses_per_s, eta, d.size)
    return KeyCurves(d, t, rate, s, q, finite, asym, plob, method)


def _grid_inputs(
    distance_km: ArrayLike, event_rate_hz: ArrayLike, hours: ArrayLike,
    **stats: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64],
           tuple[NDArray[np.float64], ...]]:
    """Validated ``(distances, rates, hours, stats)``: one rate and statistic per distance."""
    d = check_array_in_range("distance_km", distance_km, 0.0, np.inf).ravel()
    rate = check_array_in_range("event_rate_hz", event_rate_hz, 0.0, np.inf).ravel()
    t = check_array_in_range("hours", hours, 0.0, np.inf).ravel()
    if np.any(t <= 0):
        raise InvalidParameterError("hours", hours, "times > 0")
    for name, arr in (("event_rate_hz", rate), *stats.items()):
        if arr.shape != d.shape:
            raise InvalidParameterError(f"{name}.shape", arr.shape, f"{d.shape} (one per distance)")
    return d, rate, t, tuple(stats.values())


def _finite_grid(
    rate: NDArray[np.float64], hours: NDArray[np.float64],
    per_event: Callable[[int, float], float],
) -> NDArray[np.float64]:
    """(T, D) key in bit/s: ``per_event(j, n)`` bits per event after ``n = rate 3600 T``."""
    finite = np.zeros((hours.size, rate.size))
    for j in range(rate.size):
        for i, hrs in enumerate(hours):
            n = rate[j] * 3600.0 * hrs
            if n >= 1.0:
                finite[i, j] = per_event(j, n) * rate[j]
    return finite


def _plob(
    channel_uses_per_s: ArrayLike | None, eta: ArrayLike | None, size: int
) -> NDArray[np.float64]:
    """PLOB bound in bit/s per distance, NaN unless both inputs are given."""
    if channel_uses_per_s is None or eta is None:
        return np.full(size, np.nan)
    uses = check_array_in_range("channel_uses_per_s", channel_uses_per_s, 0.0, np.inf).ravel()
    trans = check_array_in_range("eta", eta, 0.0, 1.0).ravel()
    for name, arr in (("channel_uses_per_s", uses), ("eta", trans)):
        if arr.shape != (size,):
            raise InvalidParameterError(f"{name}.shape", arr.shape, f"({size},) (one per distance)")
    return np.asarray(plob_bound(trans)) * uses


def link_bbm92_statistics(
    link: Link, distance_km: ArrayLike, *, readout_error: float = 0.0
) -> tuple[NDArray[np.float64], ...]:
    """``(event_rate_hz, Q_key, Q_test, channel_uses_per_s, eta)`` of ``link`` per distance.

    ``Q_key = (1 - t1 (1 - 2e)^2)/2`` and ``Q_test = (1 - t2 (1 - 2e)^2)/2`` with ``t1 >= t2``
    the two largest singular values of the delivered state's correlation matrix (module doc)
    and ``e`` the readout error per party.

    Examples:
        >>> from qnetsim.hardware import get_platform
        >>> link = Link(get_platform("rb_atom_lu2026"), 11.0)
        >>> rate, qk, qt, uses, eta = link_bbm92_statistics(link, [11.0, 50.0])
        >>> bool(qk[0] <= qt[0] < 0.5 and rate[0] > rate[1])
        True
    """
    def stats(rho: Any, shrink: float) -> tuple[float, float]:
        sv = np.linalg.svd(correlation_matrix(rho), compute_uv=False)
        q_key, q_test = (min(max(0.5 * (1.0 - float(t) * shrink), 0.0), 0.5) for t in sv[:2])
        return q_key, q_test

    return _link_rows(link, distance_km, readout_error, stats)


def bbm92_key_versus_time_and_distance(
    distance_km: ArrayLike,
    event_rate_hz: ArrayLike,
    qber_key: ArrayLike,
    qber_test: ArrayLike,
    hours: ArrayLike,
    *,
    eps_sound: float = 1e-10,
    eps_completeness: float = 1e-2,
    ec_efficiency: float = 1.1,
    channel_uses_per_s: ArrayLike | None = None,
    eta: ArrayLike | None = None,
) -> KeyCurves:
    """Finite-size and asymptotic BBM92 key rates (bit/s) on a distance x time grid.

    ``n = event_rate_hz * 3600 * hours`` detected pairs; the finite key per pair is
    :func:`qnetsim.apps.qkd.finite_key.bbm92_finite_key_rate` (Tomamichel et al. 2012, basis
    bias optimised), the asymptote ``1 - h(Q_test) - f_EC h(Q_key)`` per pair.

    Examples:
        >>> c = bbm92_key_versus_time_and_distance([10, 20], [1e3, 5e2], [0.02, 0.03],
        ...                                        [0.03, 0.04], [1, 10])
        >>> c.finite_bits_per_s.shape, c.protocol
        ((2, 2), 'bbm92')
    """
    d, rate, t, (qk, qt) = _grid_inputs(
        distance_km, event_rate_hz, hours,
        qber_key=check_array_in_range("qber_key", qber_key, 0.0, 0.5).ravel(),
        qber_test=check_array_in_range("qber_test", qber_test, 0.0, 0.5).ravel())
    f = check_in_range("ec_efficiency", ec_efficiency, 1.0, np.inf, high_open=True)
    h_key, h_test = np.asarray(binary_entropy(qk)), np.asarray(binary_entropy(qt))
    asym = np.maximum(1.0 - h_test - f * h_key, 0.0) * rate

    def per_pair(j: int, n: float) -> float:
        return bbm92_finite_key_rate(n, float(qk[j]), float(qt[j]), eps_sound=eps_sound,
                                     eps_completeness=eps_completeness, ec_efficiency=f)[0]

    finite = _finite_grid(rate, t, per_pair)
    plob = _plob(channel_uses_per_s, eta, d.size)
    return KeyCurves(d, t, rate, np.full(d.size, np.nan), qk, finite, asym, plob,
                     "tomamichel2012", "bbm92", qt)


def plot_key_versus_time_and_distance(curves: KeyCurves, *, title: str | None = None) -> Figure:
    """Two panels: (a) key rate vs distance for each measurement time, with the asymptotic rate
    and PLOB; (b) key rate vs measurement time at the first, middle and last distance.

    Examples:
        >>> c = key_versus_time_and_distance([10, 20, 30], [1.0, 0.5, 0.2], [2.6, 2.55, 2.5],
        ...                                  [0.04, 0.05, 0.06], [100, 1000],
        ...                                  channel_uses_per_s=[1e4] * 3, eta=[0.5, 0.3, 0.2])
        >>> fig = plot_key_versus_time_and_distance(c)
        >>> [line.get_label() for line in fig.axes[0].get_lines()][-2:]
        ['asymptotic', 'PLOB bound']
    """
    fig = Figure(figsize=(11.0, 4.4))
    FigureCanvasAgg(fig)
    ax, bx = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    d = curves.distance_km
    for i, hrs in enumerate(curves.hours):
        y = curves.finite_bits_per_s[i]
        ax.semilogy(d, np.where(y > 0, y, np.nan),
                    label=f"finite size, {hrs:g} h ({curves.method})")
    ax.semilogy(d, np.where(curves.asymptotic_bits_per_s > 0, curves.asymptotic_bits_per_s,
                            np.nan), "k--", label="asymptotic")
    ax.semilogy(d, curves.plob_bits_per_s, "k-", label="PLOB bound")
    ax.set_xlabel("distance (km)")
    ax.set_ylabel("secret key (bits per second)")
    ax.set_title("(a) key versus distance")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="small")
    picks = sorted({0, d.size // 2, d.size - 1})
    for j in picks:
        y = curves.finite_bits_per_s[:, j]
        bx.loglog(curves.hours, np.where(y > 0, y, np.nan), "o-", label=f"{d[j]:.3g} km")
        if curves.asymptotic_bits_per_s[j] > 0:
            bx.axhline(curves.asymptotic_bits_per_s[j], ls="--", lw=0.8, color="grey")
    bx.set_xlabel("measurement time (hours)")
    bx.set_ylabel("secret key (bits per second)")
    bx.set_title("(b) key versus measurement time (dashed: asymptotic)")
    bx.grid(True, which="both", alpha=0.3)
    bx.legend(fontsize="small")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
