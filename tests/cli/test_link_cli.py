"""``qnetsim link``: the attempt budget, errors that name the flags, the confidence interval
and the fidelity columns."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qnetsim.cli import link as link_cli
from qnetsim.cli import main
from qnetsim.cli.main import build_parser
from qnetsim.hardware import get_platform
from qnetsim.link.design import Link
from qnetsim.link.montecarlo import sample_link
from tests.cli._helpers import cli_error as _error
from tests.cli._helpers import strict_json as _strict

REPO = Path(__file__).resolve().parents[2]
README_EXAMPLE = [
    "link", "--platform", "nv_delft", "--length-km", "50", "--alpha", "0.1",
    "--attenuation-db-per-km", "0.45",
]  # fmt: skip


def _link(argv: list[str]) -> tuple[Link, Any]:
    args = build_parser().parse_args(argv)
    return link_cli.build_link(args), args


# --- 1. the attempt budget --------------------------------------------------------------
def test_attempt_budget_cuts_the_pairs_to_fit(capsys: pytest.CaptureFixture[str]) -> None:
    # The README link: 5.2e-6 per attempt, so 100000 pairs would need ~2e10 attempts.
    link, _ = _link([*README_EXAMPLE, "--mode", "both"])
    runs, notes = link_cli.plan_modes(link, ("sampled", "attempt"), 100_000, 200_000_000)
    assert runs[0] == ("sampled", 100_000)
    assert runs[1][0] == "attempt"
    assert abs(runs[1][1] - 200_000_000 * link.success_probability) <= 1
    assert len(notes) == 1 and "--max-attempts" in notes[0]

    assert main([*README_EXAMPLE, "--mode", "both", "--max-attempts", "2.2e6", "--json"]) == 0
    captured = capsys.readouterr()
    data = _strict(captured.out)
    fit = int(2.2e6 // (link_cli.attempts_needed(link, 100_000) / 100_000))
    assert fit >= link_cli.MIN_ATTEMPT_PAIRS
    assert [r["method"] for r in data["results"]] == [
        "closed form",
        "Monte Carlo (sampled, 100000 pairs)",
        f"Monte Carlo (attempt, {fit} pairs)",
    ]
    assert f"simulating {fit} pairs in attempt mode" in captured.err
    assert data["notes"] and "--max-attempts" in data["notes"][0]


def test_attempt_mode_is_skipped_when_a_few_pairs_exceed_the_budget(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The --help example's link: 2e-7 per attempt, 10 pairs need ~5e7 attempts.
    argv = ["link", "--platform", "ca_ion_ustc", "--length-km", "101", "--scheme", "two-photon"]
    assert main([*argv, "--mode", "attempt", "--max-attempts", "1e6", "--pairs", "500"]) == 0
    captured = capsys.readouterr()
    assert "attempt mode skipped" in captured.err and "showing sampled mode" in captured.err
    assert "closed form" in captured.out
    assert "Monte Carlo (sampled, 500 pairs)" in captured.out
    assert "attempt," not in captured.out
    assert main([*argv, "--mode", "both", "--max-attempts", "1e6", "--pairs", "500"]) == 0
    captured = capsys.readouterr()
    assert "attempt mode skipped" in captured.err
    assert captured.out.count("Monte Carlo (sampled") == 1


def _example_commands() -> list[list[str]]:
    texts = [link_cli.EXAMPLE.replace("\\\n", " ")]
    texts += [line for line in (REPO / "README.md").read_text().splitlines()]
    out = []
    for text in texts:
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("qnetsim link "):
                out.append(shlex.split(line.split("#")[0])[1:])
    return out


def test_readme_and_help_examples_stay_within_seconds_of_attempts() -> None:
    commands = _example_commands()
    assert len(commands) >= 4  # two in --help, two in the README
    for argv in commands:
        link, args = _link(argv)
        requested = ("sampled", "attempt") if args.mode == "both" else (args.mode,)
        runs, _ = link_cli.plan_modes(
            link, requested, args.pairs, link_cli.check_max_attempts(args.max_attempts)
        )
        attempts = sum(link_cli.attempts_needed(link, n) for m, n in runs if m == "attempt")
        assert attempts <= 6e7, (argv, attempts)  # 5-13 M attempts/s: a few seconds


def test_max_attempts_must_be_at_least_one(capsys: pytest.CaptureFixture[str]) -> None:
    err = _error([*README_EXAMPLE, "--max-attempts", "0"], capsys)
    assert "--max-attempts = 0.0 is invalid" in err


# --- 2, 6. errors that name the flags ---------------------------------------------------
@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--seed", "-1"], "--seed = -1 is invalid; valid: an integer >= 0"),
        (["--pairs", "0"], "--pairs = 0 is invalid; valid: an integer in [1, inf]"),
        (["--length-km", "-3"], "--length-km = -3.0 is invalid; valid: [0, inf)"),
        (["--alpha", "1.5"], "--alpha = 1.5 is invalid; valid: (0, 1)"),
        (["--attenuation-db-per-km", "-1"], "--attenuation-db-per-km = -1.0 is invalid"),
        (["--conversion-efficiency", "2"], "--conversion-efficiency = 2.0 is invalid"),
    ],
)
def test_link_errors_name_the_flag(
    extra: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["link", "--platform", "nv_delft", "--length-km", "10", "--pairs", "10"]
    assert expected in _error(base + extra, capsys)


def test_unknown_platform_names_the_flag_and_lists_platforms(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _error(["link", "--platform", "foo", "--length-km", "5"], capsys)
    assert "--platform = 'foo' is invalid; valid: one of ca_ion_ustc, nv_delft" in err
    argv = ["link", "--platform", "nv_delft", "--platform-b", "x", "--length-km", "5"]
    err = _error(argv, capsys)
    assert "--platform-b = 'x' is invalid" in err


def test_storage_platform_is_not_offered_and_explained(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["link", "--help"])
    assert "qd_rb_vapour_imperial" not in capsys.readouterr().out
    err = _error(["link", "--platform", "qd_rb_vapour_imperial", "--length-km", "5"], capsys)
    assert "--platform = 'qd_rb_vapour_imperial' is invalid" in err
    assert "storage interface" in err and "qnetsim run" in err
    assert "scheme = 'storage'" not in err


def test_dlcz_needs_an_ensemble_platform(capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(["link", "--platform", "nv_delft", "--scheme", "dlcz", "--length-km", "5"], capsys)
    assert "--scheme = 'dlcz' is invalid" in err
    assert "excitation probability" in err and "rb_ensemble_ustc" in err
    assert "node_a.emitter" not in err
    err = _error(
        ["link", "--platform", "rb_ensemble_ustc", "--platform-b", "nv_delft", "--length-km", "5"],
        capsys,
    )
    assert "--platform-b = 'nv_delft' is invalid" in err and "node_b" not in err
    err = _error(
        ["link", "--platform", "siv_harvard", "--scheme", "single-click", "--length-km", "5"],
        capsys,
    )
    assert "--scheme = 'single-click' is invalid" in err and "--alpha" in err


# --- 7. confidence interval and error bars ------------------------------------------------
def test_one_pair_has_an_open_upper_bound(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["link", "--platform", "nv_delft", "--length-km", "10", "--pairs", "1"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "inf]" in out and "e+300" not in out
    assert main([*argv, "--json"]) == 0
    row = _strict(capsys.readouterr().out)["results"][1]
    low, high = row["rate_ci_hz"]
    assert low > 0 and high is None


def test_sampled_error_bar_of_identical_pairs_is_zero(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*README_EXAMPLE, "--pairs", "2000"]
    assert main(argv) == 0
    sampled = [line for line in capsys.readouterr().out.splitlines() if "(sampled" in line]
    assert len(sampled) == 1 and "+-" not in sampled[0]
    assert main([*argv, "--json"]) == 0
    row = _strict(capsys.readouterr().out)["results"][1]
    assert row["fidelity_err"] == 0.0


# --- 9. F herald / F delivered mean the same in every row ---------------------------------
def test_f_herald_is_before_and_f_delivered_after_the_memory_wait(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # SiV: the communication qubit's T2 (~80 us) is comparable to the herald wait, so the
    # two fidelities differ a lot (about 0.90 at the herald, 0.53 delivered at 10 km).
    argv = ["link", "--platform", "siv_harvard", "--length-km", "10", "--pairs", "3000"]
    assert main([*argv, "--mode", "both", "--json"]) == 0
    closed, sampled, attempt = _strict(capsys.readouterr().out)["results"]
    assert closed["fidelity_at_herald"] - closed["fidelity_delivered"] > 0.2
    assert sampled["fidelity_at_herald"] == pytest.approx(closed["fidelity_at_herald"], abs=1e-12)
    assert sampled["fidelity_delivered"] == pytest.approx(closed["fidelity_delivered"], abs=1e-3)
    se_h = attempt["fidelity_at_herald_err"]
    assert abs(attempt["fidelity_at_herald"] - closed["fidelity_at_herald"]) < 5 * se_h + 1e-3
    se_d = attempt["fidelity_err"]
    assert abs(attempt["fidelity_delivered"] - closed["fidelity_delivered"]) < 5 * se_d + 1e-3
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "F herald: fidelity to Phi+ of the heralded state, before the memories wait" in out


def test_samples_keep_the_heralded_state_before_the_memory_wait() -> None:
    link = Link(get_platform("siv_harvard"), 10.0)
    s = sample_link(link, 500, np.random.default_rng(3))
    assert np.allclose(s.fidelity_at_station, link.attempt.fidelity, atol=1e-12)
    assert s.mean_fidelity()[0] < link.attempt.fidelity - 0.2
    a = sample_link(Link(get_platform("ca_ion_ustc"), 10.0), 300, np.random.default_rng(4),
                    mode="attempt")  # fmt: skip
    ion = Link(get_platform("ca_ion_ustc"), 10.0)
    f = a.fidelity_at_station
    assert abs(f.mean() - ion.attempt.fidelity) < 5 * f.std(ddof=1) / np.sqrt(f.size) + 1e-9


def test_link_help_explains_geometry_mode_and_budget(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["link", "--help"])
    out = capsys.readouterr().out
    assert "heralding station" in out and "photon by photon" in out
    assert "--max-attempts" in out


# --- hardware as in the lab, from the command line -------------------------------------------
def test_hardware_overrides_reach_the_link() -> None:
    base, _ = _link(["link", "--platform", "ca_ion_ustc", "--length-km", "10"])
    link, _ = _link([
        "link", "--platform", "ca_ion_ustc", "--length-km", "10",
        "--hw", 'timing.overheads=[{name="recooling", duration_s=120e-6, every_s=90e-6}]',
        "--hw", "emitter.spin_photon_depolarising=0.05", "--hw-b", "detector.efficiency=0.5",
        "--classical-length-km", "0",
    ])  # fmt: skip
    assert [o.name for o in link.overheads] == ["recooling"]
    assert link.duty_fraction < base.duty_fraction
    assert link.node_a.emitter.spin_photon_depolarising == 0.05
    assert link.b.detector.efficiency == 0.5 and link.node_a.detector.efficiency != 0.5
    assert link.cycle_s < base.cycle_s  # the herald travels 0 km, the photon 5 km
    assert link.delivered_state.fidelity < base.delivered_state.fidelity


def test_hardware_override_errors_name_the_key(capsys: pytest.CaptureFixture[str]) -> None:
    msg = _error(["link", "--platform", "ca_ion_ustc", "--length-km", "10",
                  "--hw", "timing.duty_cycle=1.5"], capsys)  # fmt: skip
    assert "nodes.A.timing.duty_cycle" in msg and "1.5" in msg
    msg = _error(["link", "--platform", "nv_delft", "--length-km", "10",
                  "--arm-loss-db", "-1", "2"], capsys)  # fmt: skip
    assert "--arm-loss-db" in msg


def test_uncertainty_bands_from_assumed_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["link", "--platform", "ca_ion_ustc", "--length-km", "25", "--pairs", "500"]
    assert main([*argv, "--uncertainty", "64", "--json"]) == 0
    out = _strict(capsys.readouterr().out)["uncertainty"]
    rate = out["bands"]["rate_hz"]
    assert rate["low95"] <= rate["median"] <= rate["high95"]
    assert abs(sum(out["sensitivity"]["fidelity"].values()) - 1) < 1e-9
    assert main([*argv, "--uncertainty"]) == 0
    assert "driven by" in capsys.readouterr().out
    assert "--uncertainty" in _error([*argv, "--uncertainty", "3"], capsys)
