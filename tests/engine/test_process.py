"""Generator processes: timeouts, waiting, conditions, return values, interrupts, cancel."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from qnetsim.engine import Event, Interrupt, Process, ProcessCancelled, Simulator
from qnetsim.errors import InvalidParameterError, SimulationError

Proc = Generator[Event, Any, Any]


def test_timeouts_advance_the_clock_and_return_their_value() -> None:
    sim = Simulator()
    seen: list[tuple[int, Any]] = []

    def worker(sim: Simulator) -> Proc:
        for delay in (5, 0, 7):
            value = yield sim.timeout(delay, value=f"d{delay}")
            seen.append((sim.now, value))
        return "finished"

    p = sim.process(worker(sim))
    assert p.is_alive
    sim.run()
    assert seen == [(5, "d5"), (5, "d0"), (12, "d7")]
    assert not p.is_alive
    assert p.ok and p.value == "finished"


def test_process_waits_on_an_event_triggered_by_a_callback() -> None:
    sim = Simulator()
    ev = sim.event()
    sim.schedule(40, ev.succeed, "go")

    def waiter(sim: Simulator) -> Proc:
        value = yield ev
        return sim.now, value

    p = sim.process(waiter(sim))
    sim.run()
    assert p.value == (40, "go")


def test_waiting_on_an_already_processed_event_continues_at_once() -> None:
    sim = Simulator()
    ev = sim.event().succeed("old")
    sim.run()

    def late(sim: Simulator) -> Proc:
        value = yield ev
        return sim.now, value

    p = sim.process(late(sim))
    sim.run()
    assert p.value == (0, "old")


def test_processes_wait_on_other_processes_and_get_their_return_value() -> None:
    sim = Simulator()

    def child(sim: Simulator, d: int) -> Proc:
        yield sim.timeout(d)
        return d * 10

    def parent(sim: Simulator) -> Proc:
        a = sim.process(child(sim, 3))
        b = sim.process(child(sim, 8))
        got_b = yield b
        got_a = yield a  # already finished: no further wait
        return sim.now, got_a, got_b

    p = sim.process(parent(sim))
    sim.run()
    assert p.value == (8, 30, 80)


def test_failed_event_raises_at_the_yield_and_is_handled() -> None:
    sim = Simulator()
    ev = sim.event()
    sim.schedule(2, ev.fail, ValueError("bad link"))

    def careful(sim: Simulator) -> Proc:
        try:
            yield ev
        except ValueError as exc:
            return f"caught {exc} at {sim.now}"
        return "not reached"

    p = sim.process(careful(sim))
    sim.run()  # handled: run does not raise
    assert p.value == "caught bad link at 2"


def test_exception_in_a_process_fails_it_and_propagates_to_waiters() -> None:
    sim = Simulator()

    def broken(sim: Simulator) -> Proc:
        yield sim.timeout(1)
        raise RuntimeError("inside")

    def watcher(sim: Simulator, p: Process) -> Proc:
        try:
            yield p
        except RuntimeError as exc:
            return str(exc)
        return None

    b = sim.process(broken(sim))
    w = sim.process(watcher(sim, b))
    sim.run()
    assert not b.ok and isinstance(b.value, RuntimeError)
    assert w.value == "inside"


def test_unwatched_process_failure_is_raised_from_run() -> None:
    sim = Simulator()

    def broken(sim: Simulator) -> Proc:
        yield sim.timeout(1)
        raise RuntimeError("nobody catches me")

    sim.process(broken(sim))
    with pytest.raises(RuntimeError, match="nobody catches me"):
        sim.run()


def test_all_of_and_any_of() -> None:
    sim = Simulator()
    log: list[tuple[int, str, list[Any]]] = []

    def waiter(sim: Simulator) -> Proc:
        a, b, c = sim.timeout(3, "a"), sim.timeout(9, "b"), sim.timeout(5, "c")
        first = yield sim.any_of([a, b, c])
        log.append((sim.now, "any", list(first.values())))
        every = yield sim.all_of([a, b, c])
        log.append((sim.now, "all", list(every.values())))
        empty = yield sim.all_of([])
        log.append((sim.now, "empty", list(empty.values())))

    sim.process(waiter(sim))
    sim.run()
    assert log == [(3, "any", ["a"]), (9, "all", ["a", "b", "c"]), (9, "empty", [])]


def test_condition_fails_with_the_first_failure() -> None:
    sim = Simulator()
    bad = sim.event()
    sim.schedule(4, bad.fail, OSError("lost"))

    def waiter(sim: Simulator) -> Proc:
        try:
            yield sim.all_of([sim.timeout(10), bad])
        except OSError as exc:
            return sim.now, str(exc)
        return None

    p = sim.process(waiter(sim))
    sim.run()
    assert p.value == (4, "lost")


def test_condition_rejects_non_events() -> None:
    sim = Simulator()
    with pytest.raises(InvalidParameterError, match=r"events = 3"):
        sim.all_of([sim.timeout(1), 3])  # type: ignore[list-item]


def test_interrupt_wakes_a_waiting_process_with_its_cause() -> None:
    sim = Simulator()
    log: list[tuple[int, str]] = []

    def sleeper(sim: Simulator) -> Proc:
        while True:
            try:
                yield sim.timeout(100)
                log.append((sim.now, "woke normally"))
            except Interrupt as irq:
                log.append((sim.now, f"interrupted: {irq.cause}"))
                return "done"

    p = sim.process(sleeper(sim))
    sim.schedule(150, p.interrupt, "swap")
    sim.run()
    assert log == [(100, "woke normally"), (150, "interrupted: swap")]
    assert p.value == "done"
    assert sim.now == 200  # the abandoned timeout still fires, harmlessly


def test_interrupted_process_does_not_resume_on_its_old_target() -> None:
    sim = Simulator()
    ev = sim.event()
    resumed: list[Any] = []

    def proc(sim: Simulator) -> Proc:
        try:
            yield ev
        except Interrupt:
            pass
        resumed.append((yield sim.timeout(50, "after")))

    p = sim.process(proc(sim))
    sim.schedule(10, p.interrupt)
    sim.schedule(20, ev.succeed, "old target")
    sim.run()
    assert resumed == ["after"]
    assert p.ok


def test_uncaught_interrupt_fails_the_process() -> None:
    sim = Simulator()

    def proc(sim: Simulator) -> Proc:
        yield sim.timeout(10)

    p = sim.process(proc(sim))
    sim.schedule(1, p.interrupt, "stop")
    with pytest.raises(Interrupt):
        sim.run()
    assert isinstance(p.value, Interrupt) and p.value.cause == "stop"


def test_cancel_closes_the_generator_and_fails_the_process_quietly() -> None:
    sim = Simulator()
    cleanup: list[int] = []

    def proc(sim: Simulator) -> Proc:
        try:
            yield sim.timeout(100)
        finally:
            cleanup.append(sim.now)

    def watcher(sim: Simulator, p: Process) -> Proc:
        try:
            yield p
        except ProcessCancelled as exc:
            return str(exc)
        return None

    p = sim.process(proc(sim))
    w = sim.process(watcher(sim, p))
    sim.schedule(30, p.cancel)
    sim.run()  # nobody needs to handle a cancellation
    assert cleanup == [30]
    assert not p.is_alive and isinstance(p.value, ProcessCancelled)
    assert "cancelled at t = 30 ps" in w.value
    p.cancel()  # cancelling a finished process does nothing


def test_interrupting_a_finished_process_is_an_error() -> None:
    sim = Simulator()

    def quick(sim: Simulator) -> Proc:
        yield sim.timeout(1)

    p = sim.process(quick(sim))
    sim.run()
    with pytest.raises(SimulationError, match="has finished"):
        p.interrupt()


def test_a_process_cannot_interrupt_itself() -> None:
    sim = Simulator()
    holder: list[Process] = []

    def selfish(sim: Simulator) -> Proc:
        yield sim.timeout(1)
        holder[0].interrupt()

    holder.append(sim.process(selfish(sim)))
    with pytest.raises(SimulationError, match="cannot interrupt itself"):
        sim.run()


def test_yielding_a_non_event_is_a_clear_error() -> None:
    sim = Simulator()

    def wrong(sim: Simulator) -> Generator[Any, Any, None]:
        yield 42

    p = sim.process(wrong(sim), name="wrong-one")
    with pytest.raises(SimulationError, match=r"'wrong-one' yielded 42 \(int\).*only Event"):
        sim.run()
    assert not p.is_alive


def test_yielding_an_event_of_another_simulator_is_an_error() -> None:
    sim, other = Simulator(), Simulator()

    def wrong(sim: Simulator) -> Proc:
        yield other.timeout(1)

    sim.process(wrong(sim))
    with pytest.raises(SimulationError, match="another simulator"):
        sim.run()


def test_process_needs_a_generator() -> None:
    sim = Simulator()

    def not_called(sim: Simulator) -> Proc:
        yield sim.timeout(1)

    with pytest.raises(InvalidParameterError, match=r"generator = <function"):
        sim.process(not_called)  # type: ignore[arg-type]


def test_simultaneous_processes_run_in_start_order() -> None:
    sim = Simulator()
    order: list[str] = []

    def proc(sim: Simulator, name: str) -> Proc:
        for _ in range(3):
            yield sim.timeout(10)
            order.append(name)

    for name in "abc":
        sim.process(proc(sim, name))
    sim.run()
    assert order == list("abcabcabc")
