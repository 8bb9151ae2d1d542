"""A repeater chain in the discrete-event engine: swap as soon as possible, with real
classical messages, memory cutoffs and lazy decoherence.

Nodes ``0..N`` are joined by ``N`` elementary links (:class:`~qnetsim.link.LinkGenerator`,
each with its heralds sent over fibre). Repeater ``j`` has a left memory (link ``j-1``) and a
right memory (link ``j``); a link attempts only while both of its memories are free. A
repeater holding two pairs swaps them at once (Bell-state measurement with success
probability ``p_s``, gate depolarising ``p2``, readout error ``e``; physics.md section 4),
tracking the Pauli frame, and sends its outcome to both end nodes; a failed swap frees the
memories of both pairs. Memory cutoff: a qubit stored at a repeater for longer than ``tau``
(counted from the herald of its elementary pair, when the node learns of it; a partner
arriving exactly at ``tau`` still counts) is discarded with its whole pair (Li, Coopmans,
Elkouss, 2021; physics.md section 6).

States are Bell-diagonal. Each qubit remembers when its noise was last applied; the twirled
T1/T2 channel of its node's memory is applied for the elapsed time whenever the pair is used
(a swap or the delivery): lazy, so waiting costs nothing.

Two restart policies: ``"continuous"`` (the end links restart as soon as the end-to-end pair
is delivered) and ``"round"`` (after each delivery every memory is cleared and all links
start together). With ``"round"``, the time from a round's start to its last swap is
distributed exactly as in the discrete-time model of :mod:`qnetsim.network.chains.exact`
(all heralds fall on the common cycle grid); the event simulation adds, on top, the time the
swap outcomes take to reach the end nodes (and the decoherence of the end qubits meanwhile):
the documented offset ``delivery - last swap = max_j latency(j -> ends)`` over the swaps in
the pair's history.

Simplification (documented): a failed swap or a cutoff frees the partner memories at once
rather than after a message; delivery does wait for the swap messages.

Link-level purification (``purification=PurificationPolicy(levels=(0,))``): each link pumps
its pair before handing it to the repeaters, exactly as level 0 of
:mod:`~qnetsim.network.chains.nested_events`: the pair is kept (in an extra memory at each node, not
subject to the cutoff) while the link makes a fresh one, DEJMPS or BBPSSW is applied, and the
pair is usable after the outcomes' round trip ``2 x`` the link's fibre latency; a failure
discards both and the link starts again. The repeater memory (and its cutoff clock) then
holds the purified pair.

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link import Link
    >>> siv = get_platform("siv_harvard")  # one electron, one 29Si: links one after another
    >>> links = [Link(siv, 2.0, store_in_memory=True) for _ in range(2)]
    >>> result = simulate_chain(links, n_pairs=5, seed=3)
    >>> len(result.pairs), result.pairs[0].delivery_time_ps >= result.pairs[0].last_swap_time_ps
    (5, True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Generator, Sequence
from typing import Any

import numpy as np

from qnetsim.engine import Event, Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.link.design import Link
from qnetsim.link.process import LinkGenerator
from qnetsim.network.chains.budget import check_chain_budget, install_watchdog
from qnetsim.network.chains.chain_memory import CALL, ChainMemory
from qnetsim.network.chains.chain_noise import _IDENTITY, COMMUNICATION, STORAGE, _as4
from qnetsim.network.chains.chain_types import ChainPair, ChainResult, LivePair
from qnetsim.network.chains.common import (
    PurificationPolicy,
    check_chain_arguments,
    node_positions_ps,
    purify_pair,
    run_until_delivered,
    swap_noise,
)
from qnetsim.network.chains.node_qubits import chain_nodes
from qnetsim.network.chains.sampled_link import SampledLink, supports
from qnetsim.quantum.bell_diagonal import Coefficients4, convolve4

__all__ = ["RESTART_POLICIES", "ChainPair", "ChainResult", "simulate_chain"]

RESTART_POLICIES = ("continuous", "round")

#: The live pair (kept under its old name for the engines built on :class:`_Chain`).
_Pair = LivePair


class _Chain(ChainMemory):
    """The chain's state and rules. Memory slot ``2 j`` is node ``j``'s left memory (link
    ``j - 1``), ``2 j + 1`` its right one (link ``j``); link ``i`` uses slots ``2 i + 1`` and
    ``2 i + 2``. A link whose pairs come from a :class:`SampledLink` (and are not pumped) runs
    on plain calls (:meth:`_begin`, :meth:`_heralded`); the others run as a process
    (:meth:`_run_link`); both make the same queue entries a process per link made."""

    def __init__(
        self,
        sim: Simulator,
        links: Sequence[Link],
        swap_success: float,
        gate_depolarising: float | None,
        readout_error: float | None,
        cutoff_ps: int | None,
        restart: str,
        mode: str,
        prefix: str = "",
        on_delivery: Callable[[_Chain], None] | None = None,
        purification: PurificationPolicy | None = None,
    ) -> None:
        self.sim = sim
        self.prefix = prefix
        self.links = list(links)
        self.n = n = len(links)
        self.p_s = swap_success
        self.cutoff_ps = cutoff_ps
        self.restart = restart
        self._round = restart == "round"
        # Node qubits (node_qubits module): communication qubits free to attempt, storage
        # qubits free to hold a half, and the generations each node is running.
        self.nodes = chain_nodes(
            self.links,
            per_side=None if purification is None else [2] * (n + 1),
            sequential=purification is None,
            engine="the swap-asap chain with link pumping",
        )
        self.comm_free = [node.communication for node in self.nodes]
        self.storage_free = [node.storage for node in self.nodes]
        self.generating: list[dict[int, int]] = [{} for _ in self.nodes]  # link -> start
        # Nodes whose attempts dephase what they store (node_qubits rule 3); elsewhere the
        # attempt bookkeeping is skipped (it would apply identities).
        self._attempts_dephase = [
            node.memory(STORAGE).dephasing_per_attempt > 0.0 for node in self.nodes
        ]
        self._any_dephase = any(self._attempts_dephase)
        self._init_noise()
        # A half moves into storage after its herald (node_qubits rule 2), so the links run
        # without their own transfer; the transfer noise is applied when it happens. Sampled
        # links use the lean driver (same schedule, stream and events; sampled_link module).
        self.gens: list[LinkGenerator | SampledLink] = []
        for i, link in enumerate(links):
            bare = dataclasses.replace(link.without_overheads(), store_in_memory=False)
            name = f"{prefix}link{i}"
            if supports(bare, mode):
                self.gens.append(SampledLink(sim, bare, name))
            else:
                self.gens.append(LinkGenerator(sim, bare, mode=mode, name=name))
        self._lean = [type(g) is SampledLink and purification is None for g in self.gens]
        self._herald4 = [
            _as4(g.delivered_coefficients) if type(g) is SampledLink else _IDENTITY
            for g in self.gens
        ]
        self._stores = [link.store_in_memory for link in self.links]
        # transfer noise of each link's halves into storage, None where it is the identity
        self._transfer: list[tuple[Coefficients4 | None, Coefficients4 | None]] = [
            tuple(  # type: ignore[misc]
                None if (t := _as4(link.transfer_pauli(x))) == _IDENTITY else t for x in ("A", "B")
            )
            for link in self.links
        ]
        self._singletons = [frozenset((i,)) for i in range(n)]
        self.rng = sim.rng.stream(f"{prefix}swaps")
        # A controller (e.g. a scheduler holding a memory reservation) may pause the chain:
        # links start only while ``active``; ``on_delivery`` runs after each delivery.
        self.active = True
        self.on_delivery = on_delivery
        self.busy = [False] * n  # links that are attempting
        # position of node j along the fibre (ps) for message latencies
        self.pos_ps = pos = node_positions_ps(links)
        self._to_end = [max(abs(pos[j] - pos[0]), abs(pos[n] - pos[j])) for j in range(n + 1)]
        # gate and readout noise of each repeater's BSM (from its memory unless overridden)
        self.p2, self.e = swap_noise(links, gate_depolarising, readout_error)
        self._readout: list[Coefficients4 | None] = [
            None if e == 0.0 else ((1 - e) ** 2, e * (1 - e), e * (1 - e), e**2) for e in self.e
        ]
        self.memory: list[LivePair | None] = [None] * (2 * n + 2)  # per slot
        self.holder: list[str | None] = [None] * (2 * n + 2)  # the qubit holding each slot
        self.wake: list[Event | bool | None] = [None] * n
        self.needed = [True] * n  # round mode: links that must (re)generate this round
        self.delivered: list[ChainPair] = []
        self.round_start = 0
        self.cutoffs = 0
        self.failed = 0
        self.purification = purification
        self.purification_attempts = 0
        self.failed_purifications = 0
        self._parked = sim.event()  # never triggered (see link_process)

    # --- links -----------------------------------------------------------------------
    def link_process(self, i: int) -> Generator[Event, Any, None]:
        """Link ``i`` as a process (for controllers that start one per link): a link run
        on plain calls starts here and then never resumes the process."""
        if self._lean[i]:
            self._begin(i)
            yield self._parked
        else:
            yield from self._run_link(i)

    def _start(self, i: int) -> None:
        """Link ``i`` starts a generation: its communication qubits are taken."""
        self.busy[i] = True
        now = self.sim.now
        for node in (i, i + 1):
            self.comm_free[node] -= 1
            if self._attempts_dephase[node]:
                self._account_node(node, now)
                self.generating[node][i] = now

    def _begin(self, i: int) -> None:
        """Start link ``i`` (plain calls) if it may, else wait to be poked."""
        if not self._can_start(i):
            self.wake[i] = CALL
            return
        self._start(i)
        self.gens[i].start(self._heralded, i)  # type: ignore[union-attr]

    def _heralded(self, i: int, cycles: int, herald_ps: int) -> None:
        """Both nodes know link ``i``'s new pair (plain calls)."""
        out = self._place(i, herald_ps, self._herald4[i], (i, cycles))
        if out is not None:
            pair, last_swap = out
            at_swap = np.array(pair.coefficients)
            wait = pair.known_ps - self.sim.now
            if wait > 0:  # the link waits for the delivery (as its process did)
                self.sim.schedule(wait, self._delivered_later, i, pair, last_swap, at_swap)
                return
            self._deliver(pair, last_swap, at_swap)
        self._begin(i)

    def _delivered_later(self, i: int, pair: LivePair, last_swap: int, at_swap: Any) -> None:
        self._deliver(pair, last_swap, at_swap)
        self._begin(i)

    def _run_link(self, i: int) -> Generator[Event, Any, None]:
        """Link ``i`` as a process: attempt-mode generators and link pumping."""
        gen = self.gens[i]
        sim = self.sim
        while True:
            while not self._can_start(i):
                ev = sim.event()
                self.wake[i] = ev
                yield ev
            self._start(i)
            if type(gen) is SampledLink:
                delivered = yield gen.request()
            else:
                delivered = yield from gen.generate_one()
            made_ps, coefficients = delivered.herald_time_ps, _as4(delivered.coefficients)
            finished = None
            if self.purification is not None:
                made_ps, coefficients = yield from self._pump(i, delivered)
            else:
                finished = (i, delivered.cycles)
            out = self._place(i, made_ps, coefficients, finished)
            if out is not None:
                pair, last_swap = out
                at_swap = np.array(pair.coefficients)
                wait = pair.known_ps - sim.now
                if wait > 0:
                    yield sim.timeout(wait)
                self._deliver(pair, last_swap, at_swap)

    def _pump(self, i: int, delivered: Any) -> Generator[Event, Any, tuple[int, Coefficients4]]:
        """Entanglement pumping on link ``i``; returns (purification time, state then)."""
        assert self.purification is not None
        policy, gen, sim = self.purification, self.gens[i], self.sim
        rng = self.sim.rng.stream(f"{self.prefix}purification{i}")
        round_trip = 2 * (self.pos_ps[i + 1] - self.pos_ps[i])
        while True:
            kept, kept_ps = _as4(delivered.coefficients), sim.now
            for _ in range(policy.rounds):
                fresh = yield from gen.generate_one()
                kept = self._decohere_kept(i, kept, sim.now - kept_ps)
                out, p = purify_pair(policy.protocol, np.array(kept), np.array(fresh.coefficients))
                kept = _as4(out)
                kept_ps = sim.now
                self.purification_attempts += 1
                success = rng.random() < p
                yield sim.timeout(round_trip)
                if not success:
                    self.failed_purifications += 1
                    break
            else:  # decoherence during the round trip
                return kept_ps, self._decohere_kept(i, kept, sim.now - kept_ps)
            delivered = yield from gen.generate_one()

    def _place(
        self, i: int, made_ps: int, coefficients: Coefficients4, finished: tuple[int, int] | None
    ) -> tuple[LivePair, int] | None:
        """Link ``i``'s pair is known at both nodes: store it and swap as soon as possible.
        Returns the end-to-end pair to deliver and its last swap time, if the swaps made one."""
        now = self.sim.now
        if self._any_dephase:
            for node in (i, i + 1):
                if self._attempts_dephase[node]:
                    self._account_node(node, now, finished)
                    del self.generating[node][i]
        self.busy[i] = False
        self.needed[i] = False
        a = 2 * i + 1
        pair = LivePair(
            (a, a + 1),
            coefficients,
            [now, now],
            [now, now],  # the cutoff clock starts when the node learns of the pair
            now,
            0,
            self._singletons[i],
            None,
            [COMMUNICATION, COMMUNICATION],
            [now, now],
        )
        memory = self.memory
        memory[a] = memory[a + 1] = pair
        self._hold(i, pair, coefficients)
        wake = self.wake
        if i > 0 and wake[i - 1] is not None:  # a freed communication qubit may start the
            self._poke(i - 1)  # link on either side
        if i + 1 < self.n and wake[i + 1] is not None:
            self._poke(i + 1)
        if self.cutoff_ps is not None:
            self._arm_cutoffs(pair)
        if self.n == 1:
            return pair, made_ps
        done = self._swap(i)
        if done is None:
            done = self._swap(i + 1)  # (when the first made the end-to-end pair, the
        return None if done is None else (done, now)  # other end's swaps were part of it)

    def _swap(self, node: int) -> LivePair | None:
        """Swap at ``node`` if it holds two pairs, then at the far ends of the new pair, as
        long as swaps are possible (swap as soon as possible). Returns the end-to-end pair
        when the cascade made one (to be delivered), else ``None``."""
        n = self.n
        memory = self.memory
        while True:
            if node == 0 or node == n:
                return None
            slot_l = 2 * node
            left, right = memory[slot_l], memory[slot_l + 1]
            if left is None or right is None:
                return None
            new = self._swap_pairs(node, left, right)
            if new is None:
                return None
            far_left, far_right = new.ends
            if far_left == 1 and far_right == 2 * n:
                return new
            done = self._swap(far_left >> 1)
            if done is not None:
                return done
            node = far_right >> 1  # (tail call: the cascade's right branch)

    def _swap_pairs(self, node: int, left: LivePair, right: LivePair) -> LivePair | None:
        """The Bell-state measurement at ``node`` on the pairs ``left`` (whose right end is
        there) and ``right``: the new pair, or ``None`` if the swap failed."""
        now = self.sim.now
        memory = self.memory
        self._bring_up_to_date(left, now)
        self._bring_up_to_date(right, now)
        slot_l, slot_r = 2 * node, 2 * node + 1
        far_left, far_right = left.ends[0], right.ends[1]
        if self.cutoff_ps is not None:
            for pair in (left, right):
                for timer in pair.timers:
                    if timer is not None:
                        timer.cancel()
        left.alive = right.alive = False
        memory[slot_l] = memory[slot_r] = None
        if self.p_s < 1.0 and not self.rng.random() < self.p_s:
            self.failed += 1
            links = left.span() | right.span() if self._round else ()
            for i in links:
                self.needed[i] = True
            memory[far_left] = memory[far_right] = None
            for slot in (slot_l, slot_r, far_left, far_right):
                self._free(slot)
            for i in links:  # interior links too (see _destroy)
                self._poke(i)
            return None
        # Bell-state measurement: swap, then gate depolarising and readout flips, each
        # skipped where it is the identity (physics.md section 4).
        coeffs = convolve4(left.coefficients, right.coefficients)
        p2 = self.p2[node]
        if p2 != 0.0:
            q = p2 / 4.0
            c0, c1, c2, c3 = coeffs
            coeffs = ((1.0 - p2) * c0 + q, (1.0 - p2) * c1 + q, (1.0 - p2) * c2 + q,
                      (1.0 - p2) * c3 + q)  # fmt: skip
        flips = self._readout[node]
        if flips is not None:
            coeffs = convolve4(coeffs, flips)
        new = LivePair(
            (far_left, far_right),
            coeffs,
            [now, now],
            [left.stored_ps[0], right.stored_ps[1]],
            max(left.known_ps, right.known_ps, now + self._to_end[node]),
            left.swaps + right.swaps + 1,
            None,
            (left, right) if self._round else None,  # the links spanned, built if needed
            [left.holders[0], right.holders[1]],
            [now, now],
        )
        memory[far_left] = memory[far_right] = new
        if self.cutoff_ps is not None:
            self._arm_cutoffs(new)
        self._free(slot_l)
        self._free(slot_r)
        return new

    def _deliver(self, pair: LivePair, last_swap: int, at_swap: Any) -> None:
        """Both end nodes know every outcome: record the pair and free its memories."""
        now = self.sim.now
        if not pair.alive and pair.swaps == 0 and self.n > 1:  # pragma: no cover - defensive
            return
        self._bring_up_to_date(pair, now)
        self.delivered.append(
            ChainPair(self.round_start, last_swap, now, at_swap, np.array(pair.coefficients))
        )
        pair.alive = False
        if self._round:
            memory = self.memory
            for slot, held in enumerate(memory):
                if held is not None:
                    held.alive = False
                    for timer in held.timers:
                        if timer is not None:
                            timer.cancel()
                    memory[slot] = None
                    self._release(slot)
            self.round_start = now
            self.needed = [True] * self.n
            for i in range(self.n):
                self._poke(i)
        else:
            self.round_start = now
            for slot in pair.ends:
                self._free(slot)
        if self.on_delivery is not None:
            self.on_delivery(self)


