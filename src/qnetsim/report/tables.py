"""Results as pandas tables, short ``repr`` lines and HTML tables for Jupyter.

One function of each kind per result type, for the result classes to call from their
``to_frame()``, ``__repr__`` and ``_repr_html_`` (the classes below ``report`` in the layers
cannot import this module; the top-layer ones can):

* a scenario run (:class:`~qnetsim.scenario.result.ScenarioResult`): :func:`scenario_frame`,
  :func:`scenario_repr`, :func:`scenario_html`;
* the comparisons of ``qnetsim reproduce`` (:class:`~qnetsim.experiments.reproduce.Record`):
  :func:`records_frame`, :func:`records_repr`, :func:`records_html`;
* a plan (:class:`~qnetsim.network.chains.designs.Plan`): :func:`plan_frame`,
  :func:`plan_repr`, :func:`plan_html`;
* a link report (:class:`~qnetsim.report.link_report.LinkReport`): :func:`link_report_frame`;
* the points of a sweep (:class:`~qnetsim.sweep.sweep.SweepPoint`): :func:`sweep_frame`.

Column names carry their units (``rate_hz``, ``cycle_s``, ``loss_db``); a table whose rows
have different units has a ``unit`` column. Every fidelity at or below 1/2 is flagged "not
entangled" (:mod:`qnetsim.report.entanglement`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from qnetsim.report.entanglement import entanglement_flag, is_fidelity
from qnetsim.report.labels import unit_words

if TYPE_CHECKING:
    import pandas as pd

    from qnetsim.experiments.reproduce import Record
    from qnetsim.network.chains.designs import DesignEvaluation, Plan
    from qnetsim.report.link_report import LinkReport
    from qnetsim.scenario.result import ScenarioResult

__all__ = [
    "column_name",
    "frame_html",
    "link_report_frame",
    "misses_by",
    "plan_frame",
    "plan_html",
    "plan_repr",
    "records_frame",
    "records_html",
    "records_repr",
    "scenario_frame",
    "scenario_html",
    "scenario_repr",
    "sweep_frame",
]


def _g(x: float, spec: str = ".4g") -> str:
    return format(x, spec) if isinstance(x, int | float) and math.isfinite(x) else str(x)


def column_name(quantity: str, unit: str) -> str:
    """``quantity`` as a column name that carries its unit: as it is when its name ends in
    one (``rate_hz``) or it has none, else with the unit in brackets (``qber`` stays,
    ``snr [dB]``).

    >>> column_name("rate_hz", "Hz"), column_name("qber", ""), column_name("gain", "dB")
    ('rate_hz', 'qber', 'gain [dB]')
    """
    if not unit or unit_words(quantity.split("[", 1)[0].removesuffix("_closed_form"))[1]:
        return quantity
    return f"{quantity} [{unit}]"


def frame_html(
    frame: pd.DataFrame, caption: str = "", css_class: str = "qnetsim", index: bool = True
) -> str:
    """A DataFrame as an HTML ``<table>`` (escaped; numbers to 4 significant digits)."""
    table = frame.to_html(
        classes=css_class,
        border=0,
        float_format=lambda x: _g(x),
        na_rep="-",
        escape=True,
        index=index,
    )
    if caption:
        table = table.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    return str(table)


# --- scenario runs ---------------------------------------------------------------------------
def scenario_frame(result: ScenarioResult) -> pd.DataFrame:
    """One row per quantity: value, one-sigma error, unit, method and the entanglement flag.

    Index ``quantity``; columns ``value``, ``err_1sigma``, ``unit``, ``method``, ``flag``.
    """
    import pandas as pd

    rows = [
        {
            "quantity": name,
            "value": e.value,
            "err_1sigma": e.err,
            "unit": e.unit,
            "method": e.method,
            "flag": entanglement_flag(e.value) if is_fidelity(name) else "",
        }
        for name, e in result.quantities.items()
    ]
    frame = pd.DataFrame(
        rows, columns=["quantity", "value", "err_1sigma", "unit", "method", "flag"]
    )
    return frame.set_index("quantity")


def _headline(result: ScenarioResult) -> list[str]:
    q = result.quantities
    out = []
    for name in ("rate_hz", "rate_hz_closed_form", "fidelity", "fidelity_closed_form"):
        if name in q:
            e = q[name]
            flag = entanglement_flag(e.value) if is_fidelity(name) else ""
            out.append(f"{name} = {_g(e.value)}{' ' + e.unit if e.unit else ''}")
            out[-1] += f" ({flag})" if flag else ""
    return out


def scenario_repr(result: ScenarioResult) -> str:
    """One line: the scenario, how many quantities, the rate and fidelity.

    e.g. ``<ScenarioResult my_link (link): 25 quantities; rate_hz = 0.4641 Hz, fidelity =
    0.8354>``.
    """
    scn = result.scenario
    head = "; " + ", ".join(_headline(result)) if _headline(result) else ""
    over = f" at {dict(result.overrides)}" if result.overrides else ""
    return (
        f"<ScenarioResult {scn.name} ({scn.kind}){over}: {len(result.quantities)} quantities{head}>"
    )


def scenario_html(result: ScenarioResult) -> str:
    """The quantities as an HTML table under the scenario's title (Jupyter's view)."""
    title = html.escape(result.scenario.title)
    return f"<div><strong>{title}</strong>{frame_html(scenario_frame(result))}</div>"


# --- reproduce -------------------------------------------------------------------------------
def records_frame(records: Sequence[Record]) -> pd.DataFrame:
    """One row per comparison: experiment, quantity (with its point), unit, simulated and
    published value with their one-sigma errors, the ratio, how the published value is
    compared, the verdict, the entanglement flag, the role (held out or calibration), the
    calibrated prediction and its verdict, the a priori 95% band and the source."""
    import pandas as pd

    columns = [
        "experiment", "quantity", "unit", "simulated", "simulated_err", "published",
        "published_err", "ratio", "compared_as", "verdict", "flag", "role", "calibrated",
        "calibrated_verdict", "band_low", "band_high", "source",
    ]  # fmt: skip
    rows = [
        {
            "experiment": r.experiment,
            "quantity": r.label,
            "unit": r.unit,
            "simulated": r.simulated,
            "simulated_err": r.simulated_err,
            "published": r.published,
            "published_err": r.published_err,
            "ratio": r.ratio,
            "compared_as": r.comparison,
            "verdict": r.verdict,
            "flag": entanglement_flag(r.simulated) if is_fidelity(r.quantity) else "",
            "role": r.role,
            "calibrated": r.calibrated,
            "calibrated_verdict": r.calibrated_verdict,
            "band_low": r.band_low,
            "band_high": r.band_high,
            "source": r.source,
        }
        for r in records
    ]
    return pd.DataFrame(rows, columns=columns)


def records_repr(records: Sequence[Record]) -> str:
    """``<12 comparisons over 5 experiment(s): 9 agree, 3 differ>`` (and how many are
    calibration points, when a scenario fitted inputs to some)."""
    counts = {v: sum(1 for r in records if r.verdict == v) for v in ("agrees", "differs")}
    other = len(records) - sum(counts.values())
    experiments = len({r.experiment for r in records})
    return (
        f"<{len(records)} comparisons over {experiments} experiment(s): {counts['agrees']} "
        f"agree, {counts['differs']} differ" + (f", {other} calibration" if other else "") + ">"
    )


def records_html(records: Sequence[Record]) -> str:
    """The comparison table in HTML, a ``differs`` verdict marked for the eye."""
    frame = records_frame(records)
    table = frame_html(frame, caption=records_repr(records)[1:-1], index=False)
    return table.replace("<td>differs</td>", '<td class="differs">differs</td>')


# --- plans -----------------------------------------------------------------------------------
def misses_by(ev: DesignEvaluation) -> str:
    """How far a design misses its target, in words (:meth:`DesignEvaluation.misses_by`)."""
    return ev.misses_by()


def plan_frame(plan: Plan, top: int | None = None) -> pd.DataFrame:
    """The evaluated designs, best first (:meth:`Plan.to_frame`)."""
    return plan.to_frame(top)


def plan_repr(plan: Plan) -> str:
    """One line: the target and the best design, met or missed by how much."""
    b = plan.best
    d = b.design
    verdict = "meets the target" if b.meets_target else f"closest design, misses: {misses_by(b)}"
    flag = entanglement_flag(b.fidelity)
    return (
        f"<Plan {plan.platform}, {plan.target.distance_km:g} km, {plan.target.rate_hz:g} Hz at "
        f"F >= {plan.target.fidelity:g}: {d.n_links} links, {d.modes} modes -> "
        f"{_g(b.rate_hz, '.3g')} Hz, F = {_g(b.fidelity, '.3f')}"
        f"{' (' + flag + ')' if flag else ''} ({verdict})>"
    )


def plan_html(plan: Plan, top: int | None = 10) -> str:
    """The plan's verdict and its designs as HTML."""
    return (
        f"<div><p>{html.escape(plan_repr(plan)[1:-1])}</p>{frame_html(plan_frame(plan, top))}</div>"
    )


