"""Scenario loading is linear in the file's size (issue 17): the load time of
``examples/scenarios/my_link.toml`` with its curve grown to 100 .. 10,000 distinct values,
and the time per value, which should stay flat (a quadratic loader doubled it with each
doubling of the values). Best of three; the machine's load makes the numbers noisy.

Usage: python benchmarks/bench_loading.py
"""

from __future__ import annotations

import time
from pathlib import Path

from qnetsim.scenario.loader import parse_scenario

BASE = (Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "my_link.toml").read_text()
CURVE = "values = [5, 10, 25, 50, 75, 100, 150]"

if __name__ == "__main__":
    for n in (100, 1000, 10_000):
        values = ", ".join(f"{1.0 + i * 1e-3:.4f}" for i in range(n))
        text = BASE.replace(CURVE, f"values = [{values}]")
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            parse_scenario(text, "bench.toml")
            best = min(best, time.perf_counter() - start)
        per = best / n * 1e3
        print(f"{n:>6} values, {len(text) / 1e3:6.1f} kB: {best:7.3f} s, {per:.3f} ms/value")
