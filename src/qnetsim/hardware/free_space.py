"""Free-space / satellite downlink channel (Micius, Yin et al., Science 356, 1140 (2017)).

Transmissivity of one downlink at slant range ``z`` and elevation ``e``::

    eta = eta_tx * eta_collection(z, e) * T_atm(e) * optics_efficiency

* Diffraction: a Gaussian beam of waist ``w0`` at the transmitter has radius
  ``w(z) = w0 sqrt(1 + (z/z_R)**2)``, Rayleigh range ``z_R = pi w0**2 / lambda`` (Siegman,
  *Lasers*, 1986, ch. 17, Gaussian beam propagation); a centred circular receiver of radius
  ``a`` collects ``1 - exp(-2 a**2 / w**2)`` of the power (integral of the Gaussian intensity
  profile). In the far field (``z >> z_R``, ``a << w``) this tends to
  ``2 a**2 / (theta z)**2`` with the half-angle divergence ``theta = lambda / (pi w0)``:
  the 1/z**2 law.
* Pointing: Gaussian angular jitter ``sigma`` (rad, per axis) displaces the beam centre by
  ``z sigma`` per axis. Averaging ``exp(-2 r**2/w**2)`` over that displacement gives the
  effective beam ``W**2 = w**2 + 4 (z sigma)**2``; we use
  ``1 - exp(-2 a**2 / W**2)``, exact for ``a << w`` (the case of every satellite link) and
  equal to the centred result when ``sigma = 0`` (beam-wander averaging as in Vasylyev,
  Semenov, Vogel, PRL 108, 220501 (2012), small-aperture limit).
* Central obscuration: a Cassegrain receiver whose secondary mirror blocks the centre out to
  radius ``b = epsilon a`` collects ``exp(-2 b**2/W**2) - exp(-2 a**2/W**2)`` (the same
  Gaussian integral over the annulus), i.e. ``(1 - epsilon**2)`` of the open aperture when
  ``a << W``.
* Turbulence: with a :class:`~qnetsim.hardware.atmosphere.HufnagelValley` profile the beam
  radius ``w`` above is replaced by the long-term (spread plus wander) radius
  ``W_LT = w sqrt(1 + T)`` of Andrews & Phillips (downlink, see
  :mod:`qnetsim.hardware.atmosphere`), before the pointing jitter is added.
* Transmitter: ``eta_tx`` is the optical efficiency of the sending terminal (source fibre to
  the sky).
* Atmosphere: ``T_atm(e) = T_zenith ** AM(e)`` with the relative air mass of Kasten and Young,
  Appl. Opt. 28, 4735 (1989): ``AM = 1/(sin e + 0.50572 (e_deg + 6.07995)**-1.6364)``
  (Beer-Lambert extinction along the slant path).

Pass geometry (circular orbit of altitude ``h`` over a spherical Earth of radius
``R = 6371 km``, Earth rotation neglected): the satellite moves at angular rate
``omega = sqrt(GM/(R+h)**3)``; with ``gamma0`` the Earth-central angle at closest approach, the
central angle at time ``t`` (t = 0 at closest approach) is ``cos g = cos g0 cos(omega t)``
(spherical right triangle), the slant range ``d = sqrt(R**2 + (R+h)**2 - 2 R (R+h) cos g)`` and
the elevation ``sin e = ((R+h) cos g - R) / d``.

Examples:
    >>> link = FreeSpaceLink(wavelength_nm=810.0, beam_waist_m=0.01, receiver_radius_m=0.5)
    >>> far = link.diffraction_transmissivity(1.0e6)
    >>> theta = 810e-9 / (math.pi * 0.01)
    >>> round(float(far / (2 * 0.5**2 / (theta * 1.0e6) ** 2)), 3)   # far-field limit
    1.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import (
    check_array_in_range,
    check_in_range,
    check_nonnegative,
    check_positive,
    check_probability,
)
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.atmosphere import HufnagelValley

__all__ = [
    "EARTH_GM_KM3_PER_S2",
    "EARTH_RADIUS_KM",
    "MICIUS_ALTITUDE_KM",
    "MICIUS_DELINGHA",
    "MICIUS_LIJIANG",
    "FreeSpaceLink",
    "SatellitePass",
    "airmass",
]

#: Mean Earth radius (km), IUGG value.
EARTH_RADIUS_KM: float = 6371.0
#: Earth's gravitational parameter GM (km^3/s^2), WGS-84.
EARTH_GM_KM3_PER_S2: float = 398600.4418

FloatArray = NDArray[np.float64]

#: Elevation (deg) used for geometry points at the horizon or below, where the link is off
#: anyway (masked): the turbulence formulas need an elevation above 0.
MIN_ELEVATION_DEG: float = 1e-3


def airmass(elevation_deg: ArrayLike) -> FloatArray:
    """Relative optical air mass at elevation ``elevation_deg`` (Kasten & Young 1989).

    Examples:
        >>> round(float(airmass(90.0)), 3)
        1.0
        >>> round(float(airmass(30.0)), 2)    # ~ 1/sin(30 deg) = 2
        1.99
    """
    e = check_array_in_range("elevation_deg", elevation_deg, 0.0, 90.0)
    return np.asarray(
        1.0 / (np.sin(np.radians(e)) + 0.50572 * (e + 6.07995) ** -1.6364), dtype=np.float64
    )


@dataclass(frozen=True)
class FreeSpaceLink:
    """One free-space optical link (transmitter telescope -> receiver telescope).

    Args:
        wavelength_nm: optical wavelength (nm), > 0.
        beam_waist_m: Gaussian beam waist (1/e^2 intensity radius) at the transmitter (m), > 0.
        receiver_radius_m: radius of the receiving aperture (m), > 0.
        pointing_jitter_rad: rms angular pointing error per axis (rad), >= 0.
        zenith_transmission: atmospheric transmission at zenith, in [0, 1].
        optics_efficiency: receiver optics/coupling efficiency (not detection), in [0, 1].
        transmitter_efficiency: optical efficiency of the sending terminal, in [0, 1].
        obscuration_ratio: radius of the receiver's central obscuration over its aperture
            radius, in [0, 1).
        turbulence: the turbulence profile above the receiver, or ``None`` (vacuum-like).
        name: label.
        citations: field name -> source of its value (presets).

    Raises:
        InvalidParameterError: naming the first invalid field.
    """

    wavelength_nm: float
    beam_waist_m: float
    receiver_radius_m: float
    pointing_jitter_rad: float = 0.0
    zenith_transmission: float = 1.0
    optics_efficiency: float = 1.0
    transmitter_efficiency: float = 1.0
    obscuration_ratio: float = 0.0
    turbulence: HufnagelValley | None = None
    name: str = "free-space link"
    citations: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if self.turbulence is not None and not isinstance(self.turbulence, HufnagelValley):
            raise InvalidParameterError("turbulence", self.turbulence, "a HufnagelValley or None")
        object.__setattr__(
            self,
            "obscuration_ratio",
            check_in_range("obscuration_ratio", self.obscuration_ratio, 0.0, 1.0, high_open=True),
        )
        for name in ("wavelength_nm", "beam_waist_m", "receiver_radius_m"):
            object.__setattr__(self, name, check_positive(name, getattr(self, name)))
        object.__setattr__(
            self,
            "pointing_jitter_rad",
            check_nonnegative("pointing_jitter_rad", self.pointing_jitter_rad),
        )
        for name in ("zenith_transmission", "optics_efficiency", "transmitter_efficiency"):
            object.__setattr__(self, name, check_probability(name, getattr(self, name)))
        object.__setattr__(self, "citations", MappingProxyType(dict(self.citations)))

    @classmethod
    def from_divergence(
        cls,
        wavelength_nm: float,
        divergence_half_angle_rad: float,
        receiver_radius_m: float,
        *,
        pointing_jitter_rad: float = 0.0,
        zenith_transmission: float = 1.0,
        optics_efficiency: float = 1.0,
        transmitter_efficiency: float = 1.0,
        obscuration_ratio: float = 0.0,
        turbulence: HufnagelValley | None = None,
        name: str = "free-space link",
        citations: Mapping[str, str] | None = None,
    ) -> FreeSpaceLink:
        """A link whose waist gives the far-field half-angle divergence
        ``theta = lambda / (pi w0)``.

        Examples:
            >>> l = FreeSpaceLink.from_divergence(810.0, 10e-6, 0.6)
            >>> round(l.divergence_half_angle_rad * 1e6, 9)
            10.0
        """
        theta = check_positive("divergence_half_angle_rad", divergence_half_angle_rad)
        wl = check_positive("wavelength_nm", wavelength_nm)
        waist = wl * 1e-9 / (math.pi * theta)
        return cls(
            wl,
            waist,
            receiver_radius_m,
            pointing_jitter_rad=pointing_jitter_rad,
            zenith_transmission=zenith_transmission,
            optics_efficiency=optics_efficiency,
            transmitter_efficiency=transmitter_efficiency,
            obscuration_ratio=obscuration_ratio,
            turbulence=turbulence,
            name=name,
            citations=MappingProxyType(dict(citations or {})),
        )

    @property
    def rayleigh_range_m(self) -> float:
        """``z_R = pi w0**2 / lambda`` (m)."""
        return math.pi * self.beam_waist_m**2 / (self.wavelength_nm * 1e-9)

    @property
    def divergence_half_angle_rad(self) -> float:
        """Far-field half-angle divergence ``lambda / (pi w0)`` (rad)."""
        return self.wavelength_nm * 1e-9 / (math.pi * self.beam_waist_m)

    def beam_radius_m(self, distance_m: ArrayLike) -> FloatArray:
        """Gaussian beam radius ``w(z)`` (m) at distance ``z`` (m)."""
        z = check_array_in_range("distance_m", distance_m, 0.0)
        return np.asarray(
            self.beam_waist_m * np.sqrt(1.0 + (z / self.rayleigh_range_m) ** 2),
            dtype=np.float64,
        )

    def long_term_beam_radius_m(
        self, distance_m: ArrayLike, elevation_deg: ArrayLike = 90.0
    ) -> FloatArray:
        """Beam radius (m) at the receiver with turbulent spread and wander, ``w sqrt(1 + T)``
        (``w`` without a turbulence profile).

        Raises:
            InvalidParameterError: with turbulence, an ``elevation_deg`` outside (0, 90].
        """
        w = self.beam_radius_m(distance_m)
        if self.turbulence is None:
            return w
        t = self.turbulence.downlink_broadening(self.wavelength_nm, distance_m, elevation_deg, w)
        return np.asarray(w * np.sqrt(1.0 + t), dtype=np.float64)

    def diffraction_transmissivity(
        self, distance_m: ArrayLike, elevation_deg: ArrayLike = 90.0
    ) -> FloatArray:
        """Fraction of the beam power collected by the (obscured) aperture, with turbulence
        and pointing jitter: ``exp(-2 b**2/W**2) - exp(-2 a**2/W**2)``,
        ``W**2 = W_LT**2 + 4 (z sigma)**2``."""
        z = check_array_in_range("distance_m", distance_m, 0.0)
        w = self.long_term_beam_radius_m(z, elevation_deg)
        w_eff_sq = w**2 + 4.0 * (z * self.pointing_jitter_rad) ** 2
        a_sq = self.receiver_radius_m**2
        b_sq = (self.obscuration_ratio * self.receiver_radius_m) ** 2
        return np.asarray(np.exp(-2.0 * b_sq / w_eff_sq) - np.exp(-2.0 * a_sq / w_eff_sq))

    def atmospheric_transmissivity(self, elevation_deg: ArrayLike) -> FloatArray:
        """``T_zenith ** airmass(elevation)``."""
        return np.asarray(self.zenith_transmission ** airmass(elevation_deg), dtype=np.float64)

    def transmissivity(self, distance_m: ArrayLike, elevation_deg: ArrayLike) -> FloatArray:
        """Total link transmissivity at slant range ``distance_m`` and elevation.

        Raises:
            InvalidParameterError: an elevation below the horizon (``elevation_deg``, its
                value and the valid range).
        """
        atmosphere = self.atmospheric_transmissivity(elevation_deg)
        return np.asarray(
            self.transmitter_efficiency
            * self.diffraction_transmissivity(distance_m, elevation_deg)
            * atmosphere
            * self.optics_efficiency,
            dtype=np.float64,
        )

    def loss_db(self, distance_m: ArrayLike, elevation_deg: ArrayLike) -> FloatArray:
        """Link loss in dB, ``-10 log10(transmissivity)``."""
        return np.asarray(-10.0 * np.log10(self.transmissivity(distance_m, elevation_deg)))


@dataclass(frozen=True)
class SatellitePass:
    """Geometry of one pass of a satellite in a circular orbit over a ground station.

    Args:
        altitude_km: orbit altitude (km), > 0.
        max_elevation_deg: elevation at closest approach, in (0, 90].
        min_elevation_deg: elevation below which the link is off, in [0, max_elevation_deg).

    Examples:
        >>> p = SatellitePass(500.0, 90.0)
        >>> round(float(p.slant_range_km(90.0)), 6)       # overhead: range = altitude
        500.0
        >>> round(p.orbital_period_s / 60.0, 1)            # minutes, for 500 km
        94.5
    """

    altitude_km: float
    max_elevation_deg: float = 90.0
    min_elevation_deg: float = 10.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "altitude_km", check_positive("altitude_km", self.altitude_km))
        object.__setattr__(
            self,
            "max_elevation_deg",
            check_in_range("max_elevation_deg", self.max_elevation_deg, 0.0, 90.0, low_open=True),
        )
        object.__setattr__(
            self,
            "min_elevation_deg",
            check_in_range(
                "min_elevation_deg",
                self.min_elevation_deg,
                0.0,
                self.max_elevation_deg,
                high_open=True,
            ),
        )

    @property
    def orbital_radius_km(self) -> float:
        """``R + h`` (km)."""
        return EARTH_RADIUS_KM + self.altitude_km

    @property
    def angular_rate_rad_per_s(self) -> float:
        """Orbital angular rate ``sqrt(GM / (R+h)**3)`` (rad/s)."""
        return math.sqrt(EARTH_GM_KM3_PER_S2 / self.orbital_radius_km**3)

    @property
    def orbital_period_s(self) -> float:
        """Orbital period ``2 pi / omega`` (s)."""
        return 2.0 * math.pi / self.angular_rate_rad_per_s

    def _central_angle_from_elevation(self, elevation_deg: FloatArray) -> FloatArray:
        e = np.radians(elevation_deg)
        ratio = EARTH_RADIUS_KM / self.orbital_radius_km
        return np.asarray(np.arccos(ratio * np.cos(e)) - e, dtype=np.float64)

    def slant_range_km(self, elevation_deg: ArrayLike) -> FloatArray:
        """Slant range (km) at elevation: ``sqrt((R+h)**2 - R**2 cos**2 e) - R sin e``."""
        e = np.radians(check_array_in_range("elevation_deg", elevation_deg, 0.0, 90.0))
        r, rs = EARTH_RADIUS_KM, self.orbital_radius_km
        return np.asarray(np.sqrt(rs**2 - (r * np.cos(e)) ** 2) - r * np.sin(e))

    @property
    def half_duration_s(self) -> float:
        """Time from closest approach to setting below ``min_elevation_deg`` (s)."""
        g0 = float(self._central_angle_from_elevation(np.array(self.max_elevation_deg)))
        g1 = float(self._central_angle_from_elevation(np.array(self.min_elevation_deg)))
        return math.acos(min(1.0, math.cos(g1) / math.cos(g0))) / self.angular_rate_rad_per_s

    def geometry(self, t_s: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Elevation (deg) and slant range (km) at times ``t_s`` from closest approach.

        Elevations below the horizon are returned as negative numbers (the caller masks
        them with :meth:`visible`).
        """
        t = np.asarray(t_s, dtype=np.float64)
        g0 = float(self._central_angle_from_elevation(np.array(self.max_elevation_deg)))
        cos_g = math.cos(g0) * np.cos(self.angular_rate_rad_per_s * t)
        r, rs = EARTH_RADIUS_KM, self.orbital_radius_km
        d = np.sqrt(r**2 + rs**2 - 2.0 * r * rs * cos_g)
        sin_e = np.clip((rs * cos_g - r) / d, -1.0, 1.0)
        return np.asarray(np.degrees(np.arcsin(sin_e))), np.asarray(d)

    def visible(self, t_s: ArrayLike) -> NDArray[np.bool_]:
        """Whether the elevation at ``t_s`` is at least ``min_elevation_deg``."""
        elevation, _ = self.geometry(t_s)
        return np.asarray(elevation >= self.min_elevation_deg)

    def transmissivity(self, link: FreeSpaceLink, t_s: ArrayLike) -> FloatArray:
        """Transmissivity of ``link`` versus time; 0 where the satellite is not visible.

        Examples:
            >>> p = SatellitePass(500.0, 90.0)
            >>> eta = p.transmissivity(MICIUS_DELINGHA, [0.0, 1e4])
            >>> bool(eta[0] > 0.0), float(eta[1])
            (True, 0.0)
        """
        elevation, d_km = self.geometry(t_s)
        ok = elevation >= self.min_elevation_deg
        e_clip = np.clip(elevation, MIN_ELEVATION_DEG, 90.0)
        eta = link.transmissivity(d_km * 1e3, e_clip)
        return np.asarray(np.where(ok, eta, 0.0), dtype=np.float64)


