"""Band figures (issue 13, item 5): bands, calibrated curve, published points with error
bars, calibration points marked apart from held-out ones, labels in words."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from qnetsim.experiments.reproduce import reproduce, scenario_dir
from qnetsim.report import band_plot

STOLK = scenario_dir() / "stolk2024_nv.toml"


def test_band_figure_marks_roles_and_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = reproduce([STOLK], quick=True)
    # mark the rate as a calibration point to see both markers on one figure
    records = [
        r if r.quantity != "rate_hz" else type(r)(**{**r.__dict__, "role": "calibration"})
        for r in run.records
    ]
    figures: list[plt.Figure] = []
    monkeypatch.setattr(
        band_plot, "save_figure", lambda fig, path: figures.append(fig) or Path(path)
    )
    monkeypatch.setattr(plt, "close", lambda fig=None: None)
    scn = run.scenarios[0]
    band_plot.plot_band_curves(
        scn,
        "links[0].alpha",
        [0.1, 0.25, 0.4],
        ["rate_hz", "fidelity"],
        tmp_path / "b.png",
        records=records,
        n=8,
        calibration=run.calibrations[scn.name],
    )
    (fig,) = figures
    rate_ax, fid_ax = fig.axes
    assert rate_ax.get_ylabel() == "entangled-pair rate (Hz)"
    assert fid_ax.get_xlabel() == "bright-state population α"
    assert rate_ax.get_yscale() == "log"
    labels = {t.get_text() for ax in fig.axes for t in ax.get_legend().get_texts()}
    assert {"a priori 95% band", "calibrated", "published (held out)"} <= labels
    assert "published (calibration point)" in labels


def test_reproduce_band_figures_write_files(tmp_path: Path) -> None:
    run = reproduce([STOLK], quick=True)
    (path,) = band_plot.reproduce_band_figures(run, tmp_path, n=8)
    assert path.name == "stolk2024_nv_bands.png" and path.stat().st_size > 10_000
