"""Result types of the event-driven chains and the live pair they track.

:class:`ChainPair` and :class:`ChainResult` are what
:func:`~qnetsim.network.chains.events.simulate_chain` and
:func:`~qnetsim.network.chains.nested_events.simulate_nested_chain` return (both re-exported
from :mod:`qnetsim.network.chains.events`); :class:`LivePair` is the swap-asap engine's
in-flight pair, its Bell-diagonal state a plain float 4-tuple (cheaper than an array for one
pair).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qnetsim.engine import ScheduledCall
from qnetsim.quantum.bell_diagonal import Coefficients4
from qnetsim.units import ps_to_seconds

__all__ = ["ChainPair", "ChainResult", "LivePair"]


class LivePair:
    """A live entangled pair between two memory slots of the swap-asap chain.

    Slot ``2 j`` is node ``j``'s left memory, ``2 j + 1`` its right one; a pair spanning
    nodes ``a < b`` has ``ends = (2 a + 1, 2 b)`` and spans the links ``a..b-1``.

    Attributes:
        ends: the two memory slots (left end first).
        coefficients: its Bell-diagonal state (plain floats).
        updated_ps: per end, when its memory noise was last applied.
        stored_ps: per end, when the qubit entered its memory (the cutoff clock).
        known_ps: when the end nodes will know every swap outcome so far.
        swaps: swaps in its history.
        links: the elementary links it spans as a frozenset, or ``None`` until asked for
            (then the union of ``parts``, the two pairs it was swapped from: built only
            when needed, with the same set operations as building it at every swap).
        timers: per end, its cutoff timer (``None`` when there is none).
        holders: per end, the qubit holding it (``"communication"`` or ``"storage"``).
        counted_ps: per end, until when its node's attempts have been applied to it.
    """

    __slots__ = (
        "alive",
        "coefficients",
        "counted_ps",
        "ends",
        "holders",
        "known_ps",
        "links",
        "parts",
        "stored_ps",
        "swaps",
        "timers",
        "updated_ps",
    )

    def __init__(
        self,
        ends: tuple[int, int],
        coefficients: Coefficients4,
        updated_ps: list[int],
        stored_ps: list[int],
        known_ps: int,
        swaps: int,
        links: frozenset[int] | None,
        parts: tuple[LivePair, LivePair] | None,
        holders: list[str],
        counted_ps: list[int],
    ) -> None:
        self.ends = ends
        self.coefficients = coefficients
        self.updated_ps = updated_ps
        self.stored_ps = stored_ps
        self.known_ps = known_ps
        self.swaps = swaps
        self.links = links
        self.parts = parts
        self.timers: tuple[None, None] | list[ScheduledCall | None] = _NO_TIMERS
        self.alive = True
        self.holders = holders
        self.counted_ps = counted_ps

    def span(self) -> frozenset[int]:
        """The elementary links the pair spans (see :attr:`links`)."""
        stack = [self]
        while stack:  # post-order over the pairs not built yet (no recursion limit)
            top = stack[-1]
            if top.links is not None:
                stack.pop()
                continue
            left, right = top.parts  # type: ignore[misc]
            if left.links is None:
                stack.append(left)
            elif right.links is None:
                stack.append(right)
            else:
                top.links = left.links | right.links
                top.parts = None
                stack.pop()
        assert self.links is not None
        return self.links


_NO_TIMERS: tuple[None, None] = (None, None)


@dataclass(frozen=True)
class ChainPair:
    """An end-to-end pair delivered by the chain.

    Attributes:
        round_start_ps: when the round that made it began (``"round"`` policy) or when the
            previous pair was delivered (``"continuous"``).
        last_swap_ps: time of the last swap that completed the pair (the herald time of the
            link for a one-link chain).
        delivery_time_ps: when both end nodes know every outcome (messages included).
        coefficients_at_last_swap / coefficients: Bell-diagonal state then and at delivery.
    """

    round_start_ps: int
    last_swap_time_ps: int
    delivery_time_ps: int
    coefficients_at_last_swap: NDArray[np.float64]
    coefficients: NDArray[np.float64]

    @property
    def fidelity(self) -> float:
        return float(self.coefficients[0])


@dataclass(frozen=True)
class ChainResult:
    """Pairs delivered by :func:`~qnetsim.network.chains.events.simulate_chain` and run
    statistics.

    ``purification_attempts`` and ``failed_purifications`` count purification rounds (zero
    without a purification policy; also used by :mod:`qnetsim.network.chains.nested_events`).
    """

    pairs: list[ChainPair]
    end_time_ps: int
    events: int
    discarded_by_cutoff: int
    failed_swaps: int
    purification_attempts: int = 0
    failed_purifications: int = 0

    @property
    def rate_hz(self) -> float:
        return len(self.pairs) / ps_to_seconds(self.end_time_ps) if self.end_time_ps else 0.0

    @property
    def fidelities(self) -> NDArray[np.float64]:
        return np.array([p.fidelity for p in self.pairs])
