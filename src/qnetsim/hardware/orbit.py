"""Satellite pass geometry seen from two ground stations (the geometry of a dual downlink).

One circular orbit over a spherical Earth (radius ``R = 6371 km``), Earth rotation neglected,
as in :class:`~qnetsim.hardware.free_space.SatellitePass`, which gives the elevation and slant
range of one station versus time from its closest approach. :class:`DualPass` puts two
stations on a shared time axis, each with its own time of closest approach; the common
visibility window is the intersection of the two stations' windows.
:meth:`DualPass.along_track` builds the case of two stations on the ground track (offset
sideways by the same cross-track distance), the geometry of Delingha-Lijiang under a
near-polar orbit (Yin et al., Science 356, 1140 (2017)), and
:meth:`DualPass.max_separation_km` the largest station separation that still has a common
window. The link built on this geometry (rates, coincidences, CHSH) is
:class:`qnetsim.link.satellite.DualDownlink`.

Elevation at Earth-central angle ``g`` from the sub-satellite point:
``sin e = ((R+h) cos g - R)/d`` with the slant range
``d = sqrt(R**2 + (R+h)**2 - 2 R (R+h) cos g)``.

Examples:
    >>> g = DualPass.along_track(500.0, 1203.0, min_elevation_deg=10.0)
    >>> start, end = g.window_s
    >>> round(end - start, 1)      # both stations see the satellite for ~4.5 min
    272.3
    >>> round(elevation_deg(0.0, 500.0), 6)     # directly overhead
    90.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import (
    check_array_in_range,
    check_finite,
    check_in_range,
    check_int,
    check_nonnegative,
    check_positive,
)
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.free_space import EARTH_RADIUS_KM, SatellitePass

__all__ = ["DualPass", "elevation_deg"]

FloatArray = NDArray[np.float64]

#: Tolerance (deg) on the minimum elevation, so that the edges of a computed window count as
#: visible despite rounding.
_ELEVATION_ATOL_DEG = 1e-9


def elevation_deg(central_angle_rad: float, altitude_km: float) -> float:
    """Elevation (deg) of a satellite at Earth-central angle ``g``:
    ``sin e = ((R+h) cos g - R)/d`` (the geometry of :class:`SatellitePass`)."""
    r, rs = EARTH_RADIUS_KM, EARTH_RADIUS_KM + altitude_km
    d = math.sqrt(r**2 + rs**2 - 2.0 * r * rs * math.cos(central_angle_rad))
    return math.degrees(math.asin(max(-1.0, min(1.0, (rs * math.cos(central_angle_rad) - r) / d))))


@dataclass(frozen=True)
class DualPass:
    """One satellite pass seen from two ground stations on a shared time axis.

    Station X sees ``pass_x`` with its closest approach at time ``closest_approach_x_s``; the
    geometry of each station is that of :class:`~qnetsim.hardware.free_space.SatellitePass`
    (circular orbit, spherical Earth, Earth rotation neglected).

    Args:
        pass_a, pass_b: the pass seen from each station (equal altitudes).
        closest_approach_a_s, closest_approach_b_s: times of closest approach (s), finite.

    Raises:
        InvalidParameterError: different altitudes, or no common visibility window.

    Examples:
        >>> g = DualPass.along_track(500.0, 1203.0, min_elevation_deg=10.0)
        >>> start, end = g.window_s
        >>> round(end - start, 1)      # both stations see the satellite for ~4.5 min
        272.3
    """

    pass_a: SatellitePass
    pass_b: SatellitePass
    closest_approach_a_s: float = 0.0
    closest_approach_b_s: float = 0.0

    def __post_init__(self) -> None:
        for name in ("pass_a", "pass_b"):
            if not isinstance(getattr(self, name), SatellitePass):
                raise InvalidParameterError(name, getattr(self, name), "a SatellitePass")
        alt_a, alt_b = self.pass_a.altitude_km, self.pass_b.altitude_km
        if abs(alt_a - alt_b) > 1e-9 * alt_a:
            raise InvalidParameterError(
                "pass_b.altitude_km", alt_b, f"equal to pass_a.altitude_km = {alt_a:g} (one orbit)"
            )
        for name in ("closest_approach_a_s", "closest_approach_b_s"):
            object.__setattr__(self, name, check_finite(name, getattr(self, name)))
        start, end = self.window_s
        if not end > start:
            raise InvalidParameterError(
                "closest_approach_b_s - closest_approach_a_s",
                self.closest_approach_b_s - self.closest_approach_a_s,
                "a delay leaving a common visibility window of both stations",
            )

    @classmethod
    def along_track(
        cls,
        altitude_km: float,
        separation_km: float,
        cross_track_km: float = 0.0,
        min_elevation_deg: float = 10.0,
    ) -> DualPass:
        """Two stations ``separation_km`` apart (great-circle), both at ``cross_track_km``
        from the ground track on the same side, the pass centred between them.

        In ground-track coordinates (along-track angle ``phi``, cross-track angle ``c``) two
        points at the same ``c`` are a great-circle angle ``D`` apart with
        ``cos D = sin**2 c + cos**2 c cos(dphi)``, which gives the along-track separation
        ``dphi``; the closest approaches are at ``-+ dphi / (2 omega)`` and the maximum
        elevation follows from the central angle ``c`` (spherical right triangle, as in
        :class:`SatellitePass`).

        Args:
            altitude_km: orbit altitude (km), > 0.
            separation_km: great-circle distance between the stations (km), in
                (0, pi R).
            cross_track_km: distance of both stations from the ground track (km), >= 0.
            min_elevation_deg: elevation below which a station's link is off, in [0, 90).

        Raises:
            InvalidParameterError: naming the first invalid argument (including a
                ``cross_track_km`` so large that the satellite never rises above
                ``min_elevation_deg``).
        """
        h = check_positive("altitude_km", altitude_km)
        sep = check_in_range(
            "separation_km",
            separation_km,
            0.0,
            math.pi * EARTH_RADIUS_KM,
            low_open=True,
            high_open=True,
        )
        xt = check_nonnegative("cross_track_km", cross_track_km)
        e_min = check_in_range("min_elevation_deg", min_elevation_deg, 0.0, 90.0, high_open=True)
        c = xt / EARTH_RADIUS_KM
        e_max = 90.0 if c == 0.0 else elevation_deg(c, h)
        if e_max <= e_min:
            raise InvalidParameterError(
                "cross_track_km",
                xt,
                f"small enough for a maximum elevation above {e_min:g} deg (got {e_max:.3g} deg)",
            )
        cos_dphi = (math.cos(sep / EARTH_RADIUS_KM) - math.sin(c) ** 2) / math.cos(c) ** 2
        dphi = math.acos(max(-1.0, min(1.0, cos_dphi)))
        one = SatellitePass(h, e_max, e_min)
        half_delay = 0.5 * dphi / one.angular_rate_rad_per_s
        return cls(one, one, -half_delay, half_delay)

    @staticmethod
    def max_separation_km(
        altitude_km: float, cross_track_km: float = 0.0, min_elevation_deg: float = 10.0
    ) -> float:
        """The largest great-circle separation (km) of two stations placed as in
        :meth:`along_track` that still leaves a common visibility window: the along-track
        reach ``dphi = 2 T omega`` of one pass (``T``: its half duration) converted with
        ``cos D = sin**2 c + cos**2 c cos(dphi)``.

        Raises:
            InvalidParameterError: as :meth:`along_track` (e.g. a cross-track distance at
                which the satellite never rises above ``min_elevation_deg``).

        Examples:
            >>> round(DualPass.max_separation_km(500.0, 0.0, 10.0))
            3126
        """
        one = DualPass.along_track(altitude_km, 1.0, cross_track_km, min_elevation_deg).pass_a
        dphi = 2.0 * one.half_duration_s * one.angular_rate_rad_per_s  # along-track reach
        c = cross_track_km / EARTH_RADIUS_KM
        cos_d = math.sin(c) ** 2 + math.cos(c) ** 2 * math.cos(dphi)
        return EARTH_RADIUS_KM * math.acos(min(1.0, cos_d))

    @property
    def window_s(self) -> tuple[float, float]:
        """Start and end (s) of the common visibility window."""
        start = max(
            self.closest_approach_a_s - self.pass_a.half_duration_s,
            self.closest_approach_b_s - self.pass_b.half_duration_s,
        )
        end = min(
            self.closest_approach_a_s + self.pass_a.half_duration_s,
            self.closest_approach_b_s + self.pass_b.half_duration_s,
        )
        return start, end

    def time_grid(self, n_samples: int = 201) -> FloatArray:
        """``n_samples`` (>= 2) equally spaced times (s) spanning the common window."""
        n = check_int("n_samples", n_samples, low=2)
        start, end = self.window_s
        return np.linspace(start, end, n)

    def geometry(self, t_s: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Elevations (deg) and slant ranges (km) ``(e_A, d_A, e_B, d_B)`` at times ``t_s``."""
        t = check_array_in_range("t_s", t_s)
        if not np.all(np.isfinite(t)):
            raise InvalidParameterError("t_s", t_s, "finite times")
        e_a, d_a = self.pass_a.geometry(t - self.closest_approach_a_s)
        e_b, d_b = self.pass_b.geometry(t - self.closest_approach_b_s)
        return e_a, d_a, e_b, d_b

    def visible(self, t_s: ArrayLike) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """Whether each station sees the satellite above its minimum elevation at ``t_s``."""
        e_a, _, e_b, _ = self.geometry(t_s)
        return (
            np.asarray(e_a >= self.pass_a.min_elevation_deg - _ELEVATION_ATOL_DEG),
            np.asarray(e_b >= self.pass_b.min_elevation_deg - _ELEVATION_ATOL_DEG),
        )