_MICIUS_COMMON = {
    "wavelength_nm": "Yin et al., Science 356, 1140 (2017): ~810 nm SPDC photons (also the "
    "qni.pages.dev Micius case study, which cites Yin 2017) [S]",
    "beam_waist_m": "shared/reference/inputs-2026-12.md, Micius row: 'about 10 urad "
    "divergence' [S, another simulator's notes]; w0 = lambda/(pi theta). ASSUMPTION: read as "
    "the 1/e^2 half angle (full vs half angle not stated; a full angle would halve theta and "
    "lower the loss by 6 dB per link)",
    "pointing_jitter_rad": "shared/reference/inputs-2026-12.md, Micius row: '1.2 urad fine "
    "pointing' [S], taken as the rms error per axis",
    "zenith_transmission": "ASSUMPTION: 0.8 at 810 nm for a clear sky at a high-altitude "
    "station (~1 dB at zenith; range 0.7-0.9); not taken from Yin 2017",
    "optics_efficiency": "ASSUMPTION: 0.5 receiver telescope optics + coupling to the "
    "polarisation analyser (excluding detectors; range 0.3-0.7); not taken from Yin 2017",
    "transmitter_efficiency": "ASSUMPTION: 0.8 for the satellite's fibre-fed transmitting "
    "telescope (a handful of mirrors, a beacon dichroic, fibre-to-free-space; range 0.5-0.9); "
    "not taken from Yin 2017",
    "obscuration_ratio": "ASSUMPTION: 0.3, a typical Cassegrain secondary-to-primary radius "
    "ratio (range 0.25-0.4; costs (1 - 0.09) = 0.4 dB); the stations' obscuration not found",
    "turbulence": "ASSUMPTION: Hufnagel-Valley 5/7 (Andrews & Phillips 2005, eq. 12.1) from "
    "the station up; a sea-level mid-latitude profile, pessimistic for the ~3.2 km high "
    "stations; for a downlink its beam spread is ~1e-4 of the beam and immaterial",
}

