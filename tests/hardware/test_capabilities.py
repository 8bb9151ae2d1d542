"""Platform capabilities (issue 12, item 3): what a node has, checked against what a design
uses, with named errors; every preset consistent and cited; scenario overrides."""

from __future__ import annotations

import dataclasses

import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import ASSUMPTION_PREFIX, Capabilities, get_platform, platform_names
from qnetsim.link import Link
from qnetsim.scenario.build import build_platforms
from qnetsim.scenario.loader import parse_scenario
from qnetsim.scenario.schema import ScenarioError

FIELDS = ("communication_qubits", "storage_qubits", "max_modes")

SCENARIO = """
[scenario]
name = "t"
kind = "link"
[nodes.A]
platform = "rb_atom_lu2026"
{extra}
[nodes.B]
platform = "rb_atom_lu2026"
[[links]]
nodes = ["A", "B"]
length_km = 10
"""


def test_defaults_are_a_single_emitter() -> None:
    c = Capabilities()
    assert (c.communication_qubits, c.storage_qubits, c.max_modes) == (1, 0, 1)
    assert c.total_qubits == 1
    assert Capabilities(2, 3, 50).total_qubits == 5


@pytest.mark.parametrize(
    ("kwargs", "name", "valid"),
    [
        ({"communication_qubits": 0}, "capabilities.communication_qubits", "[1, inf]"),
        ({"storage_qubits": -1}, "capabilities.storage_qubits", "[0, inf]"),
        ({"max_modes": 0}, "capabilities.max_modes", "[1, inf]"),
        ({"max_modes": 2.5}, "capabilities.max_modes", "an integer"),
        ({"storage_qubits": True}, "capabilities.storage_qubits", "an integer"),
    ],
)
def test_bad_capabilities_are_named_errors(
    kwargs: dict[str, object], name: str, valid: str
) -> None:
    with pytest.raises(InvalidParameterError) as info:
        Capabilities(**kwargs)  # type: ignore[arg-type]
    assert info.value.name == name and valid in info.value.valid


def test_more_modes_than_the_platform_has_is_a_named_error() -> None:
    atom = get_platform("rb_atom_lu2026")
    memory = dataclasses.replace(atom.memory, num_temporal_modes=1000)
    with pytest.raises(InvalidParameterError) as info:
        dataclasses.replace(atom, memory=memory)
    err = info.value
    assert err.name == "memory.num_temporal_modes" and err.value == 1000
    assert err.valid == "<= capabilities.max_modes = 1"
    with pytest.raises(InvalidParameterError) as info:
        dataclasses.replace(atom, memory=dataclasses.replace(atom.memory, num_memories=2))
    assert info.value.name == "memory.num_memories" and info.value.value == 2


def test_the_limit_counts_spatial_times_temporal_modes() -> None:
    ens = get_platform("rb_ensemble_ustc")
    assert ens.capabilities.max_modes == 225
    fits = dataclasses.replace(ens.memory, num_memories=15, num_temporal_modes=15)
    assert dataclasses.replace(ens, memory=fits).communication_interface.num_modes == 225
    over = dataclasses.replace(ens.memory, num_memories=15, num_temporal_modes=16)
    with pytest.raises(InvalidParameterError) as info:
        dataclasses.replace(ens, memory=over)
    assert info.value.name == "memory.num_temporal_modes" and "<= 15" in info.value.valid


def test_the_communication_qubit_is_checked_when_it_is_distinct() -> None:
    siv = get_platform("siv_harvard")
    assert siv.communication_interface is siv.communication_memory
    comm = dataclasses.replace(siv.communication_memory, num_temporal_modes=2)
    with pytest.raises(InvalidParameterError) as info:
        dataclasses.replace(siv, communication_memory=comm)
    assert info.value.name == "communication_memory.num_temporal_modes"
    # raising the capability makes room: the same design is then accepted
    caps = dataclasses.replace(siv.capabilities, max_modes=2)
    assert dataclasses.replace(siv, communication_memory=comm, capabilities=caps)


def test_a_link_cannot_use_more_modes_than_its_nodes_have() -> None:
    """A Link takes Platforms, and a Platform cannot hold such a memory, so no link (nor any
    engine that runs one) uses more modes than ``capabilities.max_modes``."""
    atom = get_platform("rb_atom_lu2026")
    more = dataclasses.replace(
        atom, capabilities=Capabilities(max_modes=10),
        memory=dataclasses.replace(atom.memory, num_temporal_modes=10),
    )  # fmt: skip
    assert Link(more, 10.0).num_modes == 10
    with pytest.raises(InvalidParameterError, match="capabilities.max_modes = 1"):
        Link(dataclasses.replace(more, capabilities=Capabilities()), 10.0)


