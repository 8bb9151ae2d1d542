"""The hardware keys of a ``[nodes.NAME]`` table: a platform preset and overrides of any of its
hardware components (``[nodes.A.emitter] alpha = 0.17``), or a whole platform defined in the
file. :mod:`qnetsim.hardware.nodes.build` turns them into a
:class:`~qnetsim.hardware.platform.Platform`, :mod:`qnetsim.hardware.nodes.write` writes a
platform back as such a table.

The one node table of every file (scenario and network files alike) is
:data:`qnetsim.network.topology.schema.NODE_TABLE`: these fields plus the network's
``position_km``, ``num_memories`` and ``role``.
"""

from __future__ import annotations

from qnetsim.files.fields import (
    ConverterTable,
    NumberOrPair,
    TableList,
    nonneg,
    positive,
    unit,
    wavelength,
)
from qnetsim.files.schema import REQUIRED, Field, Table
from qnetsim.hardware.conversion import CONVERTERS
from qnetsim.hardware.platform import COMPONENTS as PLATFORM_COMPONENTS

__all__ = ["COMPONENTS", "COMPONENT_TABLES", "DETECTOR_FIELDS", "NODE_SCHEMES", "PLATFORM_FIELDS"]

#: Hardware components of a platform that a node may override (or define): all of them.
COMPONENTS = PLATFORM_COMPONENTS
#: Entanglement-generation schemes a platform may name (``Platform.scheme``).
NODE_SCHEMES = (
    "single-click",
    "two-photon",
    "dlcz",
    "dlcz-single-photon",
    "reflection",
    "storage",
)

_OVERRIDE_NOTE = (
    " A field left out (None below) keeps the preset's value; without a preset (or when the "
    "preset has no such component) the fields marked required must be given and the others "
    "take the default in brackets."
)

_EMITTER = Table(
    {
        "wavelength_nm": wavelength("emission wavelength (nm); required"),
        "emission_efficiency": unit("emission x collection x fibre coupling per attempt; required"),
        "attempt_duration_s": positive(
            "local cycle of one attempt (excitation, emission), without fibre delays (s); required"
        ),
        "alpha": unit("bright-state population (single-click)", low_open=True, high_open=True),
        "excitation_probability": unit(
            "DLCZ write excitation probability", low_open=True, high_open=True
        ),
        "hom_visibility": unit("HOM visibility with an identical emitter (default 1)"),
        "phase_noise_sigma_rad": nonneg("optical phase noise between the arms (rad; default 0)"),
        "spin_photon_depolarising": unit(
            "depolarising probability of the emitter-photon state (default 0)"
        ),
        "spin_photon_dephasing": Field(
            float,
            "Z-error probability of the emitter-photon state (default 0)",
            None,
            low=0.0,
            high=0.5,
        ),
        "double_excitation_probability": unit(
            "probability of a re-excitation (two photons) per emission (default 0)"
        ),
        "photon_length_s": positive(
            "wave-packet length: 1/e decay time (exponential) or FWHM (gaussian) (s)", high=1.0
        ),
        "photon_shape": Field(
            str,
            "wave-packet shape (default 'exponential')",
            None,
            choices=("exponential", "gaussian"),
        ),
    },
    "The node's optical emitter (qnetsim.hardware.Emitter)." + _OVERRIDE_NOTE,
)


def _coherence(doc: str) -> Field:
    """A coherence time: positive, at most the bound of times, or ``inf`` (no decay)."""
    return Field(float, doc, None, low=0.0, low_open=True, allow_inf=True)


