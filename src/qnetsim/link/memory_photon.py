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

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> link = MemoryPhotonLink(get_platform("rb_atom_lu2026"), 20.0)
    >>> 1e-3 < link.success_probability < 1e-2, link.herald_wait_s == 2 * 20.0 / 2e5
    (True, True)
    >>> round(link.qber("Z") - (1 - link.correlation("Z")) / 2, 12)
    0.0
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

from qnetsim._validate import check_in_range, check_int, check_nonnegative, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.fibre import Fibre
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import Link, LossItem, TimeItem
from qnetsim.link.montecarlo import (
    check_attempt_probability,
    check_cycle_probability,
    first_heralds_per_cycle,
)
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.channels import PauliChannel, dephasing
from qnetsim.quantum.states import BellDiagonalState, DensityMatrixState
from qnetsim.units import ps_to_seconds

__all__ = [
    "BASES",
    "MEMORY_PHOTON_MODES",
    "MemoryPhotonLink",
    "MemoryPhotonSample",
    "sample_memory_photon",
]

#: Measurement bases of the photon and the memory.
BASES: tuple[str, ...] = ("Z", "X", "Y")
#: Monte Carlo modes: photon-level attempts, or geometric waiting times.
MEMORY_PHOTON_MODES: tuple[str, ...] = ("attempt", "sampled")
#: ``Phi+`` is correlated in Z and X and anticorrelated in Y.
_SIGN = {"Z": 1.0, "X": 1.0, "Y": -1.0}
_UNIFORM = np.full(4, 0.25)
_QUBITS = ("memory", "photon")


def _flip_in_basis(pauli: NDArray[np.int64], basis: str) -> NDArray[np.int64]:
    """1 where the Pauli (0=I, 1=X, 2=Z, 3=Y) anticommutes with the basis's operator (flips
    the outcome measured in that basis)."""
    x, z = pauli & 1, (pauli >> 1) & 1
    if basis == "Z":
        return x
    if basis == "X":
        return z
    return x ^ z


def correlation_of(coefficients: NDArray[np.float64], basis: str) -> NDArray[np.float64]:
    """``<s_b (x) s_b>`` of Bell-diagonal coefficients ``(Phi+, Psi+, Phi-, Psi-)``: Z:
    ``l_I - l_X + l_Z - l_Y``, X: ``l_I + l_X - l_Z - l_Y``, Y: ``-l_I + l_X + l_Z - l_Y``."""
    c = np.asarray(coefficients, dtype=np.float64)
    li, lx, lz, ly = c[..., 0], c[..., 1], c[..., 2], c[..., 3]
    if basis == "Z":
        return li - lx + lz - ly
    if basis == "X":
        return li + lx - lz - ly
    return -li + lx + lz - ly


def _check_basis(name: str, basis: str) -> str:
    if basis not in BASES:
        raise InvalidParameterError(name, basis, "'Z', 'X' or 'Y'")
    return basis


