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
  phase coherence (contrast) ``lambda = <exp(i dphi)> = exp(-sigma**2/2)``;
* emission quality, apart from the photons' distinguishability (``hom_visibility``): the
  emitter-photon entangled state's own errors, as a depolarising part
  ``spin_photon_depolarising`` (``rho -> (1-p) rho + p I/2`` on the emitter's qubit) and a
  dephasing part ``spin_photon_dephasing`` (a Z error with that probability), and the
  double-excitation probability ``double_excitation_probability`` of a single emitter (a
  second photon emitted after a re-excitation within one pulse; the first, early photon leaves
  the detection window and carries which-path information: Hermans et al., NJP 25, 013011
  (2023), doi:10.1088/1367-2630/acb004, section 3);
* the photon's wave packet: ``photon_length_s`` with ``photon_shape`` ``"exponential"``
  (1/e decay time of a spontaneously emitted photon) or ``"gaussian"`` (full width at half
  maximum); the fraction inside a detection window is :meth:`Emitter.window_capture`.

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

from qnetsim import _arrays
from qnetsim._validate import check_in_range, check_nonnegative, check_positive, check_probability
from qnetsim.errors import InvalidParameterError

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
        spin_photon_depolarising: depolarising probability of the emitter-photon state, in
            [0, 1].
        spin_photon_dephasing: Z-error probability of the emitter-photon state, in [0, 0.5].
        double_excitation_probability: probability of a re-excitation (two photons) per
            emission, in [0, 1].
        photon_length_s: wave-packet length (s), in (0, 1], or ``None`` (shorter than any
            window: fully captured).
        photon_shape: ``"exponential"`` (``photon_length_s`` is the 1/e decay time) or
            ``"gaussian"`` (``photon_length_s`` is the FWHM).

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
    spin_photon_depolarising: float = 0.0
    spin_photon_dephasing: float = 0.0
    double_excitation_probability: float = 0.0
    photon_length_s: float | None = None
    photon_shape: str = "exponential"

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
        for name in ("spin_photon_depolarising", "double_excitation_probability"):
            object.__setattr__(self, name, check_probability(name, getattr(self, name)))
        object.__setattr__(
            self,
            "spin_photon_dephasing",
            check_in_range("spin_photon_dephasing", self.spin_photon_dephasing, 0.0, 0.5),
        )
        if self.photon_length_s is not None:
            object.__setattr__(
                self,
                "photon_length_s",
                check_in_range("photon_length_s", self.photon_length_s, 0.0, 1.0, low_open=True),
            )
        if self.photon_shape not in ("exponential", "gaussian"):
            raise InvalidParameterError(
                "photon_shape", self.photon_shape, "'exponential' or 'gaussian'"
            )

    @property
    def emission_pauli_probabilities(self) -> tuple[float, float, float, float]:
        """Pauli probabilities ``(p_I, p_X, p_Z, p_Y)`` of the emitter-photon state's errors on
        the emitter's qubit: depolarising ``p`` then a Z error ``q``."""
        p, q = self.spin_photon_depolarising, self.spin_photon_dephasing
        i, x, z, y = 1 - 0.75 * p, 0.25 * p, 0.25 * p, 0.25 * p
        return ((1 - q) * i + q * z, (1 - q) * x + q * y, (1 - q) * z + q * i, (1 - q) * y + q * x)

    @property
    def spin_photon_fidelity(self) -> float:
        """Fidelity of the emitter-photon state to the ideal maximally entangled state
        (``p_I`` of :attr:`emission_pauli_probabilities`).

        Examples:
            >>> Emitter(780.0, 0.5, 1e-6, spin_photon_depolarising=0.04).spin_photon_fidelity
            0.97
        """
        return self.emission_pauli_probabilities[0]

    def window_capture(self, window_s: float) -> float:
        """Fraction of the photon's wave packet inside a detection window of ``window_s``
        (the window opens when the photon starts (exponential) or is centred on it
        (Gaussian)): ``1 - exp(-W/tau)`` or ``erf(W sqrt(ln 2) / FWHM)``; 1 without a
        ``photon_length_s``.

        Examples:
            >>> e = Emitter(393.0, 0.03, 1e-6, photon_length_s=20e-9, photon_shape="gaussian")
            >>> round(e.window_capture(20e-9), 3)           # one FWHM: 76%
            0.761
        """
        # a batch of windows (qnetsim.hardware.batch) holds validated detectors' windows
        w = window_s if _arrays.is_batch(window_s) else check_nonnegative("window_s", window_s)
        if self.photon_length_s is None:
            return 1.0
        if self.photon_shape == "gaussian":
            return _arrays.erf(w * math.sqrt(math.log(2.0)) / self.photon_length_s)
        return -_arrays.expm1(-w / self.photon_length_s)

    @property
    def phase_coherence(self) -> float:
        """Optical phase coherence ``lambda = exp(-sigma**2 / 2)`` (physics.md section 2)."""
        return _arrays.exp(-0.5 * self.phase_noise_sigma_rad**2)

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
        return replace(self, phase_noise_sigma_rad=self.sigma_from_phase_coherence(phase_coherence))