_MICIUS_LINK = {
    "pointing_jitter_rad": 1.2e-6,
    "zenith_transmission": 0.8,
    "optics_efficiency": 0.5,
    "transmitter_efficiency": 0.8,
    "obscuration_ratio": 0.3,
    "turbulence": HufnagelValley(),
}

#: Micius downlink to Delingha (1.2 m telescope). Not tuned: its output (loss vs range) is to
#: be compared with the 64-82 dB two-downlink loss of Yin et al. 2017.
MICIUS_DELINGHA: FreeSpaceLink = FreeSpaceLink.from_divergence(
    810.0,
    10e-6,
    0.6,
    **_MICIUS_LINK,  # type: ignore[arg-type]
    name="Micius -> Delingha",
    citations={
        **_MICIUS_COMMON,
        "receiver_radius_m": "ASSUMPTION: Delingha 1.2 m telescope (radius 0.6 m), as "
        "recalled for Yin et al. 2017 but not verified here (range 0.5-0.6 m: 1.0-1.2 m "
        "apertures); 10 log10 of the area ratio bounds its effect on the loss",
    },
)

#: Micius downlink to Lijiang (1.8 m telescope).
MICIUS_LIJIANG: FreeSpaceLink = FreeSpaceLink.from_divergence(
    810.0,
    10e-6,
    0.9,
    **_MICIUS_LINK,  # type: ignore[arg-type]
    name="Micius -> Lijiang",
    citations={
        **_MICIUS_COMMON,
        "receiver_radius_m": "ASSUMPTION: Lijiang 1.8 m telescope (radius 0.9 m), as "
        "recalled for Yin et al. 2017 but not verified here (range 0.6-0.9 m: 1.2-1.8 m "
        "apertures); 10 log10 of the area ratio bounds its effect on the loss",
    },
)

#: Micius orbit altitude: ~500 km (Yin et al. 2017; brief and qni.pages.dev Micius case study:
#: "~500 km sun-synchronous low-Earth orbit").
MICIUS_ALTITUDE_KM: float = 500.0
