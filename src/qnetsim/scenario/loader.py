"""Read, validate and override scenario files.

:func:`load_scenario` parses a TOML file (``tomllib``, standard library), checks it against
:data:`~qnetsim.scenario.spec.SCENARIO_SCHEMA`, then checks what a schema cannot: that links
name declared nodes, that the kind's own table is present, that key paths in ``at`` exist.
Every failure is a :class:`~qnetsim.scenario.schema.ScenarioError` naming the file, the key
path and the reason. :func:`with_overrides` returns the scenario with some values replaced
by key path (``links[0].length_km``), re-validated; ``qnetsim reproduce`` uses it to run a
scenario at each published point.

Examples:
    >>> text = '''
    ... [scenario]
    ... name = "demo"
    ... kind = "link"
    ... [nodes.A]
    ... platform = "nv_delft"
    ... [nodes.B]
    ... platform = "nv_delft"
    ... [[links]]
    ... nodes = ["A", "B"]
    ... length_km = 10
    ... '''
    >>> scn = parse_scenario(text, "demo.toml")
    >>> scn.doc["links"][0]["length_km"], scn.doc["run"]["seed"]
    (10.0, 1)
    >>> with_overrides(scn, {"links[0].length_km": -5}).doc  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    qnetsim.scenario.schema.ScenarioError: demo.toml: links[0].length_km: -5.0 is invalid; ...
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qnetsim.scenario.schema import ScenarioError, join_path, validate
from qnetsim.scenario.spec import SCENARIO_SCHEMA

__all__ = ["Scenario", "load_scenario", "parse_key_path", "parse_scenario", "with_overrides"]

_KIND_TABLE = {"star": "star", "storage": "storage", "satellite": "satellite"}
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_\-]*)|\[(\d+)\]")


@dataclass(frozen=True)
class Scenario:
    """A validated scenario.

    Attributes:
        raw: the document as written (what overrides apply to).
        doc: the validated document with defaults filled in.
        source: the file it came from (for messages).
    """

    raw: Mapping[str, Any]
    doc: Mapping[str, Any]
    source: str

    @property
    def name(self) -> str:
        return str(self.doc["scenario"]["name"])

    @property
    def kind(self) -> str:
        return str(self.doc["scenario"]["kind"])

    @property
    def title(self) -> str:
        return str(self.doc["scenario"]["title"] or self.name)


def parse_key_path(path: str) -> list[str | int]:
    """``"links[0].length_km"`` -> ``["links", 0, "length_km"]``.

    Raises:
        ValueError: a malformed path.
    """
    parts: list[str | int] = []
    for chunk in path.split("."):
        pos = 0
        if not chunk:
            raise ValueError(f"empty component in key path {path!r}")
        while pos < len(chunk):
            m = _TOKEN.match(chunk, pos)
            if m is None or (m.group(1) and pos > 0):
                raise ValueError(f"malformed key path {path!r}")
            parts.append(m.group(1) if m.group(1) else int(m.group(2)))
            pos = m.end()
    return parts


def _set(document: dict[str, Any], path: str, value: Any, source: str) -> None:
    try:
        parts = parse_key_path(path)
    except ValueError as exc:
        raise ScenarioError(source, path, str(exc)) from None
    node: Any = document
    walked = ""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(part, int):
            if not isinstance(node, list) or not -len(node) <= part < len(node):
                raise ScenarioError(source, path, f"{walked} has no entry [{part}]")
            if last:
                node[part] = value
            else:
                node = node[part]
        else:
            if not isinstance(node, dict):
                raise ScenarioError(source, path, f"{walked or 'the document'} is not a table")
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
        walked = join_path(walked, part)


def _cross_check(doc: Mapping[str, Any], source: str) -> None:
    nodes = doc["nodes"]
    for i, link in enumerate(doc["links"]):
        a, b = link["nodes"]
        for node in (a, b):
            if node not in nodes:
                raise ScenarioError(
                    source, f"links[{i}].nodes", f"{node!r} is not a node; nodes: {sorted(nodes)}"
                )
        if a == b:
            raise ScenarioError(source, f"links[{i}].nodes", "a link needs two different nodes")
        arms = link["arm_lengths_km"]
        if arms is not None and abs(sum(arms) - link["length_km"]) > 1e-9 * max(
            1.0, link["length_km"]
        ):
            raise ScenarioError(
                source, f"links[{i}].arm_lengths_km", f"{arms} must sum to length_km"
            )
    kind = doc["scenario"]["kind"]
    table = _KIND_TABLE.get(kind)
    if table is not None and doc[table] is None:
        raise ScenarioError(source, table, f"kind = {kind!r} needs a [{table}] table")
    if kind in ("link", "chain") and not doc["links"]:
        raise ScenarioError(source, "links", f"kind = {kind!r} needs at least one [[links]]")
    if kind == "link" and len(doc["links"]) != 1:
        raise ScenarioError(source, "links", "kind = 'link' takes exactly one [[links]]")
    if kind == "star":
        star = doc["star"]
        if len(star["server_arms_km"]) != len(star["end_nodes"]):
            raise ScenarioError(source, "star.server_arms_km", "one arm per entry of end_nodes")
        for node in star["end_nodes"]:
            if node not in nodes:
                raise ScenarioError(source, "star.end_nodes", f"{node!r} is not a node")
        for j, pair in enumerate(star["concurrent"] or []):
            ends = pair.split("-")
            if len(ends) != 2 or any(e not in star["end_nodes"] for e in ends):
                raise ScenarioError(
                    source, f"star.concurrent[{j}]", f"{pair!r}: expected 'A-B' of end nodes"
                )
    if kind == "storage" and doc["storage"]["node"] not in nodes:
        raise ScenarioError(source, "storage.node", f"{doc['storage']['node']!r} is not a node")
    if kind == "chain":
        links = doc["links"]
        for i in range(1, len(links)):
            if links[i]["nodes"][0] != links[i - 1]["nodes"][1]:
                raise ScenarioError(
                    source,
                    f"links[{i}].nodes",
                    "chain links must be in order: each starts where the previous ends",
                )
        ends = [link["nodes"][0] for link in links] + [links[-1]["nodes"][1]]
        if len(set(ends)) != len(ends):
            raise ScenarioError(source, "links", "a chain may not visit a node twice (cycle)")
    for j, entry in enumerate(doc["published"]):
        for key in entry["at"]:
            probe = copy.deepcopy(dict(doc))
            _set(probe, key, None, f"{source}: published[{j}].at")


def _build(raw: Mapping[str, Any], source: str) -> Scenario:
    doc = validate(raw, SCENARIO_SCHEMA, source)
    _cross_check(doc, source)
    return Scenario(raw=copy.deepcopy(dict(raw)), doc=doc, source=source)


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Parse and validate scenario TOML text."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, "", f"not valid TOML: {exc}") from None
    return _build(raw, source)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate the scenario file ``path``."""
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(str(p), "", "no such file")
    return parse_scenario(p.read_text(encoding="utf-8"), str(p))


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """The scenario with values replaced by key path, re-validated."""
    if not overrides:
        return scenario
    raw = copy.deepcopy(dict(scenario.raw))
    for key, value in overrides.items():
        _set(raw, key, value, scenario.source)
    return _build(raw, scenario.source)
