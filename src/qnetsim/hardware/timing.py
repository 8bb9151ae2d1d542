"""Attempt timing as experiments state it: the parts of an attempt cycle and its overheads.

A node's entanglement attempt is a sequence of local steps, and real experiments spend a large
share of their wall time outside the attempts themselves. This module describes both:

* **the local cycle**: the emitter's own attempt (excitation and emission,
  :attr:`Emitter.attempt_duration_s <qnetsim.hardware.emitter.Emitter.attempt_duration_s>`)
  plus ``initialisation_s`` (spin reset / optical pumping before each attempt) and
  ``local_operations_s`` (gates, e.g. a transfer into storage, per attempt);
* **the herald wait**: whether the node waits for the herald before its next attempt
  (``wait_for_herald``; the link adds the photon's path to the station and the herald's
  return). A node that does not wait runs an attempt train back to back and its stored qubit
  suffers every later attempt (per-attempt dephasing,
  :attr:`Memory.dephasing_per_attempt <qnetsim.hardware.memory.Memory.dephasing_per_attempt>`;
  Kalb et al., PRA 97, 062330 (2018), doi:10.1103/PhysRevA.97.062330);
* **periodic overheads**: every ``N`` attempts, or every ``T`` seconds of attempting, a block of
  ``D`` seconds without attempts (recooling of ions, reloading of atoms, charge-and-resonance
  checks of NV centres, phase stabilisation). Example of the order of magnitude: a 40Ca+ node
  alternates 120 us cooling blocks with about 90 us of attempts (Tsinghua, arXiv:2503.13898,
  cited in ``shared/reference/inputs-2026-12.md``);
* **a published repetition rate** entered directly, with an explicit statement of whether it
  already includes the communication time (Hefei's 2.76 kHz does, J.-L. Liu et al., Nature
  629, 579 (2024): adding the herald round trip on top would count it twice);
* ``duty_cycle``: a measured fraction of wall time spent attempting, for interruptions the
  experiment states only as a fraction.

The fraction of wall time spent attempting (the duty cycle of the overheads) for a cycle of
``t_c`` seconds is

    d = duty_cycle / (1 + sum_i D_i / (N_i t_c) + sum_j D_j / T_j),

so the mean rate is ``P(cycle succeeds) d / t_c``. The engines place the blocks exactly: after
every ``N_i``-th cycle (attempt-counted overheads) and after every ``T_j`` seconds of
attempting (time-counted overheads); a duty cycle below one stretches every cycle by
``1/duty_cycle``.

Examples:
    >>> t = AttemptTiming(initialisation_s=2e-6,
    ...                   overheads=(Overhead("recooling", 120e-6, every_s=90e-6),))
    >>> round(t.duty_fraction(cycle_s=10e-6), 4)   # 90 us of attempts per 210 us
    0.4286
    >>> AttemptTiming(duty_cycle=0.0)
    Traceback (most recent call last):
    ...
    qnetsim.errors.InvalidParameterError: duty_cycle = 0.0 is invalid; valid: (0, 1]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from qnetsim import _arrays
from qnetsim._validate import check_in_range, check_int, check_nonnegative
from qnetsim.errors import InvalidParameterError

__all__ = ["AttemptTiming", "Overhead"]


def _positive_finite(name: str, value: float) -> float:
    return check_in_range(name, value, 0.0, 1e9, low_open=True)


@dataclass(frozen=True)
class Overhead:
    """A periodic block of time without attempts.

    Args:
        name: what it is (``"recooling"``, ``"charge-resonance check"``, ...).
        duration_s: length ``D`` of one block (s), in (0, 1e9].
        every_attempts: a block after every ``N`` attempt cycles (an integer >= 1), or
        every_s: a block after every ``T`` seconds spent attempting, in (0, 1e9].
            Exactly one of ``every_attempts`` and ``every_s`` is given.

    Examples:
        >>> Overhead("reload", 0.1, every_attempts=1000).fraction_per_second(1e-5)
        10.0
        >>> Overhead("check", -1.0, every_s=1.0)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: duration_s = -1.0 is invalid; valid: (0, 1e+09]
    """

    name: str
    duration_s: float
    every_attempts: int | None = None
    every_s: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidParameterError("name", self.name, "a non-empty string")
        object.__setattr__(self, "duration_s", _positive_finite("duration_s", self.duration_s))
        if (self.every_attempts is None) == (self.every_s is None):
            raise InvalidParameterError(
                "every_attempts",
                self.every_attempts,
                "exactly one of every_attempts and every_s",
                f"overhead {self.name!r} needs a period",
            )
        if self.every_attempts is not None:
            object.__setattr__(
                self, "every_attempts", check_int("every_attempts", self.every_attempts, 1)
            )
        if self.every_s is not None:
            object.__setattr__(self, "every_s", _positive_finite("every_s", self.every_s))

    def fraction_per_second(self, cycle_s: float) -> float:
        """Overhead seconds per second spent attempting, for a cycle of ``cycle_s``."""
        if self.every_attempts is not None:
            return self.duration_s / (self.every_attempts * cycle_s)
        assert self.every_s is not None
        return self.duration_s / self.every_s

    def blocks_after(self, cycles: int, cycle_s: float) -> int:
        """Number of complete blocks owed after ``cycles`` attempt cycles (placed after every
        ``N``-th cycle, or after every ``T`` seconds of attempting)."""
        if self.every_attempts is not None:
            return cycles // self.every_attempts
        assert self.every_s is not None
        return math.floor(cycles * cycle_s / self.every_s * (1 + 1e-12))


@dataclass(frozen=True)
class AttemptTiming:
    """How a node spends its time: the local parts of an attempt and its overheads.

    Args:
        initialisation_s: spin reset / optical pumping before each attempt (s), >= 0.
        local_operations_s: local gates per attempt (s), >= 0.
        wait_for_herald: ``True``: the next attempt starts after the herald has returned
            (the cycle includes the round trip); ``False``: attempts run back to back and a
            heralded pair waits in memory through the attempts made during the round trip.
        overheads: periodic blocks without attempts (:class:`Overhead`).
        duty_cycle: measured fraction of wall time spent attempting beyond the listed
            overheads, in (0, 1].
        repetition_rate_hz: a published attempt rate entered directly (replaces the local
            parts), in (0, 1e12], or ``None``.
        rate_includes_communication: required with ``repetition_rate_hz``: whether the
            published rate already includes the herald round trip (then the cycle is
            ``max(1/rate, round trip)``); otherwise the link adds the round trip to
            ``1/rate``.

    Raises:
        InvalidParameterError: naming the first invalid field.
    """

    initialisation_s: float = 0.0
    local_operations_s: float = 0.0
    wait_for_herald: bool = True
    overheads: tuple[Overhead, ...] = ()
    duty_cycle: float = 1.0
    repetition_rate_hz: float | None = None
    rate_includes_communication: bool | None = None

    def __post_init__(self) -> None:
        for name in ("initialisation_s", "local_operations_s"):
            value = check_nonnegative(name, getattr(self, name))
            if value > 1e9:
                raise InvalidParameterError(name, value, "[0, 1e9]")
            object.__setattr__(self, name, value)
        object.__setattr__(self, "wait_for_herald", bool(self.wait_for_herald))
        overheads = tuple(self.overheads)
        for k, item in enumerate(overheads):
            if not isinstance(item, Overhead):
                raise InvalidParameterError(f"overheads[{k}]", item, "an Overhead")
        object.__setattr__(self, "overheads", overheads)
        object.__setattr__(
            self,
            "duty_cycle",
            check_in_range("duty_cycle", self.duty_cycle, 0.0, 1.0, low_open=True),
        )
        if self.repetition_rate_hz is not None:
            object.__setattr__(
                self,
                "repetition_rate_hz",
                check_in_range(
                    "repetition_rate_hz", self.repetition_rate_hz, 0.0, 1e12, low_open=True
                ),
            )
            if self.rate_includes_communication is None:
                raise InvalidParameterError(
                    "rate_includes_communication",
                    None,
                    "true or false",
                    "say whether the published repetition rate already includes the herald "
                    "round trip (Hefei's 2.76 kHz does)",
                )
            object.__setattr__(
                self, "rate_includes_communication", bool(self.rate_includes_communication)
            )

    @property
    def is_default(self) -> bool:
        """No parts, overheads or published rate beyond the emitter's own cycle."""
        return self == AttemptTiming()

    def local_s(self, emission_s: float) -> float:
        """The local part of one attempt: the published period ``1/rate``, or the emitter's
        ``emission_s`` plus initialisation and local operations."""
        if self.repetition_rate_hz is not None:
            return 1.0 / self.repetition_rate_hz
        return emission_s + self.initialisation_s + self.local_operations_s

    def cycle_s(self, emission_s: float, round_trip_s: float) -> float:
        """One attempt cycle for a herald round trip of ``round_trip_s`` seconds."""
        local = self.local_s(emission_s)
        if self.repetition_rate_hz is not None and self.rate_includes_communication:
            return _arrays.maximum(local, round_trip_s)
        if not self.wait_for_herald:
            return local
        return local + round_trip_s

    def overhead_per_second(self, cycle_s: float) -> float:
        """Seconds of listed overhead per second spent attempting."""
        return sum(o.fraction_per_second(cycle_s) for o in self.overheads)

    def duty_fraction(self, cycle_s: float) -> float:
        """Fraction of wall time spent attempting (module docstring)."""
        return self.duty_cycle / (1.0 + self.overhead_per_second(cycle_s))

    def overhead_time_s(self, cycles: int, cycle_s: float) -> float:
        """Listed overhead time owed after ``cycles`` attempt cycles (exact block count)."""
        return sum(o.blocks_after(cycles, cycle_s) * o.duration_s for o in self.overheads)
