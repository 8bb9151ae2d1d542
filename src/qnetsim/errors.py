"""Exceptions raised by qnetsim.

Every error caused by bad input is a :class:`QnetsimValueError`, a subclass of the built-in
:class:`ValueError`, whose message names the offending argument, its value and the valid range,
so that the caller never sees a traceback from deep inside NumPy or a silent NaN.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BudgetError",
    "HopelessLinkError",
    "InvalidParameterError",
    "QnetsimError",
    "QnetsimValueError",
    "SimulationError",
    "UnknownQubitError",
]


class QnetsimError(Exception):
    """Base class of every exception raised by qnetsim."""


class QnetsimValueError(QnetsimError, ValueError):
    """An argument has a value that qnetsim cannot accept."""


class InvalidParameterError(QnetsimValueError):
    """A named parameter is outside its valid range.

    Attributes:
        name: the parameter's name as the caller knows it (e.g. ``"length_km"``).
        value: the value that was given.
        valid: a human-readable description of the valid range (e.g. ``"[0, 1]"``).

    Examples:
        >>> err = InvalidParameterError("alpha", 1.5, "(0, 1)")
        >>> str(err)
        'alpha = 1.5 is invalid; valid: (0, 1)'
    """

    def __init__(self, name: str, value: Any, valid: str, detail: str | None = None) -> None:
        self.name = name
        self.value = value
        self.valid = valid
        message = f"{name} = {value!r} is invalid; valid: {valid}"
        if detail:
            message += f" ({detail})"
        super().__init__(message)


class UnknownQubitError(QnetsimValueError):
    """An operation named a qubit that the state or register does not hold."""


class SimulationError(QnetsimError):
    """The simulation reached an inconsistent state (a bug or a misuse of the kernel)."""


class BudgetError(QnetsimValueError):
    """A request is beyond what a run may cost: refused up front with the estimate and how
    to lower it, or stopped when a run exceeds its budget.

    Attributes:
        estimate: the estimated cost (engine events, pairs, ...), or ``None``.
        budget: the bound it exceeds, or ``None``.
    """

    def __init__(
        self, message: str, estimate: float | None = None, budget: float | None = None
    ) -> None:
        self.estimate = estimate
        self.budget = budget
        super().__init__(message)


class HopelessLinkError(BudgetError):
    """An elementary link succeeds too rarely for the request to finish.

    Attributes:
        link: the link's index (``links[i]``) or name.
        success_probability: its success probability per attempt cycle.
    """

    def __init__(
        self,
        link: int | str,
        success_probability: float,
        message: str,
        estimate: float | None = None,
        budget: float | None = None,
    ) -> None:
        self.link = link
        self.success_probability = success_probability
        super().__init__(message, estimate, budget)
