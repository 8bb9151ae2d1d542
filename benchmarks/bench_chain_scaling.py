"""Cost of the event-driven swap-asap chain against its number of nodes.

Run ``python benchmarks/bench_chain_scaling.py [--pairs N] [--repeat R]``. Chains of 3-65
nodes with the links of ``bench_network.py`` (ca_ion_ustc with 1 s memories, two-photon
scheme, 0.2 dB/km, 1000/11 km per link); the CPU time per delivered end-to-end pair (best of
R interleaved runs, process time so that other jobs on a shared machine count less) and the
fitted exponent ``b`` of ``time per pair ~ nodes**b`` (1 = linear). Compare two source trees by
running it under each (``PYTHONPATH=/path/to/other/src python benchmarks/...``).

A cost that is exactly linear but has an offset (``a + c * nodes``: every delivered pair costs
one link generation per link, ``nodes - 1``, and one swap per repeater, ``nodes - 2``) fits a
power of nodes with an exponent above 1 (``nodes - 1.5`` from 3 to 65 nodes fits
``nodes**1.2``). The script therefore also prints the cost per link per pair, the exponent
against links and the exponent between 9 and 65 nodes, where the offset no longer matters.
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
    print("nodes | ms CPU per delivered pair | pairs per CPU second | us CPU per link per pair")
    for n in NODES:
        print(f"{n} | {1e3 * best[n]:.3f} | {1 / best[n]:,.0f} | {1e6 * best[n] / (n - 1):.1f}")
    times = list(best.values())
    b = slope(list(NODES), times)
    b_links = slope([n - 1.0 for n in NODES], times)
    large = [n for n in NODES if n >= 9]
    b_large = slope([float(n) for n in large], [best[n] for n in large])
    print(f"fitted exponent (time per pair ~ nodes**b), 3-65 nodes: b = {b:.3f}")
    print(f"fitted exponent against links (nodes - 1), 3-65 nodes: b = {b_links:.3f}")
    print(f"fitted exponent against nodes, 9-65 nodes: b = {b_large:.3f}")


if __name__ == "__main__":
    main()
