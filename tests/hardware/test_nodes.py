"""Node tables of the hardware layer: a platform written as a table and built back
(qnetsim.hardware.nodes, shared by scenario and network files)."""

from __future__ import annotations

import dataclasses

import pytest

from qnetsim.files.schema import ScenarioError, Table, validate
from qnetsim.hardware import PLATFORMS, get_converter
from qnetsim.hardware.nodes import PLATFORM_FIELDS, build_platform, has_hardware, platform_table

TABLE = Table(PLATFORM_FIELDS)


def _build(table: dict[str, object], name: str = "N") -> object:
    return build_platform(validate(table, TABLE, "t"), "t", f"nodes.{name}", name)


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_every_preset_round_trips(name: str) -> None:
    preset = PLATFORMS[name]
    assert platform_table(preset) == {"platform": name}
    mine = dataclasses.replace(preset, name="mine")
    table = platform_table(mine)
    assert "platform" not in table and table["scheme"] == preset.scheme
    back = _build(table)
    assert dataclasses.replace(back, name="mine", notes=preset.notes) == mine  # type: ignore[type-var]
    assert back.name == "custom:N"  # type: ignore[attr-defined]


def test_a_changed_preset_is_written_as_its_overrides() -> None:
    nv = PLATFORMS["nv_delft"]
    changed = dataclasses.replace(
        nv,
        emitter=dataclasses.replace(nv.emitter, alpha=0.1),
        memory=dataclasses.replace(nv.memory, t2_s=2.0),
    )
    table = platform_table(changed)
    assert table == {"platform": "nv_delft", "emitter": {"alpha": 0.1}, "memory": {"t2_s": 2.0}}
    assert _build(table) == changed


def test_converters_are_written_by_name_or_none() -> None:
    atom = next(p for p in PLATFORMS.values() if p.converter is not None)
    assert platform_table(dataclasses.replace(atom, converter=None))["converter"] == "none"
    other = next(n for n, c in _converters().items() if c != atom.converter)
    swapped = dataclasses.replace(atom, converter=get_converter(other))
    table = platform_table(swapped)
    assert table["converter"] == other


def _converters() -> dict[str, object]:
    from qnetsim.hardware import CONVERTERS

    return dict(CONVERTERS)


def test_a_removed_component_falls_back_to_the_whole_platform() -> None:
    siv = next(p for p in PLATFORMS.values() if p.communication_memory is not None)
    table = platform_table(dataclasses.replace(siv, communication_memory=None))
    assert "platform" not in table and "communication_memory" not in table


def test_has_hardware_and_named_errors() -> None:
    assert not has_hardware(validate({}, TABLE))
    assert has_hardware(validate({"platform": "nv_delft"}, TABLE))
    with pytest.raises(ScenarioError) as info:
        _build({})
    assert info.value.key_path == "nodes.N.scheme"
    with pytest.raises(ScenarioError) as info:
        build_platform(validate({"platform": "mine"}, TABLE), "t", "nodes.N")
    assert info.value.key_path == "nodes.N.platform"
    mine = dataclasses.replace(PLATFORMS["nv_delft"], name="mine")
    node = validate({"platform": "mine", "memory": {"t2_s": 3.0}}, TABLE)
    built = build_platform(node, "t", "nodes.N", presets={"mine": mine})
    assert built.name == "mine" and built.memory.t2_s == 3.0
