"""The scenario-file schema: what a TOML scenario may contain (see ``docs/scenarios.md``).

One scenario describes one system and what to compute on it:

* ``[scenario]``: name, title, ``kind`` (``link``, ``star``, ``chain``, ``storage``,
  ``satellite``, ``memory_photon``, ``route``), notes (the documented choices behind missing
  parameters).
* ``[run]``: seed, Monte Carlo pairs (and the smaller ``quick_pairs``), simulated duration
  for event-driven kinds, ``mode`` (``sampled`` or photon-level ``attempt``).
* ``[nodes.NAME]`` (the one node table of scenario and network files,
  :data:`qnetsim.network.topology.schema.NODE_TABLE`): a platform preset plus overrides of
  any of its hardware fields (``[nodes.A.emitter] alpha = 0.17``,
  ``[nodes.A.timing] initialisation_s = 2e-6``, ``converter = "none"``), or a whole platform
  defined in the file (no ``platform`` key);
  the schema checks each field's type and range, the hardware classes the rest.
* ``[[links]]``: two nodes, fibre length, loss, conversion, scheme, geometry.
* ``[[edges]]`` (:data:`qnetsim.network.topology.schema.EDGE_TABLE`): the fibres of a network
  (kind ``route``), as in a network file; the nodes then also take the network keys
  ``position_km``, ``num_memories`` and ``role`` (the one node table,
  :data:`qnetsim.network.topology.schema.NODE_TABLE`).
* ``[star]`` / ``[chain]`` / ``[storage]`` / ``[satellite]`` / ``[memory_photon]``: the kind's
  own settings (each declared by its kind's module, :mod:`qnetsim.scenario.kinds`).
* ``[application]``: ``none``, ``chsh``, ``bbm92`` or ``diqkd`` on the delivered pairs.
* ``[[published]]``: published values to compare with (``qnetsim reproduce``), each with its
  uncertainty, unit, source and the parameter values it was measured at (``at``).
* ``[[curves]]``: closed-form curves for the figures (a parameter swept over values).
"""

from __future__ import annotations

from qnetsim.network.topology.schema import EDGE_TABLE
from qnetsim.scenario.fields import (
    MAX_LENGTH_KM,
    MAX_LOSS_DB,
    WAVELENGTH_NM,
    ConverterTable,
    NumberOrPair,
    TableList,
    wavelength,
)
from qnetsim.scenario.kinds import KINDS as _REGISTRY
from qnetsim.scenario.kinds.link import LOSS_ELEMENTS, TIME_PARTS
from qnetsim.scenario.node_spec import (
    COMPONENT_TABLES,
    COMPONENTS,
    DETECTOR_FIELDS,
    NODE_SCHEMES,
    NODE_TABLE,
)
from qnetsim.scenario.schema import REQUIRED, Field, Table

__all__ = [
    "APPLICATIONS",
    "COMPONENTS",
    "COMPONENT_TABLES",
    "KIND_NAMES",
    "LOSS_ELEMENTS",
    "MAX_LENGTH_KM",
    "MAX_LOSS_DB",
    "NODE_SCHEMES",
    "SCENARIO_SCHEMA",
    "TIME_PARTS",
    "WAVELENGTH_NM",
    "ConverterTable",
    "NumberOrPair",
    "TableList",
    "closed_form_quantities",
]

#: The scenario kinds (:data:`qnetsim.scenario.kinds.KINDS`), in order.
KIND_NAMES = tuple(_REGISTRY)
APPLICATIONS = ("none", "chsh", "bbm92", "diqkd")
_SCENARIO = Table(
    {
        "name": Field(str, "identifier (used in records and file names)", REQUIRED),
        "title": Field(str, "one line for people", ""),
        "kind": Field(str, "what is simulated", REQUIRED, choices=KIND_NAMES),
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
        "wavelength_nm": wavelength(
            "fibre wavelength (nm; default: node A's); the attenuation then comes from the "
            "band table unless attenuation_db_per_km is given"
        ),
        "detector": Table(
            DETECTOR_FIELDS,
            "The station's detectors: a full table, or fields overriding the default station "
            "detector (node A's for a midpoint station, node B's for node_to_node and "
            "reflection).",
        ),
    },
    "An elementary link.",
    many=True,
    max_items=1000,
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
        "method": Field(
            str,
            "finite-size DI-QKD bound (docs/qkd.md): Renyi / generalised entropy accumulation "
            "(default), Dupuis-Fawzi 2019, the 2018 EAT, or the asymptotic rate",
            "renyi",
            choices=("renyi", "df2019", "eat2018", "asymptotic"),
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
        "role": Field(
            str,
            "held_out: a prediction the verdict counts; calibration: a point the "
            "[calibration] free inputs are fitted to (shown as such, never counted as agreement)",
            "held_out",
            choices=("held_out", "calibration"),
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

_UNCERTAIN = Table(
    {
        "key": Field(str, "key path of the uncertain input, e.g. 'links[0].length_km'", REQUIRED),
        "low": Field(float, "low end of its plausible range", REQUIRED),
        "high": Field(float, "high end of its plausible range", REQUIRED),
        "distribution": Field(
            str,
            "uniform; log-uniform (low > 0); triangular or log-triangular (peaked at the "
            "value the file uses, which must lie in the range); normal ([low, high] is mean "
            "+- 2 sd, truncated at +-3 sd and to the field's valid range); default: uniform, "
            "log-uniform when high/low >= 10",
            "auto",
            choices=("auto", "uniform", "log-uniform", "triangular", "log-triangular", "normal"),
        ),
        "source": Field(str, "why this range (a citation or an ASSUMPTION's reason)", REQUIRED),
    },
    "An input known only within a range (beyond the presets' own ranges); "
    "`--uncertainty` propagates it.",
    many=True,
)

_CALIBRATION = Table(
    {
        "free": Field(
            str,
            "key paths fitted to the published entries with role = 'calibration' "
            "(a hardware field of a node shared by equal nodes moves them together)",
            [],
            list_of=True,
        ),
    },
    "What `qnetsim reproduce` fits before it predicts the held-out entries.",
)

#: The whole schema: the common tables, then each kind's own (in the order of the kinds).
SCENARIO_SCHEMA = Table(
    {
        "scenario": _SCENARIO,
        "run": _RUN,
        "nodes": NODE_TABLE,
        "links": _LINK,
        "edges": EDGE_TABLE,
        **{k.name: k.table for k in _REGISTRY.values() if k.table is not None},
        "application": _APPLICATION,
        "published": _PUBLISHED,
        "curves": _CURVE,
        "uncertain": _UNCERTAIN,
        "calibration": _CALIBRATION,
    },
    "A scenario file.",
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
    k = _REGISTRY.get(kind)
    return k.closed_form_quantities(application) if k is not None else ()