@pytest.mark.parametrize("name", platform_names())
def test_every_preset_is_consistent_and_cited(name: str) -> None:
    p = get_platform(name)
    c = p.capabilities
    assert isinstance(c, Capabilities)
    assert p.communication_interface.num_modes <= c.max_modes
    params = p.numeric_parameters()
    for f in FIELDS:
        key = f"capabilities.{f}"
        assert params[key] == getattr(c, f)
        source = p.citation(key)
        assert source, f"{name}: {key} has no citation"
        if source.startswith(ASSUMPTION_PREFIX):
            rng = p.plausible_range(key)
            assert rng is not None and rng[0] <= getattr(c, f) <= rng[1], key
    # a node with a distinct storage memory has a storage qubit to put it in
    if p.communication_memory is not None:
        assert c.storage_qubits >= p.memory.num_memories


def test_preset_values() -> None:
    """The values the citations give (docs/platforms.md)."""
    caps = {n: get_platform(n).capabilities for n in platform_names()}
    assert caps["rb_atom_lu2026"] == Capabilities(1, 0, 1)
    assert caps["ca_ion_ustc"] == Capabilities(1, 0, 1)
    assert caps["nv_delft"] == Capabilities(1, 1, 1)
    assert caps["siv_harvard"] == Capabilities(1, 1, 1)
    assert caps["rb_ensemble_ustc"] == Capabilities(1, 0, 225)
    assert caps["qd_rb_vapour_imperial"] == Capabilities(1, 0, 1)


# --- scenario files ------------------------------------------------------------------------


def test_a_scenario_overrides_the_capabilities_like_any_component() -> None:
    extra = "[nodes.A.capabilities]\nmax_modes = 100\nstorage_qubits = 2\n"
    extra += "[nodes.A.memory]\nnum_temporal_modes = 100\n"
    platforms = build_platforms(parse_scenario(SCENARIO.format(extra=extra), "own.toml"))
    a, b = platforms["A"], platforms["B"]
    assert a.capabilities == Capabilities(1, 2, 100) and a.memory.num_temporal_modes == 100
    assert b.capabilities == get_platform("rb_atom_lu2026").capabilities
    # the overridden values lose the preset's citations
    assert a.citation("capabilities.max_modes") == ""
    assert a.citation("capabilities.communication_qubits") != ""


def test_a_scenario_asking_for_more_modes_than_the_node_has_is_an_error() -> None:
    extra = "[nodes.A.memory]\nnum_temporal_modes = 1000\n"
    with pytest.raises(ScenarioError) as info:
        parse_scenario(SCENARIO.format(extra=extra), "own.toml")
    text = str(info.value)
    assert info.value.source == "own.toml" and info.value.key_path.startswith("nodes.A")
    assert "memory.num_temporal_modes = 1000 is invalid" in text
    assert "capabilities.max_modes = 1" in text


def test_a_bad_capability_in_a_scenario_names_its_key_path() -> None:
    extra = "[nodes.A.capabilities]\nmax_modes = 0\n"
    with pytest.raises(ScenarioError) as info:
        parse_scenario(SCENARIO.format(extra=extra), "own.toml")
    assert info.value.key_path == "nodes.A.capabilities.max_modes"


def test_a_platform_defined_in_a_scenario_gets_the_default_capabilities() -> None:
    text = """
[scenario]
name = "t"
kind = "link"
[nodes.A]
scheme = "single-click"
fibre_wavelength_nm = 1550
[nodes.A.emitter]
wavelength_nm = 1550
emission_efficiency = 0.1
attempt_duration_s = 1e-5
alpha = 0.05
[nodes.A.memory]
t2_s = 1.0
[nodes.A.detector]
efficiency = 0.8
dark_count_rate_hz = 10
window_s = 1e-7
[nodes.A.capabilities]
storage_qubits = 1
[nodes.B]
platform = "nv_delft"
[[links]]
nodes = ["A", "B"]
length_km = 10
"""
    platforms = build_platforms(parse_scenario(text, "own.toml"))
    assert platforms["A"].capabilities == Capabilities(1, 1, 1)
    plain = text.replace("[nodes.A.capabilities]\nstorage_qubits = 1\n", "")
    assert build_platforms(parse_scenario(plain, "own.toml"))["A"].capabilities == Capabilities()