@dataclass(frozen=True)
class MemoryPhotonLink:
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
            _check_basis(f"bases[{k}]", b)
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

    @cached_property
    def emission_pauli(self) -> NDArray[np.float64]:
        """Pauli probabilities ``(p_I, p_X, p_Z, p_Y)`` of the node's emission errors
        (:meth:`Link.emission_pauli <qnetsim.link.design.Link.emission_pauli>`) and its double
        excitation (a Z error of probability ``p2 / 2``)."""
        p = self.geometry_link.emission_pauli("A")
        z = 0.5 * self.platform.emitter.double_excitation_probability
        return np.asarray((1.0 - z) * p + z * p[[2, 3, 0, 1]], dtype=np.float64)

    @property
    def analyser_pauli(self) -> NDArray[np.float64]:
        """Pauli probabilities of the station's analyser on the photon: independent Z-basis
        and X-basis flips ``e_Z = (1 - V_Z)/2``, ``e_X = (1 - V_X)/2``."""
        ez, ex = (1.0 - self.visibility_z) / 2.0, (1.0 - self.visibility_x) / 2.0
        return np.array([(1 - ez) * (1 - ex), ez * (1 - ex), ex * (1 - ez), ez * ex])

    @cached_property
    def signal_coefficients(self) -> NDArray[np.float64]:
        """Bell-diagonal coefficients of a signal herald at the station (before the wait)."""
        phi = np.array([1.0, 0.0, 0.0, 0.0])
        return bd.pauli_channel(bd.pauli_channel(phi, self.emission_pauli), self.analyser_pauli)

    @cached_property
    def coefficients_at_station(self) -> NDArray[np.float64]:
        """The heralded state as the station measures it: ``(1 - w) signal + w I/4``."""
        w = self.noise_fraction
        return np.asarray((1.0 - w) * self.signal_coefficients + w * _UNIFORM)

    @property
    def state_at_station(self) -> BellDiagonalState:
        """:attr:`coefficients_at_station` as a state on (memory, photon)."""
        return BellDiagonalState(_QUBITS, self.coefficients_at_station)

    @property
    def fidelity_at_station(self) -> float:
        """Fidelity to ``Phi+`` of the heralded state before the memory's wait."""
        return float(self.coefficients_at_station[0])

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

    # --- the delivered state -----------------------------------------------------------
    @cached_property
    def storage_pauli(self) -> NDArray[np.float64]:
        """Pauli probabilities of the memory's wait for the station's result (transfer,
        attempts during the wait, T1/T2 twirl)."""
        return self.geometry_link.storage_twirl("A", self.herald_wait_s)

    @cached_property
    def signal_delivered_coefficients(self) -> NDArray[np.float64]:
        """A signal herald's state after the memory's wait."""
        return bd.pauli_channel(self.signal_coefficients, self.storage_pauli)

    @cached_property
    def delivered_coefficients(self) -> NDArray[np.float64]:
        """The heralded state after the memory's wait (Bell-diagonal, ``Phi+`` frame)."""
        w = self.noise_fraction
        return np.asarray((1.0 - w) * self.signal_delivered_coefficients + w * _UNIFORM)

    @property
    def delivered_state(self) -> BellDiagonalState:
        """:attr:`delivered_coefficients` as a state on (memory, photon)."""
        return BellDiagonalState(_QUBITS, self.delivered_coefficients)

    @property
    def fidelity(self) -> float:
        """Memory-photon fidelity to ``Phi+`` when the memory is read out."""
        return float(self.delivered_coefficients[0])

    def delivered_density_matrix(self) -> DensityMatrixState:
        """The delivered state with the memory's exact T1/T2 channel (amplitude damping not
        twirled): transfer and attempt dephasing (Pauli), then :meth:`Link.memory_channel
        <qnetsim.link.design.Link.memory_channel>` over the wait."""
        link = self.geometry_link
        state = self.state_at_station.to_density_matrix()
        memory = [_QUBITS[0]]
        t = link.transfer_pauli("A")
        if t[0] < 1.0:
            state = state.apply_channel(
                PauliChannel(p_x=float(t[1]), p_y=float(t[3]), p_z=float(t[2])), memory
            )
        z = link.attempt_dephasing("A")
        if z > 0.0:
            state = state.apply_channel(dephasing(z), memory)
        out = state.apply_channel(link.memory_channel("A", self.herald_wait_s), memory)
        assert isinstance(out, DensityMatrixState)
        return out

    # --- measured correlations ---------------------------------------------------------
    def readout_factor(self, basis: str) -> float:
        """Contrast the memory's read-out keeps in ``basis``: ``(1 - 2 e_read)`` times, in
        X and Y, ``1 - p_gate`` of the rotation before the read-out."""
        _check_basis("basis", basis)
        mem = self.holding_memory
        e = 1.0 - mem.mean_readout_fidelity
        gate = 0.0 if basis == "Z" else self.rotation_depolarising
        return (1.0 - gate) * (1.0 - 2.0 * e)

    @property
    def rotation_depolarising(self) -> float:
        """Depolarising probability ``2 (1 - F)`` of the rotation into X or Y before the
        memory's read-out."""
        return min(1.0, 2.0 * (1.0 - self.holding_memory.single_qubit_gate_fidelity))

    def correlation(self, basis: str, measured: bool = True) -> float:
        """``<s_b (x) s_b>`` of memory and photon in ``basis``; ``measured``: with the
        memory's read-out errors (what an experiment records)."""
        e = float(correlation_of(self.delivered_coefficients, _check_basis("basis", basis)))
        return e * self.readout_factor(basis) if measured else e

    def qber(self, basis: str, measured: bool = True) -> float:
        """Probability that the memory's and the photon's outcomes disagree with ``Phi+``
        in ``basis``."""
        return 0.5 * (1.0 - _SIGN[_check_basis("basis", basis)] * self.correlation(basis, measured))

    @property
    def measured_fidelity(self) -> float:
        """The fidelity an experiment infers from the three measured correlations,
        ``(1 + E_X - E_Y + E_Z) / 4`` (read-out errors included)."""
        return 0.25 * (1.0 + self.correlation("X") - self.correlation("Y") + self.correlation("Z"))

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


