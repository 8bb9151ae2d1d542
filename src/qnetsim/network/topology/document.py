"""The network-file document: reading it (validated, the old layout converted) and writing it.

A document is the plain data a network file parses into (``docs/network.md``)::

    {"network": {"name": ..., "description": ..., "format_version": 2},
     "nodes": {"A": {"platform": "nv_delft", "position_km": [0.0, 0.0], ...}, ...},
     "edges": [{"a": "A", "b": "B", "length_km": 10.0, ...}, ...]}

Each node table is the one node schema of qnetsim
(:data:`~qnetsim.network.topology.schema.NODE_TABLE`, shared with scenario files); its
hardware is built by :func:`~qnetsim.hardware.nodes.build.build_platform` and written by
:func:`~qnetsim.hardware.nodes.write.platform_table`, so a node may be a preset, a preset
with overrides or a platform of its own. A scenario document with ``[[edges]]`` reads as a
network too (its ``[scenario]`` name and title are the network's name and description; its
other tables are the scenario's business). The old layout (``format_version = 1``, an array
``[[nodes]]`` with a ``name`` key each) is converted with a :class:`DeprecationWarning`.

Every failure is a :class:`~qnetsim.files.schema.ScenarioError` naming the source, the key
path (``nodes.A.emitter.alpha``, ``edges[2].length_km``) and the reason.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

from qnetsim.errors import InvalidParameterError
from qnetsim.files.schema import ScenarioError, validate
from qnetsim.hardware.nodes import build_platform, has_hardware, platform_table
from qnetsim.hardware.platform import Platform
from qnetsim.network.topology.schema import (
    EDGE_TABLE,
    FORMAT_VERSION,
    NETWORK_FIELDS,
    NETWORK_SCHEMA,
)
from qnetsim.network.topology.specs import SERVER, EdgeSpec, NodeSpec

__all__ = [
    "LEGACY_NODE_KEYS",
    "NODE_KEYS",
    "edge_arguments",
    "file_error",
    "network_document",
    "node_arguments",
    "node_table",
    "read_document",
]

#: The keys of one ``[[nodes]]`` entry of the old layout (format_version 1).
LEGACY_NODE_KEYS = ("name", "platform", "position_km", "num_memories", "role")
#: The keys of a node table that the network model checks (its errors are reported there).
NODE_KEYS = (*NETWORK_FIELDS, "platform")


def _from_scenario(data: Mapping[str, Any]) -> dict[str, Any]:
    """The network part of a scenario document: its name and title, nodes and edges."""
    head = data["scenario"] if isinstance(data["scenario"], Mapping) else {}
    header = {k: head[k] for k in ("name",) if isinstance(head.get(k), str)}
    if isinstance(head.get("title"), str) and head["title"]:
        header["description"] = head["title"]
    out: dict[str, Any] = {"network": header}
    out.update({k: data[k] for k in ("nodes", "edges") if k in data})
    return out


def _from_legacy(data: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The old ``[[nodes]]`` array as ``[nodes.NAME]`` tables."""
    header = data.get("network", {})
    if isinstance(header, Mapping) and header.get("format_version") == FORMAT_VERSION:
        raise ScenarioError(
            source,
            "nodes",
            f"format_version {FORMAT_VERSION} has [nodes.NAME] tables, not a [[nodes]] array",
        )
    nodes: dict[str, Any] = {}
    for i, entry in enumerate(data["nodes"]):
        where = f"nodes[{i}]"
        if not isinstance(entry, Mapping):
            raise ScenarioError(source, where, f"{entry!r} is not a table")
        for key in entry:
            if key not in LEGACY_NODE_KEYS:
                valid = ", ".join(sorted(LEGACY_NODE_KEYS))
                raise ScenarioError(source, f"{where}.{key}", f"unknown key; valid keys: {valid}")
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise ScenarioError(source, f"{where}.name", "required; valid: a non-empty string")
        if name in nodes:
            raise ScenarioError(source, f"{where}.name", f"{name!r} names two nodes")
        nodes[name] = {k: v for k, v in entry.items() if k != "name"}
    warnings.warn(
        f"{source}: the [[nodes]] array of format_version 1 is deprecated; use [nodes.NAME] "
        f"tables (format_version = {FORMAT_VERSION}, docs/network.md), which save_network "
        "writes",
        DeprecationWarning,
        stacklevel=4,
    )
    out = {k: v for k, v in data.items() if k != "nodes"}
    if isinstance(header, Mapping):
        out["network"] = {**header, "format_version": FORMAT_VERSION}
    out["nodes"] = nodes
    return out


