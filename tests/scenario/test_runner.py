"""The scenario runner agrees with the layers it calls (closed form, Monte Carlo, events)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qnetsim.hardware import get_platform
from qnetsim.link import interface_from_platform
from qnetsim.network.chains.events import simulate_chain
from qnetsim.scenario.build import build_links
from qnetsim.scenario.loader import load_scenario, parse_scenario, with_overrides
from qnetsim.scenario.runner import closed_form, evaluation_seed, run_scenario
from qnetsim.scenario.schema import ScenarioError

from .test_schema import BASE

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples" / "scenarios").glob("*.toml"))


def test_link_monte_carlo_agrees_with_closed_form() -> None:
    """Validation: the sampled rate is within 4 standard errors of p_cycle / cycle (the
    waiting time is geometric; 4 sigma keeps the false-alarm rate below 1e-4)."""
    scn = parse_scenario(BASE + "[run]\npairs = 20000\n[application]\ntype = 'chsh'\n")
    q = run_scenario(scn).quantities
    assert abs(q["rate_hz"].value - q["rate_hz_closed_form"].value) < 4 * q["rate_hz"].err
    assert q["fidelity"].value == pytest.approx(q["fidelity_closed_form"].value, abs=1e-9)
    chsh = q["chsh_s"]
    assert abs(chsh.value - q["chsh_s_closed_form"].value) < 4 * chsh.err


def test_same_seed_same_numbers_and_overrides_change_the_stream() -> None:
    scn = parse_scenario(BASE + "[run]\npairs = 500\n")
    a = run_scenario(scn).quantities["rate_hz"].value
    assert run_scenario(scn).quantities["rate_hz"].value == a
    s1 = evaluation_seed(1, {"links[0].length_km": 10.0}).generate_state(2)
    s2 = evaluation_seed(1, {"links[0].length_km": 11.0}).generate_state(2)
    assert not np.array_equal(s1, s2)


def test_storage_kind_equals_the_interface_model() -> None:
    scn = load_scenario(REPO / "examples" / "experiments" / "thomas2024_qd_memory.toml")
    q = run_scenario(scn).quantities
    ref = interface_from_platform(get_platform("qd_rb_vapour_imperial"), 0.0)
    assert q["snr"].value == ref.snr and q["memory_efficiency"].value == ref.memory_efficiency
    values = closed_form(scn, {"storage.storage_time_s": 1e-9})
    assert values["memory_efficiency"] < ref.memory_efficiency


def test_chain_kind_equals_a_direct_event_simulation() -> None:
    text = (
        BASE.replace('kind = "link"', 'kind = "chain"')
        + "[nodes.C]\nplatform = 'nv_delft'\n[[links]]\nnodes = ['B', 'C']\nlength_km = 10\n"
        # the repeater B holds a pair on each side: two communication qubits
        + "[nodes.B.capabilities]\ncommunication_qubits = 2\n"
        + "[run]\npairs = 30\n"
    )
    scn = parse_scenario(text)
    res = run_scenario(scn)
    seed = int(evaluation_seed(1, {}).generate_state(1)[0])
    ref = simulate_chain(build_links(scn), 30, seed)  # swap noise from the memories
    assert res.quantities["rate_hz"].value == pytest.approx(ref.rate_hz)
    assert res.quantities["fidelity"].value == pytest.approx(float(ref.fidelities.mean()))


def test_star_kind_concurrency_is_about_a_third() -> None:
    scn = load_scenario(REPO / "examples" / "experiments" / "liu2024_hefei.toml")
    q = run_scenario(scn, quick=True).quantities
    for pair in ("A-B", "A-C", "B-C"):
        frac = q[f"concurrent_fraction[{pair}]"]
        assert abs(frac.value - 1 / 3) < 4 * frac.err + 0.02  # round robin of 3 similar cycles


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_run_quick(path: Path) -> None:
    result = run_scenario(load_scenario(path), quick=True)
    assert result.quantities and all(e.err >= 0 for e in result.quantities.values())


def test_closed_form_qber_and_chsh_match_the_sampled_diqkd() -> None:
    """Validation: the closed-form key-round QBER (optimal settings, key pairs a0 with b2)
    and S agree with the sampled DI-QKD protocol within 4 standard errors."""
    scn = load_scenario(REPO / "examples" / "experiments" / "lu2026_diqkd.toml")
    q = run_scenario(scn, {"run.pairs": 40_000}).quantities
    assert abs(q["qber"].value - q["qber_closed_form"].value) < 4 * q["qber"].err
    assert abs(q["chsh_s"].value - q["chsh_s_closed_form"].value) < 4 * q["chsh_s"].err


MY_LINK = REPO / "examples" / "scenarios" / "my_link.toml"
LU = REPO / "examples" / "experiments" / "lu2026_diqkd.toml"


@pytest.mark.parametrize(
    ("path", "overrides"),
    [
        (MY_LINK, {}),  # bbm92, readout error from the memories
        (MY_LINK, {"application.readout_error": 0.04, "links[0].length_km": 20.0}),
        (MY_LINK, {"application.type": "diqkd", "run.pairs": 40_000}),
        (LU, {"run.pairs": 40_000}),
    ],
    ids=["bbm92", "bbm92-readout", "diqkd-my-link", "diqkd-lu"],
)
def test_closed_form_qber_is_what_the_monte_carlo_measures(
    path: Path, overrides: dict[str, object]
) -> None:
    """Validation: qber_closed_form (BBM92: Z-basis error of the delivered Bell-diagonal
    state with the readout flips; DI-QKD: key-setting error) agrees with the sampled qber
    within 4 standard errors."""
    q = run_scenario(load_scenario(path), overrides).quantities
    assert q["qber"].err > 0
    assert abs(q["qber"].value - q["qber_closed_form"].value) < 4 * q["qber"].err


def test_bbm92_closed_form_qber_is_the_z_basis_error_with_readout_flips() -> None:
    from qnetsim.apps.qkd import bell_diagonal_qber

    scn = load_scenario(MY_LINK)
    values = closed_form(scn, {"application.readout_error": 0.1})
    (link,) = build_links(scn)
    q_z = float(bell_diagonal_qber(link.delivered_state.bell_diagonal().coefficients)[0])
    expected = q_z * (1 - 0.18) + (1 - q_z) * 0.18  # each party flips with 0.1: 2e(1 - e)
    assert values["qber_closed_form"] == pytest.approx(expected, rel=1e-12)


def test_fidelity_at_herald_is_before_the_memory_wait() -> None:
    from qnetsim.quantum import bell_diagonal as bd

    scn = load_scenario(MY_LINK)
    slow = {"nodes.Alice.memory.t2_s": 2e-3, "nodes.Bob.memory.t2_s": 2e-3}
    q = run_scenario(scn, {**slow, "run.pairs": 200}).quantities
    (link,) = build_links(with_overrides(scn, slow))
    assert q["fidelity_at_herald"].value == pytest.approx(
        float(bd.fidelity(link.attempt.bell_diagonal().coefficients)), rel=1e-12
    )
    assert q["fidelity_at_herald"].value > q["fidelity"].value + 0.01  # the wait costs
    assert closed_form(scn, slow)["fidelity_at_herald"] == q["fidelity_at_herald"].value


def test_loss_budget_keys_do_not_change_with_the_length() -> None:
    scn = load_scenario(MY_LINK)
    keys = [
        sorted(k for k in closed_form(scn, {"links[0].length_km": x}) if k.startswith("loss_db"))
        for x in (5.0, 150.0)
    ]
    assert keys[0] == keys[1] and "loss_db[fibre arm A]" in keys[0]
    q = run_scenario(scn, {"links[0].length_km": 30.0, "run.pairs": 100}).quantities
    assert q["loss_db[fibre arm A]"].method == "closed form (15 km)"


def test_fields_the_scheme_does_not_use_are_noted() -> None:
    scn = load_scenario(MY_LINK)
    res = run_scenario(scn, {"links[0].scheme": "two-photon", "run.pairs": 100})
    note = res.notes[-1]
    assert note.startswith("links[0]: the 'two-photon' scheme does not use alpha = 0.05")
    assert res.as_dict()["notes"] == res.notes
    assert res.notes[:-1] == scn.doc["scenario"]["notes"]
    plain = run_scenario(scn, {"run.pairs": 100})  # single-click uses alpha: no note
    assert plain.notes == scn.doc["scenario"]["notes"]


def test_errors_found_when_the_model_is_built_name_the_file_and_key() -> None:
    chain = load_scenario(REPO / "examples" / "scenarios" / "chain_1000km.toml")
    with pytest.raises(ScenarioError) as info:
        run_scenario(chain, {"chain.cutoff_s": 1e-9}, quick=True)
    assert info.value.source == chain.source and info.value.key_path == "chain.cutoff_s"
    assert info.value.reason.startswith("1e-09 is invalid; valid: >= the longest herald")

    sat = load_scenario(REPO / "examples" / "experiments" / "yin2017_micius.toml")
    with pytest.raises(ScenarioError) as info:
        run_scenario(sat, {"satellite.separation_km": 20000.0})
    assert info.value.source == sat.source and info.value.key_path == "satellite.separation_km"
    assert "no common visibility window" in info.value.reason
    assert "closest_approach" not in info.value.reason

    with pytest.raises(ScenarioError) as info:
        run_scenario(load_scenario(MY_LINK), {"links[0].scheme": "dlcz"})
    assert info.value.key_path == "nodes.Alice.emitter.excitation_probability"


@pytest.mark.parametrize("policy", ["swap_asap", "nested"])
def test_chain_runs_report_progress_in_delivered_pairs(policy: str) -> None:
    scn = load_scenario(REPO / "examples" / "scenarios" / "chain_1000km.toml")
    calls: list[tuple[int, int]] = []
    overrides = {"chain.policy": policy} if policy == "swap_asap" else {}
    if policy == "nested":
        scn = load_scenario(REPO / "examples" / "scenarios" / "nested_purified_chain.toml")
    res = run_scenario(scn, overrides, quick=True, progress=lambda d, t: calls.append((d, t)))
    total = scn.doc["run"]["quick_pairs"]
    assert calls and calls[-1] == (total, total)
    done = [d for d, _ in calls]
    assert done[0] == 0 and done == sorted(set(done))  # from 0, strictly increasing
    assert res.quantities["rate_hz"].value > 0
