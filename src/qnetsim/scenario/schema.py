"""The schema machinery of scenario files: :mod:`qnetsim.files.schema` (one machinery for
scenario and network files), re-exported here where the scenario layer has always had it.
"""

from __future__ import annotations

from qnetsim.files.schema import (
    LIMITS,
    LIST_LIMITS,
    MAX_COUNT,
    MAX_ITEMS,
    REQUIRED,
    Field,
    ScenarioError,
    Table,
    bounded,
    describe,
    join_path,
    validate,
)

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
