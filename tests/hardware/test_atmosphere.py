"""Turbulence (Hufnagel-Valley) and background light (qnetsim.hardware.atmosphere)."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from scipy import integrate

import qnetsim.hardware.atmosphere as atmosphere
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.atmosphere import HufnagelValley, background_count_rate_hz


def test_hv_integral_numerical_equals_closed_form() -> None:
    """The 1 m trapezoid integral of the profile equals the Gamma-function closed form."""
    for hv in (HufnagelValley(), HufnagelValley(5e-15, 30.0), HufnagelValley(0.0, 0.0)):
        assert hv.integrated_cn2 == pytest.approx(hv.integrated_cn2_analytic, rel=1e-4)


def test_hv57_fried_parameter_is_5_cm() -> None:
    """Independent check: HV 5/7 is defined by r0 ~ 5 cm at 0.5 um at zenith (Andrews &
    Phillips 2005, section 12.2.1); r0 scales as lambda**(6/5) and sin(e)**(3/5)."""
    hv = HufnagelValley()
    r0 = float(hv.fried_parameter_m(500.0, 90.0))
    assert r0 == pytest.approx(0.05, rel=0.02)
    assert float(hv.fried_parameter_m(810.0, 90.0)) == pytest.approx(
        r0 * (810.0 / 500.0) ** 1.2, rel=1e-12
    )
    assert float(hv.fried_parameter_m(500.0, 30.0)) == pytest.approx(r0 * 0.5**0.6, rel=1e-12)


def test_downlink_broadening_matches_direct_quadrature_and_is_tiny() -> None:
    """The moment form equals the Andrews-Phillips expression with mu2d integrated directly
    (scipy quad over the weight (h/H)**(5/3)); for a 500 km downlink it is ~1e-4."""
    hv = HufnagelValley()
    k = 2 * math.pi / 810e-9
    for length, elev, w in ((5e5, 90.0, 5.0), (1.2e6, 25.0, 12.0)):
        height = length * math.sin(math.radians(elev))
        mu2d, _ = integrate.quad(
            lambda h, H=height: float(hv.cn2(h)) * (h / H) ** (5 / 3), 0, 40_000, limit=200
        )
        lam = 2 * length / (k * w**2)
        expected = (
            4.35
            * mu2d
            * lam ** (5 / 6)
            * k ** (7 / 6)
            * height ** (5 / 6)
            / math.sin(math.radians(elev)) ** (11 / 6)
        )
        got = float(hv.downlink_broadening(810.0, length, elev, w))
        assert got == pytest.approx(expected, rel=1e-3)
        assert 0.0 < got < 1e-3


def test_background_rate_equals_radiometric_integral() -> None:
    """Closed form vs the radiometric integral N = L dlambda A int cos(t) dOmega / (h c /
    lambda) by quadrature; the small-angle etendue A pi (theta/2)**2 agrees for small fields."""
    radiance, wl, a, fov, band, eff = 5e-9, 810.0, 0.6, 1e-3, 3.0, 0.25
    proj, _ = integrate.quad(lambda t: 2 * math.pi * math.cos(t) * math.sin(t), 0, fov / 2)
    photon = 6.62607015e-34 * 299792458.0 / (wl * 1e-9)
    expected = radiance * band * math.pi * a**2 * proj * eff / photon
    got = background_count_rate_hz(radiance, wl, a, fov, band, eff)
    assert got == pytest.approx(expected, rel=1e-9)
    small = radiance * band * math.pi * a**2 * math.pi * (fov / 2) ** 2 * eff / photon
    assert got == pytest.approx(small, rel=1e-6)
    # day is ~1e6 brighter than night
    day = background_count_rate_hz(atmosphere.DAY_SKY_RADIANCE_W_M2_SR_NM, wl, a, fov, band, eff)
    assert day / got == pytest.approx(1e6, rel=1e-9)


def test_elevation_below_the_horizon_is_a_named_error() -> None:
    hv = HufnagelValley()
    with pytest.raises(InvalidParameterError) as info:
        hv.fried_parameter_m(810.0, -5.0)
    assert info.value.name == "elevation_deg (entry)" and info.value.value == -5.0
    assert "[0, 90]" in info.value.valid
    with pytest.raises(InvalidParameterError) as info:
        hv.downlink_broadening(810.0, 1e6, 0.0, 10.0)  # at the horizon: undefined
    assert info.value.valid.startswith("(0, 90]")


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"ground_cn2_m_2_3": -1e-14}, "ground_cn2_m_2_3"), ({"wind_rms_m_s": -1.0}, "wind_rms_m_s")],
)
def test_bad_profile_fields(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        HufnagelValley(**kwargs)
    assert info.value.name == name


def test_bad_background_arguments() -> None:
    with pytest.raises(InvalidParameterError) as info:
        background_count_rate_hz(1e-8, 810.0, 0.6, 0.0, 1.0, 1.0)
    assert info.value.name == "field_of_view_rad"
    with pytest.raises(InvalidParameterError) as info:
        background_count_rate_hz(1e-8, 810.0, 0.6, 1e-4, 1.0, 1.5)
    assert info.value.name == "efficiency"


def test_module_doctests() -> None:
    result = doctest.testmod(atmosphere)
    assert result.attempted >= 2 and result.failed == 0


def test_arrays_are_vectorised() -> None:
    hv = HufnagelValley()
    r0 = hv.fried_parameter_m(810.0, np.array([90.0, 45.0, 20.0]))
    assert r0.shape == (3,) and np.all(np.diff(r0) < 0)
