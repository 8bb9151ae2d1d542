"""A classical message channel with a fixed latency, FIFO delivery and a mailbox.

Examples:
    >>> from qnetsim.engine import ClassicalChannel, Simulator
    >>> sim = Simulator()
    >>> chan = ClassicalChannel(sim, latency_ps=100)
    >>> chan.send("early")          # nobody is waiting yet: queued on arrival
    >>> def reader(sim):
    ...     yield sim.timeout(500)
    ...     msg = yield chan.receive()
    ...     return sim.now, msg
    >>> p = sim.process(reader(sim))
    >>> sim.run()
    >>> p.value
    (500, 'early')
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from qnetsim._validate import check_nonnegative
from qnetsim.engine.events import PENDING, Event
from qnetsim.errors import InvalidParameterError

if TYPE_CHECKING:
    from qnetsim.engine.kernel import Simulator

__all__ = ["PS_PER_KM", "ClassicalChannel", "Receive"]

#: Propagation delay of one km of fibre at the group velocity 2.0e5 km/s: 5 us.
PS_PER_KM = 5_000_000

T = TypeVar("T")


class Receive(Event):
    """The event returned by :meth:`ClassicalChannel.receive`; its value is the message."""

    __slots__ = ("channel",)

    def __init__(self, channel: ClassicalChannel[T]) -> None:
        super().__init__(channel.sim)
        self.channel = channel

    def cancel(self) -> None:
        """Stop waiting (e.g. after an interrupt), so that no message is lost to this event."""
        if self._value is PENDING:
            try:
                self.channel._waiting.remove(self)
            except ValueError:
                pass


class ClassicalChannel(Generic[T]):
    """A one-way classical link: messages arrive ``latency_ps`` after :meth:`send`, in order.

    A delivered message goes to the listener if one is set (:meth:`listen`), otherwise to the
    oldest pending :meth:`receive` event, otherwise into the mailbox until somebody receives.

    Args:
        sim: the simulator.
        latency_ps: delivery delay, an integer number of picoseconds >= 0.
        name: a label for messages.
    """

    def __init__(self, sim: Simulator, latency_ps: int, name: str = "channel") -> None:
        if isinstance(latency_ps, bool) or not isinstance(latency_ps, int) or latency_ps < 0:
            raise InvalidParameterError(
                "latency_ps", latency_ps, "an integer number of picoseconds >= 0"
            )
        self.sim = sim
        self.latency_ps = latency_ps
        self.name = name
        self._mailbox: deque[T] = deque()
        self._waiting: deque[Receive] = deque()
        self._listener: Callable[[T], None] | None = None
        self.in_flight = 0

    @classmethod
    def from_length(
        cls, sim: Simulator, length_km: float, name: str = "channel"
    ) -> ClassicalChannel[T]:
        """A channel whose latency is the fibre propagation time, 5 us/km (2.0e5 km/s).

        Examples:
            >>> from qnetsim.engine import Simulator
            >>> ClassicalChannel.from_length(Simulator(), 1.5).latency_ps
            7500000
        """
        length = check_nonnegative("length_km", length_km)
        return cls(sim, round(length * PS_PER_KM), name)

    def __repr__(self) -> str:
        return f"<ClassicalChannel {self.name!r} latency={self.latency_ps} ps>"

    @property
    def queued(self) -> int:
        """Number of delivered messages waiting in the mailbox."""
        return len(self._mailbox)

    def send(self, message: T) -> None:
        """Send ``message``; it is delivered ``latency_ps`` later, after earlier messages."""
        self.in_flight += 1
        self.sim.schedule(self.latency_ps, self._deliver, message)

    def receive(self) -> Receive:
        """An event that succeeds with the next message (at once if one is queued)."""
        event = Receive(self)
        if self._mailbox:
            event.succeed(self._mailbox.popleft())
        else:
            self._waiting.append(event)
        return event

    def listen(self, callback: Callable[[T], None] | None) -> None:
        """Call ``callback(message)`` on every delivery instead of using the mailbox.

        ``None`` removes the listener. Messages already queued stay in the mailbox.
        """
        if callback is not None and not callable(callback):
            raise InvalidParameterError("callback", callback, "a callable or None")
        self._listener = callback

    def _deliver(self, message: T) -> None:
        self.in_flight -= 1
        if self._listener is not None:
            self._listener(message)
        elif self._waiting:
            self._waiting.popleft().succeed(message)
        else:
            self._mailbox.append(message)
