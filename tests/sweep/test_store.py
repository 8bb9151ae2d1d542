"""The SQLite results store: refuses what is not a store of this sweep with a named error,
repairs rows that do not read back, survives a torn write-ahead log, reads and converts the
JSON-lines files of older versions, exports to pandas / CSV / JSON lines / Parquet."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from qnetsim.scenario import parse_scenario
from qnetsim.sweep import ResultStore, StoreError, grid_points, load_results, run_sweep
from qnetsim.sweep.export import export, to_frame
from qnetsim.sweep.legacy import convert_jsonl, read_jsonl
from qnetsim.sweep.store import SCHEMA_VERSION
from tests.sweep.conftest import SCN, TEXT, store_rows

POINTS = grid_points({"links[0].length_km": [5.0, 10.0, 20.0]})


@pytest.fixture
def done_store(tmp_path: Path) -> Path:
    out = tmp_path / "r.sqlite"
    run_sweep(SCN, POINTS, out)
    return out


def test_rows_hold_everything_that_identifies_a_point(done_store: Path) -> None:
    with ResultStore.open(done_store, None, create=False) as store:
        rows = list(store.rows())
        assert store.counts() == {"pending": 0, "done": 3, "failed": 0}
        assert store.meta["format"] == "qnetsim-sweep-store"
    r = rows[0]
    assert r.status == "done" and r.qnetsim_version and r.scenario_hash
    assert r.overrides == {"links[0].length_km": 5.0} and r.seed == 1
    assert r.started_at and r.finished_at and r.started_at <= r.finished_at
    assert r.results is not None and r.results["rate_hz"]["unit"] == "Hz"
    with sqlite3.connect(done_store) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_scenario_file_and_other_files_are_refused_untouched(tmp_path: Path) -> None:
    toml = tmp_path / "s.toml"
    toml.write_text(TEXT)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE measurements (x REAL)")
    cases = [
        (toml, "looks like TOML"),
        (other, re.escape("not a qnetsim results store (tables: measurements)")),
    ]
    for path, reason in cases:
        before = path.read_bytes()
        with pytest.raises(StoreError, match=reason) as info:
            run_sweep(SCN, POINTS, path)
        assert str(path) in str(info.value) and path.read_bytes() == before


def test_the_store_of_another_scenario_is_refused(done_store: Path) -> None:
    other = parse_scenario(TEXT.replace("length_km = 10", "length_km = 12"), "o.toml")
    with pytest.raises(StoreError, match="results of another sweep"):
        run_sweep(other, POINTS, done_store)


def test_a_damaged_or_newer_store_is_refused(done_store: Path, tmp_path: Path) -> None:
    torn = tmp_path / "torn.sqlite"
    data = done_store.read_bytes()
    torn.write_bytes(data[:100] + b"\x00" * 4096 + data[4196:])  # a torn page write
    with pytest.raises(StoreError, match="damaged"):
        run_sweep(SCN, POINTS, torn)
    with sqlite3.connect(done_store) as conn:
        conn.execute(
            "UPDATE meta SET value = ? WHERE name = 'schema_version'", (str(SCHEMA_VERSION + 1),)
        )
    with pytest.raises(StoreError, match="store format"):
        load_results(done_store)


def test_corrupt_rows_are_repaired_and_run_again(done_store: Path, tmp_path: Path) -> None:
    with sqlite3.connect(done_store) as conn:
        conn.execute('UPDATE tasks SET results = \'{"rate_hz": {"val\' WHERE position = 1')
        conn.execute("UPDATE tasks SET results = '[1, 2]' WHERE position = 2")
    assert len(load_results(done_store)) == 1  # reading alone repairs nothing
    calls: list[int] = []

    def count(tasks: object, total: int) -> object:
        calls.append(total)
        return tasks

    run_sweep(SCN, POINTS, done_store, progress=count)  # type: ignore[arg-type]
    assert calls == [2]
    fresh = tmp_path / "fresh.sqlite"
    run_sweep(SCN, POINTS, fresh)
    assert store_rows(done_store) == store_rows(fresh)


def test_a_torn_write_ahead_log_loses_nothing_committed(tmp_path: Path) -> None:
    out = tmp_path / "w.sqlite"
    store = ResultStore.open(out, "h", scenario_name="x")
    store.add_pending(
        [
            {
                "task_key": "k",
                "overrides": {},
                "canonical": {},
                "quick": False,
                "seed": 1,
                "seed_entropy": [1, 2],
            }
        ]
    )
    store.finish("k", {"status": "done", "results": {"x": {"value": 1.0}}})
    wal = Path(f"{out}-wal")
    assert wal.stat().st_size > 0  # the commit lives in the log until a checkpoint
    with wal.open("ab") as fh:
        fh.write(b"\x37\x7f\x06\x82" + b"torn frame" * 50)  # a frame cut by a kill
    copy = tmp_path / "copy.sqlite"  # as another process finds the files after the kill
    copy.write_bytes(out.read_bytes())
    Path(f"{copy}-wal").write_bytes(wal.read_bytes())
    store.close()
    with ResultStore.open(copy, "h") as again:
        assert [r.results for r in again.rows()] == [{"x": {"value": 1.0}}]


def test_old_json_lines_files_are_read_and_converted_once(tmp_path: Path) -> None:
    out = tmp_path / "r.sqlite"
    res = run_sweep(SCN, POINTS, out)
    old = tmp_path / "old.jsonl"
    lines = [
        json.dumps({"key": p.key, "overrides": p.overrides, "quantities": p.quantities})
        for p in res[:2]
    ]
    lines += ['{"not": "a row"}', "[1, 2]", '{"key": "torn']
    old.write_text("\n".join(lines) + "\n")
    legacy = read_jsonl(old)
    assert len(legacy.rows) == 2 and legacy.skipped == 3
    assert set(load_results(old)) == {p.key for p in res[:2]}
    new = tmp_path / "new.sqlite"
    for _ in range(2):  # converting again copies nothing twice
        with ResultStore.open(new, scenario_hash_of(), scenario_name="t") as store:
            copied, skipped = convert_jsonl(old, SCN, store)
    assert (copied, skipped) == (0, 3)
    assert {k: v.quantities for k, v in load_results(new).items()} == {
        p.key: p.quantities for p in res[:2]
    }
    with pytest.raises(StoreError, match="JSON-lines results file"):
        run_sweep(SCN, POINTS, old)


def scenario_hash_of() -> str:
    from qnetsim.sweep import scenario_hash

    return scenario_hash(SCN)


def test_export_to_frame_csv_and_json_lines(done_store: Path, tmp_path: Path) -> None:
    frame = to_frame(done_store)
    assert list(frame["links[0].length_km"]) == [5.0, 10.0, 20.0]
    assert {"task_key", "status", "rate_hz", "rate_hz_err", "seed", "qnetsim_version"} <= set(
        frame.columns
    )
    assert frame.attrs["units"]["rate_hz"] == "Hz"
    assert export(done_store, tmp_path / "t.csv") == 3
    back = pd.read_csv(tmp_path / "t.csv")
    assert list(back["rate_hz"]) == pytest.approx(list(frame["rate_hz"]), rel=1e-15)
    assert export(done_store, tmp_path / "t.jsonl", status="failed") == 0
    with pytest.raises(ValueError, match="--format"):
        export(done_store, tmp_path / "t.xlsx")
    with pytest.raises(ValueError, match="results store"):
        export(done_store, done_store, "csv")


def test_export_to_parquet_or_a_named_error_without_pyarrow(
    done_store: Path, tmp_path: Path
) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        with pytest.raises(ValueError, match="pip install pyarrow"):
            export(done_store, tmp_path / "t.parquet")
    else:
        assert export(done_store, tmp_path / "t.parquet") == 3
        assert len(pd.read_parquet(tmp_path / "t.parquet")) == 3
