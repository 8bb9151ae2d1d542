"""A link's answer to the experimentalist's question: what rate and fidelity, and what limits
them. Three computations side by side (closed form, vectorised Monte Carlo, and optionally
photon-level attempts), the loss budget and the link efficiency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qnetsim.link.design import Link
from qnetsim.link.montecarlo import sample_link

__all__ = ["LinkReport", "format_link_report", "link_report"]


@dataclass(frozen=True)
class LinkReport:
    """Numbers describing one link (see :func:`link_report`)."""

    link: Link
    rows: list[dict[str, Any]]
    loss_budget: list[tuple[str, float]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "platform_a": self.link.node_a.name,
            "platform_b": self.link.b.name,
            "length_km": self.link.length_km,
            "scheme": self.link.scheme,
            "geometry": self.link.geometry,
            "results": self.rows,
            "loss_budget_db": [{"element": e, "loss_db": db} for e, db in self.loss_budget],
        }


def link_report(
    link: Link, pairs: int, seed: int, modes: tuple[str, ...] = ("sampled",)
) -> LinkReport:
    """Closed-form and simulated rate and fidelity of ``link``."""
    rows: list[dict[str, Any]] = []
    herald = link.attempt
    delivered = link.delivered_state
    rows.append(
        {
            "method": "closed form",
            "success_probability": herald.success_probability,
            "cycle_s": link.cycle_s,
            "rate_hz": link.rate_hz,
            "rate_ci_hz": None,
            "fidelity_at_herald": herald.fidelity,
            "fidelity_delivered": delivered.fidelity,
            "fidelity_err": 0.0,
            "link_efficiency": link.link_efficiency,
        }
    )
    streams = np.random.SeedSequence(seed).spawn(len(modes))
    for mode, stream in zip(modes, streams, strict=True):
        s = sample_link(link, pairs, np.random.default_rng(stream), mode=mode)
        f_h, _ = s.mean_fidelity(delivered=False)
        f_d, f_err = s.mean_fidelity()
        rows.append(
            {
                "method": f"Monte Carlo ({mode}, {pairs} pairs)",
                "success_probability": 1.0 / (float(s.cycles.mean()) * link.num_modes)
                if link.num_modes == 1
                else None,
                "cycle_s": link.cycle_s,
                "rate_hz": s.rate_hz,
                "rate_ci_hz": s.rate_ci_hz,
                "fidelity_at_herald": f_h,
                "fidelity_delivered": f_d,
                "fidelity_err": f_err,
                "link_efficiency": s.rate_hz * link.coherence_time_s,
            }
        )
    budget = [(item.element, item.loss_db) for item in link.loss_budget()]
    return LinkReport(link, rows, budget)


def format_link_report(report: LinkReport) -> str:
    """Plain-text table of a :class:`LinkReport`."""
    link = report.link
    lines = [
        f"{link.scheme} link, {link.geometry}, {link.length_km:g} km: "
        f"{link.node_a.name} <-> {link.b.name}",
        f"  attempt cycle {link.cycle_s * 1e6:.3g} us, {link.num_modes} mode(s) per cycle, "
        f"memory coherence {link.coherence_time_s:.3g} s",
        "",
        f"  {'method':<34} {'rate (Hz)':>11} {'95% CI':>23} {'F herald':>9} {'F delivered':>15} "
        f"{'link eff.':>9}",
    ]
    for row in report.rows:
        ci = row["rate_ci_hz"]
        ci_text = f"[{ci[0]:.4g}, {ci[1]:.4g}]" if ci else "exact"
        err = f" +- {row['fidelity_err']:.1g}" if row["fidelity_err"] else ""
        lines.append(
            f"  {row['method']:<34} {row['rate_hz']:>11.4g} {ci_text:>23} "
            f"{row['fidelity_at_herald']:>9.4f} {row['fidelity_delivered']:>8.4f}{err:<7} "
            f"{row['link_efficiency']:>9.3g}"
        )
    lines += ["", "  loss budget (largest first; what limits the rate):"]
    for element, db in report.loss_budget:
        lines.append(f"    {element:<36} {db:6.2f} dB")
    lines.append(
        f"  success probability per attempt: {link.success_probability:.3e}; "
        f"false-herald fraction {link.attempt.false_herald_fraction:.2%}"
    )
    return "\n".join(lines)
