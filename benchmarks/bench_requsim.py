"""Pairs per second of qnetsim's event-driven chain against ReQuSim, same swap-asap chain.

Run ``python benchmarks/bench_requsim.py [--pairs N] [--requsim-pairs M] [--repeat R]
[--nodes 3 5 9 17]``. Issue 18's target: qnetsim >= 10x ReQuSim per delivered end-to-end
pair at 17 nodes (16 links).

The chain (the same in both simulators): the links of ``bench_network.py`` (ca_ion_ustc, two
communication qubits per node, two-photon scheme, 0.2 dB/km, 1000/11 km per link), i.e. each
elementary link succeeds per attempt with probability ``link.cycle_success_probability`` and an
attempt takes ``link.cycle_s``; every node memory dephases with T2 = 1 s (ReQuSim: a
``z_noise_channel`` with ``(1 - exp(-t / T2)) / 2``; both sides keep the end nodes' memories
noisy-free or noisy as their model does, which does not change the event count); swaps are
deterministic, no cutoff, and each repeater holds one qubit per side (a link restarts as soon
as its qubits are freed, which is qnetsim's ``restart="continuous"``).

* qnetsim: ``simulate_chain(links, n_pairs, seed, restart="continuous")``.
* ReQuSim: the repeater chain of ReQuSim's own benchmark, ``benchmarking/repeater_chain`` in
  github.com/jwallnoefer/requsim (MIT licence), adapted to requsim 0.4: ``SchedulingSource``
  per link with a geometric number of attempts times the attempt time, and its
  ``DefaultManylinkProtocol``, the message-driven swap-asap protocol (one memory per side).
  ReQuSim swaps instantly and its links sample the time to success (as qnetsim's ``sampled``
  mode), so the two simulate the same chain; qnetsim also models heralding and the classical
  messages of each swap, which only adds work on its side.

Each simulator runs in its own interpreter (a subprocess that imports only its simulator and
times only the simulation): this venv's Python for qnetsim, ReQuSim's for ReQuSim. The runs
are interleaved, repeated, and the script prints both rates (pairs per wall second and per CPU
second) and the median of the per-repeat ratios (qnetsim / ReQuSim), the number to quote on a
shared, noisy machine.

ReQuSim is optional and never needed by CI: the script exits with a message when it is
missing. Install it in a side venv (it pins its own numpy/pandas)::

    python3.11 -m venv /tmp/venv-requsim
    /tmp/venv-requsim/bin/pip install requsim==0.4

and point the script at it with ``REQUSIM_PYTHON=/path/to/venv/bin/python`` (default:
``/tmp/venv-requsim/bin/python``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_REQUSIM_PYTHON = "/tmp/venv-requsim/bin/python"
NODES = (3, 5, 9, 17)
T2_S = 1.0  # memory dephasing time of bench_network.chain_links
HERE = Path(__file__).resolve().parent


def link_parameters(n_links: int) -> tuple[float, float]:
    """(success probability per attempt, attempt time in s) of bench_network's links."""
    from bench_network import chain_links

    link = chain_links(n_links, 1000.0 * n_links / 11)[0]
    return float(link.cycle_success_probability), float(link.cycle_s)


# -- workers (each runs in its own interpreter) ---------------------------------------------


def run_qnetsim(n_links: int, n_pairs: int, seed: int) -> dict[str, Any]:
    from bench_network import chain_links

    from qnetsim.network.chains.events import simulate_chain

    links = chain_links(n_links, 1000.0 * n_links / 11)
    simulate_chain(links, 5, seed=seed + 1000, restart="continuous")  # warm up imports/caches
    wall, cpu = time.perf_counter(), time.process_time()
    result = simulate_chain(links, n_pairs, seed=seed, restart="continuous")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"pairs": len(result.fidelities), "wall": wall, "cpu": cpu}


