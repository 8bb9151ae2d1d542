"""Figures of ``qnetsim reproduce``: closed-form curves with the published points over them.

* ``rate_fidelity_vs_distance.png``: heralding rate (log scale) and delivered fidelity versus
  fibre length for every link scenario with a ``links[0].length_km`` curve; published points
  (with their error bars) at the lengths they were measured at; bounds drawn as triangles.
* ``key_rate_vs_distance.png``: asymptotic DI-QKD key bits per second versus length against
  the PLOB bound at the same number of channel uses per second (one use per mode and attempt
  cycle; Pirandola et al., Nat. Commun. 8, 15043 (2017)), with the published finite-size
  key (bits per event times the published event rate).
* ``storage.png``: memory efficiency and SNR versus storage time for storage scenarios.
* ``satellite.png``: for satellite scenarios (Micius, Yin et al., Science 356, 1140 (2017)),
  the two slant ranges and their sum over the common visibility window, and the modelled
  summed two-downlink loss, each under the published band of the scenario's ``[[published]]``
  ``*_min``/``*_max`` entries; the loss gap is marked (docs/experiments.md, section 8).
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
from qnetsim.report.labels import quantity_label
from qnetsim.scenario.kinds.satellite import build_dual_downlink
from qnetsim.scenario.loader import Scenario
from qnetsim.scenario.runner import closed_form

__all__ = ["plot_reproduce", "reproduce_figures"]

_LENGTH = "links[0].length_km"


def _curve(scn: Scenario, parameter: str) -> dict[str, Any] | None:
    for c in scn.doc["curves"]:
        if c["parameter"] == parameter:
            return dict(c)
    return None


def _evaluate(scn: Scenario, curve: dict[str, Any]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {q: [] for q in curve["quantities"]}
    for x in curve["values"]:
        values = closed_form(scn, {curve["parameter"]: x})
        for q in out:
            out[q].append(values.get(q, math.nan))
    return out


def _x_of(record: Record, scn: Scenario, parameter: str, default_path: Any) -> float:
    if parameter in record.at:
        return float(record.at[parameter])
    return float(default_path)


def _published(records: Sequence[Record], scn: Scenario, quantity: str) -> list[Record]:
    return [r for r in records if r.experiment == scn.name and r.quantity == quantity]


def _point(ax: Any, x: float, r: Record, color: Any, label: str = "") -> None:
    marker = {"lower": "^", "upper": "v"}.get(r.bound, "o")
    ax.errorbar(
        [x],
        [r.published],
        yerr=[r.published_err] if r.published_err else None,
        fmt=marker,
        color=color,
        mec="black",
        ms=7,
        capsize=3,
        zorder=5,
        label=label,
    )


def reproduce_figures(scenarios: Sequence[Scenario], records: Sequence[Record]) -> dict[str, Any]:
    """The figures of ``qnetsim reproduce`` by file name (``rate_fidelity_vs_distance.png``,
    ...): :class:`matplotlib.figure.Figure` objects, not shown, saved or registered with
    ``pyplot`` (so a notebook's own backend is left alone)."""
    figures: dict[str, Any] = {}
    links = [s for s in scenarios if s.kind == "link" and _curve(s, _LENGTH)]
    if links:
        figures["rate_fidelity_vs_distance.png"] = _rate_fidelity(links, records)
    keyed = [s for s in links if s.doc["application"]["type"] == "diqkd"]
    if keyed:
        figures["key_rate_vs_distance.png"] = _key_rate(keyed, records)
    storage = [s for s in scenarios if s.kind == "storage" and s.doc["curves"]]
    if storage:
        figures["storage.png"] = _storage(storage, records)
    satellites = [s for s in scenarios if s.kind == "satellite"]
    if satellites:
        figures["satellite.png"] = _plot_satellite(satellites)
    return figures


def plot_reproduce(
    scenarios: Sequence[Scenario], records: Sequence[Record], out_dir: str | Path
) -> list[Path]:
    """Draw the figures into ``out_dir`` (created if needed); returns the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [
        save_figure(fig, out / name) for name, fig in reproduce_figures(scenarios, records).items()
    ]


def _new_figure(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
    """``Figure(figsize=...).subplots(...)`` with an Agg canvas: no ``pyplot`` state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=kwargs.pop("figsize"))
    FigureCanvasAgg(fig)
    return fig, fig.subplots(*args, **kwargs)


def _color(i: int) -> Any:
    import matplotlib

    return matplotlib.colormaps["tab10"](i % 10)


