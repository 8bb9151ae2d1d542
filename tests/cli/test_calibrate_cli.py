"""``qnetsim calibrate`` (issue 13, item 3): fit, predict, JSON, named errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qnetsim.cli import main

REPO = Path(__file__).resolve().parents[2]
STOLK = str(REPO / "examples" / "experiments" / "stolk2024_nv.toml")
DATA = str(REPO / "examples" / "data" / "stolk2024_nv.csv")
FREE = "nodes.A.emitter.emission_efficiency"


def test_calibrate_and_predict(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["calibrate", STOLK, "--data", DATA, "--free", FREE]
    assert main([*argv, "--predict", "links[0].alpha=0.1", "--draws", "16"]) == 0
    out = capsys.readouterr().out
    assert "nodes.A+B.emitter.emission_efficiency = " in out
    assert "leaves its plausible range" in out and "prediction at links[0].alpha = 0.1" in out
    assert main([*argv, "--predict", "links[0].alpha=0.1", "--quantity", "rate_hz", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["free"][0]["value"] == pytest.approx(1.51e-4, rel=0.02)
    assert data["dof"] == 0 and data["points"][0]["fitted"] == pytest.approx(7.2e-6, rel=1e-6)
    q = data["predictions"][0]["quantities"]["rate_hz"]
    assert q["band_low"] <= q["value"] <= q["band_high"]


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        (["--free", "links[0].lenght_km"], "lenght_km"),
        (["--free", "scenario.name"], "not a number"),
        (["--free", FREE, "--predict", "links[0].length_km=-1"], "length_km"),
        (["--free", FREE, "--draws", "2"], "--draws"),
    ],
)
def test_bad_input_is_a_named_error(
    extra: list[str], match: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["calibrate", STOLK, "--data", DATA, *extra])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert match in err and "Traceback" not in err


def test_missing_data_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["calibrate", STOLK, "--data", str(tmp_path / "none.csv"), "--free", FREE])
    assert "no such file" in capsys.readouterr().err
