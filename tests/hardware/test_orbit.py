"""Tests of the two-station pass geometry (qnetsim.hardware.orbit: DualPass, elevation_deg)."""

from __future__ import annotations

import doctest
import math

import pytest

import qnetsim.hardware.orbit as orbit
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import DualPass as ExportedDualPass
from qnetsim.hardware.free_space import EARTH_RADIUS_KM, SatellitePass
from qnetsim.hardware.orbit import DualPass, elevation_deg


def test_along_track_geometry_is_symmetric_and_consistent() -> None:
    g = DualPass.along_track(500.0, 1203.0, cross_track_km=0.0, min_elevation_deg=10.0)
    e_a, d_a, e_b, d_b = g.geometry([0.0])
    # midway: equal elevations and ranges; each range is the chord to a point 601.5 km away
    assert float(e_a[0]) == pytest.approx(float(e_b[0]), abs=1e-9)
    assert float(d_a[0]) == pytest.approx(float(d_b[0]), rel=1e-12)
    r, rs = 6371.0, 6871.0
    gamma = 601.5 / r
    chord = math.sqrt(r**2 + rs**2 - 2 * r * rs * math.cos(gamma))
    assert float(d_a[0]) == pytest.approx(chord, rel=1e-9)
    # a station's closest approach is directly overhead (cross-track 0)
    e, d, _, _ = g.geometry([g.closest_approach_a_s])
    assert float(e[0]) == pytest.approx(90.0, abs=1e-6)
    assert float(d[0]) == pytest.approx(500.0, rel=1e-9)
    # cross-track offset lowers the maximum elevation
    low = DualPass.along_track(500.0, 1203.0, cross_track_km=300.0)
    assert low.pass_a.max_elevation_deg < 60.0


def test_bad_geometry_raises() -> None:
    with pytest.raises(InvalidParameterError) as err:
        DualPass(SatellitePass(500.0), SatellitePass(600.0))
    assert err.value.name == "pass_b.altitude_km"
    with pytest.raises(InvalidParameterError):  # the second pass comes an hour later
        DualPass(SatellitePass(500.0), SatellitePass(500.0), 0.0, 3600.0)
    with pytest.raises(InvalidParameterError) as err:
        DualPass(SatellitePass(500.0), SatellitePass(500.0), float("inf"))
    assert err.value.name == "closest_approach_a_s"
    with pytest.raises(InvalidParameterError) as err:
        DualPass.along_track(500.0, 0.0)
    assert err.value.name == "separation_km"
    with pytest.raises(InvalidParameterError) as err:
        DualPass.along_track(500.0, 1200.0, cross_track_km=3000.0)
    assert err.value.name == "cross_track_km"
    with pytest.raises(InvalidParameterError) as err:
        DualPass.along_track(-1.0, 1200.0)
    assert err.value.name == "altitude_km"
    with pytest.raises(InvalidParameterError) as err:
        DualPass.along_track(500.0, 1200.0, min_elevation_deg=90.0)
    assert err.value.name == "min_elevation_deg"
    g = DualPass.along_track(500.0, 1200.0)
    with pytest.raises(InvalidParameterError) as err:
        g.time_grid(1)
    assert err.value.name == "n_samples"
    with pytest.raises(InvalidParameterError):
        g.geometry([0.0, float("nan")])


def test_elevation_matches_the_single_pass_geometry() -> None:
    """elevation_deg at the central angle of closest approach is the pass's maximum
    elevation, and at the sub-satellite point it is 90 deg."""
    assert elevation_deg(0.0, 500.0) == pytest.approx(90.0, abs=1e-9)
    for e_max in (20.0, 45.0, 75.0):
        e = math.radians(e_max)  # central angle of a satellite seen at elevation e
        g0 = math.acos(EARTH_RADIUS_KM / (EARTH_RADIUS_KM + 500.0) * math.cos(e)) - e
        assert elevation_deg(g0, 500.0) == pytest.approx(e_max, abs=1e-9)
        # and the pass with that maximum elevation peaks there
        elevation, _ = SatellitePass(500.0, e_max).geometry([0.0])
        assert float(elevation[0]) == pytest.approx(e_max, abs=1e-9)
    # further from the ground track, lower
    assert elevation_deg(0.1, 500.0) < elevation_deg(0.05, 500.0)


def test_both_stations_see_the_satellite_at_the_window_edges_only() -> None:
    g = DualPass.along_track(500.0, 1203.0, cross_track_km=100.0)
    start, end = g.window_s
    vis_a, vis_b = g.visible([start, 0.5 * (start + end), end])
    assert vis_a.all() and vis_b.all()
    vis_a, vis_b = g.visible([start - 30.0, end + 30.0])
    assert not (vis_a & vis_b).any()
    t = g.time_grid(11)
    assert t[0] == pytest.approx(start) and t[-1] == pytest.approx(end) and t.size == 11


@pytest.mark.parametrize(("cross_track_km", "min_elevation_deg"), [(0.0, 10.0), (200.0, 15.0)])
def test_max_separation_is_where_the_common_window_closes(
    cross_track_km: float, min_elevation_deg: float
) -> None:
    limit = DualPass.max_separation_km(500.0, cross_track_km, min_elevation_deg)
    assert 0.0 < limit < math.pi * EARTH_RADIUS_KM
    inside = DualPass.along_track(500.0, 0.99 * limit, cross_track_km, min_elevation_deg)
    start, end = inside.window_s
    assert end > start
    with pytest.raises(InvalidParameterError) as err:
        DualPass.along_track(500.0, 1.01 * limit, cross_track_km, min_elevation_deg)
    assert err.value.name.startswith("closest_approach")


def test_max_separation_rejects_what_along_track_rejects() -> None:
    with pytest.raises(InvalidParameterError) as err:
        DualPass.max_separation_km(500.0, cross_track_km=3000.0)
    assert err.value.name == "cross_track_km"


def test_dual_pass_is_exported_by_the_hardware_package() -> None:
    assert ExportedDualPass is DualPass


def test_module_doctests_pass() -> None:
    result = doctest.testmod(orbit, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3
    assert result.failed == 0
