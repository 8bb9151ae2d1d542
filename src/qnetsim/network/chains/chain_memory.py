"""Memory slots of the swap-asap chain (:mod:`~qnetsim.network.chains.events`): which pair
each memory holds, in which qubit, when a link may start, and freeing, cutoffs and wake-ups.

Slot ``2 j`` is node ``j``'s left memory (link ``j - 1``), ``2 j + 1`` its right one (link
``j``); link ``i`` uses slots ``2 i + 1`` and ``2 i + 2`` and the link of slot ``s`` is
``(s - 1) >> 1``. Flat lists indexed by slot, node or link keep every operation O(1) (a
round restart clears all slots, O(N) once per delivered pair).

Waking: a link that may not start records how it waits in ``wake[i]`` and every change that
can let it start pokes it (so a poke of a link whose inputs did not change does nothing:
with ``restart="continuous"`` the pokes of a discarded pair's interior links are skipped).
"""

from __future__ import annotations

from collections.abc import Callable

from qnetsim.engine import Event, ScheduledCall, Simulator
from qnetsim.network.chains.chain_noise import COMMUNICATION, STORAGE, ChainNoise
from qnetsim.network.chains.chain_types import LivePair
from qnetsim.quantum.bell_diagonal import Coefficients4, convolve4

__all__ = ["CALL", "ChainMemory"]

#: ``wake[i]`` of a link driven by plain calls (a :class:`~qnetsim.network.chains.
#: sampled_link.SampledLink` without pumping) that waits to start; a link run as a process
#: holds the event it waits on instead.
CALL = True


class ChainMemory(ChainNoise):
    """Mixin of the chain engine: its memory slots (see the module docstring)."""

    sim: Simulator
    n: int
    active: bool
    busy: list[bool]
    comm_free: list[int]
    storage_free: list[int]
    needed: list[bool]
    wake: list[Event | bool | None]
    cutoff_ps: int | None
    cutoffs: int
    _round: bool
    _stores: list[bool]
    _transfer: list[tuple[Coefficients4 | None, Coefficients4 | None]]
    #: Starts link ``i``'s attempts on plain calls (the engine's method; declared here only
    #: for the type checker, as the attributes above are).
    _begin: Callable[[int], None]

    # --- memories --------------------------------------------------------------------
    def _can_start(self, i: int) -> bool:
        memory, comm = self.memory, self.comm_free
        return (
            self.active
            and memory[2 * i + 1] is None
            and memory[2 * i + 2] is None
            and not self.busy[i]
            and comm[i] >= 1  # a communication qubit free at both nodes (not attempting
            and comm[i + 1] >= 1  # another link nor holding a half)
            and (not self._round or self.needed[i])
        )

    def resume(self) -> None:
        """Let the links start again (after the controller set ``active``)."""
        for i in range(self.n):
            self._poke(i)

    def _poke(self, i: int) -> None:
        ev = self.wake[i]
        if ev is not None and self._can_start(i):
            self.wake[i] = None
            if ev is CALL:
                self.sim.schedule(0, self._begin, i)
            else:
                ev.succeed()  # type: ignore[union-attr]

    def _free(self, slot: int) -> None:
        self.memory[slot] = None
        self._release(slot)
        i = (slot - 1) >> 1  # the link of the slot
        if 0 <= i < self.n and self.wake[i] is not None:
            self._poke(i)

    def _release(self, slot: int) -> None:
        """Give back the qubit that held ``slot`` and wake the node's links."""
        holder = self.holder[slot]
        if holder is None:
            return
        self.holder[slot] = None
        node = slot >> 1
        if holder == STORAGE:
            self.storage_free[node] += 1
            self._move_to_storage(node)
        else:
            self.comm_free[node] += 1
        wake = self.wake
        if node > 0 and wake[node - 1] is not None:
            self._poke(node - 1)
        if node < self.n and wake[node] is not None:
            self._poke(node)

    def _move_to_storage(self, node: int) -> None:
        """A storage qubit came free: move a half waiting in the node's communication qubit
        into it (transfer noise), so the communication qubit can attempt again (otherwise a
        repeater whose stored half was discarded could never remake that link)."""
        for slot in (2 * node, 2 * node + 1):
            pair = self.memory[slot]
            if pair is None or self.holder[slot] != COMMUNICATION or not self.storage_free[node]:
                continue
            right = slot & 1
            i = node if right else node - 1
            if not self._stores[i]:
                continue  # this link keeps its halves in the communication qubit
            k = 0 if right else 1
            now = self.sim.now
            self._bring_up_to_date(pair, now)
            noise = self._transfer[i][0 if right else 1]
            if noise is not None:
                pair.coefficients = convolve4(pair.coefficients, noise)
            pair.holders[k] = STORAGE
            pair.counted_ps[k] = now
            self.holder[slot] = STORAGE
            self.storage_free[node] -= 1
            self.comm_free[node] += 1

    def _hold(self, i: int, pair: LivePair, coefficients: Coefficients4) -> None:
        """Place the halves of link ``i``'s new pair: into a free storage qubit where the
        node stores (transfer noise applied, communication qubit freed), else they stay in
        the communication qubit."""
        if self._stores[i]:
            for k, slot in enumerate(pair.ends):
                node = slot >> 1
                if self.storage_free[node] > 0:
                    self.storage_free[node] -= 1
                    noise = self._transfer[i][k]
                    if noise is not None:
                        coefficients = convolve4(coefficients, noise)
                    pair.holders[k] = STORAGE
                    self.holder[slot] = STORAGE
                    self.comm_free[node] += 1
                else:
                    self.holder[slot] = COMMUNICATION
        else:
            self.holder[2 * i + 1] = self.holder[2 * i + 2] = COMMUNICATION
        pair.coefficients = coefficients

    def _destroy(self, pair: LivePair) -> None:
        pair.alive = False
        if self._round:
            for i in pair.span():
                self.needed[i] = True
        for k, slot in enumerate(pair.ends):
            timer = pair.timers[k]
            if timer is not None:
                timer.cancel()
            if self.memory[slot] is pair:
                self._free(slot)
        # Interior links of the pair have free memories already (their qubits were swapped
        # away); with restart="round" they wait for ``needed``, so wake them too (in
        # "continuous" every change that lets a link start has poked it already).
        if self._round:
            for i in pair.span():
                self._poke(i)

    def _arm_cutoffs(self, pair: LivePair) -> None:
        assert self.cutoff_ps is not None
        sim = self.sim
        timers: list[ScheduledCall | None] = [None, None]
        for k in (0, 1):
            node = pair.ends[k] >> 1
            if node in (0, self.n):
                continue
            when = pair.stored_ps[k] + self.cutoff_ps
            # priority 1: a partner arriving exactly at the cutoff still counts (wait <= tau)
            timers[k] = sim.schedule_at(max(when, sim.now), self._cutoff, pair, priority=1)
        pair.timers = timers

    def _cutoff(self, pair: LivePair) -> None:
        if pair.alive:
            self.cutoffs += 1
            self._destroy(pair)