# --- vectorised Monte Carlo -----------------------------------------------------------------
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class MemoryPhotonSample:
    """Heralded memory-photon pairs of :func:`sample_memory_photon`.

    Attributes:
        cycles: ``(n,)`` attempt cycles spent on each pair (>= 1).
        wall_time_s: ``(n,)`` wall time of each pair (its cycles, overheads, duty cycle).
        noise: ``(n,)`` the herald came from a noise click.
        basis: ``(n,)`` index into ``bases`` of the basis each pair was measured in.
        bases: the bases.
        photon_outcome: ``(n,)`` the station's outcome (0/1).
        memory_outcome: ``(n,)`` the memory's read-out (0/1), errors included.
        fidelity: ``(n,)`` fidelity of each pair's state at read-out (the signal state or
            ``1/4`` for a noise herald).
        mode: ``"attempt"`` or ``"sampled"``.
    """

    cycles: NDArray[np.int64]
    wall_time_s: NDArray[np.float64]
    noise: NDArray[np.bool_]
    basis: NDArray[np.int64]
    bases: tuple[str, ...]
    photon_outcome: NDArray[np.int64]
    memory_outcome: NDArray[np.int64]
    fidelity: NDArray[np.float64]
    mode: str

    @property
    def n_pairs(self) -> int:
        return int(self.cycles.size)

    @property
    def rate_hz(self) -> float:
        """Pairs per second, ``n / total wall time``."""
        return self.n_pairs / float(self.wall_time_s.sum())

    @property
    def rate_se_hz(self) -> float:
        """Standard error of :attr:`rate_hz` (delta method on the mean waiting time)."""
        w = self.wall_time_s
        if w.size < 2:
            return math.inf
        mean = float(w.mean())
        return float(w.std(ddof=1)) / math.sqrt(w.size) / mean**2

    def mean_fidelity(self) -> tuple[float, float]:
        """Mean fidelity and its standard error."""
        f = self.fidelity
        se = float(f.std(ddof=1)) / math.sqrt(f.size) if f.size > 1 else 0.0
        return float(f.mean()), se

    def qber(self, basis: str) -> tuple[float, float, int]:
        """QBER in ``basis`` (disagreements with ``Phi+``), its standard error and the pairs
        measured in it."""
        _check_basis("basis", basis)
        if basis not in self.bases:
            raise InvalidParameterError("basis", basis, " or ".join(map(repr, self.bases)))
        sel = self.basis == self.bases.index(basis)
        n = int(sel.sum())
        if n == 0:
            return math.nan, math.nan, 0
        expected = self.memory_outcome[sel] ^ (1 if basis == "Y" else 0)
        errors = (self.photon_outcome[sel] != expected).astype(np.float64)
        q = float(errors.mean())
        return q, math.sqrt(max(q * (1 - q), 1.0 / n) / n), n

    @property
    def noise_fraction(self) -> float:
        return float(self.noise.mean())


def _rng(seed: int | np.random.Generator) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int("seed", seed, 0))


