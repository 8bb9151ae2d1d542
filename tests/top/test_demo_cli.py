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
