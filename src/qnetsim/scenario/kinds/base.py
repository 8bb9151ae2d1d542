"""The interface every scenario kind implements (:class:`Kind`) and what one evaluation
passes to it (:class:`Evaluation`).

A kind says what its scenarios contain (its own schema table and the cross-checks a schema
cannot express), how to build the system a scenario describes (``build``), and how to
evaluate it (``run``, and ``closed_form`` when the kind has instant closed forms for curves).
The runner (:mod:`qnetsim.scenario.runner`) is the same pipeline for every kind: load,
look the kind up in :data:`qnetsim.scenario.kinds.KINDS`, build, run, collect the result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from qnetsim.hardware.platform import Platform
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.result import Estimate
from qnetsim.scenario.schema import Table

__all__ = ["Estimates", "Evaluation", "Kind"]

#: Quantity name -> estimate, what a kind's ``run`` and ``closed_form`` return.
Estimates = dict[str, Estimate]


@dataclass(frozen=True)
class Evaluation:
    """What one evaluation of a scenario passes to its kind's ``run``.

    Attributes:
        seed: the evaluation's seed (:func:`~qnetsim.scenario.result.evaluation_seed`); a
            kind draws all its randomness from it.
        pairs: Monte Carlo or event-engine pairs (``run.pairs``, or ``run.quick_pairs``
            with ``quick``).
        quick: the ``--quick`` setting (smaller runs).
        progress: ``progress(done, total)``, called by kinds that deliver pairs one by one
            (the chain) and can run long; ``None``: no reports.
    """

    seed: np.random.SeedSequence
    pairs: int
    quick: bool = False
    progress: Callable[[int, int], None] | None = None


def _no_notes(scenario: Scenario, model: Any) -> list[str]:
    del scenario, model
    return []


def _no_closed_form_quantities(application: str) -> tuple[str, ...]:
    del application
    return ()


@dataclass(frozen=True)
class Kind:
    """One kind of scenario (``[scenario] kind = NAME``).

    Attributes:
        name: the kind's name, also the key of its own table (``[star]``) if it has one.
        summary: one line for people.
        build: the system a scenario describes (a link, the links of a chain, ...), built
            from the validated document; errors are :class:`~qnetsim.scenario.ScenarioError`
            naming the key path, or model errors the runner maps with ``parameter_paths``.
        run: ``run(scenario, model, evaluation)``: every quantity of the kind, each with its
            statistical error.
        table: the kind's own schema table, ``None`` if it has none; a table without
            defaults to fill (``fill=False``) must be given in the file.
        check: cross-checks of a validated document that a schema cannot express (a star's
            end nodes are nodes); raise ``ScenarioError``.
        check_model: a model check run when the file is loaded (``check_model(scenario,
            platforms)``), for kinds whose model must build before anything runs.
        notes: notes on what the run noticed (``notes(scenario, model)``), e.g. given fields
            that the chosen scheme does not use.
        closed_form: ``closed_form(scenario, model)``: the instant closed-form quantities
            (what ``[[curves]]`` draw); ``None``: the kind has none.
        batch_closed_form: ``batch_closed_form(scenario, model)`` for a model whose nodes
            are stacked platforms (a batch of draws, :mod:`qnetsim.hardware.batch`): some
            of the ``closed_form`` quantities as arrays, one entry per draw (uncertainty
            bands use it, :mod:`qnetsim.scenario.bands`); ``None``: draws are evaluated
            one by one.
        closed_form_quantities: the names ``closed_form`` can return, given the application
            type (``[application] type``).
        uses_application: whether the ``[application]`` table applies to the kind.
        assumed: the kind's own assumed inputs that the file leaves unset, beyond the
            nodes' presets (``assumed(scenario)`` -> ``(key path, low, high, value, source)``
            each): what ``--uncertainty`` varies for a kind whose preset is not a platform.
        uses_network: whether the kind reads a network: ``[[edges]]`` and the network keys
            of the nodes (``position_km``, ``num_memories``, ``role``); other kinds reject
            them.
        parameter_paths: parameter names of the layers below -> the scenario key path behind
            them (what a model error is reported under).
        model_path: the key path a model error is reported under when its parameter is not
            in ``parameter_paths`` (default: ``name``).
    """

    name: str
    summary: str
    build: Callable[[Scenario], Any]
    run: Callable[[Scenario, Any, Evaluation], Estimates]
    table: Table | None = None
    check: Callable[[Mapping[str, Any], str], None] | None = None
    check_model: Callable[[Scenario, Mapping[str, Platform]], None] | None = None
    notes: Callable[[Scenario, Any], list[str]] = _no_notes
    closed_form: Callable[[Scenario, Any], Estimates] | None = None
    batch_closed_form: Callable[[Scenario, Any], Mapping[str, Any]] | None = None
    closed_form_quantities: Callable[[str], tuple[str, ...]] = _no_closed_form_quantities
    uses_application: bool = False
    uses_network: bool = False
    assumed: Callable[[Scenario], list[tuple[str, float, float, float, str]]] | None = None
    parameter_paths: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    model_path: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameter_paths", MappingProxyType(dict(self.parameter_paths)))
        if not self.model_path:
            object.__setattr__(self, "model_path", self.name)
