"""Elementwise functions that keep a Python float a Python float and work on arrays too.

The closed forms of a link run on one set of inputs (Python floats: ``math`` is ~10x
faster than NumPy on scalars) and on a batch of draws (float arrays, one entry per draw:
:mod:`qnetsim.hardware.batch`). These helpers let the same code serve both: a ``float``
argument goes to :mod:`math`, anything else to NumPy.

Examples:
    >>> type(exp(0.0)).__name__, exp(np.zeros(2)).tolist()
    ('float', [1.0, 1.0])
    >>> minimum(1.0, 0.5), maximum(np.array([0.2, 0.7]), 0.5).tolist()
    (0.5, [0.5, 0.7])
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import special

__all__ = ["as_number", "erf", "exp", "expm1", "is_batch", "log1p", "maximum", "minimum", "sqrt"]


def is_batch(*values: Any) -> bool:
    """Whether any value is an array (a batch of draws) rather than a number."""
    for v in values:  # a plain loop: this sits on the single-link path, called often
        if isinstance(v, np.ndarray):
            return True
    return False


def as_number(x: Any) -> Any:
    """``float(x)``, or ``x`` itself when it is an array."""
    return x if isinstance(x, np.ndarray) else float(x)


def exp(x: Any) -> Any:
    return math.exp(x) if not isinstance(x, np.ndarray) else np.exp(x)


def expm1(x: Any) -> Any:
    return math.expm1(x) if not isinstance(x, np.ndarray) else np.expm1(x)


def log1p(x: Any) -> Any:
    return math.log1p(x) if not isinstance(x, np.ndarray) else np.log1p(x)


def sqrt(x: Any) -> Any:
    return math.sqrt(x) if not isinstance(x, np.ndarray) else np.sqrt(x)


def erf(x: Any) -> Any:
    return math.erf(x) if not isinstance(x, np.ndarray) else special.erf(x)


def minimum(a: Any, b: Any) -> Any:
    """``min(a, b)``, elementwise when either is an array."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.minimum(a, b)
    return min(a, b)


def maximum(a: Any, b: Any) -> Any:
    """``max(a, b)``, elementwise when either is an array."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.maximum(a, b)
    return max(a, b)