_MEMORY_FIELDS: dict[str, Field | Table] = {
    "t2_s": _coherence("free-evolution coherence time (s; inf: none); required, <= 2 t1_s"),
    "t1_s": _coherence("energy-relaxation time (s; default inf)"),
    "t2_dd_s": _coherence("coherence time under dynamical decoupling (s), <= 2 t1_s"),
    "use_dynamical_decoupling": Field(
        bool, "use t2_dd_s as the coherence time (needs t2_dd_s; default false)", None
    ),
    "two_qubit_gate_fidelity": unit("local two-qubit gate fidelity (default 1)"),
    "single_qubit_gate_fidelity": unit("single-qubit gate fidelity (default 1)"),
    "readout_fidelity": NumberOrPair(
        float, "readout fidelity, or [F0, F1] (default 1)", None, low=0.0, high=1.0
    ),
    "initialisation_fidelity": unit("state-preparation fidelity (default 1)"),
    "num_memories": Field(int, "memory qubits (spatial modes; default 1)", None, low=1),
    "num_temporal_modes": Field(int, "temporal modes per attempt (default 1)", None, low=1),
    "retrieval_efficiency_0": unit("ensemble read-out efficiency at zero storage time"),
    "retrieval_lifetime_s": positive("time constant of the read-out decay (s)"),
    "retrieval_decay": Field(
        str,
        "shape of the read-out decay (default 'gaussian')",
        None,
        choices=("gaussian", "exponential"),
    ),
    "dephasing_per_attempt": Field(
        float,
        "Z-error probability of the stored qubit per attempt of the node (default 0)",
        None,
        low=0.0,
        high=0.5,
    ),
    "noise_floor_input_photons": Field(
        float,
        "optical memory noise floor mu_1: input photons per pulse at which signal = noise "
        "(default 0)",
        None,
        low=0.0,
        high=1e3,
    ),
}
_MEMORY = Table(
    _MEMORY_FIELDS,
    "The storage qubit (qnetsim.hardware.Memory)." + _OVERRIDE_NOTE,
)
_COMMUNICATION_MEMORY = Table(
    _MEMORY_FIELDS,
    "The communication qubit when distinct from the storage memory (SiV electron); the "
    "fields of [nodes.NAME.memory].",
)

DETECTOR_FIELDS: dict[str, Field | Table] = {
    "efficiency": unit("detection efficiency; required"),
    "dark_count_rate_hz": nonneg("dark-count rate (Hz); required"),
    "window_s": positive("detection (coincidence) window (s); required"),
    "dead_time_s": nonneg("dead time after a count (s; default 0)"),
    "number_resolving": Field(bool, "photon-number resolving (default false)", None),
}
_DETECTOR = Table(
    DETECTOR_FIELDS,
    "The node's heralding detectors (qnetsim.hardware.Detector)." + _OVERRIDE_NOTE,
)

_CONVERTER = ConverterTable(
    {
        "input_wavelength_nm": wavelength("wavelength of the emitter photon (nm); required"),
        "output_wavelength_nm": wavelength("wavelength after conversion (nm), != input; required"),
        "efficiency": unit("end-to-end conversion efficiency; required"),
        "noise_rate_hz": nonneg("noise photons per second in the output passband (default 0)"),
        "name": Field(str, "label", None),
    },
    "The frequency converter (qnetsim.hardware.FrequencyConverter). Or a string: "
    '`converter = "none"` (no converter: the fibre carries the emitter\'s wavelength unless '
    "`fibre_wavelength_nm` is given) or a preset: "
    + ", ".join(f"'{n}'" for n in sorted(CONVERTERS))
    + " (the fibre then carries its output wavelength)."
    + _OVERRIDE_NOTE,
    names=tuple(sorted(CONVERTERS)),
)

_SOURCE = Table(
    {
        "wavelength_nm": wavelength("emission wavelength (nm); required"),
        "efficiency": unit("photon in the output fibre per trigger; required"),
        "g2_zero": nonneg("second-order autocorrelation at zero delay; required"),
        "repetition_rate_hz": positive("trigger rate (Hz); required"),
        "hom_visibility": unit("visibility between successive photons (default 1)"),
    },
    "A separate single-photon source (qnetsim.hardware.SinglePhotonSource)." + _OVERRIDE_NOTE,
)

