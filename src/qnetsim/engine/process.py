"""Processes: generator functions that advance by yielding events, SimPy style.

A process is itself an :class:`~qnetsim.engine.events.Event`: it succeeds with the generator's
return value, or fails with the exception the generator raised, so other processes can wait
on it.

Examples:
    >>> from qnetsim.engine import Simulator
    >>> sim = Simulator()
    >>> def child(sim):
    ...     yield sim.timeout(10)
    ...     return "done"
    >>> def parent(sim):
    ...     result = yield sim.process(child(sim))
    ...     print(sim.now, result)
    >>> _ = sim.process(parent(sim))
    >>> sim.run()
    10 done
"""

from __future__ import annotations

from collections.abc import Generator
from inspect import GEN_RUNNING, getgeneratorstate
from typing import TYPE_CHECKING, Any

from qnetsim.engine.events import PENDING, Event
from qnetsim.errors import InvalidParameterError, SimulationError

if TYPE_CHECKING:
    from qnetsim.engine.kernel import Simulator

__all__ = ["Interrupt", "Process", "ProcessCancelled", "ProcessGenerator"]

#: What a process function returns: a generator that yields events.
ProcessGenerator = Generator[Event, Any, Any]

#: Priority of process start-up and interrupts: before ordinary events at the same time.
URGENT = -1


class Interrupt(Exception):
    """Raised inside a process at its current ``yield`` by :meth:`Process.interrupt`.

    Attributes:
        cause: the object passed to :meth:`Process.interrupt`.
    """

    def __init__(self, cause: Any = None) -> None:
        super().__init__(cause)
        self.cause = cause


class ProcessCancelled(SimulationError):
    """The failure value of a process stopped by :meth:`Process.cancel`."""


class Process(Event):
    """A running generator; an event that triggers when the generator finishes.

    Args:
        sim: the simulator.
        generator: a generator that yields :class:`Event` objects; the value of each event
            is sent back into it, a failed event's exception is raised at the ``yield``.
        name: a label for messages (default: the generator function's name).

    Examples:
        >>> from qnetsim.engine import Interrupt, Simulator
        >>> sim = Simulator()
        >>> def sleeper(sim):
        ...     try:
        ...         yield sim.timeout(100)
        ...     except Interrupt as irq:
        ...         return f"woken at {sim.now} by {irq.cause}"
        >>> p = sim.process(sleeper(sim))
        >>> _ = sim.schedule(30, p.interrupt, "alarm")
        >>> sim.run()
        >>> p.value
        'woken at 30 by alarm'
    """

    __slots__ = ("_generator", "_resume_cb", "name", "target")

    def __init__(
        self, sim: Simulator, generator: ProcessGenerator, name: str | None = None
    ) -> None:
        if not isinstance(generator, Generator):
            raise InvalidParameterError(
                "generator", generator, "a generator (call the process function first)"
            )
        super().__init__(sim)
        self._generator = generator
        self.name = name if name is not None else getattr(generator, "__name__", "process")
        self._resume_cb = self._resume
        start = Event(sim)
        start._value = None
        start.callbacks.append(self._resume_cb)  # type: ignore[union-attr]
        sim._schedule_event(start, 0, URGENT)
        #: The event the process is waiting on (``None`` when not waiting).
        self.target: Event | None = start

    def __repr__(self) -> str:
        return f"<Process {self.name!r} {self._state()}>"

    @property
    def is_alive(self) -> bool:
        """True until the generator has finished, failed or been cancelled."""
        return self._value is PENDING

    def interrupt(self, cause: Any = None) -> None:
        """Raise :class:`Interrupt` ``(cause)`` inside the process, at the current time.

        The process stops waiting on its target event (the event itself is unaffected).

        Raises:
            SimulationError: if the process has finished or interrupts itself.
        """
        self._check_alive("interrupt")
        irq = Event(self.sim)
        irq._ok = False
        irq._value = Interrupt(cause)
        irq.callbacks.append(self._deliver_interrupt)  # type: ignore[union-attr]
        self.sim._schedule_event(irq, 0, URGENT)

    def cancel(self) -> None:
        """Stop the process now: close its generator (running its ``finally`` blocks).

        The process fails with :class:`ProcessCancelled`; processes waiting on it get that
        exception; nobody waiting is not an error. Cancelling a finished process does nothing.

        Raises:
            SimulationError: if a process cancels itself.
        """
        if self._value is not PENDING:
            return
        self._check_alive("cancel")
        self._detach()
        self._generator.close()
        self._defused = True
        self.fail(ProcessCancelled(f"process {self.name!r} was cancelled at t = {self.sim.now} ps"))

    def _check_alive(self, action: str) -> None:
        if self._value is not PENDING:
            raise SimulationError(f"cannot {action} {self!r}: it has finished")
        if getgeneratorstate(self._generator) == GEN_RUNNING:
            raise SimulationError(f"process {self.name!r} cannot {action} itself")

    def _detach(self) -> None:
        target = self.target
        if target is not None and target.callbacks is not None:
            try:
                target.callbacks.remove(self._resume_cb)
            except ValueError:
                pass
        self.target = None

    def _deliver_interrupt(self, irq: Event) -> None:
        irq._defused = True
        if self._value is not PENDING:  # finished before the interrupt arrived
            return
        self._detach()
        self._resume(irq)

    def _resume(self, event: Event) -> None:
        """Send the outcome of ``event`` into the generator until it waits on a pending event."""
        sim = self.sim
        generator = self._generator
        while True:
            try:
                if event._ok:
                    nxt = generator.send(event._value)
                else:
                    event._defused = True
                    nxt = generator.throw(event._value)
            except StopIteration as stop:
                self._finish(True, stop.value)
                break
            except Exception as exc:
                self._finish(False, exc)
                break
            if not isinstance(nxt, Event):
                generator.close()
                self._finish(
                    False,
                    SimulationError(
                        f"process {self.name!r} yielded {nxt!r} ({type(nxt).__name__}); "
                        "a process may yield only Event objects"
                    ),
                )
                break
            if nxt.sim is not sim:
                generator.close()
                self._finish(
                    False,
                    SimulationError(f"process {self.name!r} yielded {nxt!r} of another simulator"),
                )
                break
            callbacks = nxt.callbacks
            if callbacks is not None:
                callbacks.append(self._resume_cb)
                self.target = nxt
                break
            event = nxt  # already processed: continue at once with its outcome

    def _finish(self, ok: bool, value: Any) -> None:
        self.target = None
        self._ok = ok
        self._value = value
        self.sim._schedule_event(self, 0, 0)
