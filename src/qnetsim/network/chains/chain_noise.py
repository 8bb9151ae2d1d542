"""Decoherence bookkeeping of the swap-asap chain (:mod:`~qnetsim.network.chains.events`).

Lazy memory noise: each end of a live pair remembers when its noise was last applied, and the
twirled T1/T2 channel of its qubit's memory is applied for the elapsed time when the pair is
used; identities (infinite T1 and T2, zero elapsed time) are skipped. Per-attempt dephasing of
stored qubits (node_qubits rule 3) is counted only at nodes where it is non-zero.

The channel is the closed form of
:func:`~qnetsim.quantum.channels.memory_noise_pauli_probabilities` and its composition the sums
of :func:`~qnetsim.quantum.bell_diagonal.convolve4`, computed inline with the same float
operations (for pure dephasing, ``T1 = inf``, the terms that are exact zeros are left out,
which changes no result: ``x + 0.0 == x``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from qnetsim.link.process import LinkGenerator
from qnetsim.network.chains.chain_types import LivePair
from qnetsim.network.chains.node_qubits import NodeQubits, attempts_between
from qnetsim.network.chains.sampled_link import SampledLink
from qnetsim.quantum.bell_diagonal import Coefficients4, convolve4
from qnetsim.quantum.channels import memory_noise_pauli_probabilities
from qnetsim.units import S

__all__ = ["COMMUNICATION", "STORAGE", "ChainNoise"]

_IDENTITY: Coefficients4 = (1.0, 0.0, 0.0, 0.0)
_INF = math.inf
COMMUNICATION = "communication"
STORAGE = "storage"


def _as4(values: Any) -> Coefficients4:
    a, b, c, d = (float(v) for v in values)
    return (a, b, c, d)


class ChainNoise:
    """Mixin of the chain engine: memory noise and attempt dephasing of live pairs.

    Memory slots are flat indices (``2 j``: node ``j``'s left memory, ``2 j + 1``: its right).
    """

    nodes: list[NodeQubits]
    gens: Sequence[LinkGenerator | SampledLink]
    generating: list[dict[int, int]]
    memory: list[LivePair | None]
    holder: list[str | None]
    _attempts_dephase: list[bool]
    _times: dict[str, list[tuple[float, float]]]

    def _init_noise(self) -> None:
        """Per node and qubit kind: ``(T1, T2)`` of its memory (in seconds)."""
        self._times = {}
        for holder in (COMMUNICATION, STORAGE):
            times = []
            for node in self.nodes:
                mem = node.memory(holder)
                times.append((mem.t1_s, mem.effective_dephasing_time_s()))
            self._times[holder] = times

    def _noise(self, node: int, dt_ps: int, holder: str = COMMUNICATION) -> Coefficients4 | None:
        """Twirled memory noise of ``node``'s ``holder`` qubit over ``dt_ps``, or ``None``
        when it is the identity (infinite T1 and T2)."""
        t1, t2 = self._times[holder][node]
        if t1 == _INF and t2 == _INF:
            return None
        if not (0.0 < t2 <= 2 * t1):  # pragma: no cover - Memory validates its times
            return _as4(memory_noise_pauli_probabilities(dt_ps / S, t1, t2))
        # memory_noise_pauli_probabilities' closed form, the same float operations
        ts = dt_ps / S
        g = -math.expm1(-ts / t1) if t1 != _INF else 0.0
        c = math.exp(-ts / t2) if t2 != _INF else 1.0
        probs = ((2 - g + 2 * c) / 4, g / 4, (2 - g - 2 * c) / 4, g / 4)
        return None if probs == _IDENTITY else probs

    def _bring_up_to_date(self, pair: LivePair, now: int) -> None:
        updated = pair.updated_ps
        holders = pair.holders
        for k in (0, 1):
            dt = now - updated[k]
            holder = holders[k]
            if dt > 0:
                updated[k] = now
                t1, t2 = self._times[holder][pair.ends[k] >> 1]
                if t1 == _INF:
                    if t2 != _INF and 0.0 < t2:
                        # pure dephasing: (p, 0, q, 0) with the closed form's operations
                        c = math.exp(-(dt / S) / t2)
                        p0, p2 = (2.0 + 2 * c) / 4, (2.0 - 2 * c) / 4
                        if p0 != 1.0 or p2 != 0.0:
                            a0, a1, a2, a3 = pair.coefficients
                            pair.coefficients = (
                                a0 * p0 + a2 * p2,
                                a1 * p0 + a3 * p2,
                                a2 * p0 + a0 * p2,
                                a3 * p0 + a1 * p2,
                            )
                else:
                    noise = self._noise(pair.ends[k] >> 1, dt, holder)
                    if noise is not None:
                        pair.coefficients = convolve4(pair.coefficients, noise)
            if holder == STORAGE:
                self._apply_attempts(pair, k, now)

    def _apply_attempts(
        self, pair: LivePair, k: int, now: int, finished: tuple[int, int] | None = None
    ) -> None:
        """Dephase end ``k`` (held in storage) by its node's attempts since it was last
        counted (node_qubits rule 3); ``finished = (link, cycles)`` caps the count of a
        generation that has just delivered at its known number of cycles."""
        node = pair.ends[k] >> 1
        since = pair.counted_ps[k]
        pair.counted_ps[k] = max(since, now)
        if not self._attempts_dephase[node]:
            return
        info = self.nodes[node]
        cycles = 0
        for i, start in self.generating[node].items():
            count = attempts_between(start, self.gens[i].cycle_ps, since, now)
            if finished is not None and finished[0] == i:
                done_before = attempts_between(start, self.gens[i].cycle_ps, start, since)
                count = max(0, min(count, finished[1] - done_before))
            cycles += count
        if cycles:
            z = info.memory(STORAGE).attempt_dephasing(cycles * info.attempts_per_cycle)
            pair.coefficients = convolve4(pair.coefficients, (1 - z, 0.0, z, 0.0))

    def _account_node(self, node: int, now: int, finished: tuple[int, int] | None = None) -> None:
        """Apply the attempts made so far at ``node`` to every half it stores (call only
        where attempts dephase: the counters are kept only there)."""
        for slot, k in ((2 * node, 1), (2 * node + 1, 0)):  # left memory, then right
            held = self.memory[slot]
            if held is not None and self.holder[slot] == STORAGE:
                self._apply_attempts(held, k, now, finished)

    def _decohere_kept(self, i: int, kept: Coefficients4, dt: int) -> Coefficients4:
        """Memory noise of both ends of link ``i``'s kept (pumped) pair over ``dt``."""
        if dt > 0:
            for node in (i, i + 1):
                noise = self._noise(node, dt)
                if noise is not None:
                    kept = convolve4(kept, noise)
        return kept
