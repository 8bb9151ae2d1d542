"""Uncertain inputs of a scenario (issue 13, item 1): preset ranges, ties between nodes that
share a platform, the file's [[uncertain]] entries and their distributions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.errors import InvalidParameterError
from qnetsim.experiments.reproduce import scenario_dir
from qnetsim.scenario.loader import load_scenario, parse_scenario
from qnetsim.scenario.schema import ScenarioError
from qnetsim.scenario.uncertain import (
    UncertainInput,
    current_value,
    field_bounds,
    scenario_inputs,
)
from tests.scenario._link import NV_LINK

STOLK = scenario_dir() / "stolk2024_nv.toml"

# node B sets its emission efficiency: the two nodes then differ
LINK = NV_LINK + "[nodes.B.emitter]\nemission_efficiency = 0.002\n"


def test_equal_nodes_share_one_input_and_set_fields_are_known() -> None:
    inputs = {x.name: x for x in scenario_inputs(load_scenario(STOLK))}
    x = inputs["nodes.A+B.emitter.emission_efficiency"]
    assert x.keys == ("nodes.A.emitter.emission_efficiency", "nodes.B.emitter.emission_efficiency")
    assert x.low <= x.central <= x.high and x.distribution == "log-uniform"
    # B sets its efficiency: the nodes differ, A keeps its range, B's is known
    names = {i.name for i in scenario_inputs(parse_scenario(LINK))}
    assert "nodes.A.emitter.emission_efficiency" in names
    assert "nodes.B.emitter.emission_efficiency" not in names
    assert "nodes.B.detector.dark_count_rate_hz" in names  # B keeps its other ranges
    # a point that sets a value makes it known there
    at = {"nodes.A.emitter.alpha": 0.1}
    assert all(
        "nodes.A.emitter.alpha" not in i.keys for i in scenario_inputs(parse_scenario(LINK), at)
    )


def test_file_entries_add_and_replace_ranges() -> None:
    text = (
        LINK
        + """
