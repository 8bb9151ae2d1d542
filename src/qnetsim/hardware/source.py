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

from qnetsim._validate import check_nonnegative, check_positive, check_probability
from qnetsim.errors import InvalidParameterError

__all__ = [
    "MICIUS_PAIR_SOURCE",
    "MICIUS_PAIR_SOURCE_CITATIONS",
    "PairSource",
    "SinglePhotonSource",
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


#: The Micius on-board entangled-photon source (Yin et al., Science 356, 1140 (2017)).
MICIUS_PAIR_SOURCE: PairSource = PairSource(810.0, 810.0, pair_rate_hz=5.9e6)

#: Sources of the numbers in :data:`MICIUS_PAIR_SOURCE`.
MICIUS_PAIR_SOURCE_CITATIONS: dict[str, str] = {
    "signal_wavelength_nm": "Yin et al. 2017: ~810 nm photons (405 nm pumped type-II SPDC) [S]",
    "idler_wavelength_nm": "Yin et al. 2017: degenerate ~810 nm [S]",
    "pair_rate_hz": "Yin et al. 2017: ~5.9 million pairs per second at the source (recalled "
    "from the paper, not verified here)",
    "fidelity": "ASSUMPTION: ideal source (1.0); the source's own fidelity is not modelled",
}
