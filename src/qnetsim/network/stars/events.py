"""A metropolitan star around a photonic server, in the event engine (the Hefei network:
J.-L. Liu et al., Nature 629, 579 (2024), doi:10.1038/s41586-024-07308-0).

End nodes hang on fibre spokes around a central photonic server that holds the heralding
station (beam splitter and detectors) and an optical switch. Any two end nodes are entangled
through the server: the link ``(i, j)`` is an elementary :class:`~qnetsim.link.Link` of length
``L_i + L_j`` whose station sits at the server (``arm_lengths_km = (L_i, L_j)``). With one
station, active links share it by time division: the switch serves them in turn, one attempt
cycle each (round robin). Every link then succeeds at ``p_l`` per own turn, so

    rate_l = p_l / sum_m cycle_m            (all links always active, pairs used at once),

a third of its stand-alone rate ``p_l / cycle_l`` when three equal links run concurrently
(the Hefei observation: about a third). This closed form is what the simulation is tested
against. With ``hold_s > 0`` each delivered pair occupies a memory of both nodes for that
long; a link whose node has no free memory skips its turns (contention for memories).

The simulation is event-driven but does not step through failed attempts: for the active
links it draws, per link, the number of own turns to the next success (geometric), takes the
earliest in round-robin order, and advances the clock by the cycles that elapsed.

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> ens = get_platform("rb_ensemble_ustc")
    >>> r = simulate_star({"A": ens, "B": ens, "C": ens}, {"A": 7.9, "B": 12.5, "C": 10.0},
    ...                   [("A", "B"), ("B", "C"), ("A", "C")], duration_s=20.0, seed=1)
    >>> sorted(r.links) == [("A", "B"), ("A", "C"), ("B", "C")]
    True
"""

from __future__ import annotations

import math
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_int, check_nonnegative, check_positive
from qnetsim.engine import Event, Simulator
from qnetsim.errors import BudgetError, InvalidParameterError
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import Link
from qnetsim.network.topology.specs import memory_capacity
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.units import ps_to_seconds, seconds_to_ps

__all__ = ["StarLinkResult", "StarResult", "server_link", "simulate_star"]

_Z95 = 1.959963984540054


def server_link(a: Platform, b: Platform, arm_a_km: float, arm_b_km: float, **kwargs: Any) -> Link:
    """The elementary link between two end nodes through the server's station."""
    return Link(
        a,
        arm_a_km + arm_b_km,
        node_b=b,
        geometry="midpoint",
        arm_lengths_km=(arm_a_km, arm_b_km),
        **kwargs,
    )


@dataclass(frozen=True)
class StarLinkResult:
    """Per-link outcome of :func:`simulate_star`."""

    link: Link
    pairs: int
    rate_hz: float
    rate_ci_hz: tuple[float, float]
    expected_rate_hz: float
    standalone_rate_hz: float
    fidelities: NDArray[np.float64]

    @property
    def mean_fidelity(self) -> float:
        return float(self.fidelities.mean()) if self.fidelities.size else math.nan


@dataclass(frozen=True)
class StarResult:
    """Results of :func:`simulate_star`, keyed by link (pair of node names)."""

    links: dict[tuple[str, str], StarLinkResult]
    duration_s: float
    skipped_turns: int


