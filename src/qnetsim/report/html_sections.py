"""What the HTML report of ``qnetsim run --html``, ``qnetsim reproduce --html`` and
``qnetsim report`` shows: for each scenario its verdicts (published values compared, pairs
that are not entangled), its quantities, its loss and time budgets, its figure, and its
inputs with their sources (each platform parameter's citation, or the file that set it);
for a set of experiments the comparison with every published value and the figures of
:mod:`qnetsim.report.reproduce_plots`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qnetsim.errors import QnetsimValueError
from qnetsim.experiments.reproduce import Record, ReproduceRun, make_record
from qnetsim.report.entanglement import NOT_ENTANGLED, THRESHOLD, is_entangled, is_fidelity
from qnetsim.report.html import HtmlReport
from qnetsim.report.reproduce_plots import reproduce_figures
from qnetsim.report.scenario_plot import scenario_figure
from qnetsim.report.tables import records_html, records_repr, scenario_frame
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.result import ScenarioResult

__all__ = [
    "add_inputs",
    "add_scenario",
    "entanglement_warnings",
    "published_here",
    "reproduce_report",
    "scenario_report",
    "sweep_report",
]


def entanglement_warnings(result: ScenarioResult) -> list[str]:
    """One sentence per fidelity quantity at or below 1/2."""
    return [
        f"{name} = {e.value:.4g}: {NOT_ENTANGLED}. A pair with F <= {THRESHOLD:g} to Phi+ "
        "carries no entanglement a protocol could use (a Bell-diagonal state is separable "
        "there; Horodecki and Horodecki, PRA 54, 1838 (1996))."
        for name, e in result.quantities.items()
        if is_fidelity(name) and is_entangled(e.value) is False
    ]


def published_here(result: ScenarioResult) -> list[Record]:
    """The scenario's published values measured at the point this result was run at (none
    when ``--set`` changed an input the publication did not)."""
    scn = result.scenario
    out = []
    for entry in scn.doc["published"]:
        if dict(entry["at"]) != dict(result.overrides):
            continue
        est = result.quantities.get(entry["quantity"])
        if est is None:
            continue
        out.append(make_record(scn, entry, est))
    return out


def _budget(frame: Any, prefix: str) -> Any:
    rows = frame[frame.index.str.startswith(prefix + "[")]
    rows = rows.rename(index=lambda k: k[len(prefix) + 1 : -1])
    return rows[["value", "unit", "method"]].sort_values("value", ascending=False)


def add_inputs(report: HtmlReport, result: ScenarioResult) -> None:
    """Every node's platform parameters with their sources, then the file as written."""
    scn = result.scenario
    if scn.doc.get("nodes"):
        import pandas as pd

        from qnetsim.scenario.build import build_platforms
        from qnetsim.scenario.loader import with_overrides

        try:
            platforms = build_platforms(with_overrides(scn, result.overrides))
        except QnetsimValueError as exc:  # a node only its kind's builder understands
            report.paragraph(f"platform parameters not listed: {exc}", "note")
            platforms = {}
        for node, platform in platforms.items():
            rows = [
                {
                    "parameter": key,
                    "value": value,
                    "source": platform.citation(key) or f"set in {Path(scn.source).name}",
                }
                for key, value in platform.numeric_parameters().items()
            ]
            frame = pd.DataFrame(rows).set_index("parameter")
            report.table(
                frame, f"node {node}: platform {platform.name}, every input and its source"
            )
    if result.overrides:
        report.items([f"--set {k} = {v}" for k, v in result.overrides.items()])
    path = Path(scn.source)
    if path.is_file():
        report.preformatted(path.read_text(encoding="utf-8"), f"the scenario file {path.name}")


