"""Sweep axes: lists, ranges and log spacing of values, and axes that vary together.

An :class:`Axis` is one or more key paths whose values change together (a *zipped* axis: a
fibre length and its extra loss); a sweep is the grid of its axes (:func:`grid`), the first
axis varying slowest. Values are written as on the command line (:func:`parse_values`):

- ``10,25,50``: a list (each item read as a TOML value: ``"nv_delft"`` or ``true`` work too);
- ``10:100:10``: from 10 to 100 in steps of 10, both ends included when the step lands there;
- ``lin:0:1:5``: 5 values evenly spaced from 0 to 1, both ends included;
- ``log:1:1000:7``: 7 values evenly spaced in logarithm from 1 to 1000, both ends included.

Computed values are rounded to 12 significant digits so that ``0:1:0.1`` gives ``0.3``,
not ``0.30000000000000004`` (the value a reader types again to rerun one point).

Examples:
    >>> parse_values("10:50:20")
    [10, 30, 50]
    >>> parse_values("log:1:1000:4")
    [1.0, 10.0, 100.0, 1000.0]
    >>> a = Axis.parse("links[0].length_km=10,50").zip(Axis.parse("links[0].extra_db=1,3"))
    >>> grid([a, Axis.parse("run.seed=1,2")])[1]
    {'links[0].length_km': 10, 'links[0].extra_db': 1, 'run.seed': 2}
"""

from __future__ import annotations

import itertools
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qnetsim.errors import InvalidParameterError

__all__ = ["Axis", "grid", "grid_points", "parse_values"]

_FORMS = "V1,V2,... or START:STOP:STEP or lin:START:STOP:N or log:START:STOP:N"
#: More values than this on one axis is almost surely a typo (a step of 0.001 for 0.1).
MAX_VALUES = 100_000


def _number(flag: str, text: str, item: str) -> float | int:
    try:
        value = tomllib.loads(f"v = {item.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidParameterError(flag, text, _FORMS, f"{item.strip()!r} is not a finite number")
    return value


def _count(flag: str, text: str, item: str) -> int:
    n = _number(flag, text, item)
    if not isinstance(n, int) or not 1 <= n <= MAX_VALUES:
        raise InvalidParameterError(
            flag, text, _FORMS, f"the number of values N = {item.strip()} must be 1..{MAX_VALUES}"
        )
    return n


def _round(x: float) -> float:
    return float(f"{x:.12g}")


def parse_values(text: str, flag: str = "--axis") -> list[Any]:
    """The values of one axis written as a list, a range or a spacing (module docstring).

    Raises:
        InvalidParameterError: naming ``flag``, the text and the valid forms.
    """
    body = text.strip()
    head, _, rest = body.partition(":")
    if head in ("lin", "log"):
        parts = rest.split(":")
        if len(parts) != 3:
            raise InvalidParameterError(flag, text, _FORMS, f"{head}: needs START:STOP:N")
        start, stop = (_number(flag, text, p) for p in parts[:2])
        n = _count(flag, text, parts[2])
        if head == "log":
            if start <= 0 or stop <= 0:
                raise InvalidParameterError(
                    flag, text, _FORMS, "log spacing needs START > 0 and STOP > 0"
                )
            values = np.geomspace(start, stop, n) if n > 1 else np.array([start])
        else:
            values = np.linspace(start, stop, n) if n > 1 else np.array([start])
        return [_round(float(v)) for v in values]
    if ":" in body and "," not in body and not body.startswith(("'", '"')):
        parts = body.split(":")
        if len(parts) != 3:
            raise InvalidParameterError(flag, text, _FORMS, "a range is START:STOP:STEP")
        start, stop, step = (_number(flag, text, p) for p in parts)
        if step <= 0 or stop < start:
            raise InvalidParameterError(
                flag, text, _FORMS, "a range needs STEP > 0 and STOP >= START"
            )
        n = math.floor((stop - start) / step * (1 + 1e-12) + 1e-9) + 1
        if n > MAX_VALUES:
            raise InvalidParameterError(flag, text, _FORMS, f"{n} values; at most {MAX_VALUES}")
        if all(isinstance(v, int) for v in (start, stop, step)):
            return [int(start + i * step) for i in range(n)]
        return [_round(start + i * step) for i in range(n)]
    out: list[Any] = []
    for item in body.split(","):
        if not item.strip():
            raise InvalidParameterError(flag, text, _FORMS, "an empty value")
        try:
            out.append(tomllib.loads(f"v = {item.strip()}")["v"])
        except tomllib.TOMLDecodeError:
            out.append(item.strip())
    return out


@dataclass(frozen=True)
class Axis:
    """Key paths that vary together, and their values (one tuple per step of the axis).

    Args:
        paths: the key paths (``links[0].length_km``); several for a zipped axis.
        values: one tuple per step, one value per path.
    """

    paths: tuple[str, ...]
    values: tuple[tuple[Any, ...], ...]

    def __post_init__(self) -> None:
        if not self.paths or len(set(self.paths)) != len(self.paths):
            raise InvalidParameterError("axis paths", self.paths, "distinct key paths, >= 1")
        if not self.values:
            raise InvalidParameterError("axis values", self.values, "at least one value")
        for v in self.values:
            if len(v) != len(self.paths):
                raise InvalidParameterError(
                    "axis values", v, f"{len(self.paths)} values per step (one per key path)"
                )

    @classmethod
    def of(cls, path: str, values: Sequence[Any]) -> Axis:
        """One key path and its values."""
        return cls((path,), tuple((v,) for v in values))

    @classmethod
    def parse(cls, text: str, flag: str = "--axis") -> Axis:
        """``"links[0].length_km=10:100:10"`` -> an axis (values as in :func:`parse_values`)."""
        key, sep, values = text.partition("=")
        if not sep or not key.strip() or not values.strip():
            raise InvalidParameterError(flag, text, "PATH=" + _FORMS, "expected PATH=VALUES")
        return cls.of(key.strip(), parse_values(values, flag))

    def zip(self, other: Axis, flag: str = "--zip") -> Axis:
        """This axis and ``other`` varied together, step by step (same number of values)."""
        if len(other.values) != len(self.values):
            raise InvalidParameterError(
                flag,
                ", ".join(other.paths),
                f"{len(self.values)} values, as many as {', '.join(self.paths)}",
                f"it has {len(other.values)}",
            )
        shared = set(self.paths) & set(other.paths)
        if shared:
            raise InvalidParameterError(flag, sorted(shared), "key paths not already swept")
        return Axis(
            self.paths + other.paths,
            tuple(a + b for a, b in zip(self.values, other.values, strict=True)),
        )


def grid(axes: Sequence[Axis]) -> list[dict[str, Any]]:
    """Every combination of the axes' steps (the first axis varies slowest), as overrides.

    Raises:
        InvalidParameterError: a key path on two axes.
    """
    seen: set[str] = set()
    for a in axes:
        for p in a.paths:
            if p in seen:
                raise InvalidParameterError("--axis", p, "each key path on one axis only")
            seen.add(p)
    points = []
    for combo in itertools.product(*(a.values for a in axes)):
        point: dict[str, Any] = {}
        for a, step in zip(axes, combo, strict=True):
            point.update(zip(a.paths, step, strict=True))
        points.append(point)
    return points


def grid_points(axes: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of ``{key path: values}``; the first key varies slowest.

    Examples:
        >>> pts = grid_points({"links[0].length_km": [10, 20], "links[0].alpha": [0.05]})
        >>> [p["links[0].length_km"] for p in pts]
        [10, 20]
    """
    return grid([Axis.of(k, list(v)) for k, v in axes.items()])
