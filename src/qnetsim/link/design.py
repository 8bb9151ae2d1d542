"""A two-node link: platforms, fibre, scheme and geometry -> attempt, timing, rate, budget.

:class:`Link` is the user's description of an elementary link ("my memory, alpha, conversion
efficiency and 50 km of deployed fibre"). It composes the hardware layer into the numbers
the schemes of this layer need, and answers in closed form: success probability per attempt,
heralded state, attempt cycle, herald latency, rate, link efficiency and loss budget.

Geometry (physics.md section 9; the group velocity is the fibre's, ~2e5 km/s):

* ``"midpoint"``: a station halfway; each arm ``L/2``; cycle ``t_local + L/c`` (photon out,
  herald back); the memories wait ``L/c`` for the herald.
* ``"node_to_node"``: the station at node B; arm A is ``L``, arm B is zero; cycle
  ``t_local + 2L/c``; node A's memory waits ``2L/c``, node B's ``L/c``.
* ``"reflection"`` is always node to node: the photon goes A -> B and the herald returns.

With ``M`` modes (memories x temporal modes of the scarcer node) one cycle succeeds with
``1 - (1-p)^M``.

Unequal arms (node to node, a station off the midpoint) and unlike platforms are exact for
every scheme: single-click uses each node's arm efficiency and bright-state population
(:func:`~qnetsim.link.single_click.single_click` with ``alpha_b``/``eta_b``), DLCZ each
ensemble's excitation probability and arm efficiency, two-photon and reflection each arm
(two-photon with an ensemble emitter: photon probability ``p_exc x arm efficiency``). An
``alpha`` override applies to both nodes. The HOM visibility of unlike emitters is taken as
the geometric mean of the two platforms' visibilities and the phase noise as the mean of their
variances (assumptions: the platforms quote one visibility each, measured against an
identical partner).

Detector noise per window combines dark counts and the conversion noise that reaches each
detector (``noise_rate x window x arm transmission x detector efficiency``, half of each
arm's noise into each detector at a midpoint beam splitter).

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> link = Link(get_platform("nv_delft"), length_km=10.0)
    >>> link.scheme, link.geometry
    ('single-click', 'midpoint')
    >>> 0 < link.success_probability < 1e-3
    True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_in_range, check_nonnegative, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.fibre import Fibre
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform
from qnetsim.link.dlcz import dlcz
from qnetsim.link.heralded import HeraldedState
from qnetsim.link.reflection import reflection
from qnetsim.link.single_click import single_click
from qnetsim.link.two_photon import two_photon
from qnetsim.quantum.channels import (
    Channel,
    depolarising,
    memory_noise,
    memory_noise_pauli_probabilities,
)
from qnetsim.units import seconds_to_ps

__all__ = ["GEOMETRIES", "SCHEMES", "Link", "LossItem"]

Scheme = Literal["single-click", "two-photon", "dlcz", "reflection"]
Geometry = Literal["midpoint", "node_to_node"]
SCHEMES: tuple[str, ...] = ("single-click", "two-photon", "dlcz", "reflection")
GEOMETRIES: tuple[str, ...] = ("midpoint", "node_to_node")
_ALIASES = {
    "single_click": "single-click",
    "spi": "single-click",
    "two_photon": "two-photon",
    "tpi": "two-photon",
    "barrett-kok": "two-photon",
    "dlcz-single-photon": "dlcz",
}


@dataclass(frozen=True)
class LossItem:
    """One element of a loss budget (per arm where the element is in an arm)."""

    element: str
    loss_db: float


def _db(eta: float) -> float:
    return math.inf if eta <= 0 else -10 * math.log10(eta)


@dataclass(frozen=True)
class Link:
    """An elementary link between two memory nodes.

    Args:
        node_a: platform of node A.
        length_km: fibre length between the nodes (km), >= 0.
        node_b: platform of node B (default: the same as A).
        scheme: ``"single-click"``, ``"two-photon"``, ``"dlcz"`` or ``"reflection"``
            (default: node A's platform scheme).
        geometry: ``"midpoint"`` or ``"node_to_node"`` (reflection is always node to node).
        alpha: bright-state population override for single-click, in (0, 1).
        attenuation_db_per_km: fibre attenuation override (default: the platform's).
        extra_loss_db: extra loss per arm (connectors, splices, filters), dB >= 0.
        detector: heralding detectors (default: node A's).
        phase_coherence: optical phase coherence override ``lam`` in [0, 1].
        spin_photon_gate_fidelity: reflection scheme only: fidelity of each node's
            spin-photon gate (default: the communication qubit's two-qubit gate fidelity; an
            assumption, see :mod:`qnetsim.link.reflection`).
        conversion_efficiency: frequency-conversion efficiency override for both nodes, in
            [0, 1] (default: each platform's converter, or 1 without one).
        arm_lengths_km: ``(arm A, arm B)`` for a station that is not halfway (e.g. a photonic
            server with unequal spokes); midpoint geometry only; must sum to ``length_km``.
        store_in_memory: for nodes with a separate communication qubit (SiV electron and
            29Si nucleus): transfer the communication qubit into the storage memory as soon
            as its photon has left, so the storage memory (not the communication qubit)
            waits for the herald. The transfer is a two-qubit gate of the storage memory's
            fidelity ``F``, modelled as single-qubit depolarising ``p = 16 (1 - F) / 15`` on
            the transferred qubit (a two-qubit depolarising gate of entanglement fidelity
            ``F``, the other qubit traced out). Default ``False``: the communication qubit
            holds the pair.
    """

    node_a: Platform
    length_km: float
    node_b: Platform | None = None
    scheme: str | None = None
    geometry: str = "midpoint"
    alpha: float | None = None
    attenuation_db_per_km: float | None = None
    extra_loss_db: float = 0.0
    detector: Detector | None = None
    phase_coherence: float | None = None
    spin_photon_gate_fidelity: float | None = None
    conversion_efficiency: float | None = None
    arm_lengths_km: tuple[float, float] | None = None
    store_in_memory: bool = False

    def __post_init__(self) -> None:
        check_nonnegative("length_km", self.length_km)
        check_nonnegative("extra_loss_db", self.extra_loss_db)
        scheme = (self.scheme or self.node_a.scheme).lower()
        scheme = _ALIASES.get(scheme, scheme)
        if scheme not in SCHEMES:
            raise InvalidParameterError(
                "scheme", self.scheme or self.node_a.scheme, ", ".join(SCHEMES)
            )
        object.__setattr__(self, "scheme", scheme)
        geometry = "node_to_node" if scheme == "reflection" else self.geometry
        if geometry not in GEOMETRIES:
            raise InvalidParameterError("geometry", self.geometry, ", ".join(GEOMETRIES))
        object.__setattr__(self, "geometry", geometry)
        if self.arm_lengths_km is not None:
            arms = tuple(self.arm_lengths_km)
            if len(arms) != 2:
                raise InvalidParameterError("arm_lengths_km", self.arm_lengths_km, "two lengths")
            for k, arm in enumerate(arms):
                check_nonnegative(f"arm_lengths_km[{k}]", arm)
            if geometry != "midpoint":
                raise InvalidParameterError(
                    "geometry", geometry, "'midpoint' when arm_lengths_km is given"
                )
            if abs(sum(arms) - self.length_km) > 1e-9 * max(1.0, self.length_km):
                raise InvalidParameterError(
                    "arm_lengths_km",
                    self.arm_lengths_km,
                    f"two lengths summing to length_km = {self.length_km}",
                )
            object.__setattr__(self, "arm_lengths_km", (float(arms[0]), float(arms[1])))
        if self.alpha is not None:
            check_in_range("alpha", self.alpha, 0.0, 1.0, low_open=True, high_open=True)
        if self.phase_coherence is not None:
            check_probability("phase_coherence", self.phase_coherence)
        if self.conversion_efficiency is not None:
            check_probability("conversion_efficiency", self.conversion_efficiency)
        if self.spin_photon_gate_fidelity is not None:
            check_in_range("spin_photon_gate_fidelity", self.spin_photon_gate_fidelity, 0.25, 1.0)
        if scheme == "single-click" and self.alpha is None:
            for label, node in (("node_a", self.node_a), ("node_b", self.b)):
                if node.emitter.alpha is None:
                    raise InvalidParameterError(
                        f"{label}.emitter.alpha",
                        None,
                        "(0, 1) for a single-click link (or pass alpha)",
                    )
        if scheme == "dlcz":
            for label, node in (("node_a", self.node_a), ("node_b", self.b)):
                if node.emitter.excitation_probability is None:
                    raise InvalidParameterError(
                        f"{label}.emitter.excitation_probability", None, "(0, 0.5] for a DLCZ link"
                    )

    # --- components -------------------------------------------------------------------
    @property
    def b(self) -> Platform:
        """Node B's platform."""
        return self.node_b if self.node_b is not None else self.node_a

    @property
    def station_detector(self) -> Detector:
        return self.detector if self.detector is not None else self.node_a.detector

    def _fibre(self, node: Platform, length_km: float) -> Fibre:
        att = self.attenuation_db_per_km
        return Fibre(
            length_km,
            attenuation_db_per_km=node.fibre_attenuation_db_per_km if att is None else att,
            wavelength_nm=node.fibre_wavelength_nm,
            extra_loss_db=self.extra_loss_db,
        )

    @cached_property
    def arms_km(self) -> tuple[float, float]:
        """Fibre from node A and from node B to the heralding station."""
        if self.arm_lengths_km is not None:
            return self.arm_lengths_km
        if self.geometry == "midpoint":
            return (self.length_km / 2, self.length_km / 2)
        return (self.length_km, 0.0)

    @cached_property
    def fibres(self) -> tuple[Fibre, Fibre]:
        la, lb = self.arms_km
        return (self._fibre(self.node_a, la), self._fibre(self.b, lb))

    def _conversion(self, node: Platform) -> float:
        if self.conversion_efficiency is not None:
            return self.conversion_efficiency
        return node.converter.efficiency if node.converter is not None else 1.0

    @cached_property
    def arm_efficiencies(self) -> tuple[float, float]:
        """Detection probability of a photon from each node (emission x conversion x fibre
        x detector)."""
        det = self.station_detector.efficiency
        out = []
        for node, fib in zip((self.node_a, self.b), self.fibres, strict=True):
            out.append(
                node.emitter.emission_efficiency * self._conversion(node) * fib.transmissivity * det
            )
        return (out[0], out[1])

    @cached_property
    def noise_click_probability(self) -> float:
        """Probability of a false click per detector and window: dark counts plus conversion
        noise reaching the detector."""
        det = self.station_detector
        mean = det.dark_count_rate_hz * det.window_s
        share = 0.5 if self.scheme != "reflection" else 1.0
        for node, fib in zip((self.node_a, self.b), self.fibres, strict=True):
            if node.converter is not None:
                noise = node.converter.mean_noise_photons(det.window_s)
                mean += share * noise * fib.transmissivity * det.efficiency
        return -math.expm1(-mean)

    # --- one attempt ------------------------------------------------------------------
    @cached_property
    def attempt(self) -> HeraldedState:
        """Success probability of one attempt and the state it heralds (``Phi+`` frame)."""
        ea, eb = self.arm_efficiencies
        d = min(self.noise_click_probability, 1 - 1e-12)
        vis = self.hom_visibility
        lam = self.attempt_phase_coherence
        if self.scheme == "single-click":
            alpha_a, alpha_b = self.alphas
            return single_click(alpha_a, ea, d, vis, lam, alpha_b=alpha_b, eta_b=eb)
        if self.scheme == "two-photon":
            pa, pb = self.two_photon_efficiencies
            return two_photon(pa, pb, d, vis)
        if self.scheme == "dlcz":
            pa, pb = self.excitation_probabilities
            return dlcz(pa, ea, d, vis, lam, excitation_probability_b=pb, eta_b=eb)
        fa, fb = self.gate_fidelities
        return reflection(self.reflection_transmission, fa, fb, d)

    @property
    def two_photon_efficiencies(self) -> tuple[float, float]:
        """Two-photon: probability per attempt that each node's photon is detected. A
        probabilistic (DLCZ-type) emitter sends its photon only when the write pulse creates
        an excitation, with probability ``p_exc`` (Duan et al., Nature 414, 413 (2001)), so
        its arm efficiency is multiplied by ``p_exc``; multi-excitation noise (order
        ``p_exc**2``) is neglected."""
        ea, eb = self.arm_efficiencies
        xa, xb = (node.emitter.excitation_probability or 1.0 for node in (self.node_a, self.b))
        return (ea * xa, eb * xb)

    @property
    def alphas(self) -> tuple[float, float]:
        """Single-click: the bright-state population of each node (the ``alpha`` override for
        both, else each platform's emitter)."""
        if self.alpha is not None:
            return (self.alpha, self.alpha)
        pair = (self.node_a.emitter.alpha, self.b.emitter.alpha)
        for label, value in zip(("node_a", "node_b"), pair, strict=True):
            if value is None:
                raise InvalidParameterError(
                    f"{label}.emitter.alpha", None, "(0, 1) for a single-click link"
                )
        return (float(pair[0]), float(pair[1]))  # type: ignore[arg-type]

    @property
    def excitation_probabilities(self) -> tuple[float, float]:
        """DLCZ: the excitation probability of each ensemble."""
        pair = (self.node_a.emitter.excitation_probability, self.b.emitter.excitation_probability)
        for label, value in zip(("node_a", "node_b"), pair, strict=True):
            if value is None:
                raise InvalidParameterError(
                    f"{label}.emitter.excitation_probability", None, "(0, 0.5] for a DLCZ link"
                )
        return (float(pair[0]), float(pair[1]))  # type: ignore[arg-type]

    @property
    def hom_visibility(self) -> float:
        """HOM visibility of the two nodes' photons: the geometric mean of the platforms'
        visibilities (an assumption for unlike nodes; exact for identical ones)."""
        return math.sqrt(self.node_a.emitter.hom_visibility * self.b.emitter.hom_visibility)

    @property
    def attempt_phase_coherence(self) -> float:
        """Optical phase coherence ``lam`` between the arms: the override, or
        ``exp(-sigma^2/2)`` with ``sigma^2`` the mean of the two emitters' phase variances
        (an assumption for unlike nodes)."""
        if self.phase_coherence is not None:
            return self.phase_coherence
        sa, sb = self.node_a.emitter.phase_noise_sigma_rad, self.b.emitter.phase_noise_sigma_rad
        return math.exp(-(sa**2 + sb**2) / 4)

    @property
    def reflection_transmission(self) -> float:
        """Reflection scheme: probability that the photon survives both reflections, both
        conversions at each node (in and out), the fibre and the detector."""
        eta_total = (
            self.node_a.emitter.emission_efficiency
            * self._conversion(self.node_a) ** 2
            * self.fibres[0].transmissivity
            * self.b.emitter.emission_efficiency
            * self._conversion(self.b) ** 2
            * self.station_detector.efficiency
        )
        return min(1.0, eta_total)

    @property
    def gate_fidelities(self) -> tuple[float, float]:
        """Reflection scheme: the spin-photon gate fidelity of each node."""
        return (self._gate_fidelity(self.node_a), self._gate_fidelity(self.b))

    def _gate_fidelity(self, node: Platform) -> float:
        if self.spin_photon_gate_fidelity is not None:
            return self.spin_photon_gate_fidelity
        qubit = node.communication_memory or node.memory
        return max(0.25, qubit.two_qubit_gate_fidelity)

    @property
    def success_probability(self) -> float:
        """Probability that one attempt (one mode) heralds."""
        return self.attempt.success_probability

    # --- timing -----------------------------------------------------------------------
    @property
    def num_modes(self) -> int:
        """Parallel modes per cycle: the scarcer node's memories x temporal modes."""
        return min(self.node_a.memory.num_modes, self.b.memory.num_modes)

    @property
    def cycle_success_probability(self) -> float:
        """Probability that at least one of the ``num_modes`` modes heralds in a cycle."""
        return -math.expm1(self.num_modes * math.log1p(-self.success_probability))

    @cached_property
    def herald_wait_s(self) -> tuple[float, float]:
        """Time each node's memory waits from its emission until both nodes know the herald
        (s): its own arm to the station plus the longer of the two herald returns (the
        emissions are timed so the photons meet at the station). Midpoint: ``L/c`` each;
        node to node: ``2L/c`` at A and ``L/c`` at B."""
        da, db = (f.delay_s for f in self.fibres)
        longest = max(da, db)
        return (da + longest, db + longest)

    @cached_property
    def cycle_s(self) -> float:
        """Duration of one attempt cycle: local preparation plus the round trip to the
        herald (physics.md 9)."""
        local = max(self.node_a.emitter.attempt_duration_s, self.b.emitter.attempt_duration_s)
        return local + max(self.herald_wait_s)

    @property
    def local_ps(self) -> int:
        """Local preparation time of an attempt (the slower node), integer picoseconds."""
        local = max(self.node_a.emitter.attempt_duration_s, self.b.emitter.attempt_duration_s)
        return seconds_to_ps(local)

    @property
    def cycle_ps(self) -> int:
        """The cycle in exact integer picoseconds (for the event engine): the local time plus
        the longer round trip between a node and the station, each arm delay an integer."""
        return self.local_ps + 2 * max(f.delay_ps for f in self.fibres)

    @property
    def rate_hz(self) -> float:
        """Mean entanglement rate: ``P(cycle succeeds) / cycle`` (geometric waiting time)."""
        return self.cycle_success_probability / self.cycle_s

    @property
    def mean_time_s(self) -> float:
        """Mean time to a heralded pair, ``cycle / P(cycle succeeds)``."""
        return self.cycle_s / self.cycle_success_probability

    # --- decoherence --------------------------------------------------------------------
    def _platform(self, node: str) -> Platform:
        platform = {"A": self.node_a, "B": self.b}.get(node)
        if platform is None:
            raise InvalidParameterError("node", node, "'A' or 'B'")
        return platform

    def holding_memory(self, node: str) -> Memory:
        """The qubit of node ``"A"`` or ``"B"`` that holds the pair while the herald comes
        back: the communication qubit, or the storage memory with ``store_in_memory``."""
        platform = self._platform(node)
        if self.store_in_memory:
            return platform.memory
        return platform.communication_memory or platform.memory

    def memory_channel(self, node: str, duration_s: float) -> Channel:
        """The T1/T2 channel of node ``"A"`` or ``"B"``'s holding memory over ``duration_s``."""
        mem = self.holding_memory(node)
        return memory_noise(duration_s, mem.t1_s, mem.effective_dephasing_time_s())

    def memory_twirl(self, node: str, duration_s: float) -> NDArray[np.float64]:
        """Pauli-twirl probabilities ``(p_I, p_X, p_Z, p_Y)`` of :meth:`memory_channel`, in
        closed form (the fast path for Bell-diagonal states)."""
        mem = self.holding_memory(node)
        return memory_noise_pauli_probabilities(
            duration_s, mem.t1_s, mem.effective_dephasing_time_s()
        )

    def transfer_depolarising(self, node: str) -> float:
        """Depolarising probability of the communication-to-storage transfer of ``node``
        (0 unless ``store_in_memory`` and the node has a separate communication qubit)."""
        platform = self._platform(node)
        if not self.store_in_memory or platform.communication_memory is None:
            return 0.0
        return min(1.0, 16.0 * (1.0 - platform.memory.two_qubit_gate_fidelity) / 15.0)

    def storage_twirl(self, node: str, duration_s: float) -> NDArray[np.float64]:
        """Pauli probabilities of everything between herald and delivery on ``node``'s qubit:
        the transfer (if any), then the holding memory over ``duration_s``. Depolarising
        ``p`` mixes any Pauli channel towards uniform: ``(1 - p) q + p / 4``."""
        q = self.memory_twirl(node, duration_s)
        p = self.transfer_depolarising(node)
        return q if p == 0.0 else (1.0 - p) * q + p / 4.0

    @property
    def coherence_time_s(self) -> float:
        """The shorter effective dephasing time of the two holding memories."""
        return min(
            self.holding_memory("A").effective_dephasing_time_s(),
            self.holding_memory("B").effective_dephasing_time_s(),
        )

    @property
    def link_efficiency(self) -> float:
        """``rate x coherence time``; above 1 the link makes entanglement faster than it
        is lost (Humphreys 2018; W.-Z. Liu 2026)."""
        return self.rate_hz * self.coherence_time_s

    @cached_property
    def delivered_state(self) -> HeraldedState:
        """The heralded state after each memory has waited for the herald."""
        h = self.attempt
        wait_a, wait_b = self.herald_wait_s
        state = h.state
        for node, wait in (("A", wait_a), ("B", wait_b)):
            p = self.transfer_depolarising(node)
            if p > 0.0:
                state = state.apply_channel(depolarising(p), node)
            state = state.apply_channel(self.memory_channel(node, wait), node)
        return HeraldedState(h.success_probability, state, h.false_herald_fraction)

    # --- loss budget --------------------------------------------------------------------
    def loss_budget(self) -> list[LossItem]:
        """Losses per element (dB), largest first: what limits the rate."""
        items: list[LossItem] = []
        for label, node, fib in (("A", self.node_a, self.fibres[0]), ("B", self.b, self.fibres[1])):
            if self.scheme == "reflection" and label == "B":
                fib = Fibre(0.0, attenuation_db_per_km=0.0)
            passes = 2 if self.scheme == "reflection" else 1
            items.append(
                LossItem(f"emission/collection {label}", _db(node.emitter.emission_efficiency))
            )
            p_exc = node.emitter.excitation_probability
            if self.scheme == "two-photon" and p_exc is not None:
                items.append(LossItem(f"excitation probability {label}", _db(p_exc)))
            conversion = self._conversion(node)
            if node.converter is not None or conversion < 1.0:
                items.append(
                    LossItem(f"frequency conversion {label}", passes * _db(conversion))
                )
            if fib.length_km > 0 or fib.extra_loss_db > 0:
                items.append(LossItem(f"fibre arm {label} ({fib.length_km:g} km)", fib.loss_db))
        items.append(LossItem("detector", _db(self.station_detector.efficiency)))
        return sorted(items, key=lambda item: -item.loss_db)
