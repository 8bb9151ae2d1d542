"""A memory-photon link inside the discrete-event simulation.

:class:`MemoryPhotonGenerator` runs the node's attempt schedule (cycle ``k`` starts at
:meth:`MemoryPhotonLink.wall_time_ps <qnetsim.link.memory_photon.MemoryPhotonLink.wall_time_ps>`
``(k)``, overhead blocks and duty cycle included, exact integer picoseconds). Timeline of the
successful cycle: the node emits after its local preparation, the photon reaches the station
one fibre delay later and is measured there in a basis drawn from ``link.bases``, and the
station sends its outcome back to the node over a
:class:`~qnetsim.engine.ClassicalChannel` whose latency is the classical path's delay; the
memory is read out in the same basis when the message arrives. The memory decoheres from its
emission to that moment.

The number of cycles to each herald is geometric (the closed form's cycle probability, as
the ``"sampled"`` mode of :class:`~qnetsim.link.process.LinkGenerator`), a herald is a
noise click with the closed form's noise fraction, and the outcomes are drawn from the
delivered two-qubit state: the memory's ideal outcome is uniform, the photon agrees with the
``Phi+`` prediction with probability ``(1 + s_b E_b)/2`` for the state's correlation
``E_b`` (a noise herald's outcome is uniform), then the memory's read-out rotation and flips
(:meth:`MemoryPhotonLink.readout_factor
<qnetsim.link.memory_photon.MemoryPhotonLink.readout_factor>`). This is a different route to
the outcomes from the Monte Carlo, which samples each Pauli error.

Examples:
    >>> from qnetsim.engine import Simulator
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link.memory_photon import MemoryPhotonLink
    >>> sim = Simulator(seed=3)
    >>> link = MemoryPhotonLink(get_platform("ca_ion_ustc"), 10.0)
    >>> gen = MemoryPhotonGenerator(sim, link)
    >>> proc = sim.process(gen.run(3))
    >>> sim.run()
    >>> [p.index for p in proc.value], proc.value[-1].delivery_time_ps == sim.now
    ([0, 1, 2], True)
    >>> p = proc.value[0]
    >>> p.delivery_time_ps - p.emission_time_ps == link.herald_wait_ps
    True
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim.engine import ClassicalChannel, Event, Simulator
from qnetsim.errors import InvalidParameterError
from qnetsim.link.memory_photon import MemoryPhotonLink
from qnetsim.link.memory_photon_state import correlation_of
from qnetsim.link.montecarlo import check_cycle_probability
from qnetsim.link.process import PairRecord, back_to_back
from qnetsim.quantum.states import QubitId

__all__ = ["MemoryPhotonGenerator", "MemoryPhotonPair"]

_UNIFORM = np.full(4, 0.25)


@dataclass(frozen=True)
class MemoryPhotonPair(PairRecord):
    """One heralded memory-photon pair of a :class:`MemoryPhotonGenerator`.

    Attributes:
        index: 0, 1, 2, ... in order.
        cycles: attempt cycles it took (>= 1).
        emission_time_ps: when the node emitted the photon.
        detection_time_ps: when the station measured it.
        delivery_time_ps: when the node learnt the station's result (memory read-out).
        noise: the herald was a noise click.
        basis: the basis of both measurements.
        photon_outcome: the station's outcome (0/1).
        memory_outcome: the memory's read-out (0/1), errors included.
        coefficients: Bell-diagonal state of (memory, photon) at the read-out.
        qubits: ``(memory, photon)`` ids.
    """

    index: int
    cycles: int
    emission_time_ps: int
    detection_time_ps: int
    delivery_time_ps: int
    noise: bool
    basis: str
    photon_outcome: int
    memory_outcome: int
    coefficients: NDArray[np.float64]
    qubits: tuple[QubitId, QubitId]

    @property
    def error(self) -> bool:
        """The outcomes disagree with ``Phi+`` (anticorrelated in Y, correlated otherwise)."""
        expected = self.memory_outcome ^ (1 if self.basis == "Y" else 0)
        return self.photon_outcome != expected


class MemoryPhotonGenerator:
    """Heralds memory-photon pairs over ``link`` in simulation ``sim``.

    Args:
        sim: the simulator.
        link: the memory-photon link.
        name: stream name of this generator's random generator in ``sim.rng`` (and a label).

    Raises:
        InvalidParameterError: a success probability per cycle too small to sample (as
            :func:`~qnetsim.link.montecarlo.check_cycle_probability`).
    """

    def __init__(self, sim: Simulator, link: MemoryPhotonLink, name: str = "memory-photon"):
        if not isinstance(link, MemoryPhotonLink):
            raise InvalidParameterError("link", link, "a MemoryPhotonLink")
        self.sim = sim
        self.link = link
        self.name = name
        self.rng = sim.rng.stream(name)
        self._p_cycle = check_cycle_probability(link.cycle_success_probability)
        self._fibre_ps = link.fibre.delay_ps
        latency = int(link.geometry_link.classical_delays_ps[0])
        self._back: ClassicalChannel[tuple[int, int]] = ClassicalChannel(
            sim, latency, f"{name}/station->node"
        )
        self._origin_ps = sim.now
        self._cycles_done = 0
        self._last_delivery_ps: int | None = None
        self._count = 0
        self._signal = link.signal_delivered_coefficients
        self._factors = {b: link.readout_factor(b) for b in link.bases}
        mem = link.holding_memory
        self._readout_flip = (1.0 - mem.readout_fidelity_0, 1.0 - mem.readout_fidelity_1)

    def _cycle_start_ps(self, k: int) -> int:
        return self._origin_ps + int(self.link.wall_time_ps(k))

    def _resume(self) -> None:
        now = self.sim.now
        idle = self._last_delivery_ps is None or now > self._last_delivery_ps
        if idle and self._cycle_start_ps(self._cycles_done) < now:
            self._origin_ps = now - int(self.link.wall_time_ps(self._cycles_done))

    def _measure(self, noise: bool) -> tuple[str, int, int, NDArray[np.float64]]:
        """The basis, the photon's and the memory's outcomes, and the state."""
        rng, link = self.rng, self.link
        basis = link.bases[int(rng.integers(len(link.bases)))]
        coeffs = _UNIFORM if noise else self._signal
        m = int(rng.integers(2))
        sign = -1.0 if basis == "Y" else 1.0
        agree = rng.random() < 0.5 * (1.0 + sign * float(correlation_of(coeffs, basis)))
        photon = m ^ (1 if basis == "Y" else 0) ^ (0 if agree else 1)
        # read-out: the rotation (X, Y) randomises the outcome with probability p_gate
        if basis != "Z" and rng.random() < link.rotation_depolarising:
            m = int(rng.integers(2))
        if rng.random() < self._readout_flip[m]:
            m ^= 1
        return basis, photon, m, coeffs

    def generate_one(self) -> Generator[Event, Any, MemoryPhotonPair]:
        """Run attempts until the node knows a herald; returns the pair."""
        sim = self.sim
        self._resume()
        cycles = int(self.rng.geometric(self._p_cycle))
        noise = bool(self.rng.random() < self.link.noise_fraction)
        self._cycles_done += cycles
        emission = self._cycle_start_ps(self._cycles_done - 1) + self.link.local_ps
        detection = emission + self._fibre_ps
        index = self._count
        self._count += 1
        if detection >= sim.now:
            yield sim.timeout(detection - sim.now)
            basis, photon, memory, coeffs = self._measure(noise)
            self._back.send((index, photon))
            yield self._back.receive()
        else:
            # attempts that do not wait for the herald: this detection happened while the
            # previous pair's message was travelling; its own message arrives later
            basis, photon, memory, coeffs = self._measure(noise)
            yield sim.timeout(detection + self._back.latency_ps - sim.now)
        delivery = sim.now
        self._last_delivery_ps = delivery
        return MemoryPhotonPair(
            index=index,
            cycles=cycles,
            emission_time_ps=emission,
            detection_time_ps=detection,
            delivery_time_ps=delivery,
            noise=noise,
            basis=basis,
            photon_outcome=photon,
            memory_outcome=memory,
            coefficients=coeffs,
            qubits=((self.name, "memory", index), (self.name, "photon", index)),
        )

    def run(self, n_pairs: int) -> Generator[Event, Any, list[MemoryPhotonPair]]:
        """Herald ``n_pairs`` pairs back to back (a process body)."""
        return (yield from back_to_back(self.generate_one, n_pairs))
