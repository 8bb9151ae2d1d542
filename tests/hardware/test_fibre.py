"""Fibre: closed forms, defaults per band, splitting, error paths."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import DEFAULT_ATTENUATION_BANDS, Fibre, default_attenuation_db_per_km
from qnetsim.units import US

lengths = st.floats(min_value=0.0, max_value=2000.0, allow_nan=False)
attenuations = st.floats(min_value=0.0, max_value=10.0, allow_nan=False)


@pytest.mark.parametrize(("length", "alpha"), [(0.0, 0.2), (25.0, 0.2), (50.0, 0.33), (3.0, 3.5)])
def test_transmissivity_closed_form(length: float, alpha: float) -> None:
    f = Fibre(length, attenuation_db_per_km=alpha)
    assert f.loss_db == pytest.approx(alpha * length)
    assert f.transmissivity == pytest.approx(10 ** (-alpha * length / 10))


def test_extra_loss_adds_in_db() -> None:
    f = Fibre(10.0, attenuation_db_per_km=0.2, extra_loss_db=1.5)
    assert f.loss_db == pytest.approx(3.5)
    assert f.transmissivity == pytest.approx(10 ** -0.35)


def test_delay_is_five_microseconds_per_km() -> None:
    f = Fibre(1.0)
    assert f.delay_s == pytest.approx(5e-6)
    assert f.delay_ps == 5 * US
    assert Fibre(100.0).delay_ps == 500 * US
    assert isinstance(Fibre(0.3).delay_ps, int)


def test_custom_group_velocity() -> None:
    assert Fibre(300.0, group_velocity_km_per_s=3.0e5).delay_s == pytest.approx(1e-3)


@pytest.mark.parametrize(
    ("wavelength", "expected"),
    [(1550.0, 0.20), (1588.0, 0.20), (1315.0, 0.33), (1342.0, 0.33), (1350.0, 0.33),
     (780.0, 3.5), (795.0, 3.5), (637.0, 7.0)],
)
def test_default_attenuation_per_band(wavelength: float, expected: float) -> None:
    assert default_attenuation_db_per_km(wavelength) == expected
    assert Fibre(1.0, wavelength_nm=wavelength).attenuation == expected


def test_default_bands_lie_in_physics_reference_ranges() -> None:
    ranges = {637.0: (6.0, 8.0), 780.0: (3.0, 4.0), 1310.0: (0.3, 0.35), 1550.0: (0.17, 0.2)}
    for wl, (lo, hi) in ranges.items():
        assert lo <= default_attenuation_db_per_km(wl) <= hi
    assert all(b.source for b in DEFAULT_ATTENUATION_BANDS)


def test_default_bands_cover_700_to_1700_nm_without_gaps() -> None:
    missing = []
    for wl in range(700, 1701):
        try:
            default_attenuation_db_per_km(float(wl))
        except InvalidParameterError:
            missing.append(wl)
    assert missing == []
    # contiguous: each band starts where the previous one ends (no sub-nanometre holes)
    ordered = sorted(DEFAULT_ATTENUATION_BANDS, key=lambda b: b.low_nm)
    for prev, nxt in itertools.pairwise(ordered):
        assert nxt.low_nm <= prev.high_nm, (prev.name, nxt.name)
    for b in DEFAULT_ATTENUATION_BANDS:
        assert b.source.strip(), b.name
        assert b.low_nm < b.high_nm
        assert b.attenuation_db_per_km > 0


@pytest.mark.parametrize(("wavelength", "expected"), [(1383.0, 0.32), (1650.0, 0.25)])
def test_datasheet_bands(wavelength: float, expected: float) -> None:
    """E- and U-band defaults from the standard single-mode fibre datasheet."""
    assert default_attenuation_db_per_km(wavelength) == expected


def test_short_wavelength_bands_follow_rayleigh_scaling() -> None:
    """Loss falls monotonically with wavelength from 637 nm to the O-band (lambda^-4), and the
    Rayleigh-scaled bands lie within 5% of the closed form from their reference value."""
    grid = [637.0, 672.0, 735.0, 780.0, 850.0, 950.0, 1130.0, 1310.0]
    values = [default_attenuation_db_per_km(wl) for wl in grid]
    assert values == sorted(values, reverse=True)
    assert default_attenuation_db_per_km(850.0) == pytest.approx(3.5 * (780 / 850) ** 4, rel=0.05)
    assert default_attenuation_db_per_km(1130.0) == pytest.approx(
        0.32 * (1310 / 1130) ** 4, rel=0.05
    )


def test_wavelength_without_default_attenuation_is_an_error() -> None:
    with pytest.raises(InvalidParameterError, match="wavelength_nm = 2000.0") as info:
        Fibre(10.0, wavelength_nm=2000.0)
    assert "attenuation_db_per_km" in str(info.value)
    # giving the attenuation explicitly makes any wavelength acceptable
    assert Fibre(10.0, attenuation_db_per_km=1.0, wavelength_nm=2000.0).loss_db == 10.0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"length_km": -1.0}, "length_km"),
        ({"length_km": math.nan}, "length_km"),
        ({"length_km": 1.0, "attenuation_db_per_km": -0.1}, "attenuation_db_per_km"),
        ({"length_km": 1.0, "wavelength_nm": 0.0}, "wavelength_nm"),
        ({"length_km": 1.0, "extra_loss_db": -2.0}, "extra_loss_db"),
        ({"length_km": 1.0, "group_velocity_km_per_s": 0.0}, "group_velocity_km_per_s"),
    ],
)
def test_invalid_fields_are_named(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        Fibre(**kwargs)
    assert info.value.name == field
    assert str(info.value).startswith(f"{field} = ")


def test_split_shares_length_and_loss() -> None:
    f = Fibre(40.0, attenuation_db_per_km=0.45, extra_loss_db=2.0)
    a, b = f.split(0.25)
    assert (a.length_km, b.length_km) == pytest.approx((10.0, 30.0))
    assert a.loss_db + b.loss_db == pytest.approx(f.loss_db)
    assert a.transmissivity * b.transmissivity == pytest.approx(f.transmissivity)
    arm = f.midpoint_arm()
    assert arm.transmissivity == pytest.approx(math.sqrt(f.transmissivity))
    assert arm.delay_s == pytest.approx(f.delay_s / 2)


def test_split_rejects_bad_fraction() -> None:
    with pytest.raises(InvalidParameterError, match="fraction"):
        Fibre(1.0).split(1.5)


def test_frozen() -> None:
    f = Fibre(1.0)
    with pytest.raises(AttributeError):
        f.length_km = 2.0  # type: ignore[misc]


@settings(deadline=None)
@given(lengths, attenuations)
def test_transmissivity_in_unit_interval(length: float, alpha: float) -> None:
    eta = Fibre(length, attenuation_db_per_km=alpha).transmissivity
    assert 0.0 <= eta <= 1.0


@settings(deadline=None)
@given(lengths, lengths, st.floats(min_value=0.01, max_value=10.0))
def test_transmissivity_monotone_in_length(l1: float, l2: float, alpha: float) -> None:
    short, long_ = sorted((l1, l2))
    assert (
        Fibre(long_, attenuation_db_per_km=alpha).transmissivity
        <= Fibre(short, attenuation_db_per_km=alpha).transmissivity
    )


@settings(deadline=None)
@given(lengths, st.floats(min_value=0.0, max_value=1.0))
def test_split_conserves_transmissivity(length: float, x: float) -> None:
    f = Fibre(length)
    a, b = f.split(x)
    assert a.transmissivity * b.transmissivity == pytest.approx(f.transmissivity, rel=1e-9)
    assert a.length_km + b.length_km == pytest.approx(length, abs=1e-9)
