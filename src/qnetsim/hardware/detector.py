"""Single-photon detectors: efficiency, dark counts, dead time, threshold vs number-resolving.

Models (standard photodetection theory, e.g. Hadfield, Nat. Photon. 3, 696 (2009), and the
detector model of Rozpedek et al., PRA 99, 052330 (2019), section II):

* dark counts are a Poisson process of rate ``r``: the probability of at least one dark count in
  a window ``tau`` is ``p_dc = 1 - exp(-r tau)`` (physics.md section 2 uses ``p_dc`` and
  ``q = 1 - p_dc``);
* each incident photon is detected independently with probability ``eta`` (loss is a beam
  splitter), so a Fock state ``|n>`` gives no signal count with probability ``(1 - eta)**n`` and
  a Poisson (coherent) state of mean ``mu`` with probability ``exp(-eta mu)``;
* a threshold detector clicks if there is a signal or a dark count:
  ``P(click | n) = 1 - (1 - p_dc)(1 - eta)**n``; a number-resolving detector reports the
  count ``k`` = binomial(n, eta) signal counts plus Poisson(r tau) dark counts;
* after a count the detector is blind for the dead time ``t_d``; a non-paralysable detector
  (Knoll, *Radiation Detection and Measurement*, ch. 4, dead-time models) registers
  ``R = r_in / (1 + r_in t_d)`` counts/s for an input count rate ``r_in``, at most
  ``1 / t_d``.

Examples:
    >>> d = Detector(efficiency=0.8, dark_count_rate_hz=10.0, window_s=1e-6)
    >>> round(d.dark_count_probability, 12)   # 1 - exp(-1e-5)
    9.99995e-06
    >>> round(d.click_probability_fock(1), 6)
    0.800002
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_int, check_nonnegative, check_positive, check_probability

__all__ = ["Detector", "dark_count_probability"]


def dark_count_probability(dark_count_rate_hz: float, window_s: float) -> float:
    """Probability ``1 - exp(-r tau)`` of at least one dark count in a window.

    Examples:
        >>> round(dark_count_probability(100.0, 1e-3), 6)
        0.095163
    """
    rate = check_nonnegative("dark_count_rate_hz", dark_count_rate_hz)
    window = check_nonnegative("window_s", window_s)
    return -math.expm1(-rate * window)


@dataclass(frozen=True)
class Detector:
    """A single-photon detector with a detection window.

    Args:
        efficiency: detection efficiency in [0, 1].
        dark_count_rate_hz: dark-count rate (counts/s), >= 0.
        window_s: detection (coincidence) window (s), > 0.
        dead_time_s: dead time after a count (s), >= 0 (0: no dead time).
        number_resolving: ``True`` for a photon-number-resolving detector.

    Raises:
        InvalidParameterError: naming the first invalid field.

    Examples:
        >>> Detector(efficiency=1.2, dark_count_rate_hz=0.0, window_s=1e-9)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: efficiency = 1.2 is invalid; valid: [0, 1]
    """

    efficiency: float
    dark_count_rate_hz: float
    window_s: float
    dead_time_s: float = 0.0
    number_resolving: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "efficiency", check_probability("efficiency", self.efficiency))
        object.__setattr__(
            self,
            "dark_count_rate_hz",
            check_nonnegative("dark_count_rate_hz", self.dark_count_rate_hz),
        )
        object.__setattr__(self, "window_s", check_positive("window_s", self.window_s))
        object.__setattr__(self, "dead_time_s", check_nonnegative("dead_time_s", self.dead_time_s))
        object.__setattr__(self, "number_resolving", bool(self.number_resolving))

    @property
    def dark_count_probability(self) -> float:
        """Probability of at least one dark count in one window, ``1 - exp(-r tau)``."""
        return dark_count_probability(self.dark_count_rate_hz, self.window_s)

    @property
    def mean_dark_counts(self) -> float:
        """Mean number of dark counts in one window, ``r tau``."""
        return self.dark_count_rate_hz * self.window_s

    @property
    def max_count_rate_hz(self) -> float:
        """Dead-time-limited maximum count rate ``1 / t_d`` (``inf`` without dead time)."""
        return math.inf if self.dead_time_s == 0.0 else 1.0 / self.dead_time_s

    def click_probability_fock(self, photon_number: int) -> float:
        """Probability of at least one count for an incident Fock state ``|n>``:
        ``1 - (1 - p_dc)(1 - eta)**n`` (the same for threshold and number-resolving detectors).

        Examples:
            >>> Detector(0.5, 0.0, 1e-9).click_probability_fock(2)
            0.75
        """
        n = check_int("photon_number", photon_number, low=0)
        return 1.0 - (1.0 - self.dark_count_probability) * (1.0 - self.efficiency) ** n

    def click_probability_poisson(self, mean_photon_number: float) -> float:
        """Probability of at least one count for a Poisson (coherent/thermal-free) input of
        mean ``mu``: ``1 - (1 - p_dc) exp(-eta mu)``.

        Examples:
            >>> round(Detector(1.0, 0.0, 1e-9).click_probability_poisson(1.0), 6)
            0.632121
        """
        mu = check_nonnegative("mean_photon_number", mean_photon_number)
        return 1.0 - (1.0 - self.dark_count_probability) * math.exp(-self.efficiency * mu)

    def count_distribution_fock(self, photon_number: int, max_counts: int) -> NDArray[np.float64]:
        """Distribution of the reported count for an incident Fock state ``|n>``.

        For a number-resolving detector: signal counts ~ Binomial(n, eta) plus dark counts ~
        Poisson(r tau), entries ``k = 0..max_counts`` (the last entry holds ``P(k >=
        max_counts)`` so the array sums to 1). A threshold detector reports 0 or 1: the array
        is ``[P(no click), P(click)]`` padded with zeros.

        Examples:
            >>> Detector(0.5, 0.0, 1e-9, number_resolving=True).count_distribution_fock(2, 3)
            array([0.25, 0.5 , 0.25, 0.  ])
        """
        n = check_int("photon_number", photon_number, low=0)
        kmax = check_int("max_counts", max_counts, low=1)
        out = np.zeros(kmax + 1)
        if not self.number_resolving:
            p_click = self.click_probability_fock(n)
            out[0] = 1.0 - p_click
            out[1] = p_click
            return out
        from scipy import stats  # lazy: scipy.stats costs ~0.5 s of start-up

        signal = stats.binom.pmf(np.arange(n + 1), n, self.efficiency)
        dark = stats.poisson.pmf(np.arange(kmax + 1), self.mean_dark_counts)
        total = np.convolve(signal, dark)[: kmax + 1]
        out[: total.size] = total
        out[kmax] = max(0.0, 1.0 - float(out[:kmax].sum()))
        return out

    def registered_rate_hz(self, incident_photon_rate_hz: float) -> float:
        """Registered count rate for a steady incident photon rate, with dark counts and a
        non-paralysable dead time: ``r_in / (1 + r_in t_d)`` with
        ``r_in = eta * incident + dark``.

        Examples:
            >>> Detector(0.5, 0.0, 1e-9, dead_time_s=1e-6).registered_rate_hz(2e6)
            500000.0
        """
        incident = check_nonnegative("incident_photon_rate_hz", incident_photon_rate_hz)
        r_in = self.efficiency * incident + self.dark_count_rate_hz
        return r_in / (1.0 + r_in * self.dead_time_s)
