"""Photon sources: triggered single-photon sources and photon-pair (SPDC) sources.

Single-photon source (e.g. a quantum dot): per trigger it puts a photon into the fibre with
probability ``efficiency`` (the "fibre brightness"); its multi-photon part is characterised by
the second-order correlation ``g2(0)``. For a source with ``p1`` one-photon and ``p2``
two-photon probabilities and ``p2 << p1``, ``g2(0) ~ 2 p2 / p1**2`` (from
``g2(0) = <n(n-1)>/<n>**2``, Loudon, *The Quantum Theory of Light*, 3rd ed., ch. 6), so
``p2 ~ g2 p1**2 / 2``.

Pair source (SPDC, e.g. the Micius payload): pairs are emitted at ``pair_rate_hz``. Within a
time window ``tau`` (continuous-wave pumping) or per pump pulse, the number of pairs is
thermal (single mode) to Poisson (many modes); the mean pair number is
``mu = pair_rate * tau`` (CW) or ``pair_rate / repetition_rate`` (pulsed). The probability of a
multi-pair event is ``~mu**2`` (thermal single mode: ``mu**2 / (1+mu)**2``; Poisson:
``1 - e^-mu (1 + mu)``; Sangouard et al., RMP 83, 33 (2011), on SPDC pair sources).

Entangled pair source with background (M. Ma, C.-H. F. Fung, H.-K. Lo, "Quantum key
distribution with entangled photon sources", PRA 76, 012307 (2007), section III): a
polarisation-entangled SPDC source emits ``n`` pairs in one window with probability
``P(n) = (n+1) lam**n / (1+lam)**(n+2)`` (two thermal modes, mean ``mu = 2 lam`` pairs), the
``n`` pairs sharing one state in which both sides hold the same number of photons per
polarisation mode. With detection efficiencies ``eta_A, eta_B``, background click
probabilities ``Y0_A, Y0_B`` per window (random bit) and an intrinsic error ``e_d`` (finite
visibility ``V = 1 - 2 e_d``), their eqs. (9)-(10) give the coincidence probability ``Q`` and
error rate ``E`` of threshold detectors (double clicks give a random bit)
(:func:`thermal_coincidence_probability`, :func:`thermal_error_rate`);
:func:`sample_thermal_windows` draws the same process window by window (a Monte Carlo check).

Examples:
    >>> qd = SinglePhotonSource(1529.3, efficiency=0.1, g2_zero=0.02, repetition_rate_hz=80e6)
    >>> qd.photon_rate_hz
    8000000.0
    >>> round(qd.two_photon_probability, 6)     # g2 p1^2 / 2
    0.0001
    >>> s = PairSource(810.0, 810.0, pair_rate_hz=5.9e6)
    >>> round(s.mean_pair_number(2.5e-9), 6)     # CW: rate x window
    0.01475
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import (
    RngLike,
    as_rng,
    check_array_in_range,
    check_int,
    check_nonnegative,
    check_positive,
    check_probability,
)
from qnetsim.errors import InvalidParameterError

__all__ = [
    "MICIUS_PAIR_SOURCE",
    "MICIUS_PAIR_SOURCE_CITATIONS",
    "MICIUS_SOURCE_VISIBILITY",
    "PairSource",
    "SinglePhotonSource",
    "sample_thermal_windows",
    "thermal_coincidence_probability",
    "thermal_error_rate",
]


@dataclass(frozen=True)
class SinglePhotonSource:
    """A triggered single-photon source.

    Args:
        wavelength_nm: emission wavelength (nm), > 0.
        efficiency: probability of a photon in the output fibre per trigger, in [0, 1].
        g2_zero: second-order autocorrelation at zero delay, >= 0.
        repetition_rate_hz: trigger rate (Hz), > 0.
        hom_visibility: two-photon interference visibility between successive photons, [0, 1].

    Raises:
        InvalidParameterError: naming the first invalid field.
    """

    wavelength_nm: float
    efficiency: float
    g2_zero: float
    repetition_rate_hz: float
    hom_visibility: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "wavelength_nm", check_positive("wavelength_nm", self.wavelength_nm)
        )
        object.__setattr__(self, "efficiency", check_probability("efficiency", self.efficiency))
        object.__setattr__(self, "g2_zero", check_nonnegative("g2_zero", self.g2_zero))
        object.__setattr__(
            self,
            "repetition_rate_hz",
            check_positive("repetition_rate_hz", self.repetition_rate_hz),
        )
        object.__setattr__(
            self, "hom_visibility", check_probability("hom_visibility", self.hom_visibility)
        )

    @property
    def photon_rate_hz(self) -> float:
        """Photons per second into the fibre, ``efficiency * repetition_rate``."""
        return self.efficiency * self.repetition_rate_hz

    @property
    def two_photon_probability(self) -> float:
        """Approximate two-photon probability per trigger, ``g2 p1**2 / 2`` (low-``p2``
        limit)."""
        return 0.5 * self.g2_zero * self.efficiency**2


@dataclass(frozen=True)
class PairSource:
    """A photon-pair source (spontaneous parametric down-conversion).

    Args:
        signal_wavelength_nm: wavelength of one photon of the pair (nm), > 0.
        idler_wavelength_nm: wavelength of the other photon (nm), > 0.
        pair_rate_hz: pairs generated per second (at the source), > 0.
        repetition_rate_hz: pump pulse rate (Hz), or ``None`` for a continuous-wave pump.
        fidelity: fidelity of the emitted pair with the target Bell state, in [0, 1].
        statistics: ``"poisson"`` (many modes) or ``"thermal"`` (single mode) pair-number
            statistics.

    Raises:
        InvalidParameterError: naming the first invalid field.

    Examples:
        >>> PairSource(810.0, 810.0, pair_rate_hz=-1.0)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: pair_rate_hz = -1.0 is invalid; valid: (0, inf)
    """

    signal_wavelength_nm: float
    idler_wavelength_nm: float
    pair_rate_hz: float
    repetition_rate_hz: float | None = None
    fidelity: float = 1.0
    statistics: Literal["poisson", "thermal"] = "poisson"

    def __post_init__(self) -> None:
        for name in ("signal_wavelength_nm", "idler_wavelength_nm", "pair_rate_hz"):
            object.__setattr__(self, name, check_positive(name, getattr(self, name)))
        if self.repetition_rate_hz is not None:
            object.__setattr__(
                self,
                "repetition_rate_hz",
                check_positive("repetition_rate_hz", self.repetition_rate_hz),
            )
        object.__setattr__(self, "fidelity", check_probability("fidelity", self.fidelity))
        if self.statistics not in ("poisson", "thermal"):
            raise InvalidParameterError("statistics", self.statistics, "'poisson' or 'thermal'")

    @classmethod
    def from_visibility(
        cls,
        signal_wavelength_nm: float,
        idler_wavelength_nm: float,
        pair_rate_hz: float,
        visibility: float,
        **kwargs: object,
    ) -> PairSource:
        """A source whose pairs are the Werner state of two-photon visibility ``V``:
        ``rho = V |Phi+><Phi+| + (1 - V) I/4``, fidelity ``F = (1 + 3 V)/4``.

        Examples:
            >>> PairSource.from_visibility(810.0, 810.0, 1e6, 0.96).fidelity
            0.97
        """
        v = check_probability("visibility", visibility)
        return cls(
            signal_wavelength_nm,
            idler_wavelength_nm,
            pair_rate_hz,
            fidelity=round((1.0 + 3.0 * v) / 4.0, 15),
            **kwargs,  # type: ignore[arg-type]
        )

    @property
    def visibility(self) -> float:
        """Two-photon visibility of the Werner state, ``(4F - 1)/3`` (0 for ``F <= 1/4``)."""
        return max(0.0, (4.0 * self.fidelity - 1.0) / 3.0)

    def mean_pair_number(self, window_s: float | None = None) -> float:
        """Mean number of pairs per pump pulse (pulsed) or per window ``window_s`` (CW).

        Raises:
            InvalidParameterError: if a CW source is asked without a window.
        """
        if self.repetition_rate_hz is not None:
            return self.pair_rate_hz / self.repetition_rate_hz
        if window_s is None:
            raise InvalidParameterError(
                "window_s", window_s, "a window (s) > 0 for a continuous-wave source"
            )
        return self.pair_rate_hz * check_positive("window_s", window_s)

    def multi_pair_probability(self, window_s: float | None = None) -> float:
        """Probability of two or more pairs in one pulse/window (see module docstring).

        Examples:
            >>> p = PairSource(810.0, 810.0, 1e6, repetition_rate_hz=1e7, statistics="thermal")
            >>> round(p.multi_pair_probability(), 6)    # mu^2/(1+mu)^2 with mu = 0.1
            0.008264
        """
        mu = self.mean_pair_number(window_s)
        if self.statistics == "thermal":
            return (mu / (1.0 + mu)) ** 2
        return -math.expm1(-mu) - mu * math.exp(-mu)


FloatArray = NDArray[np.float64]


def _mfl_args(
    lam: ArrayLike, eta_a: ArrayLike, eta_b: ArrayLike, y0_a: ArrayLike, y0_b: ArrayLike
) -> tuple[FloatArray, ...]:
    return (
        check_array_in_range("lam", lam, 0.0),
        check_array_in_range("eta_a", eta_a, 0.0, 1.0),
        check_array_in_range("eta_b", eta_b, 0.0, 1.0),
        check_array_in_range("y0_a", y0_a, 0.0, 1.0),
        check_array_in_range("y0_b", y0_b, 0.0, 1.0),
    )


def thermal_coincidence_probability(
    lam: ArrayLike, eta_a: ArrayLike, eta_b: ArrayLike, y0_a: ArrayLike, y0_b: ArrayLike
) -> FloatArray:
    """Coincidence probability per window of a thermal entangled source (Ma, Fung, Lo 2007,
    eq. (9))::

        Q = 1 - (1-Y0_A)/(1+eta_A lam)**2 - (1-Y0_B)/(1+eta_B lam)**2
              + (1-Y0_A)(1-Y0_B)/(1+eta_A lam+eta_B lam-eta_A eta_B lam)**2

    Args:
        lam: half the mean pair number per window (``mu = 2 lam``), >= 0.
        eta_a, eta_b: detection probability of each photon, in [0, 1].
        y0_a, y0_b: background click probability per window, in [0, 1].

    Examples:
        >>> q = thermal_coincidence_probability(1e-3, 0.1, 0.2, 0.0, 0.0)
        >>> round(float(q) / (2 * 0.1 * 0.2 * 1e-3), 2)     # -> mu eta_A eta_B, mu = 2 lam
        1.0
    """
    lm, a, b, ya, yb = _mfl_args(lam, eta_a, eta_b, y0_a, y0_b)
    cross = 1.0 + a * lm + b * lm - a * b * lm
    return np.asarray(
        1.0
        - (1.0 - ya) / (1.0 + a * lm) ** 2
        - (1.0 - yb) / (1.0 + b * lm) ** 2
        + (1.0 - ya) * (1.0 - yb) / cross**2,
        dtype=np.float64,
    )


def thermal_error_rate(
    lam: ArrayLike,
    eta_a: ArrayLike,
    eta_b: ArrayLike,
    y0_a: ArrayLike,
    y0_b: ArrayLike,
    intrinsic_error: ArrayLike,
) -> FloatArray:
    """Error rate of the coincidences of a thermal entangled source (Ma, Fung, Lo 2007,
    eq. (10))::

        E Q = Q/2 - 2 (1/2 - e_d) eta_A eta_B lam (1+lam)
                    / ((1+eta_A lam)(1+eta_B lam)(1+eta_A lam+eta_B lam-eta_A eta_B lam))

    ``intrinsic_error`` is ``e_d`` in [0, 1/2] (``V = 1 - 2 e_d``). Where ``Q = 0`` the error
    rate is 1/2.

    Examples:
        >>> round(float(thermal_error_rate(1e-6, 0.1, 0.1, 0.0, 0.0, 0.02)), 4)   # -> e_d
        0.02
    """
    lm, a, b, ya, yb = _mfl_args(lam, eta_a, eta_b, y0_a, y0_b)
    ed = check_array_in_range("intrinsic_error", intrinsic_error, 0.0, 0.5)
    q = thermal_coincidence_probability(lm, a, b, ya, yb)
    cross = 1.0 + a * lm + b * lm - a * b * lm
    eq = 0.5 * q - 2.0 * (0.5 - ed) * a * b * lm * (1.0 + lm) / (
        (1.0 + a * lm) * (1.0 + b * lm) * cross
    )
    e = np.divide(eq, q, out=np.full(np.broadcast(eq, q).shape, 0.5), where=q > 0)
    return np.asarray(e, dtype=np.float64)


def sample_thermal_windows(
    lam: float,
    eta_a: float,
    eta_b: float,
    y0_a: float,
    y0_b: float,
    intrinsic_error: float,
    n_windows: int,
    rng: RngLike,
) -> tuple[int, int]:
    """Monte Carlo of ``n_windows`` windows of the process of Ma, Fung, Lo 2007: returns
    ``(coincidences, errors)`` in one measurement basis.

    Per window: ``n ~ P(n)`` (negative binomial, 2 modes), ``m`` of the pairs uniformly in
    {0..n} in the first polarisation mode (the equal-weight terms of the n-pair state), each
    photon detected independently (binomial), a background click with probability ``Y0`` on a
    random detector, threshold detectors, a random bit for a double click, and A's bit flipped
    with probability ``e_d``.

    Args:
        lam: half the mean pair number per window (``mu = 2 lam``), >= 0.
        eta_a, eta_b: detection efficiencies of the two sides.
        y0_a, y0_b: background click probabilities per window of the two sides.
        intrinsic_error: probability ``e_d`` that A's bit is flipped.
        n_windows: number of windows, >= 1.
        rng: a Generator or an int seed.
    """
    rng = as_rng(rng)
    lm = check_nonnegative("lam", lam)
    a, b = check_probability("eta_a", eta_a), check_probability("eta_b", eta_b)
    ya, yb = check_probability("y0_a", y0_a), check_probability("y0_b", y0_b)
    ed = check_probability("intrinsic_error", intrinsic_error)
    n_win = check_int("n_windows", n_windows, low=1)
    n = rng.negative_binomial(2, 1.0 / (1.0 + lm), n_win)
    m = rng.integers(0, n + 1)

    def side(eta: float, y0: float) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        hits0 = rng.binomial(m, eta)
        hits1 = rng.binomial(n - m, eta)
        background = rng.random(n_win) < y0
        to_first = rng.random(n_win) < 0.5
        hits0 = hits0 + (background & to_first)
        hits1 = hits1 + (background & ~to_first)
        click = (hits0 + hits1) > 0
        bit = np.where((hits0 > 0) & (hits1 > 0), rng.random(n_win) < 0.5, hits1 > 0)
        return click, bit

    click_a, bit_a = side(a, ya)
    click_b, bit_b = side(b, yb)
    bit_a = bit_a ^ (rng.random(n_win) < ed)
    both = click_a & click_b
    return int(both.sum()), int((both & (bit_a != bit_b)).sum())


#: ASSUMPTION: two-photon visibility 0.95 of the distributed pairs (range 0.90-0.99): a
#: Sagnac PPKTP source reaches 0.97-0.99 in the lab (Fedrizzi et al., Opt. Express 15, 15377
#: (2007)), taken here as 0.97 for flight hardware, times ~0.99 per downlink for the
#: polarisation compensation of satellite motion and the analysers (Han et al., Opt. Express
#: 28, 369 (2020), arXiv:1912.06318: compensation fidelity > 0.995 for the same group's
#: terminals): 0.97 x 0.99 x 0.99 = 0.95. Not the measured visibility of Yin 2017 (not found).
MICIUS_SOURCE_VISIBILITY: float = 0.95

#: The Micius on-board entangled-photon source (Yin et al., Science 356, 1140 (2017)).
MICIUS_PAIR_SOURCE: PairSource = PairSource.from_visibility(
    810.0, 810.0, 5.9e6, MICIUS_SOURCE_VISIBILITY
)
#: Sources of the numbers in :data:`MICIUS_PAIR_SOURCE`.
MICIUS_PAIR_SOURCE_CITATIONS: dict[str, str] = {
    "signal_wavelength_nm": "ASSUMPTION: 810 nm (a 405 nm pumped type-II SPDC source, as "
    "recalled for Yin et al. 2017, whose full text was not readable here; range 800-820 nm); "
    "the wavelength only sets the diffraction-limited spot, ~2% per nm",
    "idler_wavelength_nm": "ASSUMPTION: degenerate, as signal_wavelength_nm (range 800-820 nm)",
    "pair_rate_hz": "ASSUMPTION: 5.9e6 pairs per second at the source, as recalled for Yin et "
    "al. 2017 but not verified here (range 2e6-1e7, the brightness of space-qualified Sagnac "
    "SPDC sources); it sets the coincidence rate and, through multi-pair emission and "
    "accidental coincidences, S; not the summed loss",
    "fidelity": "ASSUMPTION: F = (1 + 3 V)/4 with the visibility V = 0.95 of "
    "MICIUS_SOURCE_VISIBILITY (range 0.90-0.99; source 0.97 x two downlinks' polarisation "
    "0.99 each); the measured visibility of Yin 2017 was not found",
}
