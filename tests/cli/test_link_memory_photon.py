"""``qnetsim link --scheme memory-photon``: the numbers are the API's, the Monte Carlo rows
agree with the closed form, and flags of a two-node link are refused by name."""

from __future__ import annotations

import pytest

from qnetsim.cli import main
from qnetsim.hardware import get_platform
from qnetsim.link import MemoryPhotonLink
from tests.cli._helpers import cli_error as _error
from tests.cli._helpers import strict_json as _strict

ARGS = ["link", "--scheme", "memory-photon", "--platform", "rb_atom_lu2026", "--length-km", "20"]


def test_json_matches_the_api_and_monte_carlo_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        *ARGS,
        "--bases",
        "Z,X,Y",
        "--visibility-x",
        "0.98",
        "--mode",
        "both",
        "--pairs",
        "20000",
        "--json",
    ]
    assert main(argv) == 0
    data = _strict(capsys.readouterr().out)
    api = MemoryPhotonLink(
        get_platform("rb_atom_lu2026"), 20.0, bases=("Z", "X", "Y"), visibility_x=0.98
    )
    assert data["closed_form"]["rate_hz"] == pytest.approx(api.rate_hz, rel=1e-12)
    assert data["closed_form"]["fidelity"] == pytest.approx(api.fidelity, rel=1e-12)
    rows = data["results"]
    assert [r["method"] for r in rows] == [
        "closed form",
        "Monte Carlo (sampled, 20000 pairs)",
        "Monte Carlo (attempt, 20000 pairs)",
    ]
    for r in rows[1:]:  # 5 standard errors (see tests/link/test_memory_photon.py)
        assert abs(r["rate_hz"] - api.rate_hz) < 5 * r["rate_err_hz"]
        assert abs(r["fidelity"] - api.fidelity) < 5 * r["fidelity_err"]
    assert "fibre (20 km)" in data["loss_budget_db"]


def test_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "--pairs", "500", "--classical-length-km", "0"]) == 0
    out = capsys.readouterr().out
    assert "memory-photon link: rb_atom_lu2026, 20 km" in out and "memory waits 100 us" in out


def test_hardware_overrides(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "--pairs", "200", "--json", "--hw", "memory.t2_s=150e-6"]) == 0
    data = _strict(capsys.readouterr().out)
    assert data["closed_form"]["fidelity"] < 0.7  # the memory dephases during the 200 us wait


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--bases", "Z,Q"], "--bases = 'Z,Q' is invalid"),
        (["--visibility-z", "1.2"], "--visibility-z = 1.2 is invalid"),
        (["--alpha", "0.1"], "--alpha = 0.1 is invalid; valid: not given with --scheme"),
        (["--platform-b", "nv_delft"], "--platform-b"),
        (["--hw", "timing.wait_for_herald=false"], "wait_for_herald"),
    ],
)
def test_bad_flags_are_named(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert message in _error([*ARGS, *extra], capsys)


def test_negative_length_and_ensemble(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ["link", "--scheme", "memory-photon", "--platform", "rb_atom_lu2026", "--length-km", "-2"]
    assert "--length-km = -2.0 is invalid" in _error(bad, capsys)
    ens = [
        "link",
        "--scheme",
        "memory-photon",
        "--platform",
        "rb_ensemble_ustc",
        "--length-km",
        "2",
    ]
    assert "excitation_probability" in _error(ens, capsys)
