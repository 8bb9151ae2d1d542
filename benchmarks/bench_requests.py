"""Many concurrent requests over a large random network (issue target: a 1,000-node random
network with 200 concurrent requests at >= 1e5 events per wall second, memory linear in
nodes).

Run: ``python benchmarks/bench_requests.py`` (``--quick`` for a shorter run, ``--profile`` to
print a cProfile of the 1,000-node run).

Network: ``n`` trapped-ion nodes (preset ``ca_ion_ustc`` with enough ions for one memory per
fibre port, as in the tests: the preset has one ion per trap; 0.2 dB/km fibre) uniform in a square
whose side grows as ``sqrt(n)`` (150 km for 100 nodes, 474 km for 1,000: the node density of
``bench_network.py``), joined when closer than 25 km (metro/regional spans; mean degree ~8,
the largest component holds ~99% of the nodes). Requests: ``n / 5`` pairs of distinct random
nodes of the largest component (200 at 1,000 nodes), rate requests (``rate_hz = 1``, served
for the whole run), fidelity target 0, routed once by :func:`best_path` and served by
swap-asap rounds with whole-path memory reservations (:func:`simulate_requests`).

Reported per size: routing time (:func:`best_path` for every request, on a fresh network),
setup time (:func:`simulate_requests` until its event loop starts: routing again, Links,
chains), simulation time (the event loop), events per wall second of the simulation, and the peak
``tracemalloc`` memory of building the network plus a short run (traced separately: tracing
slows Python down).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import math
import pstats
import time
import tracemalloc
from typing import Any

import networkx as nx
import numpy as np

from qnetsim.engine import Simulator
from qnetsim.hardware import Capabilities, get_platform
from qnetsim.network.requests import scheduler
from qnetsim.network.requests.reservations import Request
from qnetsim.network.requests.scheduler import simulate_requests
from qnetsim.network.topology.builders import random_geometric
from qnetsim.network.topology.network import Network
from qnetsim.network.topology.routing import best_path

RADIUS_KM = 25.0
DENSITY_SIDE_KM = 150.0  # side of the square holding 100 nodes
#: One ion (memory) per fibre port: a repeater holds one pair on each side of its swap.
ION = dataclasses.replace(
    get_platform("ca_ion_ustc"), capabilities=Capabilities(communication_qubits=32)
)


def build(n: int, seed: int = 7) -> tuple[Network, list[Request]]:
    """The network of ``n`` nodes and its ``n // 5`` requests."""
    rng = np.random.default_rng(seed)
    size = DENSITY_SIDE_KM * math.sqrt(n / 100)
    net = random_geometric(n, RADIUS_KM, ION, rng, size_km=size, attenuation_db_per_km=0.2)
    giant = sorted(max(nx.connected_components(net.graph), key=len), key=lambda s: int(s[1:]))
    requests = []
    for k in range(n // 5):
        a, b = rng.choice(len(giant), size=2, replace=False)
        requests.append(Request(giant[int(a)], giant[int(b)], 0.0, rate_hz=1.0, name=f"r{k}"))
    return net, requests


class _TimedSimulator(Simulator):
    """The scheduler's simulator, noting when the event loop starts (its ``run``): before
    that is setup (routing, Links, chains), after it simulation."""

    loop_started: float | None = None

    def run(self, until: int | None = None) -> None:
        if _TimedSimulator.loop_started is None:
            _TimedSimulator.loop_started = time.perf_counter()
        super().run(until)


def timed_run(net: Network, requests: list[Request], duration_s: float) -> tuple[Any, float, float]:
    """``(result, setup s, simulation s)`` of :func:`simulate_requests`."""
    _TimedSimulator.loop_started = None
    scheduler.Simulator = _TimedSimulator  # type: ignore[misc]
    try:
        start = time.perf_counter()
        out = scheduler.simulate_requests(net, requests, duration_s=duration_s, seed=1)
        end = time.perf_counter()
    finally:
        scheduler.Simulator = Simulator  # type: ignore[misc]
    loop = _TimedSimulator.loop_started
    assert loop is not None
    return out, loop - start, end - loop


def run(n: int, duration_s: float, routing: bool = True) -> dict[str, float]:
    routing_s = math.nan
    if routing:
        net, requests = build(n)
        start = time.perf_counter()
        for r in requests:
            best_path(net, r.source, r.destination, r.fidelity_target)
        routing_s = time.perf_counter() - start
    net, requests = build(n)  # fresh caches: setup measured from scratch
    out, setup, sim = timed_run(net, requests, duration_s)
    hops = [len(r.route.hops) for r in out.requests.values()]
    return {
        "routing": routing_s,
        "setup": setup,
        "sim": sim,
        "events": out.events,
        "events_per_s": out.events / sim,
        "pairs": sum(r.pairs for r in out.requests.values()),
        "hops_mean": float(np.mean(hops)),
        "hops_max": max(hops),
    }


def peak_memory(n: int, duration_s: float) -> float:
    """Peak traced memory (MB) of building the network and a short run."""
    gc.collect()
    tracemalloc.start()
    net, requests = build(n)
    simulate_requests(net, requests, duration_s=duration_s, seed=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter simulated time")
    parser.add_argument("--profile", action="store_true", help="cProfile the 1,000-node run")
    parser.add_argument("--sizes", type=int, nargs="*", default=[250, 500, 1000])
    parser.add_argument("--skip-routing", action="store_true", help="no separate routing pass")
    parser.add_argument("--skip-memory", action="store_true", help="no tracemalloc pass")
    args = parser.parse_args()
    duration = 20.0 if args.quick else 100.0
    if args.profile:
        net, requests = build(max(args.sizes))
        prof = cProfile.Profile()
        prof.enable()
        simulate_requests(net, requests, duration_s=duration, seed=1)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return
    print(
        f"nodes | requests | hops (mean/max) | routing (s) | setup (s) | simulation (s) | "
        f"events ({duration:g} s simulated) | events/s (wall) | pairs | peak memory (MB) | "
        f"kB/node"
    )
    print("---|---|---|---|---|---|---|---|---|---|---")
    for n in args.sizes:
        r = run(n, duration, routing=not args.skip_routing)
        mem = math.nan if args.skip_memory else peak_memory(n, 1.0)
        print(
            f"{n:,} | {n // 5} | {r['hops_mean']:.1f}/{r['hops_max']} | {r['routing']:.2f} | "
            f"{r['setup']:.2f} | {r['sim']:.2f} | {r['events']:,} | {r['events_per_s']:,.0f} | "
            f"{r['pairs']} | {mem:.1f} | {1e3 * mem / n:.0f}"
        )


if __name__ == "__main__":
    main()
