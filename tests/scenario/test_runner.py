"""The scenario runner agrees with the layers it calls (closed form, Monte Carlo, events)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qnetsim.hardware import get_platform
from qnetsim.link import interface_from_platform
from qnetsim.network import simulate_chain
from qnetsim.scenario.build import build_links
from qnetsim.scenario.loader import load_scenario, parse_scenario
from qnetsim.scenario.runner import closed_form, evaluation_seed, run_scenario

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