def _rate_fidelity(links: Sequence[Scenario], records: Sequence[Record]) -> Any:
    fig, (ax_r, ax_f) = _new_figure(1, 2, figsize=(16, 5))
    for i, scn in enumerate(links):
        color = _color(i)
        curve = _curve(scn, _LENGTH)
        assert curve is not None
        curve["quantities"] = ["rate_hz_closed_form", "fidelity_closed_form"]
        ys = _evaluate(scn, curve)
        label = curve["label"] or scn.title
        ax_r.plot(curve["values"], ys["rate_hz_closed_form"], color=color, label=label)
        ax_f.plot(curve["values"], ys["fidelity_closed_form"], color=color, label=label)
        base = scn.doc["links"][0]["length_km"]
        for quantity, ax in (
            ("rate_hz", ax_r),
            ("fidelity", ax_f),
            ("fidelity_at_herald", ax_f),
        ):
            for r in _published(records, scn, quantity):
                if set(r.at) - {_LENGTH}:
                    continue  # measured at another alpha etc.: not on this curve
                _point(ax, _x_of(r, scn, _LENGTH, base), r, color)
    ax_r.set_yscale("log")
    ax_r.set_xlabel("fibre length (km)")
    ax_r.set_ylabel("heralded pairs per second (closed form)")
    ax_f.set_xlabel("fibre length (km)")
    ax_f.set_ylabel("delivered fidelity to Φ+ (closed form)")
    mark_entanglement_threshold(ax_f)
    ax_r.set_title("Rate: curves = qnetsim, markers = published (one-sigma error bars)")
    ax_f.set_title("Fidelity: curves = qnetsim, markers = published (^ = lower bound)")
    tidy_legend(ax_f, fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig


def _key_rate(keyed: Sequence[Scenario], records: Sequence[Record]) -> Any:
    fig, ax = _new_figure(figsize=(7, 5))
    for i, scn in enumerate(keyed):
        color = _color(i)
        curve = _curve(scn, _LENGTH)
        assert curve is not None
        curve["quantities"] = ["key_rate_asymptotic_bits_per_s_closed_form", "plob_bits_per_s"]
        ys = _evaluate(scn, curve)
        key = [v if v > 0 else math.nan for v in ys["key_rate_asymptotic_bits_per_s_closed_form"]]
        name = curve["label"] or scn.title
        ax.plot(curve["values"], key, color=color, label=f"{name}: DI-QKD, asymptotic")
        ax.plot(
            curve["values"],
            ys["plob_bits_per_s"],
            color=color,
            ls="--",
            label=f"{name}: PLOB bound, same channel uses per second",
        )
        rates = {json_at(r): r for r in _published(records, scn, "rate_hz")}
        for r in _published(records, scn, "key_rate_finite_bits_per_event"):
            rate = rates.get(json_at(r))
            if rate is None or r.published <= 0:
                continue
            x = _x_of(r, scn, _LENGTH, scn.doc["links"][0]["length_km"])
            ax.plot(
                [x],
                [r.published * rate.published],
                "o",
                color=color,
                mec="black",
                label="published finite-size key x published event rate",
            )
    ax.set_yscale("log")
    ax.set_xlabel("fibre length (km)")
    ax.set_ylabel("secret key (bits per second)")
    ax.set_title("Key rate versus distance")
    tidy_legend(ax, fontsize=7)
    return fig


def _storage(storage: Sequence[Scenario], records: Sequence[Record]) -> Any:
    """One panel per curve quantity (one quantity per axis), published values on theirs."""
    quantities = list(
        dict.fromkeys(q for scn in storage for q in scn.doc["curves"][0]["quantities"])
    )
    fig, axes = _new_figure(1, len(quantities), figsize=(6 * len(quantities), 4.5), squeeze=False)
    panels = dict(zip(quantities, axes[0], strict=True))
    for i, scn in enumerate(storage):
        curve = dict(scn.doc["curves"][0])
        ys = _evaluate(scn, curve)
        xs_ns = [x * 1e9 for x in curve["values"]]
        for q in curve["quantities"]:
            panels[q].plot(xs_ns, ys[q], color=_color(i), label=curve["label"] or scn.title)
            for r in _published(records, scn, q):
                x = _x_of(r, scn, "storage.storage_time_s", scn.doc["storage"]["storage_time_s"])
                _point(panels[q], x * 1e9, r, _color(i), label="published (one-sigma error bar)")
    for q, ax in panels.items():
        ax.set_xlabel("storage time (ns)")
        ax.set_ylabel(quantity_label(q))
        log_if_spans(ax, [y for line in ax.get_lines() for y in line.get_ydata()])
        tidy_legend(ax, fontsize=7)
    fig.suptitle("Quantum-dot photons in a vapour memory: curves = qnetsim, markers = published")
    return fig


def _published_band(scn: Scenario, low: str, high: str) -> tuple[float, float, bool] | None:
    """``(low, high, secondary)`` of the ``[[published]]`` entries ``low`` and ``high`` (at
    the scenario's own parameters); ``secondary`` if either source says it is secondary."""
    entries = {e["quantity"]: e for e in scn.doc["published"] if not e["at"]}
    if low not in entries or high not in entries:
        return None
    lo, hi = entries[low], entries[high]
    secondary = "secondary" in (lo["source"] + hi["source"]).lower()
    return float(lo["value"]), float(hi["value"]), secondary


def _plot_satellite(satellites: Sequence[Scenario]) -> Any:
    """``satellite.png``: slant ranges and summed loss over one pass, published bands."""
    fig, (ax_d, ax_l) = _new_figure(2, 1, figsize=(9, 8), sharex=True)
    several = len(satellites) > 1
    for i, scn in enumerate(satellites):
        prefix = f"{scn.name}: " if several else ""
        ls = ("-", "--", "-.", ":")[i % 4]
        # the pass the ``satellite`` runner integrates (run_satellite): same link, same grid
        link = build_dual_downlink(scn)
        t = link.time_grid(scn.doc["satellite"]["time_samples"])
        _, d_a, _, d_b = link.geometry.geometry(t)
        loss = link.summed_loss_db(t)
        loss = np.where(np.isfinite(loss), loss, np.nan)
        x = t - t[0]
        ax_d.plot(x, d_a, color="tab:blue", ls=ls, label=f"{prefix}slant range {link.link_a.name}")
        ax_d.plot(
            x, d_b, color="tab:orange", ls=ls, label=f"{prefix}slant range {link.link_b.name}"
        )
        ax_d.plot(x, d_a + d_b, color="black", ls=ls, lw=2, label=f"{prefix}summed length")
        ax_l.plot(
            x, loss, color="tab:red", ls=ls, lw=2, label=f"{prefix}summed loss, qnetsim model"
        )

        band = _published_band(scn, "summed_range_km_min", "summed_range_km_max")
        if band is not None:
            lo, hi, secondary = band
            where = "from a secondary source" if secondary else "from the paper"
            ax_d.axhspan(
                lo,
                hi,
                color="tab:green",
                alpha=0.18,
                label=f"{prefix}published summed length {lo:g}-{hi:g} km ({where})",
            )
        band = _published_band(scn, "loss_db_min", "loss_db_max")
        if band is not None:
            lo, hi, secondary = band
            where = (
                "from a secondary source, not confirmed in the paper"
                if secondary
                else "from the paper"
            )
            ax_l.axhspan(
                lo,
                hi,
                color="tab:purple",
                alpha=0.18,
                label=f"{prefix}published summed loss {lo:g}-{hi:g} dB ({where})",
            )
            # the gap of docs/experiments.md section 8: minimum against minimum (mid-pass)
            # and maximum against maximum (window edge)
            finite = np.isfinite(loss)
            if finite.any():
                i_min = int(np.nanargmin(loss))
                i_max = int(np.nanargmax(loss))
                span = float(x[-1] - x[0])
                x_max = float(x[i_max]) + (0.04 if i_max < len(x) / 2 else -0.04) * span
                for xa, y_model, y_pub in (
                    (float(x[i_min]), float(loss[i_min]), lo),
                    (x_max, float(loss[i_max]), hi),
                ):
                    ax_l.annotate(
                        "",
                        xy=(xa, y_pub),
                        xytext=(xa, y_model),
                        arrowprops={"arrowstyle": "<->", "color": "dimgrey"},
                    )
                    left = xa < x[0] + 0.8 * span
                    ax_l.text(
                        xa + (0.01 if left else -0.01) * span,
                        0.5 * (y_model + y_pub),
                        f"{y_pub - y_model:.1f} dB",
                        va="center",
                        ha="left" if left else "right",
                        fontsize=8,
                        color="dimgrey",
                    )
    ax_d.set_ylim(bottom=0.0)
    ax_d.set_ylabel("slant range (km)")
    ax_d.set_title("Downlink geometry: curves = qnetsim, band = published")
    tidy_legend(ax_d, fontsize=7, loc="lower center", ncol=2)
    ax_l.set_xlabel("time since both stations see the satellite (s)")
    ax_l.set_ylabel("summed two-downlink loss (dB)")
    ax_l.set_title(
        "Summed loss: model below the published band, turbulence broadening not modelled "
        "(qnetsim documentation: experiments.md, section 8)",
        fontsize=9,
    )
    tidy_legend(ax_l, fontsize=7, loc="lower center")
    lo_y, hi_y = ax_l.get_ylim()
    ax_l.set_ylim(lo_y - 0.25 * (hi_y - lo_y), hi_y)  # room for the legend below the curve
    references = "; ".join(
        dict.fromkeys(
            str(s.doc["scenario"]["reference"]).split(", doi:")[0] or s.title for s in satellites
        )
    )
    heading = (
        satellites[0].title
        if not several
        else "Satellite entanglement distribution over two downlinks"
    )
    fig.suptitle(f"{heading}\n{references}")
    return fig


def json_at(record: Record) -> str:
    """A hashable key of a record's measurement point."""
    return repr(sorted(record.at.items()))
