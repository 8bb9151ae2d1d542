"""Network files: one node schema with scenario files, TOML / YAML / JSON, round trips, the
old ``[[nodes]]`` layout, named errors (issue 16)."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import tomllib
import warnings
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.errors import InvalidParameterError
from qnetsim.files.schema import ScenarioError
from qnetsim.hardware import Capabilities, get_platform
from qnetsim.network.topology.builders import hefei_network
from qnetsim.network.topology.fileio import (
    dumps_network,
    dumps_toml,
    load_network,
    loads_network,
    save_network,
)
from qnetsim.network.topology.network import Network
from qnetsim.scenario import parse_scenario

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs" / "network.md"

#: A platform of one's own: not a registered name, so it is written in full.
ION4 = dataclasses.replace(
    get_platform("ca_ion_ustc"),
    name="ion4",
    capabilities=Capabilities(communication_qubits=4, max_modes=4),
)
NV = get_platform("nv_delft")


def _mixed() -> Network:
    """A preset, a changed preset, a platform of one's own and a photonic server."""
    net = hefei_network()
    net.add_node("R", ION4, position_km=(30.0, 0.0), role="repeater", num_memories=2)
    net.add_edge(
        "R",
        "A",
        25.0,
        attenuation_db_per_km=0.2,
        extra_loss_db=0.5,
        scheme="two-photon",
        geometry="node_to_node",
    )
    tuned = dataclasses.replace(NV, emitter=dataclasses.replace(NV.emitter, alpha=0.1))
    net.add_node("N1", tuned, position_km=(0.0, 50.0))
    net.add_node("N2", "nv_delft", position_km=(0.0, 60.0))
    net.add_edge("N1", "N2")
    return net


def _same_hardware(a: object, b: object) -> bool:
    """Equal platforms but for the name and notes (which a file does not carry)."""
    assert a is not None and b is not None
    return bool(
        dataclasses.replace(a, name="x", notes="")  # type: ignore[type-var]
        == dataclasses.replace(b, name="x", notes="")  # type: ignore[type-var]
    )


@pytest.mark.parametrize("suffix", ["toml", "yaml", "yml", "json"])
def test_file_round_trip(tmp_path: Path, suffix: str) -> None:
    net = _mixed()
    path = tmp_path / f"net.{suffix}"
    save_network(net, path)
    back = load_network(path)  # no platforms= needed: ION4 is in the file
    assert back.to_dict() == net.to_dict()
    assert _same_hardware(back.node("R").platform, ION4)
    assert back.node("R").platform.name == "custom:R"  # type: ignore[union-attr]
    assert back.node("N1").platform == net.node("N1").platform  # a preset plus an override
    assert back.node("server").platform is None
    assert back.link("R", "A").success_probability == net.link("R", "A").success_probability


def test_the_new_layout_on_disk() -> None:
    doc = tomllib.loads(dumps_toml(_mixed().to_dict()))
    assert doc["network"]["format_version"] == 2
    assert doc["nodes"]["A"] == {
        "platform": "rb_ensemble_ustc",
        "position_km": [7.9, 0.0],
        "num_memories": 1,
        "role": "end",
    }
    assert doc["nodes"]["N1"]["emitter"] == {"alpha": 0.1}
    assert doc["nodes"]["server"] == {
        "position_km": [0.0, 0.0],
        "num_memories": 0,
        "role": "photonic_server",
    }
    own = doc["nodes"]["R"]
    assert "platform" not in own and own["scheme"] == ION4.scheme
    assert own["capabilities"]["communication_qubits"] == 4
    assert {"emitter", "memory", "detector", "timing"} <= set(own)
    json.loads(dumps_network(_mixed(), "json"))  # standard JSON: no Infinity
    assert "Infinity" not in dumps_network(_mixed(), "json")
    yaml.safe_load(dumps_network(_mixed(), "yaml"))


def test_a_platform_of_ones_own_by_name_needs_platforms() -> None:
    text = '[nodes.A]\nplatform = "ion4"\n[nodes.B]\nplatform = "ion4"\n'
    with pytest.raises(ScenarioError) as info:
        loads_network(text, source="n.toml")
    assert info.value.key_path == "nodes.A.platform" and "ion4" in info.value.reason
    net = loads_network(text, platforms={"ion4": ION4})
    assert net.node("A").platform is ION4
    # overrides apply to it like to a preset
    tuned = loads_network(text + "[nodes.B.memory]\nt2_s = 0.5\n", platforms={"ion4": ION4})
    assert tuned.node("B").platform.memory.t2_s == 0.5  # type: ignore[union-attr]


OLD = """
[network]
name = "old"
format_version = 1

[[nodes]]
name = "server"
role = "photonic_server"
num_memories = 0

[[nodes]]
name = "A"
platform = "rb_ensemble_ustc"
position_km = [7.9, 0.0]

[[nodes]]
name = "B"
platform = "ion4"
role = "repeater"
num_memories = 2

[[edges]]
a = "A"
b = "server"
length_km = 7.9

[[edges]]
a = "B"
b = "server"
length_km = 12.5
"""

