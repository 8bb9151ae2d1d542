"""A small declarative schema for input files (scenarios, networks), checked before anything
runs.

A schema is a tree of :class:`Table` and :class:`Field` objects. :func:`validate` walks a
parsed TOML document against it and returns a new document with the defaults filled in, or
raises :class:`ScenarioError` naming the file, the key path (``links[1].length_km``) and the
reason (``-3.0 is below the minimum 0``). The same tree renders the reference tables of
``docs/scenarios.md`` (:func:`describe`), so the documentation cannot drift from the checks.

Why not JSON Schema: the ``jsonschema`` package would validate types and bounds, but the
messages would still need rewriting to name units and valid ranges the way every other
qnetsim error does, the documentation would be a second artefact, and it would be one more
dependency for about 150 lines of code.

Examples:
    >>> schema = Table({"length_km": Field(float, "fibre length", low=0.0)})
    >>> validate({"length_km": 10}, schema, "a.toml")
    {'length_km': 10.0}
    >>> validate({"length_km": -1}, schema, "a.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    qnetsim.files.schema.ScenarioError: a.toml: length_km: -1.0 is invalid; ...
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from qnetsim.errors import QnetsimValueError
from qnetsim.units import MAX_TIME_S

__all__ = [
    "LIMITS",
    "LIST_LIMITS",
    "MAX_COUNT",
    "MAX_ITEMS",
    "REQUIRED",
    "Field",
    "ScenarioError",
    "Table",
    "bounded",
    "describe",
    "join_path",
    "validate",
]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


#: Marker for a field without a default.
REQUIRED: Any = _Required()


#: Upper bounds of the fields that give none themselves, by the end of the key's name (first
#: match wins) or by the whole name: every length, time, rate, loss and count in a file is
#: finite and bounded, so that no value overflows a conversion (``1e300`` s in integer
#: picoseconds) or asks for more than a run can do. Listed in ``docs/scenarios.md``.
LIMITS: tuple[tuple[str, float, str], ...] = (
    ("pairs", 10_000_000, "Monte Carlo / event-engine pairs per evaluation"),
    ("quick_pairs", 10_000_000, "pairs with --quick"),
    ("seed", 2**63 - 1, "what TOML's integers can hold"),
    ("time_samples", 100_000, "orbit samples"),
    ("_db_per_km", 100.0, "fibre attenuation (dB/km)"),
    ("_db", 1000.0, "losses (dB)"),
    ("_km", 1e5, "lengths and distances (km)"),
    ("_s", MAX_TIME_S, "times (s): simulated time is integer picoseconds"),
    ("_hz", 1e12, "rates (Hz)"),
    ("_rad", 100.0, "angles and phase noise (rad)"),
)
#: Bounds of the lengths of some lists (by key), below :data:`MAX_ITEMS`: a star runs each
#: pair of end nodes alone, ``n (n - 1) / 2`` event simulations.
LIST_LIMITS: dict[str, int] = {"end_nodes": 32, "server_arms_km": 32, "concurrent": 496}
#: Bound of any other integer field without one (memories, modes, qubits, ...).
MAX_COUNT = 1_000_000
#: Bound of the length of any list and of any array of tables or set of named tables.
MAX_ITEMS = 10_000


def bounded(key: str, field: Field) -> Field:
    """``field`` with the default upper bound of :data:`LIMITS` for ``key`` if it has none
    (and, for lists, at most :data:`MAX_ITEMS` items).

    Examples:
        >>> bounded("cutoff_s", Field(float, "x", low=0.0)).high
        1000000.0
        >>> bounded("pairs", Field(int, "x", low=1)).valid_text()
        '>= 1 and <= 1e+07'
    """
    changes: dict[str, Any] = {}
    if field.list_of and field.max_items is None:
        changes["max_items"] = LIST_LIMITS.get(key, MAX_ITEMS)
    if field.kind in (int, float) and field.high is None:
        for suffix, high, _ in LIMITS:
            if key == suffix or (suffix.startswith("_") and key.endswith(suffix)):
                changes["high"] = high if field.kind is float else int(high)
                break
        else:
            if field.kind is int:
                changes["high"] = MAX_COUNT
    return dataclasses.replace(field, **changes) if changes else field


class ScenarioError(QnetsimValueError):
    """A scenario or network file is malformed: the message names the file, the key path and
    the reason. (One error class for every file qnetsim reads: a network file is a subset of a
    scenario file, ``docs/network.md``.)

    Attributes:
        source: the file (or ``"<scenario>"`` for an in-memory document).
        key_path: dotted path of the offending key, e.g. ``"links[0].length_km"``.
        reason: what is wrong and what is valid.
    """

    def __init__(self, source: str, key_path: str, reason: str) -> None:
        self.source = source
        self.key_path = key_path
        self.reason = reason
        super().__init__(f"{source}: {key_path or '(top level)'}: {reason}")


def join_path(parent: str, key: str | int) -> str:
    """``join_path("links", 0) == "links[0]"``, ``join_path("run", "seed") == "run.seed"``."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


