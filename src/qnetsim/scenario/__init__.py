"""Scenario files: one TOML file describes a system and what to compute on it.

:func:`load_scenario` validates a file against :data:`SCENARIO_SCHEMA` (errors name the
file, the key path and the reason); :func:`run_scenario` evaluates it, optionally with
values replaced by key path. What each ``kind`` contains and computes is in its module of
:mod:`qnetsim.scenario.kinds`, registered in :data:`KINDS`. The format is documented in
``docs/scenarios.md``.
"""

from qnetsim.scenario.kinds import KINDS
from qnetsim.scenario.loader import (
    Scenario,
    canonical_overrides,
    load_scenario,
    parse_key_path,
    parse_scenario,
    with_overrides,
)
from qnetsim.scenario.runner import Estimate, ScenarioResult, closed_form, run_scenario
from qnetsim.scenario.schema import ScenarioError
from qnetsim.scenario.spec import SCENARIO_SCHEMA, closed_form_quantities

__all__ = [
    "KINDS",
    "SCENARIO_SCHEMA",
    "Estimate",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "canonical_overrides",
    "closed_form",
    "closed_form_quantities",
    "load_scenario",
    "parse_key_path",
    "parse_scenario",
    "run_scenario",
    "with_overrides",
]
