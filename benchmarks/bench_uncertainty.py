"""Issue 13 performance: uncertainty bands and calibration.

1. A 95% band of a 20-point rate-versus-distance curve of one link: the scenario-level
   path (``scenario_bands``, closed forms, every draw re-validated as a scenario) and the
   link-level path (``qnetsim.network.uncertainty.bands`` at each length). The 1,024-draw
   figure is measured on ``--draws`` draws and scaled linearly (the cost is one closed-form
   evaluation per draw and point; nothing else grows with the draws).
2. Calibrating three free inputs to ten points (success probability and fidelity at five
   lengths, synthetic from known inputs): measured directly.

Usage: python benchmarks/bench_uncertainty.py [--draws 64]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import qnetsim.scenario
from qnetsim.hardware import get_platform
from qnetsim.link import Link
from qnetsim.network.uncertainty import bands
from qnetsim.scenario.bands import scenario_bands
from qnetsim.scenario.calibrate import calibrate
from qnetsim.scenario.loader import parse_scenario
from qnetsim.scenario.measured import MeasuredPoint
from qnetsim.scenario.runner import closed_form

# the shipped example: two nv_delft nodes 10 km apart
LINK = (Path(qnetsim.scenario.__file__).parent / "examples" / "nv_link.toml").read_text()
LENGTHS = np.linspace(1.0, 100.0, 20)


def bench_bands(draws: int) -> None:
    scn = parse_scenario(LINK)
    points = [{"links[0].length_km": float(x)} for x in LENGTHS]
    t = time.perf_counter()
    scenario_bands(scn, points, ["rate_hz"], n=draws)
    scenario_s = time.perf_counter() - t
    t = time.perf_counter()
    for x in LENGTHS:
        bands(Link(get_platform("nv_delft"), float(x)), n=draws)
    link_s = time.perf_counter() - t
    evals = draws * len(LENGTHS)
    for name, s in (("scenario level", scenario_s), ("link level", link_s)):
        print(
            f"band, 20-point curve, {draws} draws, {name}: {s:.2f} s "
            f"({1e3 * s / evals:.2f} ms per evaluation; 1,024 draws: ~{s * 1024 / draws:.0f} s)"
        )


def bench_calibration() -> None:
    scn = parse_scenario(LINK)
    truth = {
        **{f"nodes.{n}.emitter.emission_efficiency": 0.0015 for n in "AB"},
        **{f"nodes.{n}.emitter.alpha": 0.1 for n in "AB"},
        **{f"nodes.{n}.detector.dark_count_rate_hz": 50.0 for n in "AB"},
    }
    rng = np.random.default_rng(1)
    points = []
    for x in np.linspace(5.0, 60.0, 5):
        c = closed_form(scn, {**truth, "links[0].length_km": float(x)})
        p, f = c["success_probability"], c["fidelity_closed_form"]
        at = {"links[0].length_km": float(x)}
        points.append(
            MeasuredPoint(
                "success_probability", p * (1 + 0.03 * rng.standard_normal()), 0.03 * p, at
            )
        )
        points.append(MeasuredPoint("fidelity", f + 0.01 * rng.standard_normal(), 0.01, at))
    free = [
        "nodes.A.emitter.emission_efficiency",
        "nodes.A.emitter.alpha",
        "nodes.A.detector.dark_count_rate_hz",
    ]
    t = time.perf_counter()
    cal = calibrate(scn, points, free)
    s = time.perf_counter() - t
    print(
        f"calibration, 3 free inputs to 10 points: {s:.2f} s "
        f"({cal.fit.evaluations} model calls, chi2/dof = {cal.fit.chi2_per_dof:.2f})"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=64)
    args = parser.parse_args()
    bench_bands(args.draws)
    bench_calibration()