NEW = """
[network]
name = "old"
format_version = 2

[nodes.server]
role = "photonic_server"
num_memories = 0

[nodes.A]
platform = "rb_ensemble_ustc"
position_km = [7.9, 0.0]

[nodes.B]
platform = "ion4"
role = "repeater"
num_memories = 2

[[edges]]
a = "A"
b = "server"
length_km = 7.9

[[edges]]
a = "B"
b = "server"
length_km = 12.5
"""


def test_the_old_layout_loads_with_a_warning_and_equals_the_new() -> None:
    with pytest.warns(DeprecationWarning, match=r"old.toml: the \[\[nodes\]\] array"):
        old = loads_network(OLD, platforms={"ion4": ION4}, source="old.toml")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = loads_network(NEW, platforms={"ion4": ION4})
    assert old.to_dict() == new.to_dict()
    assert old.to_dict()["network"]["format_version"] == 2
    with pytest.raises(ScenarioError) as info:
        loads_network('[[nodes]]\nname = "A"\nplatform = "nv_delft"\ncolour = "red"\n')
    assert info.value.key_path == "nodes[0].colour"
    with pytest.raises(ScenarioError) as info:
        loads_network(NEW.replace("format_version = 2", "format_version = 1"))
    assert info.value.key_path == "network.format_version"
    with pytest.raises(ScenarioError) as info:
        loads_network(OLD.replace("format_version = 1", "format_version = 2"))
    assert info.value.key_path == "nodes"


SCENARIO = """
[scenario]
name = "x"
kind = "link"
[nodes.A]
platform = "nv_delft"
{extra}
[nodes.B]
platform = "nv_delft"
[[links]]
nodes = ["A", "B"]
length_km = 10
"""
NETWORK = """
[nodes.A]
platform = "nv_delft"
{extra}
[nodes.B]
platform = "nv_delft"
[[edges]]
a = "A"
b = "B"
length_km = 10
"""


@pytest.mark.parametrize(
    ("extra", "key_path", "reason"),
    [
        ("emitter = { alpha = 1.5 }", "nodes.A.emitter.alpha", "valid: > 0 and < 1"),
        ("memory = { t2_s = -1 }", "nodes.A.memory.t2_s", "valid: > 0"),
        ("detector = { efficiency = 0.5, colour = 1 }", "nodes.A.detector.colour", "unknown"),
        ("scheme = 'teleport'", "nodes.A.scheme", "'teleport' is invalid; valid: one of"),
        ("memory = { t2_s = 10.0, t1_s = 1.0 }", "nodes.A.memory", "t2"),
        ("description = 3", "nodes.A.description", "wrong type"),
    ],
)
def test_a_bad_node_field_is_the_same_error_in_both_files(
    extra: str, key_path: str, reason: str
) -> None:
    text_s, text_n = SCENARIO.format(extra=extra), NETWORK.format(extra=extra)
    with pytest.raises(ScenarioError) as in_scenario:
        parse_scenario(text_s, "f.toml")
    with pytest.raises(ScenarioError) as in_network:
        loads_network(text_n, source="f.toml")
    assert in_network.value.key_path.startswith(key_path)
    assert in_scenario.value.key_path == in_network.value.key_path
    assert in_scenario.value.reason == in_network.value.reason
    assert reason in in_network.value.reason
    assert str(in_network.value).startswith(f"f.toml: {in_network.value.key_path}: ")


def test_network_keys_and_edges_are_named_errors() -> None:
    cases = {
        "[nodes.C]\nrole = 'end'\n": ("nodes.C.scheme", "required"),
        "[nodes.C]\nplatform = 'ca_ion_ustc'\nnum_memories = 2\n": (
            "nodes.C.num_memories",
            "2 is invalid; valid: <= 1",
        ),
        "[nodes.C]\nplatform = 'nv_delft'\nposition_km = [1.0]\n": (
            "nodes.C.position_km",
            "1 items",
        ),
        "[[edges]]\na = 'A'\nb = 'Z'\n": ("edges[1].b", "'Z' is invalid"),
        "[[edges]]\na = 'A'\nb = 'B'\nlength_km = -1\n": ("edges[1].length_km", "-1.0"),
        "[[edges]]\na = 'A'\nb = 'B'\n": ("edges[1].length_km", "positions for both"),
        "[[edges]]\na = 'A'\nb = 'B'\ngeometry = 'middle'\n": ("edges[1].geometry", "'middle'"),
    }
    for extra, (key_path, reason) in cases.items():
        with pytest.raises(ScenarioError) as info:
            loads_network(NETWORK.format(extra="") + extra, source="n.toml")
        assert info.value.key_path == key_path, extra
        assert reason in info.value.reason, (extra, info.value.reason)


