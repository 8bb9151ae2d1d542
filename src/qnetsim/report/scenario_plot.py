"""The figure of ``qnetsim run FILE --plot OUT.png``.

A scenario with ``[[curves]]`` gets one panel per curve quantity (closed form versus the
swept parameter, the evaluated point marked); otherwise the simulated quantities are drawn
as bars with their one-sigma error bars, grouped by unit.
"""

from __future__ import annotations

import math
from pathlib import Path

from qnetsim.scenario.runner import ScenarioResult, closed_form

__all__ = ["plot_scenario"]


def plot_scenario(result: ScenarioResult, path: str | Path) -> Path:
    """Draw ``result`` (and its scenario's curves) into ``path``; returns the path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scn = result.scenario
    curves = list(scn.doc["curves"])
    panels = [(c, q) for c in curves for q in c["quantities"]]
    if panels:
        fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels), 4.5), squeeze=False)
        for ax, (curve, q) in zip(axes[0], panels, strict=True):
            ys = [
                closed_form(scn, {curve["parameter"]: x}).get(q, math.nan) for x in curve["values"]
            ]
            ax.plot(curve["values"], ys, label=curve["label"] or scn.title)
            positive = [y for y in ys if y > 0]
            if positive and max(positive) / min(positive) > 100:
                ax.set_yscale("log")
            ax.set_xlabel(curve["parameter"])
            ax.set_ylabel(q)
            ax.legend(fontsize=7)
    else:
        items = [(k, e) for k, e in result.quantities.items() if math.isfinite(e.value)]
        fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(items)), 4.5))
        ax.bar(
            range(len(items)),
            [e.value for _, e in items],
            yerr=[e.err for _, e in items],
            capsize=3,
        )
        ax.set_xticks(range(len(items)), [k for k, _ in items], rotation=60, ha="right", fontsize=7)
        values = [abs(e.value) for _, e in items if e.value]
        if values and max(values) / min(values) > 100:
            ax.set_yscale("log")
    fig.suptitle(scn.title, fontsize=10)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out