_TYPE_NAMES = {
    float: "a number",
    int: "an integer",
    str: "a string",
    bool: "true or false",
    dict: "a table",
}


@dataclass(frozen=True)
class Field:
    """A leaf value.

    Args:
        kind: ``float``, ``int``, ``str``, ``bool`` or ``dict`` (a free-form table, checked
            by its consumer).
        doc: one line for the documentation.
        default: the value when absent (``REQUIRED``: must be given; ``None``: optional).
        low, high: inclusive bounds (numbers); ``low_open``/``high_open`` make them strict.
        choices: the allowed strings.
        list_of: the value is a list of ``kind`` (``min_items``..``max_items`` long).
        allow_inf: a float may be infinite (``inf``, ``"inf"``, ``"Infinity"``); otherwise
            every number must be finite.
    """

    kind: type
    doc: str
    default: Any = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] | None = None
    list_of: bool = False
    min_items: int = 0
    max_items: int | None = None
    allow_inf: bool = False

    def valid_text(self) -> str:
        """The valid range in words (used in messages and docs)."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None:
            parts.append(f"{'<' if self.high_open else '<='} {self.high:g}")
        text = " and ".join(parts) if parts else _TYPE_NAMES[self.kind]
        if self.allow_inf:
            text += ", or inf"
        elif self.kind is float and not parts:
            text = "a finite number"
        if self.list_of:
            size = f"{self.min_items}.." + ("" if self.max_items is None else str(self.max_items))
            return f"a list ({size} items) of {text}"
        return text

    def check(self, value: Any, source: str, path: str) -> Any:
        if self.list_of:
            if not isinstance(value, list):
                raise ScenarioError(source, path, f"{value!r} is not a list")
            if len(value) < self.min_items or (
                self.max_items is not None and len(value) > self.max_items
            ):
                raise ScenarioError(source, path, f"{len(value)} items; valid: {self.valid_text()}")
            return [self._scalar(v, source, join_path(path, i)) for i, v in enumerate(value)]
        return self._scalar(value, source, path)

    def _scalar(self, value: Any, source: str, path: str) -> Any:
        kind: Any = self.kind
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is float and isinstance(value, str) and value.lower() in ("inf", "infinity"):
            value = math.inf
        if kind is int and isinstance(value, float) and value.is_integer():
            value = int(value)  # 1e6 (TOML writes exponents as floats) is the integer 1000000
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise ScenarioError(
                source, path, f"{value!r} has the wrong type; expected {_TYPE_NAMES[kind]}"
            )
        if kind is float and math.isnan(value):
            raise ScenarioError(source, path, f"nan is invalid; valid: {self.valid_text()}")
        if kind is float and math.isinf(value) and not self.allow_inf:
            raise ScenarioError(
                source, path, f"{value!r} is invalid; valid: a finite number, {self.valid_text()}"
            )
        if kind is float:
            value += 0.0  # -0.0 is 0.0
        if self.choices is not None and value not in self.choices:
            raise ScenarioError(source, path, f"{value!r} is invalid; valid: {self.valid_text()}")
        if kind in (float, int):
            too_low = self.low is not None and (
                value < self.low or (self.low_open and value == self.low)
            )
            too_high = (
                self.high is not None
                and not (self.allow_inf and value == math.inf)
                and (value > self.high or (self.high_open and value == self.high))
            )
            if too_low or too_high:
                raise ScenarioError(
                    source, path, f"{value!r} is invalid; valid: {self.valid_text()}"
                )
        return value


@dataclass(frozen=True)
class Table:
    """A table of named entries.

    Args:
        fields: key -> :class:`Field` or nested :class:`Table`.
        doc: one line for the documentation.
        many: the value is an array of such tables (TOML ``[[name]]``).
        keyed: the value maps free names (node names) to such tables.
        optional: the table may be absent (otherwise it is created from its defaults).
        open_fields: extra keys are allowed (passed through unchecked; the consumer checks
            them, as for hardware overrides).
        fill: an absent optional table is created from its defaults (otherwise it is
            ``None``; arrays and named tables become empty).
        min_items, max_items: bounds of the entries of an array or of named tables.
    """

    fields: Mapping[str, Field | Table]
    doc: str = ""
    many: bool = False
    keyed: bool = False
    optional: bool = True
    open_fields: bool = False
    min_items: int = 0
    fill: bool = True
    max_items: int = MAX_ITEMS

    def __post_init__(self) -> None:
        fields = {k: bounded(k, f) if isinstance(f, Field) else f for k, f in self.fields.items()}
        object.__setattr__(self, "fields", fields)

    def _count(self, value: Any, source: str, path: str) -> None:
        if len(value) < self.min_items:
            raise ScenarioError(
                source, path, f"{len(value)} entries; at least {self.min_items} needed"
            )
        if len(value) > self.max_items:
            raise ScenarioError(
                source,
                path,
                f"{len(value)} entries; at most {self.max_items} (a limit of qnetsim)",
            )

    def check(self, value: Any, source: str, path: str) -> Any:
        if self.many:
            if not isinstance(value, list):
                raise ScenarioError(source, path, "expected an array of tables ([[...]])")
            self._count(value, source, path)
            return [self._one(v, source, join_path(path, i)) for i, v in enumerate(value)]
        if self.keyed:
            if not isinstance(value, dict):
                raise ScenarioError(source, path, "expected a table of named entries")
            self._count(value, source, path)
            return {k: self._one(v, source, join_path(path, k)) for k, v in value.items()}
        return self._one(value, source, path)

    def _one(self, value: Any, source: str, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ScenarioError(source, path, f"{value!r} is not a table")
        out: dict[str, Any] = {}
        for key, item in value.items():
            sub = join_path(path, key)
            if key not in self.fields:
                if self.open_fields:
                    out[key] = item
                    continue
                known = ", ".join(sorted(self.fields))
                raise ScenarioError(source, sub, f"unknown key; valid keys: {known}")
            out[key] = self.fields[key].check(item, source, sub)
        for key, spec in self.fields.items():
            if key in out:
                continue
            if isinstance(spec, Table):
                if not spec.optional:
                    raise ScenarioError(source, join_path(path, key), "required table missing")
                if spec.many:
                    out[key] = []
                elif spec.keyed:
                    out[key] = {}
                elif spec.fill:
                    out[key] = spec._one({}, source, join_path(path, key))
                else:
                    out[key] = None
                continue
            if spec.default is REQUIRED:
                raise ScenarioError(
                    source, join_path(path, key), f"required; valid: {spec.valid_text()}"
                )
            out[key] = copy.deepcopy(spec.default)
        return out


def validate(document: Mapping[str, Any], schema: Table, source: str = "<scenario>") -> Any:
    """Check ``document`` against ``schema``; return it with defaults filled in."""
    return schema.check(dict(document), source, "")


def describe(schema: Table, heading: str = "") -> str:
    """Markdown reference tables of ``schema`` (one per table), for ``docs/scenarios.md``."""
    blocks: list[str] = []

    def walk(table: Table, name: str) -> None:
        rows = []
        for key, spec in table.fields.items():
            if isinstance(spec, Field):
                default = "required" if spec.default is REQUIRED else repr(spec.default)
                rows.append(f"| `{key}` | {spec.doc} | {spec.valid_text()} | {default} |")
        title = name or heading or "top level"
        shape = " (array of tables)" if table.many else " (named tables)" if table.keyed else ""
        if rows:
            lines = [f"### `[{title}]`{shape}", ""]
            if table.doc:
                lines += [table.doc, ""]
            lines += ["| key | meaning | valid | default |", "| --- | --- | --- | --- |", *rows]
            blocks.append("\n".join(lines))
        for key, spec in table.fields.items():
            if isinstance(spec, Table):
                sub = f"{name}.{key}" if name else key
                if table.keyed:
                    sub = f"{name}.NAME.{key}"
                walk(spec, sub)

    walk(schema, "")
    return "\n\n".join(blocks) + "\n"
