"""``qnetsim plan``: the summary's verdict, flag checks, strict JSON with the verification,
the figure's label and path, and the help text."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import qnetsim.cli.plan as plan_cli
from qnetsim.cli import main
from qnetsim.network.chains.designs import Design, DesignEvaluation, Plan, PlanTarget
from tests.cli._helpers import cli_error as _error
from tests.cli._helpers import strict_json as _strict

# A fast search: rb_atom_lu2026 over 100 km, few Monte Carlo chains per design.
FAST = [
    "plan", "--platform", "rb_atom_lu2026", "--distance-km", "100", "--rate-hz", "0.01",
    "--fidelity", "0.6", "--samples", "20",
]  # fmt: skip


def _summary(rate_hz: float, fidelity: float, viable: bool = True) -> str:
    target = PlanTarget(100.0, 1.0, 0.8)
    ev = DesignEvaluation(Design(2, 1000), rate_hz, 0.1, fidelity, 0.01, target, viable)
    return Plan("nv_delft", target, ev, [ev]).summary()


def test_summary_names_only_what_misses() -> None:
    text = _summary(9.64, 0.443)  # fast enough, not faithful enough
    assert "misses it: fidelity 0.357 short)" in text and "rate x" not in text
    text = _summary(0.5, 0.9)  # faithful, too slow
    assert "misses it: rate x2 short)" in text and "fidelity 0" not in text
    text = _summary(0.5, 0.7)
    assert "rate x2 short, fidelity 0.1 short" in text
    assert "meets the target" in _summary(2.0, 0.9)
    text = _summary(0.0, math.nan, viable=False)
    assert "not viable" in text and "nan" not in text


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--top", "-1"], "--top = -1 is invalid; valid: an integer in [1, inf]"),
        (["--top", "0"], "--top = 0 is invalid"),
        (["--verify", "0"], "--verify = 0 is invalid; valid: an integer in [1, inf]"),
        (["--verify", "-3"], "--verify = -3 is invalid"),
        (["--seed", "-1"], "--seed = -1 is invalid; valid: an integer >= 0"),
        (["--samples", "0"], "--samples = 0 is invalid"),
        (["--p-swap", "2"], "--p-swap = 2.0 is invalid"),
        (["--fidelity", "1.5"], "--fidelity = 1.5 is invalid"),
        (["--plot", "/dev/null/x.png"], "--plot = '/dev/null/x.png' is invalid"),
        (["--plot", "x.xyz"], "--plot = 'x.xyz' is invalid"),
    ],
)
def test_plan_flags_are_checked_up_front(
    extra: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert expected in _error(FAST + extra, capsys)


def test_plan_storage_platform_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(
        ["plan", "--platform", "qd_rb_vapour_imperial", "--distance-km", "10", "--rate-hz", "1",
         "--fidelity", "0.8"],
        capsys,
    )  # fmt: skip
    assert "--platform = 'qd_rb_vapour_imperial' is invalid" in err and "storage" in err


def test_plan_json_is_strict_and_holds_the_verification(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # SiV (electron + 29Si): two-link chains fit; their repeater has one communication qubit,
    # so those designs are evaluated in the event engine (links one after another)
    siv = ["plan", "--platform", "siv_harvard", *FAST[3:]]
    assert main([*siv, "--top", "500", "--json", "--verify", "5"]) == 0
    data = _strict(capsys.readouterr().out)
    assert data["capabilities"] == {"communication_qubits": 1, "storage_qubits": 1, "max_modes": 1}
    assert all(d["viable"] == (d["fidelity"] is not None) for d in data["designs"])
    assert any(d["n_links"] == 2 for d in data["designs"])
    ver = data["verification"]
    assert ver["pairs"] == 5
    assert {"rate_hz", "rate_err_hz", "fidelity", "fidelity_err", "planner_rate_hz"} <= set(ver)
    assert ver["rate_hz"] > 0


def test_plan_plot_label_and_real_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import qnetsim.apps.capacity_plot as capacity_plot

    figures = []
    original = capacity_plot.plot_rate_vs_distance

    def keep(*args: Any, **kwargs: Any) -> Any:
        figures.append(original(*args, **kwargs))
        return figures[-1]

    monkeypatch.setattr(capacity_plot, "plot_rate_vs_distance", keep)
    # the curve's points: a stub (the label and the path are under test, not the numbers)
    target = PlanTarget(100.0, 0.01, 0.6)
    stub = DesignEvaluation(Design(1), 0.5, 0.01, 0.9, 0.01, target)
    monkeypatch.setattr(plan_cli, "evaluate_design", lambda *a, **k: stub)
    assert main([*FAST, "--top", "1", "--plot", str(tmp_path / "noext2")]) == 0
    out = capsys.readouterr().out
    assert f"figure: {tmp_path / 'noext2.png'}" in out
    assert (tmp_path / "noext2.png").stat().st_size > 10_000
    assert not (tmp_path / "noext2").exists()
    label = figures[0].axes[0].get_ylabel()
    assert "pairs" in label and "key" not in label


def test_plan_help_examples_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    out = capsys.readouterr().out
    assert "--fidelity 0.8 \\\n      --scheme two-photon" in out
    assert "0.8       --scheme" not in out
    assert "Monte Carlo chains per design (1000)" in out


# --- platform capabilities ------------------------------------------------------------------


def test_plan_for_a_single_atom_proposes_one_mode(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's example: ``qnetsim plan`` used to propose 1000 multiplexed modes for a
    single atom; it now tries one mode, no repeater, and says which capability limited it."""
    assert main([*FAST, "--top", "500", "--json"]) == 0
    data = _strict(capsys.readouterr().out)
    assert {d["modes"] for d in data["designs"]} == {1}
    assert {d["n_links"] for d in data["designs"]} == {1}
    assert data["capabilities"] == {"communication_qubits": 1, "storage_qubits": 0, "max_modes": 1}
    assert any("capabilities.max_modes = 1" in limit for limit in data["limits"])
    assert data["excluded"] and all("qubits per node" in x["reason"] for x in data["excluded"])
    assert "1 links (0 repeaters), 1 modes" in data["summary"]
    assert main(FAST) == 0
    out = capsys.readouterr().out
    assert "modes limited to <= 1 by capabilities.max_modes = 1" in out
    assert "capabilities of rb_atom_lu2026: 1 communication + 0 storage qubit(s)" in out


