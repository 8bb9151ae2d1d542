"""Resumable sweeps: keyed by task hash, identical in process and on a local Dask cluster,
interrupt-safe, failures recorded."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qnetsim.scenario import ScenarioError, parse_scenario
from qnetsim.scenario.runner import run_scenario
from qnetsim.sweep import (
    SweepInterrupted,
    grid_points,
    load_results,
    run_sweep,
    task_key,
    with_seeds,
)
from tests.scenario.test_schema import BASE
from tests.sweep.conftest import SCN, store_rows

POINTS = grid_points({"links[0].length_km": [5.0, 10.0, 20.0], "links[0].alpha": [0.1, 0.2]})


def values(points: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [
        (p.key, p.quantities["rate_hz"]["value"], p.quantities["fidelity"]["value"]) for p in points
    ]


def counting(calls: list[int]) -> Any:
    def count(tasks: Iterable[Any], total: int) -> Iterable[Any]:
        calls.append(total)
        return tasks

    return count


def test_local_cluster_equals_in_process_and_rerun_recomputes_nothing(tmp_path: Path) -> None:
    serial = run_sweep(SCN, POINTS, tmp_path / "a.sqlite")
    parallel = run_sweep(SCN, POINTS, tmp_path / "b.sqlite", workers=2)
    assert values(serial) == values(parallel)
    assert store_rows(tmp_path / "a.sqlite") == store_rows(tmp_path / "b.sqlite")
    calls: list[int] = []
    again = run_sweep(SCN, POINTS, tmp_path / "a.sqlite", progress=counting(calls))
    assert calls == [0] and values(again) == values(serial)


def test_interrupted_sweep_keeps_what_is_done_and_resumes(tmp_path: Path) -> None:
    out = tmp_path / "r.sqlite"

    def stop_after_two(tasks: Iterable[Any], total: int) -> Iterator[Any]:
        for i, t in enumerate(tasks):
            if i == 2:
                raise KeyboardInterrupt
            yield t

    with pytest.raises(SweepInterrupted) as info:
        run_sweep(SCN, POINTS, out, progress=stop_after_two)
    assert (info.value.done, info.value.in_flight, info.value.left) == (2, 1, 3)
    assert "2 points done, 1 in flight" in info.value.summary()
    assert len(load_results(out)) == 2
    calls: list[int] = []
    full = run_sweep(SCN, POINTS, out, progress=counting(calls))
    assert calls == [4]
    fresh = tmp_path / "fresh.sqlite"
    assert values(full) == values(run_sweep(SCN, POINTS, fresh))
    assert store_rows(out) == store_rows(fresh)


def test_keys_depend_on_what_determines_the_numbers() -> None:
    p = POINTS[0]
    assert task_key(SCN, p, False) == task_key(SCN, dict(p), False)
    assert task_key(SCN, p, False) != task_key(SCN, p, True)
    assert task_key(SCN, p, False) != task_key(SCN, POINTS[1], False)


def test_bad_point_fails_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"links\[0\].length_km"):
        run_sweep(
            SCN, [{"links[0].length_km": 1.0}, {"links[0].length_km": -1.0}], tmp_path / "x.sqlite"
        )
    assert not (tmp_path / "x.sqlite").exists()


def test_a_point_at_the_files_value_is_the_run_without_overrides(tmp_path: Path) -> None:
    """``length_km = 10`` in the file: the sweep points 10 and 10.0 are one task (one key,
    run once) with the numbers of ``qnetsim run`` without overrides."""
    calls: list[int] = []
    pts = [{"links[0].length_km": 10}, {"links[0].length_km": 10.0}, {"links[0].length_km": 20}]
    res = run_sweep(SCN, pts, tmp_path / "f.sqlite", progress=counting(calls))
    assert calls == [2] and res[0].key == res[1].key == task_key(SCN, {}, False)
    alone = run_scenario(SCN).quantities
    assert res[0].quantities["rate_hz"]["value"] == alone["rate_hz"].value
    assert res[0].quantities["fidelity"]["value"] == alone["fidelity"].value
    assert len(load_results(tmp_path / "f.sqlite")) == 2
    assert res[1].overrides == {"links[0].length_km": 10.0}  # each point as it was asked for
    # another sweep into the same store, at the file's seed: the stored point, its own axis
    (again,) = run_sweep(SCN, [{"run.seed": 1}], tmp_path / "f.sqlite", progress=counting(calls))
    assert calls[-1] == 0 and again.overrides == {"run.seed": 1} and again.key == res[0].key


def test_results_are_strict_json_even_with_open_intervals(tmp_path: Path) -> None:
    # Two pairs: the rate's interval has no upper bound (inf error): stored as null.
    scn = parse_scenario(BASE + "[run]\npairs = 2\nquick_pairs = 2\n", "s.toml")
    out = tmp_path / "r.sqlite"
    run_sweep(scn, grid_points({"run.seed": [1, 2, 3, 4, 5]}), out)

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    import sqlite3

    with sqlite3.connect(out) as conn:
        texts = [r[0] for r in conn.execute("SELECT results FROM tasks")]
    assert len(texts) == 5 and all(json.loads(t, parse_constant=refuse) for t in texts)


def test_seeds_are_recorded_and_replicates_get_their_own(tmp_path: Path) -> None:
    pts = with_seeds(SCN, grid_points({"links[0].length_km": [5.0, 20.0]}), 3)
    assert len(pts) == 6 and len({p["run.seed"] for p in pts}) == 6
    assert pts == with_seeds(SCN, grid_points({"links[0].length_km": [5.0, 20.0]}), 3)
    res = run_sweep(SCN, pts[:2], tmp_path / "s.sqlite")
    for p in res:  # the recorded entropy is the point's SeedSequence
        assert p.seed_entropy[0] == p.overrides["run.seed"]
        alone = run_scenario(SCN, p.overrides).quantities["rate_hz"].value
        assert p.quantities["rate_hz"]["value"] == alone
    assert np.random.SeedSequence(list(res[0].seed_entropy)).entropy == list(res[0].seed_entropy)
    with pytest.raises(ValueError, match="--seeds"):
        with_seeds(SCN, [{"run.seed": 3}], 2)


def test_failed_points_are_recorded_and_retried_on_request(tmp_path: Path) -> None:
    out = tmp_path / "f.sqlite"
    broken = {"count": 0}

    def flaky(scenario: Any, overrides: dict[str, Any], quick: bool) -> dict[str, Any]:
        from qnetsim.sweep import evaluate_point

        broken["count"] += 1
        if overrides.get("links[0].length_km") == 20.0 and broken["count"] < 10:
            return {"status": "failed", "error": "the model refused", "version": "0.1.0"}
        return evaluate_point(scenario, overrides, quick)

    pts = grid_points({"links[0].length_km": [5.0, 20.0]})
    first = run_sweep(SCN, pts, out, evaluate=flaky)
    assert [p.status for p in first] == ["done", "failed"] and first[1].error
    calls: list[int] = []
    assert run_sweep(SCN, pts, out, progress=counting(calls))[1].status == "failed"
    assert calls == [0]  # failed points stay failed unless asked
    broken["count"] = 10
    retried = run_sweep(SCN, pts, out, retry_failed=True, progress=counting(calls))
    assert calls[-1] == 1 and [p.status for p in retried] == ["done", "done"]


def test_a_worker_of_another_version_fails_its_points(tmp_path: Path) -> None:
    def other_version(scenario: Any, overrides: dict[str, Any], quick: bool) -> dict[str, Any]:
        return {"status": "done", "results": {}, "version": "0.0.1"}

    (p,) = run_sweep(SCN, POINTS[:1], tmp_path / "v.sqlite", evaluate=other_version)
    assert p.status == "failed" and "0.0.1" in str(p.error)


def test_a_point_the_model_rejects_is_failed_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import qnetsim.sweep.sweep as engine

    def rejects(*args: Any, **kwargs: Any) -> Any:
        raise ScenarioError("s.toml", "links[0].length_km", "the model refuses")

    monkeypatch.setattr(engine, "run_scenario", rejects)
    out = engine.evaluate_point(SCN, {}, False)
    assert out["status"] == "failed" and "the model refuses" in out["error"]
    assert out["duration_s"] >= 0 and out["version"]
