"""An elementary link inside the discrete-event simulation.

:class:`LinkGenerator` produces pairs one at a time for whoever drives it
(``pair = yield from gen.generate_one()`` in a process), with real classical herald
messages: the heralding station sends the outcome to both nodes over
:class:`~qnetsim.engine.ClassicalChannel` s whose latency is the fibre delay, and a pair is
delivered when both nodes know. Timeline of the successful cycle (``physics.md`` section 9):
node emission after the local preparation time, the photons reach the station after the arm
delay, the herald reaches each node one arm delay later. Each memory decoheres from its
emission to the delivery.

Two modes (the same as :func:`qnetsim.link.montecarlo.sample_link`):

* ``"sampled"``: the number of cycles is drawn at once (geometric); cost independent of loss;
* ``"attempt"``: attempts are simulated photon by photon in vectorised blocks until one
  heralds (:mod:`qnetsim.link.attempts`); the pair carries its own herald's state.

Examples:
    >>> from qnetsim.engine import Simulator
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link.design import Link
    >>> sim = Simulator(seed=7)
    >>> gen = LinkGenerator(sim, Link(get_platform("ca_ion_ustc"), 10.0))
    >>> def run(sim):
    ...     pairs = []
    ...     for _ in range(3):
    ...         pair = yield from gen.generate_one()
    ...         pairs.append(pair)
    ...     return pairs
    >>> proc = sim.process(run(sim))
    >>> sim.run()
    >>> [p.index for p in proc.value], proc.value[-1].delivery_time_ps == sim.now
    ([0, 1, 2], True)
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_int
from qnetsim.engine import ClassicalChannel, Event, Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.link.design import Link
from qnetsim.link.montecarlo import (
    MAX_ATTEMPTS,
    MODES,
    attempt_block,
    check_attempt_probability,
    check_cycle_probability,
)
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.states import BellDiagonalState, QubitId
from qnetsim.units import ps_to_seconds

__all__ = ["DeliveredPair", "LinkGenerator", "back_to_back"]


class PairRecord:
    """The fidelity and quantum-layer state of a pair record that holds Bell-diagonal
    ``coefficients`` on two ``qubits`` (shared by :class:`DeliveredPair` and
    :class:`~qnetsim.link.memory_photon_process.MemoryPhotonPair`)."""

    coefficients: NDArray[np.float64]
    qubits: tuple[QubitId, QubitId]

    @property
    def fidelity(self) -> float:
        """Fidelity to ``Phi+`` of :attr:`coefficients`."""
        return float(self.coefficients[0])

    @property
    def state(self) -> BellDiagonalState:
        """The pair as a quantum-layer state on :attr:`qubits`."""
        return BellDiagonalState(self.qubits, self.coefficients)


@dataclass(frozen=True)
class DeliveredPair(PairRecord):
    """A pair delivered by a :class:`LinkGenerator`.

    Attributes:
        index: 0, 1, 2, ... in delivery order.
        cycles: attempt cycles it took (>= 1).
        emission_time_ps: ``(node A, node B)`` emission time of the successful attempt.
        herald_time_ps: when the station saw the herald.
        delivery_time_ps: when the second node learnt of it.
        coefficients_at_herald: Bell-diagonal coefficients at the station's herald.
        coefficients: Bell-diagonal coefficients at delivery (memory noise applied).
        qubits: the memory-qubit ids of the pair.
    """

    index: int
    cycles: int
    emission_time_ps: tuple[int, int]
    herald_time_ps: int
    delivery_time_ps: int
    coefficients_at_herald: NDArray[np.float64]
    coefficients: NDArray[np.float64]
    qubits: tuple[QubitId, QubitId]


T = TypeVar("T")


class LinkGenerator:
    """Generates entangled pairs over ``link`` in simulation ``sim``.

    Args:
        sim: the simulator.
        link: the elementary link.
        mode: ``"sampled"`` or ``"attempt"``.
        name: stream name of this link's random generator in ``sim.rng`` (and a label).

    Pair ``i`` is delivered on the memory qubits ``(name, "A", i)`` and ``(name, "B", i)``
    (:attr:`DeliveredPair.qubits`).

    Raises:
        InvalidParameterError: when a pair is requested from a hopelessly lossy link: a
            success probability per cycle below
            :data:`~qnetsim.link.montecarlo.MIN_CYCLE_PROBABILITY` (``"sampled"``) or per
            attempt below :data:`~qnetsim.link.montecarlo.MIN_ATTEMPT_PROBABILITY`
            (``"attempt"``), as in :func:`~qnetsim.link.montecarlo.sample_link`.
    """

    def __init__(
        self, sim: Simulator, link: Link, mode: str = "sampled", name: str = "link"
    ) -> None:
        if mode not in MODES:
            raise InvalidParameterError("mode", mode, ", ".join(MODES))
        self.sim = sim
        self.link = link
        self.mode = mode
        self.name = name
        self.rng = sim.rng.stream(name)
        fa, fb = link.fibres
        self._arm_ps = (fa.delay_ps, fb.delay_ps)
        ca, cb = link.classical_delays_ps
        self._to_a: ClassicalChannel[int] = ClassicalChannel(sim, ca, f"{name}/herald->A")
        self._to_b: ClassicalChannel[int] = ClassicalChannel(sim, cb, f"{name}/herald->B")
        self._local_ps = link.local_ps
        self.cycle_ps = link.cycle_ps
        # The cycle schedule: cycle k (counted from the origin) starts at
        # origin + link.wall_time_ps(k), overhead blocks and duty cycle included.
        self._origin_ps = sim.now
        self._cycles_done = 0
        self._last_delivery_ps: int | None = None
        self._count = 0
        self.attempts_simulated = 0
        self._p_cycle = link.cycle_success_probability
        self._herald_coeffs = link.attempt.bell_diagonal().coefficients
        self._noise_cache: dict[
            tuple[int, int], tuple[NDArray[np.float64], NDArray[np.float64]]
        ] = {}

    def _storage(
        self, wait_a_ps: int, wait_b_ps: int
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        key = (wait_a_ps, wait_b_ps)
        if key not in self._noise_cache:
            pa = self.link.storage_twirl("A", ps_to_seconds(wait_a_ps))
            pb = self.link.storage_twirl("B", ps_to_seconds(wait_b_ps))
            self._noise_cache[key] = (pa, pb)
        return self._noise_cache[key]

    def _cycles_until_herald(self) -> Generator[Event, Any, tuple[int, int, NDArray[np.float64]]]:
        """Spend simulated time on failed cycles. Returns (cycles still to elapse up to and
        including the successful one, total cycles of this pair, heralded coefficients)."""
        if self.mode == "sampled":
            check_cycle_probability(self._p_cycle)
            cycles = int(self.rng.geometric(self._p_cycle))
            return cycles, cycles, self._herald_coeffs
        modes = self.link.num_modes
        p = check_attempt_probability(self.link.success_probability)
        block = int(min(1 << 16, max(256, 2.0 / p)))
        block = max(block - block % modes, modes)
        total = 0
        while True:
            result = attempt_block(self.link, block, self.rng)
            if result.heralds:
                first = int(result.herald_index[0])
                self.attempts_simulated += first + 1
                remaining = first // modes + 1
                return remaining, total + remaining, result.coefficients[0]
            # No herald in this block: its cycles elapse, then the next block starts.
            self.attempts_simulated += block
            total += block // modes
            if total * modes > MAX_ATTEMPTS:
                raise InvalidParameterError(
                    "success probability",
                    self.link.success_probability,
                    f"large enough to herald within {MAX_ATTEMPTS:.0e} attempts",
                )
            self._cycles_done += block // modes
            yield self.sim.timeout(max(0, self._cycle_start_ps(self._cycles_done) - self.sim.now))

    def _cycle_start_ps(self, k: int) -> int:
        return self._origin_ps + int(self.link.wall_time_ps(k))

    def _resume(self) -> None:
        """Align the cycle schedule with the caller: a caller that comes back after idling
        (a chain that held its memory) restarts the attempts now; one that asks right at the
        last delivery continues the schedule (attempts that did not wait for the herald went
        on meanwhile)."""
        now = self.sim.now
        idle = self._last_delivery_ps is None or now > self._last_delivery_ps
        if idle and self._cycle_start_ps(self._cycles_done) < now:
            self._origin_ps = now - int(self.link.wall_time_ps(self._cycles_done))

    def generate_one(self) -> Generator[Event, Any, DeliveredPair]:
        """Run attempts until a pair is delivered to both nodes; returns the pair.

        Cycle ``k`` starts at :meth:`Link.wall_time_ps <qnetsim.link.design.Link.wall_time_ps>`
        ``(k)`` after the origin, so periodic overhead blocks and the duty cycle fall
        exactly where the Monte Carlo places them."""
        sim = self.sim
        self._resume()
        remaining, cycles, herald_coeffs = yield from self._cycles_until_herald()
        arm_a, arm_b = self._arm_ps
        longest = max(arm_a, arm_b)
        # Emissions are timed so that both photons reach the station together.
        self._cycles_done += remaining
        last_cycle_start = self._cycle_start_ps(self._cycles_done - 1)
        station_time = last_cycle_start + self._local_ps + longest
        emission = (station_time - arm_a, station_time - arm_b)
        if station_time >= sim.now:
            yield sim.timeout(station_time - sim.now)
            self._to_a.send(self._count)
            self._to_b.send(self._count)
            yield sim.all_of([self._to_a.receive(), self._to_b.receive()])
        else:
            # Attempts that do not wait for the herald: this herald happened while the
            # previous pair's herald was still travelling; it reaches the nodes later.
            arrival = station_time + max(self._to_a.latency_ps, self._to_b.latency_ps)
            yield sim.timeout(arrival - sim.now)
        delivery = sim.now
        self._last_delivery_ps = delivery
        pa, pb = self._storage(delivery - emission[0], delivery - emission[1])
        coeffs = bd._pauli_channel(bd._pauli_channel(herald_coeffs, pa), pb)
        index = self._count
        self._count += 1
        return DeliveredPair(
            index=index,
            cycles=cycles,
            emission_time_ps=emission,
            herald_time_ps=station_time,
            delivery_time_ps=delivery,
            coefficients_at_herald=herald_coeffs,
            coefficients=coeffs,
            qubits=((self.name, "A", index), (self.name, "B", index)),
        )

    def run(self, n_pairs: int) -> Generator[Event, Any, list[DeliveredPair]]:
        """Deliver ``n_pairs`` pairs back to back (a process body)."""
        return (yield from back_to_back(self.generate_one, n_pairs))


def back_to_back(
    generate_one: Callable[[], Generator[Event, Any, T]], n_pairs: int
) -> Generator[Event, Any, list[T]]:
    """Call ``generate_one`` ``n_pairs`` times in a row (a process body); the results."""
    n = check_int("n_pairs", n_pairs, 1)
    pairs = []
    for _ in range(n):
        pair = yield from generate_one()
        pairs.append(pair)
    return pairs
