"""The scenario kinds registry (qnetsim.scenario.kinds.KINDS): one module per kind, every
kind runs through the same pipeline, the schema and the loader ask the registry, and the
runner has no branch of its own on the kind."""

from __future__ import annotations

import ast
import importlib
import math
from collections import defaultdict
from pathlib import Path

import pytest

import qnetsim.scenario as scenario_package
from qnetsim.experiments.reproduce import scenario_dir
from qnetsim.scenario import closed_form, closed_form_quantities, run_scenario
from qnetsim.scenario.kinds import KINDS, Evaluation, Kind
from qnetsim.scenario.loader import (
    Scenario,
    canonical_overrides,
    load_scenario,
    parse_scenario,
    with_overrides,
)
from qnetsim.scenario.result import evaluation_seed
from qnetsim.scenario.schema import Field, ScenarioError, Table
from qnetsim.scenario.spec import KIND_NAMES, SCENARIO_SCHEMA

from .test_schema import BASE

REPO = Path(__file__).resolve().parents[2]
SCENARIO_DIR = Path(scenario_package.__file__).parent
#: Where example scenarios live: the packaged experiments, then the examples.
EXAMPLE_DIRS = (scenario_dir(), REPO / "examples" / "scenarios")
#: Small runs: every example finishes in a fraction of a second.
SMALL = {"run.quick_pairs": 200, "run.quick_duration_s": 5.0}


def _examples_by_kind() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = defaultdict(list)
    for folder in EXAMPLE_DIRS:
        for path in sorted(folder.glob("*.toml")):
            found[load_scenario(path).kind].append(path)
    return found


EXAMPLES = _examples_by_kind()


def test_every_kind_has_its_own_module() -> None:
    assert list(KINDS) == list(KIND_NAMES)
    for name, kind in KINDS.items():
        assert isinstance(kind, Kind) and kind.name == name
        module = importlib.import_module(f"qnetsim.scenario.kinds.{name}")
        assert module.KIND is kind, name
        assert kind.summary


def test_the_schema_asks_the_registry() -> None:
    """The kind field accepts exactly the registered kinds, and each kind's own table is
    the schema's table of that name."""
    head = SCENARIO_SCHEMA.fields["scenario"]
    assert isinstance(head, Table)
    field = head.fields["kind"]
    assert isinstance(field, Field) and tuple(field.choices or ()) == tuple(KINDS)
    for name, kind in KINDS.items():
        if kind.table is not None:
            assert SCENARIO_SCHEMA.fields[name] is kind.table
        names = closed_form_quantities(name, "diqkd")
        assert bool(names) == (kind.closed_form is not None), name


@pytest.mark.parametrize("name", list(KINDS))
def test_an_example_of_every_kind_runs_through_the_pipeline(name: str) -> None:
    assert EXAMPLES.get(name), f"no example scenario of kind {name!r} in {EXAMPLE_DIRS}"
    scn = load_scenario(EXAMPLES[name][0])
    result = run_scenario(scn, SMALL, quick=True)
    assert result.scenario.kind == name and result.as_dict()["kind"] == name
    assert result.quantities
    for key, estimate in result.quantities.items():
        assert math.isfinite(estimate.err) and estimate.err >= 0.0, key
    # the pipeline is build then run: the kind alone gives the same numbers
    kind = KINDS[name]
    applied = with_overrides(scn, SMALL)
    run = applied.doc["run"]
    evaluation = Evaluation(
        seed=evaluation_seed(run["seed"], canonical_overrides(scn, SMALL)),
        pairs=run["quick_pairs"],
        quick=True,
    )
    direct = kind.run(applied, kind.build(applied), evaluation)
    assert set(direct) == set(result.quantities)
    for key, estimate in direct.items():
        got = result.quantities[key]
        assert got.value == estimate.value or (math.isnan(got.value) and math.isnan(estimate.value))
    if kind.closed_form is not None:
        app = scn.doc["application"]["type"]
        assert set(closed_form(scn)) <= set(closed_form_quantities(name, app))


def test_an_unknown_kind_is_a_named_error() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(BASE.replace('kind = "link"', 'kind = "teleporter"'), "t.toml")
    assert info.value.key_path == "scenario.kind"
    assert "'teleporter'" in info.value.reason
    for name in KINDS:
        assert name in info.value.reason


def test_a_kind_without_closed_forms_says_which_kinds_have_them() -> None:
    scn = load_scenario(EXAMPLES["chain"][0])
    with pytest.raises(ScenarioError) as info:
        closed_form(scn)
    assert info.value.key_path == "scenario.kind"
    assert "'link', 'storage', 'memory_photon' or 'route'" in info.value.reason


def _kind_literals(path: Path) -> list[str]:
    """Comparisons with, and dictionary keys equal to, a kind's name in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        values: list[ast.expr] = []
        if isinstance(node, ast.Compare):
            values = [node.left, *node.comparators]
        elif isinstance(node, ast.Dict):
            values = [k for k in node.keys if k is not None]
        for v in values:
            items = v.elts if isinstance(v, (ast.Tuple, ast.List, ast.Set)) else [v]
            found += [
                f"{path.name}:{node.lineno}: {item.value!r}"
                for item in items
                if isinstance(item, ast.Constant) and item.value in KINDS
            ]
    return found


def test_no_kind_specific_branch_outside_the_kind_modules() -> None:
    """The runner, loader, schema and builders compare no value with a kind's name and key
    nothing by it: what depends on the kind is in its module."""
    files = list(SCENARIO_DIR.glob("*.py"))
    assert {"runner.py", "loader.py", "spec.py", "build.py"} <= {p.name for p in files}
    assert [hit for p in files for hit in _kind_literals(p)] == []


def test_scenario_type_is_shared() -> None:
    """The loader's Scenario is the one every kind receives (no second definition)."""
    from qnetsim.scenario.document import Scenario as DocumentScenario

    assert Scenario is DocumentScenario
