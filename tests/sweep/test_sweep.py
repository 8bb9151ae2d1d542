"""Resumable sweeps: keyed by task hash, parallel-safe, interrupt-safe."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qnetsim.cli import main
from qnetsim.scenario import ScenarioError, parse_scenario
from qnetsim.sweep import grid_points, load_results, run_sweep, task_key
from tests.scenario.test_schema import BASE

SCN = parse_scenario(BASE + "[run]\npairs = 300\nquick_pairs = 100\n", "s.toml")
POINTS = grid_points({"links[0].length_km": [5.0, 10.0, 20.0], "links[0].alpha": [0.1, 0.2]})


def values(points: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [
        (p.key, p.quantities["rate_hz"]["value"], p.quantities["fidelity"]["value"]) for p in points
    ]


def test_parallel_equals_serial_and_rerun_recomputes_nothing(tmp_path: Path) -> None:
    serial = run_sweep(SCN, POINTS, tmp_path / "a.jsonl")
    parallel = run_sweep(SCN, POINTS, tmp_path / "b.jsonl", workers=2)
    assert values(serial) == values(parallel)
    calls: list[int] = []

    def count(tasks: Iterable[Any], total: int) -> Iterable[Any]:
        calls.append(total)
        return tasks

    again = run_sweep(SCN, POINTS, tmp_path / "a.jsonl", progress=count)
    assert calls == [0] and values(again) == values(serial)


def test_interrupted_sweep_resumes(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"

    def stop_after_two(tasks: Iterable[Any], total: int) -> Iterator[Any]:
        for i, t in enumerate(tasks):
            if i == 2:
                raise KeyboardInterrupt
            yield t

    with pytest.raises(KeyboardInterrupt):
        run_sweep(SCN, POINTS, out, progress=stop_after_two)
    assert len(load_results(out)) == 2
    with out.open("a") as fh:
        fh.write('{"key": "torn')  # a line cut by the interrupt
    full = run_sweep(SCN, POINTS, out)
    assert values(full) == values(run_sweep(SCN, POINTS, tmp_path / "fresh.jsonl"))


def test_keys_depend_on_what_determines_the_numbers() -> None:
    p = POINTS[0]
    assert task_key(SCN, p, False) == task_key(SCN, dict(p), False)
    assert task_key(SCN, p, False) != task_key(SCN, p, True)
    assert task_key(SCN, p, False) != task_key(SCN, POINTS[1], False)


def test_bad_point_fails_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"links\[0\].length_km"):
        run_sweep(
            SCN, [{"links[0].length_km": 1.0}, {"links[0].length_km": -1.0}], tmp_path / "x.jsonl"
        )
    assert not (tmp_path / "x.jsonl").exists() or not (tmp_path / "x.jsonl").read_text()


def test_cli_sweep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "s.toml"
    f.write_text(BASE + "[run]\npairs = 200\n")
    out = tmp_path / "s.jsonl"
    argv = [
        "sweep",
        str(f),
        "--axis",
        "links[0].length_km=5,10",
        "--out",
        str(out),
        "--plot",
        str(tmp_path / "s.png"),
    ]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "rate_hz" in text and "2 points" in text
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["overrides"]["links[0].length_km"] for r in rows] == [5, 10]
    assert (tmp_path / "s.png").stat().st_size > 5_000


def test_a_point_at_the_files_value_is_the_run_without_overrides(tmp_path: Path) -> None:
    """``length_km = 10`` in the file: the sweep points 10 and 10.0 are one task (one key,
    run once) with the numbers of ``qnetsim run`` without overrides."""
    from qnetsim.scenario.runner import run_scenario

    calls: list[int] = []

    def count(tasks: Iterable[Any], total: int) -> Iterable[Any]:
        calls.append(total)
        return tasks

    pts = [{"links[0].length_km": 10}, {"links[0].length_km": 10.0}, {"links[0].length_km": 20}]
    res = run_sweep(SCN, pts, tmp_path / "f.jsonl", progress=count)
    assert calls == [2] and res[0].key == res[1].key == task_key(SCN, {}, False)
    alone = run_scenario(SCN).quantities
    assert res[0].quantities["rate_hz"]["value"] == alone["rate_hz"].value
    assert res[0].quantities["fidelity"]["value"] == alone["fidelity"].value
    assert task_key(SCN, {"links[0].length_km": 20}, False) == task_key(
        SCN, {"links[0].length_km": 20.0}, False
    )
    assert len((tmp_path / "f.jsonl").read_text().splitlines()) == 2
    assert res[1].overrides == {"links[0].length_km": 10.0}  # each point as it was asked for
    # another sweep into the same file, at the file's seed: the stored point, its own axis
    (again,) = run_sweep(SCN, [{"run.seed": 1}], tmp_path / "f.jsonl", progress=count)
    assert calls[-1] == 0 and again.overrides == {"run.seed": 1} and again.key == res[0].key


def test_results_file_is_strict_json_even_with_open_intervals(tmp_path: Path) -> None:
    # Two pairs: the rate's interval has no upper bound (inf error): stored as null.
    scn = parse_scenario(BASE + "[run]\npairs = 2\nquick_pairs = 2\n", "s.toml")
    out = tmp_path / "r.jsonl"
    run_sweep(scn, grid_points({"run.seed": [1, 2, 3, 4, 5]}), out)

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    rows = [json.loads(line, parse_constant=refuse) for line in out.read_text().splitlines()]
    assert len(rows) == 5
    assert len(load_results(out)) == 5