def sample_memory_photon(
    link: MemoryPhotonLink,
    n_pairs: int,
    seed: int | np.random.Generator = 1,
    mode: str = "attempt",
    block_attempts: int = 1 << 18,
) -> MemoryPhotonSample:
    """Draw ``n_pairs`` heralded memory-photon pairs over ``link``, vectorised.

    ``"attempt"`` simulates every attempt: the photon is detected with ``eta``, each of the
    two detectors fires a noise click with ``d``, and an attempt heralds on exactly one click
    (the closed form's herald and noise probabilities are not used). ``"sampled"`` draws the
    cycles per pair from the geometric distribution of the closed-form cycle probability and
    the noise heralds with :attr:`MemoryPhotonLink.noise_fraction`. In both, each pair's
    outcomes are drawn from Pauli errors sampled one by one (emission, double excitation,
    analyser flips, the memory's wait, the read-out rotation and the read-out flips
    ``1 - F0`` / ``1 - F1``), and a noise herald's photon outcome is the detector that fired.

    Raises:
        InvalidParameterError: bad ``n_pairs``, ``mode`` or ``seed``, or a link too lossy to
            sample (as :func:`~qnetsim.link.montecarlo.sample_link`).
    """
    n = check_int("n_pairs", n_pairs, 1)
    if mode not in MEMORY_PHOTON_MODES:
        raise InvalidParameterError("mode", mode, ", ".join(MEMORY_PHOTON_MODES))
    rng = _rng(seed)
    if mode == "sampled":
        cycles = rng.geometric(check_cycle_probability(link.cycle_success_probability), n)
        cycles = cycles.astype(np.int64)
        noise = rng.random(n) < link.noise_fraction
        noise_outcome = rng.integers(0, 2, n)
    else:
        cycles, noise, noise_outcome = _attempt_heralds(
            link, n, rng, check_int("block_attempts", block_attempts, 1)
        )
    wall = np.diff(link.wall_time_s(np.cumsum(cycles)), prepend=0.0)
    basis = rng.integers(0, len(link.bases), n)
    # the ideal Phi+ outcome of the memory, then the Pauli errors of a signal herald
    m = rng.integers(0, 2, n)
    paulis = [link.emission_pauli, link.analyser_pauli, link.storage_pauli]
    err = np.zeros(n, dtype=np.int64)
    for p in paulis:
        err ^= rng.choice(4, size=n, p=p / p.sum())
    photon = np.empty(n, dtype=np.int64)
    memory = m.copy()
    mem = link.holding_memory
    for k, b in enumerate(link.bases):
        sel = basis == k
        photon[sel] = m[sel] ^ (1 if b == "Y" else 0) ^ _flip_in_basis(err[sel], b)
        if b != "Z":  # the rotation before the read-out: depolarising -> random outcome
            dep = sel & (rng.random(n) < link.rotation_depolarising)
            memory[dep] = rng.integers(0, 2, int(dep.sum()))
    photon[noise] = noise_outcome[noise]
    flip_p = np.where(memory == 0, 1.0 - mem.readout_fidelity_0, 1.0 - mem.readout_fidelity_1)
    memory ^= (rng.random(n) < flip_p).astype(np.int64)
    fid = np.where(noise, 0.25, link.signal_delivered_coefficients[0])
    return MemoryPhotonSample(
        cycles, wall, noise, basis.astype(np.int64), link.bases, photon, memory, fid, mode
    )


def _attempt_heralds(
    link: MemoryPhotonLink, n: int, rng: np.random.Generator, block: int
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.int64]]:
    """Attempts photon by photon until ``n`` cycles herald: cycles per pair, whether each
    herald was a noise click, and the detector (0/1) a noise click fired."""
    p = check_attempt_probability(link.success_probability)
    eta, d = link.efficiency, link.noise_click_probability

    def draw(size: int) -> tuple[NDArray[np.int64], tuple[NDArray[Any], ...]]:
        signal = rng.random(size) < eta
        dark0 = rng.random(size) < d
        dark1 = rng.random(size) < d
        # the photon's detector clicks (with or without its own noise); the other one, by
        # symmetry "detector 1", must stay silent
        sig_herald = signal & ~dark1
        noise_herald = ~signal & (dark0 ^ dark1)
        idx = np.flatnonzero(sig_herald | noise_herald)
        return idx, (noise_herald[idx], dark1[idx].astype(np.int64))

    cycles, (noise, which) = first_heralds_per_cycle(n, link.num_modes, block, p, draw)
    return cycles, noise, which
