"""``satellite.png`` of ``qnetsim reproduce`` (:mod:`qnetsim.report.reproduce_plots`)."""

from __future__ import annotations

from pathlib import Path

from qnetsim.experiments.reproduce import scenario_dir
from qnetsim.report.reproduce_plots import plot_reproduce
from qnetsim.scenario.loader import load_scenario, with_overrides

MICIUS = "yin2017_micius.toml"


def test_satellite_figure_is_written(tmp_path: Path) -> None:
    scn = load_scenario(scenario_dir() / MICIUS)
    paths = plot_reproduce([scn], [], tmp_path)
    assert [p.name for p in paths] == ["satellite.png"]
    assert paths[0].is_file()
    assert paths[0].stat().st_size > 10_000


def test_satellite_figure_without_published_bands(tmp_path: Path) -> None:
    scn = load_scenario(scenario_dir() / MICIUS)
    bare = with_overrides(scn, {"published": []})
    paths = plot_reproduce([bare], [], tmp_path)
    assert [p.name for p in paths] == ["satellite.png"]
    assert paths[0].stat().st_size > 10_000


def test_no_satellite_scenario_no_satellite_figure(tmp_path: Path) -> None:
    scn = load_scenario(scenario_dir() / "thomas2024_qd_memory.toml")
    assert "satellite.png" not in {p.name for p in plot_reproduce([scn], [], tmp_path)}