def _lists(value: Any) -> Any:
    """A copy with tuples as lists (a dictionary made in Python, ``position_km=(x, y)``)."""
    if isinstance(value, Mapping):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value


def read_document(data: Mapping[str, Any], source: str = "<network>") -> dict[str, Any]:
    """``data`` (a parsed network file, or a scenario document with ``[[edges]]``),
    validated against :data:`~qnetsim.network.topology.schema.NETWORK_SCHEMA` with the
    defaults filled in; the old layout is converted first (with a DeprecationWarning).

    Raises:
        ScenarioError: naming the key path.
    """
    data = _lists(data)
    if "scenario" in data and "network" not in data:
        data = _from_scenario(data)
    if isinstance(data.get("nodes"), list):
        data = _from_legacy(data, source)
    doc: dict[str, Any] = validate(data, NETWORK_SCHEMA, source)
    if doc["network"]["format_version"] != FORMAT_VERSION:
        raise ScenarioError(
            source,
            "network.format_version",
            f"{doc['network']['format_version']} is the [[nodes]] array; these are "
            f"[nodes.NAME] tables, format_version = {FORMAT_VERSION}",
        )
    return doc


def file_error(exc: InvalidParameterError, source: str, path: str, keys: Any) -> ScenarioError:
    """An error of the network model (``num_memories of node 'A' = 2 is invalid; ...``) as a
    file error at ``path.KEY`` when the parameter is one of ``keys``, else at ``path``."""
    key = str(exc.name).split(" ", 1)[0]
    prefix = f"{exc.name} = "
    text = str(exc)
    reason = text[len(prefix) :] if text.startswith(prefix) else text
    return ScenarioError(source, f"{path}.{key}" if key in keys else path, reason)


def node_arguments(
    node: Mapping[str, Any],
    source: str,
    name: str,
    presets: Mapping[str, Platform] | None = None,
) -> tuple[Platform | None, dict[str, Any]]:
    """The platform and the keyword arguments of
    :meth:`~qnetsim.network.topology.network.Network.add_node` for one validated node table.
    ``presets`` resolves ``platform = "NAME"`` before the registry."""
    path = f"nodes.{name}"
    role = node.get("role") or "end"
    platform: Platform | None = None
    if role != SERVER or has_hardware(node):  # a memory node without any: "scheme required"
        platform = build_platform(node, source, path, name, presets)
    position = node.get("position_km")
    return platform, {
        "position_km": None if position is None else tuple(position),
        "num_memories": node.get("num_memories"),
        "role": role,
    }


def edge_arguments(edge: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of
    :meth:`~qnetsim.network.topology.network.Network.add_edge` for one validated edge."""
    return {k: v for k, v in edge.items() if v is not None}


def node_table(spec: NodeSpec) -> dict[str, Any]:
    """A node as its ``[nodes.NAME]`` table: the platform
    (:func:`~qnetsim.hardware.nodes.write.platform_table`) and the network keys."""
    table: dict[str, Any] = {} if spec.platform is None else platform_table(spec.platform)
    if spec.position_km is not None:
        table["position_km"] = list(spec.position_km)
    table["num_memories"] = spec.num_memories
    table["role"] = spec.role
    return table


def network_document(
    name: str, description: str, nodes: Sequence[NodeSpec], edges: Sequence[EdgeSpec]
) -> dict[str, Any]:
    """The document of a network (what :func:`read_document` reads back)."""
    edge_keys = EDGE_TABLE.fields
    return {
        "network": {"name": name, "description": description, "format_version": FORMAT_VERSION},
        "nodes": {n.name: node_table(n) for n in nodes},
        "edges": [
            {k: getattr(e, k) for k in edge_keys if getattr(e, k) is not None} for e in edges
        ],
    }
