"""ClassicalChannel: latency, FIFO order, mailbox semantics, listener, errors."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.engine import PS_PER_KM, ClassicalChannel, Event, Interrupt, Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.units import US

Proc = Generator[Event, Any, Any]


def test_message_arrives_after_the_latency() -> None:
    sim = Simulator()
    chan: ClassicalChannel[str] = ClassicalChannel(sim, latency_ps=250)

    def rx(sim: Simulator) -> Proc:
        msg = yield chan.receive()
        return sim.now, msg

    sim.schedule(100, chan.send, "ping")
    p = sim.process(rx(sim))
    sim.run()
    assert p.value == (350, "ping")


def test_from_length_uses_5_us_per_km() -> None:
    sim = Simulator()
    assert PS_PER_KM == 5 * US
    assert ClassicalChannel.from_length(sim, 0.0).latency_ps == 0
    assert ClassicalChannel.from_length(sim, 100.0).latency_ps == 500 * US
    assert ClassicalChannel.from_length(sim, 0.2).latency_ps == 1 * US


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=1, max_size=30), st.integers(0, 100))
def test_fifo_order_and_timing(send_times: list[int], latency: int) -> None:
    sim = Simulator()
    chan: ClassicalChannel[int] = ClassicalChannel(sim, latency)
    arrivals: list[tuple[int, int]] = []
    chan.listen(lambda m: arrivals.append((sim.now, m)))
    for ident, t in enumerate(send_times):
        sim.schedule(t, chan.send, ident)
    sim.run()
    expected = sorted((t + latency, ident) for ident, t in enumerate(send_times))
    assert arrivals == expected
    assert chan.in_flight == 0


def test_messages_sent_before_anybody_waits_are_queued_in_order() -> None:
    sim = Simulator()
    chan: ClassicalChannel[str] = ClassicalChannel(sim, 10)
    for m in ("a", "b", "c"):
        chan.send(m)
    assert chan.in_flight == 3
    sim.run()
    assert chan.queued == 3 and chan.in_flight == 0

    def rx(sim: Simulator) -> Proc:
        got = []
        for _ in range(3):
            got.append((yield chan.receive()))
        return sim.now, got

    p = sim.process(rx(sim))
    sim.run()
    assert p.value == (10, ["a", "b", "c"])
    assert chan.queued == 0


def test_several_waiting_receivers_are_served_in_order() -> None:
    sim = Simulator()
    chan: ClassicalChannel[int] = ClassicalChannel(sim, 5)

    def rx(sim: Simulator) -> Proc:
        msg = yield chan.receive()
        return msg

    receivers = [sim.process(rx(sim)) for _ in range(3)]
    sim.run(until=1)
    for m in (7, 8, 9):
        chan.send(m)
    sim.run()
    assert [r.value for r in receivers] == [7, 8, 9]


def test_cancelled_receive_does_not_swallow_a_message() -> None:
    sim = Simulator()
    chan: ClassicalChannel[str] = ClassicalChannel(sim, 5)

    def impatient(sim: Simulator) -> Proc:
        ev = chan.receive()
        try:
            yield ev
        except Interrupt:
            ev.cancel()
            return "gave up"
        return "got one"

    p = sim.process(impatient(sim))
    sim.schedule(1, p.interrupt)
    sim.schedule(2, chan.send, "kept")
    sim.run()
    assert p.value == "gave up"
    assert chan.queued == 1


def test_listener_gets_every_message_and_can_be_removed() -> None:
    sim = Simulator()
    chan: ClassicalChannel[str] = ClassicalChannel(sim, 3)
    heard: list[str] = []
    chan.listen(heard.append)
    chan.send("x")
    sim.run()
    chan.listen(None)
    chan.send("y")
    sim.run()
    assert heard == ["x"]
    assert chan.queued == 1


@pytest.mark.parametrize("bad", [-1, 2.5, "1", True])
def test_bad_latency_names_the_argument(bad: object) -> None:
    with pytest.raises(InvalidParameterError, match=r"latency_ps = "):
        ClassicalChannel(Simulator(), bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_bad_length_names_the_argument(bad: float) -> None:
    with pytest.raises(InvalidParameterError, match=r"length_km = "):
        ClassicalChannel.from_length(Simulator(), bad)


def test_bad_listener_names_the_argument() -> None:
    with pytest.raises(InvalidParameterError, match=r"callback = 5"):
        ClassicalChannel(Simulator(), 1).listen(5)  # type: ignore[arg-type]
