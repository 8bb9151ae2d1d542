"""The scenario-file schema: what a TOML scenario may contain (see ``docs/scenarios.md``).

One scenario describes one system and what to compute on it:

* ``[scenario]``: name, title, ``kind`` (``link``, ``star``, ``chain``, ``storage``,
  ``satellite``), notes (the documented choices behind missing parameters).
* ``[run]``: seed, Monte Carlo pairs (and the smaller ``quick_pairs``), simulated duration
  for event-driven kinds, ``mode`` (``sampled`` or photon-level ``attempt``).
* ``[nodes.NAME]``: a platform preset plus overrides of any of its hardware fields
  (``[nodes.A.emitter] alpha = 0.17``); the hardware classes validate the values.
* ``[[links]]``: two nodes, fibre length, loss, conversion, scheme, geometry.
* ``[star]`` / ``[chain]`` / ``[storage]`` / ``[satellite]``: the kind's own settings.
* ``[application]``: ``none``, ``chsh``, ``bbm92`` or ``diqkd`` on the delivered pairs.
* ``[[published]]``: published values to compare with (``qnetsim reproduce``), each with its
  uncertainty, unit, source and the parameter values it was measured at (``at``).
* ``[[curves]]``: closed-form curves for the figures (a parameter swept over values).
"""

from __future__ import annotations

from qnetsim.scenario.schema import REQUIRED, Field, Table

__all__ = [
    "APPLICATIONS",
    "COMPONENTS",
    "KINDS",
    "LOSS_ELEMENTS",
    "SCENARIO_SCHEMA",
    "closed_form_quantities",
]

KINDS = ("link", "star", "chain", "storage", "satellite")
APPLICATIONS = ("none", "chsh", "bbm92", "diqkd")
#: Hardware components of a platform that a node may override.
COMPONENTS = ("emitter", "memory", "communication_memory", "detector", "converter", "source")

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

_COMPONENT = Table(
    {},
    "Overrides of the component's fields (any field of the hardware "
    "class; the class checks the value).",
    open_fields=True,
)

_NODE = Table(
    {
        "platform": Field(str, "platform preset (qnetsim.hardware.platform_names())", REQUIRED),
        "fibre_attenuation_db_per_km": Field(
            float, "override of the platform's fibre attenuation (dB/km)", None, low=0.0
        ),
        **{c: _COMPONENT for c in COMPONENTS},
    },
    "A node: a platform preset and overrides of its hardware.",
    keyed=True,
)

_LINK = Table(
    {
        "nodes": Field(str, "the two end nodes", REQUIRED, list_of=True, min_items=2, max_items=2),
        "length_km": Field(float, "fibre length between the nodes (km)", REQUIRED, low=0.0),
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
        "extra_loss_db": Field(float, "extra loss per arm (dB)", 0.0, low=0.0),
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
    },
    "Satellite entanglement distribution over two downlinks (kind = 'satellite'); unset "
    "fields keep the preset's cited values.",
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
    "detector",
)

_LINK_CLOSED_FORM = (
    "success_probability",
    "rate_hz_closed_form",
    "fidelity_closed_form",
    "fidelity_at_herald",
    "link_efficiency_closed_form",
    "cycle_s",
    *(f"loss_db[{e}]" for e in LOSS_ELEMENTS),
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
    return ()
