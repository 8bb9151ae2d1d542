"""A lean elementary-link driver for the event-driven chains (``mode="sampled"``).

:class:`SampledLink` is a drop-in for :meth:`LinkGenerator.generate_one
<qnetsim.link.process.LinkGenerator.generate_one>` on the links a chain uses (overheads
removed, duty cycle 1, attempts that wait for the herald). It keeps the generator's cycle
schedule, random stream and delivered state exactly, and precomputes what the generator
recomputes for every pair: the cycle length, the herald latencies and the delivered
Bell-diagonal state (the wait from emission to delivery is the same for every pair of a link,
so its memory noise is one constant). Geometric cycle counts are drawn in blocks from the
link's own stream, which yields the same numbers as one draw per pair.

Event order is preserved: the generator waits for the station time, sends the heralds
(delivered one latency later), and resumes on an ``all_of`` of the two receipts, i.e. two
zero-delay hops after the later herald arrives. The driver schedules the same chain of
entries (station, herald latency, two zero-delay hops), as plain calls that resume the caller
only at the end, so every same-time tie between links, swaps and deliveries is broken as
before and a seed gives the same run.

Examples:
    >>> from qnetsim.engine import Simulator
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link import Link
    >>> sim = Simulator(seed=7)
    >>> link = SampledLink(sim, Link(get_platform("ca_ion_ustc"), 10.0), "link0")
    >>> proc = sim.process(link.generate_one())
    >>> sim.run()
    >>> proc.value.herald_time_ps < sim.now, proc.value.cycles >= 1
    (True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim.engine import Event, Simulator
from qnetsim.link.design import Link
from qnetsim.link.montecarlo import check_cycle_probability
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.units import ps_to_seconds

__all__ = ["Herald", "SampledLink", "supports"]

_BLOCK = 256  # geometric draws per block


def supports(link: Link, mode: str) -> bool:
    """Whether :class:`SampledLink` reproduces :class:`~qnetsim.link.process.LinkGenerator`
    on ``link``: sampled mode, no overhead blocks, duty cycle 1."""
    return mode == "sampled" and not link.overheads and link.duty_cycle == 1.0


class Herald:
    """The part of a :class:`~qnetsim.link.process.DeliveredPair` the chains use."""

    __slots__ = ("coefficients", "cycles", "herald_time_ps")

    def __init__(self, cycles: int, herald_time_ps: int, coefficients: NDArray[np.float64]):
        self.cycles = cycles
        self.herald_time_ps = herald_time_ps
        self.coefficients = coefficients


class SampledLink:
    """Generates the pairs of ``link`` in ``sim`` (see the module docstring).

    Args:
        sim: the simulator.
        link: the elementary link (:func:`supports` must hold).
        name: its random stream in ``sim.rng`` (the chains use the generator's name).
    """

    def __init__(self, sim: Simulator, link: Link, name: str) -> None:
        self.sim = sim
        self.link = link
        self.name = name
        self.rng = sim.rng.stream(name)
        self.cycle_ps = link.cycle_ps
        arm_a, arm_b = (f.delay_ps for f in link.fibres)
        self._station_after_ps = link.local_ps + max(arm_a, arm_b)
        self._latency_ps = max(link.classical_delays_ps)
        self._origin_ps = sim.now
        self._cycles_done = 0
        self._last_delivery_ps: int | None = None
        self._p_cycle = link.cycle_success_probability
        self._draws: list[int] = []
        self._next = 0
        # Every pair waits arm + latency from emission to delivery at each node.
        herald = link.attempt.bell_diagonal().coefficients
        pa = link.storage_twirl("A", ps_to_seconds(arm_a + self._latency_ps))
        pb = link.storage_twirl("B", ps_to_seconds(arm_b + self._latency_ps))
        self.delivered_coefficients = bd._pauli_channel(bd._pauli_channel(herald, pa), pb)

    def _draw(self) -> int:
        if self._next >= len(self._draws):
            check_cycle_probability(self._p_cycle)
            self._draws = self.rng.geometric(self._p_cycle, size=_BLOCK).tolist()
            self._next = 0
        cycles = self._draws[self._next]
        self._next += 1
        return cycles

    def _next_pair(self) -> tuple[int, int]:
        """Draw the next pair: (its cycles, its herald time at the station)."""
        now = self.sim.now
        cycle = self.cycle_ps
        # LinkGenerator._resume: a caller back after idling restarts the schedule now.
        last = self._last_delivery_ps
        if (last is None or now > last) and self._origin_ps + self._cycles_done * cycle < now:
            self._origin_ps = now - self._cycles_done * cycle
        cycles = self._draw()
        self._cycles_done += cycles
        return cycles, self._origin_ps + (self._cycles_done - 1) * cycle + self._station_after_ps

    def _queue(self, station: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        """Queue the pair's entries; the last one calls ``fn(*args)`` when the generator
        would resume its caller."""
        now = self.sim.now
        if station >= now:
            # The generator's events, as plain calls: its timeout to the station time, the
            # heralds' arrival, the later receipt, and the all_of (which resumes the caller).
            self.sim.schedule(station - now, self._heralded, fn, args)
        else:  # pragma: no cover - attempts that do not wait for the herald (not in chains)
            self.sim.schedule(station + self._latency_ps - now, self._received, fn, args)

    def request(self) -> Event:
        """An event that succeeds with the next pair's :class:`Herald` once both nodes know
        it (the caller waits on it: ``herald = yield link.request()``)."""
        cycles, station = self._next_pair()
        done = Event(self.sim)
        done._value = Herald(cycles, station, self.delivered_coefficients)
        # Event.succeed with the value set above, at the end of the chain of entries
        self._queue(station, self.sim._schedule_event, (done, 0, 0))
        return done

    def start(self, callback: Callable[[int, int, int], None], key: int) -> None:
        """Like :meth:`request` without an event to wait on: the entry that would resume
        the caller calls ``callback(key, cycles, herald_time_ps)`` instead (the same queue
        entries, so the same run)."""
        cycles, station = self._next_pair()
        self._queue(station, self.sim.schedule, (0, callback, key, cycles, station))

    def _heralded(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.sim.schedule(self._latency_ps, self._arrived, fn, args)

    def _arrived(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.sim.schedule(0, self._received, fn, args)

    def _received(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._last_delivery_ps = self.sim.now
        fn(*args)

    def generate_one(self) -> Generator[Event, Any, Herald]:
        """Wait until the next pair is known at both nodes; returns its :class:`Herald`."""
        herald: Herald = yield self.request()
        return herald
