"""Speed of the finite-size key computations of issue 14 (no timing in the tests).

Run ``python benchmarks/bench_key.py [--runs N]``. Prints the median and minimum of:

* ``qnetsim key diqkd ...`` (the issue's example, default method ``renyi``) as a fresh process,
  the whole command including the interpreter's start and the imports (target < 1 s);
* the same key computed in-process (optimisation only), for each DI-QKD method;
* a 50-point key-versus-distance curve of a link (``rb_atom_lu2026``): link statistics plus
  the finite-size key at each distance for one measurement time (target < 10 s);
* the finite-size decoy-state BB84 optimisation (Lim et al. 2014) at one distance.

The machine is shared: read the minimum as the cost, the median as what a user sees under load.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np

from qnetsim.apps.qkd.decoy_finite import decoy_finite_key
from qnetsim.apps.qkd.key import METHODS, diqkd_finite_key
from qnetsim.apps.qkd.key_plot import key_versus_time_and_distance, link_diqkd_statistics
from qnetsim.hardware import get_platform
from qnetsim.link.design import Link

QNETSIM = shutil.which("qnetsim")
CLI = ["key", "diqkd", "--chsh", "2.612", "--qber", "0.038", "--rounds", "1.2e6", "--json"]


def _cli() -> None:
    cmd = [QNETSIM, *CLI] if QNETSIM else [sys.executable, "-m", "qnetsim", *CLI]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def _curve() -> None:
    link = Link(get_platform("rb_atom_lu2026"), 11.0, classical_length_km=0.0)
    d = np.linspace(1.0, 100.0, 50)
    rate, s, q, uses, eta = link_diqkd_statistics(link, d)
    key_versus_time_and_distance(d, rate, s, q, [624.0], channel_uses_per_s=uses, eta=eta)


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per row (5)")
    args = parser.parse_args()
    rows: dict[str, Callable[[], object]] = {"qnetsim key diqkd (fresh process)": _cli}
    for method in METHODS["diqkd"]:
        rows[f"diqkd_finite_key, method {method} (in process)"] = (
            lambda m=method: diqkd_finite_key(2.612, 0.038, 1.2e6, method=m))
    rows["50-point key-versus-distance curve (rb_atom_lu2026)"] = _curve
    rows["decoy_finite_key(50 km, 1e12 pulses)"] = lambda: decoy_finite_key(50.0, 1e12)
    print(f"{'what':58s} {'median s':>9s} {'min s':>9s}")
    for name, fn in rows.items():
        med, low = _time(fn, args.runs)
        print(f"{name:58s} {med:9.3f} {low:9.3f}")


if __name__ == "__main__":
    main()
