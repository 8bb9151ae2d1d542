"""The attempt timing of a :class:`~qnetsim.link.design.Link`: parallel modes, attempt cycle,
herald wait and round trip, periodic overheads and duty cycle, wall time and rate
(physics.md section 9; :class:`~qnetsim.hardware.timing.AttemptTiming`).

:class:`LinkTiming` is a mixin of :class:`~qnetsim.link.design.Link`, which supplies the
platforms, fibres and success probability it uses.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim import _arrays
from qnetsim.units import ps_to_seconds, seconds_to_ps

if TYPE_CHECKING:
    from qnetsim.hardware.fibre import Fibre
    from qnetsim.hardware.memory import Memory
    from qnetsim.hardware.platform import Platform
    from qnetsim.hardware.timing import Overhead

__all__ = ["LinkTiming"]


class LinkTiming:
    """Attempt cycle, waits, overheads, wall time and rate of a link (mixin of
    :class:`~qnetsim.link.design.Link`)."""

    if TYPE_CHECKING:  # supplied by Link
        node_a: Platform

        @property
        def b(self) -> Platform: ...

        @property
        def fibres(self) -> tuple[Fibre, Fibre]: ...

        @property
        def classical_delays_ps(self) -> tuple[int, int]: ...

        @property
        def success_probability(self) -> float: ...

        def _communication_qubit(self, platform: Platform) -> Memory: ...

    @property
    def num_modes(self) -> int:
        """Parallel modes per cycle: the scarcer node's communication qubits (memories x
        temporal modes; the memory itself where it is also the communication qubit)."""
        return min(
            self._communication_qubit(self.node_a).num_modes,
            self._communication_qubit(self.b).num_modes,
        )

    @property
    def cycle_success_probability(self) -> float:
        """Probability that at least one of the ``num_modes`` modes heralds in a cycle."""
        return -_arrays.expm1(self.num_modes * _arrays.log1p(-self.success_probability))

    @cached_property
    def herald_wait_s(self) -> tuple[float, float]:
        """Time each node's memory waits from its emission until both nodes know the herald
        (s): its photon's arm to the station plus the longer of the two herald returns (the
        emissions are timed so the photons meet at the station). Midpoint: ``L/c`` each;
        node to node: ``2L/c`` at A and ``L/c`` at B; spooled fibre (``classical_length_km``
        near 0): the photon's path only."""
        da, db = (f.delay_ps for f in self.fibres)
        longest = max(self.classical_delays_ps)
        return (ps_to_seconds(da + longest), ps_to_seconds(db + longest))

    @property
    def round_trip_ps(self) -> int:
        """From the emission of the farther node's photon until both nodes know the herald
        (integer picoseconds)."""
        return max(f.delay_ps for f in self.fibres) + max(self.classical_delays_ps)

    def _node_local_s(self, node: Platform) -> float:
        return node.timing.local_s(node.emitter.attempt_duration_s)

    def _node_cycle_s(self, node: Platform) -> float:
        round_trip = ps_to_seconds(self.round_trip_ps)
        return node.timing.cycle_s(node.emitter.attempt_duration_s, round_trip)

    @property
    def _pacing_node(self) -> Platform:
        """The node whose cycle is the longer (it sets the link's pace)."""
        a, b = self.node_a, self.b
        return a if bool(np.all(self._node_cycle_s(a) >= self._node_cycle_s(b))) else b

    @property
    def waits_for_herald(self) -> bool:
        """Whether the attempts wait for the herald (unless both nodes run attempt trains
        back to back, they do)."""
        return self.node_a.timing.wait_for_herald or self.b.timing.wait_for_herald

    @property
    def local_ps(self) -> int:
        """Local preparation time of an attempt (the slower node), integer picoseconds."""
        return _arrays.maximum(
            seconds_to_ps(self._node_local_s(self.node_a)),
            seconds_to_ps(self._node_local_s(self.b)),
        )

    @property
    def cycle_ps(self) -> int:
        """One attempt cycle in exact integer picoseconds: each node's local time plus, when
        it waits, the herald round trip (or its published repetition period); the slower
        node sets the pace."""
        return _arrays.maximum(
            _arrays.maximum(
                seconds_to_ps(self._node_cycle_s(self.node_a)),
                seconds_to_ps(self._node_cycle_s(self.b)),
            ),
            1,
        )

    @cached_property
    def cycle_s(self) -> float:
        """Duration of one attempt cycle (s): local preparation plus the round trip to the
        herald when the nodes wait for it (physics.md 9), or the published repetition
        period (:class:`~qnetsim.hardware.timing.AttemptTiming`)."""
        return ps_to_seconds(self.cycle_ps)

    @property
    def overheads(self) -> tuple[Overhead, ...]:
        """The periodic blocks without attempts of both nodes. The nodes' schedules are
        taken as coordinated: blocks that both nodes list identically happen once; blocks
        of one node only stop the link too (an assumption)."""
        out = list(self.node_a.timing.overheads)
        out += [o for o in self.b.timing.overheads if o not in out]
        return tuple(out)

    @property
    def duty_cycle(self) -> float:
        """The unlisted duty cycle: the smaller of the nodes' ``timing.duty_cycle``."""
        return _arrays.minimum(self.node_a.timing.duty_cycle, self.b.timing.duty_cycle)

    @property
    def duty_fraction(self) -> float:
        """Fraction of wall time spent attempting (:mod:`qnetsim.hardware.timing`)."""
        per_s = sum(o.fraction_per_second(self.cycle_s) for o in self.overheads)
        return self.duty_cycle / (1.0 + per_s)

    def wall_time_ps(self, cycles: int) -> int:
        """Wall time after ``cycles`` attempt cycles counted from the start of a run (exact
        integer picoseconds): the cycles plus every overhead block owed by then, each block
        placed after its ``N``-th cycle or after each ``T`` seconds of attempting, all
        stretched by ``1 / duty_cycle``. The event engine places its cycles at these times."""
        k = int(cycles)
        busy = k * self.cycle_ps
        for o in self.overheads:
            if o.every_attempts is not None:
                blocks = k // o.every_attempts
            else:
                assert o.every_s is not None
                blocks = (k * self.cycle_ps) // seconds_to_ps(o.every_s)
            busy += blocks * seconds_to_ps(o.duration_s)
        return busy if self.duty_cycle == 1.0 else round(busy / self.duty_cycle)

    def wall_time_s(self, cycles: ArrayLike) -> NDArray[np.float64]:
        """:meth:`wall_time_ps` for an array of cycle counts, in seconds (floating point, so
        that astronomically long runs do not overflow)."""
        k = np.asarray(cycles, dtype=np.float64)
        cycle = self.cycle_ps * 1e-12
        busy = k * cycle
        for o in self.overheads:
            if o.every_attempts is not None:
                blocks = np.floor(k / o.every_attempts)
            else:
                assert o.every_s is not None
                blocks = np.floor(k * self.cycle_ps / seconds_to_ps(o.every_s))
            busy = busy + blocks * (seconds_to_ps(o.duration_s) * 1e-12)
        return np.asarray(busy / self.duty_cycle, dtype=np.float64)

    @property
    def rate_hz(self) -> float:
        """Mean entanglement rate: ``P(cycle succeeds) x duty fraction / cycle``."""
        return self.cycle_success_probability * self.duty_fraction / self.cycle_s

    @property
    def mean_time_s(self) -> float:
        """Mean wall time to a heralded pair, ``cycle / (P(cycle succeeds) x duty)``."""
        return 1.0 / self.rate_hz

    @property
    def attempts_during_herald_wait(self) -> tuple[int, int]:
        """Attempts each node makes while a heralded pair waits for its herald: 0 when the
        nodes wait for the herald, else the attempts that fit in each memory's herald
        wait (each dephases the stored qubit, ``Memory.dephasing_per_attempt``)."""
        if self.waits_for_herald:
            return (0, 0)
        local = ps_to_seconds(self.local_ps)
        wa, wb = self.herald_wait_s
        if _arrays.is_batch(local):
            return (np.floor(wa / local).astype(int), np.floor(wb / local).astype(int))
        return (int(wa / local), int(wb / local))
