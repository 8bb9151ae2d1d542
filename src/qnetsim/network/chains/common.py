"""Private helpers shared by the event-driven chains (:mod:`~qnetsim.network.chains.events` and
:mod:`~qnetsim.network.chains.nested_events`): the purification policy and one purification step.

Purification (physics.md section 5): DEJMPS (Deutsch et al., PRL 77, 2818 (1996),
doi:10.1103/PhysRevLett.77.2818) on the full Bell-diagonal state, or BBPSSW (Bennett et al.,
PRL 76, 722 (1996)) on the twirled (Werner) inputs, applied as entanglement pumping: the stored
pair is purified with a fresh pair of the same segment, ``rounds`` times (Dur, Briegel, Cirac,
Zoller, PRA 59, 169 (1999), doi:10.1103/PhysRevA.59.169). The operations are ideal (the
Bell-diagonal maps model no gate or readout noise).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_int, check_nonnegative, check_probability
from qnetsim.engine import Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.memory import Memory
from qnetsim.link.design import Link
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.purification import bbpssw, dejmps
from qnetsim.units import seconds_to_ps

__all__ = [
    "PURIFICATION_PROTOCOLS",
    "PurificationPolicy",
    "check_chain_arguments",
    "node_memory",
    "node_positions_ps",
    "purify_pair",
    "run_until_delivered",
    "swap_noise",
]


def check_chain_arguments(
    links: Sequence[Link],
    n_pairs: int,
    swap_success: float,
    gate_depolarising: float | None,
    readout_error: float | None,
    cutoff_s: float | None,
) -> tuple[int, float, int | None]:
    """Validate the arguments shared by the event-driven chains; return ``n_pairs``,
    ``p_s`` and the cutoff in integer picoseconds (``None`` for none).

    Raises:
        InvalidParameterError: naming the argument (no links, ``p_s = 0``, a probability out
            of range, a cutoff shorter than the longest herald latency).
    """
    if len(links) == 0:
        raise InvalidParameterError("links", [], "at least one Link")
    n = check_int("n_pairs", n_pairs, 1)
    p_s = check_probability("swap_success", swap_success)
    if p_s == 0.0:
        raise InvalidParameterError("swap_success", swap_success, "(0, 1]")
    if gate_depolarising is not None:
        check_probability("gate_depolarising", gate_depolarising)
    if readout_error is not None:
        check_probability("readout_error", readout_error)
    if cutoff_s is None:
        return n, p_s, None
    cutoff_ps = seconds_to_ps(check_nonnegative("cutoff_s", cutoff_s), "cutoff_s")
    longest_wait = max(max(link.herald_wait_s) for link in links)
    if cutoff_s < longest_wait:
        raise InvalidParameterError(
            "cutoff_s",
            cutoff_s,
            f">= the longest herald latency {longest_wait:.3g} s (else no pair survives)",
        )
    return n, p_s, cutoff_ps


PURIFICATION_PROTOCOLS = ("dejmps", "bbpssw")


@dataclass(frozen=True)
class PurificationPolicy:
    """Where and how pairs are purified in an event-driven chain.

    Attributes:
        protocol: ``"dejmps"`` (Bell-diagonal map) or ``"bbpssw"`` (Werner twirl first).
        levels: nesting levels at which pairs are purified: 0 = elementary links, ``k`` =
            segments spanning ``2**k`` links. Any order; stored sorted, without duplicates.
        rounds: pumping rounds at each level (``1``: two pairs -> one; ``r``: ``r + 1``
            pairs of the segment, the stored one purified with a fresh one each round).

    Examples:
        >>> PurificationPolicy(levels=(1, 0)).levels
        (0, 1)
        >>> PurificationPolicy(rounds=0)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: rounds = 0 is invalid; valid: an integer in [1, 64]
    """

    protocol: str = "dejmps"
    levels: tuple[int, ...] = (0,)
    rounds: int = 1

    def __post_init__(self) -> None:
        if self.protocol not in PURIFICATION_PROTOCOLS:
            raise InvalidParameterError(
                "protocol", self.protocol, " or ".join(repr(p) for p in PURIFICATION_PROTOCOLS)
            )
        try:
            levels = tuple(self.levels)
        except TypeError as exc:
            raise InvalidParameterError("levels", self.levels, "a tuple of ints >= 0") from exc
        for level in levels:
            check_int("levels (entry)", level, 0, 62)
        object.__setattr__(self, "levels", tuple(sorted({int(v) for v in levels})))
        object.__setattr__(self, "rounds", check_int("rounds", self.rounds, 1, 64))

    def check_levels(self, num_links: int) -> None:
        """Raise unless every level fits a nested chain of ``num_links = 2**n`` links."""
        top = num_links.bit_length() - 1
        if self.levels and self.levels[-1] > top:
            raise InvalidParameterError(
                "purification.levels",
                self.levels,
                f"levels in 0..{top} (log2 of {num_links} links)",
            )


def purify_pair(
    protocol: str, first: NDArray[np.float64], second: NDArray[np.float64]
) -> tuple[NDArray[np.float64], float]:
    """One purification of two Bell-diagonal pairs: ``(state on success, success prob)``.

    Examples:
        >>> out, p = purify_pair("bbpssw", bd.werner(0.8), bd.werner(0.8))
        >>> round(float(out[0]), 4), round(p, 4)
        (0.8382, 0.7689)
    """
    if protocol == "bbpssw":
        f, p = bbpssw(float(first[0]), float(second[0]))
        return bd.werner(float(f)), float(p)
    out, p = dejmps(first, second)
    return np.asarray(out, dtype=np.float64), float(p)


def run_until_delivered(
    sim: Simulator,
    delivered: Sequence[object],
    n: int,
    max_time_s: float | None,
    on_progress: Callable[[int], None] | None,
) -> None:
    """Step ``sim`` until ``delivered`` (a list the chain appends to) holds ``n`` pairs, the
    events run out, or the next event lies beyond ``max_time_s``; report growth of
    ``delivered`` to ``on_progress``."""
    limit = (
        None if max_time_s is None else seconds_to_ps(check_nonnegative("max_time_s", max_time_s))
    )
    reported = 0
    while len(delivered) < n:
        nxt = sim.peek()
        if nxt is None or (limit is not None and nxt > limit):
            break
        sim.step()
        if on_progress is not None and len(delivered) > reported:
            reported = min(len(delivered), n)
            on_progress(reported)


def node_memory(links: Sequence[Link], node: int) -> Memory:
    """The memory holding node ``node``'s qubits (nodes ``0..N`` along the chain): its
    storage memory when a link at the node stores its half (``store_in_memory``), else its
    communication memory when it has one, else its memory."""
    link = links[node - 1] if node > 0 else links[0]
    platform = link.b if node > 0 else link.node_a
    adjacent = [links[i] for i in (node - 1, node) if 0 <= i < len(links)]
    if platform.communication_memory is not None and any(lk.store_in_memory for lk in adjacent):
        return platform.memory
    return platform.communication_memory or platform.memory


def node_positions_ps(links: Sequence[Link]) -> list[int]:
    """Fibre delay (integer ps) from node 0 to each node, for message latencies."""
    pos = [0]
    for link in links:
        pos.append(pos[-1] + sum(f.delay_ps for f in link.fibres))
    return pos


def swap_noise(
    links: Sequence[Link], gate_depolarising: float | None, readout_error: float | None
) -> tuple[list[float], list[float]]:
    """Per node: the BSM's two-qubit depolarising ``p2`` and readout flip ``e``, from the
    node's memory (``1 - fidelity``) unless given."""
    p2: list[float] = []
    e: list[float] = []
    for j in range(len(links) + 1):
        mem = node_memory(links, j)
        p2.append(
            1.0 - mem.two_qubit_gate_fidelity if gate_depolarising is None else gate_depolarising
        )
        e.append(1.0 - mem.mean_readout_fidelity if readout_error is None else readout_error)
    return p2, e
