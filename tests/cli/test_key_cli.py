"""``qnetsim key`` (src/qnetsim/cli/key.py), with a parser built here (main.py registers it)."""

from __future__ import annotations

import argparse

import pytest

from qnetsim.cli import key
from qnetsim.errors import QnetsimValueError
from tests.cli._helpers import strict_json


def _run(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command", required=True)
    key.add_parser(sub)
    args = p.parse_args(["key", *argv])
    return int(args.func(args))


def test_issue_example_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["diqkd", "--chsh", "2.612", "--qber", "0.038", "--rounds", "1.2e6",
            "--method", "renyi", "--eps-sound", "1e-10", "--json"]
    assert _run(argv) == 0
    out = strict_json(capsys.readouterr().out)
    for k in ("key_bits_per_round", "key_length_bits", "asymptotic_bits_per_round", "method",
              "parameters", "security"):
        assert k in out
    assert out["method"] == "renyi" and out["key_bits_per_round"] > 0
    assert {"gamma", "alpha", "p_t", "flip_probability"} <= set(out["parameters"])
    assert out["security"]["eps_sound"] == 1e-10


def test_no_key_is_json_clean_with_reason(capsys: pytest.CaptureFixture[str]) -> None:
    # NaN parameters (nothing optimised) must come out as JSON null, not NaN.
    assert _run(["diqkd", "--chsh", "1.9", "--qber", "0.01", "--rounds", "1e6", "--json"]) == 0
    out = strict_json(capsys.readouterr().out)
    assert out["key_bits_per_round"] == 0 and out["reason"].startswith("S <= 2")


def test_text_output_every_protocol(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["diqkd", "--chsh", "2.7", "--qber", "0.02", "--rounds", "1e8",
                 "--eps-sound", "1e-12", "--rate-hz", "2", "--method", "df2019"]) == 0
    text = capsys.readouterr().out
    assert "method df2019" in text and "bit/s" in text and "assumptions" in text
    assert _run(["bb84", "--qber", "0.02", "--rounds", "1e7"]) == 0
    assert "bb84 key, method finite" in capsys.readouterr().out
    assert _run(["decoy", "--length-km", "30", "--rounds", "1e11", "--method", "asymptotic"]) == 0
    assert "per pulse" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["diqkd", "--chsh", "2.9", "--qber", "0.02", "--rounds", "1e6"], "--chsh"),
        (["diqkd", "--chsh", "-3", "--qber", "0.02", "--rounds", "1e6"], "--chsh"),
        (["diqkd", "--chsh", "2.7", "--qber", "0.7", "--rounds", "1e6"], "--qber"),
        (["diqkd", "--chsh", "2.7", "--qber", "0.02", "--rounds", "0"], "--rounds"),
        (["diqkd", "--chsh", "2.7", "--qber", "0.02", "--rounds", "1e6", "--eps-sound", "1"],
         "--eps-sound"),
        (["diqkd", "--chsh", "2.7", "--qber", "0.02", "--rounds", "1e6", "--eps-sound", "0"],
         "--eps-sound"),
        (["diqkd", "--chsh", "2.7", "--qber", "0.02", "--rounds", "1e6", "--method", "new"],
         "--method"),
        (["diqkd", "--qber", "0.02", "--rounds", "1e6"], "--chsh"),
        (["diqkd", "--chsh", "2.7", "--qber", "0.02", "--rounds", "1e6", "--rate-hz", "-1"],
         "--rate-hz"),
        (["decoy", "--rounds", "1e6"], "--length-km"),
        (["qkd", "--rounds", "1e6"], "protocol"),
    ],
)
def test_bad_input_names_the_flag(argv: list[str], flag: str) -> None:
    with pytest.raises(QnetsimValueError) as info:
        _run(argv)
    assert str(info.value).startswith(f"{flag} = ")


def test_platform_mode_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["diqkd", "--platform", "ca_ion_ustc", "--length-km", "5",
                 "--hours", "624,1e4", "--json"]) == 0
    out = strict_json(capsys.readouterr().out)
    (row,) = out["rows"]
    assert row["distance_km"] == 5.0 and 2.0 < row["chsh"] <= 2 * 2**0.5
    assert 0 <= row["finite_bits_per_s"]["624 h"] <= row["finite_bits_per_s"]["10000 h"]
    assert row["finite_bits_per_s"]["10000 h"] <= row["asymptotic_bits_per_s"]
    assert row["asymptotic_bits_per_s"] < row["plob_bits_per_s"]


def test_platform_mode_bbm92(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    # bb84 with --platform: entanglement-based BB84 (BBM92) on the link's delivered pairs.
    assert _run(["bb84", "--platform", "ca_ion_ustc", "--length-km", "5",
                 "--hours", "24,1e4", "--json"]) == 0
    out = strict_json(capsys.readouterr().out)
    (row,) = out["rows"]
    assert out["protocol"] == "bbm92" and out["method"] == "tomamichel2012"
    assert 0.0 <= row["qber_key"] <= row["qber_test"] <= 0.5
    assert 0 < row["finite_bits_per_s"]["24 h"] <= row["finite_bits_per_s"]["10000 h"]
    assert row["finite_bits_per_s"]["10000 h"] <= row["asymptotic_bits_per_s"]
    path = tmp_path / "bbm92.png"
    assert _run(["bb84", "--platform", "ca_ion_ustc", "--hours", "24",
                 "--plot", str(path), "--distances", "1:30:3"]) == 0
    assert path.stat().st_size > 0 and "BBM92 key" in capsys.readouterr().out


def test_platform_mode_figure(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "key.png"
    assert _run(["diqkd", "--platform", "ca_ion_ustc", "--hours", "100,1e4",
                 "--plot", str(path), "--distances", "1:40:4"]) == 0
    assert path.stat().st_size > 0 and "figure:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["diqkd", "--platform", "nope", "--hours", "1"], "--platform"),
        (["diqkd", "--platform", "ca_ion_ustc"], "--hours"),
        (["diqkd", "--platform", "ca_ion_ustc", "--hours", "-1"], "--hours"),
        (["diqkd", "--platform", "ca_ion_ustc", "--hours", "1", "--chsh", "2.5"], "--platform"),
        (["decoy", "--platform", "ca_ion_ustc", "--hours", "1"], "--platform"),
        (["bb84", "--platform", "ca_ion_ustc", "--hours", "1", "--method", "asymptotic"],
         "--method"),
        (["bb84", "--platform", "ca_ion_ustc", "--hours", "1", "--p-z", "0.5"], "--p-z"),
        (["bb84", "--platform", "ca_ion_ustc", "--hours", "1", "--eps-complete", "0.6"],
         "--eps-complete"),
        (["diqkd", "--platform", "ca_ion_ustc", "--hours", "1", "--plot", "k.png",
          "--distances", "5:1:3"], "--distances"),
        (["diqkd", "--chsh", "2.7", "--qber", "0.01", "--rounds", "1e6", "--plot", "k.png"],
         "--plot"),
        (["diqkd", "--chsh", "2.7", "--qber", "0.01"], "--rounds"),
    ],
)
def test_platform_mode_bad_input(argv: list[str], flag: str) -> None:
    with pytest.raises(QnetsimValueError) as info:
        _run(argv)
    assert str(info.value).startswith(f"{flag} = ")
