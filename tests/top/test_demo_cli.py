"""The demo and the command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from qnetsim.cli import main
from qnetsim.experiments.demo import run_demo


def test_demo_three_methods_agree_for_depolarising_memories() -> None:
    f = run_demo(fidelity=0.9, storage_s=0.2).fidelities
    closed = f[("depolarising", "closed form")]
    assert f[("depolarising", "Bell-diagonal")] == pytest.approx(closed, abs=1e-12)
    assert f[("depolarising", "density matrix")] == pytest.approx(closed, abs=1e-12)


def test_demo_twirl_approximation_is_small_and_disappears_without_storage() -> None:
    f = run_demo(storage_s=0.05).fidelities
    model = "T1/T2 (T1 = 10 T2)"
    gap = abs(f[(model, "Bell-diagonal")] - f[(model, "density matrix")])
    assert 0 < gap < 1e-4  # amplitude damping on both qubits: the twirl is an approximation
    g = run_demo(storage_s=0.0).fidelities
    assert g[(model, "Bell-diagonal")] == pytest.approx(g[(model, "density matrix")], abs=1e-12)


def test_cli_demo_prints_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--storage-s", "0.01"]) == 0
    out = capsys.readouterr().out
    assert "closed form" in out and "density matrix" in out


def test_cli_bad_input_exits_2_with_named_field() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "qnetsim", "demo", "--fidelity", "1.3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "fidelity = 1.3 is invalid; valid: [0, 1]" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_link_json_has_three_methods(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code = main(
        [
            "link",
            "--platform",
            "ca_ion_ustc",
            "--length-km",
            "10",
            "--pairs",
            "2000",
            "--mode",
            "both",
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    methods = [r["method"] for r in data["results"]]
    assert methods[0] == "closed form" and len(methods) == 3
    closed = data["results"][0]
    for row in data["results"][1:]:
        low, high = row["rate_ci_hz"]
        # 95% CI: allow a 3-sigma-equivalent widening so the test is not flaky.
        width = (high - low) / 2
        assert abs(row["rate_hz"] - closed["rate_hz"]) < 1.6 * width + 1e-12
    assert data["loss_budget_db"][0]["loss_db"] >= data["loss_budget_db"][-1]["loss_db"]


def test_cli_link_unknown_platform_is_a_clear_error() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "qnetsim", "link", "--platform", "nvv", "--length-km", "5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "--platform = 'nvv' is invalid; valid: one of" in proc.stderr


def test_cli_plan_prints_best_design_and_plot(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    out = f"{tmp_path}/plan.png"
    code = main(
        [
            "plan",
            "--platform",
            "rb_atom_lu2026",
            "--distance-km",
            "100",
            "--rate-hz",
            "0.01",
            "--fidelity",
            "0.6",
            "--samples",
            "200",
            "--top",
            "3",
            "--plot",
            out,
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "best design" in text and "meets the target" in text
    import os

    assert os.path.getsize(out) > 10_000
