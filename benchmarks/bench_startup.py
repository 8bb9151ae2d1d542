"""Start-up time of the command line and of ``import qnetsim`` (issue 16), whole processes.

Run ``python benchmarks/bench_startup.py [--runs N]``. Each command runs as a fresh process
(as a user types it), the commands interleaved round by round after one warm-up round (so
a burst of load on a shared machine hits every command alike); the script prints the median,
the minimum and the median minus the bare interpreter's start-up (``python -c pass``, the
floor no package can go under). Issue 16's targets: ``qnetsim --help`` and ``import
qnetsim`` under 0.3 s above the interpreter's own start.

The row "eager subcommands" imports every subcommand module up front, which is what
``qnetsim --help`` did before issue 16 made the subcommands lazy.

For the import profile of one command: ``python -X importtime -m qnetsim --help 2> imports.txt``.

``--peer N`` adds the same link in ReQuSim 0.4 (the peer of ``bench_requsim.py``, in its
side venv, ``REQUSIM_PYTHON``, default ``/tmp/venv-requsim/bin/python``), as whole processes:
``qnetsim link --platform ca_ion_ustc --length-km 50 --pairs N`` (closed form, loss and
time budgets, and N Monte Carlo pairs) against a ReQuSim script that imports ReQuSim and
delivers N pairs of the same link (two stations, one ``SchedulingSource`` whose waiting time
is a geometric number of attempts, success probability and attempt time taken from
qnetsim's closed form of that link). ReQuSim only samples the times (no heralding model, no
budgets), so its side does less work.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

PY = sys.executable
QNETSIM = shutil.which("qnetsim") or "qnetsim"
LINK = ["link", "--platform", "ca_ion_ustc", "--length-km", "50"]
EAGER = (
    "import qnetsim.cli.main, qnetsim.cli.reproduce, qnetsim.cli.run, qnetsim.cli.sweep, "
    "qnetsim.cli.link, qnetsim.cli.plan"
)

COMMANDS: dict[str, list[str]] = {
    "python -c pass (interpreter floor)": [PY, "-c", "pass"],
    "import qnetsim": [PY, "-c", "import qnetsim"],
    "import qnetsim; qnetsim.Link (first use)": [PY, "-c", "import qnetsim; qnetsim.Link"],
    "qnetsim --help": [QNETSIM, "--help"],
    "qnetsim --version": [QNETSIM, "--version"],
    "qnetsim link --help": [QNETSIM, "link", "--help"],
    "qnetsim link --platform ca_ion_ustc --length-km 50": [QNETSIM, *LINK],
    "eager subcommands (qnetsim --help before issue 16)": [PY, "-c", EAGER],
}


REQUSIM_PYTHON = os.environ.get("REQUSIM_PYTHON", "/tmp/venv-requsim/bin/python")
PEER_SCRIPT = """
import sys
import numpy as np
import requsim.libs.matrix as mat
from requsim.quantum_objects import SchedulingSource, Station
from requsim.world import World

p, cycle_s, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)
world = World()
a, b = Station(world, position=0.0), Station(world, position=50.0)
phiplus = mat.phiplus @ mat.H(mat.phiplus)
source = SchedulingSource(
    world, position=25.0, target_stations=(a, b),
    time_distribution=lambda source: float(rng.geometric(p)) * cycle_s,
    state_generation=lambda source: phiplus,
)
for _ in range(n):
    source.schedule_event()
    pair = world.event_queue.resolve_next_event()["output_pair"]
    pair.qubits[0].destroy()
    pair.qubits[1].destroy()
    pair.destroy()
"""


def peer_commands(pairs: int) -> dict[str, list[str]]:
    """The same link, N pairs, in qnetsim and in ReQuSim (whole processes)."""
    if not os.path.exists(REQUSIM_PYTHON):
        raise SystemExit(f"--peer: no ReQuSim interpreter at {REQUSIM_PYTHON} (see --help)")
    from qnetsim import Link, get_platform

    link = Link(get_platform("ca_ion_ustc"), 50.0)
    p, cycle_s = str(link.cycle_success_probability), str(link.cycle_s)
    return {
        f"qnetsim link ... --pairs {pairs}": [QNETSIM, *LINK, "--pairs", str(pairs)],
        f"ReQuSim 0.4, same link, {pairs} pairs": [
            REQUSIM_PYTHON,
            "-c",
            PEER_SCRIPT,
            p,
            cycle_s,
            str(pairs),
        ],
    }


def run_once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="rounds after the warm-up (11)")
    parser.add_argument(
        "--peer", type=int, metavar="PAIRS", help="also the same link in ReQuSim, PAIRS pairs"
    )
    args = parser.parse_args()
    commands = dict(COMMANDS)
    if args.peer:
        commands |= peer_commands(args.peer)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(args.runs + 1):
        for name, cmd in commands.items():
            t = run_once(cmd)
            if round_:  # round 0 warms the file cache and the .pyc files
                times[name].append(t)
    floor = statistics.median(times["python -c pass (interpreter floor)"])
    width = max(map(len, commands))
    print(f"{args.runs} interleaved runs per command (shared machine: medians are the figure)")
    print(f"{'command':<{width}}  {'median s':>9}  {'min s':>7}  {'above floor s':>13}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<{width}}  {median:9.3f}  {min(values):7.3f}  {median - floor:13.3f}")


if __name__ == "__main__":
    main()
