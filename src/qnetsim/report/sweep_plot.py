"""The figure of ``qnetsim sweep FILE --plot OUT.png``: each quantity against the first axis,
one panel per quantity, one line per combination of the other axes, one-sigma error bars.
Axes in words with units (:mod:`qnetsim.report.labels`), log scales where the values span
decades, ``F = 0.5`` marked on fidelity panels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from qnetsim.report.entanglement import is_fidelity
from qnetsim.report.figure_style import log_if_spans, mark_entanglement_threshold, tidy_legend
from qnetsim.report.labels import parameter_label, quantity_label
from qnetsim.scenario.document import Scenario

__all__ = ["sweep_figure"]


def sweep_figure(
    scenario: Scenario, points: Sequence[Any], axes: Sequence[str], quantities: Sequence[str]
) -> Any:
    """A :class:`matplotlib.figure.Figure` of the sweep's ``points`` (objects with
    ``overrides`` and ``quantities`` like :class:`~qnetsim.sweep.sweep.SweepPoint`)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.5 * len(quantities), 4.5))
    FigureCanvasAgg(fig)
    x_name, others = axes[0], list(axes[1:])
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for p in points:
        groups.setdefault(tuple(p.overrides[n] for n in others), []).append(p)
    for i, q in enumerate(quantities):
        ax = fig.add_subplot(1, len(quantities), i + 1)
        shown: list[float] = []
        unit = ""
        for key, rows in groups.items():
            xs = [float(p.overrides[x_name]) for p in rows]
            ys = [p.quantities[q]["value"] for p in rows]
            ys = [math.nan if y is None else float(y) for y in ys]
            es = [float(p.quantities[q].get("err") or 0.0) for p in rows]
            unit = unit or str(rows[0].quantities[q].get("unit", ""))
            text = ", ".join(
                f"{parameter_label(n)} = {v}" for n, v in zip(others, key, strict=True)
            )
            ax.errorbar(xs, ys, yerr=es, marker="o", capsize=3, label=text)
            shown += ys
        ax.set_xlabel(parameter_label(x_name))
        ax.set_ylabel(quantity_label(q, unit))
        log_if_spans(ax, shown)
        if is_fidelity(q) and any(y <= 0.6 for y in shown if math.isfinite(y)):
            mark_entanglement_threshold(ax)
        tidy_legend(ax, fontsize=7)
    fig.suptitle(scenario.title, fontsize=10)
    return fig
