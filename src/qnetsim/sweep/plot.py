"""Figures of a sweep: one panel per quantity against the first axis, one line per value of
the other axes, with labels in words and units (from the scenario schema's field
descriptions, not key paths) and a log axis where the values span two decades or more.

Examples:
    >>> axis_label("links[0].length_km")
    'link 1: fibre length between the nodes (km)'
    >>> quantity_label("rate_hz", "Hz")
    'rate (Hz)'
    >>> is_log_scale([1, 10, 1000])
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qnetsim.scenario.loader import parse_key_path
from qnetsim.scenario.schema import Field, ScenarioError, Table
from qnetsim.scenario.spec import SCENARIO_SCHEMA
from qnetsim.sweep.sweep import SweepPoint

__all__ = ["axis_label", "is_log_scale", "plot_sweep", "quantity_label"]

#: How a unit suffix of a key or quantity name reads.
_UNITS = {
    "km": "km",
    "m": "m",
    "s": "s",
    "ms": "ms",
    "us": "µs",
    "ns": "ns",
    "ps": "ps",
    "hz": "Hz",
    "db": "dB",
    "nm": "nm",
    "k": "K",
}
#: A table name read as one item of it (``links[0]`` is link 1).
_SINGULAR = {"links": "link", "nodes": "node", "curves": "curve", "points": "point"}


def _words(name: str) -> tuple[str, str]:
    """``length_km`` -> ("length", "km"); ``alpha`` -> ("alpha", "")."""
    for marker in ("_db_per_km", "_per_km"):
        if name.endswith(marker):
            return name[: -len(marker)].replace("_", " "), marker[1:].replace("_per_", "/")
    head, sep, tail = name.rpartition("_")
    if sep and tail in _UNITS:
        return head.replace("_", " "), _UNITS[tail]
    return name.replace("_", " "), ""


def axis_label(path: str) -> str:
    """A key path in words with its unit: ``links[0].length_km`` -> ``link 1: fibre length
    between the nodes (km)`` (the field's description in the scenario schema)."""
    try:
        parts = parse_key_path(path)
    except ScenarioError:
        return path
    spec: Field | Table | None = SCENARIO_SCHEMA
    where: list[str] = []
    last = ""
    for i, part in enumerate(parts):
        if isinstance(part, int):
            where[-1:] = [f"{_SINGULAR.get(last, last)} {part + 1}"]
            continue
        if isinstance(spec, Table) and spec.keyed and i > 0 and parts[i - 1] == last:
            where[-1:] = [f"{_SINGULAR.get(last, last)} {part}"]
            continue
        if isinstance(spec, Table) and part in spec.fields:
            spec = spec.fields[part]
        else:
            spec = None
        last = part
        if i < len(parts) - 1:
            where.append(part)
    words, unit = _words(str(parts[-1]))
    if isinstance(spec, Field) and spec.doc:
        words = spec.doc.split(";")[0].split(" (default")[0]
        unit = "" if "(" in words else unit
    text = f"{words} ({unit})" if unit else words
    prefix = ", ".join(w for w in where if w not in ("run", "scenario"))
    return f"{prefix}: {text}" if prefix else text


def quantity_label(name: str, unit: str = "") -> str:
    """A quantity name in words with its unit: ``rate_hz`` -> ``rate (Hz)``."""
    base, bracket, rest = name.partition("[")
    words, suffix_unit = _words(base)
    words = words + (f" [{rest}" if bracket else "")
    unit = unit or suffix_unit
    return f"{words} ({unit})" if unit else words


def is_log_scale(values: Sequence[Any]) -> bool:
    """Whether values are all positive and span two decades or more."""
    xs = [float(v) for v in values if isinstance(v, int | float) and math.isfinite(v)]
    return bool(xs) and len(xs) == len(values) and min(xs) > 0 and max(xs) / min(xs) >= 100


def plot_sweep(
    points: Sequence[SweepPoint],
    x_path: str,
    group_paths: Sequence[str],
    quantities: Sequence[str],
    out: str | Path,
    title: str = "",
) -> Path:
    """Draw ``quantities`` (one panel each, with their error bars) against ``x_path``, one
    line per value of ``group_paths``; write ``out`` and return it. Failed points are left
    out."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    done = [p for p in points if p.status == "done"]
    fig, axs = plt.subplots(1, len(quantities), figsize=(5.5 * len(quantities), 4.5), squeeze=False)
    groups: dict[tuple[Any, ...], list[SweepPoint]] = {}
    for p in done:
        groups.setdefault(tuple(p.overrides.get(n) for n in group_paths), []).append(p)
    xs_all = [p.overrides.get(x_path) for p in done]
    for ax, q in zip(axs[0], quantities, strict=True):
        ys_all: list[Any] = []
        unit = ""
        for label, rows in groups.items():
            rows = sorted(rows, key=lambda p: p.overrides[x_path])
            xs = [p.overrides[x_path] for p in rows]
            ys = [p.quantities[q]["value"] for p in rows]
            es = [p.quantities[q]["err"] or 0.0 for p in rows]
            unit = unit or rows[0].quantities[q].get("unit", "")
            ys_all += ys
            text = "; ".join(
                f"{axis_label(n)} = {v}" for n, v in zip(group_paths, label, strict=True)
            )
            ax.errorbar(
                xs,
                [y if y is not None else math.nan for y in ys],
                yerr=es,
                marker="o",
                capsize=3,
                label=text or None,
            )
        ax.set_xlabel(axis_label(x_path))
        ax.set_ylabel(quantity_label(q, unit))
        if is_log_scale(xs_all):
            ax.set_xscale("log")
        if is_log_scale([y for y in ys_all if y is not None]):
            ax.set_yscale("log")
        if group_paths:
            ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return Path(out)
