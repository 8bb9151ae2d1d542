"""Satellite entanglement distribution over two simultaneous downlinks (Micius, Yin et al. 2017).

An SPDC pair source on the satellite sends one photon of each pair down a free-space link to
station A and the other down a second link to station B (J. Yin et al., "Satellite-based
entanglement distribution over 1200 kilometers", Science 356, 1140 (2017),
doi:10.1126/science.aan3211, arXiv:1707.01339). Both stations must see the satellite at once.

Model (every rate is per second, every transmissivity from
:class:`~qnetsim.hardware.free_space.FreeSpaceLink`):

* Geometry (:class:`~qnetsim.hardware.orbit.DualPass`, in the hardware layer): one pass on a
  shared time axis, a :class:`~qnetsim.hardware.free_space.SatellitePass` per station, each
  with its own time of closest approach; the link is used only inside the common visibility
  window of the two stations.
* Summed two-downlink loss: ``L = -10 log10(eta_A eta_B)`` dB (links only, no detectors).
* True coincidences: ``R_c = R_pair eta_A d_A eta_B d_B`` with detector efficiencies
  ``d_A, d_B`` (independent losses of the two photons; valid for mean pair number per
  coincidence window << 1, dead time neglected).
* Singles: ``S_A = R_pair eta_A d_A + n_A`` (``n_A``: dark plus background counts of the
  station). Accidental coincidences between uncorrelated streams within a window of full
  width ``tau``: ``R_acc = S_A S_B tau`` (the chance-coincidence rate ``2 tau' r1 r2`` for a
  resolving time ``tau' = tau/2``; G. F. Knoll, *Radiation Detection and Measurement*, ch. 17,
  chance coincidences). Photons of different pairs (multi-pair emission) and noise counts
  both enter through the singles.
* Delivered state: the source's Werner state of fidelity ``F`` mixed with white noise, since an
  accidental coincidence carries uncorrelated polarisations:
  ``rho = p rho_W(F) + (1 - p) I/4`` with ``p = R_c / (R_c + R_acc)``, so the Werner parameter
  is ``w = p (4F - 1)/3``; in Bell-diagonal coefficients (Phi+, Psi+, Phi-, Psi-) it is
  ``p werner(F) + (1 - p)/4``.
* CHSH: for a Bell-diagonal state with correlations ``T = diag(t)``, the optimum over settings
  is ``S = 2 sqrt(s1**2 + s2**2)`` with ``s1 >= s2`` the two largest ``|t_i|`` (R. Horodecki,
  P. Horodecki, M. Horodecki, Phys. Lett. A 200, 340 (1995), doi:10.1016/0375-9601(95)00214-N);
  for a Werner state ``S = 2 sqrt(2) w``. :func:`sample_chsh` draws a CHSH test (Clauser et al.,
  PRL 23, 880 (1969)) of ``N`` coincidences with uniformly random settings at those optimal
  settings: each setting pair's correlator is a binomial estimate, with the standard error
  ``sqrt(sum (1 - E**2)/N_xy)`` of :func:`qnetsim.apps.qkd.chsh.chsh_from_counts`. (The link
  layer may not import ``apps``, so the sampling is done here from the correlators; it is
  statistically the same as :func:`qnetsim.apps.qkd.bell_test.simulate_chsh`, which the tests
  check.)

Examples:
    >>> import numpy as np
    >>> from qnetsim.hardware.free_space import FreeSpaceLink
    >>> from qnetsim.hardware.orbit import DualPass
    >>> from qnetsim.hardware.source import PairSource
    >>> link = FreeSpaceLink.from_divergence(810.0, 10e-6, 0.5)
    >>> geo = DualPass.along_track(500.0, 1200.0, min_elevation_deg=10.0)
    >>> dd = DualDownlink(PairSource(810.0, 810.0, 5e6, fidelity=0.97), link, link, geo,
    ...                   detector_efficiency_a=0.5, detector_efficiency_b=0.5)
    >>> t = np.array([0.0])                   # satellite midway between the stations
    >>> eta_a, eta_b = dd.transmissivities(t)
    >>> bool(np.isclose(dd.summed_loss_db(t)[0], -10 * np.log10(eta_a[0] * eta_b[0])))
    True
    >>> rc, ra = dd.coincidence_rate_hz(t)[0], dd.accidental_rate_hz(t)[0]   # multi-pair only
    >>> w = rc / (rc + ra) * (4 * 0.97 - 1) / 3
    >>> bool(np.isclose(dd.expected_chsh(t)[0], 2 * np.sqrt(2) * w))
    True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

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
from qnetsim.hardware.atmosphere import NIGHT_SKY_RADIANCE_W_M2_SR_NM, background_count_rate_hz
from qnetsim.hardware.free_space import (
    MICIUS_ALTITUDE_KM,
    MICIUS_DELINGHA,
    MICIUS_LIJIANG,
    MIN_ELEVATION_DEG,
    FreeSpaceLink,
)
from qnetsim.hardware.orbit import DualPass
from qnetsim.hardware.source import MICIUS_PAIR_SOURCE, PairSource
from qnetsim.quantum.bell_diagonal import as_coefficients, werner

__all__ = [
    "MICIUS_ASSUMED_RANGES",
    "MICIUS_DUAL_DOWNLINK",
    "MICIUS_DUAL_DOWNLINK_CITATIONS",
    "MICIUS_STATION_SEPARATION_KM",
    "DualDownlink",
    "DualDownlinkSummary",
    "SampledCHSH",
    "accidental_coincidence_rate_hz",
    "chsh_expected",
    "coincidence_rate_hz",
    "micius_noise_rate_hz",
    "noisy_werner_coefficients",
    "sample_chsh",
]

FloatArray = NDArray[np.float64]


# --------------------------------------------------------------------------- closed forms


def coincidence_rate_hz(pair_rate_hz: float, eta_a: ArrayLike, eta_b: ArrayLike) -> FloatArray:
    """True two-photon coincidence rate ``R_pair eta_a eta_b`` (Hz).

    Args:
        pair_rate_hz: pairs emitted per second, > 0.
        eta_a, eta_b: end-to-end detection probability of each photon (link times detector),
            arrays broadcasting together, entries in [0, 1].

    Examples:
        >>> float(coincidence_rate_hz(1e6, 1e-3, 1e-2))
        10.0
    """
    rate = check_positive("pair_rate_hz", pair_rate_hz)
    a = check_array_in_range("eta_a", eta_a, 0.0, 1.0)
    b = check_array_in_range("eta_b", eta_b, 0.0, 1.0)
    return np.asarray(rate * a * b, dtype=np.float64)


def accidental_coincidence_rate_hz(
    singles_a_hz: ArrayLike, singles_b_hz: ArrayLike, window_s: float
) -> FloatArray:
    """Accidental coincidence rate ``S_A S_B tau`` of two uncorrelated count streams (Hz).

    ``tau`` is the full width of the coincidence window (Knoll, *Radiation Detection and
    Measurement*, ch. 17: ``2 tau' r1 r2`` for a resolving time ``tau' = tau/2``).

    Examples:
        >>> float(accidental_coincidence_rate_hz(1e3, 2e3, 1e-9))
        0.002
    """
    a = check_array_in_range("singles_a_hz", singles_a_hz, 0.0, math.inf)
    b = check_array_in_range("singles_b_hz", singles_b_hz, 0.0, math.inf)
    tau = check_positive("window_s", window_s)
    return np.asarray(a * b * tau, dtype=np.float64)


def noisy_werner_coefficients(
    fidelity: float, true_rate_hz: ArrayLike, accidental_rate_hz: ArrayLike
) -> FloatArray:
    """Bell-diagonal coefficients (Phi+, Psi+, Phi-, Psi-) of the detected coincidences.

    ``p werner(F) + (1 - p)/4`` with ``p = R_c/(R_c + R_acc)``: true coincidences carry the
    source's Werner state, accidental ones the maximally mixed state. Where both rates are 0
    the state is undefined and ``p = 0`` (maximally mixed) is returned.

    Examples:
        >>> noisy_werner_coefficients(1.0, 3.0, 1.0).round(6).tolist()
        [0.8125, 0.0625, 0.0625, 0.0625]
    """
    f = check_probability("fidelity", fidelity)
    rc = check_array_in_range("true_rate_hz", true_rate_hz, 0.0, math.inf)
    ra = check_array_in_range("accidental_rate_hz", accidental_rate_hz, 0.0, math.inf)
    total = rc + ra
    p = np.divide(rc, total, out=np.zeros(np.broadcast(rc, ra).shape), where=total > 0)
    return np.asarray(p[..., None] * werner(f) + (1.0 - p[..., None]) / 4.0, dtype=np.float64)


def _correlations(coefficients: FloatArray) -> FloatArray:
    """Diagonal ``(t_x, t_y, t_z)`` of the correlation matrix of Bell-diagonal coefficients."""
    l0, l1, l2, l3 = (coefficients[..., i] for i in range(4))
    return np.stack([l0 + l1 - l2 - l3, -l0 + l1 + l2 - l3, l0 - l1 + l2 - l3], axis=-1)


def _two_largest(coefficients: FloatArray) -> tuple[FloatArray, FloatArray]:
    t = np.sort(np.abs(_correlations(coefficients)), axis=-1)
    return t[..., 2], t[..., 1]


def chsh_expected(coefficients: ArrayLike) -> FloatArray:
    """Largest CHSH value of Bell-diagonal states: ``2 sqrt(s1**2 + s2**2)`` (Horodecki 1995).

    Args:
        coefficients: Bell-diagonal coefficients, shape (..., 4), order (Phi+, Psi+, Phi-,
            Psi-).

    Examples:
        >>> from qnetsim.quantum.bell_diagonal import werner
        >>> round(float(chsh_expected(werner(0.9))), 6)   # 2 sqrt2 (4F - 1)/3
        2.451304
    """
    arr = as_coefficients(coefficients)
    s1, s2 = _two_largest(arr)
    return np.asarray(2.0 * np.sqrt(s1**2 + s2**2), dtype=np.float64)


@dataclass(frozen=True)
class SampledCHSH:
    """A sampled CHSH test.

    Attributes:
        value: the estimate ``S = E00 + E01 + E10 - E11``.
        standard_error: ``sqrt(sum_xy (1 - E_xy**2)/N_xy)``.
        expected: the value ``S`` converges to (:func:`chsh_expected` of the state).
        n_rounds: coincidences used, per setting pair (a0 b0, a0 b1, a1 b0, a1 b1).
    """

    value: float
    standard_error: float
    expected: float
    n_rounds: tuple[int, int, int, int]


def sample_chsh(coefficients: ArrayLike, n_rounds: int, rng: RngLike) -> SampledCHSH:
    """Sample a CHSH test of ``n_rounds`` coincidences of one Bell-diagonal state.

    Settings are drawn uniformly (multinomial ``N_xy``); at the optimal settings of
    Horodecki 1995 the correlators are ``E00 = E01 = s1**2/n``, ``E10 = -E11 = s2**2/n``
    (``n = sqrt(s1**2 + s2**2)``), and the number of rounds with product +1 is
    ``Binomial(N_xy, (1 + E_xy)/2)``. The estimator and its standard error are those of
    :func:`qnetsim.apps.qkd.chsh.chsh_from_counts` (Clauser et al., PRL 23, 880 (1969)).

    Args:
        coefficients: one Bell-diagonal state, shape (4,) (for a mixture over time, its
            average: each round is then an independent draw from the mixture).
        n_rounds: number of coincidences, >= 4.
        rng: random generator.

    Raises:
        InvalidParameterError: bad coefficients, fewer than 4 rounds, or a setting pair that
            received no rounds.

    Examples:
        >>> from qnetsim.quantum.bell_diagonal import werner
        >>> res = sample_chsh(werner(0.9), 200_000, np.random.default_rng(1))
        >>> abs(res.value - res.expected) < 4 * res.standard_error
        True
    """
    rng = as_rng(rng)
    arr = as_coefficients(coefficients)
    if arr.shape != (4,):
        raise InvalidParameterError("coefficients", f"array of shape {arr.shape}", "shape (4,)")
    n = check_int("n_rounds", n_rounds, low=4)
    s1, s2 = (float(x) for x in _two_largest(arr))
    norm = math.hypot(s1, s2)
    if norm > 0.0:
        e = np.array([s1**2, s1**2, s2**2, -(s2**2)]) / norm
    else:
        e = np.zeros(4)
    n_xy = rng.multinomial(n, [0.25] * 4)
    if np.any(n_xy == 0):
        raise InvalidParameterError("n_rounds", n, "enough rounds for every setting pair")
    agree = rng.binomial(n_xy, np.clip((1.0 + e) / 2.0, 0.0, 1.0))
    e_hat = 2.0 * agree / n_xy - 1.0
    value = float(e_hat[0] + e_hat[1] + e_hat[2] - e_hat[3])
    se = float(math.sqrt(float(np.sum((1.0 - e_hat**2) / n_xy))))
    rounds = (int(n_xy[0]), int(n_xy[1]), int(n_xy[2]), int(n_xy[3]))
    return SampledCHSH(value, se, 2.0 * norm, rounds)


# --------------------------------------------------------------------------- the link


@dataclass(frozen=True)
class DualDownlinkSummary:
    """Figures of merit of one pass (:meth:`DualDownlink.summary`).

    Attributes:
        window_s: start and end of the common visibility window (s).
        duration_s: its length (s).
        loss_db_mean, loss_db_min, loss_db_max: summed two-downlink loss (dB) over the window
            (time average of the dB value, and its range).
        summed_range_km_min, summed_range_km_max: range of ``d_A + d_B`` (km).
        coincidence_rate_hz_mean: true coincidences per second, averaged over the window.
        accidental_rate_hz_mean: accidental coincidences per second, averaged over the window.
        expected_true_coincidences, expected_accidental_coincidences: expected counts in the
            window.
        fidelity: fidelity to Phi+ of the window-averaged delivered state.
        expected_chsh: ``S`` of the window-averaged delivered state (Horodecki optimum).
        sampled: a sampled CHSH test of a Poisson number of coincidences, or ``None``.
    """

    window_s: tuple[float, float]
    duration_s: float
    loss_db_mean: float
    loss_db_min: float
    loss_db_max: float
    summed_range_km_min: float
    summed_range_km_max: float
    coincidence_rate_hz_mean: float
    accidental_rate_hz_mean: float
    expected_true_coincidences: float
    expected_accidental_coincidences: float
    fidelity: float
    expected_chsh: float
    sampled: SampledCHSH | None

    @property
    def expected_total_coincidences(self) -> float:
        """Expected detected coincidences in the window, true plus accidental."""
        return self.expected_true_coincidences + self.expected_accidental_coincidences


def _trapezoid(y: FloatArray, t: FloatArray) -> float:
    return float(np.sum(0.5 * (y[1:] + y[:-1]) * np.diff(t)))


@dataclass(frozen=True)
class DualDownlink:
    """An on-board pair source feeding two simultaneous downlinks (Yin et al. 2017).

    The emitted state is the Werner state of fidelity ``source.fidelity``; accidental
    coincidences mix in white noise (module docstring).

    Args:
        source: the pair source (``pair_rate_hz`` and ``fidelity`` are used).
        link_a, link_b: the downlinks to stations A and B.
        geometry: the pass as seen from both stations.
        detector_efficiency_a, detector_efficiency_b: detection efficiency of each station,
            in [0, 1] (not included in the links' ``optics_efficiency``).
        noise_rate_a_hz, noise_rate_b_hz: dark plus background counts per second of each
            station, summed over its detectors, >= 0.
        coincidence_window_s: full width of the coincidence window (s), > 0.
        name: label.
        citations: field name -> source of its value (presets).

    Raises:
        InvalidParameterError: naming the first invalid field.
    """

    source: PairSource
    link_a: FreeSpaceLink
    link_b: FreeSpaceLink
    geometry: DualPass
    detector_efficiency_a: float = 1.0
    detector_efficiency_b: float = 1.0
    noise_rate_a_hz: float = 0.0
    noise_rate_b_hz: float = 0.0
    coincidence_window_s: float = 1e-9
    name: str = "dual downlink"
    citations: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    def __post_init__(self) -> None:
        expected_types: dict[str, Any] = {
            "source": PairSource,
            "link_a": FreeSpaceLink,
            "link_b": FreeSpaceLink,
            "geometry": DualPass,
        }
        for name, kind in expected_types.items():
            if not isinstance(getattr(self, name), kind):
                raise InvalidParameterError(name, getattr(self, name), f"a {kind.__name__}")
        for name in ("detector_efficiency_a", "detector_efficiency_b"):
            object.__setattr__(self, name, check_probability(name, getattr(self, name)))
        for name in ("noise_rate_a_hz", "noise_rate_b_hz"):
            object.__setattr__(self, name, check_nonnegative(name, getattr(self, name)))
        object.__setattr__(
            self,
            "coincidence_window_s",
            check_positive("coincidence_window_s", self.coincidence_window_s),
        )
        object.__setattr__(self, "citations", MappingProxyType(dict(self.citations)))

    def time_grid(self, n_samples: int = 201) -> FloatArray:
        """Times (s) spanning the common visibility window
        (:meth:`~qnetsim.hardware.orbit.DualPass.time_grid`)."""
        return self.geometry.time_grid(n_samples)

    def transmissivities(self, t_s: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Link transmissivities ``(eta_A, eta_B)`` at times ``t_s``; 0 where a station does
        not see the satellite."""
        e_a, d_a, e_b, d_b = self.geometry.geometry(t_s)
        vis_a, vis_b = self.geometry.visible(t_s)
        eta_a = self.link_a.transmissivity(d_a * 1e3, np.clip(e_a, MIN_ELEVATION_DEG, 90.0))
        eta_b = self.link_b.transmissivity(d_b * 1e3, np.clip(e_b, MIN_ELEVATION_DEG, 90.0))
        return (
            np.asarray(np.where(vis_a, eta_a, 0.0), dtype=np.float64),
            np.asarray(np.where(vis_b, eta_b, 0.0), dtype=np.float64),
        )

    def summed_loss_db(self, t_s: ArrayLike) -> FloatArray:
        """Summed two-downlink loss ``-10 log10(eta_A eta_B)`` (dB); ``inf`` where either
        station does not see the satellite."""
        eta_a, eta_b = self.transmissivities(t_s)
        product = eta_a * eta_b
        out = np.full(product.shape, np.inf)
        ok = product > 0.0
        out[ok] = -10.0 * np.log10(product[ok])
        return out

    def detection_probabilities(self, t_s: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Per-photon detection probabilities ``(eta_A d_A, eta_B d_B)``."""
        eta_a, eta_b = self.transmissivities(t_s)
        return eta_a * self.detector_efficiency_a, eta_b * self.detector_efficiency_b

    def coincidence_rate_hz(self, t_s: ArrayLike) -> FloatArray:
        """True coincidences per second, ``R_pair eta_A d_A eta_B d_B``."""
        p_a, p_b = self.detection_probabilities(t_s)
        return coincidence_rate_hz(self.source.pair_rate_hz, p_a, p_b)

    def singles_rates_hz(self, t_s: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Count rates of the stations, ``R_pair eta_X d_X + n_X`` (Hz)."""
        p_a, p_b = self.detection_probabilities(t_s)
        rate = self.source.pair_rate_hz
        return rate * p_a + self.noise_rate_a_hz, rate * p_b + self.noise_rate_b_hz

    def accidental_rate_hz(self, t_s: ArrayLike) -> FloatArray:
        """Accidental coincidences per second, ``S_A S_B tau``."""
        s_a, s_b = self.singles_rates_hz(t_s)
        return accidental_coincidence_rate_hz(s_a, s_b, self.coincidence_window_s)

    def delivered_coefficients(self, t_s: ArrayLike) -> FloatArray:
        """Bell-diagonal coefficients (..., 4) of the detected coincidences at ``t_s``."""
        return noisy_werner_coefficients(
            self.source.fidelity, self.coincidence_rate_hz(t_s), self.accidental_rate_hz(t_s)
        )

    def expected_chsh(self, t_s: ArrayLike) -> FloatArray:
        """Expected CHSH value at ``t_s``: ``2 sqrt2 w`` for the delivered Werner state."""
        return chsh_expected(self.delivered_coefficients(t_s))

    def summary(self, n_samples: int = 201, rng: RngLike | None = None) -> DualDownlinkSummary:
        """Loss, rates, counts and CHSH over the common visibility window.

        Counts are integrated with the trapezoid rule on ``n_samples`` equally spaced times.
        The window-averaged state weights each instant by its coincidence rate (true plus
        accidental). With ``rng``, the number of coincidences is drawn as
        ``Poisson(expected total)`` and a CHSH test of them is sampled (:func:`sample_chsh`).

        Args:
            n_samples: number of equally spaced times in the window.
            rng: a Generator or an int seed to sample the coincidences and the CHSH test;
                ``None`` gives expectations only.

        Raises:
            InvalidParameterError: bad ``n_samples`` or ``rng``, or (with ``rng``) too few
                coincidences for a CHSH test.
        """
        gen = None if rng is None else as_rng(rng)
        t = self.time_grid(n_samples)
        _, d_a, _, d_b = self.geometry.geometry(t)
        loss = self.summed_loss_db(t)
        true_rate = self.coincidence_rate_hz(t)
        acc_rate = self.accidental_rate_hz(t)
        start, end = float(t[0]), float(t[-1])
        duration = end - start
        n_true = _trapezoid(true_rate, t)
        n_acc = _trapezoid(acc_rate, t)
        average = noisy_werner_coefficients(self.source.fidelity, n_true, n_acc)
        sampled = None
        if gen is not None:
            n = int(gen.poisson(n_true + n_acc))
            sampled = sample_chsh(average, n, gen)
        summed = d_a + d_b
        return DualDownlinkSummary(
            window_s=(start, end),
            duration_s=duration,
            loss_db_mean=_trapezoid(loss, t) / duration,
            loss_db_min=float(loss.min()),
            loss_db_max=float(loss.max()),
            summed_range_km_min=float(summed.min()),
            summed_range_km_max=float(summed.max()),
            coincidence_rate_hz_mean=n_true / duration,
            accidental_rate_hz_mean=n_acc / duration,
            expected_true_coincidences=n_true,
            expected_accidental_coincidences=n_acc,
            fidelity=float(average[0]),
            expected_chsh=float(chsh_expected(average)),
            sampled=sampled,
        )


# --------------------------------------------------------------------------- Micius preset

#: Distance between the Delingha and Lijiang stations: "two locations separated by 1203
#: kilometers on Earth" (Yin et al. 2017, abstract).
MICIUS_STATION_SEPARATION_KM: float = 1203.0

#: ASSUMPTION: dark counts per station, 4 Si SPADs (polarisation analysis in two bases) of
#: ~100 counts/s each (typical Si SPADs: 25-500 /s each); range 100-2000 /s per station.
MICIUS_DARK_COUNTS_HZ: float = 400.0
#: ASSUMPTION: receiver field of view (full angle), 100 urad (range 50-200 urad), and
#: spectral filter, 3 nm (range 1-10 nm); neither found for the 2017 stations.
MICIUS_FIELD_OF_VIEW_RAD: float = 100e-6
MICIUS_FILTER_NM: float = 3.0


def micius_noise_rate_hz(link: FreeSpaceLink, detector_efficiency: float) -> float:
    """Dark counts plus night-sky background (:func:`background_count_rate_hz`) of a
    station; the experiment ran at night (Yin et al. 2017)."""
    sky = background_count_rate_hz(
        NIGHT_SKY_RADIANCE_W_M2_SR_NM,
        link.wavelength_nm,
        link.receiver_radius_m,
        MICIUS_FIELD_OF_VIEW_RAD,
        MICIUS_FILTER_NM,
        link.optics_efficiency * detector_efficiency * (1.0 - link.obscuration_ratio**2),
    )
    return MICIUS_DARK_COUNTS_HZ + sky


#: Sources of every number in :data:`MICIUS_DUAL_DOWNLINK` (the source and the two links carry
#: their own: ``MICIUS_PAIR_SOURCE_CITATIONS``, ``MICIUS_DELINGHA.citations``).
MICIUS_DUAL_DOWNLINK_CITATIONS: dict[str, str] = {
    "geometry.altitude_km": "MICIUS_ALTITUDE_KM = 500 km: 'orbiting at an altitude of about "
    "500 km' (J.-W. Pan, Progress of the QUESS Micius project, Chin. J. Space Sci. 2020)",
    "geometry.separation_km": "Yin et al. 2017 abstract: 'two locations separated by 1203 "
    "kilometers on Earth'",
    "geometry.cross_track_km": "ASSUMPTION: 0 (ground track through both stations), the "
    "best case; the Micius orbit is near-polar and Delingha-Lijiang roughly north-south, but "
    "the actual pass geometry was not found",
    "geometry.min_elevation_deg": "ASSUMPTION: 10 deg (the SatellitePass default); the "
    "elevation limits of the 2017 passes were not found (range 5-20 deg: MICIUS_ASSUMED_RANGES)",
    "detector_efficiency_a": "ASSUMPTION: 0.5, a typical Si single-photon avalanche diode at "
    "810 nm; not from Yin 2017 (range 0.4-0.65: MICIUS_ASSUMED_RANGES)",
    "detector_efficiency_b": "ASSUMPTION: 0.5, as detector_efficiency_a",
    "noise_rate_a_hz": "dark counts MICIUS_DARK_COUNTS_HZ (ASSUMPTION) plus the night-sky "
    "background of qnetsim.hardware.atmosphere.background_count_rate_hz with "
    "NIGHT_SKY_RADIANCE_W_M2_SR_NM, MICIUS_FIELD_OF_VIEW_RAD and MICIUS_FILTER_NM "
    "(ASSUMPTIONS); measured counts of Yin 2017 not found",
    "noise_rate_b_hz": "as noise_rate_a_hz, with the Lijiang aperture",
    "coincidence_window_s": "ASSUMPTION: 2.5 ns full width; not from Yin 2017 (range 1-5 ns: "
    "MICIUS_ASSUMED_RANGES)",
    "source.fidelity": "ASSUMPTION: (1 + 3 V)/4 with V = MICIUS_SOURCE_VISIBILITY = 0.95, "
    "inherited from MICIUS_PAIR_SOURCE",
}

#: The Micius Delingha-Lijiang entanglement distribution (Yin et al., Science 356, 1140
#: (2017)). Not tuned: compare its summary with the published 64-82 dB summed loss and
#: S = 2.37 +- 0.09.
MICIUS_DUAL_DOWNLINK: DualDownlink = DualDownlink(
    source=MICIUS_PAIR_SOURCE,
    link_a=MICIUS_DELINGHA,
    link_b=MICIUS_LIJIANG,
    geometry=DualPass.along_track(
        MICIUS_ALTITUDE_KM,
        MICIUS_STATION_SEPARATION_KM,
        cross_track_km=0.0,
        min_elevation_deg=10.0,
    ),
    detector_efficiency_a=0.5,
    detector_efficiency_b=0.5,
    noise_rate_a_hz=micius_noise_rate_hz(MICIUS_DELINGHA, 0.5),
    noise_rate_b_hz=micius_noise_rate_hz(MICIUS_LIJIANG, 0.5),
    coincidence_window_s=2.5e-9,
    name="Micius: Delingha - Lijiang",
    citations=MICIUS_DUAL_DOWNLINK_CITATIONS,
)


#: The inputs of :data:`MICIUS_DUAL_DOWNLINK` that are ASSUMPTIONS, by the key of the scenario
#: ``[satellite]`` table that sets them (both stations), with their plausible ``(low, high)``:
#: what ``--uncertainty`` varies for the satellite kind. Ranges as stated with each value's
#: citation (:data:`~qnetsim.hardware.source.MICIUS_PAIR_SOURCE_CITATIONS`,
#: ``qnetsim.hardware.free_space._MICIUS_COMMON``, :data:`MICIUS_DUAL_DOWNLINK_CITATIONS`),
#: except three stated here:
#:
#: * ``detector_efficiency`` (0.5 assumed): 0.4-0.65, the span of Si single-photon avalanche
#:   diodes near 810 nm (thick-junction modules specify about 0.65 at 800 nm; fibre-coupled
#:   multi-detector analysers lose some of it).
#: * ``coincidence_window_s`` (2.5 ns assumed): 1-5 ns, from a few times the combined timing
#:   jitter of two SPADs and the ground-station clock synchronisation (sub-ns each) to the
#:   widest window that keeps accidentals below the signal at these noise rates.
#: * ``min_elevation_deg`` (10 deg assumed): 5-20 deg, from the horizon limit of tracking
#:   telescopes to a conservative limit set by air mass and local obstructions.
MICIUS_ASSUMED_RANGES: dict[str, tuple[float, float]] = {
    "pair_rate_hz": (2e6, 1e7),
    "source_visibility": (0.90, 0.99),
    "zenith_transmission": (0.7, 0.9),
    "optics_efficiency": (0.3, 0.7),
    "transmitter_efficiency": (0.5, 0.9),
    "detector_efficiency": (0.4, 0.65),
    "coincidence_window_s": (1e-9, 5e-9),
    "min_elevation_deg": (5.0, 20.0),
}
