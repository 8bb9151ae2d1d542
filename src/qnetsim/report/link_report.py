"""A link's answer to the experimentalist's question: what rate and fidelity, and what limits
them. Three computations side by side (closed form, vectorised Monte Carlo, and optionally
photon-level attempts), the loss budget and the link efficiency."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qnetsim.link.design import Link
from qnetsim.link.montecarlo import sample_link
from qnetsim.report.entanglement import NOT_ENTANGLED, THRESHOLD, is_entangled

__all__ = ["FOOTNOTE", "LinkReport", "format_link_report", "link_report", "round_noise"]

FOOTNOTE = (
    "  F herald: fidelity to Phi+ of the heralded state, before the memories wait for the\n"
    "  herald; F delivered: after that wait (memory T1/T2). Monte Carlo rows: means over the\n"
    "  pairs, +- the standard error of F delivered (omitted when every pair is the same).\n"
    "  link eff.: rate / decoherence rate of the pair, both memories counted (Humphreys 2018).\n"
    "  F <= 0.5: the pair is not entangled (separable Bell-diagonal state; Horodecki 1996)."
)


def round_noise(value: float, err: float) -> float:
    """``err``, or 0 when it is below 1e-12 of ``value``: numerical noise of a spread that is
    really zero (e.g. every sampled pair carries the same state).

    >>> round_noise(0.6364, 7e-19), round_noise(0.6364, 0.003)
    (0.0, 0.003)
    """
    return 0.0 if not err or err <= 1e-12 * abs(value) else err


def _mean_and_error(x: np.ndarray) -> tuple[float, float]:
    mean = float(x.mean())
    err = float(x.std(ddof=1)) / math.sqrt(x.size) if x.size > 1 else 0.0
    return mean, round_noise(mean, err)


@dataclass(frozen=True)
class LinkReport:
    """Numbers describing one link (see :func:`link_report`)."""

    link: Link
    rows: list[dict[str, Any]]
    loss_budget: list[tuple[str, float]]
    time_budget: list[tuple[str, float]] = dataclasses.field(default_factory=list)

    def to_frame(self) -> Any:
        """One row per computation (closed form, Monte Carlo runs), units in the column names."""
        from qnetsim.report.tables import link_report_frame

        return link_report_frame(self)

    def _repr_html_(self) -> str:
        return str(self.to_frame().to_html(index=False))

    def as_dict(self) -> dict[str, Any]:
        return {
            "platform_a": self.link.node_a.name,
            "platform_b": self.link.b.name,
            "length_km": self.link.length_km,
            "scheme": self.link.scheme,
            "geometry": self.link.geometry,
            "results": self.rows,
            "loss_budget_db": [{"element": e, "loss_db": db} for e, db in self.loss_budget],
            "time_budget": [{"part": p, "fraction": f} for p, f in self.time_budget],
            "duty_fraction": self.link.duty_fraction,
        }


def link_report(
    link: Link, runs: Sequence[tuple[str, int]], seed: int, n_streams: int | None = None
) -> LinkReport:
    """Closed-form row and one Monte Carlo row per ``(mode, pairs)`` in ``runs``.

    The random stream of the ``k``-th run is the ``k``-th of ``max(n_streams, len(runs))``
    children of ``seed``, so dropping a run (e.g. attempt mode over its budget) leaves the
    others' numbers unchanged. Every row gives the fidelity at the herald (before the memory
    wait) and delivered (after it); Monte Carlo rows are means over the pairs.
    """
    herald = link.attempt
    rows: list[dict[str, Any]] = [
        {
            "method": "closed form",
            "success_probability": herald.success_probability,
            "cycle_s": link.cycle_s,
            "rate_hz": link.rate_hz,
            "rate_ci_hz": None,
            "fidelity_at_herald": herald.fidelity,
            "fidelity_at_herald_err": 0.0,
            "fidelity_delivered": link.delivered_state.fidelity,
            "fidelity_err": 0.0,
            "link_efficiency": link.link_efficiency,
            "entangled": is_entangled(link.delivered_state.fidelity),
        }
    ]
    streams = np.random.SeedSequence(seed).spawn(max(n_streams or 0, len(runs), 1))
    for (mode, pairs), stream in zip(runs, streams, strict=False):
        s = sample_link(link, pairs, np.random.default_rng(stream), mode=mode)
        f_h, f_h_err = _mean_and_error(s.fidelity_at_station)
        f_d, f_err = _mean_and_error(s.fidelity_delivered)
        rows.append(
            {
                "method": f"Monte Carlo ({mode}, {pairs} pairs)",
                "success_probability": 1.0 / float(s.cycles.mean())
                if link.num_modes == 1
                else None,
                "cycle_s": link.cycle_s,
                "rate_hz": s.rate_hz,
                "rate_ci_hz": list(s.rate_ci_hz),  # an open upper bound is inf
                "fidelity_at_herald": f_h,
                "fidelity_at_herald_err": f_h_err,
                "fidelity_delivered": f_d,
                "fidelity_err": f_err,
                "link_efficiency": s.rate_hz / link.pair_decoherence_rate_hz,
                "entangled": is_entangled(f_d),
            }
        )
    budget = [(item.element, item.loss_db) for item in link.loss_budget()]
    return LinkReport(link, rows, budget, [(t.part, t.fraction) for t in link.time_budget()])


def _num(x: float, spec: str) -> str:
    return "inf" if math.isinf(x) else format(x, spec)


def format_link_report(report: LinkReport, notes: Sequence[str] = ()) -> str:
    """Plain-text table of the link's rows and loss budget, then ``notes``."""
    link = report.link
    lines = [
        f"{link.scheme} link, {link.geometry}, {link.length_km:g} km: "
        f"{link.node_a.name} <-> {link.b.name}",
        f"  attempt cycle {link.cycle_s * 1e6:.3g} us, {link.num_modes} mode(s) per cycle, "
        f"memory coherence {link.coherence_time_s:.3g} s, "
        f"pair decoherence rate {link.pair_decoherence_rate_hz:.3g} /s",
        "",
        f"  {'method':<34} {'rate (Hz)':>11} {'95% CI':>23} {'F herald':>9} {'F delivered':>15} "
        f"{'link eff.':>9}",
    ]
    for row in report.rows:
        ci = row["rate_ci_hz"]
        ci_text = f"[{_num(ci[0], '.4g')}, {_num(ci[1], '.4g')}]" if ci else "exact"
        err = f" +- {row['fidelity_err']:.1g}" if row["fidelity_err"] else ""
        lines.append(
            f"  {row['method']:<34} {row['rate_hz']:>11.4g} {ci_text:>23} "
            f"{row['fidelity_at_herald']:>9.4f} {row['fidelity_delivered']:>8.4f}{err:<7} "
            f"{row['link_efficiency']:>9.3g}"
        )
    weak = [
        row["method"] for row in report.rows if is_entangled(row["fidelity_delivered"]) is False
    ]
    if weak:
        lines.append(
            f"  WARNING: {NOT_ENTANGLED}: F delivered <= {THRESHOLD:g} ({', '.join(weak)}); such a "
            "pair carries no usable entanglement (a Bell-diagonal state is separable there)"
        )
    lines += [FOOTNOTE]
    lines += ["", "  time budget (fraction of wall time; what limits the rate in time):"]
    for part, fraction in sorted(report.time_budget, key=lambda x: -x[1]):
        lines.append(f"    {part:<52} {fraction:7.2%}")
    lines += ["", "  loss budget (largest first; what limits the rate):"]
    for element, db in report.loss_budget:
        lines.append(f"    {element:<36} {db:6.2f} dB")
    lines.append(
        f"  success probability per attempt: {link.success_probability:.3e}; "
        f"false-herald fraction {link.attempt.false_herald_fraction:.2%}"
    )
    lines += [f"  note: {n}" for n in notes]
    return "\n".join(lines)
