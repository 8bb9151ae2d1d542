"""Decoherence bookkeeping of the swap-asap chain (:mod:`~qnetsim.network.chains.events`).

Lazy memory noise: each end of a live pair remembers when its noise was last applied, and the
twirled T1/T2 channel of its qubit's memory is applied for the elapsed time when the pair is
used; identities (infinite T1 and T2, zero elapsed time) are skipped. Per-attempt dephasing of
stored qubits (node_qubits rule 3) is counted only at nodes where it is non-zero.
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
from qnetsim.units import ps_to_seconds

__all__ = ["ChainNoise"]

_IDENTITY: Coefficients4 = (1.0, 0.0, 0.0, 0.0)
_INF = math.inf


def _as4(values: Any) -> Coefficients4:
    a, b, c, d = (float(v) for v in values)
    return (a, b, c, d)


class ChainNoise:
    """Mixin of the chain engine: memory noise and attempt dephasing of live pairs."""

    nodes: list[NodeQubits]
    gens: Sequence[LinkGenerator | SampledLink]
    generating: list[dict[int, int]]
    memory: dict[tuple[int, str], LivePair | None]
    holder: dict[tuple[int, str], str | None]
    _attempts_dephase: list[bool]
    _noise_consts: dict[tuple[int, str], tuple[float, float]]

    def _noise(self, node: int, dt_ps: int, holder: str = "communication") -> Coefficients4 | None:
        """Twirled memory noise of ``node``'s ``holder`` qubit over ``dt_ps``, or ``None``
        when it is the identity (infinite T1 and T2)."""
        key = (node, holder)
        consts = self._noise_consts.get(key)
        if consts is None:
            mem = self.nodes[node].memory(holder)
            consts = self._noise_consts[key] = (mem.t1_s, mem.effective_dephasing_time_s())
        t1, t2 = consts
        if t1 == _INF and t2 == _INF:
            return None
        if not (0.0 < t2 <= 2 * t1):  # pragma: no cover - Memory validates its times
            return _as4(memory_noise_pauli_probabilities(ps_to_seconds(dt_ps), t1, t2))
        # memory_noise_pauli_probabilities' closed form, the same float operations
        ts = ps_to_seconds(dt_ps)
        g = -math.expm1(-ts / t1) if t1 != _INF else 0.0
        c = math.exp(-ts / t2) if t2 != _INF else 1.0
        probs = ((2 - g + 2 * c) / 4, g / 4, (2 - g - 2 * c) / 4, g / 4)
        return None if probs == _IDENTITY else probs

    def _bring_up_to_date(self, pair: LivePair, now: int) -> None:
        updated = pair.updated_ps
        for k in (0, 1):
            dt = now - updated[k]
            node = pair.ends[k][0]
            if dt > 0:
                noise = self._noise(node, dt, pair.holders[k])
                if noise is not None:
                    pair.coefficients = convolve4(pair.coefficients, noise)
                updated[k] = now
            if pair.holders[k] == "storage":
                self._apply_attempts(pair, k, now)

    def _apply_attempts(
        self, pair: LivePair, k: int, now: int, finished: tuple[int, int] | None = None
    ) -> None:
        """Dephase end ``k`` (held in storage) by its node's attempts since it was last
        counted (node_qubits rule 3); ``finished = (link, cycles)`` caps the count of a
        generation that has just delivered at its known number of cycles."""
        node = pair.ends[k][0]
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
            z = info.memory("storage").attempt_dephasing(cycles * info.attempts_per_cycle)
            pair.coefficients = convolve4(pair.coefficients, (1 - z, 0.0, z, 0.0))

    def _account_node(self, node: int, now: int, finished: tuple[int, int] | None = None) -> None:
        """Apply the attempts made so far at ``node`` to every half it stores."""
        if not self._attempts_dephase[node]:
            return  # nothing to apply (the counters are only read where attempts dephase)
        for side in ("L", "R"):
            held = self.memory[(node, side)]
            if held is not None and self.holder[(node, side)] == "storage":
                self._apply_attempts(held, held.ends.index((node, side)), now, finished)

    def _decohere_kept(self, i: int, kept: Coefficients4, dt: int) -> Coefficients4:
        """Memory noise of both ends of link ``i``'s kept (pumped) pair over ``dt``."""
        if dt > 0:
            for node in (i, i + 1):
                noise = self._noise(node, dt)
                if noise is not None:
                    kept = convolve4(kept, noise)
        return kept
