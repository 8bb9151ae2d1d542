"""Units: the one place where physical quantities are converted.

qnetsim keeps units in names (``length_km``, ``t2_s``, ``attenuation_db_per_km``). Simulated
time in the event engine is an exact integer number of picoseconds, so that no rounding
drift accumulates over billions of events or months of simulated time; the constants below
convert to and from it.

Examples:
    >>> seconds_to_ps(1.5e-6)
    1500000
    >>> ps_to_seconds(2 * MS)
    0.002
    >>> db_to_transmissivity(3.0)  # doctest: +ELLIPSIS
    0.501...
"""

from __future__ import annotations

import math

import numpy as np

from qnetsim._validate import (
    check_array_in_range,
    check_finite,
    check_nonnegative,
    check_probability,
)
from qnetsim.errors import InvalidParameterError

__all__ = [
    "MAX_PS",
    "MAX_TIME_S",
    "MS",
    "NS",
    "PS",
    "US",
    "S",
    "db_to_transmissivity",
    "ps_to_seconds",
    "seconds_to_ps",
    "transmissivity_to_db",
]

#: One picosecond: the resolution of simulated time.
PS: int = 1
#: One nanosecond in picoseconds.
NS: int = 1_000
#: One microsecond in picoseconds.
US: int = 1_000_000
#: One millisecond in picoseconds.
MS: int = 1_000_000_000
#: One second in picoseconds.
S: int = 1_000_000_000_000
#: The longest simulated time: a signed 64-bit integer of picoseconds (about 106 days), so
#: that times stay exact in NumPy arrays too.
MAX_PS: int = 2**63 - 1
#: The bound of every time a scenario file may give (s, about 11.6 days; below
#: ``MAX_PS``, so that a time plus the delays added to it still fits).
MAX_TIME_S: float = 1e6


def seconds_to_ps(t_s: float, name: str = "t_s") -> int:
    """Convert a non-negative duration in seconds to whole picoseconds (rounded to nearest).

    Raises:
        InvalidParameterError: a negative, infinite or NaN value, or one beyond
            :data:`MAX_PS` picoseconds (about 9.2e6 s).

    Examples:
        >>> seconds_to_ps(1e300)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: t_s = 1e+300 is invalid; valid: [0, 9.22337e+06] s ...
    """
    if isinstance(t_s, np.ndarray):  # a batch of draws (qnetsim.hardware.batch)
        arr = check_array_in_range(name, t_s, 0.0, MAX_PS / S)
        return np.rint(arr * S).astype(np.int64)
    value = check_nonnegative(name, t_s)
    ps = value * S
    if ps > MAX_PS:
        raise InvalidParameterError(
            name,
            t_s,
            f"[0, {MAX_PS / S:g}] s",
            "simulated time is a 64-bit integer of picoseconds",
        )
    return round(ps)


def ps_to_seconds(t_ps: int) -> float:
    """Convert an integer number of picoseconds to seconds (float)."""
    return t_ps / S


def db_to_transmissivity(loss_db: float, name: str = "loss_db") -> float:
    """Transmissivity ``10**(-loss_db/10)`` of a loss given in dB (loss >= 0)."""
    return 10.0 ** (-check_nonnegative(name, loss_db) / 10.0)


def transmissivity_to_db(eta: float, name: str = "eta") -> float:
    """Loss in dB of a transmissivity in (0, 1]."""
    value = check_probability(name, eta)
    if value == 0.0:
        raise InvalidParameterError(name, eta, "(0, 1]", "zero transmissivity is infinite loss")
    return -10.0 * math.log10(check_finite(name, value))
