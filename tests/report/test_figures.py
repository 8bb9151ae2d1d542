"""Every figure the CLI makes, checked as a reader of a talk would: axes labelled in words
with units (never a key path), a log axis where the values span more than a decade, a legend
that lists only what is drawn, the entanglement threshold named on fidelity axes that reach
it, targets and published points drawn.

Figures: ``run --plot`` (curves, and bars for a scenario without curves),
``reproduce`` (all four files), ``plan --plot`` and the sweep figure.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import qnetsim.cli.plan as plan_cli
from qnetsim.cli import main
from qnetsim.experiments.reproduce import Record, scenario_dir, scenario_files
from qnetsim.network.chains.designs import Design, DesignEvaluation, PlanTarget
from qnetsim.report.figure_style import spans_decades
from qnetsim.report.reproduce_plots import reproduce_figures
from qnetsim.report.scenario_plot import scenario_figure
from qnetsim.report.sweep_plot import sweep_figure
from qnetsim.scenario.loader import load_scenario
from qnetsim.scenario.result import Estimate, ScenarioResult
from qnetsim.scenario.runner import run_scenario
from qnetsim.sweep import SweepPoint

REPO = Path(__file__).resolve().parents[2]
MY_LINK = REPO / "examples" / "scenarios" / "my_link.toml"
IONS = scenario_dir() / "liu2026_ions.toml"


def _published_records() -> list[Record]:
    """Every shipped ``[[published]]`` entry as a record (the figures draw the published
    side only; the simulated side is not needed)."""
    out = []
    for path in scenario_files():
        scn = load_scenario(path)
        for e in scn.doc["published"]:
            out.append(
                Record(scn.name, e["quantity"], e["unit"], math.nan, 0.0, e["value"], e["error"],
                       e["source"], dict(e["at"]), e["bound"])
            )  # fmt: skip
    return out


def _values(ax: Any, axis: str) -> list[float]:
    """The data of every line, error bar and bar on ``ax`` along ``axis``."""
    out: list[float] = []
    for line in ax.get_lines():
        data = line.get_ydata() if axis == "y" else line.get_xdata()
        out += [float(v) for v in np.asarray(data, dtype=float).ravel()]
    for patch in ax.patches:
        if hasattr(patch, "get_width"):
            out.append(float(patch.get_height() if axis == "y" else patch.get_width()))
    return [v for v in out if math.isfinite(v)]


def check_axes(ax: Any, where: str, categorical_y: bool = False) -> None:
    y = ax.get_ylabel()
    # a panel sharing its x axis with the one below it is labelled there
    x = next(
        (a.get_xlabel() for a in ax.get_shared_x_axes().get_siblings(ax) if a.get_xlabel()), ""
    )
    assert x, f"{where}: no x label"
    assert y or categorical_y, f"{where}: no y label"
    for label in (x, y):
        assert "[" not in label and "." not in label.split("(")[0], f"{where}: key path {label!r}"
        assert "_" not in label, f"{where}: not in words: {label!r}"
    if not categorical_y:
        values = [v for v in _values(ax, "y") if v > 0]
        if spans_decades(values, decades=2.0):
            assert ax.get_yscale() == "log", f"{where}: {y} spans decades on a linear axis"
    legend = ax.get_legend()
    if legend is not None:
        drawn = {
            a.get_label()
            for a in [*ax.get_lines(), *ax.collections, *ax.containers, *ax.patches]
            if not a.get_label().startswith("_")
        }
        for text in legend.get_texts():
            assert text.get_text() in drawn, f"{where}: legend entry {text.get_text()!r} not drawn"
        assert len({t.get_text() for t in legend.get_texts()}) == len(legend.get_texts())


def check_figure(fig: Any, name: str, categorical_y: bool = False) -> None:
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert axes, name
    for i, ax in enumerate(axes):
        check_axes(ax, f"{name} panel {i}", categorical_y)


def _legend_texts(fig: Any) -> list[str]:
    return [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]


def test_run_plot_with_curves_has_words_units_log_and_published_points() -> None:
    result = run_scenario(load_scenario(IONS), quick=True)
    fig = scenario_figure(result)
    check_figure(fig, "run --plot liu2026_ions")
    rate, fidelity = fig.axes
    assert rate.get_xlabel() == "fibre length (km)" and rate.get_ylabel().endswith("(Hz)")
    assert rate.get_yscale() == "log" and fidelity.get_yscale() == "linear"
    texts = _legend_texts(fig)
    assert "published (one-sigma error bar)" in texts and "published lower bound" in texts


def test_run_plot_without_curves_one_quantity_per_panel() -> None:
    scn = load_scenario(MY_LINK)
    q = {
        "rate_hz_closed_form": Estimate(0.47, 0.0, "Hz"),
        "rate_hz": Estimate(0.46, 0.01, "Hz", "Monte Carlo"),
        "fidelity_closed_form": Estimate(0.42, 0.0),
        "fidelity": Estimate(0.41, 0.002, "", "Monte Carlo"),
        "loss_db[fibre arm A]": Estimate(11.5, 0.0, "dB"),
        "loss_db[detector]": Estimate(0.45, 0.0, "dB"),
        "qber": Estimate(0.08, 0.01),
    }
    result = ScenarioResult(scn, {}, q)
    bare = ScenarioResult(type(scn)(scn.raw, {**scn.doc, "curves": []}, scn.source), {}, q)
    fig = scenario_figure(bare)
    check_figure(fig, "run --plot (bars)", categorical_y=True)
    labels = [ax.get_xlabel() for ax in fig.axes]
    assert labels == [
        "entangled-pair rate (Hz)",
        "delivered fidelity to Φ+",
        "quantum bit error rate",
        "loss (dB)",
    ]
    assert fig.axes[3].get_xscale() == "log"  # 0.45 to 11.5 dB: more than a decade
    assert any("not entangled" in t.get_text() for t in fig.axes[1].texts)
    assert result.quantities  # the same quantities with curves draw curves instead
    assert [ax.get_xlabel() for ax in scenario_figure(result).axes] == ["fibre length (km)"] * 2


def test_reproduce_figures_all_four_checked() -> None:
    scenarios = [load_scenario(p) for p in scenario_files()]
    figures = reproduce_figures(scenarios, _published_records())
    assert set(figures) == {
        "rate_fidelity_vs_distance.png",
        "key_rate_vs_distance.png",
        "storage.png",
        "satellite.png",
    }
    for name, fig in figures.items():
        check_figure(fig, name)
    storage = figures["storage.png"]
    assert [ax.get_ylabel() for ax in storage.axes] == [
        "memory efficiency",
        "signal-to-noise ratio",
    ]
    assert any("F = 0.5" in t for t in _legend_texts(figures["rate_fidelity_vs_distance.png"]))
    markers = [c for c in figures["rate_fidelity_vs_distance.png"].axes[1].containers]
    assert markers, "published fidelities are drawn with their error bars"


def test_plan_figure_marks_the_target_and_unentangled_points(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import qnetsim.apps.capacity_plot as capacity_plot

    figures = []
    original = capacity_plot.plot_rate_vs_distance

    def keep(*args: Any, **kwargs: Any) -> Any:
        figures.append(original(*args, **kwargs))
        return figures[-1]

    monkeypatch.setattr(capacity_plot, "plot_rate_vs_distance", keep)
    target = PlanTarget(100.0, 0.01, 0.6)
    weak = DesignEvaluation(Design(1), 0.5, 0.01, 0.45, 0.01, target)  # F <= 0.5
    monkeypatch.setattr(plan_cli, "evaluate_design", lambda *a, **k: weak)
    argv = [
        "plan", "--platform", "rb_atom_lu2026", "--distance-km", "100", "--rate-hz", "0.01",
        "--fidelity", "0.6", "--samples", "20", "--top", "1", "--plot", str(tmp_path / "p.png"),
    ]  # fmt: skip
    assert main(argv) == 0
    capsys.readouterr()
    (fig,) = figures
    check_figure(fig, "plan --plot")
    texts = _legend_texts(fig)
    assert any(t.startswith("target: ") and t.endswith("at 100 km") for t in texts)
    assert "not entangled (F <= 0.5)" in texts
    assert fig.axes[0].get_yscale() == "log"


def test_sweep_figure_labels_in_words() -> None:
    scn = load_scenario(MY_LINK)
    points = [
        SweepPoint(
            str(i),
            {"links[0].length_km": d, "links[0].alpha": a},
            {
                "rate_hz": {"value": 10.0 ** (-d / 20), "err": 0.0, "unit": "Hz"},
                "fidelity": {"value": 0.9 - d / 300, "err": 0.01, "unit": ""},
            },
        )
        for i, (d, a) in enumerate([(10, 0.02), (50, 0.02), (100, 0.02), (10, 0.05), (100, 0.05)])
    ]
    fig = sweep_figure(
        scn, points, ["links[0].length_km", "links[0].alpha"], ["rate_hz", "fidelity"]
    )
    check_figure(fig, "sweep --plot")
    assert fig.axes[0].get_yscale() == "log"
    assert "bright-state population α = 0.02" in _legend_texts(fig)
