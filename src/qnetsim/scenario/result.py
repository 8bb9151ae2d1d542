"""What an evaluation returns: :class:`Estimate` per quantity, gathered in a
:class:`ScenarioResult`, and the seed of one evaluation (:func:`evaluation_seed`).

Randomness: every evaluation draws from ``SeedSequence([run.seed, hash(overrides)])`` with
the overrides in canonical form (:func:`~qnetsim.scenario.loader.canonical_overrides`: typed
values, an override equal to the file's value dropped), so a point gives the same numbers
however its values are spelled and whether it runs alone, in a sweep or in parallel.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qnetsim.scenario.document import Scenario

__all__ = ["Z95", "Estimate", "ScenarioResult", "evaluation_seed", "tidy"]

#: Two-sided 95 % quantile of the standard normal (a 95 % interval is +- Z95 sigma).
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    """One simulated number: ``value`` with one-sigma statistical ``err`` (0 if exact)."""

    value: float
    err: float = 0.0
    unit: str = ""
    method: str = "closed form"


@dataclass(frozen=True)
class ScenarioResult:
    """The quantities of one scenario evaluation (at ``overrides``)."""

    scenario: Scenario
    overrides: Mapping[str, Any]
    quantities: dict[str, Estimate] = field(default_factory=dict)

    @property
    def notes(self) -> list[str]:
        """The scenario's notes, then what the run noticed (e.g. given fields that the chosen
        scheme does not use)."""
        return list(self.scenario.doc["scenario"]["notes"])

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "kind": self.scenario.kind,
            "overrides": dict(self.overrides),
            "quantities": {
                k: {"value": e.value, "err": e.err, "unit": e.unit, "method": e.method}
                for k, e in self.quantities.items()
            },
            "notes": self.notes,
        }


def evaluation_seed(seed: int, overrides: Mapping[str, Any]) -> np.random.SeedSequence:
    """The seed of one evaluation: the run seed and a stable hash of the overrides."""
    text = json.dumps(dict(overrides), sort_keys=True, default=str)
    digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
    return np.random.SeedSequence([seed, digest])


def tidy(e: Estimate) -> Estimate:
    """Round-off errors of identical samples (1e-18 on a fidelity) are reported as exact."""
    if e.err and math.isfinite(e.value) and e.err <= 1e-12 * max(abs(e.value), 1e-300):
        return Estimate(e.value, 0.0, e.unit, e.method)
    return e
