"""The figure of ``qnetsim run FILE --plot OUT.png`` (and of ``run --html``).

A scenario with ``[[curves]]`` gets one panel per curve quantity: the closed form versus the
swept parameter, the evaluated point marked, and the scenario's ``[[published]]`` values of
that quantity (measured at a point on the curve) drawn with their error bars (a bound as a
triangle). Without curves, each headline quantity gets its own panel of bars, one bar per
method, with its one-sigma error bar. Axes are labelled in words with units
(:mod:`qnetsim.report.labels`), on a log scale where the values span more than a decade;
fidelity axes mark ``F = 0.5``, at or below which a pair is not entangled
(:mod:`qnetsim.report.entanglement`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from qnetsim.report.entanglement import NOT_ENTANGLED, is_entangled, is_fidelity
from qnetsim.report.figure_style import (
    log_if_spans,
    mark_entanglement_threshold,
    save_figure,
    tidy_legend,
)
from qnetsim.report.labels import base_quantity, method_of, parameter_label, quantity_label
from qnetsim.scenario.loader import parse_key_path
from qnetsim.scenario.runner import Estimate, ScenarioResult, closed_form

__all__ = ["HEADLINE", "plot_scenario", "scenario_figure"]

#: Quantities drawn (in this order) by a scenario without curves, one panel each.
HEADLINE = (
    "rate_hz",
    "fidelity",
    "key_rate_bits_per_s",
    "key_rate_asymptotic_bits_per_s",
    "qber",
    "chsh_s",
    "memory_efficiency",
    "snr",
    "loss_db",
)
_MAX_PANELS = 6


def _value_at(doc: Mapping[str, Any], path: str) -> float | None:
    node: Any = doc
    for part in parse_key_path(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return float(node) if isinstance(node, int | float) else None


def _published_points(
    result: ScenarioResult, parameter: str, quantity: str
) -> list[tuple[float, dict[str, Any]]]:
    """``(x, entry)`` of the published values of ``quantity`` measured on this curve."""
    scn = result.scenario
    here = _value_at(scn.doc, parameter)
    out = []
    for entry in scn.doc["published"]:
        if base_quantity(entry["quantity"]) != base_quantity(quantity):
            continue
        if set(entry["at"]) - {parameter}:
            continue  # measured with another parameter changed: not on this curve
        x = entry["at"].get(parameter, here)
        if x is not None:
            out.append((float(x), entry))
    return out


def _curve_panel(ax: Any, result: ScenarioResult, curve: Mapping[str, Any], q: str) -> None:
    scn = result.scenario
    xs = [float(x) for x in curve["values"]]
    ys = [closed_form(scn, {curve["parameter"]: x}).get(q, math.nan) for x in xs]
    est = result.quantities.get(q)
    ax.plot(xs, ys, color="tab:blue", lw=2, label=f"{curve['label'] or 'qnetsim'} (closed form)")
    here = _value_at(scn.doc, curve["parameter"])
    shown = list(ys)
    if est is not None and here is not None and math.isfinite(est.value):
        ax.plot([here], [est.value], "s", color="tab:blue", mec="black", label="this run")
        shown.append(est.value)
    for x, entry in _published_points(result, curve["parameter"], q):
        marker = {"lower": "^", "upper": "v"}.get(entry["bound"], "o")
        kind = {"lower": "published lower bound", "upper": "published upper bound"}
        ax.errorbar(
            [x],
            [entry["value"]],
            yerr=[entry["error"]] if entry["error"] else None,
            fmt=marker,
            color="tab:orange",
            mec="black",
            ms=7,
            capsize=3,
            zorder=5,
            label=kind.get(entry["bound"], "published (one-sigma error bar)"),
        )
        shown.append(entry["value"])
    ax.set_xlabel(parameter_label(curve["parameter"]))
    ax.set_ylabel(quantity_label(q, est.unit if est else ""))
    if not curve["parameter"].endswith("_km"):  # fibre loss is exponential in length: linear
        log_if_spans(ax, xs, axis="x")
    log_if_spans(ax, shown)
    if is_fidelity(q) and any(is_entangled(y) is False or y < 0.6 for y in shown):
        mark_entanglement_threshold(ax)
    tidy_legend(ax, fontsize=7)


def _families(quantities: Mapping[str, Estimate]) -> list[tuple[str, list[str]]]:
    """Quantities grouped by what they measure (methods and elements together)."""
    groups: dict[str, list[str]] = {}
    for name, est in quantities.items():
        if math.isfinite(est.value):
            groups.setdefault(base_quantity(name), []).append(name)
    chosen = [b for b in HEADLINE if b in groups] or list(groups)
    return [(b, groups[b]) for b in chosen[:_MAX_PANELS]]


def _bar_panel(ax: Any, base: str, names: list[str], quantities: Mapping[str, Estimate]) -> None:
    ests = [quantities[n] for n in names]
    labels = [n[n.index("[") + 1 : -1] if "[" in n else method_of(n) for n in names]
    values = [e.value for e in ests]
    ax.barh(
        range(len(names)),
        values,
        xerr=[e.err for e in ests],
        capsize=3,
        color=[
            "tab:red" if is_fidelity(n) and v <= 0.5 else "tab:blue"
            for n, v in zip(names, values, strict=True)
        ],
    )
    ax.set_yticks(range(len(names)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(quantity_label(base, ests[0].unit))
    log_if_spans(ax, values, axis="x")
    if is_fidelity(base):
        ax.axvline(0.5, color="dimgrey", ls=":", lw=1.0, label="F = 0.5: not entangled at or below")
        ax.set_xlim(0.0, 1.0)
        for i, v in enumerate(values):
            if v <= 0.5:
                ax.text(0.52, i, NOT_ENTANGLED, va="center", color="tab:red", fontsize=8)
        tidy_legend(ax, fontsize=7)


def scenario_figure(result: ScenarioResult) -> Any:
    """The figure of ``result`` (a :class:`matplotlib.figure.Figure`, not shown or saved)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scn = result.scenario
    panels = [(c, q) for c in scn.doc["curves"] for q in c["quantities"]]
    if panels:
        n = len(panels)
        fig = Figure(figsize=(5.5 * min(n, 3), 4.5 * math.ceil(n / 3)))
        for i, (curve, q) in enumerate(panels):
            _curve_panel(fig.add_subplot(math.ceil(n / 3), min(n, 3), i + 1), result, curve, q)
    else:
        families = _families(result.quantities)
        n = max(1, len(families))
        fig = Figure(figsize=(5.0 * min(n, 3), 3.6 * math.ceil(n / 3)))
        for i, (base, names) in enumerate(families):
            ax = fig.add_subplot(math.ceil(n / 3), min(n, 3), i + 1)
            _bar_panel(ax, base, names, result.quantities)
    FigureCanvasAgg(fig)
    fig.suptitle(scn.title, fontsize=10)
    return fig


def plot_scenario(result: ScenarioResult, path: str | Path) -> Path:
    """Draw ``result`` (and its scenario's curves) into ``path``; returns the path."""
    return save_figure(scenario_figure(result), path)
