"""Turn a validated scenario into hardware and links.

A node's ``[nodes.NAME]`` table becomes a :class:`~qnetsim.hardware.platform.Platform` through
:func:`qnetsim.hardware.nodes.build.build_platform` (the one node schema of scenario and
network files: a platform preset with overrides, or a whole platform defined in the file; its
module docstring has the rules), re-exported here with :func:`construct` and
:func:`given_fields`. A ``[[links]]`` entry becomes a :class:`~qnetsim.link.Link`
(:func:`build_link`), with the link's own fields and an optional station detector.

Every failure is a :class:`~qnetsim.files.schema.ScenarioError` naming the key path of
the field (``nodes.A.emitter.wavelength_nm: required ...``,
``nodes.A.timing.overheads[0].every_s: ...``, ``links[0].length_km``). Overridden parameters
lose the preset's citation (and plausible range): the scenario's notes must say where they
come from.

Examples:
    >>> from qnetsim.scenario.loader import parse_scenario
    >>> scn = parse_scenario('''
    ... [scenario]
    ... name = "x"
    ... kind = "link"
    ... [nodes.A]
    ... platform = "ca_ion_ustc"
    ... emitter = {alpha = 0.17}
    ... timing = {overheads = [{name = "recooling", duration_s = 120e-6, every_s = 90e-6}]}
    ... [[links]]
    ... nodes = ["A", "A2"]
    ... length_km = 10
    ... [nodes.A2]
    ... platform = "ca_ion_ustc"
    ... ''')
    >>> platforms = build_platforms(scn)
    >>> platforms["A"].emitter.alpha, platforms["A"].timing.overheads[0].every_s
    (0.17, 9e-05)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qnetsim.errors import QnetsimValueError
from qnetsim.files.schema import ScenarioError
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.nodes.build import (
    HARDWARE_CLASSES,
    build_platform,
    construct,
    given_fields,
    has_hardware,
)
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import Link
from qnetsim.network.topology.specs import SERVER
from qnetsim.scenario.document import Scenario

__all__ = [
    "HARDWARE_CLASSES",
    "build_link",
    "build_links",
    "build_platform",
    "build_platforms",
    "construct",
    "given_fields",
    "link_kwargs",
]


def build_platforms(scenario: Scenario) -> dict[str, Platform]:
    """Every node's platform, by node name (a photonic server of a network without
    hardware has none). Built once per scenario (platforms are immutable; the loader, the
    kinds and the uncertainty bands all ask for them): a fresh dict of the same objects."""
    doc_id, cached = scenario.__dict__.get(_PLATFORMS_CACHE, (None, None))
    if cached is None or doc_id != id(scenario.doc):  # (a copy given another doc rebuilds)
        cached = {
            name: build_platform(node, scenario.source, f"nodes.{name}", name)
            for name, node in scenario.doc["nodes"].items()
            if node.get("role") != SERVER or has_hardware(node)
        }
        # a frozen dataclass: its fields are immutable, this cache is not one of them
        scenario.__dict__[_PLATFORMS_CACHE] = (id(scenario.doc), cached)
    return dict(cached)


_PLATFORMS_CACHE = "_built_platforms"


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
    "classical_length_km",
    "wavelength_nm",
)
_PAIR_KEYS = ("arm_lengths_km", "arm_loss_db")


def link_kwargs(
    spec: Mapping[str, Any], platforms: Mapping[str, Platform], source: str, path: str
) -> dict[str, Any]:
    """The keyword arguments of :class:`~qnetsim.link.Link` for one validated ``[[links]]``
    entry (besides the two platforms and ``length_km``).

    A ``[links.detector]`` table overrides the default station detector: node A's for a
    midpoint station, node B's for ``node_to_node`` (and the reflection scheme, always node
    to node); a full table replaces it.
    """
    a, b = spec["nodes"]
    kwargs: dict[str, Any] = {k: spec[k] for k in _LINK_KEYS if spec.get(k) is not None}
    for key in _PAIR_KEYS:
        if spec.get(key) is not None:
            kwargs[key] = tuple(spec[key])
    detector = given_fields(spec.get("detector"))
    if detector:
        scheme = str(spec.get("scheme") or platforms[a].scheme)
        host = b if spec.get("geometry") == "node_to_node" or scheme == "reflection" else a
        kwargs["detector"] = construct(
            Detector, platforms[host].detector, detector, source, f"{path}.detector"
        )
    return kwargs


def build_link(
    spec: Mapping[str, Any], platforms: Mapping[str, Platform], source: str, path: str
) -> Link:
    """The :class:`~qnetsim.link.Link` of one ``[[links]]`` entry."""
    a, b = spec["nodes"]
    kwargs = link_kwargs(spec, platforms, source, path)
    try:
        link = Link(platforms[a], spec["length_km"], node_b=platforms[b], **kwargs)
        link.fibres  # noqa: B018  (the fibres check the wavelength and attenuation)
        return link
    except QnetsimValueError as exc:
        raise ScenarioError(source, _link_key_path(exc, path, a, b), str(exc)) from None


def _link_key_path(exc: QnetsimValueError, path: str, a: str, b: str) -> str:
    """The key path behind a :class:`~qnetsim.link.Link` error: ``links[i].FIELD`` for a
    link field, ``nodes.NAME.component.field`` for a node's hardware, else ``links[i]``."""
    name = str(getattr(exc, "name", ""))
    if name in _LINK_KEYS or name in ("length_km", *_PAIR_KEYS):
        return f"{path}.{name}"
    for key in _PAIR_KEYS:
        if name.startswith((f"{key}[", f"{key} ")):
            return f"{path}.{name}" if name.startswith(f"{key}[") else f"{path}.{key}"
    if name.startswith("detector."):
        return f"{path}.{name}"
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
