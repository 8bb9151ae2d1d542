"""Wall time of ``qnetsim reproduce`` (issue 6: < 5 min full, < 60 s ``--quick`` on 2 cores).

Run: ``python benchmarks/bench_reproduce.py``. Times the comparison of every shipped
experiment scenario (closed forms, vectorised Monte Carlo, the star in the event engine,
the satellite pass) without the figures, then the figures alone, and a nested event-driven
chain with link-level pumping (``examples/scenarios/nested_purified_chain.toml``).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from qnetsim.experiments.reproduce import reproduce
from qnetsim.report.reproduce_plots import plot_reproduce
from qnetsim.scenario import load_scenario, run_scenario

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    for quick in (True, False):
        start = time.perf_counter()
        run = reproduce(quick=quick)
        dt = time.perf_counter() - start
        label = "--quick" if quick else "full"
        print(
            f"reproduce {label:>7}: {run.total} points, {len(run.records)} comparisons, {dt:.2f} s"
        )
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        plot_reproduce(run.scenarios, run.records, out)
    print(f"figures: {time.perf_counter() - start:.2f} s")
    scn = load_scenario(REPO / "examples" / "scenarios" / "nested_purified_chain.toml")
    start = time.perf_counter()
    res = run_scenario(scn)
    dt = time.perf_counter() - start
    n = scn.doc["run"]["pairs"]
    print(
        f"nested 4-link chain with pumping, event engine: {n} pairs in {dt:.2f} s "
        f"({n / dt:.0f} end-to-end pairs/s; rate {res.quantities['rate_hz'].value:.3g} Hz)"
    )


if __name__ == "__main__":
    main()
