"""The kernel against a sorted-list reference model, exact time, run/step and its errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.engine import ScheduledCall, Simulator
from qnetsim.errors import InvalidParameterError, SimulationError
from qnetsim.units import MS, NS, US, S

# One scheduled call: (delay_ps, priority, cancel it?), delays drawn from a small range so that
# ties in time are frequent.
entries = st.lists(
    st.tuples(st.integers(0, 20), st.integers(-2, 2), st.booleans()), min_size=0, max_size=60
)


@settings(max_examples=300, deadline=None)
@given(entries)
def test_fired_order_equals_sorted_reference_model(schedule: list[tuple[int, int, bool]]) -> None:
    sim = Simulator()
    fired: list[tuple[int, int]] = []
    handles = []
    for ident, (delay, priority, _) in enumerate(schedule):
        handles.append(
            sim.schedule(delay, lambda i: fired.append((sim.now, i)), ident, priority=priority)
        )
    for handle, (_, _, cancel) in zip(handles, schedule, strict=True):
        if cancel:
            handle.cancel()
    sim.run()

    model = sorted(
        (delay, priority, ident)
        for ident, (delay, priority, cancel) in enumerate(schedule)
        if not cancel
    )
    assert fired == [(delay, ident) for delay, _, ident in model]
    assert sim.events_processed == len(model)
    assert sim.pending == 0


# Nested schedules: each fired entry may schedule children relative to its own time.
@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10), st.integers(-1, 1), st.lists(st.integers(0, 10), max_size=3)),
        max_size=25,
    )
)
def test_nested_scheduling_matches_model(spec: list[tuple[int, int, list[int]]]) -> None:
    sim = Simulator()
    fired: list[tuple[int, str]] = []

    def child(label: str) -> None:
        fired.append((sim.now, label))

    def parent(i: int, children: list[int]) -> None:
        fired.append((sim.now, f"p{i}"))
        for j, d in enumerate(children):
            sim.schedule(d, child, f"c{i}.{j}")

    for i, (delay, priority, children) in enumerate(spec):
        sim.schedule(delay, parent, i, children, priority=priority)
    sim.run()

    # Reference: an explicit sorted list re-sorted after every insertion.
    queue: list[tuple[int, int, int, str, list[int]]] = []
    seq = 0
    for i, (delay, priority, children) in enumerate(spec):
        queue.append((delay, priority, seq, f"p{i}", children))
        seq += 1
    expected: list[tuple[int, str]] = []
    while queue:
        queue.sort(key=lambda e: (e[0], e[1], e[2]))
        time, _, _, label, children = queue.pop(0)
        expected.append((time, label))
        if label.startswith("p"):
            for j, d in enumerate(children):
                queue.append((time + d, 0, seq, f"c{label[1:]}.{j}", []))
                seq += 1
    assert fired == expected


def test_exact_time_after_a_simulated_month_plus_one_ps() -> None:
    month = 30 * 24 * 3600 * S
    sim = Simulator()
    times: list[int] = []
    sim.schedule(month, lambda: sim.schedule(1, lambda: times.append(sim.now)))
    sim.run()
    assert times == [month + 1] == [2_592_000_000_000_000_001]
    assert isinstance(sim.now, int)
    assert sim.now_s == pytest.approx(2_592_000.0, rel=1e-15)
    # A float clock could not tell these apart: exact integers can.
    assert float(month + 1) == float(month)


def test_many_small_steps_do_not_drift() -> None:
    sim = Simulator()

    def tick(n: int) -> None:
        if n:
            sim.schedule(333, tick, n - 1)  # 333 ps: not representable exactly in float seconds

    sim.schedule(0, tick, 30_000)
    sim.run()
    assert sim.now == 333 * 30_000
    assert sim.events_processed == 30_001


def test_run_until_is_exclusive_and_resumable() -> None:
    sim = Simulator()
    fired: list[int] = []
    for t in (5, 10, 10, 15):
        sim.schedule(t, lambda: fired.append(sim.now))
    sim.run(until=10)
    assert fired == [5]
    assert sim.now == 10
    assert sim.peek() == 10
    sim.run(until=10)  # nothing strictly before 10 is left
    assert fired == [5]
    sim.run()
    assert fired == [5, 10, 10, 15]
    assert sim.now == 15
    sim.run(until=20)  # an empty queue still advances the clock
    assert sim.now == 20
    assert sim.peek() is None


def test_step_fires_one_entry_and_skips_cancelled() -> None:
    sim = Simulator()
    log: list[str] = []
    dropped = sim.schedule(1, log.append, "dropped")
    sim.schedule(2, log.append, "kept")
    dropped.cancel()
    assert dropped.cancelled
    assert sim.step() is True
    assert log == ["kept"]
    assert sim.now == 2
    assert sim.step() is False
    assert sim.events_processed == 1


def test_schedule_at_and_handle() -> None:
    sim = Simulator()
    log: list[tuple[int, str]] = []
    sim.schedule(3 * US, lambda: sim.schedule_at(5 * US, lambda: log.append((sim.now, "at"))))
    sim.run()
    assert log == [(5 * US, "at")]
    handle = sim.schedule(NS, log.append, (0, "x"))
    assert isinstance(handle, ScheduledCall)
    assert handle.time_ps == 5 * US + NS
    assert not handle.cancelled
    assert "ScheduledCall" in repr(handle)


def test_numpy_integer_delays_are_accepted() -> None:
    sim = Simulator()
    sim.schedule(np.int64(7), lambda: None)  # type: ignore[arg-type]
    sim.run()
    assert sim.now == 7
    assert type(sim.now) is int


def test_now_s_is_seconds() -> None:
    sim = Simulator()
    sim.run(until=3 * MS)
    assert sim.now_s == 0.003


@pytest.mark.parametrize("bad", [-1, 1.5, "3", None, True])
def test_bad_delay_names_the_argument(bad: object) -> None:
    sim = Simulator()
    with pytest.raises(InvalidParameterError, match=r"delay_ps = ") as info:
        sim.schedule(bad, print)  # type: ignore[arg-type]
    assert info.value.name == "delay_ps"
    with pytest.raises(InvalidParameterError, match=r"delay_ps = "):
        sim.timeout(bad)  # type: ignore[arg-type]


def test_scheduling_in_the_past_names_time_ps() -> None:
    sim = Simulator()
    sim.run(until=100)
    with pytest.raises(InvalidParameterError, match=r"time_ps = 99 is invalid; valid: .*>= 100"):
        sim.schedule_at(99, print)


def test_run_until_in_the_past_names_until() -> None:
    sim = Simulator()
    sim.run(until=100)
    with pytest.raises(InvalidParameterError, match=r"until = 50 is invalid"):
        sim.run(until=50)


def test_bad_priority_and_seed_name_the_argument() -> None:
    sim = Simulator()
    with pytest.raises(InvalidParameterError, match=r"priority = 0.5"):
        sim.schedule(1, print, priority=0.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match=r"priority = '1'"):
        sim.timeout(1, priority="1")  # type: ignore[arg-type]
    ev = sim.event()
    with pytest.raises(InvalidParameterError, match=r"priority = None"):
        ev.succeed(1, priority=None)  # type: ignore[arg-type]
    assert not ev.triggered  # a rejected trigger leaves the event untouched
    with pytest.raises(InvalidParameterError, match=r"seed = -1"):
        Simulator(seed=-1)


def test_unhandled_failure_is_raised_from_run() -> None:
    sim = Simulator()
    sim.event().fail(KeyError("boom"))
    with pytest.raises(KeyError, match="boom"):
        sim.run()


def test_triggering_twice_is_a_simulation_error() -> None:
    sim = Simulator()
    ev = sim.event().succeed(1)
    with pytest.raises(SimulationError, match="already triggered"):
        ev.succeed(2)
    with pytest.raises(SimulationError, match="already triggered"):
        ev.fail(RuntimeError())
    with pytest.raises(InvalidParameterError, match=r"exception = 'oops'"):
        sim.event().fail("oops")  # type: ignore[arg-type]


def test_value_of_pending_event_is_an_error() -> None:
    ev = Simulator().event()
    with pytest.raises(SimulationError, match="not been triggered"):
        _ = ev.value
    with pytest.raises(SimulationError, match="not been triggered"):
        _ = ev.ok
    assert "pending" in repr(ev)
