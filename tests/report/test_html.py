"""The self-contained HTML report (:mod:`qnetsim.report.html`, ``html_sections``): its parts,
that it loads nothing from elsewhere, and the warnings it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qnetsim.experiments.reproduce import ReproduceRun, reproduce, scenario_dir
from qnetsim.report.html import REPORT_NAME, HtmlReport
from qnetsim.report.html_sections import (
    entanglement_warnings,
    published_here,
    reproduce_report,
    scenario_report,
)
from qnetsim.scenario.loader import load_scenario
from qnetsim.scenario.result import Estimate, ScenarioResult
from qnetsim.scenario.runner import run_scenario

IONS = scenario_dir() / "liu2026_ions.toml"
STORAGE = scenario_dir() / "thomas2024_qd_memory.toml"


def assert_self_contained(page: str) -> None:
    """Nothing is fetched: no script, no style sheet or image from a URL, no import."""
    assert "<script" not in page.lower()
    assert "<link" not in page.lower() and "@import" not in page
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:|//|file:)""", page)
    assert not re.search(r"url\((?!#)", page)  # only references within the page


@pytest.fixture(scope="module")
def ions_run() -> ReproduceRun:
    return reproduce([IONS, STORAGE], quick=True)


def test_scenario_page_has_verdicts_tables_budget_figure_and_sources(tmp_path: Path) -> None:
    result = run_scenario(load_scenario(IONS), quick=True)
    report = scenario_report(result)
    page = report.render()
    assert_self_contained(page)
    assert report.figures == 1 and page.count("<svg") == 1
    assert "loss budget, largest first" in page and "time budget" in page
    assert "comparisons over 1 experiment(s)" in page  # the published values at this point
    assert "W.-Z. Liu et al., Nature 652, 51 (2026)" in page  # a platform parameter's source
    assert "the scenario file liu2026_ions.toml" in page
    assert "fibre length (km)" in page  # the figure's text stays text
    path = report.write(tmp_path / "out")
    assert path == tmp_path / "out" / REPORT_NAME and path.read_text() == page


def test_published_values_are_compared_only_at_their_own_point() -> None:
    scn = load_scenario(IONS)
    here = run_scenario(scn, quick=True)
    assert {r.quantity for r in published_here(here)} == {"fidelity", "chsh_s", "qber"}
    moved = ScenarioResult(scn, {"links[0].length_km": 60.0}, dict(here.quantities))
    assert published_here(moved) == []


def test_unentangled_pairs_are_warned_about_on_the_page() -> None:
    scn = load_scenario(IONS)
    result = ScenarioResult(scn, {}, {"fidelity": Estimate(0.475, 0.01)})
    (warning,) = entanglement_warnings(result)
    assert warning.startswith("fidelity = 0.475: not entangled")
    page = scenario_report(result).render()
    assert '<p class="warning">fidelity = 0.475: not entangled' in page


def test_reproduce_page_holds_the_comparison_and_the_figures(ions_run: ReproduceRun) -> None:
    report = reproduce_report(ions_run)
    page = report.render()
    assert_self_contained(page)
    assert "simulation against publication" in page
    n = sum(1 for r in ions_run.records if r.verdict in ("agrees", "differs"))
    assert f"of {n} published values agree within 2 sigma" in page
    # rate/fidelity, key rate (DI-QKD) and storage figures; each scenario's own section
    assert report.figures == 3 and page.count("<svg") == 3
    assert "USTC 2026" in page and "vapour memory" in page
    assert page.count("inputs and their sources") == 2


def test_html_escapes_every_text() -> None:
    r = HtmlReport("a <b> & c")
    r.warning("<script>alert(1)</script>")
    r.items(["x < y"])
    r.preformatted("<tag>", "file <x>")
    page = r.render()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<title>a &lt;b&gt; &amp; c</title>" in page


def test_sweep_page_flags_points_that_are_not_entangled() -> None:
    from qnetsim.report.html_sections import sweep_report
    from qnetsim.sweep import SweepPoint

    scn = load_scenario(IONS)
    points = [
        SweepPoint(str(d), {"links[0].length_km": d}, {
            "rate_hz": {"value": 1.0 / d, "err": 0.0, "unit": "Hz"},
            "fidelity": {"value": 0.9 - d / 200, "err": 0.01, "unit": ""},
        })
        for d in (10, 100, 150)
    ]  # fmt: skip
    report = sweep_report(scn, points, ["links[0].length_km"], ["rate_hz", "fidelity"])
    page = report.render()
    assert_self_contained(page)
    assert report.figures == 1 and report.tables == 1
    assert "fidelity: some points deliver F &lt;= 0.5: not entangled" in page
