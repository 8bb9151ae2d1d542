"""Input and output paths, strict JSON and help texts of ``run``, ``sweep`` and
``reproduce``: bad paths are refused before anything runs, with the flag in the message."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

import qnetsim.cli.reproduce as reproduce_cli
import qnetsim.cli.run as run_cli
import qnetsim.cli.sweep as sweep_cli
from qnetsim.cli import main
from qnetsim.cli._common import to_json
from tests.cli._helpers import cli_error as _error

REPO = Path(__file__).resolve().parents[2]
IONS = str(REPO / "examples" / "experiments" / "liu2026_ions.toml")


@pytest.fixture
def nothing_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a simulation starts."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the simulation ran before the output path was checked")

    monkeypatch.setattr(run_cli, "run_scenario", refuse)
    monkeypatch.setattr(sweep_cli, "run_sweep", refuse)
    monkeypatch.setattr(reproduce_cli, "reproduce", refuse)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["run", IONS, "--plot", "/dev/null/x.png"], "--plot = '/dev/null/x.png' is invalid"),
        (["run", IONS, "--plot", "x.xyz"], "unsupported figure format '.xyz'"),
        (["reproduce", "--plot-dir", "/dev/null/x"], "--plot-dir = '/dev/null/x' is invalid"),
        (
            ["sweep", IONS, "--axis", "links[0].length_km=5", "--out", "/dev/null/x.jsonl"],
            "--out = '/dev/null/x.jsonl' is invalid",
        ),
        (
            ["sweep", IONS, "--axis", "links[0].length_km=5", "--plot", "s.xyz"],
            "--plot = 's.xyz' is invalid",
        ),
    ],
)
def test_unwritable_outputs_are_refused_before_running(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str], nothing_runs: None
) -> None:
    assert expected in _error(argv, capsys)


def test_plot_into_a_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nothing_runs: None
) -> None:
    err = _error(["run", IONS, "--plot", str(tmp_path)], capsys)
    assert "--plot" in err and "directory" in err
    assert not Path(f"{tmp_path}.png").exists()


def test_sweep_out_in_a_missing_directory_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nothing_runs: None
) -> None:
    out = tmp_path / "nonexistent" / "dir" / "s.jsonl"
    err = _error(["sweep", IONS, "--axis", "links[0].length_km=5", "--out", str(out)], capsys)
    assert f"--out = '{out}' is invalid" in err and "does not exist" in err
    assert not (tmp_path / "nonexistent").exists()


def test_reproduce_plot_dir_needs_an_existing_parent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nothing_runs: None
) -> None:
    err = _error(["reproduce", "--plot-dir", str(tmp_path / "a" / "b")], capsys)
    assert "--plot-dir" in err and "does not exist" in err
    assert not (tmp_path / "a").exists()


def test_sweep_axis_given_twice_is_refused(
    capsys: pytest.CaptureFixture[str], nothing_runs: None
) -> None:
    argv = ["sweep", IONS, "--axis", "links[0].length_km=5,10", "--axis", "links[0].length_km=20"]
    err = _error(argv, capsys)
    assert "--axis = 'links[0].length_km=20' is invalid" in err and "already an axis" in err


def test_run_a_directory_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(["run", str(tmp_path)], capsys)
    assert f"{tmp_path}: is a directory" in err and "no such file" not in err
    err = _error(["sweep", str(tmp_path), "--axis", "a=1"], capsys)
    assert "is a directory" in err
    err = _error(["run", str(tmp_path / "missing.toml")], capsys)
    assert "no such file" in err


def test_run_json_is_strict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Result:
        def as_dict(self) -> dict[str, Any]:
            return {"quantities": {"rate_hz": {"value": math.inf, "err": math.nan}}}

    monkeypatch.setattr(run_cli, "run_scenario", lambda *a, **k: Result())
    assert main(["run", IONS, "--json"]) == 0
    text = capsys.readouterr().out
    assert "Infinity" not in text and "NaN" not in text
    assert json.loads(text)["quantities"]["rate_hz"] == {"value": None, "err": None}


def test_to_json_converts_numpy_and_non_finite_values() -> None:
    import numpy as np

    data = {"a": np.float64(np.inf), "b": np.arange(2), "c": (np.bool_(True), -math.inf)}
    assert json.loads(to_json(data)) == {"a": None, "b": [0, 1], "c": [True, None]}


def test_run_plot_without_extension_prints_the_real_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", IONS, "--quick", "--plot", str(tmp_path / "noext2")]) == 0
    out = capsys.readouterr().out
    assert f"figure: {tmp_path / 'noext2.png'}" in out
    assert (tmp_path / "noext2.png").exists() and not (tmp_path / "noext2").exists()


@pytest.mark.parametrize("module", [run_cli, sweep_cli, reproduce_cli])
def test_help_examples_use_files_that_exist(module: Any) -> None:
    paths = re.findall(r"\bexamples/[\w/]+\.toml", module.EXAMPLE)
    assert paths
    for path in paths:
        assert (REPO / path).is_file(), path
