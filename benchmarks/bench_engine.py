"""Throughput of the qnetsim event kernel against a bare heapq loop and SimPy.

Run ``python benchmarks/bench_engine.py [--events N] [--repeat R]``. Both workloads keep
1000 timers pending (so the heap holds ~1000 entries) with pseudo-random integer delays:

* callbacks: each callback reschedules itself (``heappush`` in the bare loop,
  ``sim.schedule`` in qnetsim, a ``Timeout`` plus callback in SimPy, which has no plain calls);
* processes: 1000 generator processes looping on ``yield timeout(delay)``.

The kernels run interleaved (in a shuffled order), R short runs each, timed in CPU seconds.
Reported: the median rate in million events per second, and the median over the repeats of
the time per event relative to the bare heapq loop of the same repeat (paired ratios cancel
most of the noise of a shared machine). Issue 18's target: qnetsim callbacks within 1.3x of
the bare loop. SimPy is optional. Compare two source trees by running the script under each
(``PYTHONPATH=/path/to/other/src python benchmarks/bench_engine.py``).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import random
import statistics
import time
from collections.abc import Callable, Generator
from heapq import heappop, heappush
from typing import Any

from qnetsim.engine import Simulator

N_TIMERS = 1000
DELAYS = [(i * 7919) % 1000 + 1 for i in range(997)]


def bare_callbacks(n_events: int) -> int:
    """The floor: a heapq loop with (time, seq, fn, args) tuples and nothing else."""
    queue: list[tuple[int, int, Callable[..., None], tuple[Any, ...]]] = []
    seq = itertools.count()
    state = {"now": 0, "left": n_events - N_TIMERS, "i": 0}

    def tick() -> None:
        if state["left"] > 0:
            state["left"] -= 1
            i = state["i"] = (state["i"] + 1) % len(DELAYS)
            heappush(queue, (state["now"] + DELAYS[i], next(seq), tick, ()))

    for k in range(N_TIMERS):
        heappush(queue, (DELAYS[k % len(DELAYS)], next(seq), tick, ()))
    fired = 0
    while queue:
        t, _, fn, args = heappop(queue)
        state["now"] = t
        fn(*args)
        fired += 1
    return fired


def qnetsim_callbacks(n_events: int) -> int:
    sim = Simulator(seed=0)
    state = {"left": n_events - N_TIMERS, "i": 0}
    schedule = sim.schedule

    def tick() -> None:
        if state["left"] > 0:
            state["left"] -= 1
            i = state["i"] = (state["i"] + 1) % len(DELAYS)
            schedule(DELAYS[i], tick)

    for k in range(N_TIMERS):
        schedule(DELAYS[k % len(DELAYS)], tick)
    sim.run()
    return sim.events_processed


def simpy_callbacks(n_events: int) -> int:
    import simpy

    env = simpy.Environment()
    state = {"left": n_events - N_TIMERS, "i": 0, "fired": 0}

    def tick(_event: object) -> None:
        state["fired"] += 1
        if state["left"] > 0:
            state["left"] -= 1
            i = state["i"] = (state["i"] + 1) % len(DELAYS)
            env.timeout(DELAYS[i]).callbacks.append(tick)

    for k in range(N_TIMERS):
        env.timeout(DELAYS[k % len(DELAYS)]).callbacks.append(tick)
    env.run()
    return state["fired"]


def _loop(timeout: Callable[[int], Any], k: int, n_steps: int) -> Generator[Any, Any, None]:
    for j in range(n_steps):
        yield timeout(DELAYS[(k + j) % len(DELAYS)])


def qnetsim_processes(n_events: int) -> int:
    sim = Simulator(seed=0)
    steps = n_events // N_TIMERS
    for k in range(N_TIMERS):
        sim.process(_loop(sim.timeout, k, steps))
    sim.run()
    return steps * N_TIMERS


def simpy_processes(n_events: int) -> int:
    import simpy

    env = simpy.Environment()
    steps = n_events // N_TIMERS
    for k in range(N_TIMERS):
        env.process(_loop(env.timeout, k, steps))
    env.run()
    return steps * N_TIMERS


def seconds(fn: Callable[[int], int], n_events: int) -> float:
    """CPU seconds per fired event of one run (garbage collector paused while timing).

    Process time, not wall time: on a shared machine it does not count the time this process
    waits for a core."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        fired = fn(n_events)
        elapsed = time.process_time() - start
    finally:
        gc.enable()
    return elapsed / fired


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=41)
    args = parser.parse_args()
    try:
        import simpy  # noqa: F401

        have_simpy = True
    except ImportError:
        have_simpy = False

    rows: list[tuple[str, str, Callable[[int], int] | None]] = [
        ("callbacks", "bare heapq", bare_callbacks),
        ("callbacks", "simpy", simpy_callbacks if have_simpy else None),
        ("callbacks", "qnetsim", qnetsim_callbacks),
        ("processes", "simpy", simpy_processes if have_simpy else None),
        ("processes", "qnetsim", qnetsim_processes),
    ]
    runnable = [(w, k, fn) for w, k, fn in rows if fn is not None]
    times: dict[tuple[str, str], list[float]] = {(w, k): [] for w, k, _ in runnable}
    ratios: dict[tuple[str, str], list[float]] = {(w, k): [] for w, k, _ in runnable}
    # Many short runs, interleaved in a shuffled order; each run is paired with the bare heapq
    # run of the same repeat, and medians are reported: robust on a shared, noisy machine.
    shuffle = random.Random(18).shuffle
    for _ in range(args.repeat):
        order = runnable[:]
        shuffle(order)
        this: dict[tuple[str, str], float] = {}
        for workload, kernel, fn in order:
            this[workload, kernel] = seconds(fn, args.events)
        bare = this["callbacks", "bare heapq"]
        for key, sec in this.items():
            times[key].append(sec)
            ratios[key].append(sec / bare)
    print(f"{args.events} events, {args.repeat} interleaved repeats, medians")
    print(f"{'workload':<10} {'kernel':<11} {'M events/s':>10} {'time / bare heapq':>18}")
    for workload, kernel, maybe_fn in rows:
        if maybe_fn is None:
            print(f"{workload:<10} {kernel:<11} {'(simpy not installed)':>21}")
            continue
        key = (workload, kernel)
        r = 1 / statistics.median(times[key])
        print(
            f"{workload:<10} {kernel:<11} {r / 1e6:>10.2f} {statistics.median(ratios[key]):>17.2f}x"
        )


if __name__ == "__main__":
    main()
