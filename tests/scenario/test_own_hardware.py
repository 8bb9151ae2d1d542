"""Your own hardware in a scenario file: any field of any component overridden per node, a
whole platform defined without a preset, per-link loss, classical distance, wavelength and
station detectors; every invalid value a ScenarioError naming the file and the key path."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from qnetsim.hardware import CONVERTERS, Overhead, default_attenuation_db_per_km, get_platform
from qnetsim.scenario.build import (
    HARDWARE_CLASSES,
    build_links,
    build_platforms,
    link_kwargs,
)
from qnetsim.scenario.loader import load_scenario, parse_scenario, with_overrides
from qnetsim.scenario.runner import closed_form, run_scenario
from qnetsim.scenario.schema import ScenarioError
from qnetsim.scenario.spec import COMPONENT_TABLES

from .render_scenarios_doc import DOC
from .test_schema import BASE

REPO = Path(__file__).resolve().parents[2]
MY_HARDWARE = REPO / "examples" / "scenarios" / "my_hardware.toml"

#: A node defined entirely in the file (node A) linked to a preset node (node B).
CUSTOM = """
[scenario]
name = "own"
kind = "link"
[nodes.A]
scheme = "single-click"
fibre_wavelength_nm = 1550.0
[nodes.A.emitter]
wavelength_nm = 854.0
emission_efficiency = 0.2
attempt_duration_s = 10e-6
alpha = 0.05
[nodes.A.memory]
t2_s = 0.5
[nodes.A.detector]
efficiency = 0.8
dark_count_rate_hz = 10.0
window_s = 1e-6
[nodes.B]
platform = "nv_delft"
[[links]]
nodes = ["A", "B"]
length_km = 10
"""


def error_of(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "own.toml")
    assert info.value.source == "own.toml"
    return info.value


def node_b(extra: str) -> str:
    """``BASE`` with lines added to ``[nodes.B]`` (an nv_delft preset)."""
    return BASE.replace(
        '[nodes.B]\nplatform = "nv_delft"\n', f'[nodes.B]\nplatform = "nv_delft"\n{extra}'
    )


# --- the example and the docs ---------------------------------------------------------------


def test_example_file_builds_a_custom_node_and_an_overridden_preset() -> None:
    scn = load_scenario(MY_HARDWARE)
    platforms = build_platforms(scn)
    lab, remote = platforms["Lab"], platforms["Remote"]
    assert lab.name == "custom:Lab" and lab.scheme == "single-click"
    assert lab.fibre_attenuation_db_per_km == default_attenuation_db_per_km(1550.0)
    assert lab.timing.overheads == (Overhead("recooling", 120e-6, every_s=90e-6),)
    assert lab.timing.initialisation_s == 2e-6 and lab.memory.readout_fidelity == (0.995, 0.99)
    assert lab.converter is not None and lab.converter.input_wavelength_nm == 854.0
    preset = get_platform("ca_ion_ustc")
    assert remote.name == preset.name and remote.emitter.alpha == 0.15
    assert remote.memory.t2_dd_s == 0.3 and remote.memory.t2_s == preset.memory.t2_s
    assert remote.timing.overheads == (Overhead("recooling", 1e-3, every_attempts=100),)
    kwargs = link_kwargs(scn.doc["links"][0], platforms, scn.source, "links[0]")
    assert kwargs["arm_loss_db"] == (6.5, 7.0)
    assert kwargs["detector"] == dataclasses.replace(
        lab.detector, dark_count_rate_hz=1.0, window_s=0.5e-6
    )


def test_example_file_runs_quick() -> None:
    q = run_scenario(load_scenario(MY_HARDWARE), quick=True).quantities
    assert 0 < q["rate_hz_closed_form"].value and 0.5 < q["fidelity_closed_form"].value <= 1


def test_docs_show_the_example_file() -> None:
    body = "[scenario]" + MY_HARDWARE.read_text().split("[scenario]", 1)[1].rstrip()
    assert body in DOC.read_text()


def test_schema_lists_every_field_of_every_hardware_class() -> None:
    """The schema tables and the hardware classes name the same fields (a new field of a
    class must be added to ``spec.py`` to be settable from a file)."""
    for component, table in COMPONENT_TABLES.items():
        names = {f.name for f in dataclasses.fields(HARDWARE_CLASSES[component])}
        assert set(table.fields) == names - {"citations"}, component


# --- overrides of a preset -------------------------------------------------------------------


def test_every_component_of_a_preset_can_be_overridden_per_node() -> None:
    extra = (
        "[nodes.A.emitter]\nspin_photon_depolarising = 0.03\ndouble_excitation_probability = 0.01\n"
        "photon_length_s = 12e-9\nphoton_shape = 'gaussian'\n"
        "[nodes.A.memory]\ndephasing_per_attempt = 1e-4\nreadout_fidelity = [0.95, 0.99]\n"
        "[nodes.A.detector]\nnumber_resolving = true\n"
        "[nodes.A.converter]\nefficiency = 0.2\n"
        "[nodes.A.timing]\ninitialisation_s = 2e-6\nduty_cycle = 0.5\n"
        "overheads = [{name = 'recooling', duration_s = 120e-6, every_s = 90e-6},"
        " {name = 'check', duration_s = 1e-3, every_attempts = 1000}]\n"
    )
    platforms = build_platforms(parse_scenario(BASE + extra))
    a, b, nv = platforms["A"], platforms["B"], get_platform("nv_delft")
    assert b == nv  # node B untouched
    assert a.emitter.spin_photon_depolarising == 0.03 and a.emitter.photon_shape == "gaussian"
    assert a.emitter.alpha == nv.emitter.alpha  # fields not given keep the preset's
    assert a.memory.dephasing_per_attempt == 1e-4 and a.memory.readout_fidelity == (0.95, 0.99)
    assert a.detector.number_resolving and a.detector.efficiency == nv.detector.efficiency
    assert a.converter is not None and nv.converter is not None
    assert a.converter.efficiency == 0.2 and a.converter.name == nv.converter.name
    assert a.timing.duty_cycle == 0.5 and a.timing.initialisation_s == 2e-6
    assert a.timing.overheads == (
        Overhead("recooling", 120e-6, every_s=90e-6),
        Overhead("check", 1e-3, every_attempts=1000),
    )
    # overridden values lose the preset's citation; the others keep it
    assert a.citation("converter.efficiency") == "" and a.citation("emitter.alpha")
    assert a.citation("converter.output_wavelength_nm")


def test_overheads_replace_the_preset_list() -> None:
    with_list = (
        BASE + "[nodes.A.timing]\noverheads = [{name = 'x', duration_s = 1.0, every_s = 2.0}]\n"
    )
    scn = parse_scenario(with_list)
    assert len(build_platforms(scn)["A"].timing.overheads) == 1
    emptied = with_overrides(scn, {"nodes.A.timing.overheads": []})
    assert build_platforms(emptied)["A"].timing.overheads == ()


def test_top_level_platform_fields() -> None:
    extra = (
        "scheme = 'two-photon'\ndescription = 'mine'\nfibre_wavelength_nm = 1550.0\n"
        "fibre_attenuation_db_per_km = 0.17\n"
    )
    a = build_platforms(parse_scenario(BASE.replace("[nodes.B]", extra + "[nodes.B]", 1)))["A"]
    assert (a.scheme, a.description, a.fibre_wavelength_nm, a.fibre_attenuation_db_per_km) == (
        "two-photon",
        "mine",
        1550.0,
        0.17,
    )


def test_converter_none_sends_the_emitter_light_into_the_fibre() -> None:
    scn = parse_scenario(node_b("converter = 'none'\n"))
    b = build_platforms(scn)["B"]
    assert b.converter is None and b.fibre_wavelength_nm == 637.0
    assert b.fibre_attenuation_db_per_km == default_attenuation_db_per_km(637.0)
    assert not any(k.startswith("converter.") for k in b.citations)
    kept = node_b("converter = 'none'\nfibre_wavelength_nm = 1550.0\n")
    b = build_platforms(parse_scenario(kept))["B"]
    assert b.fibre_wavelength_nm == 1550.0 and b.fibre_attenuation_db_per_km == 0.2


def test_converter_none_outside_the_attenuation_bands_needs_an_attenuation() -> None:
    ion = BASE.replace('platform = "nv_delft"', 'platform = "ca_ion_ustc"')
    text = ion.replace("[nodes.B]", "converter = 'none'\n[nodes.B]", 1)
    err = error_of(text)
    assert err.key_path == "nodes.A.fibre_attenuation_db_per_km" and "393 nm" in err.reason
    given = text.replace(
        "converter = 'none'\n", "converter = 'none'\nfibre_attenuation_db_per_km = 30\n"
    )
    a = build_platforms(parse_scenario(given))["A"]
    assert a.fibre_wavelength_nm == 393.0 and a.fibre_attenuation_db_per_km == 30.0


def test_converter_by_preset_name() -> None:
    rb = BASE.replace('platform = "nv_delft"', 'platform = "rb_atom_lu2026"')
    text = rb.replace(
        "[nodes.B]", "converter = 'liu2024_795_1342'\nemitter = {wavelength_nm = 795}\n[nodes.B]", 1
    )
    a = build_platforms(parse_scenario(text))["A"]
    assert a.converter == CONVERTERS["liu2024_795_1342"]
    assert a.fibre_wavelength_nm == 1342.0
    assert a.fibre_attenuation_db_per_km == default_attenuation_db_per_km(1342.0)
    err = error_of(BASE.replace("[nodes.B]", "converter = 'liu2024_795_1342'\n[nodes.B]", 1))
    assert (
        err.key_path == "nodes.A.converter"
        and "takes 795 nm but the emitter emits 637" in err.reason
    )


def test_a_component_the_preset_lacks_is_built_from_its_table() -> None:
    extra = (
        "[nodes.A.source]\nwavelength_nm = 780\nefficiency = 0.5\ng2_zero = 0.01\n"
        "repetition_rate_hz = 1e6\n"
    )
    a = build_platforms(parse_scenario(BASE + extra))["A"]
    assert a.source is not None and a.source.g2_zero == 0.01
    err = error_of(BASE + "[nodes.A.communication_memory]\nt1_s = 1.0\n")
    assert err.key_path == "nodes.A.communication_memory.t2_s"
    assert "platform 'nv_delft' has no communication_memory" in err.reason


# --- a whole platform in the file --------------------------------------------------------------


def test_custom_node_gets_defaults_and_a_name() -> None:
    a = build_platforms(parse_scenario(CUSTOM))["A"]
    assert a.name == "custom:A" and a.converter is None and a.source is None
    assert a.fibre_attenuation_db_per_km == default_attenuation_db_per_km(1550.0)
    assert a.timing.is_default and a.memory.t1_s == math.inf and a.emitter.hom_visibility == 1.0
    assert a.citations == {}
    (link,) = build_links(parse_scenario(CUSTOM))
    assert 0 < link.success_probability < 1


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        (('scheme = "single-click"\n', ""), "nodes.A.scheme", "required; valid: one of"),
        (("fibre_wavelength_nm = 1550.0\n", ""), "nodes.A.fibre_wavelength_nm", "required"),
        (
            ("wavelength_nm = 854.0\n", ""),
            "nodes.A.emitter.wavelength_nm",
            "required; valid: >= 100",
        ),
        (("[nodes.A.emitter]\n", "[nodes.A.emitter0]\n"), "nodes.A.emitter0", "unknown key"),
        (("attempt_duration_s = 10e-6\n", ""), "nodes.A.emitter.attempt_duration_s", "required"),
        (("t2_s = 0.5\n", "t1_s = 1.0\n"), "nodes.A.memory.t2_s", "required"),
        (("window_s = 1e-6\n", ""), "nodes.A.detector.window_s", "required"),
        (
            ("t2_s = 0.5\n", "t2_s = 0.5\nuse_dynamical_decoupling = true\n"),
            "nodes.A.memory.use_dynamical_decoupling",
            "no coherence time under dynamical decoupling",
        ),
        (
            ("fibre_wavelength_nm = 1550.0\n", "fibre_wavelength_nm = 2000.0\n"),
            "nodes.A.fibre_attenuation_db_per_km",
            "required: fibre_wavelength_nm = 2000 nm",
        ),
    ],
)
def test_custom_node_missing_fields_name_the_key(
    change: tuple[str, str], path: str, reason: str
) -> None:
    assert change[0] in CUSTOM
    err = error_of(CUSTOM.replace(*change, 1))
    assert err.key_path == path and reason in err.reason


def test_custom_node_without_its_tables_names_the_first_required_field() -> None:
    text = CUSTOM.split("[nodes.A.emitter]")[0] + "[nodes.B]" + CUSTOM.split("[nodes.B]")[1]
    err = error_of(text)
    assert err.key_path == "nodes.A.emitter.wavelength_nm"
    assert "has no emitter to start from" in err.reason


# --- links ---------------------------------------------------------------------------------


def test_link_keys_reach_the_link() -> None:
    extra = (
        "classical_length_km = 0.0\narm_loss_db = [3.0, 4.5]\nwavelength_nm = 1550\n"
        "[links.detector]\ndark_count_rate_hz = 1.0\n"
    )
    scn = parse_scenario(BASE + extra)
    platforms = build_platforms(scn)
    kwargs = link_kwargs(scn.doc["links"][0], platforms, scn.source, "links[0]")
    nv = get_platform("nv_delft")
    assert kwargs == {
        "geometry": "midpoint",
        "extra_loss_db": 0.0,
        "store_in_memory": False,
        "classical_length_km": 0.0,
        "arm_loss_db": (3.0, 4.5),
        "wavelength_nm": 1550.0,
        "detector": dataclasses.replace(nv.detector, dark_count_rate_hz=1.0),
    }
    (link,) = build_links(scn)
    assert link.arm_loss_db == (3.0, 4.5) and link.classical_length_km == 0.0
    assert link.wavelength_nm == 1550.0 and link.station_detector.dark_count_rate_hz == 1.0


@pytest.mark.parametrize(("geometry", "host"), [("midpoint", "A"), ("node_to_node", "B")])
def test_partial_station_detector_overrides_the_hosts(geometry: str, host: str) -> None:
    text = BASE.replace(
        '[nodes.B]\nplatform = "nv_delft"\n',
        '[nodes.B]\nplatform = "nv_delft"\ndetector = {efficiency = 0.5}\n',
    )
    text += f"geometry = '{geometry}'\n[links.detector]\nwindow_s = 5e-9\n"
    scn = parse_scenario(text)
    platforms = build_platforms(scn)
    det = link_kwargs(scn.doc["links"][0], platforms, scn.source, "links[0]")["detector"]
    assert det == dataclasses.replace(platforms[host].detector, window_s=5e-9)


def test_full_station_detector() -> None:
    text = BASE + "[links.detector]\nefficiency = 0.9\ndark_count_rate_hz = 0.0\nwindow_s = 1e-8\n"
    (link,) = build_links(parse_scenario(text))
    det = link.station_detector
    assert (det.efficiency, det.dark_count_rate_hz, det.window_s) == (0.9, 0.0, 1e-8)


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "path", "reason"),
    [
        (
            "[nodes.A.timing]\nduty_cycle = 1.5\n",
            "nodes.A.timing.duty_cycle",
            "valid: > 0 and <= 1",
        ),
        ("[nodes.A.timing]\nduty_cycle = 'half'\n", "nodes.A.timing.duty_cycle", "wrong type"),
        ("[nodes.A.timing]\nwait_for_herald = 1\n", "nodes.A.timing.wait_for_herald", "wrong type"),
        ("[nodes.A.timing]\nspeed = 1\n", "nodes.A.timing.speed", "unknown key"),
        ("[nodes.A.timing]\noverheads = 3\n", "nodes.A.timing.overheads", "not a list"),
        (
            "[nodes.A.timing]\noverheads = [{name = 'x', duration_s = -1.0, every_s = 1.0}]\n",
            "nodes.A.timing.overheads[0].duration_s",
            "valid: > 0",
        ),
        (
            "[nodes.A.timing]\noverheads = [{name = 'x', every_s = 1.0}]\n",
            "nodes.A.timing.overheads[0].duration_s",
            "required",
        ),
        (
            "[nodes.A.timing]\noverheads = [{name = 'x', duration_s = 1.0}]\n",
            "nodes.A.timing.overheads[0].every_attempts",
            "exactly one of every_attempts and every_s",
        ),
        (
            "[nodes.A.timing]\noverheads = [{name = 'x', duration_s = 1.0, every_s = 1, "
            "every_attempts = 2}]\n",
            "nodes.A.timing.overheads[0].every_attempts",
            "exactly one of every_attempts and every_s",
        ),
        (
            "[nodes.A.timing]\noverheads = [{name = 'x', duration_s = 1.0, every_s = 1, "
            "colour = 2}]\n",
            "nodes.A.timing.overheads[0].colour",
            "unknown key",
        ),
        (
            "[nodes.A.timing]\noverheads = [{name = '', duration_s = 1.0, every_s = 1}]\n",
            "nodes.A.timing.overheads[0].name",
            "non-empty",
        ),
        ("[nodes.A.timing]\noverheads = [3]\n", "nodes.A.timing.overheads[0]", "not a table"),
        (
            "[nodes.A.timing]\nrepetition_rate_hz = 1e3\n",
            "nodes.A.timing.rate_includes_communication",
            "true or false",
        ),
        (
            "[nodes.B.emitter]\ndouble_excitation_probability = 1.2\n",
            "nodes.B.emitter.double_excitation_probability",
            "valid: >= 0 and <= 1",
        ),
        (
            "[nodes.A.emitter]\nspin_photon_dephasing = 0.6\n",
            "nodes.A.emitter.spin_photon_dephasing",
            "<= 0.5",
        ),
        ("[nodes.A.emitter]\nphoton_shape = 'square'\n", "nodes.A.emitter.photon_shape", "one of"),
        (
            "[nodes.A.emitter]\nattempt_duration_s = inf\n",
            "nodes.A.emitter.attempt_duration_s",
            "finite",
        ),
        (
            "[nodes.A.memory]\ndephasing_per_attempt = 0.7\n",
            "nodes.A.memory.dephasing_per_attempt",
            "<= 0.5",
        ),
        (
            "[nodes.A.memory]\nreadout_fidelity = [0.9]\n",
            "nodes.A.memory.readout_fidelity",
            "1 items",
        ),
        (
            "[nodes.A.memory]\nreadout_fidelity = [0.9, 1.1]\n",
            "nodes.A.memory.readout_fidelity[1]",
            "1.1 is invalid",
        ),
        ("[nodes.A.memory]\nnum_memories = 1.5\n", "nodes.A.memory.num_memories", "wrong type"),
        ("[nodes.A.detector]\nwindow_s = 0\n", "nodes.A.detector.window_s", "valid: > 0"),
        (
            "[nodes.A.converter]\noutput_wavelength_nm = 637\n",
            "nodes.A.converter.output_wavelength_nm",
            "different",
        ),
        (
            "[nodes.A.converter]\ninput_wavelength_nm = 780\n",
            "nodes.A.converter.input_wavelength_nm",
            "must agree",
        ),
        (
            "[nodes.A.converter]\noutput_wavelength_nm = 50\n",
            "nodes.A.converter.output_wavelength_nm",
            ">= 100",
        ),
        ("[nodes.A]\nconverter = 'fancy'\n", "nodes.A.converter", "'none', 'knaut2024_737_1350'"),
        ("[nodes.A]\nconverter = 3\n", "nodes.A.converter", "wrong type"),
        ("[nodes.A]\nscheme = 'teleport'\n", "nodes.A.scheme", "one of"),
        ("[nodes.A]\nfibre_wavelength_nm = 20000\n", "nodes.A.fibre_wavelength_nm", "<= 10000"),
        ("classical_length_km = -1\n", "links[0].classical_length_km", ">= 0 and <= 100000"),
        ("classical_length_km = 2e5\n", "links[0].classical_length_km", ">= 0 and <= 100000"),
        ("arm_loss_db = [1.0]\n", "links[0].arm_loss_db", "1 items"),
        ("arm_loss_db = [1.0, 2000.0]\n", "links[0].arm_loss_db[1]", "<= 1000"),
        ("wavelength_nm = 50\n", "links[0].wavelength_nm", ">= 100 and <= 10000"),
        ("wavelength_nm = 2000\n", "links[0].wavelength_nm", "no default attenuation"),
        ("[links.detector]\nefficiency = 2.0\n", "links[0].detector.efficiency", "<= 1"),
        ("[links.detector]\ncolour = 2.0\n", "links[0].detector.colour", "unknown key"),
    ],
)
def test_invalid_values_name_the_file_and_the_key_path(extra: str, path: str, reason: str) -> None:
    if extra.startswith("[nodes.A]\n"):
        text = BASE.replace("[nodes.B]", extra.removeprefix("[nodes.A]\n") + "[nodes.B]", 1)
    else:
        text = BASE + extra
    err = error_of(text)
    assert err.key_path == path and reason in err.reason, str(err)


def test_set_overrides_reach_the_hardware() -> None:
    """``--set`` and published ``at`` points use the same key paths."""
    scn = parse_scenario(BASE)
    moved = with_overrides(
        scn, {"nodes.A.timing.initialisation_s": 3e-6, "nodes.B.converter": "none"}
    )
    platforms = build_platforms(moved)
    assert platforms["A"].timing.initialisation_s == 3e-6 and platforms["B"].converter is None
    with pytest.raises(ScenarioError) as info:
        with_overrides(scn, {"nodes.A.timing.duty_cycle": 0})
    assert info.value.key_path == "nodes.A.timing.duty_cycle"


def test_curves_and_published_points_over_hardware_key_paths() -> None:
    timing = "[nodes.A.timing]\noverheads = [{name = 'x', duration_s = 1e-4, every_s = 1e-4}]\n"
    curve = (
        "[[curves]]\nparameter = 'nodes.A.timing.overheads[0].every_s'\nvalues = [1e-4, 1e-3]\n"
        "quantities = ['rate_hz_closed_form']\n"
        "[[published]]\nquantity = 'rate_hz_closed_form'\nvalue = 1.0\nsource = 'me'\n"
        "at = {'nodes.B.converter' = 'none', 'links[0].detector.window_s' = 1e-8}\n"
    )
    scn = parse_scenario(BASE + timing + curve)
    slow, fast = (
        closed_form(scn, {"nodes.A.timing.overheads[0].every_s": v})["rate_hz_closed_form"]
        for v in (1e-4, 1e-3)
    )
    assert slow < fast  # more time recooling, fewer pairs
    bad = curve.replace("values = [1e-4, 1e-3]", "values = [1e-4, -1.0]")
    err = error_of(BASE + timing + bad)
    assert err.key_path == "curves[0].values[1]" and "valid: > 0" in err.reason
    bad = curve.replace("'nodes.B.converter' = 'none'", "'nodes.B.converter' = 'fancy'")
    err = error_of(BASE + timing + bad)
    assert err.key_path == "published[0].at" and "nodes.B.converter" in err.reason
