"""Figures with uncertainty bands (issue 13, item 5): a scenario's curve with its a priori
68% and 95% bands over the uncertain inputs, the calibrated curve where the scenario has a
calibration, and the published points with their error bars - held-out points filled,
calibration points open and labelled as such (they were fitted, not predicted).

One panel per quantity; a log axis where the values span decades; labels in words with
units (:mod:`qnetsim.report.labels`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from qnetsim.experiments.reproduce import Record
from qnetsim.report.figure_style import (
    log_if_spans,
    mark_entanglement_threshold,
    save_figure,
    tidy_legend,
)
from qnetsim.report.labels import parameter_label, quantity_label
from qnetsim.scenario.bands import ScenarioBands, scenario_bands
from qnetsim.scenario.calibrate import Calibration
from qnetsim.scenario.document import Scenario

__all__ = ["band_curves", "plot_band_curves", "reproduce_band_figures"]


def band_curves(
    scenario: Scenario,
    parameter: str,
    values: Sequence[float],
    quantities: Sequence[str],
    *,
    n: int = 64,
    seed: int = 0,
    calibration: Calibration | None = None,
) -> tuple[ScenarioBands, dict[str, list[float]] | None]:
    """The bands of ``quantities`` along ``parameter`` (a priori), and the calibrated
    curve (``None`` without a calibration)."""
    points = [{parameter: float(v)} for v in values]
    bands = scenario_bands(scenario, points, quantities, n=n, seed=seed)
    if calibration is None:
        return bands, None
    fitted: dict[str, list[float]] = {q: [] for q in quantities}
    for at in points:
        pred = calibration.predict(list(quantities), at, n=8)
        for q in quantities:
            fitted[q].append(pred[q].value)
    return bands, fitted


def _x(record: Record, parameter: str, scenario: Scenario) -> float | None:
    """Where a published point sits on the curve's axis: its own ``at`` value, else the
    file's value (a link's ``alpha`` left to its nodes: node A's emitter's)."""
    if parameter in record.at:
        return float(record.at[parameter])
    from qnetsim.scenario.uncertain import current_value

    value = current_value(scenario, parameter)
    if value is None and parameter.startswith("links[") and parameter.endswith(".alpha"):
        index = int(parameter[len("links[") : parameter.index("]")])
        node = scenario.doc["links"][index]["nodes"][0]
        value = current_value(scenario, f"nodes.{node}.emitter.alpha")
    return float(value) if isinstance(value, (int, float)) else None


def plot_band_curves(
    scenario: Scenario,
    parameter: str,
    values: Sequence[float],
    quantities: Sequence[str],
    path: str | Path,
    *,
    records: Sequence[Record] = (),
    n: int = 64,
    calibration: Calibration | None = None,
) -> Path:
    """Draw :func:`band_curves` and the published ``records`` of those quantities; returns
    the file written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bands, fitted = band_curves(
        scenario, parameter, values, quantities, n=n, calibration=calibration
    )
    x = np.asarray(values, dtype=float)
    fig, axes = plt.subplots(
        len(quantities), 1, figsize=(6.4, 3.2 * len(quantities)), sharex=True, squeeze=False
    )
    for ax, q in zip(axes[:, 0], quantities, strict=True):
        b = [p.bands[q] for p in bands.points]
        central = [p.central[q] for p in bands.points]
        ax.fill_between(
            x,
            [v.low95 for v in b],
            [v.high95 for v in b],
            color="C0",
            alpha=0.18,
            lw=0,
            label="a priori 95% band",
        )
        ax.fill_between(
            x,
            [v.low68 for v in b],
            [v.high68 for v in b],
            color="C0",
            alpha=0.35,
            lw=0,
            label="a priori 68% band",
        )
        ax.plot(x, central, color="C0", lw=1.5, label="preset values")
        shown = [*central, *(v.low95 for v in b), *(v.high95 for v in b)]
        if fitted is not None:
            ax.plot(x, fitted[q], color="C3", lw=1.5, ls="--", label="calibrated")
            shown += fitted[q]
        for r in records:
            if r.quantity != q:
                continue
            xr = _x(r, parameter, scenario)
            if xr is None or not math.isfinite(xr):
                continue
            held = r.role != "calibration"
            ax.errorbar(
                [xr],
                [r.published],
                yerr=[r.published_err] if r.published_err else None,
                fmt="o" if held else "s",
                color="k",
                mfc="k" if held else "none",
                ms=6,
                capsize=3,
                label="published (held out)" if held else "published (calibration point)",
            )
            shown.append(r.published)
        ax.set_ylabel(quantity_label(q))
        if q.startswith("fidelity"):
            mark_entanglement_threshold(ax)
        log_if_spans(ax, shown)
        tidy_legend(ax, fontsize=8)
    axes[-1, 0].set_xlabel(parameter_label(parameter))
    axes[0, 0].set_title(
        f"{scenario.title}\nbands over {len(bands.inputs)} uncertain inputs "
        f"({bands.samples.shape[0]} draws, {bands.method})",
        fontsize=9,
    )
    out = save_figure(fig, path)
    plt.close(fig)
    return out


def reproduce_band_figures(run: Any, directory: str | Path, n: int = 64) -> list[Path]:
    """For each scenario of a :class:`~qnetsim.experiments.reproduce.ReproduceRun` with a
    ``[[curves]]`` entry: ``<name>_bands.png``, its curve quantities (without the
    ``_closed_form`` suffix) with bands, the calibrated curve and the published points."""
    out: list[Path] = []
    for scn in run.scenarios:
        if not scn.doc["curves"]:
            continue
        curve = scn.doc["curves"][0]
        quantities = [q.removesuffix("_closed_form") for q in curve["quantities"]]
        records = [r for r in run.records if r.experiment == scn.name]
        out.append(
            plot_band_curves(
                scn,
                curve["parameter"],
                curve["values"],
                quantities,
                Path(directory) / f"{scn.name}_bands.png",
                records=records,
                n=n,
                calibration=run.calibrations.get(scn.name),
            )
        )
    return out
