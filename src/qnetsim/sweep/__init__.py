"""Resumable parameter sweeps over a scenario (Stim/sinter style).

Each point of a sweep is a task keyed by a hash of the scenario as written, the overrides and
the run settings; results are appended to a JSON-lines file as they finish, so an
interrupted sweep resumes where it stopped and a finished one costs nothing to re-run.
Points run in parallel processes if asked; every point draws from its own seed
(:func:`qnetsim.scenario.runner.evaluation_seed`), so the numbers do not depend on the
number of workers or on the order.
"""

from qnetsim.sweep.sweep import SweepPoint, grid_points, load_results, run_sweep, task_key

__all__ = ["SweepPoint", "grid_points", "load_results", "run_sweep", "task_key"]