_OVERHEAD = Table(
    {
        "name": Field(str, "what it is", REQUIRED),
        "duration_s": Field(
            float, "length of one block (s)", REQUIRED, low=0.0, high=1e9, low_open=True
        ),
        "every_attempts": Field(int, "a block after every N attempt cycles", None, low=1),
        "every_s": Field(
            float, "a block after every T s of attempting", None, low=0.0, high=1e9, low_open=True
        ),
    },
)

_TIMING = Table(
    {
        "initialisation_s": Field(
            float,
            "spin reset / optical pumping before each attempt (s; default 0)",
            None,
            low=0.0,
            high=1e9,
        ),
        "local_operations_s": Field(
            float, "local gates per attempt (s; default 0)", None, low=0.0, high=1e9
        ),
        "wait_for_herald": Field(
            bool, "the next attempt waits for the herald (default true)", None
        ),
        "overheads": TableList(
            dict,
            "periodic blocks without attempts (recooling, reloading, checks), exactly one of "
            "every_attempts and every_s each; replaces the preset's list",
            None,
            table=_OVERHEAD,
        ),
        "duty_cycle": Field(
            float,
            "measured fraction of wall time spent attempting, beyond the overheads (default 1)",
            None,
            low=0.0,
            high=1.0,
            low_open=True,
        ),
        "repetition_rate_hz": Field(
            float,
            "a published attempt rate, replacing the local parts (needs "
            "rate_includes_communication)",
            None,
            low=0.0,
            high=1e12,
            low_open=True,
        ),
        "rate_includes_communication": Field(
            bool, "the published rate already includes the herald round trip", None
        ),
    },
    "How the node spends its time (qnetsim.hardware.AttemptTiming); every field overrides the "
    "preset's (all have defaults).",
)

_CAPABILITIES = Table(
    {
        "communication_qubits": Field(
            int, "optically active qubits attempting at the same time (default 1)", None, low=1
        ),
        "storage_qubits": Field(
            int, "qubits holding entanglement while attempts go on (default 0)", None, low=0
        ),
        "max_modes": Field(
            int,
            "multiplexed modes per attempt the node can use; the memory's num_memories x "
            "num_temporal_modes must not exceed it (default 1)",
            None,
            low=1,
        ),
    },
    "What the node has (qnetsim.hardware.Capabilities): qubits and multiplexed modes; every "
    "field overrides the preset's (all have defaults).",
)

#: Schema table of each component of ``[nodes.NAME]``.
COMPONENT_TABLES: dict[str, Table] = {
    "emitter": _EMITTER,
    "memory": _MEMORY,
    "communication_memory": _COMMUNICATION_MEMORY,
    "detector": _DETECTOR,
    "converter": _CONVERTER,
    "source": _SOURCE,
    "timing": _TIMING,
    "capabilities": _CAPABILITIES,
}

#: The keys of a node table that define its platform (preset, top-level fields, components).
PLATFORM_FIELDS: dict[str, Field | Table] = {
    "platform": Field(
        str,
        "platform preset (qnetsim.hardware.platform_names()); omit it to define the whole "
        "platform here (then scheme, emitter, memory, detector and fibre_wavelength_nm are "
        "required)",
        None,
    ),
    "description": Field(str, "one line (default: the preset's)", None),
    "scheme": Field(
        str, "entanglement-generation scheme of the platform", None, choices=NODE_SCHEMES
    ),
    "fibre_wavelength_nm": wavelength(
        "wavelength in the fibre (default: the preset's, or the converter's output / "
        "the emitter's wavelength when those change)"
    ),
    "fibre_attenuation_db_per_km": Field(
        float,
        "fibre attenuation (dB/km; default: the preset's, or the band table's at "
        "fibre_wavelength_nm)",
        None,
        low=0.0,
    ),
    **COMPONENT_TABLES,
}
