"""What every qnetsim figure does the same way: a legend only for what is drawn, a log axis
where the values span decades, the entanglement threshold marked on fidelity axes, and the
figure as a PNG file or as inline SVG text for the HTML report.

Examples:
    >>> spans_decades([0.01, 1.0, 5.0]), spans_decades([0.2, 0.9]), spans_decades([0.0, 1.0])
    (True, False, False)
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from qnetsim.report.entanglement import NOT_ENTANGLED, THRESHOLD

__all__ = [
    "figure_svg",
    "log_if_spans",
    "mark_entanglement_threshold",
    "save_figure",
    "spans_decades",
    "tidy_legend",
]


def spans_decades(values: Iterable[float], decades: float = 1.0) -> bool:
    """Whether the positive finite values span more than ``decades`` powers of ten (a
    value at or below zero cannot go on a log axis: then ``False``)."""
    v = np.asarray([x for x in values if x is not None and math.isfinite(x)], dtype=float)
    if v.size < 2 or np.any(v <= 0):
        return False
    return bool(math.log10(v.max() / v.min()) > decades)


def log_if_spans(ax: Any, values: Iterable[float], axis: str = "y") -> None:
    """Put ``ax``'s ``axis`` on a log scale when ``values`` span more than a decade."""
    if spans_decades(values):
        (ax.set_yscale if axis == "y" else ax.set_xscale)("log")


def mark_entanglement_threshold(ax: Any) -> None:
    """A dotted line at ``F = 0.5`` named in the legend: at or below it, not entangled."""
    ax.axhline(
        THRESHOLD,
        color="dimgrey",
        lw=1.0,
        ls=":",
        label=f"F = {THRESHOLD:g}: {NOT_ENTANGLED} at or below",
    )


def _drawn(handle: Any) -> bool:
    """A line with no finite point draws nothing (e.g. a key rate that is zero everywhere on
    a log axis): it gets no legend entry."""
    get = getattr(handle, "get_ydata", None)
    if get is None:
        return True
    y = np.asarray(get(), dtype=float)
    return bool(y.size and np.isfinite(y).any())


def tidy_legend(ax: Any, **kwargs: Any) -> Any:
    """A legend of the labelled artists that draw something, each label once; no legend
    when none is left. Returns the legend or ``None``."""
    handles, labels = ax.get_legend_handles_labels()
    seen: dict[str, Any] = {}
    for h, label in zip(handles, labels, strict=True):
        if label and not label.startswith("_") and label not in seen and _drawn(h):
            seen[label] = h
    if not seen:
        old = ax.get_legend()
        if old is not None:
            old.remove()
        return None
    return ax.legend(list(seen.values()), list(seen), **kwargs)


def save_figure(fig: Any, path: str | Path, dpi: int = 120) -> Path:
    """Lay out and write ``fig`` (format from the extension); the figure stays open."""
    out = Path(path)
    fig.tight_layout()
    fig.savefig(out, dpi=dpi)
    return out


def figure_svg(fig: Any) -> str:
    """``fig`` as an ``<svg>`` element to inline in HTML: text kept as text (searchable, and
    drawn in the page's font), no XML prologue, no date, nothing loaded from elsewhere."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "qnetsim"}):
        fig.tight_layout()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]
