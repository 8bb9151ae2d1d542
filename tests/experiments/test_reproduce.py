"""``qnetsim reproduce``: every shipped experiment runs, every published value is compared."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qnetsim.experiments.reproduce import (
    RECORD_KEYS,
    records_json,
    reproduce,
    scenario_dir,
    scenario_files,
    verdict,
)
from qnetsim.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[2]

#: Every experiment of ../shared/reference/experiments.md sections 1-8 has a scenario, plus
#: the held-out Pompili 2021 three-node swap.
EXPECTED = {
    "yu2020_tpi_22km",
    "yu2020_spi_50km",
    "liu2024_hefei",
    "stolk2024_nv",
    "knaut2024_siv",
    "thomas2024_qd_memory",
    "liu2026_ions",
    "lu2026_diqkd",
    "yin2017_micius",
    # held-out prediction beyond sections 1-8: Pompili 2021 memory-assisted swapping
    "pompili2021_nv_swap",
}


@pytest.fixture(scope="module")
def quick_run() -> Any:
    return reproduce(quick=True)


def test_every_seed_experiment_has_a_scenario_with_sources() -> None:
    scenarios = [load_scenario(p) for p in scenario_files()]
    assert {s.name for s in scenarios} == EXPECTED
    for s in scenarios:
        assert s.doc["scenario"]["reference"], s.name
        assert s.doc["published"], s.name
        for entry in s.doc["published"]:
            assert entry["source"].strip(), (s.name, entry["quantity"])
            # a published value without uncertainty must say where its uncertainty came from
            if entry["error"] == 0 and entry["bound"] == "none":
                pytest.fail(f"{s.name}: {entry['quantity']} has neither error nor bound")
            quoted = "(" in entry["source"] or "+-" in entry["source"]  # e.g. 0.923(12)
            if entry["error"] and not quoted and not entry["error_note"]:
                pytest.fail(f"{s.name}: {entry['quantity']}: uncertainty not explained")


def test_examples_dir_points_at_the_shipped_scenarios() -> None:
    examples = REPO / "examples" / "experiments"
    assert sorted(p.name for p in examples.glob("*.toml")) == sorted(
        p.name for p in scenario_dir().glob("*.toml")
    )


def test_records_cover_every_published_value(quick_run: Any) -> None:
    n_published = sum(len(s.doc["published"]) for s in quick_run.scenarios)
    assert len(quick_run.records) == n_published
    assert not quick_run.interrupted and quick_run.done == quick_run.total
    for r in quick_run.records:
        assert math.isfinite(r.simulated), (r.experiment, r.quantity)
        assert r.simulated_err >= 0


def test_json_records_have_exactly_the_documented_keys(quick_run: Any) -> None:
    data = json.loads(records_json(quick_run.records))
    assert data and all(tuple(d) == RECORD_KEYS for d in data)
    detailed = json.loads(records_json(quick_run.records, details=True))
    assert all({"ratio", "verdict"} <= set(d) for d in detailed)


def test_evaluations_are_reproducible_and_independent_of_the_run(quick_run: Any) -> None:
    path = scenario_dir() / "liu2026_ions.toml"
    alone = reproduce([path], quick=True).records
    together = [r for r in quick_run.records if r.experiment == "liu2026_ions"]
    assert [(r.simulated, r.simulated_err) for r in alone] == [
        (r.simulated, r.simulated_err) for r in together
    ]


def test_interrupt_stops_cleanly_with_the_completed_points() -> None:
    def stop_after_two(tasks: Iterable[Any], total: int) -> Iterator[Any]:
        for i, task in enumerate(tasks):
            if i == 2:
                raise KeyboardInterrupt
            yield task

    run = reproduce(quick=True, progress=stop_after_two)
    assert run.interrupted and run.done == 2 and run.total > 2
    done = {name for name, _ in run.results}
    assert {r.experiment for r in run.records} <= done


def test_verdicts() -> None:
    assert verdict(1.0, 0.0, 1.0, 0.0) == "agrees"
    assert verdict(1.0, 0.01, 1.1, 0.03) == "differs"  # 0.1 > 2 * hypot(0.01, 0.03)
    assert verdict(1.0, 0.01, 1.05, 0.03) == "agrees"
    assert verdict(0.0, 0.0, 0.0, 0.0, bound="lower") == "differs"  # "positive" needs > 0
    assert verdict(1.2, 0.0, 1.0, 0.0, bound="upper") == "differs"
    assert verdict(math.nan, 0.0, 1.0, 1.0) == "differs"


def test_quick_figures(quick_run: Any, tmp_path: Path) -> None:
    from qnetsim.report.reproduce_plots import plot_reproduce

    paths = plot_reproduce(quick_run.scenarios, quick_run.records, tmp_path)
    assert {p.name for p in paths} == {
        "rate_fidelity_vs_distance.png",
        "key_rate_vs_distance.png",
        "storage.png",
        "satellite.png",
    }
    assert all(p.stat().st_size > 10_000 for p in paths)


def _record(**changes: Any) -> Any:
    from qnetsim.experiments.reproduce import Record

    base: dict[str, Any] = dict(
        experiment="x",
        quantity="key_rate",
        unit="",
        simulated=0.0,
        simulated_err=0.0,
        published=0.0,
        published_err=0.0,
        source="paper [A]",
        bound="lower",
        method="Monte Carlo (10 pairs)",
        title="X",
    )
    base.update(changes)
    return Record(**base)


def test_a_file_without_published_values_says_so(tmp_path: Path) -> None:
    from qnetsim.experiments.reproduce import format_records

    run = reproduce([REPO / "examples" / "scenarios" / "my_link.toml"], quick=True)
    assert run.records == [] and run.done == 1
    text = format_records(run.records)
    assert text.startswith("No published values to compare")
    assert "0 of 0" not in text and "the others" not in text


def test_published_bounds_are_shown_as_they_are_compared() -> None:
    from qnetsim.experiments.reproduce import format_records

    positive = _record()  # bound = "lower", value 0: compared as "> 0" (0 does not agree)
    assert positive.comparison == "> 0" and positive.verdict == "differs"
    assert "> 0" in format_records([positive]) and ">= 0" not in format_records([positive])
    assert _record(published=0.9).comparison == ">= 0.9"
    assert _record(bound="upper", published=1.0).comparison == "<= 1"
    assert _record(bound="none", published=0.5).comparison == "0.5"
    assert json.loads(records_json([positive], details=True))[0]["compared_as"] == "> 0"
    agree = format_records([_record(simulated=1.0)])
    assert "1 of 1 published values agree" in agree and "docs/experiments.md" not in agree


def test_details_in_the_text_table() -> None:
    from qnetsim.experiments.reproduce import format_records

    r = _record(simulated=0.5, at={"links[0].length_km": 100.0})
    plain, detailed = format_records([r]), format_records([r], details=True)
    assert "details:" not in plain
    assert "details: published lower bound > 0 at length_km = 100; simulated by Monte Carlo" in (
        detailed
    )
