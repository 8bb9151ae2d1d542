"""``qnetsim run`` and ``qnetsim reproduce`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qnetsim.cli import main
from qnetsim.cli.run import parse_assignment
from qnetsim.experiments.reproduce import RECORD_KEYS

REPO = Path(__file__).resolve().parents[2]
IONS = str(REPO / "examples" / "experiments" / "liu2026_ions.toml")


def test_run_prints_a_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", IONS, "--quick"]) == 0
    out = capsys.readouterr().out
    assert "rate_hz" in out and "fidelity" in out and "note:" in out
    assert main(["run", IONS, "--quick", "--json", "--set", "links[0].length_km=50"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overrides"] == {"links[0].length_km": 50}
    assert {"value", "err", "unit", "method"} <= set(data["quantities"]["rate_hz"])


def test_run_flags_pairs_that_are_not_entangled(capsys: pytest.CaptureFixture[str]) -> None:
    """At 400 km the ion link's heralds are mostly noise: F <= 0.5 is flagged in the table
    and in JSON (issue 16, item 6); at 10 km the pair is entangled and unflagged."""
    far = ["run", IONS, "--quick", "--set", "links[0].length_km=400"]
    assert main(far) == 0
    out = capsys.readouterr().out.splitlines()
    lines = [x for x in out if x.lstrip().startswith("fidelity")]
    assert lines and all("not entangled (F <= 0.5)" in x for x in lines)
    assert main([*far, "--json"]) == 0
    q = json.loads(capsys.readouterr().out)["quantities"]["fidelity"]
    assert q["entangled"] is False and q["flag"] == "not entangled (F <= 0.5)"
    assert main(["run", IONS, "--quick", "--json"]) == 0
    q = json.loads(capsys.readouterr().out)["quantities"]["fidelity"]
    assert q["entangled"] is True and "flag" not in q


def test_run_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.png"
    assert main(["run", IONS, "--quick", "--plot", str(out)]) == 0
    assert out.stat().st_size > 10_000


def test_bad_scenario_exits_2_with_file_and_key_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(Path(IONS).read_text().replace("length_km = 10.0", "length_km = -10.0"))
    with pytest.raises(SystemExit) as info:
        main(["run", str(bad)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"{bad}: links[0].length_km: -10.0 is invalid; valid: >= 0" in err


def test_set_values_use_toml_syntax() -> None:
    assert parse_assignment("links[0].alpha=0.1") == ("links[0].alpha", 0.1)
    assert parse_assignment("run.mode=attempt") == ("run.mode", "attempt")
    assert parse_assignment("x = [1, 2]") == ("x", [1, 2])


def test_reproduce_quick_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reproduce", "--quick", "--json", "--plot-dir", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    assert records and all(tuple(r) == RECORD_KEYS for r in records)
    assert "figures:" in captured.err
    assert (tmp_path / "rate_fidelity_vs_distance.png").exists()


def test_reproduce_table_says_where_it_disagrees(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reproduce", IONS, "--quick", "--no-plots"]) == 0
    out = capsys.readouterr().out
    assert "DIFFERS" in out and "docs/experiments.md" in out


def test_reproduce_details_in_the_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reproduce", IONS, "--quick", "--no-plots", "--details"]) == 0
    assert "details:" in capsys.readouterr().out


def test_reproduce_says_when_there_is_no_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain.toml"
    text = Path(IONS).read_text()
    plain.write_text(text[: text.index("[[curves]]")] if "[[curves]]" in text else text)
    assert main(["reproduce", str(plain), "--quick", "--plot-dir", str(tmp_path / "f")]) == 0
    assert "figures: none" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["run", "reproduce", "sweep", "link", "plan", "demo"])
def test_every_command_has_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "xample" in capsys.readouterr().out


def test_run_uncertainty_bands_for_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    """``--uncertainty`` adds bands over the uncertain inputs (issue 13): closed forms for a
    link, the quick simulation for a star; too few draws is a named flag error."""
    link_file = str(REPO / "examples" / "scenarios" / "my_link.toml")
    assert main(["run", link_file, "--quick", "--uncertainty", "32", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["uncertainty"]
    assert out["method"] == "closed form" and out["draws"] == 32
    band = out["points"][0]["quantities"]["fidelity"]
    assert band["band_low"] <= band["median"] <= band["band_high"]
    assert abs(sum(band["sensitivity"].values()) - 1) < 1e-9
    star_file = str(REPO / "examples" / "experiments" / "liu2024_hefei.toml")
    assert main(["run", star_file, "--quick", "--uncertainty", "8"]) == 0
    text = capsys.readouterr().out
    assert "simulation (quick)" in text and "driven by" in text
    with pytest.raises(SystemExit) as info:
        main(["run", link_file, "--uncertainty", "3"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--uncertainty" in err and "Traceback" not in err


def test_run_plot_with_uncertainty_draws_the_curve_bands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --uncertainty, a scenario with [[curves]] also gets OUT_bands.png: its curve with
    the a priori bands (fast: the link's draws are evaluated at once)."""
    out = tmp_path / "ions.png"
    assert main(["run", IONS, "--quick", "--uncertainty", "16", "--plot", str(out)]) == 0
    text = capsys.readouterr().out
    bands = tmp_path / "ions_bands.png"
    assert f"figure: {bands}" in text
    assert bands.stat().st_size > 10_000
