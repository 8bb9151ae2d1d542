"""Memory-photon links: one memory entangled with a photon measured at a distant station.

The first step of every repeater, and an experiment of its own: a single emitter (ion, atom,
colour centre) emits a photon whose qubit (polarisation or time bin) is entangled with the
emitter's memory qubit; the photon is frequency-converted, sent through fibre to a station
that measures its qubit in a chosen basis, and the station's result travels back; the memory
is then read out in the same basis. Experiments of this kind:

* trapped 40Ca+ ion in a cavity, 854 nm photon converted to 1550 nm, ion-photon entanglement
  after 50 km of spooled fibre with fidelity about 0.86 (Krutyanskiy et al., npj Quantum
  Inf. 5, 72 (2019), doi:10.1038/s41534-019-0186-3);
* single 87Rb atom, 780 nm photon converted to the telecom S band (57% external conversion
  efficiency), atom-photon fidelity >= 0.785(9) after 20 km, "mainly limited by decoherence of
  the atomic state" (van Leent et al., PRL 124, 010510 (2020), doi:10.1103/PhysRevLett.124.
  010510, abstract), and the same nodes over 33 km of deployed fibre (van Leent et al.,
  Nature 607, 69 (2022), doi:10.1038/s41586-022-04764-4);
* trapped 40Ca+ ion, photon converted to 1310 nm, ion-photon fidelity about 0.98 (Bock et al.,
  Nat. Commun. 9, 1998 (2018), doi:10.1038/s41467-018-04341-2).

Those published outputs are for validation only; nothing here is tuned to them.

The model reuses the node's hardware exactly as :class:`~qnetsim.link.design.Link` composes
it (a node-to-node link whose station is at the far end of the fibre), so every element has
one definition: emission efficiency, frequency converter (efficiency and noise photons),
fibre (attenuation, delay), the station's detectors (efficiency, dark counts, window, dead
time), the photon's wave packet inside the window, the emitter-photon state's errors
(:meth:`Link.emission_pauli <qnetsim.link.design.Link.emission_pauli>`: depolarising and
dephasing parts, the preparing rotation, initialisation), the attempt timing (local cycle,
herald wait, overheads, duty cycle) and the memory's decoherence while the photon flies and
the station's message comes back (:meth:`Link.storage_twirl
<qnetsim.link.design.Link.storage_twirl>`).

One attempt (per mode). The station analyses the photon's qubit with two threshold detectors,
one per outcome of the chosen basis (a polarising beam splitter, or a time-bin analyser). Let
``eta`` be the probability that the photon is detected (emission x conversion x fibre x
window capture x detector efficiency x the detectors' live fraction) and ``d`` the
probability of a noise click per detector and window (dark counts plus half of the
conversion noise that survives the fibre, as :attr:`Link.noise_click_probability
<qnetsim.link.design.Link.noise_click_probability>`). An attempt heralds when exactly one
detector clicks (a double click is discarded):

    P(signal) = eta (1 - d)              (the photon's detector; the other one silent)
    P(noise)  = (1 - eta) 2 d (1 - d)    (no photon detected; exactly one noise click)
    p = P(signal) + P(noise)

This is the standard threshold-detector model (physics.md section 2, ``q = 1 - p_dc``; the
same one-click probabilities as :mod:`qnetsim.link.two_photon`, ``e0`` and ``e1``). A noise
click gives a random outcome, uncorrelated with the memory, so the heralded state is

    rho = (1 - w) rho_signal + w I/4,    w = P(noise) / p.

``rho_signal`` is ``Phi+`` with, as Pauli channels (each acts on a Bell-diagonal state the
same way on either qubit): the emission errors of the node; the double excitation (a
re-excited emitter leaves an early photon carrying a time record of its emission: the
coherence is multiplied by ``1 - p2``, a Z error of probability ``p2 / 2``, as in
:mod:`qnetsim.link.two_photon` after Hermans et al., NJP 25, 013011 (2023)); and the
station's analyser, a basis-dependent visibility: the outcome in basis Z (X) is flipped with
probability ``e_Z = (1 - V_Z)/2`` (``e_X = (1 - V_X)/2``), independent flips, i.e. a Pauli
channel ``(p_I, p_X, p_Z, p_Y) = ((1-e_Z)(1-e_X), e_Z (1-e_X), e_X (1-e_Z), e_Z e_X)`` on the
photon (so ``e_Y = e_Z + e_X - 2 e_Z e_X``). Then the memory waits for the station's message
(:attr:`MemoryPhotonLink.herald_wait_s`: the photon's flight plus the message back; only the
photon's flight for fibre spooled in one lab, ``classical_length_km = 0``).

The memory is read out in the basis the station used. Measured correlations include the
memory's readout error (``1 - (F0 + F1)/2``) and, in the X and Y bases, the rotation before
the readout (depolarising ``2 (1 - F_gate)``, as :meth:`Link.emission_pauli
<qnetsim.link.design.Link.emission_pauli>` counts a gate):
``E_b(measured) = E_b(state) (1 - p_gate,b)(1 - 2 e_read)``; ``QBER_b = (1 - s_b
E_b(measured)) / 2`` with ``s = +1`` for Z and X and ``-1`` for Y (``Phi+`` is anticorrelated
in Y).

Limits: single emitters only (an ensemble's multi-excitation memory-photon state is not
modelled); threshold detectors; the analyser's loss is not basis dependent (a passive
time-bin analyser that keeps only the central time slot in X loses half of those photons:
enter it with ``extra_loss_db``); the memory's T1 enters the Bell-diagonal state as its Pauli
twirl (exact for the fidelity with T1 = inf, every preset; :meth:`MemoryPhotonLink.
delivered_density_matrix` applies the exact channel).

The heralded state and its measured correlations are computed by
:class:`~qnetsim.link.memory_photon_state.MemoryPhotonState` (a mixin of
:class:`MemoryPhotonLink`); pairs are drawn by
:func:`~qnetsim.link.memory_photon_sampling.sample_memory_photon`.

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> link = MemoryPhotonLink(get_platform("rb_atom_lu2026"), 20.0)
    >>> 1e-3 < link.success_probability < 1e-2, link.herald_wait_s == 2 * 20.0 / 2e5
    (True, True)
    >>> round(link.qber("Z") - (1 - link.correlation("Z")) / 2, 12)
    0.0
    >>> from qnetsim.link.memory_photon_sampling import sample_memory_photon
    >>> s = sample_memory_photon(link, 2000, 1, mode="sampled")
    >>> abs(s.mean_fidelity()[0] - link.fidelity) < 5 * s.mean_fidelity()[1] + 1e-9
    True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_in_range, check_nonnegative, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.fibre import Fibre
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform
from qnetsim.link.budget import LossItem, TimeItem
from qnetsim.link.design import Link
from qnetsim.link.memory_photon_state import BASES, MemoryPhotonState, check_basis
from qnetsim.units import ps_to_seconds

__all__ = ["MemoryPhotonLink"]


@dataclass(frozen=True)
class MemoryPhotonLink(MemoryPhotonState):
    """A memory entangled with a photon measured at a distant station.

    Args:
        platform: the node (a single emitter: its emitter, converter, memory, timing).
        length_km: fibre from the node to the station (km), in [0, 1e5].
        station_detector: the station's detectors (default: the platform's).
        bases: the bases the station (and then the memory) measures in, chosen with equal
            probability per pair; non-empty, each of ``"Z"``, ``"X"``, ``"Y"``, no repeats.
        visibility_z: visibility of the station's Z-basis analysis, in [0, 1] (1: ideal).
        visibility_x: visibility of the station's X-basis analysis, in [0, 1] (1: ideal).
            Defaults of 1 are the neutral value: give measured analyser visibilities
            (ASSUMPTION when not measured; polarisation analysers and time-bin
            interferometers typically 0.98-0.999).
        attenuation_db_per_km: fibre attenuation override (default: the platform's).
        extra_loss_db: extra loss in the fibre path (connectors, filters, a time-bin
            analyser's discarded slots), dB in [0, 1000].
        fibre_loss_db: measured total loss of the fibre path (dB, in [0, 1000]), replacing
            ``attenuation x length + extra_loss_db``; the length still sets the delays.
        conversion_efficiency: frequency-conversion efficiency override, in [0, 1].
        wavelength_nm: fibre wavelength override (nm).
        classical_length_km: distance the station's message travels back (km); ``None``:
            the fibre length; 0 for fibre spooled beside the node (Krutyanskiy 2019).
        store_in_memory: move the communication qubit into the storage memory once the
            photon has left (nodes with a separate communication qubit), as in
            :class:`~qnetsim.link.design.Link`.

    Raises:
        InvalidParameterError: naming the field, the value and the valid range.

    Examples:
        >>> from qnetsim.hardware import get_platform
        >>> MemoryPhotonLink(get_platform("ca_ion_ustc"), 10.0, bases=("Z", "W"))
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: bases[1] = 'W' is invalid; valid: 'Z', 'X' or 'Y'
    """

    platform: Platform
    length_km: float
    station_detector: Detector | None = None
    bases: tuple[str, ...] = ("Z", "X")
    visibility_z: float = 1.0
    visibility_x: float = 1.0
    attenuation_db_per_km: float | None = None
    extra_loss_db: float = 0.0
    fibre_loss_db: float | None = None
    conversion_efficiency: float | None = None
    wavelength_nm: float | None = None
    classical_length_km: float | None = None
    store_in_memory: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.platform, Platform):
            raise InvalidParameterError("platform", self.platform, "a Platform")
        check_in_range("length_km", self.length_km, 0.0, 1e5)
        object.__setattr__(self, "length_km", float(self.length_km))
        if self.platform.scheme == "storage":
            raise InvalidParameterError(
                "platform",
                self.platform.name,
                "a platform with an emitter-memory interface",
                "a storage-only platform has no memory-photon entanglement",
            )
        if self.platform.emitter.excitation_probability is not None:
            raise InvalidParameterError(
                "platform.emitter.excitation_probability",
                self.platform.emitter.excitation_probability,
                "None (a single emitter)",
                "the memory-photon state of an ensemble (multi-excitations) is not modelled",
            )
        if self.station_detector is not None and not isinstance(self.station_detector, Detector):
            raise InvalidParameterError("station_detector", self.station_detector, "a Detector")
        if isinstance(self.bases, str):
            raise InvalidParameterError("bases", self.bases, "a sequence such as ('Z', 'X')")
        bases = tuple(self.bases)
        if not bases:
            raise InvalidParameterError("bases", self.bases, "at least one of 'Z', 'X', 'Y'")
        for k, b in enumerate(bases):
            check_basis(f"bases[{k}]", b)
        if len(set(bases)) != len(bases):
            raise InvalidParameterError("bases", self.bases, "distinct bases")
        object.__setattr__(self, "bases", bases)
        for name in ("visibility_z", "visibility_x"):
            object.__setattr__(self, name, check_probability(name, getattr(self, name)))
        check_in_range("extra_loss_db", self.extra_loss_db, 0.0, 1000.0)
        if self.fibre_loss_db is not None:
            check_in_range("fibre_loss_db", self.fibre_loss_db, 0.0, 1000.0)
        if self.attenuation_db_per_km is not None:
            check_nonnegative("attenuation_db_per_km", self.attenuation_db_per_km)
        if self.conversion_efficiency is not None:
            check_probability("conversion_efficiency", self.conversion_efficiency)
        object.__setattr__(self, "store_in_memory", bool(self.store_in_memory))
        _ = self.geometry_link  # the Link checks the rest (timing, wavelength, ...)
        _ = self.fibre

    # --- the hardware, through Link ----------------------------------------------------
    @cached_property
    def geometry_link(self) -> Link:
        """The node-to-node :class:`~qnetsim.link.design.Link` whose node A is this node and
        whose node B hosts the station at the end of the fibre: it supplies the fibre, the
        delays, the emission errors, the timing and the memory decoherence (its node-B arm
        and its two-node heralding model are not used)."""
        loss = None if self.fibre_loss_db is None else (self.fibre_loss_db, 0.0)
        try:
            return Link(
                self.platform,
                self.length_km,
                scheme="two-photon",
                geometry="node_to_node",
                attenuation_db_per_km=self.attenuation_db_per_km,
                extra_loss_db=self.extra_loss_db,
                detector=self.detector,
                conversion_efficiency=self.conversion_efficiency,
                store_in_memory=self.store_in_memory,
                classical_length_km=self.classical_length_km,
                arm_loss_db=loss,
                wavelength_nm=self.wavelength_nm,
            )
        except InvalidParameterError as exc:
            name = exc.name.replace("node_a.", "platform.").replace("node_b.", "platform.")
            if name == "arm_loss_db[0]":
                name = "fibre_loss_db"
            raise InvalidParameterError(name, exc.value, exc.valid) from exc

    @property
    def detector(self) -> Detector:
        """The station's detectors."""
        return self.station_detector or self.platform.detector

    @cached_property
    def fibre(self) -> Fibre:
        """The fibre from the node to the station."""
        try:
            return self.geometry_link.fibres[0]
        except InvalidParameterError as exc:
            raise InvalidParameterError(exc.name, exc.value, exc.valid) from exc

    @property
    def holding_memory(self) -> Memory:
        """The qubit that holds the memory's half (and is read out)."""
        return self.geometry_link.holding_memory("A")

    @property
    def conversion(self) -> float:
        """Frequency-conversion efficiency (1 without a converter)."""
        if self.conversion_efficiency is not None:
            return self.conversion_efficiency
        c = self.platform.converter
        return c.efficiency if c is not None else 1.0

    @property
    def window_capture(self) -> float:
        """Part of the photon's wave packet inside the station's window."""
        return self.platform.emitter.window_capture(self.detector.window_s)

    @cached_property
    def _efficiency_before_dead_time(self) -> float:
        return (
            self.platform.emitter.emission_efficiency
            * self.conversion
            * self.fibre.transmissivity
            * self.window_capture
            * self.detector.efficiency
        )

    @cached_property
    def noise_rate_per_detector_hz(self) -> float:
        """Noise counts per second of one station detector: its dark counts plus half of the
        conversion noise that survives the fibre, detected (before the dead time)."""
        det = self.detector
        conv = self.platform.converter
        noise = 0.5 * conv.noise_rate_hz * self.fibre.transmissivity if conv is not None else 0.0
        return det.dark_count_rate_hz + noise * det.efficiency

    @cached_property
    def detector_live_fraction(self) -> float:
        """Live fraction ``1 / (1 + r t_d)`` of a non-paralysable detector (Knoll, ch. 4) for
        its count rate ``r``: noise counts plus half of the photons detected per second."""
        t_d = self.detector.dead_time_s
        if t_d == 0.0:
            return 1.0
        r = self.noise_rate_per_detector_hz
        r += 0.5 * self._efficiency_before_dead_time * self.num_modes / self.cycle_s
        return 1.0 / (1.0 + r * t_d)

    @property
    def efficiency(self) -> float:
        """``eta``: probability that the photon of an attempt is detected at the station."""
        return self._efficiency_before_dead_time * self.detector_live_fraction

    @property
    def noise_click_probability(self) -> float:
        """``d``: probability of a noise click per detector and window."""
        mean = self.noise_rate_per_detector_hz * self.detector.window_s
        return -math.expm1(-mean) * self.detector_live_fraction

    # --- one attempt -------------------------------------------------------------------
    @property
    def signal_probability(self) -> float:
        """``eta (1 - d)``: the photon's detector clicks, the other one does not."""
        return self.efficiency * (1.0 - self.noise_click_probability)

    @property
    def noise_probability(self) -> float:
        """``(1 - eta) 2 d (1 - d)``: no photon detected, exactly one noise click."""
        d = self.noise_click_probability
        return (1.0 - self.efficiency) * 2.0 * d * (1.0 - d)

    @property
    def success_probability(self) -> float:
        """Probability that one attempt (one mode) heralds: exactly one click."""
        return self.signal_probability + self.noise_probability

    @property
    def noise_fraction(self) -> float:
        """``w``: the share of heralds that come from noise clicks (random outcome)."""
        p = self.success_probability
        return self.noise_probability / p if p > 0 else 0.0

    # --- timing ------------------------------------------------------------------------
    @property
    def herald_wait_s(self) -> float:
        """Time the memory waits from its emission until it knows the station's result (s):
        the photon's flight plus the message back."""
        return self.geometry_link.herald_wait_s[0]

    @property
    def herald_wait_ps(self) -> int:
        """:attr:`herald_wait_s` in exact integer picoseconds."""
        return int(self.fibre.delay_ps + self.geometry_link.classical_delays_ps[0])

    @property
    def num_modes(self) -> int:
        """Parallel modes per cycle (the node's communication qubits x temporal modes)."""
        return self.geometry_link.num_modes

    @property
    def cycle_success_probability(self) -> float:
        """Probability that at least one of the :attr:`num_modes` modes heralds in a cycle."""
        return -math.expm1(self.num_modes * math.log1p(-min(self.success_probability, 1.0)))

    @property
    def cycle_ps(self) -> int:
        """One attempt cycle (integer ps): the node's local time plus, when it waits, the
        photon's flight and the message back (:attr:`Link.cycle_ps
        <qnetsim.link.design.Link.cycle_ps>`)."""
        return self.geometry_link.cycle_ps

    @property
    def cycle_s(self) -> float:
        return ps_to_seconds(self.cycle_ps)

    @property
    def local_ps(self) -> int:
        """Local preparation of an attempt until the emission (integer ps)."""
        return self.geometry_link.local_ps

    @property
    def duty_fraction(self) -> float:
        """Fraction of wall time spent attempting (overheads and duty cycle)."""
        return self.geometry_link.duty_fraction

    def wall_time_ps(self, cycles: int) -> int:
        """Wall time after ``cycles`` cycles, overhead blocks included (exact ps)."""
        return self.geometry_link.wall_time_ps(cycles)

    def wall_time_s(self, cycles: Any) -> NDArray[np.float64]:
        """:meth:`wall_time_ps` for an array of cycle counts, in seconds."""
        return self.geometry_link.wall_time_s(cycles)

    @property
    def rate_hz(self) -> float:
        """Mean rate of heralded memory-photon pairs: ``P(cycle) x duty / cycle``."""
        return self.cycle_success_probability * self.duty_fraction / self.cycle_s

    def time_budget(self) -> list[TimeItem]:
        """Fraction of wall time per part (:meth:`Link.time_budget
        <qnetsim.link.design.Link.time_budget>`)."""
        return self.geometry_link.time_budget()

    # --- budgets -----------------------------------------------------------------------
    def loss_budget(self) -> list[LossItem]:
        """Losses per element (dB), largest first."""

        def db(eta: float) -> float:
            return math.inf if eta <= 0 else -10.0 * math.log10(eta)

        items = [LossItem("emission/collection", db(self.platform.emitter.emission_efficiency))]
        if self.platform.converter is not None or self.conversion < 1.0:
            items.append(LossItem("frequency conversion", db(self.conversion)))
        f = self.fibre
        if f.length_km > 0 or f.loss_db > 0:
            items.append(LossItem(f"fibre ({f.length_km:g} km)", f.loss_db))
        if self.window_capture < 1.0:
            items.append(LossItem("detection window", db(self.window_capture)))
        items.append(LossItem("detector", db(self.detector.efficiency)))
        if self.detector_live_fraction < 1.0:
            items.append(LossItem("detector dead time", db(self.detector_live_fraction)))
        return sorted(items, key=lambda item: -item.loss_db)

    def summary(self) -> dict[str, float]:
        """The closed-form numbers by name (the CLI and scenario runner print them)."""
        out = {
            "success_probability": self.success_probability,
            "rate_hz": self.rate_hz,
            "cycle_s": self.cycle_s,
            "herald_wait_s": self.herald_wait_s,
            "noise_fraction": self.noise_fraction,
            "fidelity_at_station": self.fidelity_at_station,
            "fidelity": self.fidelity,
            "measured_fidelity": self.measured_fidelity,
        }
        for b in BASES:
            out[f"qber[{b}]"] = self.qber(b)
            out[f"correlation[{b}]"] = self.correlation(b)
        return out
