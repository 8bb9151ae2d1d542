"""Read, validate and override scenario files.

:func:`load_scenario` parses a TOML, YAML or JSON file (by its extension,
:mod:`qnetsim.scenario.formats`), checks it against
:data:`~qnetsim.scenario.spec.SCENARIO_SCHEMA`, then checks what a schema cannot: that links
name declared nodes, that the kind's own table is present and passes the kind's checks
(:data:`qnetsim.scenario.kinds.KINDS`), that key paths in ``at`` exist,
and that every node's hardware and every link build (the hardware classes and
:class:`~qnetsim.link.Link` check the relations between fields,
:mod:`qnetsim.scenario.build`).
Every failure is a :class:`~qnetsim.files.schema.ScenarioError` naming the file, the key
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
    qnetsim.files.schema.ScenarioError: demo.toml: links[0].length_km: -5.0 is invalid; ...
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from qnetsim.network.topology.schema import NETWORK_FIELDS
from qnetsim.scenario.build import build_link, build_platforms
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.fields import ConverterTable, TableList
from qnetsim.scenario.formats import check_plain_data, parse_text
from qnetsim.scenario.kinds import KINDS, closed_form_kinds_text
from qnetsim.scenario.schema import Field, ScenarioError, Table, join_path, validate
from qnetsim.scenario.spec import SCENARIO_SCHEMA, closed_form_quantities

__all__ = [
    "Scenario",
    "canonical_overrides",
    "key_path_problem",
    "load_scenario",
    "parse_key_path",
    "parse_scenario",
    "with_overrides",
]

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_\-]*)|\[(\d+)\]")


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
    kind = KINDS[doc["scenario"]["kind"]]
    if not kind.uses_network:
        _check_no_network(doc, source)
    if kind.table is not None and doc[kind.name] is None:
        raise ScenarioError(source, kind.name, f"kind = {kind.name!r} needs a [{kind.name}] table")
    if kind.check is not None:
        kind.check(doc, source)


def _check_no_network(doc: Mapping[str, Any], source: str) -> None:
    """Edges and the network keys of nodes belong to the kinds that read a network."""
    which = " or ".join(repr(k.name) for k in KINDS.values() if k.uses_network)
    if doc["edges"]:
        raise ScenarioError(
            source,
            "edges",
            f"[[edges]] make a network, used by kind = {which} only; this kind joins its "
            "nodes with [[links]]",
        )
    for name, node in doc["nodes"].items():
        for key in NETWORK_FIELDS:
            if node.get(key) is not None:
                raise ScenarioError(
                    source,
                    f"nodes.{name}.{key}",
                    f"a network key, used with [[edges]] by kind = {which} only",
                )


_MISSING: Any = object()


def key_path_problem(doc: Mapping[str, Any], path: str) -> str | None:
    """Why ``path`` does not name a value of the validated document ``doc`` (``None`` if it
    does). Hardware fields (``nodes.A.emitter.alpha``) are in the schema, so they pass here
    whether or not the file sets them.

    Examples:
        >>> key_path_problem({"links": [{}]}, "links[0].length_km") is None
        True
        >>> key_path_problem({"links": [{}]}, "links[0].lenght_km")  # doctest: +ELLIPSIS
        "links[0] has no key 'lenght_km'; valid keys: alpha, arm_lengths_km, ..."
    """
    try:
        parts = parse_key_path(path)
    except ValueError as exc:
        return str(exc)
    spec: Field | Table = SCENARIO_SCHEMA
    node: Any = doc
    walked = ""
    entry = False  # inside one entry of an array of tables or of a named table
    indexed = False  # inside one item of a list value
    for part in parts:
        where = walked or "the document"
        if indexed:
            return f"{walked} is a single value; it has no {part!r}"
        if isinstance(spec, Table) and (spec.many or spec.keyed) and not entry:
            if spec.many:
                n = len(node) if isinstance(node, list) else 0
                if not isinstance(part, int) or not -n <= part < n:
                    return f"{where} has {n} entries; expected an index [0]..[{n - 1}]"
                node = node[part]
            else:
                names = sorted(node) if isinstance(node, dict) else []
                if part not in names:
                    return f"{where} has no entry {part!r}; entries: {', '.join(names)}"
                node = node[part]
            entry = True
        elif isinstance(spec, Table):
            if not isinstance(part, str):
                return f"{where} is a table, not an array"
            if part not in spec.fields:
                if spec.open_fields:
                    return None  # a hardware field: the hardware class checks it
                valid = ", ".join(sorted(spec.fields))
                return f"{where} has no key {part!r}; valid keys: {valid}"
            spec = spec.fields[part]
            entry = False
            node = node.get(part) if isinstance(node, dict) else None
            if isinstance(spec, Table) and not (spec.many or spec.keyed) and node is None:
                return f"this scenario has no [{join_path(walked, part)}] table"
        else:
            tables = isinstance(spec, TableList)  # a list of tables (timing.overheads)
            if not ((spec.list_of or tables) and isinstance(part, int)):
                return f"{where} is a single value; it has no {part!r}"
            n = len(node) if isinstance(node, list) else 0
            if not -n <= part < n:
                return f"{where} has {n} items; expected an index [0]..[{n - 1}]"
            node = node[part]
            if isinstance(spec, TableList):
                spec = spec.table
            else:
                indexed = True
        walked = join_path(walked, part)
    if isinstance(spec, ConverterTable):
        return None  # a converter name or "none" replaces the table
    if isinstance(spec, Table):
        return f"{walked or 'the document'} is a table; name one of its values"
    return None


def _check_points(scenario: Scenario) -> None:
    """Published ``at`` points and curves, checked before anything runs: the key paths
    exist, every point validates like the file, and a curve draws closed-form quantities
    that this kind of scenario computes."""
    doc, source = scenario.doc, scenario.source
    # Each point re-validates the scenario without its published points and curves, so
    # that loading stays linear in the file's size (not quadratic in the number of values).
    base = _without_points(scenario)
    checked: dict[tuple[str, float], None] = {}
    for j, entry in enumerate(doc["published"]):
        for key in entry["at"]:
            problem = key_path_problem(doc, key)
            if problem is not None:
                raise ScenarioError(source, f"published[{j}].at", f"{key!r}: {problem}")
        try:
            with_overrides(base, entry["at"])
        except ScenarioError as exc:
            raise ScenarioError(
                source, f"published[{j}].at", f"at this point, {exc.key_path}: {exc.reason}"
            ) from None
    _check_calibration(scenario)
    kind, app = scenario.kind, doc["application"]["type"]
    for i, curve in enumerate(doc["curves"]):
        valid = closed_form_quantities(kind, app)
        if not valid:
            raise ScenarioError(
                source,
                f"curves[{i}]",
                f"closed-form curves need kind = {closed_form_kinds_text()} "
                f"(this is kind = {kind!r})",
            )
        for j, name in enumerate(curve["quantities"]):
            if name not in valid:
                what = f"kind = {kind!r}"
                if KINDS[kind].uses_application:
                    what += f" with application {app!r}"
                raise ScenarioError(
                    source,
                    f"curves[{i}].quantities[{j}]",
                    f"{name!r} is not a closed-form quantity of {what}; valid: {', '.join(valid)}",
                )
        problem = key_path_problem(doc, curve["parameter"])
        if problem is not None:
            raise ScenarioError(
                source,
                f"curves[{i}].parameter",
                f"{curve['parameter']!r} is not a key path of this scenario: {problem}",
            )
        for k, value in enumerate(curve["values"]):
            if (curve["parameter"], value) in checked:
                continue
            checked[curve["parameter"], value] = None
            try:
                with_overrides(base, {curve["parameter"]: value})
            except ScenarioError as exc:
                parameter = curve["parameter"]
                where = parameter if exc.key_path == parameter else f"at {parameter} = {value!r}"
                raise ScenarioError(
                    source,
                    f"curves[{i}].values[{k}]",
                    f"{where}: {'' if where == parameter else exc.key_path + ': '}{exc.reason}",
                ) from None


def _without_points(scenario: Scenario) -> Scenario:
    """``scenario`` without its ``[[published]]`` and ``[[curves]]`` entries (what
    :func:`with_overrides` re-validates at each point)."""
    raw = {k: v for k, v in scenario.raw.items() if k not in ("published", "curves")}
    return Scenario(raw=raw, doc=scenario.doc, source=scenario.source)


def _check_calibration(scenario: Scenario) -> None:
    """``[calibration] free`` and the ``role = "calibration"`` entries go together; a
    calibration point is a point value with its uncertainty; every free and uncertain key
    path exists."""
    doc, source = scenario.doc, scenario.source
    free = doc["calibration"]["free"]
    roles = [j for j, e in enumerate(doc["published"]) if e["role"] == "calibration"]
    if free and not roles:
        raise ScenarioError(
            source,
            "calibration.free",
            "free inputs but no [[published]] entry with role = 'calibration' to fit them to",
        )
    if roles and not free:
        raise ScenarioError(
            source,
            f"published[{roles[0]}].role",
            "a calibration point needs [calibration] free inputs to fit",
        )
    for j in roles:
        entry = doc["published"][j]
        if entry["bound"] != "none":
            raise ScenarioError(
                source, f"published[{j}].bound", "a calibration point must be a point value"
            )
        if entry["error"] <= 0:
            raise ScenarioError(
                source,
                f"published[{j}].error",
                f"{entry['error']!r}; a calibration point needs its uncertainty (> 0)",
            )
    for i, key in enumerate(free):
        problem = key_path_problem(doc, key)
        if problem is not None:
            raise ScenarioError(source, f"calibration.free[{i}]", f"{key!r}: {problem}")
    for i, entry in enumerate(doc["uncertain"]):
        problem = key_path_problem(doc, entry["key"])
        if problem is not None:
            raise ScenarioError(source, f"uncertain[{i}].key", f"{entry['key']!r}: {problem}")
        if entry["low"] > entry["high"]:
            raise ScenarioError(
                source,
                f"uncertain[{i}].low",
                f"{entry['low']!r} > high = {entry['high']!r}; a range needs low <= high",
            )


def _build(raw: Mapping[str, Any], source: str, *, points: bool = True) -> Scenario:
    doc = validate(raw, SCENARIO_SCHEMA, source)
    _cross_check(doc, source)
    scenario = Scenario(raw=copy.deepcopy(dict(raw)), doc=doc, source=source)
    platforms = build_platforms(scenario)  # the hardware classes check what a schema cannot
    for i, link in enumerate(doc["links"]):
        build_link(link, platforms, source, f"links[{i}]")
    check_model = KINDS[scenario.kind].check_model
    if check_model is not None:
        check_model(scenario, platforms)
    if points:
        _check_points(scenario)
    return scenario


def parse_scenario(text: str, source: str = "<scenario>", fmt: str | None = None) -> Scenario:
    """Parse and validate scenario text: TOML, YAML or JSON (``fmt``; default: by the
    extension of ``source``, TOML unless it ends in ``.yaml``, ``.yml`` or ``.json``)."""
    return _build(parse_text(text, source, fmt), source)


def parse_document(document: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as a parsed document (the dict a TOML file parses into),
    e.g. one assembled from command-line flags."""
    check_plain_data(dict(document), source)
    return _build(copy.deepcopy(dict(document)), source)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate the scenario file ``path``."""
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(str(p), "", "no such file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(str(p), "", f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ScenarioError(
            str(p),
            "",
            f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}) is "
            "not valid UTF-8; a scenario file must be saved as UTF-8",
        ) from None
    return parse_scenario(text, str(p))


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """The scenario with values replaced by key path, re-validated. (Its published points and
    curves were checked when the file was loaded; they are not re-checked against the
    overrides, which would refuse, say, ``application.type = "none"`` because a curve draws
    a key rate.)"""
    if not overrides:
        return scenario
    raw = copy.deepcopy(dict(scenario.raw))
    for key, value in overrides.items():
        _set(raw, key, value, scenario.source)
    return _build(raw, scenario.source, points=False)


def _lookup(doc: Any, parts: list[str | int]) -> tuple[str, Any]:
    """The key path of ``parts`` and the value there (``_MISSING`` if ``doc`` has none)."""
    node, path = doc, ""
    for part in parts:
        if node is _MISSING:
            path = join_path(path, part)
        elif isinstance(part, int):
            if isinstance(node, list) and -len(node) <= part < len(node):
                part %= len(node)
                node = node[part]
            else:
                node = _MISSING
            path = join_path(path, part)
        else:
            node = node[part] if isinstance(node, dict) and part in node else _MISSING
            path = join_path(path, part)
    return path, node


def _canonical_value(value: Any) -> Any:
    """One spelling per value: every number a float (``11``, ``11.0`` and ``1.1e1`` are the
    same length), tables with sorted keys, tuples as lists."""
    if value is None or isinstance(value, (bool, str, float)):
        return value
    if isinstance(value, int):
        return float(value) if abs(value) <= 2**53 else value
    if isinstance(value, (list, tuple)):
        return [_canonical_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _canonical_value(value[k]) for k in sorted(value, key=str)}
    return str(value)


def canonical_overrides(
    scenario: Scenario, overrides: Mapping[str, Any], *, applied: Scenario | None = None
) -> dict[str, Any]:
    """The overrides as the validated scenario sees them, for seeds and sweep keys.

    Values are the validated, typed ones (``run.pairs = 1e3`` is the integer 1000) with
    every number a float, keys are sorted, and an override whose value equals the file's is
    dropped: ``--set links[0].length_km=11``, ``=11.0`` and no
    override at all (the file says 11) are the same point and get the same numbers.

    Args:
        scenario: the scenario as loaded.
        overrides: key path -> value.
        applied: ``with_overrides(scenario, overrides)``, if already computed.

    Raises:
        ScenarioError: an override that does not validate.

    Examples:
        >>> scn = parse_scenario(
        ...     "[scenario]\\nname = 'x'\\nkind = 'link'\\n[nodes.A]\\nplatform = 'nv_delft'\\n"
        ...     "[nodes.B]\\nplatform = 'nv_delft'\\n"
        ...     "[[links]]\\nnodes = ['A', 'B']\\nlength_km = 11.0\\n"
        ... )
        >>> canonical_overrides(scn, {"links[0].length_km": 11})
        {}
        >>> canonical_overrides(scn, {"run.pairs": 1e3, "links[0].length_km": 12})
        {'links[0].length_km': 12.0, 'run.pairs': 1000.0}
    """
    if not overrides:
        return {}
    new = applied if applied is not None else with_overrides(scenario, overrides)
    out: dict[str, Any] = {}
    for key in overrides:
        parts = parse_key_path(key)
        path, value = _lookup(new.doc, parts)
        _, old = _lookup(scenario.doc, parts)
        value = _canonical_value(value)
        if old is not _MISSING and _canonical_value(old) == value:
            out.pop(path, None)
        else:
            out[path] = value
    return dict(sorted(out.items()))
