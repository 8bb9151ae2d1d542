"""Field types and bounds of the file schema: :mod:`qnetsim.files.fields`, re-exported here."""

from __future__ import annotations

from qnetsim.files.fields import (
    MAX_LENGTH_KM,
    MAX_LOSS_DB,
    WAVELENGTH_NM,
    ConverterTable,
    NumberOrPair,
    TableList,
    nonneg,
    positive,
    unit,
    wavelength,
)

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
