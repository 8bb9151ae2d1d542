"""The scenario-file schema: what a TOML scenario may contain (see ``docs/scenarios.md``).

One scenario describes one system and what to compute on it:

* ``[scenario]``: name, title, ``kind`` (``link``, ``star``, ``chain``, ``storage``,
  ``satellite``, ``memory_photon``), notes (the documented choices behind missing parameters).
* ``[run]``: seed, Monte Carlo pairs (and the smaller ``quick_pairs``), simulated duration
  for event-driven kinds, ``mode`` (``sampled`` or photon-level ``attempt``).
* ``[nodes.NAME]``: a platform preset plus overrides of any of its hardware fields
  (``[nodes.A.emitter] alpha = 0.17``, ``[nodes.A.timing] initialisation_s = 2e-6``,
  ``converter = "none"``), or a whole platform defined in the file (no ``platform`` key);
  the schema checks each field's type and range, the hardware classes the rest.
* ``[[links]]``: two nodes, fibre length, loss, conversion, scheme, geometry.
* ``[star]`` / ``[chain]`` / ``[storage]`` / ``[satellite]`` / ``[memory_photon]``: the kind's
  own settings.
* ``[application]``: ``none``, ``chsh``, ``bbm92`` or ``diqkd`` on the delivered pairs.
* ``[[published]]``: published values to compare with (``qnetsim reproduce``), each with its
  uncertainty, unit, source and the parameter values it was measured at (``at``).
* ``[[curves]]``: closed-form curves for the figures (a parameter swept over values).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from qnetsim.hardware.conversion import CONVERTERS
from qnetsim.hardware.platform import COMPONENTS as PLATFORM_COMPONENTS
from qnetsim.scenario.schema import REQUIRED, Field, ScenarioError, Table, join_path

__all__ = [
    "APPLICATIONS",
    "COMPONENTS",
    "COMPONENT_TABLES",
    "KINDS",
    "LOSS_ELEMENTS",
    "NODE_SCHEMES",
    "SCENARIO_SCHEMA",
    "TIME_PARTS",
    "ConverterTable",
    "NumberOrPair",
    "TableList",
    "closed_form_quantities",
]

KINDS = ("link", "star", "chain", "storage", "satellite", "memory_photon")
APPLICATIONS = ("none", "chsh", "bbm92", "diqkd")
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
#: Schema bounds of lengths (km), losses (dB) and wavelengths (nm).
MAX_LENGTH_KM = 1e5
MAX_LOSS_DB = 1000.0
WAVELENGTH_NM = (100.0, 10_000.0)
_SCENARIO = Table(
    {
        "name": Field(str, "identifier (used in records and file names)", REQUIRED),
        "title": Field(str, "one line for people", ""),
        "kind": Field(str, "what is simulated", REQUIRED, choices=KINDS),
        "reference": Field(str, "the publication modelled (authors, journal, year, DOI)", ""),
        "notes": Field(str, "choices made for missing parameters; model limits", [], list_of=True),
    },
    "What the scenario is.",
    optional=False,
)

_RUN = Table(
    {
        "seed": Field(int, "root seed of the run's random-number tree", 1, low=0),
        "pairs": Field(int, "Monte Carlo pairs per evaluation", 20_000, low=1),
        "quick_pairs": Field(int, "pairs with --quick", 2_000, low=1),
        "duration_s": Field(
            float, "simulated time of event-driven kinds (star)", 3600.0, low=0.0, low_open=True
        ),
        "quick_duration_s": Field(
            float, "simulated time with --quick", 600.0, low=0.0, low_open=True
        ),
        "mode": Field(
            str,
            "Monte Carlo of a link: geometric waiting times or photon-level attempts",
            "sampled",
            choices=("sampled", "attempt"),
        ),
    },
    "How to run it.",
)


@dataclass(frozen=True)
class TableList(Field):
    """A list of inline tables, each checked against ``table``
    (``overheads = [{name = "recooling", duration_s = 120e-6, every_s = 90e-6}]``)."""

    table: Table = dataclasses.field(default_factory=lambda: Table({}))

    def valid_text(self) -> str:
        keys = ", ".join(
            f"{k} ({'required' if f.default is REQUIRED else 'optional'}, {f.valid_text()})"
            for k, f in self.table.fields.items()
            if isinstance(f, Field)
        )
        return f"a list of tables {{{keys}}}"

    def check(self, value: Any, source: str, path: str) -> Any:
        if not isinstance(value, list):
            raise ScenarioError(
                source, path, f"{value!r} is not a list; expected [{{...}}, ...] (may be empty)"
            )
        return [self.table.check(v, source, join_path(path, i)) for i, v in enumerate(value)]


@dataclass(frozen=True)
class NumberOrPair(Field):
    """A number, or a list of two numbers, with the same bounds (a readout fidelity or its
    ``(F0, F1)`` pair)."""

    def valid_text(self) -> str:
        one = dataclasses.replace(self, list_of=False)
        return f"{Field.valid_text(one)}, or a pair [F0, F1] of them"

    def check(self, value: Any, source: str, path: str) -> Any:
        if isinstance(value, list):
            pair = dataclasses.replace(self, list_of=True, min_items=2, max_items=2)
            return Field.check(pair, value, source, path)
        return Field.check(dataclasses.replace(self, list_of=False), value, source, path)


@dataclass(frozen=True)
class ConverterTable(Table):
    """The converter of a node: a table of fields, or a string: ``"none"`` (no converter)
    or the name of a converter preset (:data:`qnetsim.hardware.CONVERTERS`)."""

    names: tuple[str, ...] = ()

    def check(self, value: Any, source: str, path: str) -> Any:
        valid = "'none', " + ", ".join(repr(n) for n in self.names) + " or a table of fields"
        if isinstance(value, str):
            if value != "none" and value not in self.names:
                raise ScenarioError(source, path, f"{value!r} is invalid; valid: {valid}")
            return value
        if not isinstance(value, dict):
            raise ScenarioError(source, path, f"{value!r} has the wrong type; valid: {valid}")
        return Table.check(self, value, source, path)


def _unit(doc: str, *, low_open: bool = False, high_open: bool = False) -> Field:
    return Field(float, doc, None, low=0.0, high=1.0, low_open=low_open, high_open=high_open)


def _wavelength(doc: str, default: Any = None) -> Field:
    low, high = WAVELENGTH_NM
    return Field(float, doc, default, low=low, high=high)


def _nonneg(doc: str) -> Field:
    return Field(float, doc, None, low=0.0)


def _positive(doc: str, high: float | None = None) -> Field:
    return Field(float, doc, None, low=0.0, low_open=True, high=high)


_OVERRIDE_NOTE = (
    " A field left out (None below) keeps the preset's value; without a preset (or when the "
    "preset has no such component) the fields marked required must be given and the others "
    "take the default in brackets."
)

_EMITTER = Table(
    {
        "wavelength_nm": _wavelength("emission wavelength (nm); required"),
        "emission_efficiency": _unit(
            "emission x collection x fibre coupling per attempt; required"
        ),
        "attempt_duration_s": _positive(
            "local cycle of one attempt (excitation, emission), without fibre delays (s); required"
        ),
        "alpha": _unit("bright-state population (single-click)", low_open=True, high_open=True),
        "excitation_probability": _unit(
            "DLCZ write excitation probability", low_open=True, high_open=True
        ),
        "hom_visibility": _unit("HOM visibility with an identical emitter (default 1)"),
        "phase_noise_sigma_rad": _nonneg("optical phase noise between the arms (rad; default 0)"),
        "spin_photon_depolarising": _unit(
            "depolarising probability of the emitter-photon state (default 0)"
        ),
        "spin_photon_dephasing": Field(
            float,
            "Z-error probability of the emitter-photon state (default 0)",
            None,
            low=0.0,
            high=0.5,
        ),
        "double_excitation_probability": _unit(
            "probability of a re-excitation (two photons) per emission (default 0)"
        ),
        "photon_length_s": _positive(
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

_MEMORY_FIELDS: dict[str, Field | Table] = {
    "t2_s": _positive("free-evolution coherence time (s; inf: none); required, <= 2 t1_s"),
    "t1_s": _positive("energy-relaxation time (s; default inf)"),
    "t2_dd_s": _positive("coherence time under dynamical decoupling (s), <= 2 t1_s"),
    "use_dynamical_decoupling": Field(
        bool, "use t2_dd_s as the coherence time (needs t2_dd_s; default false)", None
    ),
    "two_qubit_gate_fidelity": _unit("local two-qubit gate fidelity (default 1)"),
    "single_qubit_gate_fidelity": _unit("single-qubit gate fidelity (default 1)"),
    "readout_fidelity": NumberOrPair(
        float, "readout fidelity, or [F0, F1] (default 1)", None, low=0.0, high=1.0
    ),
    "initialisation_fidelity": _unit("state-preparation fidelity (default 1)"),
    "num_memories": Field(int, "memory qubits (spatial modes; default 1)", None, low=1),
    "num_temporal_modes": Field(int, "temporal modes per attempt (default 1)", None, low=1),
    "retrieval_efficiency_0": _unit("ensemble read-out efficiency at zero storage time"),
    "retrieval_lifetime_s": _positive("time constant of the read-out decay (s)"),
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

_DETECTOR_FIELDS: dict[str, Field | Table] = {
    "efficiency": _unit("detection efficiency; required"),
    "dark_count_rate_hz": _nonneg("dark-count rate (Hz); required"),
    "window_s": _positive("detection (coincidence) window (s); required"),
    "dead_time_s": _nonneg("dead time after a count (s; default 0)"),
    "number_resolving": Field(bool, "photon-number resolving (default false)", None),
}
_DETECTOR = Table(
    _DETECTOR_FIELDS,
    "The node's heralding detectors (qnetsim.hardware.Detector)." + _OVERRIDE_NOTE,
)

_CONVERTER = ConverterTable(
    {
        "input_wavelength_nm": _wavelength("wavelength of the emitter photon (nm); required"),
        "output_wavelength_nm": _wavelength("wavelength after conversion (nm), != input; required"),
        "efficiency": _unit("end-to-end conversion efficiency; required"),
        "noise_rate_hz": _nonneg("noise photons per second in the output passband (default 0)"),
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
        "wavelength_nm": _wavelength("emission wavelength (nm); required"),
        "efficiency": _unit("photon in the output fibre per trigger; required"),
        "g2_zero": _nonneg("second-order autocorrelation at zero delay; required"),
        "repetition_rate_hz": _positive("trigger rate (Hz); required"),
        "hom_visibility": _unit("visibility between successive photons (default 1)"),
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

_NODE = Table(
    {
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
        "fibre_wavelength_nm": _wavelength(
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
    },
    "A node: a platform preset and overrides of its hardware, or a whole platform.",
    keyed=True,
)

_LINK = Table(
    {
        "nodes": Field(str, "the two end nodes", REQUIRED, list_of=True, min_items=2, max_items=2),
        "length_km": Field(
            float, "fibre length between the nodes (km)", REQUIRED, low=0.0, high=MAX_LENGTH_KM
        ),
        "scheme": Field(
            str,
            "heralding scheme (default: the platform's)",
            None,
            choices=("single-click", "two-photon", "dlcz", "reflection"),
        ),
        "geometry": Field(
            str, "station position", "midpoint", choices=("midpoint", "node_to_node")
        ),
        "arm_lengths_km": Field(
            float,
            "(arm A, arm B) for an off-centre station",
            None,
            list_of=True,
            min_items=2,
            max_items=2,
            low=0.0,
            high=MAX_LENGTH_KM,
        ),
        "alpha": Field(
            float,
            "bright-state population (single-click)",
            None,
            low=0.0,
            high=1.0,
            low_open=True,
            high_open=True,
        ),
        "attenuation_db_per_km": Field(float, "fibre attenuation (dB/km)", None, low=0.0),
        "extra_loss_db": Field(float, "extra loss per arm (dB)", 0.0, low=0.0, high=MAX_LOSS_DB),
        "conversion_efficiency": Field(
            float, "frequency-conversion efficiency", None, low=0.0, high=1.0
        ),
        "phase_coherence": Field(float, "optical phase coherence", None, low=0.0, high=1.0),
        "spin_photon_gate_fidelity": Field(
            float, "reflection scheme: spin-photon gate fidelity", None, low=0.0, high=1.0
        ),
        "store_in_memory": Field(
            bool,
            "move the communication qubit into the storage memory before the herald returns",
            False,
        ),
        "classical_length_km": Field(
            float,
            "distance the herald and classical messages travel between the nodes (km; "
            "default: length_km; 0 for fibre spooled in one lab)",
            None,
            low=0.0,
            high=MAX_LENGTH_KM,
        ),
        "arm_loss_db": Field(
            float,
            "measured total loss of each arm (A, B), connectors and splices included (dB); "
            "replaces attenuation x length + extra_loss_db",
            None,
            list_of=True,
            min_items=2,
            max_items=2,
            low=0.0,
            high=MAX_LOSS_DB,
        ),
        "wavelength_nm": _wavelength(
            "fibre wavelength (nm; default: node A's); the attenuation then comes from the "
            "band table unless attenuation_db_per_km is given"
        ),
        "detector": Table(
            _DETECTOR_FIELDS,
            "The station's detectors: a full table, or fields overriding the default station "
            "detector (node A's for a midpoint station, node B's for node_to_node and "
            "reflection).",
        ),
    },
    "An elementary link.",
    many=True,
)

_STAR = Table(
    {
        "server_arms_km": Field(
            float,
            "spoke length of each end node, in the order of `end_nodes` (km)",
            REQUIRED,
            list_of=True,
            min_items=2,
            low=0.0,
        ),
        "end_nodes": Field(str, "end nodes on the spokes", REQUIRED, list_of=True, min_items=2),
        "concurrent": Field(
            str, "node pairs run together, 'A-B' each (default: all pairs)", None, list_of=True
        ),
        "alpha": Field(
            float,
            "bright-state population of every link",
            None,
            low=0.0,
            high=1.0,
            low_open=True,
            high_open=True,
        ),
        "conversion_efficiency": Field(
            float, "conversion efficiency of every node", None, low=0.0, high=1.0
        ),
        "extra_loss_db": Field(float, "extra loss per arm (dB)", 0.0, low=0.0),
        "hold_s": Field(float, "how long a delivered pair occupies its memories (s)", 0.0, low=0.0),
    },
    "A photonic-server star (kind = 'star').",
    fill=False,
)

_PURIFICATION = Table(
    {
        "protocol": Field(str, "purification protocol", "dejmps", choices=("dejmps", "bbpssw")),
        "levels": Field(
            int, "nesting levels purified (0: elementary links)", [0], list_of=True, low=0
        ),
        "rounds": Field(int, "pumping rounds per level", 1, low=1),
    },
    "Entanglement purification (chain kind).",
)

_CHAIN = Table(
    {
        "policy": Field(str, "swap policy", "swap_asap", choices=("swap_asap", "nested")),
        "swap_success": Field(
            float,
            "Bell-state-measurement success probability",
            1.0,
            low=0.0,
            high=1.0,
            low_open=True,
        ),
        "gate_depolarising": Field(
            float,
            "two-qubit gate depolarising of the swap (default: 1 - the repeater memory's "
            "two-qubit gate fidelity)",
            None,
            low=0.0,
            high=1.0,
        ),
        "readout_error": Field(
            float,
            "BSM readout flip probability (default: 1 - the repeater memory's readout fidelity)",
            None,
            low=0.0,
            high=1.0,
        ),
        "cutoff_s": Field(float, "memory cutoff (s)", None, low=0.0, low_open=True),
        "purification": Table(dict(_PURIFICATION.fields), _PURIFICATION.doc),
        "purify": Field(bool, "apply [chain.purification]", False),
    },
    "A repeater chain over the links in order (kind = 'chain').",
)

_STORAGE = Table(
    {
        "node": Field(str, "the node whose source and memory are used", REQUIRED),
        "storage_time_s": Field(float, "storage time (s)", REQUIRED, low=0.0),
        "input_transmission": Field(float, "source fibre to memory input", 1.0, low=0.0, high=1.0),
        "memory_noise_photons": Field(
            float, "noise photons per retrieval at the memory output", 0.0, low=0.0
        ),
    },
    "A single-photon source stored in a memory and retrieved (kind = 'storage').",
    fill=False,
)

_SATELLITE = Table(
    {
        "preset": Field(
            str, "the dual-downlink preset the fields below modify", "micius", choices=("micius",)
        ),
        "pair_rate_hz": Field(
            float, "pairs emitted per second on board", None, low=0.0, low_open=True
        ),
        "source_fidelity": Field(float, "fidelity of the emitted pair", None, low=0.0, high=1.0),
        "altitude_km": Field(float, "orbit altitude (km)", None, low=0.0, low_open=True),
        "separation_km": Field(
            float, "great-circle distance between the stations (km)", None, low=0.0, low_open=True
        ),
        "cross_track_km": Field(
            float, "stations' distance from the ground track (km)", None, low=0.0
        ),
        "min_elevation_deg": Field(
            float,
            "elevation below which a station cannot receive",
            None,
            low=0.0,
            high=90.0,
            high_open=True,
        ),
        "detector_efficiency": Field(
            float, "detection efficiency per station", None, low=0.0, high=1.0
        ),
        "noise_rate_hz": Field(float, "dark + background counts per station (Hz)", None, low=0.0),
        "coincidence_window_s": Field(
            float, "coincidence window (s)", None, low=0.0, low_open=True
        ),
        "time_samples": Field(int, "time points over the common visibility window", 201, low=2),
        "source_visibility": Field(
            float, "two-photon (Werner) visibility of the pairs", None, low=0.0, high=1.0
        ),
        "pointing_jitter_rad": Field(
            float, "rms pointing error per axis (rad), both downlinks", None, low=0.0
        ),
        "zenith_transmission": Field(
            float, "atmospheric transmission at zenith", None, low=0.0, high=1.0
        ),
        "optics_efficiency": Field(
            float,
            "receiver optics and coupling efficiency (no detectors)",
            None,
            low=0.0,
            high=1.0,
        ),
        "transmitter_efficiency": Field(
            float, "satellite transmitter optics efficiency", None, low=0.0, high=1.0
        ),
        "turbulence_ground_cn2": Field(
            float, "Hufnagel-Valley ground-level Cn2 A (m^-2/3)", None, low=0.0
        ),
    },
    "Satellite entanglement distribution over two downlinks (kind = 'satellite'); unset "
    "fields keep the preset's cited values.",
    fill=False,
)

#: Measurement bases of a memory-photon link (qnetsim.link.memory_photon.BASES).
MEMORY_PHOTON_BASES = ("Z", "X", "Y")

_MEMORY_PHOTON = Table(
    {
        "node": Field(str, "the node whose memory is entangled with the photon", REQUIRED),
        "length_km": Field(
            float, "fibre from the node to the station (km)", REQUIRED, low=0.0, high=MAX_LENGTH_KM
        ),
        "bases": Field(
            str,
            "bases the station and then the memory measure in, one per pair at random",
            ["Z", "X"],
            list_of=True,
            min_items=1,
            max_items=3,
            choices=MEMORY_PHOTON_BASES,
        ),
        "visibility_z": Field(
            float, "visibility of the station's Z-basis analysis (1: ideal)", 1.0, low=0.0, high=1.0
        ),
        "visibility_x": Field(
            float, "visibility of the station's X-basis analysis (1: ideal)", 1.0, low=0.0, high=1.0
        ),
        "attenuation_db_per_km": Field(float, "fibre attenuation (dB/km)", None, low=0.0),
        "extra_loss_db": Field(
            float, "extra loss in the fibre path (dB)", 0.0, low=0.0, high=MAX_LOSS_DB
        ),
        "fibre_loss_db": Field(
            float,
            "measured total loss of the fibre path (dB); replaces attenuation x length + "
            "extra_loss_db",
            None,
            low=0.0,
            high=MAX_LOSS_DB,
        ),
        "conversion_efficiency": Field(
            float, "frequency-conversion efficiency", None, low=0.0, high=1.0
        ),
        "wavelength_nm": _wavelength("fibre wavelength (nm; default: the node's)"),
        "classical_length_km": Field(
            float,
            "distance the station's result travels back (km; default: length_km; 0 for fibre "
            "spooled beside the node)",
            None,
            low=0.0,
            high=MAX_LENGTH_KM,
        ),
        "store_in_memory": Field(
            bool, "move the communication qubit into the storage memory after the emission", False
        ),
        "detector": Table(
            _DETECTOR_FIELDS,
            "The station's detectors: fields overriding the node's detector (or a full table).",
        ),
    },
    "One memory entangled with a photon measured at a distant station "
    "(kind = 'memory_photon'; qnetsim.link.MemoryPhotonLink).",
    fill=False,
)

_APPLICATION = Table(
    {
        "type": Field(str, "what the delivered pairs are used for", "none", choices=APPLICATIONS),
        "readout_error": Field(
            float,
            "measurement error per party (default: from the memory's readout fidelity)",
            None,
            low=0.0,
            high=1.0,
        ),
        "gamma": Field(
            float,
            "DI-QKD test-round probability",
            0.1,
            low=0.0,
            high=1.0,
            low_open=True,
            high_open=True,
        ),
        "n_events": Field(
            float, "finite-size block (events) for the key rate", None, low=0.0, low_open=True
        ),
        "eps": Field(
            float, "security parameter", 1e-5, low=0.0, high=1.0, low_open=True, high_open=True
        ),
    },
    "What the delivered pairs are used for.",
)

_PUBLISHED = Table(
    {
        "quantity": Field(
            str, "simulated quantity to compare (see the list in the docs)", REQUIRED
        ),
        "value": Field(float, "published value", REQUIRED),
        "error": Field(
            float, "published one-sigma uncertainty (or the stated spread)", 0.0, low=0.0
        ),
        "error_note": Field(str, "where the uncertainty comes from if the paper gives none", ""),
        "unit": Field(str, "unit of value and error", ""),
        "source": Field(str, "paper, figure or table, and the evidence tag [A]/[S]", REQUIRED),
        "bound": Field(
            str,
            "the published value is a bound, not a point",
            "none",
            choices=("none", "lower", "upper"),
        ),
        "at": Field(
            dict,
            "key path -> value it was measured at, applied to the scenario "
            'before it runs, e.g. `{"links[0].length_km" = 101}`',
            {},
        ),
    },
    "A published result to compare with.",
    many=True,
)

_CURVE = Table(
    {
        "parameter": Field(str, "key path swept, e.g. 'links[0].length_km'", REQUIRED),
        "values": Field(float, "values of the parameter", REQUIRED, list_of=True, min_items=2),
        "quantities": Field(
            str, "closed-form quantities drawn", REQUIRED, list_of=True, min_items=1
        ),
        "label": Field(str, "legend label", ""),
    },
    "A closed-form curve for the figures of `qnetsim reproduce`.",
    many=True,
)

#: The whole schema.
SCENARIO_SCHEMA = Table(
    {
        "scenario": _SCENARIO,
        "run": _RUN,
        "nodes": _NODE,
        "links": _LINK,
        "star": _STAR,
        "chain": _CHAIN,
        "storage": _STORAGE,
        "satellite": _SATELLITE,
        "memory_photon": _MEMORY_PHOTON,
        "application": _APPLICATION,
        "published": _PUBLISHED,
        "curves": _CURVE,
    },
    "A scenario file.",
)


#: Elements of a link's loss budget (:meth:`qnetsim.link.Link.loss_budget`), as they appear in
#: the closed-form quantities ``loss_db[ELEMENT]`` (which of them a link has depends on its
#: scheme and hardware).
LOSS_ELEMENTS = (
    "emission/collection A",
    "emission/collection B",
    "excitation probability A",
    "excitation probability B",
    "frequency conversion A",
    "frequency conversion B",
    "fibre arm A",
    "fibre arm B",
    "detection window A",
    "detection window B",
    "detector",
)

#: Parts of a link's time budget (:meth:`qnetsim.link.Link.time_budget`), as they appear in
#: the closed-form quantities ``time_fraction[PART]`` (all periodic overheads together under
#: ``"overheads"``).
TIME_PARTS = (
    "initialisation",
    "emission (emitter attempt)",
    "local operations",
    "published repetition period",
    "published repetition period (communication included)",
    "herald wait (communication)",
    "overheads",
    "idle (duty cycle)",
)

_LINK_CLOSED_FORM = (
    "success_probability",
    "rate_hz_closed_form",
    "fidelity_closed_form",
    "fidelity_at_herald",
    "link_efficiency_closed_form",
    "cycle_s",
    "duty_fraction",
    "retrieval_efficiency",
    *(f"loss_db[{e}]" for e in LOSS_ELEMENTS),
    *(f"time_fraction[{e}]" for e in TIME_PARTS),
)
_APPLICATION_CLOSED_FORM = {
    "none": (),
    "chsh": ("chsh_s_closed_form", "qber_closed_form"),
    "bbm92": ("chsh_s_closed_form", "qber_closed_form"),
    "diqkd": (
        "chsh_s_closed_form",
        "qber_closed_form",
        "key_rate_asymptotic_bits_per_event_closed_form",
        "key_rate_asymptotic_bits_per_s_closed_form",
        "plob_bits_per_s",
    ),
}
_STORAGE_CLOSED_FORM = (
    "memory_efficiency",
    "end_to_end_efficiency",
    "snr",
    "retrieved_g2",
    "signal_rate_hz",
)


_MEMORY_PHOTON_CLOSED_FORM = (
    "success_probability",
    "rate_hz_closed_form",
    "fidelity_closed_form",
    "fidelity_at_station",
    "measured_fidelity_closed_form",
    "noise_fraction",
    "cycle_s",
    "herald_wait_s",
    *(f"qber_closed_form[{b}]" for b in MEMORY_PHOTON_BASES),
)


def closed_form_quantities(kind: str, application: str = "none") -> tuple[str, ...]:
    """The names :func:`qnetsim.scenario.closed_form` can return for a scenario of ``kind``
    with ``[application] type = application`` (empty: the kind has no closed form). What a
    ``[[curves]]`` entry may draw.

    Examples:
        >>> closed_form_quantities("storage")
        ('memory_efficiency', 'end_to_end_efficiency', 'snr', 'retrieved_g2', 'signal_rate_hz')
        >>> "qber_closed_form" in closed_form_quantities("link", "bbm92")
        True
        >>> closed_form_quantities("chain")
        ()
    """
    if kind == "link":
        return _LINK_CLOSED_FORM + _APPLICATION_CLOSED_FORM.get(application, ())
    if kind == "storage":
        return _STORAGE_CLOSED_FORM
    if kind == "memory_photon":
        return _MEMORY_PHOTON_CLOSED_FORM
    return ()
