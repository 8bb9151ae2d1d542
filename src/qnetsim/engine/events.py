"""Events: the things a simulation waits on.

An :class:`Event` is pending until somebody triggers it with :meth:`Event.succeed` or
:meth:`Event.fail`; the kernel then runs its :attr:`Event.callbacks` at the current simulated
time, in (time, priority, insertion) order with everything else. :class:`Timeout` triggers
itself after a delay; :class:`Condition` (built by ``sim.all_of`` / ``sim.any_of``) triggers
when enough of its child events have.

Examples:
    >>> from qnetsim.engine import Simulator
    >>> sim = Simulator()
    >>> done = sim.event()
    >>> done.callbacks.append(lambda ev: print("at", sim.now, "got", ev.value))
    >>> _ = sim.schedule(5, done.succeed, "hello")
    >>> sim.run()
    at 5 got hello
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from heapq import heappush
from typing import TYPE_CHECKING, Any

from qnetsim._validate import check_int
from qnetsim.errors import InvalidParameterError, SimulationError

if TYPE_CHECKING:
    from qnetsim.engine.kernel import Simulator

__all__ = ["Condition", "Event", "EventCallback", "Timeout"]

#: A callback receives the event that was processed.
EventCallback = Callable[["Event"], None]


class _Pending:
    """Sentinel type of the value of an event that has not been triggered."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<pending>"


PENDING: Any = _Pending()


class Event:
    """Something that happens once, at some simulated time, with a value or an exception.

    Attributes:
        sim: the simulator the event belongs to.
        callbacks: functions called with the event when the kernel processes it; ``None``
            once the event has been processed.

    Examples:
        >>> from qnetsim.engine import Simulator
        >>> sim = Simulator()
        >>> ev = sim.event()
        >>> ev.triggered, ev.processed
        (False, False)
        >>> _ = ev.succeed(42)
        >>> sim.run()
        >>> ev.processed, ev.ok, ev.value
        (True, True, 42)
    """

    __slots__ = ("_defused", "_ok", "_value", "callbacks", "sim")

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.callbacks: list[EventCallback] | None = []
        self._value: Any = PENDING
        self._ok = True
        self._defused = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._state()} at 0x{id(self):x}>"

    def _state(self) -> str:
        if self._value is PENDING:
            return "pending"
        if self.callbacks is not None:
            return "triggered"
        return "processed"

    @property
    def triggered(self) -> bool:
        """True once the event has a value (it is scheduled or already processed)."""
        return self._value is not PENDING

    @property
    def processed(self) -> bool:
        """True once the kernel has run the event's callbacks."""
        return self.callbacks is None

    @property
    def ok(self) -> bool:
        """True if the event succeeded; raises :class:`SimulationError` while pending."""
        if self._value is PENDING:
            raise SimulationError(f"{self!r} has not been triggered yet; it has no outcome")
        return self._ok

    @property
    def value(self) -> Any:
        """The value (or, for a failed event, the exception); raises while pending."""
        if self._value is PENDING:
            raise SimulationError(f"{self!r} has not been triggered yet; it has no value")
        return self._value

    def defuse(self) -> None:
        """Mark a failure as handled, so the kernel does not re-raise it from ``run``."""
        self._defused = True

    def succeed(self, value: Any = None, priority: int = 0) -> Event:
        """Trigger the event with ``value``; its callbacks run at the current time.

        Raises:
            SimulationError: if the event was already triggered.
        """
        if self._value is not PENDING:
            raise SimulationError(f"{self!r} was already triggered; an event triggers only once")
        if type(priority) is not int:
            priority = check_int("priority", priority)
        self._ok = True
        self._value = value
        self.sim._schedule_event(self, 0, priority)
        return self

    def fail(self, exception: BaseException, priority: int = 0) -> Event:
        """Trigger the event as failed with ``exception``.

        Processes waiting on the event get the exception raised at their ``yield``. A failure
        that nobody handles is re-raised from :meth:`Simulator.run`.

        Raises:
            InvalidParameterError: if ``exception`` is not an exception instance.
            SimulationError: if the event was already triggered.
        """
        if not isinstance(exception, BaseException):
            raise InvalidParameterError("exception", exception, "an exception instance")
        if self._value is not PENDING:
            raise SimulationError(f"{self!r} was already triggered; an event triggers only once")
        if type(priority) is not int:
            priority = check_int("priority", priority)
        self._ok = False
        self._value = exception
        self.sim._schedule_event(self, 0, priority)
        return self

    def _fire(self) -> None:
        """Run the callbacks (called by the kernel only)."""
        callbacks = self.callbacks
        self.callbacks = None
        for callback in callbacks:  # type: ignore[union-attr]
            callback(self)
        if not self._ok and not self._defused:
            raise self._value


