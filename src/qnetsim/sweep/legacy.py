"""Results files of qnetsim before the SQLite store: JSON lines, one ``{"key", "overrides",
"quantities"}`` object per finished point. :func:`read_jsonl` reads them (lines that are not
such a row - a line torn by an interrupt, any other JSON - are counted and skipped, never a
traceback); :func:`convert_jsonl` copies the rows of one scenario into a store, once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qnetsim.errors import QnetsimValueError
from qnetsim.scenario.loader import Scenario
from qnetsim.sweep.store import ResultStore, StoreError, utc_now
from qnetsim.sweep.tasks import make_tasks

__all__ = ["LegacyRows", "convert_jsonl", "is_jsonl_results", "read_jsonl"]


@dataclass(frozen=True)
class LegacyRows:
    """The rows of a JSON-lines results file and the number of lines skipped."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0


def _row(line: str) -> dict[str, Any] | None:
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        return None
    if (
        isinstance(row, dict)
        and isinstance(row.get("key"), str)
        and isinstance(row.get("overrides"), dict)
        and isinstance(row.get("quantities"), dict)
    ):
        return row
    return None


def is_jsonl_results(path: str | Path) -> bool:
    """Whether ``path`` is a JSON-lines results file (its first line is a row)."""
    try:
        with Path(path).open(encoding="utf-8") as fh:
            first = fh.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return _row(first) is not None


def read_jsonl(path: str | Path) -> LegacyRows:
    """The rows of a JSON-lines results file (the last of several rows with one key).

    Raises:
        StoreError: the file cannot be read as UTF-8 text.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(path, f"cannot be read as a JSON-lines results file: {exc}") from None
    rows: dict[str, dict[str, Any]] = {}
    skipped = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        row = _row(line)
        if row is None:
            skipped += 1
        else:
            rows[row["key"]] = row
    return LegacyRows(list(rows.values()), skipped)


def convert_jsonl(source: str | Path, scenario: Scenario, store: ResultStore) -> tuple[int, int]:
    """Copy the rows of ``source`` that are points of ``scenario`` (their key is the task key
    of their overrides, quick or not) into ``store`` as ``done``; returns (copied, skipped).
    Rows of other scenarios or versions, and lines that are not rows, are skipped."""
    legacy = read_jsonl(source)
    copied, skipped = 0, legacy.skipped
    done = store.statuses()
    for row in legacy.rows:
        try:
            tasks = {q: make_tasks(scenario, [row["overrides"]], q)[0] for q in (False, True)}
        except QnetsimValueError:
            skipped += 1
            continue
        match = [(q, t) for q, t in tasks.items() if t.key == row["key"]]
        if not match:
            skipped += 1
            continue
        quick, task = match[0]
        if done.get(task.key) == "done":
            continue
        store.add_pending(
            [
                {
                    "task_key": task.key,
                    "overrides": task.overrides,
                    "canonical": task.canonical,
                    "quick": quick,
                    "seed": task.seed,
                    "seed_entropy": task.seed_entropy,
                }
            ]
        )
        store.finish(
            task.key,
            {
                "status": "done",
                "results": row["quantities"],
                "finished_at": utc_now(),
                "worker": f"converted from {Path(source).name}",
            },
        )
        copied += 1
    return copied, skipped
