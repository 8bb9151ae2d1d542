"""Scenarios that carry a network: the one node schema, ``[[edges]]`` and kind ``route``
(issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qnetsim.network.topology.fileio import loads_network
from qnetsim.network.topology.routing import best_path
from qnetsim.network.topology.schema import NETWORK_SCHEMA, NODE_TABLE
from qnetsim.scenario import (
    SCENARIO_SCHEMA,
    ScenarioError,
    load_scenario,
    parse_scenario,
    run_scenario,
    with_overrides,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "scenarios" / "hefei_route.toml"

ROUTE = """
[scenario]
name = "r"
kind = "route"
[route]
source = "A"
destination = "C"
[nodes.A]
platform = "nv_delft"
position_km = [0.0, 0.0]
[nodes.B]
platform = "nv_delft"
role = "repeater"
num_memories = 2
position_km = [10.0, 0.0]
[nodes.C]
platform = "nv_delft"
[[edges]]
a = "A"
b = "B"
[[edges]]
a = "B"
b = "C"
length_km = 5.0
"""


def test_one_node_table_for_both_files() -> None:
    assert SCENARIO_SCHEMA.fields["nodes"] is NODE_TABLE
    nodes = NETWORK_SCHEMA.fields["nodes"]
    assert isinstance(nodes, type(NODE_TABLE)) and nodes.fields == NODE_TABLE.fields


def test_a_route_scenario_answers_the_best_path() -> None:
    scn = parse_scenario(ROUTE, "r.toml")
    res = run_scenario(scn, quick=True)
    est = best_path(loads_network(ROUTE), "A", "C")
    assert res.quantities["rate_hz"].value == est.rate_hz
    assert res.quantities["fidelity"].value == est.fidelity
    assert res.quantities["length_km"].value == 15.0
    assert res.quantities["num_hops"].value == 2
    assert any("A-B-C" in note for note in res.notes)
    # key paths reach the edges and the network keys of the nodes
    longer = run_scenario(scn, {"edges[1].length_km": 50.0}, quick=True)
    assert longer.quantities["length_km"].value == 60.0
    assert longer.quantities["rate_hz"].value < res.quantities["rate_hz"].value
    with pytest.raises(ScenarioError) as info:
        with_overrides(scn, {"nodes.B.num_memories": 0})
    assert info.value.key_path == "nodes.B.num_memories"


def test_the_example_is_a_scenario_and_a_network() -> None:
    scn = load_scenario(EXAMPLE)
    res = run_scenario(scn, quick=True)
    assert res.quantities["num_hops"].value == 1  # A-server-D beats A-R-D
    assert res.quantities["fidelity"].value > 0.5
    assert res.notes[-1].endswith("A-server-D")
    net = loads_network(EXAMPLE.read_text())
    assert res.quantities["rate_hz"].value == best_path(net, "A", "D").rate_hz


@pytest.mark.parametrize(
    ("old", "new", "key_path", "reason"),
    [
        ('destination = "C"', 'destination = "Z"', "route.destination", "'Z' is not a node"),
        ('destination = "C"', 'destination = "A"', "route.destination", "two different"),
        ('[[edges]]\na = "B"\nb = "C"\nlength_km = 5.0\n', "", "route.destination", "C"),
        ('role = "repeater"', 'role = "hub"', "nodes.B.role", "'hub' is invalid"),
        ("position_km = [10.0, 0.0]", "position_km = [1e9, 0.0]", "nodes.B.position_km[0]", ""),
        ('[nodes.C]\nplatform = "nv_delft"', "[nodes.C]", "nodes.C.scheme", "required"),
    ],
)
def test_route_errors_are_named(old: str, new: str, key_path: str, reason: str) -> None:
    assert old in ROUTE
    with pytest.raises(ScenarioError) as info:
        parse_scenario(ROUTE.replace(old, new), "r.toml")
    assert info.value.key_path == key_path
    assert reason in info.value.reason


def test_a_route_needs_edges_not_links() -> None:
    no_edges = ROUTE[: ROUTE.index("[[edges]]")]
    with pytest.raises(ScenarioError) as info:
        parse_scenario(no_edges, "r.toml")
    assert info.value.key_path == "edges"
    links = '[[links]]\nnodes = ["A", "C"]\nlength_km = 1.0\n[[edges]]\na = "A"\nb = "B"\n'
    links = no_edges + links
    with pytest.raises(ScenarioError) as info:
        parse_scenario(links, "r.toml")
    assert info.value.key_path == "links"


def test_an_unreachable_fidelity_target_is_named_at_run_time() -> None:
    target = 'destination = "C"\nfidelity_target = 0.999'
    scn = parse_scenario(ROUTE.replace('destination = "C"', target))
    with pytest.raises(ScenarioError) as info:
        run_scenario(scn, quick=True)
    assert info.value.key_path == "route.fidelity_target"


LINK = """
[scenario]
name = "l"
kind = "link"
[nodes.A]
platform = "nv_delft"
[nodes.B]
platform = "nv_delft"
[[links]]
nodes = ["A", "B"]
length_km = 10
"""


@pytest.mark.parametrize(
    ("extra", "key_path"),
    [
        ("[nodes.C]\nplatform = 'nv_delft'\nposition_km = [0.0, 1.0]\n", "nodes.C.position_km"),
        ("[nodes.C]\nplatform = 'nv_delft'\nrole = 'repeater'\n", "nodes.C.role"),
        ("[nodes.C]\nplatform = 'nv_delft'\nnum_memories = 1\n", "nodes.C.num_memories"),
        ("[[edges]]\na = 'A'\nb = 'B'\n", "edges"),
    ],
)
def test_other_kinds_reject_the_network_keys(extra: str, key_path: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(LINK + extra, "l.toml")
    assert info.value.key_path == key_path
    assert "'route'" in info.value.reason