# --- links and sweeps ------------------------------------------------------------------------
def link_report_frame(report: LinkReport) -> pd.DataFrame:
    """One row per computation of :func:`~qnetsim.report.link_report.link_report` (closed
    form, Monte Carlo runs), units in the column names, the entanglement flag last."""
    import pandas as pd

    rows = []
    for row in report.rows:
        ci = row["rate_ci_hz"] or [row["rate_hz"], row["rate_hz"]]
        rows.append(
            {
                "method": row["method"],
                "rate_hz": row["rate_hz"],
                "rate_ci_low_hz": ci[0],
                "rate_ci_high_hz": ci[1],
                "fidelity_at_herald": row["fidelity_at_herald"],
                "fidelity_delivered": row["fidelity_delivered"],
                "fidelity_err": row["fidelity_err"],
                "link_efficiency": row["link_efficiency"],
                "flag": entanglement_flag(row["fidelity_delivered"]),
            }
        )
    return pd.DataFrame(rows).set_index("method")


def sweep_frame(points: Iterable[Any]) -> pd.DataFrame:
    """One row per sweep point: its overrides, then every quantity (a column named with its
    unit by :func:`column_name`) and its one-sigma error (``<name>_err``)."""
    import pandas as pd

    rows = []
    for p in points:
        row: dict[str, Any] = dict(p.overrides)
        quantities: Mapping[str, Mapping[str, Any]] = p.quantities
        for name, q in quantities.items():
            col = column_name(name, str(q.get("unit", "")))
            row[col] = q["value"]
            row[f"{col}_err"] = q.get("err", 0.0)
        rows.append(row)
    return pd.DataFrame(rows)
