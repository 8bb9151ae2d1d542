"""The uncertain inputs of a scenario: every assumed hardware value with its plausible range,
and the file's own ``[[uncertain]]`` entries (issue 13, item 1).

Two sources:

* **Presets.** Every preset value that is an ASSUMPTION carries a plausible ``(low, high)``
  in :attr:`Platform.ranges <qnetsim.hardware.platform.Platform.ranges>`
  (``docs/platforms.md``). A node using a preset contributes those of its float fields that
  the file does not set; nodes with equal platforms (``A`` and ``B`` both ``nv_delft``)
  share one input, named ``nodes.A+B.emitter.alpha``, that moves both (the same unknown
  device property, not two independent ones).
* **The kind.** A kind whose preset is not a platform declares its own assumed inputs
  (:attr:`Kind.assumed <qnetsim.scenario.kinds.base.Kind.assumed>`): the satellite kind's
  Micius values (pair rate, visibilities, efficiencies, coincidence window, minimum
  elevation; :data:`~qnetsim.link.satellite.MICIUS_ASSUMED_RANGES`).
* **The file.** ``[[uncertain]]`` entries (``key``, ``low``, ``high``, ``distribution``,
  ``source``) add any numeric key path (a fibre's extra loss, a length) or replace a
  preset's range and distribution.

Distributions (:meth:`UncertainInput.ppf`,
:func:`~qnetsim.network.uncertainty.quantiles`): ``uniform``; ``log-uniform`` (the default
for a range spanning a factor of 10 or more: an unknown scale); ``triangular`` and
``log-triangular``, peaked at the value the file uses (a best guess with a plausible range;
a file's entries only); ``normal``, read as ``[low, high]`` = mean +- 2 sd and truncated at
+-3 sd and to the field's valid range.

Examples:
    >>> from qnetsim.experiments.reproduce import scenario_dir
    >>> from qnetsim.scenario.loader import load_scenario
    >>> scn = load_scenario(scenario_dir() / "stolk2024_nv.toml")
    >>> inputs = scenario_inputs(scn)
    >>> x = next(i for i in inputs if i.name == "nodes.A+B.emitter.emission_efficiency")
    >>> x.keys
    ('nodes.A.emitter.emission_efficiency', 'nodes.B.emitter.emission_efficiency')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.platform import Platform
from qnetsim.network.uncertainty import (
    DISTRIBUTIONS,
    default_distribution,
    platform_ranges,
    quantiles,
)
from qnetsim.scenario.build import build_platforms
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.fields import TableList
from qnetsim.scenario.kinds import KINDS
from qnetsim.scenario.loader import key_path_problem, parse_key_path, with_overrides
from qnetsim.scenario.schema import Field, ScenarioError, Table
from qnetsim.scenario.spec import SCENARIO_SCHEMA

__all__ = [
    "DISTRIBUTIONS",
    "UncertainInput",
    "current_value",
    "field_bounds",
    "node_groups",
    "scenario_inputs",
]


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain input of a scenario.

    Attributes:
        name: its label (the key path; ``nodes.A+B.x.y`` for nodes sharing a platform).
        keys: the override key paths it sets (all to the same value).
        low, high: the plausible range (``low == high``: known exactly; a zero-width band).
        distribution: one of :data:`~qnetsim.network.uncertainty.DISTRIBUTIONS`
            (triangular ones peak at ``central``).
        central: the value the file (or its preset) uses.
        source: where the range comes from.
        valid: the field's valid range (``None``: unbounded), for truncating a normal.
    """

    name: str
    keys: tuple[str, ...]
    low: float
    high: float
    distribution: str
    central: float
    source: str
    valid: tuple[float | None, float | None] = (None, None)

    def __post_init__(self) -> None:
        for label, v in (("low", self.low), ("high", self.high), ("central", self.central)):
            if not math.isfinite(v):
                raise InvalidParameterError(f"{self.name}.{label}", v, "a finite number")
        if self.low > self.high:
            raise InvalidParameterError(
                f"{self.name}.low", self.low, f"<= high = {self.high:g} (a range needs low <= high)"
            )
        if self.distribution not in DISTRIBUTIONS:
            raise InvalidParameterError(
                f"{self.name}.distribution", self.distribution, "one of " + ", ".join(DISTRIBUTIONS)
            )
        if self.distribution.startswith("log-") and self.low <= 0:
            raise InvalidParameterError(
                f"{self.name}.low", self.low, f"> 0 for a {self.distribution} distribution"
            )
        if "triangular" in self.distribution and not self.low <= self.central <= self.high:
            raise InvalidParameterError(
                f"{self.name}.central",
                self.central,
                f"[{self.low:g}, {self.high:g}]: a triangular distribution peaks at the value "
                "in use, which must lie in the range",
            )

    def ppf(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """Values at the unit-interval quantiles ``u`` (the inverse distribution function).

        Examples:
            >>> x = UncertainInput("x", ("x",), 1.0, 100.0, "log-uniform", 10.0, "test")
            >>> [round(float(v), 6) for v in x.ppf(np.array([0.0, 0.5, 1.0]))]
            [1.0, 10.0, 100.0]
        """
        return quantiles(u, self.low, self.high, self.distribution, self.central, self.valid)

    def summary(self) -> str:
        return f"{self.name} in [{self.low:.4g}, {self.high:.4g}] ({self.distribution})"


def node_groups(scenario: Scenario) -> list[tuple[list[str], Platform]]:
    """The scenario's nodes grouped by equal built platform (in file order)."""
    groups: list[tuple[list[str], Platform]] = []
    for name, platform in build_platforms(scenario).items():
        for names, p in groups:
            if p == platform:
                names.append(name)
                break
        else:
            groups.append(([name], platform))
    return groups


def field_bounds(scenario: Scenario, key: str) -> tuple[float | None, float | None]:
    """The valid range the schema gives the value at ``key`` (``None`` where open).

    Examples:
        >>> from qnetsim.experiments.reproduce import scenario_dir
        >>> from qnetsim.scenario.loader import load_scenario
        >>> scn = load_scenario(scenario_dir() / "stolk2024_nv.toml")
        >>> field_bounds(scn, "nodes.A.emitter.emission_efficiency")
        (0.0, 1.0)
    """
    spec: Field | Table = SCENARIO_SCHEMA
    entry = False  # inside one entry of an array of tables or of a named table
    for part in parse_key_path(key):
        if isinstance(spec, Table) and (spec.many or spec.keyed) and not entry:
            entry = True
        elif isinstance(spec, Table):
            if not isinstance(part, str) or part not in spec.fields:
                return (None, None)
            spec, entry = spec.fields[part], False
        elif isinstance(spec, TableList) and isinstance(part, int):
            spec = spec.table
        elif not (isinstance(spec, Field) and spec.list_of and isinstance(part, int)):
            return (None, None)
    if isinstance(spec, Field) and not isinstance(spec, TableList):
        return (spec.low, spec.high)
    return (None, None)


def current_value(scenario: Scenario, key: str) -> Any:
    """The value at ``key`` as the scenario uses it: from the validated document, or for a
    hardware field the file leaves to its preset, from the built platform.

    Raises:
        ScenarioError: ``key`` names no value of this scenario.
    """
    problem = key_path_problem(scenario.doc, key)
    if problem is not None:
        raise ScenarioError(scenario.source, key, problem)
    parts = parse_key_path(key)
    node: Any = scenario.doc
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
            node = node[part]
        else:
            node = None
            break
    if node is not None or parts[0] != "nodes" or len(parts) != 4:
        return node
    platform = build_platforms(scenario)[str(parts[1])]
    component = getattr(platform, str(parts[2]), None)
    return getattr(component, str(parts[3]), None)


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def scenario_inputs(
    scenario: Scenario,
    at: Mapping[str, Any] | None = None,
    *,
    exclude: Sequence[str] = (),
) -> list[UncertainInput]:
    """The uncertain inputs of ``scenario`` at the point ``at`` (see the module docstring).

    Args:
        scenario: the scenario.
        at: overrides of the point (a key they set is known there, not uncertain).
        exclude: key paths not to vary (say, the free inputs of a calibration).

    Raises:
        ScenarioError: an ``[[uncertain]]`` entry whose key names no numeric value, or
            whose range is invalid.
    """
    scn = with_overrides(scenario, dict(at or {}))
    fixed = set(at or {}) | set(exclude)
    out: dict[str, UncertainInput] = {}
    for names, platform in node_groups(scn):
        label = "+".join(names)
        for field_key, (lo, hi) in platform_ranges(platform).items():
            keys = tuple(f"nodes.{n}.{field_key}" for n in names)
            if fixed & set(keys):
                continue
            comp, fname = field_key.split(".")
            central = float(getattr(getattr(platform, comp), fname))
            out[keys[0]] = UncertainInput(
                name=f"nodes.{label}.{field_key}",
                keys=keys,
                low=lo,
                high=hi,
                distribution=default_distribution(lo, hi),
                central=central,
                source=f"platform {platform.name!r}: ASSUMPTION range",
                valid=field_bounds(scn, keys[0]),
            )
    assumed = KINDS[scn.kind].assumed
    for key, lo, hi, central, source in assumed(scn) if assumed is not None else []:
        if key not in fixed:
            out[key] = UncertainInput(
                name=key,
                keys=(key,),
                low=lo,
                high=hi,
                distribution=default_distribution(lo, hi),
                central=central,
                source=source,
                valid=field_bounds(scn, key),
            )
    for j, entry in enumerate(scn.doc.get("uncertain", [])):
        key, where = entry["key"], f"uncertain[{j}]"
        if key in fixed:
            continue
        try:
            value = current_value(scn, key)
        except ScenarioError as exc:
            raise ScenarioError(scn.source, f"{where}.key", f"{key!r}: {exc.reason}") from None
        tied = next((x for x in out.values() if key in x.keys), None)
        if value is None and tied is not None:
            value = tied.central  # a kind's preset value the file leaves unset
        if not _numeric(value):
            raise ScenarioError(
                scn.source, f"{where}.key", f"{key!r} is {value!r}, not a number to vary"
            )
        keys = tied.keys if tied is not None else (key,)
        dist = entry["distribution"]
        try:
            item = UncertainInput(
                name=tied.name if tied is not None else key,
                keys=keys,
                low=entry["low"],
                high=entry["high"],
                distribution=(
                    default_distribution(entry["low"], entry["high"]) if dist == "auto" else dist
                ),
                central=float(value),
                source=entry["source"],
                valid=field_bounds(scn, key),
            )
        except InvalidParameterError as exc:
            raise ScenarioError(scn.source, where, str(exc)) from None
        out[keys[0]] = item
    return list(out.values())


def draw_overrides(
    inputs: Sequence[UncertainInput], unit: NDArray[np.float64]
) -> tuple[NDArray[np.float64], list[dict[str, float]]]:
    """The input values of each design point (rows of ``unit`` in the unit cube) and the
    overrides that set them."""
    values = np.column_stack([x.ppf(unit[:, j]) for j, x in enumerate(inputs)])
    rows = [
        {k: float(v) for x, v in zip(inputs, row, strict=True) for k in x.keys} for row in values
    ]
    return values, rows