[[uncertain]]
key = "links[0].length_km"
low = 9.0
high = 11.0
distribution = "normal"
source = "spool length +- 1 km (test)"
"""
    )
    inputs = {x.name: x for x in scenario_inputs(parse_scenario(text))}
    x = inputs["links[0].length_km"]
    assert (x.low, x.high, x.distribution, x.central) == (9.0, 11.0, "normal", 10.0)
    v = x.ppf(np.linspace(0, 1, 101))
    assert v.min() >= 10.0 - 3 * 0.5 - 1e-9 and v.max() <= 10.0 + 3 * 0.5 + 1e-9
    assert abs(np.median(v) - 10.0) < 1e-9


def test_a_bad_range_or_key_is_a_named_error() -> None:
    bad = (
        LINK + '[[uncertain]]\nkey = "links[0].length_km"\nlow = 12.0\nhigh = 11.0\nsource = "x"\n'
    )
    with pytest.raises(ScenarioError, match=r"uncertain\[0\].low.*low <= high"):
        parse_scenario(bad)
    bad = LINK + '[[uncertain]]\nkey = "links[0].lenght_km"\nlow = 1.0\nhigh = 2.0\nsource = "x"\n'
    with pytest.raises(ScenarioError, match=r"uncertain\[0\].key.*lenght_km"):
        parse_scenario(bad)
    with pytest.raises(InvalidParameterError, match="low"):
        UncertainInput("x", ("x",), 2.0, 1.0, "uniform", 1.5, "test")
    with pytest.raises(InvalidParameterError, match="distribution"):
        UncertainInput("x", ("x",), 1.0, 2.0, "cauchy", 1.5, "test")
    with pytest.raises(InvalidParameterError, match="log-uniform"):
        UncertainInput("x", ("x",), 0.0, 2.0, "log-uniform", 1.5, "test")
    tri = '[[uncertain]]\nkey = "links[0].length_km"\nlow = 11.0\nhigh = 12.0\n'
    tri += 'distribution = "triangular"\nsource = "x"\n'
    with pytest.raises(ScenarioError, match=r"uncertain\[0\].*triangular.*in the range"):
        scenario_inputs(parse_scenario(LINK + tri))
    ok = tri.replace("low = 11.0", "low = 9.0")
    (x,) = [i for i in scenario_inputs(parse_scenario(LINK + ok)) if i.name.startswith("links")]
    assert x.distribution == "triangular" and x.central == 10.0


def test_current_value_and_bounds_come_from_file_or_preset() -> None:
    scn = load_scenario(STOLK)
    assert current_value(scn, "links[0].length_km") == 25.0
    assert current_value(scn, "nodes.A.emitter.alpha") == pytest.approx(0.25)
    assert field_bounds(scn, "links[0].length_km")[0] == 0.0
    with pytest.raises(ScenarioError, match="lenght"):
        current_value(scn, "links[0].lenght_km")


@settings(max_examples=60, deadline=None)
@given(
    lo=st.floats(1e-6, 1e3),
    factor=st.floats(1.0, 1e4),
    dist=st.sampled_from(["uniform", "log-uniform", "normal", "triangular", "log-triangular"]),
    where=st.floats(0, 1),
    u=st.lists(st.floats(0, 1), min_size=1, max_size=20),
)
def test_ppf_is_monotone_and_in_range(
    lo: float, factor: float, dist: str, where: float, u: list[float]
) -> None:
    hi = lo * factor
    central = min(hi, max(lo, lo + where * (hi - lo)))
    x = UncertainInput("x", ("x",), lo, hi, dist, central, "test", valid=(0.0, None))
    q = np.sort(np.asarray(u))
    v = x.ppf(q)
    assert np.all(np.isfinite(v)) and np.all(np.diff(v) >= -1e-9 * hi)
    if dist != "normal":
        assert np.all((v >= lo * (1 - 1e-12)) & (v <= hi * (1 + 1e-12)))
    else:
        assert np.all(v >= 0.0)


def test_triangular_draws_peak_at_the_value_in_use() -> None:
    """Triangular on [0, 1] with mode m: P(X <= m) = m, and the median is sqrt(1/2) for
    m = 1 (closed forms of the triangular distribution)."""
    u = (np.arange(20000) + 0.5) / 20000
    for m in (0.0, 0.3, 1.0):
        v = UncertainInput("x", ("x",), 0.0, 1.0, "triangular", m, "test").ppf(u)
        assert np.mean(v <= m) == pytest.approx(m, abs=1e-3)
    top = UncertainInput("x", ("x",), 0.0, 1.0, "triangular", 1.0, "test").ppf(u)
    assert np.median(top) == pytest.approx(math.sqrt(0.5), abs=1e-3)
    with pytest.raises(InvalidParameterError, match="central"):
        UncertainInput("x", ("x",), 0.0, 1.0, "triangular", 2.0, "test")
    with pytest.raises(InvalidParameterError, match="low"):
        UncertainInput("x", ("x",), 0.0, 1.0, "log-triangular", 0.5, "test")


def test_the_satellite_kind_declares_its_presets_assumptions() -> None:
    """Micius: the preset's ASSUMPTIONS (MICIUS_ASSUMED_RANGES) are uncertain inputs unless
    the file sets them; a file entry replaces a range."""
    micius = scenario_dir() / "yin2017_micius.toml"
    text = micius.read_text()
    names = {x.name: x for x in scenario_inputs(parse_scenario(text))}
    x = names["satellite.pair_rate_hz"]
    assert (x.low, x.high, x.central) == (2e6, 1e7, 5.9e6) and "ASSUMPTION" in x.source
    assert "satellite.detector_efficiency" in names
    fixed = text.replace('preset = "micius"', 'preset = "micius"\ndetector_efficiency = 0.6')
    assert "satellite.detector_efficiency" not in {
        x.name for x in scenario_inputs(parse_scenario(fixed))
    }
    entry = '\n[[uncertain]]\nkey = "satellite.pair_rate_hz"\nlow = 5e6\nhigh = 7e6\nsource = "t"\n'
    (y,) = [i for i in scenario_inputs(parse_scenario(text + entry)) if i.name == x.name]
    assert (y.low, y.high, y.central) == (5e6, 7e6, 5.9e6)
