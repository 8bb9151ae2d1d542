"""Wall time to deliver pairs on 50 km links (issue 3 benchmark).

Run: ``python benchmarks/bench_link.py``. For a 50 km single-click link (ca_ion_ustc preset)
and a 50 km two-photon link (same hardware, Barrett-Kok), it measures
* delivered pairs per wall second in the event engine, ``sampled`` mode;
* delivered pairs per wall second in the vectorised Monte Carlo (``sample_link``);
* simulated attempts per wall second in ``attempt`` mode (event engine).
It repeats the sampled measurements at 5 km and 150 km to show they do not depend on length.
Targets: >= 2e4 pairs/s (event engine), >= 1e6 pairs/s (vectorised), >= 2e5 attempts/s.
"""

from __future__ import annotations

import time

import numpy as np

from qnetsim.engine import Simulator
from qnetsim.hardware import get_platform
from qnetsim.link.design import Link
from qnetsim.link.montecarlo import sample_link
from qnetsim.link.process import LinkGenerator


def engine_rate(link: Link, mode: str, n: int) -> tuple[float, float]:
    sim = Simulator(seed=1)
    gen = LinkGenerator(sim, link, mode=mode)
    sim.process(gen.run(n))
    start = time.perf_counter()
    sim.run()
    elapsed = time.perf_counter() - start
    return n / elapsed, gen.attempts_simulated / elapsed


def vectorised_rate(link: Link, n: int) -> float:
    rng = np.random.default_rng(1)
    sample_link(link, 1000, rng)  # warm up
    start = time.perf_counter()
    sample_link(link, n, rng)
    return n / (time.perf_counter() - start)


def main() -> None:
    ion = get_platform("ca_ion_ustc")
    rows = []
    for scheme in ("single-click", "two-photon"):
        for length in (5.0, 50.0, 150.0):
            link = Link(ion, length, scheme=scheme)
            des, _ = engine_rate(link, "sampled", 20_000)
            vec = vectorised_rate(link, 1_000_000)
            att = ""
            if length == 50.0:
                n_att = 200 if scheme == "single-click" else 20
                _, att_rate = engine_rate(link, "attempt", n_att)
                att = f"{att_rate:,.0f}"
            rows.append((scheme, length, f"{des:,.0f}", f"{vec:,.0f}", att))
    header = ("scheme", "length_km", "DES sampled pairs/s", "vectorised pairs/s", "DES attempts/s")
    print(" | ".join(header))
    for r in rows:
        print(" | ".join(str(x) for x in r))


if __name__ == "__main__":
    main()
