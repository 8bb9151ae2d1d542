"""The tasks of a sweep: one per distinct point, keyed by a hash of what fixes its numbers.

:func:`task_key` hashes the scenario as written, the point's overrides in canonical form
(:func:`~qnetsim.scenario.loader.canonical_overrides`: ``11`` and ``11.0`` are one point, and
a value equal to the file's is no override), the quick flag and the qnetsim version. The same
canonical overrides seed the point (:func:`qnetsim.scenario.runner.evaluation_seed`:
``SeedSequence([run.seed, hash(canonical overrides)])``), so a point's numbers are those of
``qnetsim run --set ...`` at that point, whatever the number of workers or the order; the
seed is recorded with each result (:attr:`Task.seed_entropy`).

Replicates (:func:`with_seeds`): ``n`` copies of every point with ``run.seed`` derived from
a hash of the scenario, the point and the replicate index, so each replicate is its own task
with its own recorded seed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qnetsim import __version__
from qnetsim._validate import check_int
from qnetsim.errors import InvalidParameterError
from qnetsim.scenario.loader import Scenario, canonical_overrides, with_overrides
from qnetsim.scenario.runner import evaluation_seed

__all__ = ["Task", "make_tasks", "scenario_hash", "task_key", "with_seeds"]


def _digest(payload: Any, size: int = 12) -> str:
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def scenario_hash(scenario: Scenario) -> str:
    """Hash of the scenario as written: what makes two stores results of one sweep."""
    return _digest(scenario.raw)


def task_key(scenario: Scenario, overrides: Mapping[str, Any], quick: bool) -> str:
    """Hash of everything that determines a point's numbers: the scenario as written, the
    overrides in canonical form, the quick flag and the qnetsim version.

    Raises:
        ScenarioError: an override that does not validate.
    """
    return _digest(
        {
            "scenario": scenario.raw,
            "overrides": canonical_overrides(scenario, overrides),
            "quick": quick,
            "version": __version__,
        }
    )


@dataclass(frozen=True)
class Task:
    """One point to evaluate.

    Attributes:
        key: :func:`task_key` of the point.
        overrides: the overrides as asked for (key path -> value).
        canonical: the overrides in canonical form (what the key and the seed hash).
        seed: ``run.seed`` at this point.
        seed_entropy: the entropy of the point's ``SeedSequence`` (``[run.seed, digest]``):
            ``numpy.random.SeedSequence(seed_entropy)`` is the generator the point drew from.
    """

    key: str
    overrides: dict[str, Any]
    canonical: dict[str, Any]
    seed: int
    seed_entropy: tuple[int, ...]


def make_tasks(scenario: Scenario, points: Sequence[Mapping[str, Any]], quick: bool) -> list[Task]:
    """One task per point, in order (two spellings of one point are two tasks with one key).
    Every point is validated here, before anything runs.

    Raises:
        ScenarioError: a bad key path or value, naming the file and the key path.
    """
    out = []
    for p in points:
        ov = dict(p)
        applied = with_overrides(scenario, ov)
        canonical = canonical_overrides(scenario, ov, applied=applied)
        seed = int(applied.doc["run"]["seed"])
        entropy = evaluation_seed(seed, canonical).entropy
        values: list[Any] = list(entropy) if isinstance(entropy, list | tuple) else [entropy]
        out.append(
            Task(task_key(scenario, ov, quick), ov, canonical, seed, tuple(int(e) for e in values))
        )
    return out


def with_seeds(
    scenario: Scenario, points: Sequence[Mapping[str, Any]], n: int
) -> list[dict[str, Any]]:
    """``n`` replicates of every point, each with its own ``run.seed`` (below 2**48, so that
    it is exact as a float key) derived from the scenario, the point and the replicate index;
    points vary slowest, replicates fastest.

    Raises:
        InvalidParameterError: ``n`` < 1, or the points already set ``run.seed``.
    """
    count = check_int("--seeds", n, 1)
    base = scenario_hash(scenario)
    out = []
    for p in points:
        if "run.seed" in p:
            raise InvalidParameterError(
                "--seeds", n, "no run.seed axis", "replicate seeds replace run.seed"
            )
        point = canonical_overrides(scenario, p)
        for r in range(count):
            digest = _digest({"scenario": base, "point": point, "replicate": r}, size=6)
            out.append({**p, "run.seed": int(digest, 16)})
    return out