def _stop_after(
    sim: Simulator, n: int, on_progress: Callable[[int], None] | None
) -> Callable[[_Chain], None]:
    """A delivery hook that reports progress and stops ``sim`` at the ``n``-th pair."""

    def hook(chain: _Chain) -> None:
        count = len(chain.delivered)
        if on_progress is not None:
            on_progress(min(count, n))
        if count >= n:
            sim.stop()

    return hook


def simulate_chain(
    links: Sequence[Link],
    n_pairs: int,
    seed: int = 0,
    swap_success: float = 1.0,
    gate_depolarising: float | None = None,
    readout_error: float | None = None,
    cutoff_s: float | None = None,
    restart: str = "continuous",
    mode: str = "sampled",
    max_time_s: float | None = None,
    purification: PurificationPolicy | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ChainResult:
    """Run a swap-asap repeater chain until ``n_pairs`` end-to-end pairs are delivered.

    Args:
        links: the elementary links from node 0 to node N, in order.
        n_pairs: end-to-end pairs to deliver, >= 1.
        seed: root seed of the simulator's random streams.
        swap_success: BSM success probability (1/2 for linear optics, ~1 with gates).
        gate_depolarising, readout_error: BSM noise; default from each repeater's memory
            (``1 - two_qubit_gate_fidelity`` and ``1 - readout fidelity``).
        cutoff_s: memory cutoff (s) for qubits stored at repeaters, or ``None``.
        restart: ``"continuous"`` or ``"round"`` (see the module docstring).
        mode: link generation mode, ``"sampled"`` or ``"attempt"``.
        on_progress: called with the number of pairs delivered so far whenever it grows
            (e.g. to drive a progress bar).
        max_time_s: stop after this much simulated time even if fewer pairs were delivered
            (the result then holds fewer than ``n_pairs``); ``None`` runs until done.
        purification: link-level pumping, ``PurificationPolicy(levels=(0,), ...)``, or
            ``None`` (see the module docstring); higher levels need the nested chain
            (:func:`~qnetsim.network.chains.nested_events.simulate_nested_chain`).
    """
    n, p_s, cutoff_ps = check_chain_arguments(
        links, n_pairs, swap_success, gate_depolarising, readout_error, cutoff_s
    )
    if restart not in RESTART_POLICIES:
        raise InvalidParameterError("restart", restart, ", ".join(RESTART_POLICIES))
    if purification is not None:
        if not isinstance(purification, PurificationPolicy):
            raise InvalidParameterError("purification", purification, "a PurificationPolicy")
        if purification.levels != (0,):
            raise InvalidParameterError(
                "purification.levels", purification.levels, "(0,) for the swap-asap chain"
            )
    estimate = check_chain_budget(
        links, n, swap_success=p_s, cutoff_s=cutoff_s, mode=mode, max_time_s=max_time_s,
        purified_levels=0 if purification is None else 1,
        rounds=1 if purification is None else purification.rounds,
    )  # fmt: skip
    sim = Simulator(seed=seed)
    chain = _Chain(
        sim, links, p_s, gate_depolarising, readout_error, cutoff_ps, restart, mode,
        purification=purification,
    )  # fmt: skip
    checks = install_watchdog(sim, estimate)
    for i in range(chain.n):
        if chain._lean[i]:  # plain calls, queued as a process's start would be
            sim.schedule(0, chain._begin, i, priority=-1)
        else:
            sim.process(chain._run_link(i), name=f"link{i}")
    if max_time_s is None:  # run the kernel's own loop, stopped by the n-th delivery
        chain.on_delivery = _stop_after(sim, n, on_progress)
        sim.run()
    else:
        run_until_delivered(sim, chain.delivered, n, max_time_s, on_progress)
    return ChainResult(
        chain.delivered[:n],
        sim.now,
        sim.events_processed - checks(),
        chain.cutoffs,
        chain.failed,
        chain.purification_attempts,
        chain.failed_purifications,
    )
