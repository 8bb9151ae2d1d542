"""The discrete-event kernel: an exact-integer-time priority queue and its run loop.

Simulated time is an ``int`` number of picoseconds (see :mod:`qnetsim.units`), so it never
drifts, however many events or however long a simulated span. Entries fire in
(time, priority, insertion sequence) order: lower priority numbers first, then first come,
first served, which makes every run with the same seed identical.

Examples:
    >>> from qnetsim.engine import Simulator
    >>> from qnetsim.units import NS
    >>> sim = Simulator(seed=1)
    >>> log = []
    >>> _ = sim.schedule(2 * NS, log.append, "b")
    >>> _ = sim.schedule(1 * NS, log.append, "a")
    >>> _ = sim.schedule(2 * NS, log.append, "first at 2 ns", priority=-1)
    >>> sim.run()
    >>> log, sim.now, sim.events_processed
    (['a', 'first at 2 ns', 'b'], 2000, 3)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from heapq import heapify, heappop, heappush
from itertools import count
from typing import Any

from qnetsim._validate import check_int
from qnetsim.engine.events import Condition, Event, Timeout
from qnetsim.engine.process import Process, ProcessGenerator
from qnetsim.engine.rng import RandomStreams
from qnetsim.errors import InvalidParameterError
from qnetsim.units import S

__all__ = ["ScheduledCall", "Simulator"]

_ZERO = 0  # the default priority; ``priority is _ZERO`` implies an int
_new = object.__new__


class ScheduledCall:
    """Handle of a function scheduled with :meth:`Simulator.schedule` (made there only).

    Examples:
        >>> from qnetsim.engine import Simulator
        >>> sim = Simulator()
        >>> handle = sim.schedule(10, print, "never printed")
        >>> handle.cancel()
        >>> sim.run()
        >>> handle.cancelled, handle.time_ps, sim.events_processed
        (True, 10, 0)
    """

    # No __init__: ``schedule`` fills the slots of a bare instance, which is much cheaper than
    # a Python-level constructor call on the hot path (benchmarks/bench_engine.py).
    __slots__ = ("args", "fn", "time_ps")

    #: Absolute simulated time at which the call fires.
    time_ps: int
    #: The function, or ``None`` once cancelled.
    fn: Callable[..., Any] | None
    args: tuple[Any, ...]

    def cancel(self) -> None:
        """Do not call the function (lazy deletion: the queue entry is skipped when popped)."""
        self.fn = None
        self.args = ()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self.fn is None

    def __repr__(self) -> str:
        state = "cancelled" if self.cancelled else getattr(self.fn, "__qualname__", self.fn)
        return f"<ScheduledCall t={self.time_ps} ps {state}>"


def _check_time(name: str, value: Any, low: int) -> int:
    """Return ``value`` as an int >= ``low``; the fast path is a plain in-range int."""
    if type(value) is not int:
        if isinstance(value, float):
            raise InvalidParameterError(
                name, value, "an integer number of picoseconds", "use qnetsim.units, e.g. 5 * US"
            )
        value = check_int(name, value)
    if value < low:
        what = "an integer number of picoseconds"
        raise InvalidParameterError(name, value, f"{what} >= {low}" if low else f"{what} >= 0")
    return value


class Simulator:
    """Event queue, simulated clock and root random-number tree of one simulation.

    Args:
        seed: root seed of :attr:`rng`; the same seed gives the same run.

    Attributes:
        rng: the tree of named random streams (:class:`~qnetsim.engine.rng.RandomStreams`).
    """

    def __init__(self, seed: int = 0) -> None:
        self.rng = RandomStreams(seed)
        self._now = 0
        self._queue: list[tuple[int, int, int, ScheduledCall | Event]] = []
        self._sequence = count()  # every queue entry takes the next number (FIFO among ties)
        self._skipped = 0  # cancelled calls popped (not fired)
        self._parked: list[tuple[int, int, int, ScheduledCall | Event]] | None = None

    # -- clock -----------------------------------------------------------------------------

    @property
    def now(self) -> int:
        """Current simulated time in integer picoseconds."""
        return self._now

    @property
    def now_s(self) -> float:
        """Current simulated time in seconds (a float, for reporting only)."""
        return self._now / S

    @property
    def events_processed(self) -> int:
        """Number of queue entries fired so far (cancelled calls are not counted)."""
        # Not counted per event (that would cost the hot loop): every entry ever queued took a
        # sequence number, so fired = queued - still queued (parked included) - skipped.
        queued = int(repr(self._sequence)[6:-1])  # "count(N)": N numbers handed out
        waiting = len(self._queue) + (len(self._parked) if self._parked is not None else 0)
        return queued - waiting - self._skipped

    @property
    def pending(self) -> int:
        """Number of entries in the queue (cancelled ones included until popped)."""
        return len(self._queue)

    def peek(self) -> int | None:
        """Time of the next queue entry, or ``None`` if the queue is empty."""
        return self._queue[0][0] if self._queue else None

    # -- scheduling ------------------------------------------------------------------------

    def schedule(
        self, delay_ps: int, fn: Callable[..., Any], *args: Any, priority: int = 0
    ) -> ScheduledCall:
        """Call ``fn(*args)`` after ``delay_ps`` picoseconds; return a cancellable handle.

        Raises:
            InvalidParameterError: if ``delay_ps`` is negative or not an integer.
        """
        # One cheap test on the fast path: a non-negative int delay, the default priority
        # (``is _ZERO``: the int 0 itself, so no type test) or an int one.
        if (
            type(delay_ps) is not int
            or delay_ps < 0
            or (priority is not _ZERO and type(priority) is not int)
        ):
            delay_ps = _check_time("delay_ps", delay_ps, 0)
            if type(priority) is not int:
                priority = check_int("priority", priority)
        time = self._now + delay_ps
        call = ScheduledCall()
        call.fn = fn
        call.args = args
        call.time_ps = time
        heappush(self._queue, (time, priority, next(self._sequence), call))
        return call

    def schedule_at(
        self, time_ps: int, fn: Callable[..., Any], *args: Any, priority: int = 0
    ) -> ScheduledCall:
        """Call ``fn(*args)`` at absolute time ``time_ps`` (not in the past).

        Raises:
            InvalidParameterError: if ``time_ps`` is before :attr:`now`.
        """
        return self.schedule(
            _check_time("time_ps", time_ps, self._now) - self._now, fn, *args, priority=priority
        )

    def _schedule_event(self, event: Event, delay_ps: int, priority: int) -> None:
        """Queue ``event`` to be fired (its callbacks run) after ``delay_ps``."""
        if type(delay_ps) is not int or delay_ps < 0:
            delay_ps = _check_time("delay_ps", delay_ps, 0)
        heappush(self._queue, (self._now + delay_ps, priority, next(self._sequence), event))

    # -- event factories -------------------------------------------------------------------

    def event(self) -> Event:
        """A new pending event, to be triggered with ``succeed`` or ``fail``."""
        return Event(self)

    def timeout(self, delay_ps: int, value: Any = None, priority: int = 0) -> Timeout:
        """An event that succeeds with ``value`` after ``delay_ps`` picoseconds."""
        if (
            type(delay_ps) is not int
            or delay_ps < 0
            or (priority is not _ZERO and type(priority) is not int)
        ):
            return Timeout(self, delay_ps, value, priority)  # validates (and raises)
        # Timeout.__init__ inlined: timeouts are the hottest path of processes.
        timeout = _new(Timeout)
        timeout.sim = self
        timeout.callbacks = []
        timeout._value = value
        timeout._ok = True
        timeout._defused = False
        timeout.delay_ps = delay_ps
        heappush(self._queue, (self._now + delay_ps, priority, next(self._sequence), timeout))
        return timeout

    def process(self, generator: ProcessGenerator, name: str | None = None) -> Process:
        """Start ``generator`` as a process at the current time and return it."""
        return Process(self, generator, name)

    def all_of(self, events: Iterable[Event]) -> Condition:
        """An event that succeeds once every event in ``events`` has succeeded."""
        return Condition(self, Condition.all_events, events)

    def any_of(self, events: Iterable[Event]) -> Condition:
        """An event that succeeds once any event in ``events`` has succeeded."""
        return Condition(self, Condition.any_event, events)

    # -- running ---------------------------------------------------------------------------

    def step(self) -> bool:
        """Fire the next (non-cancelled) queue entry; return False if there was none."""
        queue = self._queue
        while queue:
            time, _, _, item = heappop(queue)
            if isinstance(item, ScheduledCall):
                fn = item.fn
                if fn is None:  # cancelled
                    self._skipped += 1
                    continue
                self._now = time
                try:
                    fn(*item.args)
                finally:
                    if self._parked is not None:  # stop() inside the call: nothing to end
                        self._unpark()
            else:
                self._now = time
                try:
                    item._fire()
                finally:
                    if self._parked is not None:
                        self._unpark()
            return True
        return False

    def stop(self) -> None:
        """End the current :meth:`run` once the entry being fired returns; every pending
        entry stays queued (a later ``run`` continues), and ``until`` does not move the clock.

        Costs nothing per event: the queue is parked (the running loop's list is emptied, so
        the loop ends; entries scheduled meanwhile go to a fresh list) and put back when
        ``run`` returns.

        Examples:
            >>> sim = Simulator()
            >>> log = []
            >>> _ = sim.schedule(1, lambda: (log.append(sim.now), sim.stop()))
            >>> _ = sim.schedule(2, log.append, "later")
            >>> sim.run(until=10)
            >>> log, sim.now, sim.pending
            ([1], 1, 1)
            >>> sim.run()
            >>> log
            [1, 'later']
        """
        running = self._queue
        if self._parked is None:
            self._parked = running[:]
        else:  # stopped twice in one event
            self._parked += running
        running.clear()  # the run loop's queue: empty, so the loop ends
        self._queue = []  # entries scheduled for the rest of this event wait here

    def _unpark(self) -> bool:
        """Put back a queue parked by :meth:`stop`; True if the run was stopped."""
        parked = self._parked
        if parked is None:
            return False
        self._parked = None
        parked += self._queue
        heapify(parked)
        self._queue = parked
        return True

    def run(self, until: int | None = None) -> None:
        """Fire entries until the queue is empty, or until simulated time ``until`` (ps).

        With ``until``, entries at times strictly before ``until`` fire and the clock is then
        set to ``until`` (as in SimPy), so ``run(until=t)`` followed by ``run()`` continues
        seamlessly. A failed event that nobody handled is re-raised here.

        Raises:
            InvalidParameterError: if ``until`` is before :attr:`now`.
        """
        # The firing logic of step() is repeated inline here on purpose: this is the hot loop
        # (local bindings, no method call or counter per event; docs/engine.md has the
        # measurements, benchmarks/bench_engine.py the benchmark).
        if until is not None:
            until = _check_time("until", until, self._now)
        queue = self._queue
        pop = heappop
        call_type = ScheduledCall
        try:
            if until is None:
                while queue:
                    time, _, _, item = pop(queue)
                    if type(item) is call_type:
                        fn = item.fn
                        if fn is None:  # cancelled
                            self._skipped += 1
                            continue
                        self._now = time
                        fn(*item.args)
                    else:
                        self._now = time
                        item._fire()  # type: ignore[union-attr]
                return
            while queue and queue[0][0] < until:
                time, _, _, item = pop(queue)
                if type(item) is call_type:
                    fn = item.fn
                    if fn is None:  # cancelled
                        self._skipped += 1
                        continue
                    self._now = time
                    fn(*item.args)
                else:
                    self._now = time
                    item._fire()  # type: ignore[union-attr]
        finally:
            stopped = self._unpark()
        if until is not None and not stopped:
            self._now = until