def test_plan_modes_flag(capsys: pytest.CaptureFixture[str]) -> None:
    err = _error([*FAST, "--modes", "1,1000"], capsys)
    assert "--modes = 1000 is invalid; valid: <= 1 (capabilities.max_modes = 1" in err
    assert "--modes = 'x' is invalid" in _error([*FAST, "--modes", "x"], capsys)
    assert "--modes = 0 is invalid" in _error([*FAST, "--modes", "0"], capsys)
    ens = ["plan", "--platform", "rb_ensemble_ustc", *FAST[3:]]
    assert main([*ens, "--modes", "1,10", "--top", "500", "--json"]) == 0
    data = _strict(capsys.readouterr().out)
    assert {d["modes"] for d in data["designs"]} == {1, 10}
    assert data["capabilities"]["max_modes"] == 225


# --- honest warnings: a target that needs no entanglement, the closest design -------------


@pytest.mark.parametrize("fidelity", ["0.5", "0.2", "0.37"])
def test_plan_refuses_a_target_that_needs_no_entanglement(
    fidelity: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*FAST[:-3], fidelity, "--samples", "20"]
    err = _error(argv, capsys)
    assert f"--fidelity = {float(fidelity)} is invalid; valid: a fidelity target in (0.5, 1]" in err
    assert "not entangled" in err and "without any entanglement" in err


def test_plan_labels_the_closest_design_and_flags_unentangled_rows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = PlanTarget(100.0, 1.0, 0.8)
    weak = DesignEvaluation(Design(1), 0.25, 0.01, 0.42, 0.01, target)
    plan = Plan("rb_atom_lu2026", target, weak, [weak])
    monkeypatch.setattr(plan_cli, "plan_chain", lambda *a, **k: plan)
    argv = [*FAST[:4], "100", "--rate-hz", "1", "--fidelity", "0.8", "--samples", "20"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "closest design (does not meet the target): misses it by rate x4 short, " in out
    assert "fidelity 0.38 short; its pairs are not entangled (F = 0.420 <= 0.5)" in out
    assert "no: rate x4 short, fidelity 0.38 short (not entangled: F <= 0.5)" in out
    assert main([*argv, "--json"]) == 0
    data = _strict(capsys.readouterr().out)
    assert data["meets_target"] is False
    assert data["closest_design_misses_by"] == "rate x4 short, fidelity 0.38 short"
    row = data["designs"][0]
    assert row["entangled"] is False and row["misses_by"] == data["closest_design_misses_by"]


def test_plan_that_meets_its_target_says_so_without_a_closest_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = PlanTarget(100.0, 1.0, 0.8)
    good = DesignEvaluation(Design(1), 2.0, 0.01, 0.9, 0.01, target)
    monkeypatch.setattr(
        plan_cli, "plan_chain", lambda *a, **k: Plan("rb_atom_lu2026", target, good, [good])
    )
    argv = [*FAST[:4], "100", "--rate-hz", "1", "--fidelity", "0.8", "--json"]
    assert main(argv) == 0
    data = _strict(capsys.readouterr().out)
    assert data["meets_target"] is True and data["closest_design_misses_by"] is None
    assert data["designs"][0] == {**data["designs"][0], "entangled": True, "misses_by": ""}
