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

:class:`Link` combines the parts of this layer: parameter checks, schemes and geometries
(:mod:`qnetsim.link.checks`), attempt timing (:class:`~qnetsim.link.timing.LinkTiming`), the
noise on each node's qubit (:class:`~qnetsim.link.decoherence.LinkDecoherence`) and the loss
and time budgets (:mod:`qnetsim.link.budget`); the optics and the heralded state are here.

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
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from qnetsim import _arrays
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.batch import is_stacked
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.fibre import Fibre
from qnetsim.hardware.platform import Platform
from qnetsim.link.budget import LossItem, TimeItem, link_loss_budget, link_time_budget
from qnetsim.link.checks import check_link
from qnetsim.link.decoherence import LinkDecoherence
from qnetsim.link.dlcz import dlcz, dlcz_batch
from qnetsim.link.heralded import HeraldedBatch, HeraldedState
from qnetsim.link.reflection import reflection, reflection_batch
from qnetsim.link.single_click import single_click, single_click_batch
from qnetsim.link.timing import LinkTiming
from qnetsim.link.two_photon import two_photon, two_photon_batch
from qnetsim.quantum.channels import PauliChannel, dephasing
from qnetsim.quantum.states import QuantumState
from qnetsim.units import seconds_to_ps

__all__ = ["Link"]


