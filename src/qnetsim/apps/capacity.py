"""Capacity bounds of pure-loss bosonic channels, with and without repeaters.

All bounds are in bits per channel use (per mode) and are vectorised over the transmissivity.
The helpers ``*_fibre`` take a fibre length and attenuation instead of a transmissivity, and
:func:`per_second` converts a per-use figure to bits per second for a given repetition rate.

References:
    S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, Nat. Commun. 8, 15043 (2017).
    DOI: 10.1038/ncomms15043
    M. Takeoka, S. Guha, M. M. Wilde, Nat. Commun. 5, 5235 (2014). DOI: 10.1038/ncomms6235
    S. Pirandola, Commun. Phys. 2, 51 (2019). DOI: 10.1038/s42005-019-0147-3
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_array_in_range, check_positive
from qnetsim.errors import InvalidParameterError

__all__ = [
    "fibre_transmissivity",
    "midpoint_repeater_bound",
    "per_second",
    "plob_bound",
    "plob_bound_fibre",
    "repeater_chain_bound",
    "repeater_chain_bound_fibre",
    "tgw_bound",
    "tgw_bound_fibre",
]

FloatOrArray = NDArray[np.float64] | float


def _out(values: NDArray[np.float64]) -> FloatOrArray:
    return float(values) if values.ndim == 0 else values


def _eta(eta: ArrayLike, name: str = "eta") -> NDArray[np.float64]:
    return check_array_in_range(name, eta, 0.0, 1.0)


def fibre_transmissivity(
    length_km: ArrayLike, attenuation_db_per_km: float = 0.2
) -> FloatOrArray:
    """Transmissivity ``eta = 10**(-a L / 10)`` of a fibre of length ``L`` km.

    Args:
        length_km: fibre length(s) in km, >= 0.
        attenuation_db_per_km: loss coefficient ``a`` in dB/km, > 0 (0.2 at 1550 nm).

    References:
        G. P. Agrawal, Fiber-Optic Communication Systems, 4th ed. (Wiley, 2010), Eq. (2.5.2).
        DOI: 10.1002/9780470918524

    Examples:
        >>> fibre_transmissivity(50.0, 0.2)
        0.1
    """
    length = check_array_in_range("length_km", length_km, 0.0, np.inf)
    alpha = check_positive("attenuation_db_per_km", attenuation_db_per_km)
    return _out(10.0 ** (-alpha * length / 10.0))


def plob_bound(eta: ArrayLike) -> FloatOrArray:
    """PLOB bound ``-log2(1 - eta)``: the two-way assisted capacity of a pure-loss channel.

    It is the secret-key capacity, the entanglement-distribution capacity and the two-way
    quantum capacity of a repeaterless pure-loss channel; ``~1.44 eta`` for small ``eta``.
    ``eta = 1`` gives ``inf``.

    Args:
        eta: transmissivity (or array) in [0, 1].

    References:
        S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, "Fundamental limits of repeaterless
        quantum communications", Nat. Commun. 8, 15043 (2017), Eq. (19).
        DOI: 10.1038/ncomms15043

    Examples:
        >>> plob_bound(0.5)
        1.0
        >>> round(plob_bound(1e-3) / 1e-3, 3)
        1.443
    """
    e = _eta(eta)
    with np.errstate(divide="ignore"):
        return _out(-np.log2(1.0 - e))


def tgw_bound(eta: ArrayLike) -> FloatOrArray:
    """TGW bound ``log2((1 + eta)/(1 - eta))`` from the squashed entanglement (pure loss).

    Looser than PLOB by a factor that tends to 2 at small ``eta`` (``~2.89 eta``).

    Args:
        eta: transmissivity (or array) in [0, 1].

    References:
        M. Takeoka, S. Guha, M. M. Wilde, "Fundamental rate-loss tradeoff for optical quantum
        key distribution", Nat. Commun. 5, 5235 (2014), Eq. (3). DOI: 10.1038/ncomms6235

    Examples:
        >>> round(tgw_bound(0.5), 6)
        1.584963
    """
    e = _eta(eta)
    with np.errstate(divide="ignore"):
        return _out(np.log2((1.0 + e) / (1.0 - e)))


def repeater_chain_bound(etas: ArrayLike, *, axis: int = -1) -> FloatOrArray:
    """End-to-end capacity of a linear repeater chain: ``min_i -log2(1 - eta_i)``.

    The chain is limited by its worst link; for ``N`` equal segments of a line of total
    transmissivity ``eta`` each segment has ``eta**(1/N)``.

    Args:
        etas: per-link transmissivities in [0, 1]; the links run along ``axis``.
        axis: the axis of ``etas`` that indexes the links (default: last).

    References:
        S. Pirandola, "End-to-end capacities of a quantum communication network", Commun. Phys.
        2, 51 (2019), Eq. (8). DOI: 10.1038/s42005-019-0147-3

    Examples:
        >>> repeater_chain_bound([0.5, 0.75, 0.9])
        1.0
    """
    e = _eta(etas, "etas")
    if e.ndim == 0 or e.shape[axis] == 0:
        raise InvalidParameterError("etas", etas, "a non-empty sequence of link transmissivities")
    worst = np.min(e, axis=axis)
    with np.errstate(divide="ignore"):
        return _out(-np.log2(1.0 - worst))


def midpoint_repeater_bound(eta: ArrayLike) -> FloatOrArray:
    """Bound with one repeater at the midpoint: ``-log2(1 - sqrt(eta))``.

    The special case ``N = 2`` of :func:`repeater_chain_bound` with two equal halves.

    Args:
        eta: end-to-end transmissivity (or array) in [0, 1].

    References:
        S. Pirandola, Commun. Phys. 2, 51 (2019), Eq. (8) with two equal links.
        DOI: 10.1038/s42005-019-0147-3

    Examples:
        >>> midpoint_repeater_bound(0.25)
        1.0
    """
    e = _eta(eta)
    with np.errstate(divide="ignore"):
        return _out(-np.log2(1.0 - np.sqrt(e)))


def plob_bound_fibre(length_km: ArrayLike, attenuation_db_per_km: float = 0.2) -> FloatOrArray:
    """PLOB bound of a fibre of length ``length_km`` (see :func:`plob_bound`).

    References:
        S. Pirandola et al., Nat. Commun. 8, 15043 (2017), Eq. (19). DOI: 10.1038/ncomms15043

    Examples:
        >>> round(plob_bound_fibre(100.0), 6)  # 20 dB
        0.0145
    """
    return plob_bound(fibre_transmissivity(length_km, attenuation_db_per_km))


def tgw_bound_fibre(length_km: ArrayLike, attenuation_db_per_km: float = 0.2) -> FloatOrArray:
    """TGW bound of a fibre of length ``length_km`` (see :func:`tgw_bound`).

    References:
        M. Takeoka, S. Guha, M. M. Wilde, Nat. Commun. 5, 5235 (2014), Eq. (3).
        DOI: 10.1038/ncomms6235

    Examples:
        >>> round(tgw_bound_fibre(100.0), 6)
        0.028855
    """
    return tgw_bound(fibre_transmissivity(length_km, attenuation_db_per_km))


def repeater_chain_bound_fibre(
    length_km: ArrayLike, n_segments: int, attenuation_db_per_km: float = 0.2
) -> FloatOrArray:
    """Bound for a fibre of total length ``length_km`` cut into ``n_segments`` equal links.

    ``n_segments = 1`` is PLOB, ``n_segments = 2`` is one midpoint repeater.

    References:
        S. Pirandola, Commun. Phys. 2, 51 (2019), Eq. (8). DOI: 10.1038/s42005-019-0147-3

    Examples:
        >>> two = repeater_chain_bound_fibre(100.0, 2)
        >>> round(two, 9) == round(midpoint_repeater_bound(0.01), 9)
        True
    """
    if isinstance(n_segments, bool) or not isinstance(n_segments, (int, np.integer)):
        raise InvalidParameterError("n_segments", n_segments, "an integer >= 1", "wrong type")
    if n_segments < 1:
        raise InvalidParameterError("n_segments", n_segments, "an integer >= 1")
    length = check_array_in_range("length_km", length_km, 0.0, np.inf)
    eta_link = np.asarray(fibre_transmissivity(length / n_segments, attenuation_db_per_km))
    with np.errstate(divide="ignore"):
        return _out(-np.log2(1.0 - eta_link))


def per_second(bits_per_use: ArrayLike, repetition_rate_hz: float) -> FloatOrArray:
    """Convert bits per channel use to bits per second at ``repetition_rate_hz`` uses per second.

    Args:
        bits_per_use: rate(s) in bits per channel use, >= 0 (``inf`` allowed).
        repetition_rate_hz: channel uses per second, > 0.

    References:
        S. Pirandola et al., Nat. Commun. 8, 15043 (2017): rates per use times the clock.
        DOI: 10.1038/ncomms15043

    Examples:
        >>> per_second(0.5, 1e9)
        500000000.0
    """
    rate = check_array_in_range("bits_per_use", bits_per_use, 0.0, np.inf)
    clock = check_positive("repetition_rate_hz", repetition_rate_hz)
    return _out(rate * clock)