def run_requsim(n_links: int, n_pairs: int, seed: int, p: float, cycle_s: float) -> dict[str, Any]:
    """ReQuSim's benchmarking/repeater_chain with DefaultManylinkProtocol, for requsim 0.4."""
    from collections import defaultdict
    from functools import lru_cache

    import numpy as np
    import requsim.libs.matrix as mat
    from requsim.events import EntanglementSwappingEvent, SourceEvent
    from requsim.noise import NoiseChannel
    from requsim.quantum_objects import SchedulingSource, Station
    from requsim.tools.noise_channels import z_noise_channel
    from requsim.world import World

    if n_links % 2:
        raise SystemExit("ReQuSim's repeater-chain protocol needs an even number of links")
    rng = np.random.default_rng(seed)

    def dephasing(rho: Any, t: float) -> Any:
        return z_noise_channel(rho=rho, epsilon=(1 - np.exp(-t / T2_S)) / 2)

    def time_distribution(source: Any) -> float:
        return float(rng.geometric(p)) * cycle_s

    phiplus = mat.phiplus @ mat.H(mat.phiplus)

    def state_generation(source: Any) -> Any:
        return phiplus

    @lru_cache(maxsize=int(5e4))
    def is_swap_of(event: Any, pair1: Any, pair2: Any) -> bool:
        return (
            isinstance(event, EntanglementSwappingEvent)
            and pair1 in event.pairs
            and pair2 in event.pairs
        )

    @lru_cache(maxsize=int(5e4))
    def is_source_event_between(event: Any, station1: Any, station2: Any) -> bool:
        return (
            isinstance(event, SourceEvent)
            and station1 in event.source.target_stations
            and station2 in event.source.target_stations
        )

    world = World()
    noise = NoiseChannel(n_qubits=1, channel_function=dephasing)
    stations = [
        Station(world, position=i * 1.0, memory_noise=None if i in (0, n_links) else noise)
        for i in range(n_links + 1)
    ]
    sources = [
        SchedulingSource(
            world,
            position=stations[2 * (i // 2) + 1].position,
            target_stations=(stations[i], stations[i + 1]),
            time_distribution=time_distribution,
            state_generation=state_generation,
        )
        for i in range(n_links)
    ]
    host = {source: stations[2 * (i // 2) + 1] for i, source in enumerate(sources)}
    sources_by_station: dict[Any, list[Any]] = defaultdict(list)
    for source in sources:
        for station in source.target_stations:
            sources_by_station[station].append(source)
    scheduled_swaps: dict[Any, list[Any]] = defaultdict(list)
    queue = world.event_queue
    delivered: list[Any] = []

    # DefaultManylinkProtocol (num_memories=1), as in ReQuSim's benchmark.
    def pairs_at_station(station: Any) -> tuple[list[Any], list[Any]]:
        index = stations.index(station)
        left, right = [], []
        for qubit in station.qubits:
            pair = qubit.higher_order_object
            others = list(pair.qubits)
            others.remove(qubit)
            if stations.index(others[0]._info["station"]) < index:
                left.append(pair)
            else:
                right.append(pair)
        return left, right

    def pairs_scheduled(station1: Any, station2: Any) -> list[Any]:
        return [e for e in queue.queue if is_source_event_between(e, station1, station2)]

    def memory_check(station: Any) -> tuple[int, int]:
        index = stations.index(station)
        left, right = pairs_at_station(station)
        return (
            1 - len(left) - len(pairs_scheduled(stations[index - 1], station)),
            1 - len(right) - len(pairs_scheduled(station, stations[index + 1])),
        )

    def check_overflow(station: Any) -> bool:
        overflowed = False
        for pairs in pairs_at_station(station):
            if len(pairs) > 1:
                last = pairs[-1]
                last.qubits[0].destroy()
                last.qubits[1].destroy()
                last.destroy()
                overflowed = True
        return overflowed

    def check_new_source_events(station: Any) -> None:
        for source in sources_by_station[station]:
            host_station = host[source]
            free_left, free_right = memory_check(host_station)
            for _ in range(free_left):
                sources_by_station[host_station][0].schedule_event()
            for _ in range(free_right):
                sources_by_station[host_station][1].schedule_event()

    def check_swapping(station: Any) -> None:
        left, right = pairs_at_station(station)
        n_swaps = min(len(left), len(right))
        if n_swaps:
            scheduled_swaps[station] = [e for e in scheduled_swaps[station] if e in queue.queue]
        for left_pair, right_pair in zip(left[:n_swaps], right[:n_swaps], strict=True):
            if any(is_swap_of(e, left_pair, right_pair) for e in scheduled_swaps[station]):
                continue
            event = EntanglementSwappingEvent(
                time=queue.current_time, pairs=[left_pair, right_pair], station=station
            )
            scheduled_swaps[station].append(event)
            queue.add_event(event)

    def check_long_distance_pair() -> None:
        for pair in [
            p
            for p in world.world_objects.get("Pair", [])
            if p.is_between_stations(stations[0], stations[-1])
        ]:
            delivered.append(pair.state)
            pair.qubits[0].destroy()
            pair.qubits[1].destroy()
            pair.destroy()

    def check(message: dict[str, Any] | None) -> None:
        if message is None:
            for station in stations:
                check_overflow(station)
            for station in stations:
                check_new_source_events(station)
            for station in stations:
                check_swapping(station)
            check_long_distance_pair()
            return
        if not message["resolve_successful"]:
            return
        kind = message["event_type"]
        if kind == "SourceEvent":
            pair = message["output_pair"]
            for station in (pair.qubit1._info["station"], pair.qubit2._info["station"]):
                if check_overflow(station):
                    check_new_source_events(station)
                check_swapping(station)
        elif kind == "DiscardQubitEvent":
            check_new_source_events(message["qubit"]._info["station"])
        elif kind == "EntanglementSwappingEvent":
            check_new_source_events(message["swapping_station"])
            pair = message["output_pair"]
            for station in (pair.qubit1._info["station"], pair.qubit2._info["station"]):
                check_swapping(station)
            check_long_distance_pair()

    wall, cpu = time.perf_counter(), time.process_time()
    message = None
    while True:
        check(message)  # the protocol's check counts delivered pairs
        if len(delivered) >= n_pairs:
            break
        message = queue.resolve_next_event()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"pairs": len(delivered), "wall": wall, "cpu": cpu}


# -- driver ---------------------------------------------------------------------------------


def requsim_python() -> str | None:
    """The interpreter of the side venv with requsim, or None if there is none."""
    python = os.environ.get("REQUSIM_PYTHON", DEFAULT_REQUSIM_PYTHON)
    if not Path(python).exists():
        return None
    probe = subprocess.run([python, "-c", "import requsim"], capture_output=True, check=False)
    return python if probe.returncode == 0 else None


def worker(python: str, args: list[str]) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    out = subprocess.run(
        [python, str(Path(__file__).resolve()), "--worker", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if out.returncode != 0:
        raise RuntimeError(f"worker {args} failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000, help="qnetsim pairs per run")
    parser.add_argument("--requsim-pairs", type=int, default=100, help="ReQuSim pairs per run")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--nodes", type=int, nargs="+", default=list(NODES))
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:  # inside a subprocess: one run, JSON on stdout
        kind, n_links, n_pairs, seed, *rest = args.worker
        if kind == "qnetsim":
            res = run_qnetsim(int(n_links), int(n_pairs), int(seed))
        else:
            res = run_requsim(int(n_links), int(n_pairs), int(seed), *map(float, rest))
        print(json.dumps(res))
        return

    python = requsim_python()
    if python is None:
        print(
            "ReQuSim not available: set REQUSIM_PYTHON to a Python with requsim installed "
            f"(default {DEFAULT_REQUSIM_PYTHON}); see this script's docstring. Skipped."
        )
        return
    nodes = [n for n in args.nodes if n >= 3 and (n - 1) % 2 == 0]
    params = {n: link_parameters(n - 1) for n in nodes}
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    ratios: dict[int, dict[str, list[float]]] = {n: {"wall": [], "cpu": []} for n in nodes}
    for rep in range(args.repeat):
        for n in nodes:
            p, cycle_s = params[n]
            pair: dict[str, dict[str, Any]] = {}
            order = ("qnetsim", "requsim") if rep % 2 == 0 else ("requsim", "qnetsim")
            for kind in order:
                if kind == "qnetsim":
                    res = worker(sys.executable, ["qnetsim", str(n - 1), str(args.pairs), str(rep)])
                else:
                    res = worker(
                        python,
                        [
                            "requsim",
                            str(n - 1),
                            str(args.requsim_pairs),
                            str(rep),
                            str(p),
                            str(cycle_s),
                        ],
                    )
                runs.setdefault((kind, n), []).append(res)
                pair[kind] = res
            for clock in ("wall", "cpu"):
                q = pair["qnetsim"]["pairs"] / pair["qnetsim"][clock]
                r = pair["requsim"]["pairs"] / pair["requsim"][clock]
                ratios[n][clock].append(q / r)

    def median_rate(kind: str, n: int, clock: str) -> float:
        return statistics.median(r["pairs"] / r[clock] for r in runs[kind, n])

    print(
        f"swap-asap chain, bench_network links; {args.pairs} (qnetsim) / {args.requsim_pairs} "
        f"(ReQuSim) pairs per run, {args.repeat} interleaved repeats, medians"
    )
    print(
        "| nodes | qnetsim pairs/s (wall) | qnetsim pairs/CPU s | ReQuSim pairs/s (wall) | "
        "ReQuSim pairs/CPU s | ratio (wall) | ratio (CPU) |"
    )
    print("|---|---|---|---|---|---|---|")
    for n in nodes:
        cells = [median_rate(k, n, c) for k in ("qnetsim", "requsim") for c in ("wall", "cpu")]
        rw, rc = (statistics.median(ratios[n][c]) for c in ("wall", "cpu"))
        print(f"| {n} | " + " | ".join(f"{x:,.0f}" for x in cells) + f" | {rw:.1f}x | {rc:.1f}x |")


if __name__ == "__main__":
    main()
