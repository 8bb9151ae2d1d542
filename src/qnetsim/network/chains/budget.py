"""The budget of an event-driven chain run: an estimate of its engine events made before it
runs, the refusal of a request beyond the budget, and a watchdog that stops a run that
exceeds it anyway.

A qnetsim estimate of work, not a physics model: each elementary pair costs one engine event
(``"sampled"`` link mode, the waiting time drawn at once) or ``1 / p`` attempt events
(``"attempt"`` mode), plus a few message events; an end-to-end pair needs ``L`` elementary
pairs, ``1 / p_s`` more per nesting level of swaps, ``2 (rounds + 1)`` more per purified
level, and, with a memory cutoff ``tau``, the pairs discarded while the slowest link works:
``1 / q`` with ``q = 1 - exp(-tau / E[T])`` the chance that a link with mean waiting time
``E[T] = cycle / p_cycle`` succeeds within one cutoff (the product over the links for the
nested protocol, whose links must all succeed within the cutoff of one another; the
product of the two largest for swap-asap, whose pairs must meet their neighbours').
The estimate is an order of magnitude; the watchdog bounds a run at
:data:`WATCHDOG_FACTOR` times it.

A link is *hopeless* when it cannot succeed (``p = 0``: a detector efficiency of 0, no
bright-state population) or its mean waiting time exceeds :data:`~qnetsim.units.MAX_TIME_S`
(one pair in more than ~11.6 days of simulated time); the error names the link and its
success probability.

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link import Link
    >>> links = [Link(get_platform("nv_delft"), 10.0)] * 2
    >>> est = estimate_chain_events(links, 100)
    >>> 100 < est.events < 10_000
    True
    >>> check_chain_budget(links * 2, 10**6, cutoff_s=0.01)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    qnetsim.errors.BudgetError: this chain run needs about 1.1e+11 engine events (~7e+05 s of \
wall time), beyond the budget of 600 s; the slowest link is links[0] (success probability ...
    >>> import dataclasses
    >>> nv = get_platform("nv_delft")
    >>> quiet = dataclasses.replace(nv.detector, dark_count_rate_hz=0.0)
    >>> check_chain_budget([Link(nv, 10.0), Link(nv, 500.0, detector=quiet)], 10)
    Traceback (most recent call last):
    ...
    qnetsim.errors.HopelessLinkError: links[1] is hopeless: success probability 7.7e-16 per \
cycle (cycle 0.00251 s), so it makes a pair once every 3.24e+12 s; the limit is one pair per \
1e+06 s. Raise its efficiency (alpha, detector, conversion) or shorten it
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qnetsim.engine import Simulator
from qnetsim.errors import BudgetError, HopelessLinkError
from qnetsim.link.design import Link
from qnetsim.units import MAX_TIME_S, S

__all__ = [
    "EVENTS_PER_S",
    "MAX_WALL_S",
    "WATCHDOG_FACTOR",
    "ChainEstimate",
    "check_chain_budget",
    "estimate_chain_events",
    "install_watchdog",
]

#: Default wall-time budget of one run (s), checked on the estimate before it runs.
MAX_WALL_S = 600.0
#: Engine events per second of wall time assumed by the estimates: a swap-asap chain
#: measured ~1.5e5 events/s, a nested (purifying) chain 6e3-1.6e4 (its events are processes),
#: on one core of a shared 2-core machine (noisy).
EVENTS_PER_S = 1.5e5
#: A run is stopped when it has fired this many times its estimated events (and at least
#: :data:`_MIN_WATCHDOG` events): the estimate is an order of magnitude, the stop a safety net.
WATCHDOG_FACTOR = 20.0
_MIN_WATCHDOG = 1_000_000
_MESSAGE_EVENTS = 4.0  # heralds, swap outcomes and deliveries per elementary pair


@dataclass(frozen=True)
class ChainEstimate:
    """The estimated cost of a chain run.

    Attributes:
        events: engine events.
        wall_s: wall time at :data:`EVENTS_PER_S`.
        slowest: index of the link with the longest mean waiting time.
        success_probability: that link's success probability per attempt cycle.
        wait_s: that link's mean waiting time per elementary pair (s).
    """

    events: float
    wall_s: float
    slowest: int
    success_probability: float
    wait_s: float


def _link_numbers(link: Link) -> tuple[float, float]:
    """(success probability per cycle, mean waiting time in s) of one link."""
    p = link.cycle_success_probability
    return p, (math.inf if p <= 0.0 else link.cycle_s / p)


def estimate_chain_events(
    links: Sequence[Link],
    n_pairs: int,
    *,
    swap_success: float = 1.0,
    cutoff_s: float | None = None,
    mode: str = "sampled",
    purified_levels: int = 0,
    rounds: int = 1,
    nested: bool = False,
    max_time_s: float | None = None,
) -> ChainEstimate:
    """The estimated engine events of delivering ``n_pairs`` end-to-end pairs (see the
    module docstring), at most what the links make in ``max_time_s`` of simulated time when
    it is given; ``inf`` when a link cannot succeed."""
    numbers = [_link_numbers(link) for link in links]
    slowest = max(range(len(links)), key=lambda i: numbers[i][1])
    p_slow, wait_slow = numbers[slowest]
    if p_slow <= 0.0 or math.isinf(wait_slow):
        return ChainEstimate(math.inf, math.inf, slowest, p_slow, wait_slow)
    per_pair = sum((1.0 / p if mode == "attempt" else 1.0) + _MESSAGE_EVENTS for p, _ in numbers)
    depth = max(len(links) - 1, 0).bit_length()  # ceil(log2 L)
    pumping = 2.0 * (rounds + 1)  # pairs per purified pair (success ~ 1/2 at worst)
    log_factor = depth * -math.log(swap_success) + purified_levels * math.log(pumping)
    if cutoff_s is not None:
        waits = [w * (rounds + 1 if purified_levels else 1) for _, w in numbers]
        logs = [-math.log(-math.expm1(-cutoff_s / w)) for w in waits]
        log_factor += sum(logs) if nested else sum(sorted(logs)[-2:])
    log_events = math.log(n_pairs * per_pair) + log_factor
    events = math.exp(min(log_events, 700.0))
    if max_time_s is not None:  # each link makes pairs for at most max_time_s
        horizon = sum(
            (max_time_s / w + 1.0) * ((1.0 / p if mode == "attempt" else 1.0) + _MESSAGE_EVENTS)
            for p, w in numbers
        )
        events = min(events, horizon)
    rate = EVENTS_PER_S / 20.0 if nested else EVENTS_PER_S
    return ChainEstimate(events, events / rate, slowest, p_slow, wait_slow)


def check_chain_budget(
    links: Sequence[Link],
    n_pairs: int,
    *,
    max_wall_s: float | None = None,
    **options: object,
) -> ChainEstimate:
    """:func:`estimate_chain_events`, refusing a hopeless link or a run estimated beyond
    ``max_wall_s`` of wall time (default :data:`MAX_WALL_S`).

    Raises:
        HopelessLinkError: a link that cannot succeed or makes one pair in more than
            :data:`~qnetsim.units.MAX_TIME_S` of simulated time.
        BudgetError: an estimate beyond ``max_wall_s``, with the estimate and how to
            lower it.
    """
    est = estimate_chain_events(links, n_pairs, **options)  # type: ignore[arg-type]
    max_wall_s = MAX_WALL_S if max_wall_s is None else max_wall_s
    i, p = est.slowest, est.success_probability
    cycle = links[i].cycle_s
    if p <= 0.0 or est.wait_s > MAX_TIME_S:
        wait = "never" if p <= 0.0 else f"once every {est.wait_s:.3g} s"
        raise HopelessLinkError(
            i,
            p,
            f"links[{i}] is hopeless: success probability {p:.2g} per cycle (cycle "
            f"{cycle:.3g} s), so it makes a pair {wait}; the limit is one pair per "
            f"{MAX_TIME_S:g} s. Raise its efficiency (alpha, detector, conversion) or "
            "shorten it",
            est.wall_s,
            max_wall_s,
        )
    if est.wall_s > max_wall_s:
        raise BudgetError(
            f"this chain run needs about {est.events:.2g} engine events (~{est.wall_s:.2g} s "
            f"of wall time), beyond the budget of {max_wall_s:g} s; the slowest link is "
            f"links[{i}] (success probability {p:.2g} per cycle, one pair per "
            f"{est.wait_s:.3g} s). Lower the pairs, lengthen the cutoff or improve that link",
            est.wall_s,
            max_wall_s,
        )
    return est


def install_watchdog(
    sim: Simulator, estimate: ChainEstimate, describe: Callable[[], str] | None = None
) -> Callable[[], int]:
    """Stop ``sim`` with :class:`BudgetError` once it has fired more than
    :data:`WATCHDOG_FACTOR` x the estimated events. The check is an event of its own whose
    interval (simulated time) doubles while few events pass, so it costs nothing measurable;
    it stops rescheduling itself when nothing else is queued. Returns a function giving the
    number of checks fired (to subtract from ``sim.events_processed``)."""
    limit = max(WATCHDOG_FACTOR * estimate.events, _MIN_WATCHDOG)
    state = {"period": max(estimate.wait_s * S, 1.0), "last": 0, "fired": 0}

    def check() -> None:
        state["fired"] += 1
        done = sim.events_processed
        if done > limit:
            extra = f"; {describe()}" if describe is not None else ""
            raise BudgetError(
                f"stopped after {done} engine events, {WATCHDOG_FACTOR:g} x the estimate "
                f"{estimate.events:.2g} (slowest link: links[{estimate.slowest}], success "
                f"probability {estimate.success_probability:.2g} per cycle){extra}",
                float(done),
                limit,
            )
        if done - state["last"] < 10_000:
            state["period"] *= 2
        state["last"] = done
        if sim.pending:
            sim.schedule(int(state["period"]), check, priority=10)

    sim.schedule(int(state["period"]), check, priority=10)
    return lambda: int(state["fired"])
