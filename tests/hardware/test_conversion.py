"""Frequency conversion: noise probability, energy conservation of the presets, errors."""

from __future__ import annotations

import math

import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import CONVERTERS, FrequencyConverter, get_converter


def test_noise_probability() -> None:
    c = FrequencyConverter(637.0, 1588.0, 0.5, noise_rate_hz=200.0)
    assert c.noise_probability(1e-3) == pytest.approx(1 - math.exp(-0.2))
    assert c.mean_noise_photons(1e-3) == pytest.approx(0.2)
    assert FrequencyConverter(637.0, 1588.0, 0.5).noise_probability(1.0) == 0.0


@pytest.mark.parametrize(
    ("name", "pump_nm"),
    [
        ("yu2020_795_1342", 1950.0),   # experiments.md s.1: 1950 nm pump
        ("liu2026_393_1550", 527.0),   # experiments.md s.6: 527 nm pump
        ("stolk2024_637_1588", 1064.0),  # Nd:YAG-band pump of the Delft converter
    ],
)
def test_pump_wavelength_energy_conservation(name: str, pump_nm: float) -> None:
    assert get_converter(name).pump_wavelength_nm == pytest.approx(pump_nm, abs=1.5)


@pytest.mark.parametrize(
    ("name", "lin", "lout", "eff"),
    [
        ("yu2020_795_1342", 795.0, 1342.0, 0.33),
        ("liu2024_795_1342", 795.0, 1342.0, 0.46),
        ("lu2026_780_1315", 780.0, 1315.0, 0.47),
        ("knaut2024_737_1350", 737.0, 1350.0, 0.30),
    ],
)
def test_presets_match_experiments_reference(name: str, lin: float, lout: float,
                                             eff: float) -> None:
    c = get_converter(name)
    assert (c.input_wavelength_nm, c.output_wavelength_nm, c.efficiency) == (lin, lout, eff)


def test_every_preset_field_is_cited() -> None:
    for name, c in CONVERTERS.items():
        for f in ("input_wavelength_nm", "output_wavelength_nm", "efficiency", "noise_rate_hz"):
            assert c.citations.get(f), f"{name}.{f} has no citation"


def test_unknown_converter_lists_valid_names() -> None:
    with pytest.raises(InvalidParameterError, match="nope") as info:
        get_converter("nope")
    assert info.value.name == "name"
    assert "yu2020_795_1342" in str(info.value)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((795.0, 1342.0, 1.1), "efficiency"),
        ((-795.0, 1342.0, 0.3), "input_wavelength_nm"),
        ((795.0, 0.0, 0.3), "output_wavelength_nm"),
        ((795.0, 795.0, 0.3), "output_wavelength_nm"),
        ((795.0, 1342.0, 0.3, -5.0), "noise_rate_hz"),
    ],
)
def test_invalid_fields_are_named(args: tuple[float, ...], field: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        FrequencyConverter(*args)  # type: ignore[arg-type]
    assert info.value.name == field
    assert field in str(info.value)


def test_noise_probability_rejects_negative_window() -> None:
    with pytest.raises(InvalidParameterError, match="window_s"):
        get_converter("lu2026_780_1315").noise_probability(-1.0)
