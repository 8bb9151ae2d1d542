"""Parameter sweeps that resume, run on one machine or a Dask cluster, and keep every result.

A sweep is the grid of its axes (:mod:`qnetsim.sweep.axes`: lists, ranges, log spacing,
axes that vary together); each point is a task keyed by a hash of what fixes its numbers
(:mod:`qnetsim.sweep.tasks`), run in this process or on ``dask.distributed`` workers
(:mod:`qnetsim.sweep.sweep`) and written to an SQLite results store as it finishes
(:mod:`qnetsim.sweep.store`), so an interrupted sweep resumes where it stopped and a finished
one costs nothing to re-run. Every point draws from its own seed, so the numbers do not
depend on the number of workers, the cluster or the order. Stores export to pandas, CSV and
Parquet (:mod:`qnetsim.sweep.export`) and plot one panel per quantity
(:mod:`qnetsim.sweep.plot`). How to use it: ``docs/sweep.md``.
"""

from qnetsim.sweep.axes import Axis, grid, grid_points, parse_values
from qnetsim.sweep.store import ResultStore, StoreError
from qnetsim.sweep.sweep import (
    SweepInterrupted,
    SweepPoint,
    evaluate_point,
    load_results,
    run_sweep,
)
from qnetsim.sweep.tasks import Task, make_tasks, scenario_hash, task_key, with_seeds

__all__ = [
    "Axis",
    "ResultStore",
    "StoreError",
    "SweepInterrupted",
    "SweepPoint",
    "Task",
    "evaluate_point",
    "grid",
    "grid_points",
    "load_results",
    "make_tasks",
    "parse_values",
    "run_sweep",
    "scenario_hash",
    "task_key",
    "with_seeds",
]