def add_scenario(report: HtmlReport, result: ScenarioResult, figure: bool = True) -> None:
    """One scenario's section: verdicts, quantities, budgets, figure, inputs, notes."""
    scn = result.scenario
    report.heading(f"{scn.title} [{scn.name}]")
    reference = scn.doc["scenario"].get("reference")
    if reference:
        report.paragraph(f"reference: {reference}", "note")
    for text in entanglement_warnings(result):
        report.warning(text)
    records = published_here(result)
    if records:
        differ = [r for r in records if r.verdict == "differs"]
        text = records_repr(records)[1:-1] + " (within 2 sigma, both uncertainties combined)"
        (report.warning if differ else report.paragraph)(text, *([] if differ else ["ok"]))
        report.raw_table(records_html(records))
    frame = scenario_frame(result)
    budgets = frame.index.str.startswith(("loss_db[", "time_fraction["))
    report.table(frame[~budgets], "quantities (one-sigma statistical errors)")
    if frame.index.str.startswith("loss_db[").any():
        loss = _budget(frame, "loss_db")
        report.table(
            loss,
            f"loss budget, largest first (total {loss['value'].sum():.3g} dB): "
            "what limits the rate",
        )
    if frame.index.str.startswith("time_fraction[").any():
        report.table(_budget(frame, "time_fraction"), "time budget: fraction of wall time")
    if figure:
        fig = scenario_figure(result)
        report.figure(fig, f"{scn.title}: curves and values of this run")
    report.heading("inputs and their sources", 3)
    add_inputs(report, result)
    report.items([f"note: {n}" for n in result.notes])


def scenario_report(result: ScenarioResult) -> HtmlReport:
    """The page of ``qnetsim run FILE --html DIR``."""
    report = HtmlReport(f"qnetsim run: {result.scenario.title}")
    report.paragraph(f"scenario file: {result.scenario.source}", "note")
    add_scenario(report, result)
    return report


def _finite(records: Sequence[Record]) -> list[Record]:
    return [r for r in records if math.isfinite(r.simulated)]


def reproduce_report(run: ReproduceRun, title: str = "qnetsim reproduce") -> HtmlReport:
    """The page of ``qnetsim reproduce --html DIR`` and ``qnetsim report``: the comparison
    with every published value, the figures, then each scenario at its own parameters."""
    report = HtmlReport(title)
    records = run.records
    if records:
        compared = [r for r in records if r.verdict in ("agrees", "differs")]
        n_ok = sum(1 for r in compared if r.verdict == "agrees")
        text = (
            f"{n_ok} of {len(compared)} published values agree within 2 sigma (simulation "
            "statistics and published uncertainty combined). No input is adjusted to reach "
            "a published output"
            + (
                f"; {len(records) - len(compared)} calibration point(s) fixed fitted inputs."
                if len(compared) < len(records)
                else "."
            )
        )
        (report.paragraph if n_ok == len(compared) else report.warning)(text)
        for r in _finite(records):
            if is_fidelity(r.quantity) and is_entangled(r.simulated) is False:
                report.warning(f"{r.experiment}: {r.label} = {r.simulated:.4g}: {NOT_ENTANGLED}")
        report.heading("simulation against publication")
        report.raw_table(records_html(records))
    if run.interrupted:
        report.warning(f"interrupted after {run.done} of {run.total} scenario points")
    figures = reproduce_figures(run.scenarios, records)
    if figures:
        report.heading("figures")
        for name, fig in figures.items():
            report.figure(fig, name.removesuffix(".png").replace("_", " "))
    for scn in run.scenarios:
        result = run.results.get((scn.name, "{}")) or next(
            (r for (n, _), r in run.results.items() if n == scn.name), None
        )
        if result is not None:
            add_scenario(report, result, figure=not figures or not scn.doc["published"])
    return report


def sweep_report(
    scenario: Scenario, points: Sequence[Any], axes: Sequence[str], quantities: Sequence[str]
) -> HtmlReport:
    """The page of ``qnetsim sweep FILE --html DIR``: every point's quantities (units in the
    column names), the figure of the chosen quantities, the file as written."""
    from qnetsim.report.sweep_plot import sweep_figure
    from qnetsim.report.tables import sweep_frame

    report = HtmlReport(f"qnetsim sweep: {scenario.title}")
    report.paragraph(f"scenario file: {scenario.source}; axes: {', '.join(axes)}", "note")
    frame = sweep_frame(points)
    for q in quantities:
        if is_fidelity(q) and q in frame and (frame[q] <= THRESHOLD).any():
            report.warning(f"{q}: some points deliver F <= {THRESHOLD:g}: {NOT_ENTANGLED}")
    report.table(frame, f"{len(frame)} points (one-sigma errors in the *_err columns)")
    if points and quantities:
        report.figure(sweep_figure(scenario, points, axes, quantities), scenario.title)
    path = Path(scenario.source)
    if path.is_file():
        report.preformatted(path.read_text(encoding="utf-8"), f"the scenario file {path.name}")
    return report