class Timeout(Event):
    """An event that succeeds by itself ``delay_ps`` picoseconds after its creation.

    Examples:
        >>> from qnetsim.engine import Simulator
        >>> sim = Simulator()
        >>> t = sim.timeout(7, value="ring")
        >>> sim.run()
        >>> sim.now, t.value
        (7, 'ring')
    """

    __slots__ = ("delay_ps",)

    def __init__(self, sim: Simulator, delay_ps: int, value: Any = None, priority: int = 0) -> None:
        self.sim = sim
        self.callbacks = []
        self._value = value
        self._ok = True
        self._defused = False
        if type(delay_ps) is not int or delay_ps < 0:
            delay_ps = check_int("delay_ps", delay_ps, low=0)
        if type(priority) is not int:
            priority = check_int("priority", priority)
        self.delay_ps = delay_ps
        # Inlined Simulator._schedule_event: timeouts are the hottest path of processes.
        heappush(sim._queue, (sim._now + delay_ps, priority, next(sim._sequence), self))


class Condition(Event):
    """An event that succeeds when ``evaluate(n_done, n_total)`` becomes true.

    Its value is a dict mapping each child event that had been processed successfully at that
    moment to its value, in the order the events were given. It fails as soon as any child
    fails (with that child's exception). Use :meth:`Simulator.all_of` / :meth:`Simulator.any_of`.

    Examples:
        >>> from qnetsim.engine import Simulator
        >>> sim = Simulator()
        >>> a, b = sim.timeout(3, "a"), sim.timeout(5, "b")
        >>> both, first = sim.all_of([a, b]), sim.any_of([a, b])
        >>> sim.run()
        >>> list(both.value.values()), list(first.value.values())
        (['a', 'b'], ['a'])
    """

    __slots__ = ("_count", "_evaluate", "events")

    def __init__(
        self,
        sim: Simulator,
        evaluate: Callable[[int, int], bool],
        events: Iterable[Event],
    ) -> None:
        super().__init__(sim)
        self._evaluate = evaluate
        self.events: tuple[Event, ...] = tuple(events)
        self._count = 0
        for event in self.events:
            if not isinstance(event, Event):
                raise InvalidParameterError("events", event, "Event instances only")
            if event.sim is not sim:
                raise SimulationError(f"{event!r} belongs to another simulator")
        if not self.events:
            self.succeed({})
            return
        for event in self.events:
            if event.callbacks is None:
                self._check(event)
            else:
                event.callbacks.append(self._check)

    def _check(self, event: Event) -> None:
        if self._value is not PENDING:
            return
        self._count += 1
        if not event._ok:
            event._defused = True
            self.fail(event._value)
        elif self._evaluate(self._count, len(self.events)):
            self.succeed({ev: ev._value for ev in self.events if ev.callbacks is None and ev._ok})

    @staticmethod
    def all_events(count: int, total: int) -> bool:
        """Evaluation function of ``all_of``."""
        return count == total

    @staticmethod
    def any_event(count: int, total: int) -> bool:
        """Evaluation function of ``any_of``."""
        return count >= 1
