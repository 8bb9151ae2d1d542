"""Run a scenario: every quantity it defines, each with its statistical uncertainty.

One pipeline for every kind: the scenario (with overrides applied) -> its kind in
:data:`~qnetsim.scenario.kinds.KINDS` -> the system it describes (``kind.build``) -> its
quantities (``kind.run``) -> a :class:`ScenarioResult` mapping quantity names to
:class:`Estimate` (value, one-sigma statistical error, unit, method). What each kind
computes is in its module's docstring (:mod:`qnetsim.scenario.kinds.link`, ``star``,
``chain``, ``storage``, ``satellite``, ``memory_photon``); :func:`closed_form` gives the
instant closed forms of the kinds that have them (what ``[[curves]]`` draw).

Randomness: every evaluation draws from ``SeedSequence([run.seed, hash(overrides)])`` with
the overrides in canonical form (:func:`~qnetsim.scenario.loader.canonical_overrides`: typed
values, an override equal to the file's value dropped), so a point gives the same numbers
however its values are spelled and whether it runs alone, in a sweep or in parallel.

Errors the model raises while it is built or run (an ``InvalidParameterError`` of a layer
below) are re-raised as :class:`~qnetsim.files.schema.ScenarioError` naming the file and
the key path of the field behind them (``chain.cutoff_s``; the kind's ``parameter_paths``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from qnetsim.errors import QnetsimValueError
from qnetsim.scenario.kinds import KINDS, Evaluation, Kind, closed_form_kinds_text
from qnetsim.scenario.loader import Scenario, canonical_overrides, with_overrides
from qnetsim.scenario.result import Estimate, ScenarioResult, evaluation_seed, tidy
from qnetsim.scenario.schema import ScenarioError

__all__ = ["Estimate", "ScenarioResult", "closed_form", "evaluation_seed", "run_scenario"]


def _model_error(scn: Scenario, kind: Kind, exc: QnetsimValueError, quick: bool) -> ScenarioError:
    """``exc`` (raised while the model is built or run) as a :class:`ScenarioError` naming
    the file and the key path of the field behind it."""
    name = getattr(exc, "name", None)
    path = kind.parameter_paths.get(str(name), kind.model_path)
    if quick and path in ("run.pairs", "run.duration_s"):
        path = path.replace("run.", "run.quick_")
    reason = str(exc)
    if name is not None and path.endswith(str(name)) and reason.startswith(f"{name} = "):
        reason = reason[len(f"{name} = ") :]  # the key path already names it
    return ScenarioError(scn.source, path, reason)


def run_scenario(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    quick: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioResult:
    """Evaluate ``scenario`` (with ``overrides`` applied) and return its quantities.

    ``progress(done, total)`` is called as the event engine delivers pairs (chain scenarios,
    the ones that can run long); other kinds are vectorised or closed form and do not call it.

    The evaluation's seed is :func:`evaluation_seed` of ``run.seed`` and the canonical
    overrides (:func:`~qnetsim.scenario.loader.canonical_overrides`).

    Raises:
        ScenarioError: an invalid override, or a value the model rejects when it is built
            (naming the file and the key path).
    """
    ov = dict(overrides or {})
    scn = with_overrides(scenario, ov)
    run = scn.doc["run"]
    evaluation = Evaluation(
        seed=evaluation_seed(run["seed"], canonical_overrides(scenario, ov, applied=scn)),
        pairs=run["quick_pairs"] if quick else run["pairs"],
        quick=quick,
        progress=progress,
    )
    kind = KINDS[scn.kind]
    try:
        model = kind.build(scn)
        notes = kind.notes(scn, model)
        q = kind.run(scn, model, evaluation)
    except ScenarioError:
        raise
    except QnetsimValueError as exc:
        raise _model_error(scn, kind, exc, quick) from None
    if notes:
        head = dict(scn.doc["scenario"])
        head["notes"] = [*head["notes"], *notes]
        scn = dataclasses.replace(scn, doc={**scn.doc, "scenario": head})
    return ScenarioResult(scn, ov, {k: tidy(e) for k, e in q.items()})


def closed_form(scenario: Scenario, overrides: Mapping[str, Any] | None = None) -> dict[str, float]:
    """The instant closed-form quantities of a scenario whose kind has them (``link``,
    ``storage``, ``memory_photon``; their names:
    :func:`~qnetsim.scenario.spec.closed_form_quantities`; which ``loss_db[...]`` a link has
    depends on its scheme and hardware).

    Raises:
        ScenarioError: a kind without closed forms, an invalid override, or a value the
            model rejects.
    """
    scn = with_overrides(scenario, dict(overrides or {}))
    kind = KINDS[scn.kind]
    if kind.closed_form is None:
        raise ScenarioError(
            scn.source,
            "scenario.kind",
            f"closed-form curves need kind = {closed_form_kinds_text()}",
        )
    try:
        values = kind.closed_form(scn, kind.build(scn))
    except ScenarioError:
        raise
    except QnetsimValueError as exc:
        raise _model_error(scn, kind, exc, quick=False) from None
    return {k: e.value for k, e in values.items()}
