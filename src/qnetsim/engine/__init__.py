"""qnetsim.engine: the discrete-event kernel, processes, classical channels and random streams.

The lowest layer of qnetsim. Simulated time is exact: an ``int`` number of picoseconds
(:mod:`qnetsim.units`). See ``docs/engine.md`` for the design and its benchmark.

Examples:
    >>> from qnetsim.engine import ClassicalChannel, Simulator
    >>> from qnetsim.units import US
    >>> sim = Simulator(seed=42)
    >>> chan = ClassicalChannel.from_length(sim, length_km=10.0)   # 50 us of fibre
    >>> def alice(sim):
    ...     chan.send("hello")
    ...     yield sim.timeout(1 * US)
    ...     chan.send("bye")
    >>> def bob(sim):
    ...     while True:
    ...         msg = yield chan.receive()
    ...         print(f"{sim.now_s * 1e6:.0f} us: {msg}")
    >>> _ = sim.process(alice(sim)); _ = sim.process(bob(sim))
    >>> sim.run()
    50 us: hello
    51 us: bye
"""

from __future__ import annotations

from qnetsim.engine.channel import PS_PER_KM, ClassicalChannel, Receive
from qnetsim.engine.events import Condition, Event, EventCallback, Timeout
from qnetsim.engine.kernel import ScheduledCall, Simulator
from qnetsim.engine.process import Interrupt, Process, ProcessCancelled, ProcessGenerator
from qnetsim.engine.rng import RandomStreams

__all__ = [
    "PS_PER_KM",
    "ClassicalChannel",
    "Condition",
    "Event",
    "EventCallback",
    "Interrupt",
    "Process",
    "ProcessCancelled",
    "ProcessGenerator",
    "RandomStreams",
    "Receive",
    "ScheduledCall",
    "Simulator",
    "Timeout",
]
