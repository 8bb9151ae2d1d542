"""Field types and helpers of the file schema beyond :mod:`qnetsim.files.schema`: a list of
tables (:class:`TableList`), a number or a pair (:class:`NumberOrPair`), a converter table
or name (:class:`ConverterTable`), and the shared bounds of lengths, losses and wavelengths.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from qnetsim.files.schema import REQUIRED, Field, ScenarioError, Table, join_path

__all__ = [
    "MAX_LENGTH_KM",
    "MAX_LOSS_DB",
    "WAVELENGTH_NM",
    "ConverterTable",
    "NumberOrPair",
    "TableList",
    "nonneg",
    "positive",
    "unit",
    "wavelength",
]

#: Schema bounds of lengths (km), losses (dB) and wavelengths (nm).
MAX_LENGTH_KM = 1e5
MAX_LOSS_DB = 1000.0
WAVELENGTH_NM = (100.0, 10_000.0)


@dataclass(frozen=True)
class TableList(Field):
    """A list of inline tables, each checked against ``table``
    (``overheads = [{name = "recooling", duration_s = 120e-6, every_s = 90e-6}]``)."""

    table: Table = dataclasses.field(default_factory=lambda: Table({}))

    def valid_text(self) -> str:
        keys = ", ".join(
            f"{k} ({'required' if f.default is REQUIRED else 'optional'}, {f.valid_text()})"
            for k, f in self.table.fields.items()
            if isinstance(f, Field)
        )
        return f"a list of tables {{{keys}}}"

    def check(self, value: Any, source: str, path: str) -> Any:
        if not isinstance(value, list):
            raise ScenarioError(
                source, path, f"{value!r} is not a list; expected [{{...}}, ...] (may be empty)"
            )
        return [self.table.check(v, source, join_path(path, i)) for i, v in enumerate(value)]


@dataclass(frozen=True)
class NumberOrPair(Field):
    """A number, or a list of two numbers, with the same bounds (a readout fidelity or its
    ``(F0, F1)`` pair)."""

    def valid_text(self) -> str:
        one = dataclasses.replace(self, list_of=False)
        return f"{Field.valid_text(one)}, or a pair [F0, F1] of them"

    def check(self, value: Any, source: str, path: str) -> Any:
        if isinstance(value, list):
            pair = dataclasses.replace(self, list_of=True, min_items=2, max_items=2)
            return Field.check(pair, value, source, path)
        return Field.check(dataclasses.replace(self, list_of=False), value, source, path)


@dataclass(frozen=True)
class ConverterTable(Table):
    """The converter of a node: a table of fields, or a string: ``"none"`` (no converter)
    or the name of a converter preset (:data:`qnetsim.hardware.CONVERTERS`)."""

    names: tuple[str, ...] = ()

    def check(self, value: Any, source: str, path: str) -> Any:
        valid = "'none', " + ", ".join(repr(n) for n in self.names) + " or a table of fields"
        if isinstance(value, str):
            if value != "none" and value not in self.names:
                raise ScenarioError(source, path, f"{value!r} is invalid; valid: {valid}")
            return value
        if not isinstance(value, dict):
            raise ScenarioError(source, path, f"{value!r} has the wrong type; valid: {valid}")
        return Table.check(self, value, source, path)


def unit(doc: str, *, low_open: bool = False, high_open: bool = False) -> Field:
    return Field(float, doc, None, low=0.0, high=1.0, low_open=low_open, high_open=high_open)


def wavelength(doc: str, default: Any = None) -> Field:
    low, high = WAVELENGTH_NM
    return Field(float, doc, default, low=low, high=high)


def nonneg(doc: str) -> Field:
    return Field(float, doc, None, low=0.0)


def positive(doc: str, high: float | None = None) -> Field:
    return Field(float, doc, None, low=0.0, low_open=True, high=high)
