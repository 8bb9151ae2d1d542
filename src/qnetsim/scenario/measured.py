"""Measured data for ``qnetsim calibrate``: a CSV file of points, each with its uncertainty
(issue 13, item 3; the format is in ``docs/calibration.md``).

One row per measured value::

    quantity,value,uncertainty,links[0].length_km,unit,source
    rate_hz,0.52,0.05,10,Hz,run 1 (lab notebook p. 12)
    fidelity,0.81,0.02,10,,run 1

* ``quantity``, ``value``, ``uncertainty`` are required: a quantity the scenario computes
  (as ``qnetsim run`` lists them), the measured value and its one-sigma uncertainty (> 0).
* ``unit`` and ``source`` are optional text.
* Every other column is a key path of the scenario (``links[0].length_km``,
  ``nodes.A.emitter.alpha``): the point was measured there. An empty cell keeps the file's
  value.

Every problem is a :class:`~qnetsim.files.schema.ScenarioError` naming the data file, the
row (its line in the file) and the column.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qnetsim.scenario.document import Scenario
from qnetsim.scenario.loader import key_path_problem, with_overrides
from qnetsim.scenario.schema import ScenarioError

__all__ = ["COLUMNS", "MeasuredPoint", "parse_measured", "read_measured"]

#: The named columns: required, then optional. Any other column is a key path.
REQUIRED = ("quantity", "value", "uncertainty")
OPTIONAL = ("unit", "source")
COLUMNS = REQUIRED + OPTIONAL
MAX_ROWS = 10_000


@dataclass(frozen=True)
class MeasuredPoint:
    """One measured value: ``quantity`` at the overrides ``at``, with its one-sigma
    ``uncertainty``."""

    quantity: str
    value: float
    uncertainty: float
    at: dict[str, Any] = field(default_factory=dict)
    unit: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise ScenarioError("<measured>", "value", f"{self.value!r} is not a finite number")
        if not (math.isfinite(self.uncertainty) and self.uncertainty > 0):
            raise ScenarioError(
                "<measured>", "uncertainty", f"{self.uncertainty!r} is invalid; valid: > 0"
            )


def _number(text: str, source: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(source, where, f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise ScenarioError(source, where, f"{text!r} is invalid; valid: a finite number")
    return value


def parse_measured(
    rows: list[Mapping[str, str | None]],
    header: list[str],
    scenario: Scenario,
    source: str = "<measured>",
) -> tuple[MeasuredPoint, ...]:
    """Points from parsed CSV rows (see the module docstring); ``header`` is the column
    order, and rows are numbered from line 2 (line 1 is the header)."""
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ScenarioError(
            source,
            "header",
            f"column {missing[0]!r} is missing; required columns: {', '.join(REQUIRED)}",
        )
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise ScenarioError(source, "header", f"column {dupes[0]!r} appears twice")
    keys = [c for c in header if c not in COLUMNS]
    for key in keys:
        problem = key_path_problem(scenario.doc, key)
        if problem is not None:
            raise ScenarioError(
                source,
                f"column {key!r}",
                f"unknown column: not {', '.join(COLUMNS)} nor a key path of the scenario "
                f"({problem})",
            )
    if not rows:
        raise ScenarioError(source, "", "no data rows")
    if len(rows) > MAX_ROWS:
        raise ScenarioError(source, "", f"{len(rows)} rows; at most {MAX_ROWS}")
    points = []
    for i, row in enumerate(rows):
        line = f"line {i + 2}"
        if None in row:  # more cells than columns
            raise ScenarioError(source, line, "more cells than the header has columns")
        cells = {k: (v or "").strip() for k, v in row.items()}
        for c in REQUIRED:
            if not cells.get(c):
                raise ScenarioError(source, f"{line}, column {c!r}", "empty; a value is required")
        value = _number(cells["value"], source, f"{line}, column 'value'")
        err = _number(cells["uncertainty"], source, f"{line}, column 'uncertainty'")
        if err <= 0:
            raise ScenarioError(
                source,
                f"{line}, column 'uncertainty'",
                f"{err!r} is invalid; valid: > 0 (a one-sigma uncertainty)",
            )
        at: dict[str, Any] = {}
        for key in keys:
            if cells.get(key):
                text = cells[key]
                low = text.lower()
                at[key] = (
                    low == "true"
                    if low in ("true", "false")
                    else _number(text, source, f"{line}, column {key!r}")
                )
        if at:
            try:
                with_overrides(scenario, at)
            except ScenarioError as exc:
                raise ScenarioError(
                    source, f"{line}, column {exc.key_path!r}", exc.reason
                ) from None
        points.append(
            MeasuredPoint(
                cells["quantity"],
                value,
                err,
                at,
                cells.get("unit", ""),
                cells.get("source", ""),
            )
        )
    return tuple(points)


def read_measured(path: str | Path, scenario: Scenario) -> tuple[MeasuredPoint, ...]:
    """Read and validate the measured-data CSV file ``path`` against ``scenario``."""
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(str(p), "", "no such file")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(p), "", f"cannot be read as UTF-8 text: {exc}") from None
    try:
        reader = csv.DictReader(text.splitlines())
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows: list[Mapping[str, Any]] = list(reader)
    except csv.Error as exc:
        raise ScenarioError(str(p), "", f"not valid CSV: {exc}") from None
    if not header:
        raise ScenarioError(str(p), "header", "empty file; expected a header line")
    return parse_measured(rows, header, scenario, str(p))
