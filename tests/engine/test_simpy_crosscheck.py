"""Cross-check: random process programs give the same event trace in qnetsim and in SimPy."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.engine import Simulator

simpy = pytest.importorskip("simpy")

# A program: per process, a list of steps; a step is a timeout delay (int >= 0) or, as a
# negative number -k, "wait for process k-1 to finish" (only earlier processes, no cycles).
programs = st.lists(st.lists(st.integers(-3, 6), min_size=1, max_size=6), min_size=1, max_size=6)


def trace(program: list[list[int]], env: Any, procs: list[Any]) -> list[tuple[int, int, int]]:
    log: list[tuple[int, int, int]] = []

    def body(i: int, steps: list[int]) -> Generator[Any, Any, int]:
        for j, step in enumerate(steps):
            if step >= 0:
                yield env.timeout(step)
            elif -step - 1 < i:
                yield procs[-step - 1]
            log.append((int(env.now), i, j))
        return i

    for i, steps in enumerate(program):
        procs.append(env.process(body(i, steps)))
    env.run()
    return log


@settings(max_examples=150, deadline=None)
@given(programs)
def test_same_trace_as_simpy(program: list[list[int]]) -> None:
    ours = trace(program, Simulator(), [])
    theirs = trace(program, simpy.Environment(), [])
    assert ours == theirs
