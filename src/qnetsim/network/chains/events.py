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
from qnetsim.hardware.memory import Memory
from qnetsim.link.design import Link
from qnetsim.link.process import LinkGenerator
from qnetsim.network.chains.chain_noise import _IDENTITY, ChainNoise, _as4
from qnetsim.network.chains.chain_types import ChainPair, ChainResult, LivePair
from qnetsim.network.chains.common import (
    PurificationPolicy,
    check_chain_arguments,
    node_memory,
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


class _Chain(ChainNoise):
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
        self.n = len(links)
        self.p_s = swap_success
        self.cutoff_ps = cutoff_ps
        self.restart = restart
        # Node qubits (node_qubits module): communication qubits free to attempt, storage
        # qubits free to hold a half, and the generations each node is running.
        self.nodes = chain_nodes(
            self.links,
            per_side=None if purification is None else [2] * (self.n + 1),
            sequential=purification is None,
            engine="the swap-asap chain with link pumping",
        )
        self.comm_free = [node.communication for node in self.nodes]
        self.storage_free = [node.storage for node in self.nodes]
        self.generating: list[dict[int, int]] = [{} for _ in self.nodes]  # link -> start
        # Nodes whose attempts dephase what they store (node_qubits rule 3); elsewhere the
        # attempt bookkeeping is skipped (it would apply identities).
        self._attempts_dephase = [
            node.memory("storage").dephasing_per_attempt > 0.0 for node in self.nodes
        ]
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
        # transfer noise of each link's halves into storage, None where it is the identity
        self._transfer: list[tuple[Coefficients4 | None, Coefficients4 | None]] = [
            tuple(  # type: ignore[misc]
                None if (t := _as4(link.transfer_pauli(x))) == _IDENTITY else t for x in ("A", "B")
            )
            for link in self.links
        ]
        self.holder: dict[tuple[int, str], str | None] = {}
        self.rng = sim.rng.stream(f"{prefix}swaps")
        # A controller (e.g. a scheduler holding a memory reservation) may pause the chain:
        # links start only while ``active``; ``on_delivery`` runs after each delivery.
        self.active = True
        self.on_delivery = on_delivery
        self.busy: set[tuple[int, str]] = set()  # memories of links that are attempting
        # position of node j along the fibre (km) for message latencies
        self.pos_ps = node_positions_ps(links)
        # gate and readout noise of each repeater's BSM (from its memory unless overridden)
        self.p2, self.e = swap_noise(links, gate_depolarising, readout_error)
        self._readout: list[Coefficients4 | None] = [
            None if e == 0.0 else ((1 - e) ** 2, e * (1 - e), e * (1 - e), e**2) for e in self.e
        ]
        self.memory: dict[tuple[int, str], LivePair | None] = {}
        for j in range(self.n + 1):
            self.memory[(j, "L")] = None
            self.memory[(j, "R")] = None
            self.holder[(j, "L")] = None
            self.holder[(j, "R")] = None
        self.wake: list[Event | None] = [None] * self.n
        self.needed = [True] * self.n  # round mode: links that must (re)generate this round
        self.delivered: list[ChainPair] = []
        self.round_start = 0
        self.cutoffs = 0
        self.failed = 0
        self._noise_consts: dict[tuple[int, str], tuple[float, float]] = {}
        self.purification = purification
        self.purification_attempts = 0
        self.failed_purifications = 0

    def _memory(self, node: int) -> Memory:
        return node_memory(self.links, node)

    # --- memories --------------------------------------------------------------------
    def _link_of(self, mem: tuple[int, str]) -> int | None:
        node, side = mem
        i = node if side == "R" else node - 1
        return i if 0 <= i < self.n else None

    def _can_start(self, i: int) -> bool:
        if not self.active:
            return False
        a, b = (i, "R"), (i + 1, "L")
        if self.memory[a] is not None or self.memory[b] is not None or a in self.busy:
            return False
        if self.comm_free[i] < 1 or self.comm_free[i + 1] < 1:
            return False  # a communication qubit is attempting another link or holds a half
        return self.restart == "continuous" or self.needed[i]

    def resume(self) -> None:
        """Let the links start again (after the controller set ``active``)."""
        for i in range(self.n):
            self._poke(i)

    def _poke(self, i: int) -> None:
        ev = self.wake[i]
        if ev is not None and self._can_start(i):
            self.wake[i] = None
            ev.succeed()

    def _free(self, mem: tuple[int, str]) -> None:
        self.memory[mem] = None
        self._release(mem)
        i = self._link_of(mem)
        if i is not None:
            self._poke(i)

    def _release(self, mem: tuple[int, str]) -> None:
        """Give back the qubit that held slot ``mem`` and wake the node's links."""
        holder = self.holder[mem]
        if holder is None:
            return
        self.holder[mem] = None
        node = mem[0]
        if holder == "storage":
            self.storage_free[node] += 1
            self._move_to_storage(node)
        else:
            self.comm_free[node] += 1
        for i in (node - 1, node):
            if 0 <= i < self.n:
                self._poke(i)

    def _move_to_storage(self, node: int) -> None:
        """A storage qubit came free: move a half waiting in the node's communication qubit
        into it (transfer noise), so the communication qubit can attempt again (otherwise a
        repeater whose stored half was discarded could never remake that link)."""
        for side in ("L", "R"):
            slot = (node, side)
            pair = self.memory[slot]
            if pair is None or self.holder[slot] != "communication" or not self.storage_free[node]:
                continue
            i = node if side == "R" else node - 1
            if not self.links[i].store_in_memory:
                continue  # this link keeps its halves in the communication qubit
            k = pair.ends.index(slot)
            self._bring_up_to_date(pair, self.sim.now)
            noise = self._transfer[i][0 if side == "R" else 1]
            if noise is not None:
                pair.coefficients = convolve4(pair.coefficients, noise)
            pair.holders[k] = "storage"
            pair.counted_ps[k] = self.sim.now
            self.holder[slot] = "storage"
            self.storage_free[node] -= 1
            self.comm_free[node] += 1

    def _hold(self, i: int, pair: LivePair, coefficients: Coefficients4) -> None:
        """Place the halves of link ``i``'s new pair: into a free storage qubit where the
        node stores (transfer noise applied, communication qubit freed), else they stay in
        the communication qubit."""
        link = self.links[i]
        for k, (node, side) in enumerate(pair.ends):
            if self.storage_free[node] > 0 and link.store_in_memory:
                self.storage_free[node] -= 1
                noise = self._transfer[i][k]
                if noise is not None:
                    coefficients = convolve4(coefficients, noise)
                pair.holders[k] = "storage"
                self.holder[(node, side)] = "storage"
                self.comm_free[node] += 1
            else:
                self.holder[(node, side)] = "communication"
        pair.coefficients = coefficients

    def _destroy(self, pair: LivePair) -> None:
        pair.alive = False
        for i in pair.links:
            self.needed[i] = True
        for k, mem in enumerate(pair.ends):
            timer = pair.timers[k]
            if timer is not None:
                timer.cancel()
            if self.memory[mem] is pair:
                self._free(mem)
        # Interior links of the pair have free memories already (their qubits were swapped
        # away); with restart="round" they wait for ``needed``, so wake them too.
        for i in pair.links:
            self._poke(i)

    def _arm_cutoff(self, pair: LivePair, k: int) -> None:
        node, _ = pair.ends[k]
        if self.cutoff_ps is None or node in (0, self.n):
            return
        when = pair.stored_ps[k] + self.cutoff_ps
        # priority 1: a partner arriving exactly at the cutoff still counts (wait <= tau)
        pair.timers[k] = self.sim.schedule_at(
            max(when, self.sim.now), self._cutoff, pair, priority=1
        )

    def _cutoff(self, pair: LivePair) -> None:
        if pair.alive:
            self.cutoffs += 1
            self._destroy(pair)

    # --- processes -------------------------------------------------------------------
    def link_process(self, i: int) -> Generator[Event, Any, None]:
        a, b = (i, "R"), (i + 1, "L")
        gen = self.gens[i]
        sim = self.sim
        ends = (i, i + 1)
        while True:
            while not self._can_start(i):
                ev = sim.event()
                self.wake[i] = ev
                yield ev
            self.busy.add(a)
            for node in ends:
                self.comm_free[node] -= 1
                self._account_node(node, sim.now)
                self.generating[node][i] = sim.now
            if type(gen) is SampledLink:
                delivered = yield gen.request()
            else:
                delivered = yield from gen.generate_one()
            made_ps, coefficients = delivered.herald_time_ps, _as4(delivered.coefficients)
            if self.purification is not None:
                made_ps, coefficients = yield from self._pump(i, delivered)
            now = sim.now
            finished = None if self.purification is not None else (i, delivered.cycles)
            for node in ends:
                self._account_node(node, now, finished)
                del self.generating[node][i]
            self.busy.discard(a)
            self.needed[i] = False
            pair = LivePair(
                (a, b),
                coefficients,
                [now, now],
                [now, now],  # the cutoff clock starts when the node learns of the pair
                now,
                links=frozenset((i,)),
                counted_ps=[now, now],
            )
            self.memory[a] = pair
            self.memory[b] = pair
            self._hold(i, pair, coefficients)
            for other in (i - 1, i + 1):
                if 0 <= other < self.n:  # a freed communication qubit may start the other link
                    self._poke(other)
            if self.cutoff_ps is not None:
                self._arm_cutoff(pair, 0)
                self._arm_cutoff(pair, 1)
            if self.n == 1:
                yield from self._deliver(pair, last_swap=made_ps)
                continue
            for node in ends:
                done = self._swap(node)
                if done is not None:
                    yield from self._deliver(done, last_swap=now)
                    # the other end's swaps were part of the cascade (nothing left to do)
                    break

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

    def _swap(self, node: int) -> LivePair | None:
        """Swap at ``node`` if it holds two pairs, then at the far ends of the new pair, as
        long as swaps are possible (swap as soon as possible). Returns the end-to-end pair
        when the cascade made one (to be delivered), else ``None``."""
        if node == 0 or node == self.n:
            return None
        memory = self.memory
        slot_l, slot_r = (node, "L"), (node, "R")
        left, right = memory[slot_l], memory[slot_r]
        if left is None or right is None:
            return None
        now = self.sim.now
        self._bring_up_to_date(left, now)
        self._bring_up_to_date(right, now)
        kl = 0 if left.ends[1] == slot_l else 1
        kr = 0 if right.ends[1] == slot_r else 1
        far_left, far_right = left.ends[kl], right.ends[kr]
        for pair in (left, right):
            pair.alive = False
            for timer in pair.timers:
                if timer is not None:
                    timer.cancel()
        memory[slot_l] = None
        memory[slot_r] = None
        success = self.p_s >= 1.0 or self.rng.random() < self.p_s
        if not success:
            self.failed += 1
            for i in left.links | right.links:
                self.needed[i] = True
            for far in (far_left, far_right):
                memory[far] = None
            for mem in (slot_l, slot_r, far_left, far_right):
                self._free(mem)
            for i in left.links | right.links:  # interior links too (see _destroy)
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
        pos = self.pos_ps
        to_end = max(abs(pos[node] - pos[0]), abs(pos[self.n] - pos[node]))
        new = LivePair(
            (far_left, far_right),
            coeffs,
            [now, now],
            [left.stored_ps[kl], right.stored_ps[kr]],
            max(left.known_ps, right.known_ps, now + to_end),
            left.swaps + right.swaps + 1,
            left.links | right.links,
            [left.holders[kl], right.holders[kr]],
            [now, now],
        )
        memory[far_left] = new
        memory[far_right] = new
        if self.cutoff_ps is not None:
            self._arm_cutoff(new, 0)
            self._arm_cutoff(new, 1)
        self._free(slot_l)
        self._free(slot_r)
        if far_left == (0, "R") and far_right == (self.n, "L"):
            return new
        for other in (far_left[0], far_right[0]):
            done = self._swap(other)
            if done is not None:
                return done
        return None

    def _deliver(self, pair: LivePair, last_swap: int) -> Generator[Event, Any, None]:
        at_swap = np.array(pair.coefficients)
        wait = pair.known_ps - self.sim.now
        if wait > 0:
            yield self.sim.timeout(wait)
        if not pair.alive and pair.swaps == 0 and self.n > 1:  # pragma: no cover - defensive
            return
        self._bring_up_to_date(pair, self.sim.now)
        self.delivered.append(
            ChainPair(
                self.round_start, last_swap, self.sim.now, at_swap, np.array(pair.coefficients)
            )
        )
        pair.alive = False
        if self.restart == "round":
            for mem, held in list(self.memory.items()):
                if held is not None:
                    held.alive = False
                    for timer in held.timers:
                        if timer is not None:
                            timer.cancel()
                    self.memory[mem] = None
                    self._release(mem)
            self.round_start = self.sim.now
            self.needed = [True] * self.n
            for i in range(self.n):
                self._poke(i)
        else:
            self.round_start = self.sim.now
            for mem in pair.ends:
                self._free(mem)
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
    sim = Simulator(seed=seed)
    chain = _Chain(
        sim, links, p_s, gate_depolarising, readout_error, cutoff_ps, restart, mode,
        purification=purification,
    )  # fmt: skip
    for i in range(chain.n):
        sim.process(chain.link_process(i), name=f"link{i}")
    if max_time_s is None:  # run the kernel's own loop, stopped by the n-th delivery
        chain.on_delivery = _stop_after(sim, n, on_progress)
        sim.run()
    else:
        run_until_delivered(sim, chain.delivered, n, max_time_s, on_progress)
    return ChainResult(
        chain.delivered[:n],
        sim.now,
        sim.events_processed,
        chain.cutoffs,
        chain.failed,
        chain.purification_attempts,
        chain.failed_purifications,
    )
