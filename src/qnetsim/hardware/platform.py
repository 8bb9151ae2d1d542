"""The :class:`Platform` bundle: the hardware of one quantum-network platform.

A platform bundles an :class:`~qnetsim.hardware.emitter.Emitter`, a storage
:class:`~qnetsim.hardware.memory.Memory` (and, for two-qubit nodes, the communication qubit),
an optional :class:`~qnetsim.hardware.conversion.FrequencyConverter`, a
:class:`~qnetsim.hardware.detector.Detector`, fibre defaults and notes, with a citation for
every numeric parameter (keys ``"component.field"``). The presets and their registry are in
:mod:`qnetsim.hardware.platforms`.

Examples:
    >>> from qnetsim.hardware.platforms import get_platform
    >>> p = get_platform("nv_delft")
    >>> p.numeric_parameters()["emitter.alpha"]
    0.25
    >>> p.citation("emitter.alpha")
    'Stolk et al. 2024: alpha = 0.25 [S]'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from qnetsim._validate import check_nonnegative, check_positive
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.capabilities import Capabilities
from qnetsim.hardware.conversion import FrequencyConverter
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.emitter import Emitter
from qnetsim.hardware.fibre import Fibre
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.source import SinglePhotonSource
from qnetsim.hardware.timing import AttemptTiming

__all__ = ["ASSUMPTION_PREFIX", "COMPONENTS", "Platform"]

#: Citations of assumed (not sourced) values start with this.
ASSUMPTION_PREFIX = "ASSUMPTION:"

#: The hardware components of a platform (its fields that are parameter dataclasses).
COMPONENTS = (
    "emitter",
    "memory",
    "communication_memory",
    "detector",
    "converter",
    "source",
    "timing",
    "capabilities",
)


@dataclass(frozen=True)
class Platform:
    """The hardware of one quantum-network platform.

    Args:
        name: registry key.
        description: one line.
        scheme: entanglement-generation scheme (``"single-click"``, ``"two-photon"``,
            ``"dlcz-single-photon"``, ``"reflection"``, ``"storage"``).
        emitter: optical interface.
        memory: storage qubit (the one that holds entanglement).
        detector: heralding detectors.
        fibre_attenuation_db_per_km: attenuation of the platform's fibre at
            ``fibre_wavelength_nm``, >= 0.
        fibre_wavelength_nm: wavelength travelling in the fibre (after conversion), > 0.
        converter: frequency converter, or ``None``.
        communication_memory: the communication qubit when distinct from ``memory``.
        source: a separate single-photon source (QD platforms), or ``None``.
        timing: how the node spends its time (:class:`~qnetsim.hardware.timing.AttemptTiming`:
            initialisation, local operations, herald wait, periodic overheads, duty cycle or
            a published repetition rate).
        capabilities: what one node of the platform *has*
            (:class:`~qnetsim.hardware.capabilities.Capabilities`: communication qubits,
            storage qubits, multiplexed modes). The memories describe what a design *uses*:
            the communication interface's ``num_modes`` (``num_memories *
            num_temporal_modes`` of ``communication_memory``, or of ``memory`` when there is
            no distinct communication qubit) must be ``<= capabilities.max_modes``. Default:
            one communication qubit, no storage qubit, one mode (a single emitter).
        notes: free text: what is modelled, what is not.
        citations: ``"component.field"`` (or a top-level field name) -> source.
        ranges: ``"component.field"`` -> plausible ``(low, high)`` of a value that is an
            ASSUMPTION (each assumed value must lie in its range).
    """

    name: str
    description: str
    scheme: str
    emitter: Emitter
    memory: Memory
    detector: Detector
    fibre_attenuation_db_per_km: float
    fibre_wavelength_nm: float
    converter: FrequencyConverter | None = None
    communication_memory: Memory | None = None
    source: SinglePhotonSource | None = None
    timing: AttemptTiming = field(default_factory=AttemptTiming)
    capabilities: Capabilities = field(default_factory=Capabilities)
    notes: str = ""
    citations: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    ranges: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "fibre_attenuation_db_per_km",
            check_nonnegative("fibre_attenuation_db_per_km", self.fibre_attenuation_db_per_km),
        )
        object.__setattr__(
            self,
            "fibre_wavelength_nm",
            check_positive("fibre_wavelength_nm", self.fibre_wavelength_nm),
        )
        object.__setattr__(self, "citations", MappingProxyType(dict(self.citations)))
        ranges: dict[str, tuple[float, float]] = {}
        for key, pair in dict(self.ranges).items():
            low, high = (float(v) for v in pair)
            if not low <= high:
                raise InvalidParameterError(
                    f"ranges[{key!r}]", (low, high), "(low, high) with low <= high"
                )
            ranges[key] = (low, high)
        object.__setattr__(self, "ranges", MappingProxyType(ranges))
        if not isinstance(self.timing, AttemptTiming):
            raise InvalidParameterError("timing", self.timing, "an AttemptTiming")
        self._check_capabilities()

    def _check_capabilities(self) -> None:
        """The memories never use more modes than the node has (``capabilities.max_modes``).

        Raises:
            InvalidParameterError: naming the memory field, e.g. ``"memory.num_temporal_modes"``,
                its value and ``"<= capabilities.max_modes = N"`` (as a bound on that field).
        """
        caps = self.capabilities
        if not isinstance(caps, Capabilities):
            raise InvalidParameterError("capabilities", caps, "a Capabilities")
        comp = "memory" if self.communication_memory is None else "communication_memory"
        mem = self.communication_interface
        if mem.num_modes <= caps.max_modes:
            return
        if mem.num_memories > caps.max_modes:
            raise InvalidParameterError(
                f"{comp}.num_memories",
                mem.num_memories,
                f"<= capabilities.max_modes = {caps.max_modes}",
                f"platform {self.name!r} has at most {caps.max_modes} multiplexed modes",
            )
        limit = caps.max_modes // mem.num_memories
        raise InvalidParameterError(
            f"{comp}.num_temporal_modes",
            mem.num_temporal_modes,
            f"<= capabilities.max_modes = {caps.max_modes}"
            + (
                f" (/ {comp}.num_memories = {mem.num_memories}: <= {limit})"
                if mem.num_memories > 1
                else ""
            ),
            f"platform {self.name!r} has at most {caps.max_modes} multiplexed modes "
            f"(num_memories * num_temporal_modes = {mem.num_modes})",
        )

    @property
    def communication_interface(self) -> Memory:
        """The node's optically active qubit (or ensemble) that makes the entanglement
        attempts: ``communication_memory`` if distinct, else ``memory``."""
        return self.communication_memory or self.memory

    def fibre(self, length_km: float, extra_loss_db: float = 0.0) -> Fibre:
        """A fibre span with this platform's attenuation and wavelength."""
        return Fibre(
            length_km,
            attenuation_db_per_km=self.fibre_attenuation_db_per_km,
            wavelength_nm=self.fibre_wavelength_nm,
            extra_loss_db=extra_loss_db,
        )

    def numeric_parameters(self) -> dict[str, float]:
        """Every numeric parameter as ``{"component.field": value}`` (plus the top-level
        fibre fields); a ``(F0, F1)`` readout pair appears as two entries."""
        out: dict[str, float] = {
            "fibre_attenuation_db_per_km": self.fibre_attenuation_db_per_km,
            "fibre_wavelength_nm": self.fibre_wavelength_nm,
        }
        for comp_name in COMPONENTS:
            comp = getattr(self, comp_name)
            if comp is None:
                continue
            for f in dataclasses.fields(comp):
                value = getattr(comp, f.name)
                if isinstance(value, bool):
                    continue
                if isinstance(value, (int, float)):
                    out[f"{comp_name}.{f.name}"] = float(value)
                elif isinstance(value, tuple):
                    for i, v in enumerate(value):
                        out[f"{comp_name}.{f.name}[{i}]"] = float(v)
        return out

    def citation(self, key: str) -> str:
        """The source of parameter ``key`` (``"component.field"``), or ``""`` if none.

        A pair entry ``"x.f[i]"`` falls back to the citation of ``"x.f"``; converter fields
        fall back to the converter preset's own citations.
        """
        base = key.split("[", 1)[0]
        for k in (key, base):
            if self.citations.get(k):
                return self.citations[k]
        if base.startswith("converter.") and self.converter is not None:
            return self.converter.citations.get(base.removeprefix("converter."), "")
        return ""

    def plausible_range(self, key: str) -> tuple[float, float] | None:
        """The plausible ``(low, high)`` of an assumed parameter (``None`` if not given)."""
        return self.ranges.get(key) or self.ranges.get(key.split("[", 1)[0])

    def assumptions(self) -> dict[str, str]:
        """The parameters whose value is an assumption, with the reasoning."""
        return {
            k: self.citation(k)
            for k in self.numeric_parameters()
            if self.citation(k).startswith(ASSUMPTION_PREFIX)
        }
