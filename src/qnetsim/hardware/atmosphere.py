"""The atmosphere of a satellite downlink: turbulence and background light.

Turbulence (:class:`HufnagelValley`): the refractive-index structure constant of the
Hufnagel-Valley model (R. E. Hufnagel, 1974; G. C. Valley, Appl. Opt. 19, 574 (1980)), in the
form of L. C. Andrews and R. L. Phillips, *Laser Beam Propagation through Random Media*, 2nd
ed. (SPIE, 2005), eq. (12.1)::

    Cn2(h) = 0.00594 (v/27)**2 (1e-5 h)**10 exp(-h/1000) + 2.7e-16 exp(-h/1500) + A exp(-h/100)

(``h`` in m above the ground, ``v`` the rms wind speed in m/s, ``A`` the ground value in
m^(-2/3)). ``v = 21 m/s`` and ``A = 1.7e-14`` is the "HV 5/7" profile, named for its Fried
parameter of about 5 cm and isoplanatic angle of about 7 urad at 0.5 um (Andrews & Phillips,
section 12.2.1). From it:

* Fried parameter of a downlink (plane wave) at zenith angle ``zeta``:
  ``r0 = (0.423 k**2 sec(zeta) mu0)**(-3/5)``, ``mu0 = int Cn2 dh`` (Andrews & Phillips,
  eq. (12.35); Fried, JOSA 56, 1372 (1966)).
* Long-term beam radius of a downlink (beam spread plus beam wander, weak turbulence):
  ``W_LT**2 = W**2 (1 + 4.35 mu2d Lambda**(5/6) k**(7/6) (H - h0)**(5/6) sec(zeta)**(11/6))``
  with ``Lambda = 2 L / (k W**2)``, ``W`` the free-space beam radius at the ground and
  ``mu2d = int Cn2(h) ((h - h0)/(H - h0))**(5/3) dh`` (Andrews & Phillips, section 12.5,
  downlink). The weight ``((h - h0)/(H - h0))**(5/3)`` makes the turbulence of the lowest
  ~20 km, where all of it is, nearly invisible to a beam coming from 500 km: for a downlink the
  broadening is of order 1e-3 and the loss is set by diffraction and pointing (the reverse of
  an uplink). Since ``(H - h0) sec(zeta) = L`` the factor is
  ``4.35 M Lambda**(5/6) k**(7/6) L**(5/6) sec(zeta) / (L cos(zeta))**(5/3)`` with the moment
  ``M = int_h0^H Cn2(h) (h - h0)**(5/3) dh`` (the whole profile for a satellite).

Background light (:func:`background_count_rate_hz`): a receiver of area ``A`` with a
field of view of full angle ``theta`` behind a filter of width ``dlambda`` sees the sky
radiance ``H_b`` (W m^-2 sr^-1 nm^-1) through the etendue ``G = pi A sin(theta/2)**2``; the
photon rate is ``N = H_b G dlambda eta / (h c / lambda)`` (the formula of E.-L. Miao et al.,
New J. Phys. 7, 215 (2005) and C. Bonato et al., New J. Phys. 11, 045017 (2009), section 4,
with the exact cone etendue in place of its small-angle form ``A pi (theta/2)**2``).

Examples:
    >>> hv = HufnagelValley()
    >>> round(float(hv.fried_parameter_m(500.0, 90.0)), 3)        # the "5" of HV 5/7
    0.05
    >>> round(float(background_count_rate_hz(1e-8, 810.0, 0.6, 1e-4, 1.0, 1.0)), 1)
    362.2
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

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

__all__ = [
    "DAY_SKY_RADIANCE_W_M2_SR_NM",
    "NIGHT_SKY_RADIANCE_W_M2_SR_NM",
    "HufnagelValley",
    "background_count_rate_hz",
]

FloatArray = NDArray[np.float64]

_PLANCK_J_S = 6.62607015e-34
_LIGHT_M_S = 299792458.0
#: Integration grid (m above the station): Cn2 of every HV term is negligible above 40 km.
_H_GRID_M = np.linspace(0.0, 40_000.0, 40_001)

#: ASSUMPTION: clear moonless night-sky spectral radiance near 810 nm (W m^-2 sr^-1 nm^-1):
#: ~5e-9, from a dark-site I-band sky brightness of ~19.9 mag/arcsec^2 (ESO Paranal sky
#: brightness, Patat, A&A 400, 1183 (2003), I ~ 19.6-19.9) with the I-band zero point
#: 1.13e-11 W m^-2 nm^-1; plausible range 2e-9 (dark site) to 1e-7 (full moon, 17-18 mag).
NIGHT_SKY_RADIANCE_W_M2_SR_NM: float = 5e-9
#: ASSUMPTION: clear daytime sky radiance near 810 nm away from the Sun, ~5e-3 W m^-2 sr^-1
#: nm^-1 (a few 1e-3 of the ~1 W m^-2 nm^-1 solar irradiance per steradian); range 1e-3 to
#: 3e-2 depending on the angle to the Sun and aerosols. Not measured for any Micius station.
DAY_SKY_RADIANCE_W_M2_SR_NM: float = 5e-3


@dataclass(frozen=True)
class HufnagelValley:
    """Hufnagel-Valley turbulence profile above a ground station (module docstring).

    Args:
        ground_cn2_m_2_3: ground-level term ``A`` (m^(-2/3)), >= 0; 1.7e-14 for HV 5/7.
        wind_rms_m_s: rms high-altitude wind speed ``v`` (m/s), >= 0; 21 for HV 5/7.

    Heights are measured from the station (the profile's ``h = 0`` is the ground).

    Raises:
        InvalidParameterError: naming the first invalid field.
    """

    ground_cn2_m_2_3: float = 1.7e-14
    wind_rms_m_s: float = 21.0

    def __post_init__(self) -> None:
        for name in ("ground_cn2_m_2_3", "wind_rms_m_s"):
            object.__setattr__(self, name, check_nonnegative(name, getattr(self, name)))

    def cn2(self, height_m: ArrayLike) -> FloatArray:
        """``Cn2(h)`` (m^(-2/3)) at heights ``h >= 0`` (m) above the station."""
        h = check_array_in_range("height_m", height_m, 0.0)
        return np.asarray(
            0.00594 * (self.wind_rms_m_s / 27.0) ** 2 * (1e-5 * h) ** 10 * np.exp(-h / 1000.0)
            + 2.7e-16 * np.exp(-h / 1500.0)
            + self.ground_cn2_m_2_3 * np.exp(-h / 100.0),
            dtype=np.float64,
        )

    @property
    def integrated_cn2_analytic(self) -> float:
        """``mu0 = int_0^inf Cn2 dh`` in closed form (``int h**10 e^(-h/a) dh = 10! a**11``)."""
        high = 0.00594 * (self.wind_rms_m_s / 27.0) ** 2 * 1e-50 * math.factorial(10) * 1e33
        return high + 2.7e-16 * 1500.0 + self.ground_cn2_m_2_3 * 100.0

    @cached_property
    def integrated_cn2(self) -> float:
        """``mu0 = int Cn2 dh`` (m^(1/3)), by the trapezoid rule on a 1 m grid."""
        return float(np.trapezoid(self.cn2(_H_GRID_M), _H_GRID_M))

    @cached_property
    def _cumulative_moment(self) -> FloatArray:
        f = self.cn2(_H_GRID_M) * _H_GRID_M ** (5.0 / 3.0)
        steps = 0.5 * (f[1:] + f[:-1]) * np.diff(_H_GRID_M)
        return np.concatenate([[0.0], np.cumsum(steps)])

    @property
    def moment_5_3(self) -> float:
        """``M = int Cn2(h) h**(5/3) dh`` (m^2), the downlink beam-spread moment."""
        return float(self._cumulative_moment[-1])

    def moment_5_3_below(self, height_m: ArrayLike) -> FloatArray:
        """``int_0^H Cn2(h) h**(5/3) dh`` (m^2) for a transmitter at height ``H`` (m)."""
        h = check_array_in_range("height_m", height_m, 0.0)
        return np.asarray(np.interp(h, _H_GRID_M, self._cumulative_moment), dtype=np.float64)

    def fried_parameter_m(self, wavelength_nm: float, elevation_deg: ArrayLike) -> FloatArray:
        """Plane-wave Fried parameter ``r0`` (m) at the station, looking at ``elevation_deg``.

        Raises:
            InvalidParameterError: ``elevation_deg`` outside (0, 90] (below the horizon).
        """
        k = 2.0 * math.pi / (check_positive("wavelength_nm", wavelength_nm) * 1e-9)
        sec = 1.0 / np.sin(np.radians(_elevation(elevation_deg)))
        return np.asarray((0.423 * k**2 * sec * self.integrated_cn2) ** -0.6, dtype=np.float64)

    def downlink_broadening(
        self,
        wavelength_nm: float,
        distance_m: ArrayLike,
        elevation_deg: ArrayLike,
        beam_radius_m: ArrayLike,
    ) -> FloatArray:
        """``W_LT**2 / W**2 - 1`` of a downlink (module docstring; spread plus wander).

        Args:
            wavelength_nm: wavelength (nm), > 0.
            distance_m: slant range ``L`` (m), > 0.
            elevation_deg: elevation at the station, in (0, 90].
            beam_radius_m: free-space (diffraction) beam radius ``W`` at the station (m), > 0.
        """
        k = 2.0 * math.pi / (check_positive("wavelength_nm", wavelength_nm) * 1e-9)
        length = check_array_in_range("distance_m", distance_m, 0.0)
        e = np.radians(_elevation(elevation_deg))
        w = check_array_in_range("beam_radius_m", beam_radius_m, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            lam = 2.0 * length / (k * w**2)
            vertical = length * np.sin(e)  # H - h0
            mu2d = self.moment_5_3_below(vertical) / vertical ** (5.0 / 3.0)
            out = 4.35 * mu2d * lam ** (5.0 / 6.0) * k ** (7.0 / 6.0) * length ** (5.0 / 6.0)
            out = out / np.sin(e)
        return np.asarray(np.where(length > 0.0, out, 0.0), dtype=np.float64)


def _elevation(elevation_deg: ArrayLike) -> FloatArray:
    """Elevations in (0, 90] degrees; an elevation at or below the horizon is an error naming
    ``elevation_deg``, its value and the valid range."""
    e = check_array_in_range("elevation_deg", elevation_deg, 0.0, 90.0)
    if np.any(e <= 0.0):
        bad = float(e.reshape(-1)[np.argmax(e.reshape(-1) <= 0.0)])
        raise InvalidParameterError("elevation_deg (entry)", bad, "(0, 90] (above the horizon)")
    return e


def background_count_rate_hz(
    sky_radiance_w_m2_sr_nm: float,
    wavelength_nm: float,
    aperture_radius_m: float,
    field_of_view_rad: float,
    filter_bandwidth_nm: float,
    efficiency: float,
) -> float:
    """Background photon counts per second from the sky (module docstring).

    Args:
        sky_radiance_w_m2_sr_nm: sky spectral radiance (W m^-2 sr^-1 nm^-1), >= 0.
        wavelength_nm: wavelength (nm), > 0.
        aperture_radius_m: receiving aperture radius (m), > 0.
        field_of_view_rad: full angle of the receiver's field of view (rad), in (0, pi].
        filter_bandwidth_nm: spectral filter width (nm), > 0.
        efficiency: receiver optics times detector efficiency, in [0, 1].
    """
    radiance = check_nonnegative("sky_radiance_w_m2_sr_nm", sky_radiance_w_m2_sr_nm)
    wl = check_positive("wavelength_nm", wavelength_nm) * 1e-9
    a = check_positive("aperture_radius_m", aperture_radius_m)
    fov = check_in_range("field_of_view_rad", field_of_view_rad, 0.0, math.pi, low_open=True)
    band = check_positive("filter_bandwidth_nm", filter_bandwidth_nm)
    eta = check_probability("efficiency", efficiency)
    etendue = math.pi * (math.pi * a**2) * math.sin(fov / 2.0) ** 2
    photon_energy = _PLANCK_J_S * _LIGHT_M_S / wl
    return radiance * etendue * band * eta / photon_energy
