"""Resumable sweeps: :func:`run_sweep` over :func:`grid_points`, keyed by :func:`task_key`.

Examples:
    >>> pts = grid_points({"links[0].length_km": [10, 20], "links[0].alpha": [0.05]})
    >>> [p["links[0].length_km"] for p in pts]
    [10, 20]
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qnetsim import __version__
from qnetsim._json import to_json
from qnetsim._validate import check_int
from qnetsim.scenario.loader import Scenario, canonical_overrides, with_overrides
from qnetsim.scenario.runner import run_scenario

__all__ = ["SweepPoint", "grid_points", "load_results", "run_sweep", "task_key"]


@dataclass(frozen=True)
class SweepPoint:
    """One finished point: its key, overrides and quantities (name -> value, err, unit)."""

    key: str
    overrides: dict[str, Any]
    quantities: dict[str, dict[str, Any]]


def grid_points(axes: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the axes' values; the first axis varies slowest."""
    names = list(axes)
    combos = itertools.product(*(list(axes[n]) for n in names))
    return [dict(zip(names, combo, strict=True)) for combo in combos]


def task_key(scenario: Scenario, overrides: Mapping[str, Any], quick: bool) -> str:
    """Hash of everything that determines a point's numbers: the scenario as written, the
    overrides in the canonical form that also seeds the point
    (:func:`~qnetsim.scenario.loader.canonical_overrides`: ``11`` and ``11.0`` are one point,
    and a value equal to the file's is no override), the quick flag and the qnetsim version.

    Raises:
        ScenarioError: an override that does not validate.
    """
    payload = json.dumps(
        {
            "scenario": scenario.raw,
            "overrides": canonical_overrides(scenario, overrides),
            "quick": quick,
            "version": __version__,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


def load_results(path: str | Path) -> dict[str, SweepPoint]:
    """The finished points of a results file, by key (a torn last line is ignored)."""
    p = Path(path)
    out: dict[str, SweepPoint] = {}
    if not p.exists():
        return out
    for line in p.read_text().splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by an interrupt: that point runs again
        out[row["key"]] = SweepPoint(row["key"], row["overrides"], row["quantities"])
    return out


def _evaluate(args: tuple[Scenario, dict[str, Any], bool]) -> dict[str, dict[str, Any]]:
    scenario, overrides, quick = args
    result = run_scenario(scenario, overrides, quick=quick)
    return {
        k: {"value": e.value, "err": e.err, "unit": e.unit} for k, e in result.quantities.items()
    }


def run_sweep(
    scenario: Scenario,
    points: Sequence[Mapping[str, Any]],
    out_path: str | Path,
    *,
    quick: bool = False,
    workers: int = 1,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> list[SweepPoint]:
    """Evaluate ``scenario`` at every point not yet in ``out_path``; return all points in order.

    Points are keyed by :func:`task_key`: two spellings of one point (``10`` and ``10.0``, or
    the file's own value and no override) are one task, run once.

    Every override set is validated before anything runs. Each finished point is appended to
    ``out_path`` at once (JSON lines), so a ``KeyboardInterrupt`` loses at most the points in
    flight.
    """
    n_workers = check_int("workers", workers, 1)
    pts = [dict(p) for p in points]
    for p in pts:
        with_overrides(scenario, p)  # fail early on a bad key path or value
    keys = [task_key(scenario, p, quick) for p in pts]
    done = load_results(out_path)
    todo: list[tuple[str, dict[str, Any]]] = []
    queued: set[str] = set()
    for k, p in zip(keys, pts, strict=True):
        if k not in done and k not in queued:  # 11 and 11.0 are one point: run it once
            queued.add(k)
            todo.append((k, p))
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tasks = [(scenario, p, quick) for _, p in todo]
    with out.open("a", encoding="utf-8") as fh:
        if n_workers == 1 or len(tasks) <= 1:
            results: Iterable[Any] = map(_evaluate, tasks)
            pool = None
        else:
            pool = ProcessPoolExecutor(max_workers=n_workers)
            results = pool.map(_evaluate, tasks)
        try:
            iterable: Iterable[Any] = zip(todo, results, strict=True)
            if progress is not None:
                iterable = progress(iterable, len(todo))
            for (key, p), quantities in iterable:
                row = {"key": key, "overrides": p, "quantities": quantities}
                fh.write(to_json(row, indent=None) + "\n")
                fh.flush()
                done[key] = SweepPoint(key, p, quantities)
        finally:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
    # each point with the overrides asked for (a stored point with the same key may have
    # been spelt differently, or be another sweep's point at the file's values)
    return [
        SweepPoint(k, p, done[k].quantities) for k, p in zip(keys, pts, strict=True) if k in done
    ]