def test_yaml_and_json_files_are_read_by_extension(tmp_path: Path) -> None:
    doc = tomllib.loads(NETWORK.format(extra="emitter = { alpha = 0.1 }"))
    (tmp_path / "n.yaml").write_text(yaml.safe_dump(doc))
    (tmp_path / "n.json").write_text(json.dumps(doc))
    a, b = load_network(tmp_path / "n.yaml"), load_network(tmp_path / "n.json")
    toml = loads_network(NETWORK.format(extra="emitter = { alpha = 0.1 }"))
    assert a.to_dict() == b.to_dict() == toml.to_dict()
    assert a.node("A").platform.emitter.alpha == 0.1  # type: ignore[union-attr]
    bad = {"nodes": {"A": {"platform": "nv_delft", "num_memories": 0}}}
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    with pytest.raises(ScenarioError) as info:
        load_network(tmp_path / "bad.json")
    assert info.value.source.endswith("bad.json") and info.value.key_path == "nodes.A.num_memories"
    with pytest.raises(ScenarioError, match="not valid TOML"):
        loads_network("[nodes.A\n")
    with pytest.raises(InvalidParameterError):
        save_network(Network(), tmp_path / "net.txt")


def test_docs_example_loads() -> None:
    block = re.search(r"```toml\n(.*?)```", DOCS.read_text(), re.S)
    assert block is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the documented layout is the current one
        net = loads_network(block.group(1))
    assert len(net) >= 4
    assert math.isfinite(net.hop("A", "B", via="server").rate_hz)


def test_a_route_scenario_is_a_network_file() -> None:
    path = ROOT / "examples" / "scenarios" / "hefei_route.toml"
    net = load_network(path)
    assert net.name == "hefei_route" and "Hefei" in net.description
    assert net.node("D").platform.memory.t2_s == 0.01  # type: ignore[union-attr]
    assert net.edge("C", "server").length_km == pytest.approx(10.0, abs=1e-3)


# --- property: any network of presets, changed presets and own platforms round-trips ----

_names = st.lists(st.text("ABCDEFGH", min_size=1, max_size=3), min_size=2, max_size=5, unique=True)
_pos = st.tuples(
    st.floats(-1e3, 1e3, allow_nan=False, width=32), st.floats(-1e3, 1e3, allow_nan=False)
)


@st.composite
def networks(draw: st.DrawFn) -> Network:
    names = draw(_names)
    net = Network(draw(st.text(max_size=8)), draw(st.text(max_size=20)))
    for name in names:
        kind = draw(st.sampled_from(["preset", "tuned", "own"]))
        platform = NV
        if kind != "preset":
            emitter = dataclasses.replace(
                NV.emitter,
                alpha=draw(st.floats(0.01, 0.49)),
                emission_efficiency=draw(st.floats(0.0, 1.0)),
            )
            memory = dataclasses.replace(NV.memory, t2_s=draw(st.floats(1e-3, 1.0)))
            platform = dataclasses.replace(NV, emitter=emitter, memory=memory)
            if kind == "own":
                platform = dataclasses.replace(platform, name=f"own_{name}")
        net.add_node(name, platform, position_km=draw(st.none() | _pos))
    for _ in range(draw(st.integers(0, 4))):
        a, b = draw(st.sampled_from(names)), draw(st.sampled_from(names))
        if a != b:
            net.add_edge(
                a,
                b,
                draw(st.floats(0.0, 500.0)),
                extra_loss_db=draw(st.floats(0.0, 10.0)),
                geometry=draw(st.sampled_from(["midpoint", "node_to_node"])),
            )
    return net


@settings(max_examples=30, deadline=None)
@given(networks(), st.sampled_from(["toml", "yaml", "json"]))
def test_every_network_round_trips(net: Network, fmt: str) -> None:
    back = loads_network(dumps_network(net, fmt), fmt)
    assert back.to_dict() == net.to_dict()
    assert (back.name, back.description) == (net.name, net.description)
    for node in net.nodes:
        assert _same_hardware(back.node(node.name).platform, node.platform)


def test_file_errors_are_scenario_and_invalid_parameter_errors(tmp_path: Path) -> None:
    """Network files raised InvalidParameterError before they shared the scenario schema;
    their errors are both classes, so callers catching either keep working (review)."""
    from qnetsim.errors import InvalidParameterError
    from qnetsim.files.schema import ScenarioError
    from qnetsim.network.topology.fileio import NetworkFileError

    bad = tmp_path / "bad.toml"
    bad.write_text('[nodes.A]\nplatform = "nv_delft"\nnum_memories = -1\n')
    with pytest.raises(NetworkFileError, match="nodes.A.num_memories") as info:
        load_network(bad)
    assert isinstance(info.value, ScenarioError) and isinstance(info.value, InvalidParameterError)
    assert info.value.key_path == info.value.name == "nodes.A.num_memories"
    with pytest.raises(InvalidParameterError, match="cannot read the file"):
        load_network(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[network]\nname = "\xe9"\n')
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_network(latin)
