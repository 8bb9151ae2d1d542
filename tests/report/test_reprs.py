"""Every result has a short ``repr``, an HTML table for Jupyter and ``to_frame()`` (issue 16,
item 3)."""

from __future__ import annotations

from qnetsim import Link, evaluate, get_platform
from qnetsim.apps.qkd.key import key_rate
from qnetsim.experiments.reproduce import scenario_dir
from qnetsim.report.link_report import link_report
from qnetsim.scenario import load_scenario, run_scenario


def _check(obj: object, head: str) -> None:
    text = repr(obj)
    assert text.startswith(head) and len(text) < 300, text
    assert "<table" in obj._repr_html_()  # type: ignore[attr-defined]
    assert len(obj.to_frame()) >= 1  # type: ignore[attr-defined]


def test_result_scenario_key_and_link_report() -> None:
    link = Link(get_platform("ca_ion_ustc"), 10.0)
    _check(evaluate(link, "exact"), "<Result link by exact")
    _check(run_scenario(load_scenario(scenario_dir() / "stolk2024_nv.toml"), quick=True), "<")
    _check(key_rate("diqkd", chsh=2.6, qber=0.04, rounds=1e7), "<KeyResult diqkd/renyi")
    report = link_report(link, [("sampled", 200)], seed=1)
    assert "<table" in report._repr_html_() and len(report.to_frame()) >= 1