@dataclass(frozen=True)
class Link(LinkTiming, LinkDecoherence):
    """An elementary link between two memory nodes.

    Args:
        node_a: platform of node A, or the name of a preset (``"nv_delft"``).
        length_km: fibre length between the nodes (km), >= 0.
        node_b: platform of node B, or a preset name (default: the same as A).
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
        check_link(self)

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
        if not _arrays.is_batch(det.dead_time_s) and det.dead_time_s == 0.0:
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
        return -_arrays.expm1(-mean) * self.detector_live_fraction

    # --- one attempt ------------------------------------------------------------------
    @cached_property
    def attempt(self) -> HeraldedState:
        """Success probability of one attempt and the state it heralds (``Phi+`` frame),
        including each node's emission errors (:meth:`emission_pauli`)."""
        h = self._scheme_attempt
        state = h.state
        for node, kind, value in self._emission_steps:
            state = _apply_step(state, node, kind, value, self)
        return HeraldedState(h.success_probability, state, h.false_herald_fraction)

    @cached_property
    def _emission_steps(self) -> list[tuple[str, str, Any]]:
        return [(node, "pauli", self.emission_pauli(node)) for node in ("A", "B")]

    def noise_steps(self) -> list[tuple[str, str, Any]]:
        """The noise on each node's qubit after the heralding scheme, in order, as
        ``(node, kind, value)``: each node's emission errors (``"pauli"``, the probabilities
        of :meth:`emission_pauli`), then for each node the transfer (``"pauli"``,
        :meth:`transfer_pauli`), the attempts made while it waits (``"dephasing"``, the Z
        probability of :meth:`attempt_dephasing`) and its memory over the herald wait
        (``"memory"``, the wait in seconds: :meth:`memory_channel`). :attr:`attempt` applies
        the first two, :attr:`delivered_state` all of them, and the batched closed form
        (:mod:`qnetsim.link.batch`) the same list."""
        steps = list(self._emission_steps)
        for node, wait in zip(("A", "B"), self.herald_wait_s, strict=True):
            steps.append((node, "pauli", self.transfer_pauli(node)))
            steps.append((node, "dephasing", self.attempt_dephasing(node)))
            steps.append((node, "memory", wait))
        return steps

    @property
    def is_batch(self) -> bool:
        """Whether the nodes are stacked platforms (:mod:`qnetsim.hardware.batch`): a batch
        of draws whose closed form :mod:`qnetsim.link.batch` evaluates at once."""
        return is_stacked(self.node_a) or is_stacked(self.b)

    @cached_property
    def _scheme_attempt(self) -> HeraldedState:
        """The heralding scheme's own closed form (before :meth:`emission_pauli`)."""
        if self.is_batch:
            raise InvalidParameterError(
                "link", "a batch of draws", "one link: evaluate a batch with qnetsim.link.batch"
            )
        h = self._scheme(batch=False)
        assert isinstance(h, HeraldedState)
        return h

    @cached_property
    def scheme_batch(self) -> HeraldedBatch:
        """The heralding scheme's closed form for a batch of draws (arrays), or for one link
        as a batch of one."""
        h = self._scheme(batch=True)
        assert isinstance(h, HeraldedBatch)
        return h

    def _scheme(self, batch: bool) -> HeraldedState | HeraldedBatch:
        ea, eb = self.arm_efficiencies
        d = _arrays.minimum(self.noise_click_probability, 1 - 1e-12)
        vis = self.hom_visibility
        lam = self.attempt_phase_coherence
        if self.scheme == "single-click":
            alpha_a, alpha_b = self.alphas
            f_sc = single_click_batch if batch else single_click
            return f_sc(
                alpha_a, ea, d, vis, lam, alpha_b=alpha_b, eta_b=eb, **self.single_click_errors
            )
        if self.scheme == "two-photon":
            f_tp = two_photon_batch if batch else two_photon
            return f_tp(ea, eb, d, vis, **self.two_photon_sources)
        if self.scheme == "dlcz":
            pa, pb = self.excitation_probabilities
            f_dl = dlcz_batch if batch else dlcz
            return f_dl(pa, ea, d, vis, lam, excitation_probability_b=pb, eta_b=eb)
        fa, fb = self.gate_fidelities
        if batch:
            return reflection_batch(self.reflection_transmission, fa, fb, d)
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
        return (_arrays.as_number(pair[0]), _arrays.as_number(pair[1]))

    @property
    def excitation_probabilities(self) -> tuple[float, float]:
        """DLCZ: the excitation probability of each ensemble."""
        pair = (self.node_a.emitter.excitation_probability, self.b.emitter.excitation_probability)
        for label, value in zip(("node_a", "node_b"), pair, strict=True):
            if value is None:
                raise InvalidParameterError(
                    f"{label}.emitter.excitation_probability", None, "(0, 0.5] for a DLCZ link"
                )
        return (_arrays.as_number(pair[0]), _arrays.as_number(pair[1]))

    @property
    def hom_visibility(self) -> float:
        """HOM visibility of the two nodes' photons: the geometric mean of the platforms'
        visibilities (an assumption for unlike nodes; exact for identical ones)."""
        return _arrays.sqrt(self.node_a.emitter.hom_visibility * self.b.emitter.hom_visibility)

    @property
    def attempt_phase_coherence(self) -> float:
        """Optical phase coherence ``lam`` between the arms: the override, or
        ``exp(-sigma^2/2)`` with ``sigma^2`` the mean of the two emitters' phase variances
        (an assumption for unlike nodes)."""
        if self.phase_coherence is not None:
            return self.phase_coherence
        sa, sb = self.node_a.emitter.phase_noise_sigma_rad, self.b.emitter.phase_noise_sigma_rad
        return _arrays.exp(-(sa**2 + sb**2) / 4)

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
        return _arrays.minimum(1.0, eta_total)

    @property
    def gate_fidelities(self) -> tuple[float, float]:
        """Reflection scheme: the spin-photon gate fidelity of each node."""
        return (self._gate_fidelity(self.node_a), self._gate_fidelity(self.b))

    def _gate_fidelity(self, node: Platform) -> float:
        if self.spin_photon_gate_fidelity is not None:
            return self.spin_photon_gate_fidelity
        qubit = node.communication_memory or node.memory
        return _arrays.maximum(0.25, qubit.two_qubit_gate_fidelity)

    @property
    def success_probability(self) -> float:
        """Probability that one attempt (one mode) heralds (the scheme's: the emission errors
        of :attr:`attempt` are trace-preserving channels on the heralded state and leave it
        unchanged, so the rate does not build that state). An array for a batch."""
        if self.is_batch:
            return self.scheme_batch.success_probability  # type: ignore[return-value]
        return self._scheme_attempt.success_probability

    # --- without overheads (repeater chains) ------------------------------------------
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

    # --- the delivered pair -----------------------------------------------------------
    @property
    def link_efficiency(self) -> float:
        """``eta_link = rate / decoherence rate of the pair`` (Humphreys et al., Nature 558,
        268 (2018), doi:10.1038/s41586-018-0200-5: the entangling rate over the entangled
        state's decoherence rate, both memories counted); above 1 the link makes
        entanglement faster than it is lost."""
        return self.rate_hz / self.pair_decoherence_rate_hz

    @cached_property
    def delivered_state(self) -> HeraldedState:
        """The heralded state after each memory has waited for the herald (every step of
        :meth:`noise_steps`)."""
        h = self.attempt
        state = h.state
        for node, kind, value in self.noise_steps()[2:]:
            state = _apply_step(state, node, kind, value, self)
        return HeraldedState(h.success_probability, state, h.false_herald_fraction)

    # --- budgets ----------------------------------------------------------------------
    def loss_budget(self) -> list[LossItem]:
        """Losses per element (dB), largest first: what limits the rate."""
        return link_loss_budget(self)

    def time_budget(self) -> list[TimeItem]:
        """Fraction of wall time in each part: the local parts of an attempt
        (initialisation, emission, local operations, or a published period), the herald
        wait (communication), each periodic overhead and the unlisted duty-cycle idle time.
        The fractions sum to 1."""
        return link_time_budget(self)


def _apply_step(state: QuantumState, node: str, kind: str, value: Any, link: Link) -> QuantumState:
    """One step of :meth:`Link.noise_steps` on a single state (identities skipped)."""
    if kind == "pauli":
        if value[0] < 1.0:
            channel = PauliChannel(p_x=float(value[1]), p_y=float(value[3]), p_z=float(value[2]))
            return state.apply_channel(channel, node)
        return state
    if kind == "dephasing":
        return state.apply_channel(dephasing(value), node) if value > 0.0 else state
    return state.apply_channel(link.memory_channel(node, value), node)
