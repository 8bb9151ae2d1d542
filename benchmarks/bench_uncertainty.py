"""Issue 13 performance: uncertainty bands and calibration.

1. A 95% band of a 20-point rate-versus-distance curve of one link over 1,024 draws,
   measured directly: the scenario-level path (``scenario_bands``: each draw built and
   validated as a scenario once, then all draws of a point evaluated at once,
   ``qnetsim.link.batch``) and the link-level path
   (``qnetsim.network.uncertainty.curve_bands``). Baseline in the same run: the draws
   evaluated one by one (the path every draw took before the batched closed form), on
   ``--draws`` draws and scaled linearly to 1,024 (its cost is one closed-form evaluation
   per draw and point).
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
from qnetsim.network.uncertainty import curve_bands
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
    link = Link(get_platform("nv_delft"), 1.0)
    t = time.perf_counter()
    scenario_bands(scn, points, ["rate_hz"], n=1024)
    scenario_s = time.perf_counter() - t
    t = time.perf_counter()
    curve_bands(link, LENGTHS, n=1024)
    link_s = time.perf_counter() - t
    # baseline: every draw evaluated one by one (scenario level, the draws re-validated)
    import qnetsim.scenario.bands as module

    batched = module._batched_values
    module._batched_values = lambda *args, **kwargs: None
    try:
        t = time.perf_counter()
        scenario_bands(scn, points, ["rate_hz"], n=draws)
        one_by_one_s = (time.perf_counter() - t) * 1024 / draws
    finally:
        module._batched_values = batched
    print(f"band, 20-point curve, 1,024 draws, scenario level: {scenario_s:.2f} s")
    print(f"band, 20-point curve, 1,024 draws, link level (curve_bands): {link_s:.2f} s")
    print(
        f"baseline, draws one by one (scenario level, {draws} draws scaled to 1,024): "
        f"~{one_by_one_s:.0f} s; speed-up x{one_by_one_s / scenario_s:.0f} (scenario), "
        f"x{one_by_one_s / link_s:.0f} (link)"
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
