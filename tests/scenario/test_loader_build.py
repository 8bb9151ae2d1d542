"""Overrides by key path, hardware overrides and the links built from a scenario."""

from __future__ import annotations

import pytest

from qnetsim.hardware import get_platform
from qnetsim.link import Link
from qnetsim.scenario.build import build_links, build_platforms
from qnetsim.scenario.loader import load_scenario, parse_scenario, with_overrides
from qnetsim.scenario.schema import ScenarioError

from .test_schema import BASE


def test_overrides_by_key_path_revalidate() -> None:
    scn = parse_scenario(BASE, "f.toml")
    moved = with_overrides(scn, {"links[0].length_km": 50, "nodes.A.emitter.alpha": 0.1})
    assert moved.doc["links"][0]["length_km"] == 50.0
    assert build_platforms(moved)["A"].emitter.alpha == 0.1
    assert scn.doc["links"][0]["length_km"] == 10.0  # the original is untouched
    with pytest.raises(ScenarioError, match=r"links\[3\]"):
        with_overrides(scn, {"links[3].length_km": 1})
    with pytest.raises(ScenarioError, match="unknown key"):
        with_overrides(scn, {"links[0].lenght_km": 1})


def test_link_equals_the_hand_built_link() -> None:
    text = BASE + "attenuation_db_per_km = 0.4\nconversion_efficiency = 0.3\n"
    (link,) = build_links(parse_scenario(text))
    nv = get_platform("nv_delft")
    ref = Link(nv, 10.0, node_b=nv, attenuation_db_per_km=0.4, conversion_efficiency=0.3)
    assert link.success_probability == ref.success_probability
    assert link.delivered_state.fidelity == ref.delivered_state.fidelity


@pytest.mark.parametrize(
    ("extra", "path", "reason"),
    [
        ("[nodes.A.emitter]\nalpah = 0.1\n", "nodes.A.emitter.alpah", "unknown key"),
        ("[nodes.A.emitter]\nalpha = 2.0\n", "nodes.A.emitter.alpha", "2.0 is invalid"),
        ("[nodes.A.memory]\nt2_s = -1.0\n", "nodes.A.memory.t2_s", "-1.0 is invalid"),
        ("[nodes.A.memory]\nt1_s = 1.0\nt2_s = 3.0\n", "nodes.A.memory.t2_s", "2 * t1_s"),
        (
            "[nodes.A.source]\nefficiency = 0.5\n",
            "nodes.A.source.wavelength_nm",
            "required; valid: >= 100 and <= 10000 (platform 'nv_delft' has no source",
        ),
    ],
)
def test_hardware_overrides_are_checked_when_the_file_is_loaded(
    extra: str, path: str, reason: str
) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(BASE + extra, "h.toml")
    assert info.value.source == "h.toml"
    assert info.value.key_path == path and reason in info.value.reason


def test_unknown_platform_names_the_key() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(BASE.replace('platform = "nv_delft"', 'platform = "unicorn"', 1))
    assert info.value.key_path == "nodes.A.platform" and "nv_delft" in info.value.reason


def test_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "nope.toml")
