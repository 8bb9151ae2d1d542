"""Vectorised Monte Carlo of an elementary link: many delivered pairs in one NumPy call.

Two modes, as in the event engine:

* ``"sampled"``: the number of cycles to each pair is drawn from the geometric distribution
  of :attr:`Link.cycle_success_probability` (cost independent of the loss); each pair carries
  the closed-form heralded state (twirled to Bell-diagonal) after the memory noise of the
  herald wait.
* ``"attempt"``: every attempt is simulated photon by photon
  (:mod:`qnetsim.link.attempts`); each pair carries the state of its own herald event
  (sampled optical phase, event class), so the fidelity has a real distribution whose mean
  is the closed form.

Memory noise uses the Pauli twirl of the T1/T2 channel. It is exact for the fidelity of a
Bell-diagonal pair with pure dephasing (T1 = inf, every preset here); with finite T1 on both
memories the fidelity is low by about gamma_A gamma_B / 4 (gamma = 1 - exp(-t/T1)), and for
the non-Bell-diagonal single-click and DLCZ heralds twirling before the noise is itself an
approximation (see :mod:`qnetsim.quantum.channels`).

Examples:
    >>> import numpy as np
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link.design import Link
    >>> link = Link(get_platform("ca_ion_ustc"), 10.0)
    >>> s = sample_link(link, 10_000, np.random.default_rng(1))
    >>> low, high = s.rate_ci_hz
    >>> bool(low < link.rate_hz < high)
    True
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import RngLike, as_rng, check_int, check_nonnegative
from qnetsim.errors import BudgetError, HopelessLinkError, InvalidParameterError
from qnetsim.link import attempts as at
from qnetsim.link.design import Link
from qnetsim.quantum import bell_diagonal as bd

__all__ = [
    "MAX_ATTEMPTS",
    "MIN_ATTEMPT_PROBABILITY",
    "MIN_CYCLE_PROBABILITY",
    "MODES",
    "LinkSample",
    "attempt_block",
    "check_attempt_probability",
    "check_cycle_probability",
    "check_link_budget",
    "first_heralds_per_cycle",
    "sample_link",
]

#: Smallest per-cycle success probability sampled: below it the geometric waiting time
#: (over 1e15 cycles on average) overflows 64-bit integers.
MIN_CYCLE_PROBABILITY = 1e-15


def check_cycle_probability(p_cycle: float) -> float:
    """Return ``p_cycle`` if a geometric waiting time can be sampled from it, else raise."""
    if not p_cycle >= MIN_CYCLE_PROBABILITY:
        raise InvalidParameterError(
            "success probability per cycle",
            p_cycle,
            f">= {MIN_CYCLE_PROBABILITY:g} (the link would need over 1e15 cycles per pair)",
        )
    return p_cycle


#: Smallest per-attempt success probability simulated photon by photon (``"attempt"`` mode):
#: below it a pair needs over 1e10 simulated attempts on average (minutes to hours of
#: vectorised sampling per pair); use ``"sampled"`` mode, whose cost is independent of loss.
MIN_ATTEMPT_PROBABILITY = 1e-10

#: Attempts simulated without a herald after which ``"attempt"`` mode gives up (a guard; the
#: up-front :func:`check_attempt_probability` makes it practically unreachable per pair).
MAX_ATTEMPTS = 10**11


def check_attempt_probability(p_attempt: float) -> float:
    """Return ``p_attempt`` if attempt-by-attempt simulation can reach a herald, else raise
    (the ``"attempt"`` mode counterpart of :func:`check_cycle_probability`)."""
    if not p_attempt >= MIN_ATTEMPT_PROBABILITY:
        raise InvalidParameterError(
            "success probability per attempt",
            p_attempt,
            f">= {MIN_ATTEMPT_PROBABILITY:g} in attempt mode",
            "over 1e10 simulated attempts per pair on average; use mode='sampled'",
        )
    return p_attempt


#: Attempts simulated photon by photon per second of wall time (single-click, measured
#: ~6e5/s on one core of a shared 2-core machine; noisy) and the wall-time budget of one
#: ``"attempt"``-mode run: ``n_pairs / p_attempt`` attempts beyond
#: ``ATTEMPTS_PER_S x MAX_WALL_S`` are refused before anything runs.
ATTEMPTS_PER_S = 5e5
MAX_WALL_S = 600.0
#: Memory per sampled pair (bytes): waiting cycles, three Bell-diagonal arrays, wall times
#: and the temporaries of their computation.
BYTES_PER_PAIR = 200


def _available_bytes() -> float:
    """Physical memory available now (Linux ``sysconf``), or 4 GB where it is unknown."""
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 4e9


def check_link_budget(link: Link, n_pairs: int, mode: str) -> None:
    """Refuse a request beyond the machine before it runs: the memory of ``n_pairs``
    sampled pairs beyond half the available memory, or (``"attempt"`` mode) more attempts
    than :data:`MAX_WALL_S` of wall time allows.

    Raises:
        BudgetError: naming the estimate and how to lower it.
    """
    need = n_pairs * BYTES_PER_PAIR
    have = _available_bytes() / 2
    if need > have:
        raise BudgetError(
            f"{n_pairs} pairs need about {need / 1e9:.2g} GB of memory, over half the "
            f"{2 * have / 1e9:.2g} GB available; lower the pairs "
            f"(at most {int(have // BYTES_PER_PAIR)})",
            need,
            have,
        )
    if mode == "attempt":
        p = link.success_probability
        attempts = math.inf if p <= 0 else n_pairs * link.num_modes / link.cycle_success_probability
        budget = ATTEMPTS_PER_S * MAX_WALL_S
        if attempts > budget:
            raise HopelessLinkError(
                "link",
                p,
                f"attempt mode: {n_pairs} pairs at success probability {p:.2g} per attempt "
                f"need about {attempts:.2g} simulated attempts (~{attempts / ATTEMPTS_PER_S:.2g}"
                f" s of wall time), beyond the budget of {budget:.2g} ({MAX_WALL_S:g} s); "
                "lower the pairs or use mode = 'sampled', whose cost does not depend on the "
                "loss",
                attempts,
                budget,
            )


MODES = ("sampled", "attempt")
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class LinkSample:
    """Delivered pairs of a link simulation.

    Attributes:
        cycles: ``(n,)`` attempt cycles spent on each pair (>= 1).
        cycle_s: duration of one cycle.
        coefficients_at_herald: ``(n, 4)`` Bell-diagonal states when both nodes know the
            herald (after the memories' herald wait).
        coefficients_delivered: ``(n, 4)`` states after the herald wait and delivery delay.
        mode: ``"sampled"`` or ``"attempt"``.
        coefficients_at_station: ``(n, 4)`` states as the station heralds them, before any
            memory wait (``None`` only for samples built by hand).
        wall_time_s: ``(n,)`` wall time spent on each pair: its cycles (stretched by the duty
            cycle) plus the periodic overhead blocks that fell in them (``None``: the cycles
            alone, for samples built by hand).
    """

    cycles: NDArray[np.int64]
    cycle_s: float
    coefficients_at_herald: NDArray[np.float64]
    coefficients_delivered: NDArray[np.float64]
    mode: str
    coefficients_at_station: NDArray[np.float64] | None = None
    wall_time_s: NDArray[np.float64] | None = None

    @property
    def n_pairs(self) -> int:
        return int(self.cycles.size)

    @property
    def waiting_times_s(self) -> NDArray[np.float64]:
        """Wall time spent on each pair (s)."""
        if self.wall_time_s is not None:
            return self.wall_time_s
        return (self.cycles * self.cycle_s).astype(np.float64)

    @property
    def delivery_times_s(self) -> NDArray[np.float64]:
        """Cumulative time at which each pair is heralded (a link running back to back)."""
        return np.cumsum(self.waiting_times_s)

    @property
    def rate_hz(self) -> float:
        """Pairs per second: ``n / total time``."""
        return self.n_pairs / float(self.waiting_times_s.sum())

    @property
    def rate_ci_hz(self) -> tuple[float, float]:
        """95% confidence interval of the rate (normal approximation on the mean waiting
        time, a sum of n nearly i.i.d. waiting times)."""
        waits = self.waiting_times_s
        mean = float(waits.mean())
        se = float(waits.std(ddof=1)) / math.sqrt(self.n_pairs) if self.n_pairs > 1 else mean
        low_t, high_t = mean + _Z95 * se, mean - _Z95 * se
        # the interval of the mean waiting time reaches zero (few pairs): no upper bound
        return (1.0 / low_t, 1.0 / high_t if high_t > 0 else math.inf)

    @property
    def fidelity_at_herald(self) -> NDArray[np.float64]:
        """Fidelity when both nodes know the herald (after the memories' herald wait);
        :attr:`fidelity_at_station` is before that wait (the ``F herald`` of the reports)."""
        return self.coefficients_at_herald[:, 0]

    @property
    def fidelity_at_station(self) -> NDArray[np.float64]:
        """Fidelity of each pair as heralded, before any memory wait."""
        if self.coefficients_at_station is None:
            raise InvalidParameterError(
                "coefficients_at_station", None, "the heralded states (set by sample_link)"
            )
        return self.coefficients_at_station[:, 0]

    @property
    def fidelity_delivered(self) -> NDArray[np.float64]:
        return self.coefficients_delivered[:, 0]

    def mean_fidelity(self, delivered: bool = True) -> tuple[float, float]:
        """Mean fidelity to ``Phi+`` and its standard error."""
        f = self.fidelity_delivered if delivered else self.fidelity_at_herald
        se = float(f.std(ddof=1)) / math.sqrt(f.size) if f.size > 1 else 0.0
        return float(f.mean()), se


def attempt_block(link: Link, n_attempts: int, rng: RngLike) -> at.AttemptBlock:
    """Simulate ``n_attempts`` attempts of ``link`` photon by photon, including each node's
    emission errors (:meth:`Link.emission_pauli <qnetsim.link.design.Link.emission_pauli>`)."""
    rng = as_rng(rng)
    block = _scheme_block(link, n_attempts, rng)
    coeffs = block.coefficients
    for node in ("A", "B"):
        p = link.emission_pauli(node)
        if p[0] < 1.0 and coeffs.size:
            coeffs = bd.pauli_channel(coeffs, p)
    if coeffs is block.coefficients:
        return block
    return at.AttemptBlock(block.attempts, block.herald_index, coeffs, block.event_class)


def _scheme_block(link: Link, n_attempts: int, rng: np.random.Generator) -> at.AttemptBlock:
    ea, eb = link.arm_efficiencies
    d = link.noise_click_probability
    vis = link.hom_visibility
    lam = link.attempt_phase_coherence
    sigma = math.sqrt(-2 * math.log(lam)) if lam > 0 else math.inf
    if link.scheme == "single-click":
        alpha_a, alpha_b = link.alphas
        return at.simulate_single_click(
            n_attempts,
            alpha_a,
            ea,
            rng,
            d,
            vis,
            sigma,
            alpha_b=alpha_b,
            eta_b=eb,
            **link.single_click_errors,
        )
    if link.scheme == "two-photon":
        return at.simulate_two_photon(n_attempts, ea, eb, rng, d, vis, **link.two_photon_sources)
    if link.scheme == "dlcz":
        pa, pb = link.excitation_probabilities
        return at.simulate_dlcz(
            n_attempts, pa, ea, rng, d, vis, sigma, excitation_probability_b=pb, eta_b=eb
        )
    fa, fb = link.gate_fidelities
    return at.simulate_reflection(n_attempts, link.reflection_transmission, rng, fa, fb, d)


def _storage_probabilities(
    link: Link, extra_s: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    wait_a, wait_b = link.herald_wait_s
    return link.storage_twirl("A", wait_a + extra_s), link.storage_twirl("B", wait_b + extra_s)


def sample_link(
    link: Link,
    n_pairs: int,
    rng: RngLike,
    mode: str = "sampled",
    delivery_delay_s: float = 0.0,
    block_attempts: int = 1 << 18,
) -> LinkSample:
    """Deliver ``n_pairs`` pairs over ``link``.

    Args:
        link: the elementary link.
        n_pairs: number of pairs, >= 1.
        rng: the random generator (one stream of the run's seed tree).
        mode: ``"sampled"`` (geometric waiting times) or ``"attempt"`` (photon by photon).
        delivery_delay_s: extra storage after the herald before the pair is used, >= 0.
        block_attempts: attempts simulated per vectorised block in ``"attempt"`` mode
            (rounded down to whole cycles of ``link.num_modes`` attempts, at least one cycle).

    Raises:
        InvalidParameterError: the link is hopelessly lossy: a success probability per
            cycle below :data:`MIN_CYCLE_PROBABILITY` (``"sampled"``), or per attempt below
            :data:`MIN_ATTEMPT_PROBABILITY` (``"attempt"``).
    """
    rng = as_rng(rng)
    n = check_int("n_pairs", n_pairs, 1)
    extra = check_nonnegative("delivery_delay_s", delivery_delay_s)
    if mode not in MODES:
        raise InvalidParameterError("mode", mode, ", ".join(MODES))
    if mode == "attempt":
        check_attempt_probability(link.success_probability)
    check_link_budget(link, n, mode)
    if mode == "sampled":
        p_cycle = check_cycle_probability(link.cycle_success_probability)
        cycles = rng.geometric(p_cycle, size=n).astype(np.int64)
        herald = np.broadcast_to(link.attempt.bell_diagonal().coefficients, (n, 4)).copy()
    else:
        cycles, herald = _attempt_pairs(
            link, n, rng, check_int("block_attempts", block_attempts, 1)
        )
    # Memory noise during the herald wait (and delivery delay) on both nodes.
    pa, pb = _storage_probabilities(link, 0.0)
    at_herald = bd.pauli_channel(bd.pauli_channel(herald, pa), pb)
    if extra > 0:
        qa, qb = _storage_probabilities(link, extra)
        delivered = bd.pauli_channel(bd.pauli_channel(herald, qa), qb)
    else:
        delivered = at_herald
    wall = np.diff(link.wall_time_s(np.cumsum(cycles)), prepend=0.0)
    return LinkSample(cycles, link.cycle_s, at_herald, delivered, mode, herald, wall)


def first_heralds_per_cycle(
    n: int,
    modes: int,
    block: int,
    p_attempt: float,
    draw: Callable[[int], tuple[NDArray[np.int64], tuple[NDArray[Any], ...]]],
) -> tuple[NDArray[np.int64], list[NDArray[Any]]]:
    """Attempt blocks until ``n`` cycles have heralded: the cycles each pair took and, per
    pair, the data of the first heralded mode of its cycle.

    ``draw(block)`` simulates ``block`` attempts (``modes`` per cycle) and returns the
    indices of the heralding attempts with one array of data per herald. Blocks hold whole
    cycles: a cycle split across two blocks could otherwise herald in both halves and be
    counted twice.

    Raises:
        InvalidParameterError: no ``n`` heralds within :data:`MAX_ATTEMPTS` attempts.
    """
    block = max(block - block % modes, modes)
    herald_cycles: list[NDArray[np.int64]] = []
    data: list[list[NDArray[Any]]] = []
    found, offset = 0, 0
    while found < n:
        index, values = draw(block)
        if index.size:
            # one pair per cycle at most (the first heralded mode is used)
            cycle_idx, first = np.unique((index + offset) // modes, return_index=True)
            herald_cycles.append(cycle_idx)
            if not data:
                data = [[] for _ in values]
            for store, value in zip(data, values, strict=True):
                store.append(value[first])
            found += cycle_idx.size
        offset += block
        if offset > MAX_ATTEMPTS:
            raise InvalidParameterError(
                "success probability",
                p_attempt,
                f"large enough to herald within {MAX_ATTEMPTS:.0e} attempts",
            )
    cycle_of_pair = np.concatenate(herald_cycles)[:n]
    # cycles spent on each pair: from the cycle after the previous herald up to this one
    cycles = np.diff(np.concatenate([[-1], cycle_of_pair])).astype(np.int64)
    return cycles, [np.concatenate(store)[:n] for store in data]


def _attempt_pairs(
    link: Link, n: int, rng: np.random.Generator, block: int
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    p = check_attempt_probability(link.success_probability)

    def draw(size: int) -> tuple[NDArray[np.int64], tuple[NDArray[Any], ...]]:
        result = attempt_block(link, size, rng)
        return np.asarray(result.herald_index, dtype=np.int64), (result.coefficients,)

    cycles, (coeffs,) = first_heralds_per_cycle(n, link.num_modes, block, p, draw)
    return cycles, coeffs
