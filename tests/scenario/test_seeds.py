"""A point's seed depends on its values, not on how the overrides are spelled."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from qnetsim.scenario.loader import canonical_overrides, load_scenario
from qnetsim.scenario.runner import run_scenario

REPO = Path(__file__).resolve().parents[2]
LU = load_scenario(REPO / "examples" / "experiments" / "lu2026_diqkd.toml")  # length_km = 11.0


def numbers(overrides: dict[str, Any]) -> dict[str, tuple[float, float]]:
    q = run_scenario(LU, overrides, quick=True).quantities
    return {k: (e.value, e.err) for k, e in q.items()}


def test_three_spellings_of_the_files_value_give_the_files_numbers() -> None:
    assert LU.doc["links"][0]["length_km"] == 11.0
    alone = numbers({})
    for text in ("11", "11.0", "1.1e1"):  # as --set parses them: TOML values
        value = tomllib.loads(f"v = {text}")["v"]
        assert numbers({"links[0].length_km": value}) == alone, text


def test_spellings_of_another_value_agree_and_differ_from_the_file() -> None:
    as_int = numbers({"links[0].length_km": 12})
    assert as_int == numbers({"links[0].length_km": 12.0})
    assert as_int["chsh_s"] != numbers({})["chsh_s"]


def test_canonical_overrides() -> None:
    assert canonical_overrides(LU, {}) == {}
    assert canonical_overrides(LU, {"links[0].length_km": 11}) == {}
    assert canonical_overrides(LU, {"run.pairs": 1e3, "links[0].length_km": 12}) == {
        "links[0].length_km": 12.0,
        "run.pairs": 1000.0,
    }
    # a default written out is no change either
    assert canonical_overrides(LU, {"links[0].geometry": "midpoint"}) == {}


@pytest.mark.parametrize("pairs", [2000, 2e3])
def test_an_integer_field_spelt_as_a_float_is_the_same_point(pairs: float) -> None:
    assert numbers({"run.quick_pairs": pairs}) == numbers({"run.quick_pairs": 2000})
