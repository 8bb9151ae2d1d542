"""Spin-photon interface (emitter): the optical side of a communication qubit.

Parameters entering the heralding models of physics.md section 2:

* ``emission_efficiency``: probability that an attempt puts a photon into the fibre at the
  emission wavelength (emission x collection x fibre coupling; before conversion, fibre and
  detection), a factor of the per-arm ``eta``;
* ``alpha``: bright-state population of the single-click protocol (Humphreys et al., Nature
  558, 268 (2018); Hermans et al., NJP 25, 013011 (2023)), in (0, 1); fidelity ~ 1 - alpha;
* ``excitation_probability``: DLCZ write excitation probability ``p`` (Duan et al., Nature 414,
  413 (2001); Sangouard et al., RMP 83, 33 (2011)), in (0, 1);
* ``attempt_duration_s``: local cycle time of one attempt (initialisation, excitation,
  emission), excluding fibre propagation, which the link layer adds;
* ``hom_visibility``: two-photon (Hong-Ou-Mandel) visibility ``V`` with an identical emitter;
  the single-click fidelity depends on ``sqrt(V)`` (physics.md section 2);
* optical phase noise: Gaussian phase jitter ``sigma`` (rad) between the two arms gives a
  phase coherence (contrast) ``lambda = <exp(i dphi)> = exp(-sigma**2/2)``.

Examples:
    >>> e = Emitter(637.0, 0.03, 5.5e-6, alpha=0.1, phase_noise_sigma_rad=0.2)
    >>> round(e.phase_coherence, 6)       # exp(-0.02)
    0.980199
    >>> round(Emitter.sigma_from_phase_coherence(e.phase_coherence), 9)
    0.2
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from qnetsim._validate import check_in_range, check_nonnegative, check_positive, check_probability

__all__ = ["Emitter"]


def _open_unit(name: str, value: float) -> float:
    return check_in_range(name, value, 0.0, 1.0, low_open=True, high_open=True)


@dataclass(frozen=True)
class Emitter:
    """An optical emitter (spin-photon interface or ensemble write/read interface).

    Args:
        wavelength_nm: emission wavelength (nm), > 0.
        emission_efficiency: emission-and-collection efficiency into fibre, in [0, 1].
        attempt_duration_s: local cycle time of one attempt (s), > 0.
        alpha: bright-state population for single-click schemes, in (0, 1), or ``None``.
        excitation_probability: DLCZ excitation probability, in (0, 1), or ``None``.
        hom_visibility: HOM visibility with an identical emitter, in [0, 1].
        phase_noise_sigma_rad: standard deviation of the optical phase between arms (rad),
            >= 0.

    Raises:
        InvalidParameterError: naming the first invalid field.

    Examples:
        >>> Emitter(780.0, 0.5, 1e-6, alpha=1.0)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: alpha = 1.0 is invalid; valid: (0, 1)
    """

    wavelength_nm: float
    emission_efficiency: float
    attempt_duration_s: float
    alpha: float | None = None
    excitation_probability: float | None = None
    hom_visibility: float = 1.0
    phase_noise_sigma_rad: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "wavelength_nm", check_positive("wavelength_nm", self.wavelength_nm)
        )
        object.__setattr__(
            self,
            "emission_efficiency",
            check_probability("emission_efficiency", self.emission_efficiency),
        )
        object.__setattr__(
            self,
            "attempt_duration_s",
            check_positive("attempt_duration_s", self.attempt_duration_s),
        )
        if self.alpha is not None:
            object.__setattr__(self, "alpha", _open_unit("alpha", self.alpha))
        if self.excitation_probability is not None:
            object.__setattr__(
                self,
                "excitation_probability",
                _open_unit("excitation_probability", self.excitation_probability),
            )
        object.__setattr__(
            self, "hom_visibility", check_probability("hom_visibility", self.hom_visibility)
        )
        object.__setattr__(
            self,
            "phase_noise_sigma_rad",
            check_nonnegative("phase_noise_sigma_rad", self.phase_noise_sigma_rad),
        )

    @property
    def phase_coherence(self) -> float:
        """Optical phase coherence ``lambda = exp(-sigma**2 / 2)`` (physics.md section 2)."""
        return math.exp(-0.5 * self.phase_noise_sigma_rad**2)

    @property
    def attempt_rate_hz(self) -> float:
        """Local attempt rate ``1 / attempt_duration_s`` (before any fibre-delay limit)."""
        return 1.0 / self.attempt_duration_s

    @staticmethod
    def sigma_from_phase_coherence(phase_coherence: float) -> float:
        """Gaussian phase noise ``sigma = sqrt(-2 ln lambda)`` giving the coherence (contrast)
        ``lambda`` in (0, 1].

        Examples:
            >>> Emitter.sigma_from_phase_coherence(1.0)
            0.0
        """
        lam = check_in_range("phase_coherence", phase_coherence, 0.0, 1.0, low_open=True)
        return math.sqrt(max(0.0, -2.0 * math.log(lam)))

    def with_alpha(self, alpha: float) -> Emitter:
        """A copy with another bright-state population (validated)."""
        return replace(self, alpha=alpha)

    def with_phase_coherence(self, phase_coherence: float) -> Emitter:
        """A copy whose phase noise gives the coherence ``phase_coherence``."""
        return replace(
            self, phase_noise_sigma_rad=self.sigma_from_phase_coherence(phase_coherence)
        )
