"""Strict JSON for every machine-readable output (standard JSON has no NaN or Infinity)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["strict_json_value", "to_json"]


def strict_json_value(obj: Any) -> Any:
    """``obj`` with NumPy scalars and arrays as Python values and every non-finite number
    (NaN, +-inf) as ``None``: standard JSON has no NaN or Infinity."""
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        x = float(obj)
        return x if math.isfinite(x) else None
    if isinstance(obj, Mapping):
        return {str(k): strict_json_value(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return strict_json_value(obj.tolist())
    if isinstance(obj, list | tuple):
        return [strict_json_value(v) for v in obj]
    return obj


def to_json(obj: Any, indent: int | None = 2) -> str:
    """Strict JSON (``allow_nan=False``) of ``obj`` after :func:`strict_json_value`; values
    JSON cannot hold become ``null``."""
    return json.dumps(
        strict_json_value(obj), indent=indent, allow_nan=False, default=lambda _: None
    )
