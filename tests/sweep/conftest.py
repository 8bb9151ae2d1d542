"""Shared pieces of the sweep tests: a tiny scenario (a point takes ~0.1 s) and store
comparison that ignores what may differ between runs (timestamps, worker names)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from qnetsim.scenario import parse_scenario
from tests.scenario.test_schema import BASE

TEXT = BASE + "[run]\npairs = 300\nquick_pairs = 100\n"
SCN = parse_scenario(TEXT, "s.toml")

#: The columns that must be equal, byte for byte, whoever ran the sweep.
SAME = "task_key, scenario_hash, overrides, canonical, quick, seed, seed_entropy, "
SAME += "qnetsim_version, status, error, results"


def store_rows(path: str | Path) -> list[tuple[Any, ...]]:
    """The rows of a store that must not depend on how it was run, sorted by task key."""
    with sqlite3.connect(str(path)) as conn:
        return conn.execute(f"SELECT {SAME} FROM tasks ORDER BY task_key").fetchall()