def simulate_star(
    platforms: Mapping[str, Platform],
    arms_km: Mapping[str, float],
    links: Sequence[tuple[str, str]],
    duration_s: float,
    seed: int = 0,
    memories: Mapping[str, int] | None = None,
    hold_s: float = 0.0,
    **link_options: Any,
) -> StarResult:
    """Run the active ``links`` of a photonic-server star for ``duration_s`` of simulated time.

    Args:
        platforms: end-node name -> platform.
        arms_km: end-node name -> spoke length to the server (km).
        links: the active node pairs; they share the server's station by round robin.
        duration_s: simulated time, > 0.
        seed: root seed.
        memories: memories per node (default: the platform's ``num_memories``), at most what
            the platform has (:func:`~qnetsim.network.topology.specs.memory_capacity`).
        hold_s: how long a delivered pair occupies its two memories before use, >= 0.
        link_options: passed to every :class:`~qnetsim.link.Link` (e.g. ``alpha``).
    """
    duration = check_positive("duration_s", duration_s)
    hold = check_nonnegative("hold_s", hold_s)
    if not links:
        raise InvalidParameterError("links", list(links), "at least one pair of end nodes")
    for name in platforms:
        if name not in arms_km:
            raise InvalidParameterError(f"arms_km[{name!r}]", None, "a spoke length for every node")
        check_nonnegative(f"arms_km[{name!r}]", arms_km[name])
    built: list[tuple[tuple[str, str], Link]] = []
    for pair in links:
        a, b = pair
        if a == b:
            raise InvalidParameterError("links", pair, "two different end nodes")
        for node in (a, b):
            if node not in platforms:
                raise InvalidParameterError("links", pair, f"nodes among {sorted(platforms)}")
        key = (a, b) if a <= b else (b, a)
        if any(key == k for k, _ in built):
            raise InvalidParameterError("links", pair, "each pair of nodes once")
        link = server_link(
            platforms[key[0]], platforms[key[1]], arms_km[key[0]], arms_km[key[1]], **link_options
        )
        built.append((key, link))
    free = {n: (memories or {}).get(n, p.memory.num_memories) for n, p in platforms.items()}
    for n, count in free.items():
        # a node never uses more memories than its platform has (capabilities)
        check_int(f"memories[{n!r}]", count, 1, memory_capacity(platforms[n]))

    sim = Simulator(seed=seed)
    rng = sim.rng.stream("server")
    cycles = [link.cycle_ps for _, link in built]
    probs = [link.success_probability for _, link in built]
    delivered: dict[tuple[str, str], list[float]] = {k: [] for k, _ in built}
    state = {"skipped": 0}
    end_ps = seconds_to_ps(duration)
    _check_star_budget(duration, hold, cycles, probs)

    def release(a: str, b: str) -> None:
        free[a] += 1
        free[b] += 1

    def server() -> Generator[Event, Any, None]:
        turn = 0  # index of the link whose turn is next
        n = len(built)
        while True:
            ready = [free[k[0]] > 0 and free[k[1]] > 0 for k, _ in built]
            if not any(ready):
                # every link blocked: wait one full round of cycles and look again
                state["skipped"] += n
                yield sim.timeout(sum(cycles))
                continue
            # Turns until each ready link's next success (geometric), in round-robin order.
            best_slot, best = None, -1
            for k in range(n):
                if not ready[k]:
                    continue
                own_turns = int(rng.geometric(probs[k]))
                pos = (k - turn) % n
                slot = (own_turns - 1) * n + pos
                if best_slot is None or slot < best_slot:
                    best_slot, best = slot, k
            assert best_slot is not None
            full_rounds, pos = divmod(best_slot, n)
            order = [(turn + m) % n for m in range(n)]
            elapsed = full_rounds * sum(cycles) + sum(cycles[order[m]] for m in range(pos + 1))
            state["skipped"] += sum(1 for k in range(n) if not ready[k]) * full_rounds
            yield sim.timeout(elapsed)
            if sim.now > end_ps:
                return
            key, link = built[best]
            coeffs = link.delivered_state.bell_diagonal().coefficients
            delivered[key].append(float(bd.fidelity(coeffs)))
            if hold > 0:
                free[key[0]] -= 1
                free[key[1]] -= 1
                sim.schedule(seconds_to_ps(hold), release, key[0], key[1])
            turn = (best + 1) % n

    sim.process(server(), name="photonic-server")
    sim.run(until=end_ps)
    total_cycle_s = ps_to_seconds(sum(cycles))
    results: dict[tuple[str, str], StarLinkResult] = {}
    for (key, link), p in zip(built, probs, strict=True):
        count = len(delivered[key])
        rate = count / duration
        half = _Z95 * math.sqrt(max(count, 1)) / duration
        results[key] = StarLinkResult(
            link=link,
            pairs=count,
            rate_hz=rate,
            rate_ci_hz=(max(0.0, rate - half), rate + half),
            expected_rate_hz=p / total_cycle_s,
            standalone_rate_hz=link.rate_hz,
            fidelities=np.array(delivered[key]),
        )
    return StarResult(results, duration, state["skipped"])


#: Engine events per second of wall time assumed by the star's budget (measured ~1e5/s
#: on one core of a shared machine; noisy) and the wall-time budget of one run (s).
STAR_EVENTS_PER_S = 1e5
STAR_MAX_WALL_S = 600.0


def _check_star_budget(
    duration_s: float, hold_s: float, cycles_ps: list[int], probs: list[float]
) -> None:
    """Refuse a run whose estimated events exceed the budget, before it runs: one event
    per delivery (``duration x sum(p / cycle) / links``, the round-robin server) and, with
    ``hold_s``, one per round of cycles that every link waits while held (a qnetsim estimate
    of work, not a model)."""
    n = len(cycles_ps)
    round_s = sum(cycles_ps) * 1e-12
    deliveries = duration_s * sum(p / (c * 1e-12) for p, c in zip(probs, cycles_ps, strict=True))
    deliveries /= max(n, 1)
    events = deliveries * (1.0 + hold_s / max(round_s, 1e-12)) + duration_s / max(round_s, 1e-12)
    events = min(events, duration_s / max(round_s, 1e-12) * n + deliveries)
    if events / STAR_EVENTS_PER_S > STAR_MAX_WALL_S:
        raise BudgetError(
            f"this star run needs about {events:.2g} engine events (~"
            f"{events / STAR_EVENTS_PER_S:.2g} s of wall time) for {duration_s:g} s of simulated "
            f"time, beyond the budget of {STAR_MAX_WALL_S:g} s; shorten duration_s",
            events / STAR_EVENTS_PER_S,
            STAR_MAX_WALL_S,
        )
