"""The scenario schema: every malformed file fails with the file, the key path and the reason."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qnetsim.scenario.loader import parse_key_path, parse_scenario
from qnetsim.scenario.schema import REQUIRED, Field, ScenarioError, Table, describe, validate
from qnetsim.scenario.spec import SCENARIO_SCHEMA

BASE = """
[scenario]
name = "t"
kind = "link"
[nodes.A]
platform = "nv_delft"
[nodes.B]
platform = "nv_delft"
[[links]]
nodes = ["A", "B"]
length_km = 10
"""


def error_of(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.toml")
    return info.value


def test_defaults_are_filled_and_values_normalised() -> None:
    doc = parse_scenario(BASE, "ok.toml").doc
    assert doc["links"][0]["length_km"] == 10.0 and isinstance(doc["links"][0]["length_km"], float)
    assert doc["run"] == {
        "seed": 1,
        "pairs": 20_000,
        "quick_pairs": 2_000,
        "duration_s": 3600.0,
        "quick_duration_s": 600.0,
        "mode": "sampled",
    }
    assert doc["application"]["type"] == "none"
    assert doc["star"] is None and doc["published"] == [] and doc["curves"] == []


@pytest.mark.parametrize(
    ("text", "path", "reason"),
    [
        (BASE + "lenght_km = 3\n", "links[0].lenght_km", "unknown key"),
        (BASE.replace("length_km = 10", 'length_km = "ten"'), "links[0].length_km", "wrong type"),
        (BASE.replace("length_km = 10", "length_km = -3"), "links[0].length_km", "valid: >= 0"),
        (BASE + "alpha = 1.5\n", "links[0].alpha", "valid: > 0 and < 1"),
        (BASE.replace('kind = "link"', 'kind = "teleporter"'), "scenario.kind", "one of"),
        (BASE.replace('name = "t"\n', ""), "scenario.name", "required"),
        (BASE + "[run]\nseed = true\n", "run.seed", "wrong type"),
        (BASE + "[run]\npairs = 0\n", "run.pairs", ">= 1"),
        (BASE.replace('["A", "B"]', '["A"]'), "links[0].nodes", "1 items"),
        (BASE.replace('["A", "B"]', '["A", "Z"]'), "links[0].nodes", "'Z' is not a node"),
        (BASE.replace('["A", "B"]', '["A", "A"]'), "links[0].nodes", "two different nodes"),
        (BASE + "[[links]]\nnodes = ['A', 'B']\nlength_km = 1\n", "links", "exactly one"),
        (BASE.replace('kind = "link"', 'kind = "star"'), "star", "needs a [star] table"),
        (BASE + "[application]\ntype = 'qkd'\n", "application.type", "'chsh'"),
        (BASE + "arm_lengths_km = [1, 2]\n", "links[0].arm_lengths_km", "sum to length_km"),
        (BASE + "[[published]]\nquantity = 'x'\nvalue = 1\n", "published[0].source", "required"),
        ("[scenario\n", "", "not valid TOML"),
    ],
)
def test_malformed_files_name_the_key_path(text: str, path: str, reason: str) -> None:
    err = error_of(text)
    assert err.source == "bad.toml"
    assert err.key_path == path
    assert reason in err.reason
    assert str(err).startswith(f"bad.toml: {path or '(top level)'}: ")


def test_chain_links_must_be_in_order_without_cycles() -> None:
    text = BASE.replace('kind = "link"', 'kind = "chain"') + (
        "[nodes.C]\nplatform = 'nv_delft'\n[[links]]\nnodes = ['C', 'A']\nlength_km = 5\n"
    )
    assert "in order" in error_of(text).reason
    cyc = BASE.replace('kind = "link"', 'kind = "chain"') + (
        "[[links]]\nnodes = ['B', 'A']\nlength_km = 5\n"
    )
    assert "cycle" in error_of(cyc).reason


def test_nan_and_inf() -> None:
    assert "nan" in error_of(BASE.replace("length_km = 10", "length_km = nan")).reason
    doc = parse_scenario(BASE + "[nodes.A.memory]\nt1_s = inf\n", "x").doc
    assert math.isinf(doc["nodes"]["A"]["memory"]["t1_s"])  # no relaxation
    err = error_of(BASE.replace("length_km = 10", "length_km = inf"))
    assert err.key_path == "links[0].length_km" and "<= 100000" in err.reason


@given(st.floats(allow_nan=False, allow_infinity=False), st.floats(0, 10), st.booleans())
def test_field_bounds_match_their_description(value: float, low: float, strict: bool) -> None:
    f = Field(float, "x", low=low, low_open=strict)
    ok = value > low or (value == low and not strict)
    if ok:
        assert f.check(value, "s", "x") == value
    else:
        with pytest.raises(ScenarioError, match="valid: >" if strict else "valid: >="):
            f.check(value, "s", "x")


def test_required_fields_and_optional_tables() -> None:
    schema = Table({"a": Field(int, "a", REQUIRED), "t": Table({"b": Field(int, "b", 2)})})
    assert validate({"a": 1}, schema) == {"a": 1, "t": {"b": 2}}
    with pytest.raises(ScenarioError, match="a: required"):
        validate({}, schema)


def test_key_paths_parse() -> None:
    assert parse_key_path("links[0].length_km") == ["links", 0, "length_km"]
    assert parse_key_path("nodes.A.emitter.alpha") == ["nodes", "A", "emitter", "alpha"]
    with pytest.raises(ValueError, match="malformed"):
        parse_key_path("links[x]")


def test_describe_lists_every_table() -> None:
    text = describe(SCENARIO_SCHEMA)
    for heading in (
        "[scenario]",
        "[run]",
        "[links]",
        "[star]",
        "[chain.purification]",
        "[published]",
        "[satellite]",
    ):
        assert f"`{heading}`" in text
