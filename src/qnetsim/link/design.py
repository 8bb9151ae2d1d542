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

import dataclasses
import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_in_range, check_nonnegative, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.fibre import Fibre
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform
from qnetsim.hardware.timing import Overhead
from qnetsim.link.dlcz import dlcz
from qnetsim.link.heralded import HeraldedState
from qnetsim.link.reflection import reflection
from qnetsim.link.single_click import single_click
from qnetsim.link.two_photon import two_photon
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.channels import (
    Channel,
    PauliChannel,
    dephasing,
    memory_noise,
    memory_noise_pauli_probabilities,
)
from qnetsim.units import ps_to_seconds, seconds_to_ps

__all__ = ["GEOMETRIES", "SCHEMES", "Link", "LossItem", "TimeItem"]

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


@dataclass(frozen=True)
class TimeItem:
    """One part of a link's time budget: the fraction of wall time it takes."""

    part: str
    fraction: float


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
        classical_length_km: distance the herald and the other classical messages travel
            between the nodes (km), split between the arms like the fibre; ``None``: the
            fibre length. Spooled fibre beside the detectors (all nodes in one lab) has a
            photon path of ``length_km`` but a classical path near 0.
        arm_loss_db: measured total loss of each arm ``(A, B)`` in dB (deployed fibre with
            its splices and connectors), replacing ``attenuation x length + extra_loss_db``;
            the length still sets the delays.
        wavelength_nm: fibre wavelength override (nm); the attenuation then defaults to the
            band table of :mod:`qnetsim.hardware.fibre` unless ``attenuation_db_per_km`` is
            given.
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
    classical_length_km: float | None = None
    arm_loss_db: tuple[float, float] | None = None
    wavelength_nm: float | None = None

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
        if self.classical_length_km is not None:
            check_in_range("classical_length_km", self.classical_length_km, 0.0, 1e5)
        if self.wavelength_nm is not None:
            check_in_range("wavelength_nm", self.wavelength_nm, 100.0, 1e4)
        if self.arm_loss_db is not None:
            losses = tuple(self.arm_loss_db)
            if len(losses) != 2:
                raise InvalidParameterError("arm_loss_db", self.arm_loss_db, "two losses (dB)")
            for k, loss in enumerate(losses):
                check_in_range(f"arm_loss_db[{k}]", loss, 0.0, 1000.0)
            object.__setattr__(self, "arm_loss_db", (float(losses[0]), float(losses[1])))
        for label, node in (("node_a", self.node_a), ("node_b", self.b)):
            timing = node.timing
            holding = self._holding(node)
            if (
                not timing.wait_for_herald
                and holding is (node.communication_memory or node.memory)
                and node.memory.num_modes == 1
            ):
                raise InvalidParameterError(
                    f"{label}.timing.wait_for_herald",
                    False,
                    "True for a node whose only qubit holds the pair",
                    "attempts that do not wait for the herald need a storage qubit "
                    "(store_in_memory with a communication_memory) or several memories",
                )
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
        """The heralding station's detectors: the ``detector`` override, else those of the
        node that hosts the station (node B for node-to-node links and the reflection scheme,
        where the photon is detected at the receiving node), else node A's for a midpoint
        station (an assumption when the nodes' detectors differ: pass ``detector``)."""
        if self.detector is not None:
            return self.detector
        return self.b.detector if self.geometry == "node_to_node" else self.node_a.detector

    def _fibre(self, node: Platform, length_km: float, arm: int) -> Fibre:
        att = self.attenuation_db_per_km
        wavelength = node.fibre_wavelength_nm if self.wavelength_nm is None else self.wavelength_nm
        if att is None and self.wavelength_nm is None:
            att = node.fibre_attenuation_db_per_km
        extra = self.extra_loss_db
        if self.arm_loss_db is not None:
            att, extra = 0.0, self.arm_loss_db[arm]
        return Fibre(
            length_km, attenuation_db_per_km=att, wavelength_nm=wavelength, extra_loss_db=extra
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
        return (self._fibre(self.node_a, la, 0), self._fibre(self.b, lb, 1))

    @cached_property
    def classical_arms_km(self) -> tuple[float, float]:
        """Distance the herald travels from the station to each node (km): the fibre arms,
        or ``classical_length_km`` split in the same proportion."""
        la, lb = self.arms_km
        if self.classical_length_km is None:
            return (la, lb)
        total = la + lb
        if total == 0.0:
            return (self.classical_length_km / 2, self.classical_length_km / 2)
        return (self.classical_length_km * la / total, self.classical_length_km * lb / total)

    @cached_property
    def classical_delays_ps(self) -> tuple[int, int]:
        """Herald latency from the station to each node, integer picoseconds."""
        v = self.fibres[0].group_velocity_km_per_s
        return (
            seconds_to_ps(self.classical_arms_km[0] / v),
            seconds_to_ps(self.classical_arms_km[1] / v),
        )

    def window_capture(self, node: Platform) -> float:
        """Fraction of ``node``'s photon inside the station's detection window
        (:meth:`~qnetsim.hardware.emitter.Emitter.window_capture`)."""
        return node.emitter.window_capture(self.station_detector.window_s)

    @cached_property
    def detector_live_fraction(self) -> float:
        """Fraction of time the station's detectors are live: a non-paralysable dead time
        ``t_d`` with an incident count rate ``r`` leaves ``1 / (1 + r t_d)`` (Knoll, *Radiation
        Detection and Measurement*, ch. 4). ``r`` per detector: dark counts, conversion noise
        reaching it, and half the photons arriving per attempt cycle."""
        det = self.station_detector
        if det.dead_time_s == 0.0:
            return 1.0
        r = det.dark_count_rate_hz + self._noise_photon_rate_hz * det.efficiency
        ea, eb = self._arm_efficiencies_before_dead_time
        r += 0.5 * (ea + eb) * self.num_modes / self.cycle_s
        return 1.0 / (1.0 + r * det.dead_time_s)

    @cached_property
    def _noise_photon_rate_hz(self) -> float:
        """Conversion-noise photons per second reaching one detector (before its
        efficiency)."""
        share = 0.5 if self.scheme != "reflection" else 1.0
        rate = 0.0
        for node, fib in zip((self.node_a, self.b), self.fibres, strict=True):
            if node.converter is not None:
                rate += share * node.converter.noise_rate_hz * fib.transmissivity
        return rate

    def _conversion(self, node: Platform) -> float:
        if self.conversion_efficiency is not None:
            return self.conversion_efficiency
        return node.converter.efficiency if node.converter is not None else 1.0

    @cached_property
    def _arm_efficiencies_before_dead_time(self) -> tuple[float, float]:
        det = self.station_detector.efficiency
        out = []
        for node, fib in zip((self.node_a, self.b), self.fibres, strict=True):
            out.append(
                node.emitter.emission_efficiency
                * self._conversion(node)
                * fib.transmissivity
                * self.window_capture(node)
                * det
            )
        return (out[0], out[1])

    @cached_property
    def arm_efficiencies(self) -> tuple[float, float]:
        """Detection probability of a photon from each node: emission x conversion x fibre
        x the part of the wave packet inside the window x detector efficiency x the
        detector's live fraction."""
        live = self.detector_live_fraction
        ea, eb = self._arm_efficiencies_before_dead_time
        return (ea * live, eb * live)

    @cached_property
    def noise_click_probability(self) -> float:
        """Probability of a false click per detector and window: dark counts plus conversion
        noise reaching the detector (``rate x window``, so a narrower window cuts noise as
        :meth:`window_capture` cuts signal), times the live fraction."""
        det = self.station_detector
        mean = (det.dark_count_rate_hz + self._noise_photon_rate_hz * det.efficiency) * (
            det.window_s
        )
        return -math.expm1(-mean) * self.detector_live_fraction

    # --- one attempt ------------------------------------------------------------------
    @cached_property
    def attempt(self) -> HeraldedState:
        """Success probability of one attempt and the state it heralds (``Phi+`` frame),
        including each node's emission errors (:meth:`emission_pauli`)."""
        h = self._scheme_attempt
        state = h.state
        for node in ("A", "B"):
            p = self.emission_pauli(node)
            if p[0] < 1.0:
                state = state.apply_channel(
                    PauliChannel(p_x=float(p[1]), p_y=float(p[3]), p_z=float(p[2])), node
                )
        return HeraldedState(h.success_probability, state, h.false_herald_fraction)

    @cached_property
    def _scheme_attempt(self) -> HeraldedState:
        """The heralding scheme's own closed form (before :meth:`emission_pauli`)."""
        ea, eb = self.arm_efficiencies
        d = min(self.noise_click_probability, 1 - 1e-12)
        vis = self.hom_visibility
        lam = self.attempt_phase_coherence
        if self.scheme == "single-click":
            alpha_a, alpha_b = self.alphas
            return single_click(
                alpha_a, ea, d, vis, lam, alpha_b=alpha_b, eta_b=eb, **self.single_click_errors
            )
        if self.scheme == "two-photon":
            return two_photon(ea, eb, d, vis, **self.two_photon_sources)
        if self.scheme == "dlcz":
            pa, pb = self.excitation_probabilities
            return dlcz(pa, ea, d, vis, lam, excitation_probability_b=pb, eta_b=eb)
        fa, fb = self.gate_fidelities
        return reflection(self.reflection_transmission, fa, fb, d)

    @property
    def single_click_errors(self) -> dict[str, Any]:
        """Single-click: each node's double-excitation probability and initialisation error,
        as keyword arguments of :func:`~qnetsim.link.single_click.single_click`."""
        (p2a, p2b), (ia, ib) = self.double_excitations, self.initialisation_errors
        return {
            "double_excitation_a": p2a,
            "double_excitation_b": p2b,
            "initialisation_error_a": ia,
            "initialisation_error_b": ib,
        }

    @property
    def two_photon_sources(self) -> dict[str, Any]:
        """Two-photon: each node's source as keyword arguments of
        :func:`~qnetsim.link.two_photon.two_photon`: an ensemble's excitation probability
        per mode (thermal photon numbers, multi-excitations included), or a single emitter's
        double-excitation probability."""
        out: dict[str, Any] = {}
        for label, node in (("a", self.node_a), ("b", self.b)):
            p_exc = node.emitter.excitation_probability
            out[f"excitation_probability_{label}"] = p_exc
            out[f"double_excitation_{label}"] = (
                node.emitter.double_excitation_probability if p_exc is None else 0.0
            )
        return out

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
        """Parallel modes per cycle: the scarcer node's communication qubits (memories x
        temporal modes; the memory itself where it is also the communication qubit)."""
        return min(
            self._communication_qubit(self.node_a).num_modes,
            self._communication_qubit(self.b).num_modes,
        )

    @property
    def cycle_success_probability(self) -> float:
        """Probability that at least one of the ``num_modes`` modes heralds in a cycle."""
        return -math.expm1(self.num_modes * math.log1p(-self.success_probability))

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
        return a if self._node_cycle_s(a) >= self._node_cycle_s(b) else b

    @property
    def waits_for_herald(self) -> bool:
        """Whether the attempts wait for the herald (unless both nodes run attempt trains
        back to back, they do)."""
        return self.node_a.timing.wait_for_herald or self.b.timing.wait_for_herald

    @property
    def local_ps(self) -> int:
        """Local preparation time of an attempt (the slower node), integer picoseconds."""
        return max(
            seconds_to_ps(self._node_local_s(self.node_a)),
            seconds_to_ps(self._node_local_s(self.b)),
        )

    @property
    def cycle_ps(self) -> int:
        """One attempt cycle in exact integer picoseconds: each node's local time plus, when
        it waits, the herald round trip (or its published repetition period); the slower
        node sets the pace."""
        return max(
            seconds_to_ps(self._node_cycle_s(self.node_a)),
            seconds_to_ps(self._node_cycle_s(self.b)),
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
        return min(self.node_a.timing.duty_cycle, self.b.timing.duty_cycle)

    @property
    def duty_fraction(self) -> float:
        """Fraction of wall time spent attempting (:mod:`qnetsim.hardware.timing`)."""
        per_s = sum(o.fraction_per_second(self.cycle_s) for o in self.overheads)
        return self.duty_cycle / (1.0 + per_s)

    def without_overheads(self) -> Link:
        """This link with the nodes' periodic overheads and duty cycles removed (the attempt
        cycle itself, published repetition rates included, unchanged). Repeater chains use it:
        their closed forms and Monte Carlo count synchronous cycles, so their event engine
        does the same until chains model overhead blocks (a documented limitation)."""
        def bare(p: Platform) -> Platform:
            if not p.timing.overheads and p.timing.duty_cycle == 1.0:
                return p
            t = dataclasses.replace(p.timing, overheads=(), duty_cycle=1.0)
            return dataclasses.replace(p, timing=t)

        if self.node_b is None:
            return dataclasses.replace(self, node_a=bare(self.node_a))
        return dataclasses.replace(self, node_a=bare(self.node_a), node_b=bare(self.node_b))

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

    def time_budget(self) -> list[TimeItem]:
        """Fraction of wall time in each part: the local parts of an attempt
        (initialisation, emission, local operations, or a published period), the herald
        wait (communication), each periodic overhead and the unlisted duty-cycle idle time.
        The fractions sum to 1."""
        node = self._pacing_node
        timing = node.timing
        attempting = self.duty_fraction
        cycle = self.cycle_s
        parts: list[tuple[str, float]] = []
        if timing.repetition_rate_hz is not None:
            period = 1.0 / timing.repetition_rate_hz
            if timing.rate_includes_communication:
                parts.append(("published repetition period (communication included)", cycle))
            else:
                parts.append(("published repetition period", period))
        else:
            parts.append(("initialisation", timing.initialisation_s))
            parts.append(("emission (emitter attempt)", node.emitter.attempt_duration_s))
            parts.append(("local operations", timing.local_operations_s))
        used = sum(x for _, x in parts)
        parts.append(("herald wait (communication)", max(0.0, cycle - used)))
        items = [TimeItem(name, attempting * x / cycle) for name, x in parts if x > 0.0]
        listed = sum(o.fraction_per_second(cycle) for o in self.overheads)
        for o in self.overheads:
            items.append(TimeItem(f"overhead: {o.name}", attempting * o.fraction_per_second(cycle)))
        if self.duty_cycle < 1.0:
            items.append(TimeItem("idle (duty cycle)", 1.0 - self.duty_cycle))
        assert abs(attempting * (1 + listed) + (1 - self.duty_cycle) - 1.0) < 1e-9
        return items

    @property
    def attempts_during_herald_wait(self) -> tuple[int, int]:
        """Attempts each node makes while a heralded pair waits for its herald: 0 when the
        nodes wait for the herald, else the attempts that fit in each memory's herald
        wait (each dephases the stored qubit, ``Memory.dephasing_per_attempt``)."""
        if self.waits_for_herald:
            return (0, 0)
        local = ps_to_seconds(self.local_ps)
        wa, wb = self.herald_wait_s
        return (int(wa / local), int(wb / local))

    # --- decoherence --------------------------------------------------------------------
    def _platform(self, node: str) -> Platform:
        platform = {"A": self.node_a, "B": self.b}.get(node)
        if platform is None:
            raise InvalidParameterError("node", node, "'A' or 'B'")
        return platform

    def _holding(self, platform: Platform) -> Memory:
        if self.store_in_memory:
            return platform.memory
        return platform.communication_memory or platform.memory

    def holding_memory(self, node: str) -> Memory:
        """The qubit of node ``"A"`` or ``"B"`` that holds the pair while the herald comes
        back: the communication qubit, or the storage memory with ``store_in_memory``."""
        return self._holding(self._platform(node))

    def _communication_qubit(self, platform: Platform) -> Memory:
        return platform.communication_memory or platform.memory

    def emission_pauli(self, node: str) -> NDArray[np.float64]:
        """Pauli probabilities ``(p_I, p_X, p_Z, p_Y)`` of the errors a node's qubit carries
        from its own attempt, apart from the heralding physics: the emitter-photon state's
        depolarising and dephasing parts (:attr:`Emitter.emission_pauli_probabilities
        <qnetsim.hardware.emitter.Emitter.emission_pauli_probabilities>`), one single-qubit
        gate (the rotation that prepares the emitting superposition; depolarising
        ``p = 2 (1 - F)`` for an average gate fidelity ``F``, Nielsen and Chuang eq. 9.135
        with the twirl of Horodecki et al., PRA 60, 1888 (1999)), and, for the schemes other
        than single-click, an initialisation error as a Z error of probability ``1 - F_init``
        (a spin prepared in the orthogonal state leaves the ``|+>`` superposition with the
        opposite sign). Single-click treats initialisation exactly inside its closed form.
        The reflection scheme emits no photon: only the gate and initialisation apply."""
        platform = self._platform(node)
        qubit = self._communication_qubit(platform)
        if self.scheme == "reflection":
            p = np.array([1.0, 0.0, 0.0, 0.0])
        else:
            p = np.asarray(platform.emitter.emission_pauli_probabilities, dtype=np.float64)
        dep = min(1.0, 2.0 * (1.0 - qubit.single_qubit_gate_fidelity))
        p = (1.0 - dep) * p + dep / 4.0
        if self.scheme != "single-click":
            z = 1.0 - qubit.initialisation_fidelity
            p = (1.0 - z) * p + z * p[[2, 3, 0, 1]]
        return p

    @property
    def initialisation_errors(self) -> tuple[float, float]:
        """Probability that each node's communication qubit starts in the orthogonal state,
        ``1 - initialisation_fidelity``."""
        return (
            1.0 - self._communication_qubit(self.node_a).initialisation_fidelity,
            1.0 - self._communication_qubit(self.b).initialisation_fidelity,
        )

    @property
    def double_excitations(self) -> tuple[float, float]:
        """Each node's double-excitation probability per emission."""
        return (
            self.node_a.emitter.double_excitation_probability,
            self.b.emitter.double_excitation_probability,
        )

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

    def transfer_pauli(self, node: str) -> NDArray[np.float64]:
        """Pauli probabilities ``(p_I, p_X, p_Z, p_Y)`` of the communication-to-storage
        transfer of ``node`` (identity unless ``store_in_memory`` and the node has a separate
        communication qubit): the two-qubit gate (:meth:`transfer_depolarising`), one
        single-qubit gate of the storage qubit (depolarising ``2 (1 - F)``) and the storage
        qubit's initialisation error (it starts in the wrong state with probability
        ``1 - F_init``, which the transfer turns into a bit flip of the stored qubit)."""
        q = np.array([1.0, 0.0, 0.0, 0.0])
        platform = self._platform(node)
        if not self.store_in_memory or platform.communication_memory is None:
            return q
        storage = platform.memory
        for p in (
            self.transfer_depolarising(node),
            min(1.0, 2.0 * (1.0 - storage.single_qubit_gate_fidelity)),
        ):
            q = (1.0 - p) * q + p / 4.0
        x = 1.0 - storage.initialisation_fidelity
        return (1.0 - x) * q + x * q[[1, 0, 3, 2]]

    def retrieval_efficiency(self, node: str, storage_s: float = 0.0) -> float:
        """Read-out efficiency of ``node``'s holding memory after its herald wait plus
        ``storage_s`` (ensembles: :meth:`Memory.retrieval_efficiency
        <qnetsim.hardware.memory.Memory.retrieval_efficiency>`; 1 for single emitters). It
        does not change the heralding rate; it is the probability that a stored excitation
        can be read out when the pair is used."""
        wait = self.herald_wait_s[0 if node == "A" else 1]
        return self.holding_memory(node).retrieval_efficiency(wait + check_nonnegative(
            "storage_s", storage_s))

    def attempt_dephasing(self, node: str) -> float:
        """Z-error probability of ``node``'s holding qubit from the attempts made while it
        waits for its herald (:attr:`attempts_during_herald_wait`)."""
        n = self.attempts_during_herald_wait[0 if node == "A" else 1]
        return self.holding_memory(node).attempt_dephasing(n) if n else 0.0

    def storage_twirl(self, node: str, duration_s: float) -> NDArray[np.float64]:
        """Pauli probabilities of everything between herald and delivery on ``node``'s qubit:
        the transfer (if any), the attempts made during the herald wait (if the node does not
        wait), then the holding memory over ``duration_s``. Depolarising ``p`` mixes any
        Pauli channel towards uniform: ``(1 - p) q + p / 4``; a Z error ``z`` mixes
        ``I<->Z`` and ``X<->Y``."""
        q = bd.pauli_channel(self.memory_twirl(node, duration_s), self.transfer_pauli(node))
        z = self.attempt_dephasing(node)
        if z > 0.0:
            q = (1.0 - z) * q + z * q[[2, 3, 0, 1]]
        return q

    @property
    def coherence_time_s(self) -> float:
        """The shorter effective dephasing time of the two holding memories."""
        return min(
            self.holding_memory("A").effective_dephasing_time_s(),
            self.holding_memory("B").effective_dephasing_time_s(),
        )

    @property
    def pair_decoherence_rate_hz(self) -> float:
        """Decoherence rate of the delivered pair, both memories counted: its coherence
        decays as ``exp(-t/T_A) exp(-t/T_B)``, so ``1/T_A + 1/T_B`` (effective dephasing
        times of the two holding memories)."""
        return sum(1.0 / self.holding_memory(n).effective_dephasing_time_s() for n in ("A", "B"))

    @property
    def link_efficiency(self) -> float:
        """``eta_link = rate / decoherence rate of the pair`` (Humphreys et al., Nature 558,
        268 (2018), doi:10.1038/s41586-018-0200-5: the entangling rate over the entangled
        state's decoherence rate, both memories counted); above 1 the link makes
        entanglement faster than it is lost."""
        return self.rate_hz / self.pair_decoherence_rate_hz

    @cached_property
    def delivered_state(self) -> HeraldedState:
        """The heralded state after each memory has waited for the herald."""
        h = self.attempt
        wait_a, wait_b = self.herald_wait_s
        state = h.state
        for node, wait in (("A", wait_a), ("B", wait_b)):
            t = self.transfer_pauli(node)
            if t[0] < 1.0:
                state = state.apply_channel(
                    PauliChannel(p_x=float(t[1]), p_y=float(t[3]), p_z=float(t[2])), node
                )
            z = self.attempt_dephasing(node)
            if z > 0.0:
                state = state.apply_channel(dephasing(z), node)
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
                items.append(LossItem(f"frequency conversion {label}", passes * _db(conversion)))
            if fib.length_km > 0 or fib.extra_loss_db > 0:
                items.append(LossItem(f"fibre arm {label} ({fib.length_km:g} km)", fib.loss_db))
            capture = self.window_capture(node)
            if capture < 1.0 and self.scheme != "reflection":
                items.append(LossItem(f"detection window {label}", _db(capture)))
        items.append(LossItem("detector", _db(self.station_detector.efficiency)))
        return sorted(items, key=lambda item: -item.loss_db)
