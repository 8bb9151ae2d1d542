"""Property tests of your own hardware in a scenario file: random valid values of every
numeric hardware field round-trip into the platform, random invalid ones are a
ScenarioError at the key path; the same for the link fields."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qnetsim.scenario.build import build_platforms, link_kwargs
from qnetsim.scenario.loader import parse_scenario, with_overrides
from qnetsim.scenario.node_spec import COMPONENT_TABLES
from qnetsim.scenario.schema import Field, ScenarioError

from .test_schema import BASE

_BASE_SCENARIO = parse_scenario(BASE, "base.toml")

#: Fields whose valid values depend on others (checked by the example-based tests above).
_COUPLED = {
    "emitter.wavelength_nm",  # must match the converter's input
    "converter.input_wavelength_nm",
    "converter.output_wavelength_nm",  # moves the fibre to a band that may have no default
    "memory.t1_s",  # t2_s and t2_dd_s <= 2 t1_s
    "memory.num_memories",  # with num_temporal_modes, <= capabilities.max_modes
    "memory.num_temporal_modes",
    "memory.use_dynamical_decoupling",
    "communication_memory.use_dynamical_decoupling",
    "timing.repetition_rate_hz",  # needs rate_includes_communication
    "timing.wait_for_herald",  # false needs a storage qubit (a link check)
}
_NUMERIC = sorted(
    (component, key, spec)
    for component, table in COMPONENT_TABLES.items()
    if component not in ("source", "communication_memory")  # nv_delft has neither
    for key, spec in table.fields.items()
    if isinstance(spec, Field)
    and spec.kind in (float, int, bool)
    and f"{component}.{key}" not in _COUPLED
)


def _valid_value(spec: Field) -> st.SearchStrategy[Any]:
    if spec.kind is bool:
        return st.booleans()
    high = spec.high if spec.high is not None else 1e12
    if spec.kind is int:
        return st.integers(int(spec.low or 0), 10**6)
    return st.floats(
        spec.low if spec.low is not None else -1e12,
        high,
        exclude_min=spec.low_open,
        exclude_max=spec.high_open and spec.high is not None,
        allow_nan=False,
        allow_infinity=False,
    )


def _invalid_value(spec: Field) -> st.SearchStrategy[Any]:
    wrong_type = st.sampled_from(["x", [1.0, 2.0, 3.0], {"a": 1}])
    if spec.kind is bool:
        return st.one_of(wrong_type, st.integers(0, 1), st.floats(0, 1))
    options = [wrong_type]
    if spec.low is not None:
        below = st.floats(max_value=spec.low, exclude_max=not spec.low_open, allow_nan=False)
        options.append(below.filter(lambda v: v > -math.inf))
    if spec.high is not None:
        above = st.floats(
            min_value=spec.high, exclude_min=not spec.high_open, allow_infinity=not spec.allow_inf
        )  # a coherence time may be inf (no decay)
        options.append(above)
    return st.one_of(*options)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_valid_overrides_round_trip_into_the_platform(data: st.DataObject) -> None:
    component, key, spec = data.draw(st.sampled_from(_NUMERIC))
    value = data.draw(_valid_value(spec))
    path = f"nodes.A.{component}.{key}"
    scn = with_overrides(_BASE_SCENARIO, {path: value})
    built = getattr(build_platforms(scn)["A"], component)
    got = getattr(built, key)
    if isinstance(got, tuple):  # readout_fidelity given as one number
        got = got[0]
    assert got == value and type(got) is type(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_invalid_overrides_are_scenario_errors_at_the_key_path(
    data: st.DataObject,
) -> None:
    component, key, spec = data.draw(st.sampled_from(_NUMERIC))
    value = data.draw(_invalid_value(spec))
    path = f"nodes.A.{component}.{key}"
    if key == "readout_fidelity" and isinstance(value, list) and len(value) == 2:
        return  # a pair is valid
    with pytest.raises(ScenarioError) as info:
        with_overrides(_BASE_SCENARIO, {path: value})
    assert info.value.key_path.split("[")[0] == path
    assert info.value.source == "base.toml"


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0, 1e5, allow_nan=False),
    st.tuples(st.floats(0, 1000), st.floats(0, 1000)),
    st.floats(1460, 1625),
)
def test_random_link_values_reach_the_link_arguments(
    classical: float, losses: tuple[float, float], wavelength: float
) -> None:
    scn = with_overrides(
        _BASE_SCENARIO,
        {
            "links[0].classical_length_km": classical,
            "links[0].arm_loss_db": list(losses),
            "links[0].wavelength_nm": wavelength,
        },
    )
    spec = scn.doc["links"][0]
    kwargs = link_kwargs(spec, build_platforms(scn), scn.source, "links[0]")
    assert kwargs["classical_length_km"] == classical
    assert kwargs["arm_loss_db"] == losses and kwargs["wavelength_nm"] == wavelength


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["classical_length_km", "wavelength_nm", "arm_loss_db"]),
    st.one_of(st.floats(-1e9, -1e-9), st.floats(1e5 + 1, 1e9)),
)
def test_random_invalid_link_values_are_scenario_errors(key: str, value: float) -> None:
    given_value: Any = [1.0, value] if key == "arm_loss_db" else value
    with pytest.raises(ScenarioError) as info:
        with_overrides(_BASE_SCENARIO, {f"links[0].{key}": given_value})
    assert info.value.key_path.startswith(f"links[0].{key}")
