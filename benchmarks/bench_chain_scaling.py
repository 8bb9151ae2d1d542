"""Cost of the event-driven swap-asap chain against its number of nodes.

Run ``python benchmarks/bench_chain_scaling.py [--pairs N] [--repeat R]``. Chains of 3-65
nodes with the links of ``bench_network.py`` (ca_ion_ustc with 1 s memories, two-photon
scheme, 0.2 dB/km, 1000/11 km per link); the CPU time per delivered end-to-end pair (best of
R interleaved runs, process time so that other jobs on a shared machine count less) and the
fitted exponent ``b`` of ``time per pair ~ nodes**b`` (1 = linear). Compare two source trees by
running it under each (``PYTHONPATH=/path/to/other/src python benchmarks/...``).
"""

from __future__ import annotations

import argparse
import gc
import math
import time

from bench_network import chain_links

from qnetsim.network.chains.events import simulate_chain

NODES = (3, 5, 9, 17, 33, 65)


def seconds_per_pair(n_nodes: int, n_pairs: int) -> float:
    links = chain_links(n_nodes - 1, 1000.0 * (n_nodes - 1) / 11)
    gc.collect()
    start = time.process_time()
    simulate_chain(links, n_pairs, seed=1)
    return (time.process_time() - start) / n_pairs


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum(
        (a - mx) ** 2 for a in lx
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best = {n: math.inf for n in NODES}
    for _ in range(args.repeat):
        for n in NODES:
            best[n] = min(best[n], seconds_per_pair(n, args.pairs))
    print("nodes | ms CPU per delivered pair | pairs per CPU second")
    for n in NODES:
        print(f"{n} | {1e3 * best[n]:.3f} | {1 / best[n]:,.0f}")
    b = slope(list(NODES), list(best.values()))
    print(f"fitted exponent (time per pair ~ nodes**b): b = {b:.3f}")


if __name__ == "__main__":
    main()
