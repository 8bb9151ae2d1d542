"""Argument validation shared by every layer.

Each helper returns the value converted to the expected type, or raises
:class:`~qnetsim.errors.InvalidParameterError` naming the argument, the value and the valid
range. Use them in ``__post_init__`` of frozen dataclasses and at the top of public functions.
"""

from __future__ import annotations

import math
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim.errors import InvalidParameterError

__all__ = [
    "RngLike",
    "as_rng",
    "check_array_in_range",
    "check_finite",
    "check_in_range",
    "check_int",
    "check_nonnegative",
    "check_positive",
    "check_probability",
]


def _as_float(name: str, value: Any) -> float:
    if type(value) is float and value == value:  # the common case first (not NaN)
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidParameterError(name, value, "a real number", "wrong type")
    result = float(value)
    if math.isnan(result):
        raise InvalidParameterError(name, value, "a real number", "NaN")
    return result


def check_finite(name: str, value: Any) -> float:
    """Return ``value`` as a float, requiring a finite real number."""
    result = _as_float(name, value)
    if not math.isfinite(result):
        raise InvalidParameterError(name, value, "a finite real number")
    return result


def check_in_range(
    name: str,
    value: Any,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float, requiring it to lie in the given interval.

    Examples:
        >>> check_in_range("alpha", 0.25, 0.0, 1.0, low_open=True, high_open=True)
        0.25
        >>> check_in_range("alpha", 1.5, 0.0, 1.0, low_open=True, high_open=True)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: alpha = 1.5 is invalid; valid: (0, 1)
    """
    result = _as_float(name, value)
    below = result <= low if low_open else result < low
    above = result >= high if high_open else result > high
    if below or above:
        raise InvalidParameterError(name, value, _interval(low, high, low_open, high_open))
    return result


def check_probability(name: str, value: Any) -> float:
    """Return ``value`` as a float in [0, 1]."""
    return check_in_range(name, value, 0.0, 1.0)


def check_nonnegative(name: str, value: Any) -> float:
    """Return ``value`` as a finite float >= 0."""
    return check_in_range(name, check_finite(name, value), 0.0)


def check_positive(name: str, value: Any) -> float:
    """Return ``value`` as a finite float > 0."""
    return check_in_range(name, check_finite(name, value), 0.0, low_open=True)


def check_int(name: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int in [low, high] (bounds optional)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidParameterError(name, value, "an integer", "wrong type")
    result = int(value)
    if (low is not None and result < low) or (high is not None and result > high):
        lo = "-inf" if low is None else str(low)
        hi = "inf" if high is None else str(high)
        raise InvalidParameterError(name, value, f"an integer in [{lo}, {hi}]")
    return result


def check_array_in_range(
    name: str,
    values: ArrayLike,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    atol: float = 0.0,
    low_open: bool = False,
    high_open: bool = False,
) -> NDArray[np.float64]:
    """Return ``values`` as a float array whose entries lie in [low - atol, high + atol]
    (an end excluded with ``low_open`` / ``high_open``)."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(name, values, "an array of real numbers") from exc
    if arr.size:
        if np.isnan(arr).any():
            raise InvalidParameterError(name, _first(arr, np.isnan(arr)), "no NaN entries")
        bad = (arr < low - atol) | (arr > high + atol)
        if low_open:
            bad |= arr <= low - atol
        if high_open:
            bad |= arr >= high + atol
        if bad.any():
            raise InvalidParameterError(
                f"{name} (entry)", _first(arr, bad), _interval(low, high, low_open, high_open)
            )
    return arr


def _first(arr: NDArray[np.float64], mask: NDArray[np.bool_]) -> float:
    return float(arr[mask].flat[0])


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:g}"


def _interval(low: float, high: float, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or math.isinf(low) else "["
    right = ")" if high_open or math.isinf(high) else "]"
    return f"{left}{_fmt(low)}, {_fmt(high)}{right}"


#: What a public ``rng`` argument accepts: a NumPy generator (used as is), or an integer
#: seed (>= 0) or a :class:`numpy.random.SeedSequence` (a new generator from it).
RngLike: TypeAlias = "np.random.Generator | np.random.SeedSequence | int | np.integer[Any]"


def as_rng(rng: Any, name: str = "rng") -> np.random.Generator:
    """``rng`` as a :class:`numpy.random.Generator`: a generator as is, an integer seed or a
    ``SeedSequence`` through :func:`numpy.random.default_rng`.

    Examples:
        >>> float(as_rng(1).random()) == float(np.random.default_rng(1).random())
        True
        >>> as_rng(-1)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: rng = -1 is invalid; valid: a numpy Generator, \
a SeedSequence or an integer seed >= 0
    """
    if isinstance(rng, np.random.Generator):
        return rng
    valid = "a numpy Generator, a SeedSequence or an integer seed >= 0"
    if isinstance(rng, np.random.SeedSequence):
        return np.random.default_rng(rng)
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)) or rng < 0:
        raise InvalidParameterError(name, rng, valid)
    return np.random.default_rng(int(rng))
