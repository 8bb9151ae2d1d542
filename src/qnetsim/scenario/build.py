"""Turn a validated scenario into hardware and links.

A node is a platform preset with overrides: ``[nodes.A.emitter] alpha = 0.17`` replaces the
emitter's ``alpha`` (``dataclasses.replace``, so the hardware class validates it). An
override of a field that the component does not have, or a value the class rejects, is a
:class:`~qnetsim.scenario.schema.ScenarioError` naming the key path. Overridden parameters
lose the preset's citation: the scenario's notes must say where they come from.

Examples:
    >>> from qnetsim.scenario.loader import parse_scenario
    >>> scn = parse_scenario('''
    ... [scenario]
    ... name = "x"
    ... kind = "link"
    ... [nodes.A]
    ... platform = "ca_ion_ustc"
    ... emitter = {alpha = 0.17}
    ... [[links]]
    ... nodes = ["A", "A2"]
    ... length_km = 10
    ... [nodes.A2]
    ... platform = "ca_ion_ustc"
    ... ''')
    >>> build_platforms(scn)["A"].emitter.alpha
    0.17
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from qnetsim.errors import QnetsimValueError
from qnetsim.hardware import get_platform
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import Link
from qnetsim.scenario.loader import Scenario
from qnetsim.scenario.schema import ScenarioError
from qnetsim.scenario.spec import COMPONENTS

__all__ = ["build_link", "build_links", "build_platform", "build_platforms"]

_TUPLE_FIELDS = {"readout_fidelity"}


def _replace(component: Any, overrides: Mapping[str, Any], source: str, path: str) -> Any:
    names = {f.name for f in dataclasses.fields(component) if f.name != "citations"}
    for key in overrides:
        if key not in names:
            raise ScenarioError(
                source, f"{path}.{key}", f"unknown field; valid: {', '.join(sorted(names))}"
            )
    values = {
        k: tuple(v) if k in _TUPLE_FIELDS and isinstance(v, list) else v
        for k, v in overrides.items()
    }
    try:
        return dataclasses.replace(component, **values)
    except QnetsimValueError as exc:
        raise ScenarioError(source, path, str(exc)) from None
    except TypeError as exc:  # a value of the wrong type deep in a hardware class
        raise ScenarioError(source, path, f"wrong type: {exc}") from None


def build_platform(node: Mapping[str, Any], source: str, path: str) -> Platform:
    """The platform of one ``[nodes.NAME]`` table."""
    try:
        platform = get_platform(node["platform"])
    except QnetsimValueError as exc:
        raise ScenarioError(source, f"{path}.platform", str(exc)) from None
    changes: dict[str, Any] = {}
    for component in COMPONENTS:
        overrides = node.get(component) or {}
        if not overrides:
            continue
        current = getattr(platform, component)
        if current is None:
            raise ScenarioError(
                source, f"{path}.{component}", f"platform {platform.name!r} has no {component}"
            )
        changes[component] = _replace(current, overrides, source, f"{path}.{component}")
    if node.get("fibre_attenuation_db_per_km") is not None:
        changes["fibre_attenuation_db_per_km"] = node["fibre_attenuation_db_per_km"]
    if not changes:
        return platform
    try:
        return dataclasses.replace(platform, **changes)
    except QnetsimValueError as exc:
        raise ScenarioError(source, path, str(exc)) from None


def build_platforms(scenario: Scenario) -> dict[str, Platform]:
    """Every node's platform, by node name."""
    return {
        name: build_platform(node, scenario.source, f"nodes.{name}")
        for name, node in scenario.doc["nodes"].items()
    }


_LINK_KEYS = (
    "scheme",
    "geometry",
    "alpha",
    "attenuation_db_per_km",
    "extra_loss_db",
    "conversion_efficiency",
    "phase_coherence",
    "spin_photon_gate_fidelity",
    "store_in_memory",
)


def build_link(
    spec: Mapping[str, Any], platforms: Mapping[str, Platform], source: str, path: str
) -> Link:
    """The :class:`~qnetsim.link.Link` of one ``[[links]]`` entry."""
    a, b = spec["nodes"]
    kwargs = {k: spec[k] for k in _LINK_KEYS if spec.get(k) is not None}
    if spec.get("arm_lengths_km") is not None:
        kwargs["arm_lengths_km"] = tuple(spec["arm_lengths_km"])
    try:
        return Link(platforms[a], spec["length_km"], node_b=platforms[b], **kwargs)
    except QnetsimValueError as exc:
        raise ScenarioError(source, _link_key_path(exc, path, a, b), str(exc)) from None


def _link_key_path(exc: QnetsimValueError, path: str, a: str, b: str) -> str:
    """The key path behind a :class:`~qnetsim.link.Link` error: ``links[i].FIELD`` for a
    link field, ``nodes.NAME.component.field`` for a node's hardware, else ``links[i]``."""
    name = str(getattr(exc, "name", ""))
    if name in _LINK_KEYS or name in ("length_km", "arm_lengths_km"):
        return f"{path}.{name}"
    if name.startswith(("arm_lengths_km[", "arm_lengths_km ")):
        return f"{path}.arm_lengths_km"
    for prefix, node in (("node_a.", a), ("node_b.", b)):
        if name.startswith(prefix):
            return f"nodes.{node}.{name[len(prefix) :]}"
    return path


def build_links(scenario: Scenario) -> list[Link]:
    """Every ``[[links]]`` entry as a :class:`~qnetsim.link.Link`, in order."""
    platforms = build_platforms(scenario)
    return [
        build_link(spec, platforms, scenario.source, f"links[{i}]")
        for i, spec in enumerate(scenario.doc["links"])
    ]
