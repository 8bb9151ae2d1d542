"""A nested (doubling) repeater chain in the discrete-event engine, with entanglement pumping.

The chain has ``N = 2**n`` links (nodes ``0..N``; Briegel, Dur, Cirac, Zoller, PRL 81, 5932
(1998), doi:10.1103/PhysRevLett.81.5932). A segment of level ``k`` spans ``2**k`` links; it
is made by swapping its two level-``(k-1)`` halves at its middle node. Same rules as
:mod:`~qnetsim.network.chains.exact` and :mod:`~qnetsim.network.chains.montecarlo`
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

Simplification (as in :mod:`~qnetsim.network.chains.events`): a failed swap or a cutoff restarts
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
platform's ``capabilities``: communication qubits plus the storage qubits in use). The node
qubits follow :mod:`qnetsim.network.chains.node_qubits`: an elementary link starts only with a free
communication qubit at both ends (a repeater with one makes its links one after another),
halves move into free storage qubits after their herald (transfer noise; a half left in the
communication qubit moves when a storage qubit comes free), stored halves are dephased by
their node's attempts, and halves age in the memory that holds them. Pumping with one
communication qubit per repeater is not modelled (a named error).

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

import dataclasses
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim.engine import Event, Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.memory import Memory
from qnetsim.link.design import Link
from qnetsim.link.process import LinkGenerator
from qnetsim.network.chains.budget import check_chain_budget, install_watchdog
from qnetsim.network.chains.common import (
    PurificationPolicy,
    check_chain_arguments,
    node_memory,
    node_positions_ps,
    purify_pair,
    run_until_delivered,
    swap_noise,
)
from qnetsim.network.chains.events import ChainPair, ChainResult
from qnetsim.network.chains.node_qubits import attempts_between, chain_nodes
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
    # per end (lo, hi): the qubit holding it ("communication" or "storage"), until when its
    # node's attempts have been applied to it, and whether it has been given back
    holders: list[str] = field(default_factory=lambda: ["communication", "communication"])
    counted_ps: list[int] = field(default_factory=lambda: [0, 0])
    released: list[bool] = field(default_factory=lambda: [False, False])
    pending_attempts: list[int] = field(default_factory=lambda: [0, 0])  # not yet applied
    # per end: when it moved from the communication qubit into a freed storage qubit (its
    # transfer noise and the ageing before are applied at the next use), or None
    moved_ps: list[int | None] = field(default_factory=lambda: [None, None])


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
        # Node qubits (node_qubits module): every node must have what the protocol needs; a
        # link starts only with a free communication qubit at both ends, so a repeater with
        # one makes its links one after another; halves move into free storage qubits after
        # their herald and are dephased by their node's attempts.
        self.nodes = chain_nodes(
            self.links,
            per_side=nested_memory_demand(self.n, purification),
            sequential=purification is None,
            engine="the nested chain with pumping",
        )
        self.comm_free = [node.communication for node in self.nodes]
        self.storage_free = [node.storage for node in self.nodes]
        self.generating: list[dict[int, int]] = [{} for _ in self.nodes]  # link -> start
        self.held: list[list[tuple[_Seg, int]]] = [[] for _ in self.nodes]  # stored ends
        self.in_comm: list[list[tuple[_Seg, int]]] = [[] for _ in self.nodes]  # ends in comm
        self.waiting: list[Event] = []  # links waiting for communication qubits
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
        self._noise_cache: dict[tuple[int, str, int], FloatArray] = {}

    def _generator(self, i: int) -> LinkGenerator:
        # Same name, so the same random stream; fresh herald channels after a cancellation.
        # A half moves into storage after its herald (node_qubits rule 2): the link runs
        # without its own transfer, which is applied when it happens.
        link = dataclasses.replace(self.links[i].without_overheads(), store_in_memory=False)
        return LinkGenerator(self.sim, link, mode=self.mode, name=f"link{i}")

    # --- node qubits ---------------------------------------------------------------------
    def _acquire(self, lo: int) -> Generator[Event, Any, None]:
        """Wait for a free communication qubit at both nodes of link ``lo``; take them."""
        while self.comm_free[lo] < 1 or self.comm_free[lo + 1] < 1:
            ev = self.sim.event()
            self.waiting.append(ev)
            yield ev
        for node in (lo, lo + 1):
            self.comm_free[node] -= 1
            self._account(node, self.sim.now)
            self.generating[node][lo] = self.sim.now

    def _wake(self) -> None:
        waiting, self.waiting = self.waiting, []
        for ev in waiting:
            if not ev.triggered:
                ev.succeed()

    def _end_generation(self, lo: int, cycles: int | None) -> None:
        """Link ``lo`` stopped attempting: apply its attempts to the stored halves at its
        nodes (capped at ``cycles`` when known) and forget it. Only bookkeeping: this also runs
        when a generation is cancelled, possibly from the garbage collector."""
        now = self.sim.now
        for node in (lo, lo + 1):
            self._account(node, now, None if cycles is None else (lo, cycles))
            self.generating[node].pop(lo, None)

    def _place(self, seg: _Seg, link: Link) -> None:
        """Put the halves of a new elementary pair into storage where a storage qubit is free
        (transfer noise, communication qubit freed), else leave them in the communication
        qubit."""
        for k, node in enumerate((seg.lo, seg.hi)):
            seg.counted_ps[k] = self.sim.now
            if self.storage_free[node] > 0 and link.store_in_memory:
                self.storage_free[node] -= 1
                self.comm_free[node] += 1
                noise = link.transfer_pauli("A" if k == 0 else "B")
                seg.coefficients = bd._pauli_channel(seg.coefficients, noise)
                seg.holders[k] = "storage"
                self.held[node].append((seg, k))
            else:
                self.in_comm[node].append((seg, k))
        self._wake()

    def _release(self, seg: _Seg | None, ends: tuple[int, ...] = (0, 1)) -> None:
        """Give back the qubits holding ``ends`` of ``seg`` (idempotent; bookkeeping only)."""
        if seg is None:
            return
        for k in ends:
            if seg.released[k]:
                continue
            seg.released[k] = True
            node = seg.lo if k == 0 else seg.hi
            if seg.holders[k] == "storage":
                self.storage_free[node] += 1
                self.held[node] = [(s, e) for s, e in self.held[node] if s is not seg]
                self._move_to_storage(node)
            else:
                self.comm_free[node] += 1
                self.in_comm[node] = [(s, e) for s, e in self.in_comm[node] if s is not seg]
        self._wake()

    def _move_to_storage(self, node: int) -> None:
        """A storage qubit came free: move a half waiting in the node's communication qubit
        into it, so the communication qubit can attempt again (otherwise a repeater whose
        stored half was discarded could never remake that link). Bookkeeping only: the
        transfer noise and the ageing before the move are applied at the next use."""
        movable = [
            (seg, k)
            for seg, k in self.in_comm[node]
            if self.links[seg.lo if k == 0 else seg.hi - 1].store_in_memory
        ]
        while movable and self.storage_free[node] > 0:
            seg, k = movable.pop(0)
            self.in_comm[node] = [(s, e) for s, e in self.in_comm[node] if s is not seg]
            self.storage_free[node] -= 1
            self.comm_free[node] += 1
            seg.holders[k] = "storage"
            seg.moved_ps[k] = self.sim.now
            seg.counted_ps[k] = self.sim.now
            self.held[node].append((seg, k))

    def _inherit(self, new: _Seg, olds: tuple[tuple[_Seg, int], tuple[_Seg, int]]) -> None:
        """``new``'s ends are held by the qubits of ``olds`` (end ``(seg, k)`` each)."""
        for k, (old, j) in enumerate(olds):
            new.holders[k] = old.holders[j]
            new.counted_ps[k] = old.counted_ps[j]
            new.pending_attempts[k] = old.pending_attempts[j]
            old.released[j] = True  # passed on, not given back
            new.moved_ps[k] = old.moved_ps[j]
            node = new.lo if k == 0 else new.hi
            where = self.held if new.holders[k] == "storage" else self.in_comm
            where[node] = [(new, k) if (s is old and e == j) else (s, e) for s, e in where[node]]

    def _account(self, node: int, now: int, finished: tuple[int, int] | None = None) -> None:
        for seg, k in self.held[node]:
            self._apply_attempts(seg, k, now, finished)

    def _apply_attempts(
        self, seg: _Seg, k: int, now: int, finished: tuple[int, int] | None = None
    ) -> None:
        """Count the attempts of stored end ``k``'s node since it was last counted; they
        dephase it when it is next used (:meth:`_age`). Plain integers: this also runs in
        ``finally`` blocks that the garbage collector may run (no NumPy there)."""
        node = seg.lo if k == 0 else seg.hi
        since = seg.counted_ps[k]
        seg.counted_ps[k] = max(since, now)
        info = self.nodes[node]
        p = info.memory("storage").dephasing_per_attempt
        if p == 0.0 or seg.holders[k] != "storage":
            return
        cycles = 0
        for i, start in self.generating[node].items():
            cycle_ps = self.gens[i].cycle_ps
            count = attempts_between(start, cycle_ps, since, now)
            if finished is not None and finished[0] == i:
                count = max(
                    0, min(count, finished[1] - attempts_between(start, cycle_ps, start, since))
                )
            cycles += count
        seg.pending_attempts[k] += cycles * info.attempts_per_cycle

    def _memory(self, node: int) -> Memory:
        return node_memory(self.links, node)

    def _latency(self, a: int, b: int) -> int:
        return abs(self.pos_ps[a] - self.pos_ps[b])

    def _age(self, pair: _Seg, now: int) -> None:
        """Apply the memory noise of both ends up to ``now`` (lazy decoherence), in the
        memory that holds each end, and the attempts of its node to a stored end."""
        for k, node in enumerate((pair.lo, pair.hi)):
            moved = pair.moved_ps[k]
            if moved is not None:  # in the communication qubit until ``moved``, then transfer
                pair.moved_ps[k] = None
                if moved > pair.updated_ps[k]:
                    comm = self.nodes[node].memory("communication")
                    pair.coefficients = bd._pauli_channel(
                        pair.coefficients,
                        memory_noise_pauli_probabilities(
                            ps_to_seconds(moved - pair.updated_ps[k]),
                            comm.t1_s,
                            comm.effective_dephasing_time_s(),
                        ),
                    )
                    pair.updated_ps[k] = moved
                link, side = (self.links[node], "A") if k == 0 else (self.links[node - 1], "B")
                pair.coefficients = bd._pauli_channel(pair.coefficients, link.transfer_pauli(side))
            dt = now - pair.updated_ps[k]
            if pair.holders[k] == "storage":
                self._apply_attempts(pair, k, now)
            if pair.pending_attempts[k]:
                z = self.nodes[node].memory("storage").attempt_dephasing(pair.pending_attempts[k])
                pair.pending_attempts[k] = 0
                pair.coefficients = bd._pauli_channel(pair.coefficients, np.array([1 - z, 0, z, 0]))
            if dt <= 0:
                continue
            holder = pair.holders[k]
            probs = self._noise_cache.get((node, holder, dt))
            if probs is None:
                mem = self.nodes[node].memory(holder)
                probs = memory_noise_pauli_probabilities(
                    ps_to_seconds(dt), mem.t1_s, mem.effective_dephasing_time_s()
                )
                if len(self._noise_cache) < 100_000:
                    self._noise_cache[(node, holder, dt)] = probs
            pair.coefficients = bd._pauli_channel(pair.coefficients, probs)
            pair.updated_ps[k] = now

    # --- processes -------------------------------------------------------------------
    def rounds(self) -> Generator[Event, Any, None]:
        """The driver: one end-to-end pair per round; the next round starts at delivery."""
        while True:
            start = self.sim.now
            pair = yield from self.produce(0, self.n)
            now = self.sim.now
            self._age(pair, now)
            self._release(pair)  # the end nodes use their qubits
            self.delivered.append(
                ChainPair(start, pair.made_ps, now, pair.made_coefficients, pair.coefficients)
            )

    def produce(self, lo: int, hi: int) -> Generator[Event, Any, _Seg]:
        """A pair on segment ``lo..hi``, ready at both ends when this returns (its qubits are
        then the caller's to give back)."""
        level = (hi - lo).bit_length() - 1
        if level not in self.purified or self.policy is None:
            return (yield from self._raw(lo, hi))
        round_trip = 2 * self._latency(lo, hi)
        while True:
            kept: _Seg | None = None
            fresh: _Seg | None = None
            try:
                kept = yield from self._raw(lo, hi)
                for _ in range(self.policy.rounds):
                    fresh = yield from self._raw(lo, hi)
                    now = self.sim.now
                    self._age(kept, now)
                    self._age(fresh, now)
                    out, p = purify_pair(
                        self.policy.protocol, kept.coefficients, fresh.coefficients
                    )
                    self.attempts += 1
                    success = self.purification_rng.random() < p
                    self._release(fresh)  # measured
                    fresh = None
                    if round_trip:
                        yield self.sim.timeout(round_trip)
                    if not success:
                        self.failed_purifications += 1
                        break
                    new = _Seg(lo, hi, out, [now, now], now, out.copy())
                    self._inherit(new, ((kept, 0), (kept, 1)))  # the kept qubits hold it
                    kept = new
                else:
                    result, kept = kept, None
                    return result
            finally:  # a failure or a cancellation: give the qubits back (bookkeeping only)
                self._release(kept)
                self._release(fresh)

    def _raw(self, lo: int, hi: int) -> Generator[Event, Any, _Seg]:
        """A pair on ``lo..hi`` from its link or by swapping its halves (no purification)."""
        sim = self.sim
        if hi - lo == 1:
            if lo in self._stale:  # cancelled mid-generation before: fresh herald channels
                self._stale.discard(lo)
                self.gens[lo] = self._generator(lo)
            yield from self._acquire(lo)
            finished = False
            try:
                delivered = yield from self.gens[lo].generate_one()
                finished = True
            finally:
                # Cancelled mid-generation: stale heralds must not leak into the next pair.
                # Only bookkeeping here: this block also runs when the garbage collector
                # closes a generator left suspended at the end of a run, and building a
                # generator there (NumPy sets context variables) can corrupt CPython 3.11's
                # context (python/cpython#148891: a LookupError, then a crash, seen in CI).
                if not finished:
                    self._stale.add(lo)
                    self._end_generation(lo, None)
                    for node in (lo, lo + 1):
                        self.comm_free[node] += 1
                    self._wake()
            self._end_generation(lo, delivered.cycles)
            now = sim.now
            coeffs = np.array(delivered.coefficients)
            seg = _Seg(lo, hi, coeffs, [now, now], delivered.herald_time_ps, coeffs.copy())
            self._place(seg, self.links[lo])
            seg.made_coefficients = seg.coefficients.copy()
            return seg
        mid = (lo + hi) // 2
        while True:
            a = sim.process(self.produce(lo, mid), name=f"seg{lo}-{mid}")
            b = sim.process(self.produce(mid, hi), name=f"seg{mid}-{hi}")
            waits: list[Event] = []
            used = False
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
                used = True
            finally:
                for wait in waits:
                    wait.defuse()
                for proc in (a, b):
                    if proc.is_alive:
                        proc.cancel()
                    elif not used and proc.ok:  # a finished half that is discarded
                        self._release(proc.value)
            left, right = a.value, b.value
            now = sim.now
            self._age(left, now)
            self._age(right, now)
            if self.p_s < 1.0 and self.rng.random() >= self.p_s:
                self.failed += 1
                self._release(left)
                self._release(right)
                continue
            coeffs = bd._swap_noisy(
                left.coefficients, right.coefficients, self.p2[mid], self.e[mid]
            )
            pair = _Seg(lo, hi, coeffs, [now, now], now, coeffs.copy())
            self._release(left, (1,))  # the Bell measurement frees the middle qubits
            self._release(right, (0,))
            self._inherit(pair, ((left, 0), (right, 1)))
            wait_ps = max(self._latency(mid, lo), self._latency(mid, hi))
            if wait_ps:
                try:
                    yield sim.timeout(wait_ps)
                except BaseException:
                    self._release(pair)  # cancelled while the outcome travels
                    raise
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
            ``1 - readout fidelity``), as :func:`~qnetsim.network.chains.events.simulate_chain`
            does.
        cutoff_s: how long (s) the first half of a swap waits for the second, or ``None``;
            at least the longest herald latency (else no pair survives).
        purification: pumping policy, or ``None`` for none.
        mode: link generation mode, ``"sampled"`` or ``"attempt"``.
        on_progress: called with the number of pairs delivered so far whenever it grows
            (e.g. to drive a progress bar).
        max_time_s: stop after this much simulated time (fewer pairs may be returned).

    Returns:
        A :class:`~qnetsim.network.chains.events.ChainResult`. For each pair, ``round_start_ps``
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
    pur = (len(purification.levels), purification.rounds) if purification else (0, 1)
    estimate = check_chain_budget(
        links, n, swap_success=p_s, cutoff_s=cutoff_s, mode=mode, max_time_s=max_time_s,
        nested=True, purified_levels=pur[0], rounds=pur[1],
    )  # fmt: skip
    sim = Simulator(seed=seed)
    chain = _NestedChain(
        sim, links, p_s, gate_depolarising, readout_error, cutoff_ps, purification, mode
    )
    sim.process(chain.rounds(), name="rounds")
    checks = install_watchdog(sim, estimate)
    run_until_delivered(sim, chain.delivered, n, max_time_s, on_progress)
    return ChainResult(
        chain.delivered[:n],
        sim.now,
        sim.events_processed - checks(),
        chain.cutoffs,
        chain.failed,
        chain.attempts,
        chain.failed_purifications,
    )
