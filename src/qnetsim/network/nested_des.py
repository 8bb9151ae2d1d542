"""A nested (doubling) repeater chain in the discrete-event engine, with entanglement pumping.

The chain has ``N = 2**n`` links (nodes ``0..N``; Briegel, Dur, Cirac, Zoller, PRL 81, 5932
(1998), doi:10.1103/PhysRevLett.81.5932). A segment of level ``k`` spans ``2**k`` links; it
is made by swapping its two level-``(k-1)`` halves at its middle node. Same rules as
:mod:`~qnetsim.network.chain_analytic` and :mod:`~qnetsim.network.chain_montecarlo`
(docs/chains.md, "Model"): the two halves of a segment are made independently and start
together; when the first is ready its partner must be ready within the cutoff ``tau`` (a
partner exactly at ``tau`` counts), else both are discarded at ``t_first + tau``; the swap
succeeds with ``p_s`` (noise: gate depolarising ``p2`` and readout flips ``e``, physics.md
section 4); any failure regenerates both halves at once.

Classical messages (fibre latency 5 us/km, positions from the links' fibres):

* elementary pairs: the link's heralds (:class:`~qnetsim.link.LinkGenerator`); a pair is
  ready when both nodes know;
* swaps: the outcome goes from the middle node to both ends of the new segment; the segment
  is ready (usable, e.g. by the next swap at a higher level) when the farther end knows:
  ``swap time + max(latency(mid, lo), latency(mid, hi))``;
* purification: the measurement outcomes are exchanged between the segment's ends in a round
  trip (request and answer): the pair is usable ``2 latency(lo, hi)`` after the purification,
  and a failure is acted on only then.

Simplification (as in :mod:`~qnetsim.network.chain_des`): a failed swap or a cutoff restarts
the halves at once, without waiting for the message. Each delivery starts a new round: all
links start together when the end-to-end pair is delivered.

Purification (:class:`PurificationPolicy`): at each chosen level, entanglement pumping (Dur,
Briegel, Cirac, Zoller, PRA 59, 169 (1999), doi:10.1103/PhysRevA.59.169): the segment's pair
is kept while a fresh pair of the same segment is made (with the same hardware, so one after
the other), then DEJMPS (Deutsch et al., PRL 77, 2818 (1996),
doi:10.1103/PhysRevLett.77.2818) or BBPSSW is applied; ``rounds`` times. A failure discards
both pairs and the segment starts again from scratch. The cutoff applies to swaps only (a
kept pair waits for its fresh partner without a cutoff); purification is ideal (no gate noise).

Memory model: pumping at level ``l`` holds one pair while the fresh one is made, so node ``j``
needs ``1 + #{l in levels: l <= v(j)}`` memories on each side, ``v(j)`` the highest level of a
segment ending at ``j`` (:func:`nested_memory_demand`); every node must have them (its
platform's ``capabilities``: communication qubits plus the storage qubits in use), and every
repeater two communication qubits, since this engine makes all elementary links at once
(:mod:`qnetsim.network.node_qubits`; a repeater with one communication qubit makes its links
one after another in :func:`~qnetsim.network.chain_des.simulate_chain`). Halves age in the
memory that holds them: the storage qubit when the links store (``store_in_memory``).

Decoherence is lazy (as in chain_des): each qubit remembers when its memory noise (twirled
T1/T2 channel of its node) was last applied; it is brought up to date whenever the pair is
used (swap, purification, delivery).

Examples:
    >>> import dataclasses
    >>> from qnetsim.hardware import Capabilities, get_platform
    >>> from qnetsim.link import Link
    >>> atoms = Capabilities(communication_qubits=4)  # an atom array: 2 per side, for pumping
    >>> rb = dataclasses.replace(get_platform("rb_atom_lu2026"), capabilities=atoms)
    >>> links = [Link(rb, 2.0, alpha=0.3) for _ in range(4)]
    >>> plain = simulate_nested_chain(links, 50, seed=1, swap_success=0.5)
    >>> pumped = simulate_nested_chain(
    ...     links, 50, seed=1, swap_success=0.5, purification=PurificationPolicy(levels=(0,))
    ... )
    >>> len(pumped.pairs), pumped.purification_attempts >= 4 * 50
    (50, True)
    >>> bool(pumped.fidelities.mean() > plain.fidelities.mean() > 0.25)
    True
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim.engine import Event, Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.memory import Memory
from qnetsim.link.design import Link
from qnetsim.link.process import LinkGenerator
from qnetsim.network._chain_common import (
    PurificationPolicy,
    check_chain_arguments,
    node_memory,
    node_positions_ps,
    purify_pair,
    run_until_delivered,
    swap_noise,
)
from qnetsim.network.chain_des import ChainPair, ChainResult
from qnetsim.network.node_qubits import chain_nodes
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.channels import memory_noise_pauli_probabilities
from qnetsim.units import ps_to_seconds

__all__ = ["PurificationPolicy", "nested_memory_demand", "simulate_nested_chain"]

FloatArray = NDArray[np.float64]


@dataclass
class _Seg:
    """A pair spanning nodes ``lo..hi``; ``made_*``: the operation that made it."""

    lo: int
    hi: int
    coefficients: FloatArray
    updated_ps: list[int]  # per end (lo, hi): when its memory noise was last applied
    made_ps: int
    made_coefficients: FloatArray


def _levels(num_links: int) -> int:
    if num_links < 1 or num_links & (num_links - 1):
        raise InvalidParameterError(
            "len(links)", num_links, "a power of two (1, 2, 4, 8, ...) for a nested chain"
        )
    return num_links.bit_length() - 1


def nested_memory_demand(num_links: int, purification: PurificationPolicy | None) -> list[int]:
    """Memories needed on each side of each node ``0..N`` (see the module docstring).

    Examples:
        >>> nested_memory_demand(4, PurificationPolicy(levels=(0, 1)))
        [3, 2, 3, 2, 3]
        >>> nested_memory_demand(4, None)
        [1, 1, 1, 1, 1]
    """
    n = _levels(num_links)
    levels = purification.levels if purification is not None else ()
    out = []
    for j in range(num_links + 1):
        v = n if j in (0, num_links) else (j & -j).bit_length() - 1
        out.append(1 + sum(1 for level in levels if level <= v))
    return out


class _NestedChain:
    def __init__(
        self,
        sim: Simulator,
        links: Sequence[Link],
        swap_success: float,
        gate_depolarising: float | None,
        readout_error: float | None,
        cutoff_ps: int | None,
        purification: PurificationPolicy | None,
        mode: str,
    ) -> None:
        self.sim = sim
        self.links = list(links)
        self.n = len(self.links)
        self.mode = mode
        self.p_s = swap_success
        self.cutoff_ps = cutoff_ps
        self.policy = purification
        self.purified = frozenset(purification.levels) if purification is not None else frozenset()
        # Every node must have the qubits the protocol needs; this engine makes all links at
        # once, so a repeater with one communication qubit is an error here (simulate_chain
        # runs such nodes sequentially).
        chain_nodes(
            self.links,
            per_side=nested_memory_demand(self.n, purification),
            sequential=False,
            engine="the nested chain",
        )
        self.gens = [self._generator(i) for i in range(self.n)]
        self._stale: set[int] = set()
        self.rng = sim.rng.stream("swaps")
        self.purification_rng = sim.rng.stream("purification")
        self.pos_ps = node_positions_ps(self.links)
        self.p2, self.e = swap_noise(self.links, gate_depolarising, readout_error)
        self.delivered: list[ChainPair] = []
        self.cutoffs = 0
        self.failed = 0
        self.attempts = 0
        self.failed_purifications = 0
        self._noise_cache: dict[tuple[int, int], FloatArray] = {}

    def _generator(self, i: int) -> LinkGenerator:
        # Same name, so the same random stream; fresh herald channels after a cancellation.
        return LinkGenerator(
            self.sim, self.links[i].without_overheads(), mode=self.mode, name=f"link{i}"
        )

    def _memory(self, node: int) -> Memory:
        return node_memory(self.links, node)

    def _latency(self, a: int, b: int) -> int:
        return abs(self.pos_ps[a] - self.pos_ps[b])

    def _age(self, pair: _Seg, now: int) -> None:
        """Apply the memory noise of both ends up to ``now`` (lazy decoherence)."""
        for k, node in enumerate((pair.lo, pair.hi)):
            dt = now - pair.updated_ps[k]
            if dt <= 0:
                continue
            probs = self._noise_cache.get((node, dt))
            if probs is None:
                mem = self._memory(node)
                probs = memory_noise_pauli_probabilities(
                    ps_to_seconds(dt), mem.t1_s, mem.effective_dephasing_time_s()
                )
                if len(self._noise_cache) < 100_000:
                    self._noise_cache[(node, dt)] = probs
            pair.coefficients = bd.pauli_channel(pair.coefficients, probs)
            pair.updated_ps[k] = now

    # --- processes -------------------------------------------------------------------
    def rounds(self) -> Generator[Event, Any, None]:
        """The driver: one end-to-end pair per round; the next round starts at delivery."""
        while True:
            start = self.sim.now
            pair = yield from self.produce(0, self.n)
            now = self.sim.now
            self._age(pair, now)
            self.delivered.append(
                ChainPair(start, pair.made_ps, now, pair.made_coefficients, pair.coefficients)
            )

    def produce(self, lo: int, hi: int) -> Generator[Event, Any, _Seg]:
        """A pair on segment ``lo..hi``, ready at both ends when this returns."""
        level = (hi - lo).bit_length() - 1
        if level not in self.purified or self.policy is None:
            return (yield from self._raw(lo, hi))
        round_trip = 2 * self._latency(lo, hi)
        while True:
            kept = yield from self._raw(lo, hi)
            for _ in range(self.policy.rounds):
                fresh = yield from self._raw(lo, hi)
                now = self.sim.now
                self._age(kept, now)
                self._age(fresh, now)
                out, p = purify_pair(self.policy.protocol, kept.coefficients, fresh.coefficients)
                self.attempts += 1
                success = self.purification_rng.random() < p
                if round_trip:
                    yield self.sim.timeout(round_trip)
                if not success:
                    self.failed_purifications += 1
                    break
                kept = _Seg(lo, hi, out, [now, now], now, out.copy())
            else:
                return kept

    def _raw(self, lo: int, hi: int) -> Generator[Event, Any, _Seg]:
        """A pair on ``lo..hi`` from its link or by swapping its halves (no purification)."""
        sim = self.sim
        if hi - lo == 1:
            if lo in self._stale:  # cancelled mid-generation before: fresh herald channels
                self._stale.discard(lo)
                self.gens[lo] = self._generator(lo)
            finished = False
            try:
                delivered = yield from self.gens[lo].generate_one()
                finished = True
            finally:
                # Cancelled mid-generation: stale heralds must not leak into the next pair.
                # Only mark it here: this block also runs when the garbage collector closes a
                # generator left suspended at the end of a run, and building a generator there
                # (NumPy sets context variables) can corrupt CPython 3.11's context
                # (python/cpython#148891: a LookupError, then a crash, seen in CI).
                if not finished:
                    self._stale.add(lo)
            now = sim.now
            coeffs = np.array(delivered.coefficients)
            return _Seg(lo, hi, coeffs, [now, now], delivered.herald_time_ps, coeffs.copy())
        mid = (lo + hi) // 2
        while True:
            a = sim.process(self.produce(lo, mid), name=f"seg{lo}-{mid}")
            b = sim.process(self.produce(mid, hi), name=f"seg{mid}-{hi}")
            waits: list[Event] = []
            try:
                waits.append(sim.any_of([a, b]))
                yield waits[-1]
                if not (a.triggered and b.triggered):
                    late = b if a.triggered else a
                    if self.cutoff_ps is None:
                        yield late
                    else:
                        # priority 1: a partner ready exactly at the cutoff still counts
                        waits.append(sim.any_of([late, sim.timeout(self.cutoff_ps, priority=1)]))
                        yield waits[-1]
                        if not late.triggered:
                            self.cutoffs += 1
                            continue  # both discarded; ``finally`` cancels the late half
            finally:
                for wait in waits:
                    wait.defuse()
                for proc in (a, b):
                    if proc.is_alive:
                        proc.cancel()
            left, right = a.value, b.value
            now = sim.now
            self._age(left, now)
            self._age(right, now)
            if self.p_s < 1.0 and self.rng.random() >= self.p_s:
                self.failed += 1
                continue
            coeffs = bd.swap_noisy(left.coefficients, right.coefficients, self.p2[mid], self.e[mid])
            pair = _Seg(lo, hi, coeffs, [now, now], now, coeffs.copy())
            wait_ps = max(self._latency(mid, lo), self._latency(mid, hi))
            if wait_ps:
                yield sim.timeout(wait_ps)
            return pair


def simulate_nested_chain(
    links: Sequence[Link],
    n_pairs: int,
    seed: int,
    *,
    swap_success: float = 1.0,
    gate_depolarising: float | None = None,
    readout_error: float | None = None,
    cutoff_s: float | None = None,
    purification: PurificationPolicy | None = None,
    mode: str = "sampled",
    max_time_s: float | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ChainResult:
    """Run a nested repeater chain (``2**n`` links) until ``n_pairs`` pairs are delivered.

    Args:
        links: the elementary links from node 0 to node N, in order; ``N`` a power of two.
        n_pairs: end-to-end pairs to deliver, >= 1.
        seed: root seed of the simulator's random streams.
        swap_success: BSM success probability ``p_s`` in (0, 1].
        gate_depolarising, readout_error: swap noise ``p2`` and ``e``; ``None`` (the default)
            takes them from each repeater's memory (``1 - two_qubit_gate_fidelity`` and
            ``1 - readout fidelity``), as :func:`~qnetsim.network.chain_des.simulate_chain`
            does.
        cutoff_s: how long (s) the first half of a swap waits for the second, or ``None``;
            at least the longest herald latency (else no pair survives).
        purification: pumping policy, or ``None`` for none.
        mode: link generation mode, ``"sampled"`` or ``"attempt"``.
        on_progress: called with the number of pairs delivered so far whenever it grows
            (e.g. to drive a progress bar).
        max_time_s: stop after this much simulated time (fewer pairs may be returned).

    Returns:
        A :class:`~qnetsim.network.chain_des.ChainResult`. For each pair, ``round_start_ps``
        is the start of its round, ``last_swap_time_ps`` the time of the last operation that
        made it (top-level swap, purification, or the herald of a one-link chain) and
        ``coefficients_at_last_swap`` the state then.
    """
    if len(links) == 0:
        raise InvalidParameterError("links", [], "at least one Link")
    _levels(len(links))
    n, p_s, cutoff_ps = check_chain_arguments(
        links, n_pairs, swap_success, gate_depolarising, readout_error, cutoff_s
    )
    if purification is not None:
        if not isinstance(purification, PurificationPolicy):
            raise InvalidParameterError("purification", purification, "a PurificationPolicy")
        purification.check_levels(len(links))
    sim = Simulator(seed=seed)
    chain = _NestedChain(
        sim, links, p_s, gate_depolarising, readout_error, cutoff_ps, purification, mode
    )
    sim.process(chain.rounds(), name="rounds")
    run_until_delivered(sim, chain.delivered, n, max_time_s, on_progress)
    return ChainResult(
        chain.delivered[:n],
        sim.now,
        sim.events_processed,
        chain.cutoffs,
        chain.failed,
        chain.attempts,
        chain.failed_purifications,
    )
