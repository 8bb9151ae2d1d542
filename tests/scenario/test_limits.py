"""Every numeric input of a scenario file is bounded and checked at load time; YAML and
JSON files load like TOML; loading is linear in the number of curve values (issue 17)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml

from qnetsim.scenario.formats import MAX_DEPTH, format_of, parse_text
from qnetsim.scenario.loader import load_scenario, parse_scenario, with_overrides
from qnetsim.scenario.result import Estimate, ScenarioResult
from qnetsim.scenario.schema import LIMITS, Field, ScenarioError, bounded
from qnetsim.units import MAX_TIME_S

REPO = Path(__file__).resolve().parents[2]
CHAIN = REPO / "examples" / "scenarios" / "nested_purified_chain.toml"
LINK = REPO / "examples" / "scenarios" / "my_link.toml"


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("chain.cutoff_s", 1e300, "<= 1e+06"),
        ("run.duration_s", 1e300, "<= 1e+06"),
        ("links[0].length_km", 1e308, "<= 100000"),
        ("run.pairs", 10**9, "<= 1e+07"),
        ("chain.cutoff_s", "inf", "a finite number"),
        ("links[0].attenuation_db_per_km", 1e9, "<= 100"),
        ("nodes.A.detector.dark_count_rate_hz", 1e300, "<= 1e+12"),
    ],
)
def test_huge_values_are_refused_at_load_time(key: str, value: object, reason: str) -> None:
    with pytest.raises(ScenarioError) as info:
        with_overrides(load_scenario(CHAIN), {key: value})
    assert info.value.key_path == key and reason in info.value.reason


def test_inf_only_where_documented_and_negative_zero_is_zero() -> None:
    scn = with_overrides(load_scenario(LINK), {"nodes.Alice.memory.t2_s": "Infinity"})
    assert math.isinf(scn.doc["nodes"]["Alice"]["memory"]["t2_s"])
    scn = with_overrides(load_scenario(LINK), {"links[0].extra_loss_db": -0.0})
    assert math.copysign(1.0, scn.doc["links"][0]["extra_loss_db"]) == 1.0


def test_every_unbounded_field_gets_a_bound() -> None:
    assert bounded("hold_s", Field(float, "x", low=0.0)).high == MAX_TIME_S
    assert bounded("memories", Field(int, "x", low=1)).high is not None
    assert bounded("values", Field(float, "x", list_of=True)).max_items is not None
    assert {name for name, _, _ in LIMITS} >= {"pairs", "_s", "_km", "_db", "_hz"}


def test_star_end_nodes_are_limited() -> None:
    scn = load_scenario(
        REPO / "src" / "qnetsim" / "experiments" / "scenarios" / "liu2024_hefei.toml"
    )
    nodes = scn.doc["star"]["end_nodes"]
    with pytest.raises(ScenarioError, match="33 items"):
        with_overrides(scn, {"star.end_nodes": nodes * 11, "star.server_arms_km": [1.0] * 33})


def test_deep_nesting_is_a_named_error_in_every_format() -> None:
    for name, text in [
        ("a.toml", "a = " + "[" * 2000 + "]" * 2000),
        ("a.json", "[" * 5000 + "]" * 5000),
        ("a.yaml", "a: " + "[" * 40 + "]" * 40),
    ]:
        with pytest.raises(ScenarioError, match="deep|nested|not a table"):
            parse_text(text, name)
    with pytest.raises(ScenarioError, match=f"at most {MAX_DEPTH}"):
        parse_text("a = " + "[" * 40 + "]" * 40, "a.toml")


def test_yaml_and_json_load_like_toml(tmp_path: Path) -> None:
    toml = load_scenario(LINK)
    raw = dict(toml.raw)
    (tmp_path / "x.json").write_text(json.dumps(raw))
    (tmp_path / "x.yml").write_text(yaml.safe_dump(raw))
    for name in ("x.json", "x.yml"):
        assert load_scenario(tmp_path / name).doc == toml.doc
    assert format_of("a.YAML") == "yaml" and format_of("a.txt") == "toml"
    with pytest.raises(ScenarioError, match="not valid YAML"):
        parse_scenario("a: [", "x.yaml")
    with pytest.raises(ScenarioError, match="null is not a scenario value"):
        parse_scenario("scenario:\n  name: null\n", "x.yaml")
    with pytest.raises(ScenarioError, match="not a table of keys"):
        parse_scenario("[1, 2]", "x.json")
    with pytest.raises(ScenarioError, match="python"):  # the safe loader builds no objects
        parse_scenario("a: !!python/object/apply:os.system ['true']", "x.yaml")


def test_curve_values_are_checked_once_each() -> None:
    # Each distinct value re-validates the scenario without its curves and points, so the
    # cost grows with the values, not with the values times the file's size.
    text = LINK.read_text()
    many = ", ".join(str(5.0 + (i % 7)) for i in range(5000))
    scn = parse_scenario(
        text.replace("values = [5, 10, 25, 50, 75, 100, 150]", f"values = [{many}]")
    )
    assert len(scn.doc["curves"][0]["values"]) == 5000


def test_not_finite_quantities_are_null_with_a_reason() -> None:
    scn = load_scenario(LINK)
    res = ScenarioResult(
        scn,
        {},
        {
            "fidelity": Estimate(math.nan, 0.0),
            "rate_hz": Estimate(1.0, math.inf, "Hz"),
            "ok": Estimate(1.0, 0.1),
        },
    )
    out = res.as_dict()
    json.dumps(out, allow_nan=False)
    assert out["quantities"]["fidelity"]["value"] is None
    assert "no pair" in out["quantities"]["fidelity"]["reason"]
    assert out["quantities"]["rate_hz"]["err"] is None and out["quantities"]["rate_hz"]["reason"]
    assert "reason" not in out["quantities"]["ok"]
    assert any(n.startswith("fidelity: value not estimated") for n in res.notes)
