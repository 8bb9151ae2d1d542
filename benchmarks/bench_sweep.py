"""Sweep engine benchmark: parallel efficiency on a local Dask cluster and per-point overhead.

1. Efficiency: ``--points`` points (200) of ``--seconds`` (0.5 s) each on a local cluster of
   ``--workers`` (2) processes; efficiency = points x seconds / (wall time x workers), given
   with and without the cluster's start-up (a one-off per sweep). ``--work cpu`` spins the
   CPU for the time (what a simulation does; needs that many idle cores), ``--work sleep``
   (default) sleeps, which measures the engine alone on a shared machine.
2. Overhead: points that do nothing, in process and on the cluster: the wall time per point
   is the engine's and the store's own cost (validation, hashing, SQLite transaction, Dask
   scheduling).

Each point goes through the real engine (:func:`qnetsim.sweep.run_sweep`): task keys, the
SQLite store (a transaction per point), Dask submission; only the evaluation is replaced.

    python benchmarks/bench_sweep.py                       # 200 x 0.5 s, 2 workers (~90 s)
    python benchmarks/bench_sweep.py --points 40 --seconds 0.25
"""

from __future__ import annotations

import argparse
import itertools
import os
import sqlite3
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import qnetsim.scenario
from qnetsim import __version__
from qnetsim.scenario import load_scenario
from qnetsim.sweep import grid_points, run_sweep
from qnetsim.sweep import sweep as engine
from qnetsim.sweep.store import utc_now

# the shipped example: two nv_delft nodes 10 km apart
SCENARIO = load_scenario(Path(qnetsim.scenario.__file__).parent / "examples" / "nv_link.toml")


def point(seconds: float, cpu: bool) -> Any:
    def evaluate(scenario: Any, overrides: dict[str, Any], quick: bool) -> dict[str, Any]:
        start = utc_now()
        if cpu:
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                pass
        elif seconds:
            time.sleep(seconds)
        return {
            "status": "done",
            "results": {"x": {"value": 1.0, "err": 0.0, "unit": "", "method": "bench"}},
            "started_at": start,
            "finished_at": utc_now(),
            "duration_s": seconds,
            "worker": str(os.getpid()),
            "version": __version__,
        }

    return evaluate


def idle_between_points(store: Path) -> float:
    """Mean time a worker waits between the end of one point and the start of its next: the
    per-point overhead of the engine, the store and Dask as the workers feel it."""
    with sqlite3.connect(store) as conn:
        rows = conn.execute("SELECT worker, started_at, finished_at FROM tasks").fetchall()
    by: dict[str, list[tuple[float, float]]] = {}
    for w, a, b in rows:
        by.setdefault(w, []).append(
            (datetime.fromisoformat(a).timestamp(), datetime.fromisoformat(b).timestamp())
        )
    gaps = []
    for spans in by.values():
        spans.sort()
        gaps += [nxt[0] - prev[1] for prev, nxt in itertools.pairwise(spans)]
    return sum(gaps) / len(gaps)


def timed_sweep(n: int, seconds: float, workers: int, cpu: bool, d: Path) -> tuple[float, float]:
    """(wall time of the sweep, wall time of the cluster's start-up)."""
    started: list[float] = []
    original = engine.start_local

    def start(w: int) -> Any:
        t = time.perf_counter()
        out = original(w)
        started.append(time.perf_counter() - t)
        return out

    engine.start_local = start
    pts = grid_points({"links[0].length_km": [1.0 + i for i in range(n)]})
    t = time.perf_counter()
    try:
        res = run_sweep(
            SCENARIO,
            pts,
            d / f"{n}-{seconds}-{workers}-{cpu}.sqlite",
            workers=workers,
            evaluate=point(seconds, cpu),
        )
    finally:
        engine.start_local = original
    wall = time.perf_counter() - t
    assert all(p.status == "done" for p in res)
    return wall, sum(started)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--points", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=0.5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--work", choices=("sleep", "cpu"), default="sleep")
    args = ap.parse_args()
    cpu = args.work == "cpu"
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        n0 = 300
        wall, _ = timed_sweep(n0, 0.0, 1, False, d)
        print(f"overhead in process: {1e3 * wall / n0:.1f} ms per point ({n0} empty points)")
        wall, start = timed_sweep(n0, 0.0, args.workers, False, d)
        print(
            f"overhead on a local cluster of {args.workers}: "
            f"{1e3 * (wall - start) / n0:.1f} ms per point of wall time ({n0} empty points; "
            f"start-up {start:.1f} s not counted)"
        )
        wall, start = timed_sweep(args.points, args.seconds, args.workers, cpu, d)
        work = args.points * args.seconds
        print(
            f"{args.points} points x {args.seconds} s ({args.work}) on {args.workers} workers: "
            f"wall {wall:.1f} s (start-up {start:.1f} s); efficiency "
            f"{work / (wall * args.workers):.2f} with start-up, "
            f"{work / ((wall - start) * args.workers):.2f} without"
        )
        idle = idle_between_points(d / f"{args.points}-{args.seconds}-{args.workers}-{cpu}.sqlite")
        print(f"a worker waits {1e3 * idle:.1f} ms between the end of a point and its next")


if __name__ == "__main__":
    main()
