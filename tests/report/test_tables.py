"""Results as pandas tables, short reprs and HTML tables (:mod:`qnetsim.report.tables`), with
every fidelity at or below 1/2 flagged "not entangled"."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.experiments.reproduce import Record, scenario_dir
from qnetsim.hardware import get_platform
from qnetsim.link.design import Link
from qnetsim.network.chains.designs import Design, DesignEvaluation, Plan, PlanTarget
from qnetsim.report.link_report import link_report
from qnetsim.report.tables import (
    column_name,
    link_report_frame,
    misses_by,
    plan_frame,
    plan_html,
    plan_repr,
    records_frame,
    records_html,
    records_repr,
    scenario_frame,
    scenario_html,
    scenario_repr,
    sweep_frame,
)
from qnetsim.scenario.loader import load_scenario
from qnetsim.scenario.result import Estimate, ScenarioResult
from qnetsim.sweep import SweepPoint

IONS = scenario_dir() / "liu2026_ions.toml"


@pytest.fixture(scope="module")
def weak_result() -> ScenarioResult:
    scn = load_scenario(IONS)
    q = {
        "rate_hz": Estimate(1.09, 0.01, "Hz", "Monte Carlo"),
        "fidelity": Estimate(0.37, 0.004, "", "Monte Carlo"),
        "fidelity_closed_form": Estimate(0.92),
        "loss_db[fibre arm A]": Estimate(1.0, 0.0, "dB"),
    }
    return ScenarioResult(scn, {"links[0].length_km": 50}, q)


def test_scenario_frame_repr_and_html(weak_result: ScenarioResult) -> None:
    frame = scenario_frame(weak_result)
    assert list(frame.columns) == ["value", "err_1sigma", "unit", "method", "flag"]
    assert frame.loc["rate_hz", "value"] == 1.09 and frame.loc["rate_hz", "unit"] == "Hz"
    assert frame.loc["fidelity", "flag"] == "not entangled (F <= 0.5)"
    assert frame.loc["fidelity_closed_form", "flag"] == ""
    text = scenario_repr(weak_result)
    assert text.startswith("<ScenarioResult liu2026_ions (link) at {'links[0].length_km': 50}")
    assert "rate_hz = 1.09 Hz" in text and "fidelity = 0.37 (not entangled (F <= 0.5))" in text
    assert len(text) < 300
    html = scenario_html(weak_result)
    assert html.count("<table") == 1 and "not entangled" in html and "USTC 2026" in html


def _record(quantity: str, sim: float, pub: float) -> Record:
    return Record("exp", quantity, "", sim, 0.01, pub, 0.01, "Paper, Fig. 2 [A]", title="Exp")


def test_records_frame_verdicts_and_flags() -> None:
    records = [_record("fidelity", 0.45, 0.46), _record("rate_hz", 2.0, 1.0)]
    frame = records_frame(records)
    assert list(frame["verdict"]) == ["agrees", "differs"]
    assert list(frame["flag"]) == ["not entangled (F <= 0.5)", ""]
    assert frame.loc[1, "ratio"] == 2.0 and frame.loc[0, "source"] == "Paper, Fig. 2 [A]"
    assert records_repr(records) == "<2 comparisons over 1 experiment(s): 1 agree, 1 differ>"
    assert '<td class="differs">differs</td>' in records_html(records)


def _plan(rate: float, fidelity: float, viable: bool = True) -> Plan:
    target = PlanTarget(100.0, 1.0, 0.8)
    ev = DesignEvaluation(Design(2, 10), rate, 0.1, fidelity, 0.01, target, viable)
    return Plan("nv_delft", target, ev, [ev])


def test_plan_tables_say_by_how_much_the_closest_design_misses() -> None:
    missed = _plan(0.25, 0.42)
    assert misses_by(missed.best) == "rate x4 short, fidelity 0.38 short"
    assert misses_by(_plan(2.0, 0.9).best) == ""
    assert misses_by(_plan(0.0, math.nan, viable=False).best).startswith("delivers no pairs")
    frame = plan_frame(missed)
    assert frame.loc[0, "misses_by"] == "rate x4 short, fidelity 0.38 short"
    assert not frame.loc[0, "entangled"] and not frame.loc[0, "meets_target"]
    text = plan_repr(missed)
    assert "F = 0.420 (not entangled (F <= 0.5))" in text
    assert "(closest design, misses: rate x4 short, fidelity 0.38 short)" in text
    assert "meets the target" in plan_repr(_plan(2.0, 0.9))
    assert plan_html(missed).count("<table") == 1


def test_link_report_frame_has_units_in_its_columns() -> None:
    link = Link(get_platform("rb_atom_lu2026"), 10.0)
    frame = link_report_frame(link_report(link, [("sampled", 200)], seed=1))
    assert list(frame.index) == ["closed form", "Monte Carlo (sampled, 200 pairs)"]
    assert {"rate_hz", "rate_ci_low_hz", "fidelity_delivered"} <= set(frame.columns)
    assert frame.loc["closed form", "rate_ci_low_hz"] == frame.loc["closed form", "rate_hz"]


def test_sweep_frame_one_row_per_point() -> None:
    points = [
        SweepPoint("a", {"links[0].length_km": d}, {
            "rate_hz": {"value": 1.0 / d, "err": 0.01, "unit": "Hz"},
            "snr": {"value": 3.0, "err": 0.0, "unit": "dB"},
        })
        for d in (10, 20)
    ]  # fmt: skip
    frame = sweep_frame(points)
    assert list(frame.columns) == [
        "links[0].length_km", "rate_hz", "rate_hz_err", "snr [dB]", "snr [dB]_err",
    ]  # fmt: skip
    assert np.allclose(frame["rate_hz"], [0.1, 0.05])
    assert column_name("key_rate_bits_per_s", "bit/s") == "key_rate_bits_per_s"
