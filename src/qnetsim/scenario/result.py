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

from qnetsim.report.entanglement import entanglement_flag, is_entangled, is_fidelity
from qnetsim.scenario.document import Scenario

__all__ = ["Z95", "Estimate", "ScenarioResult", "evaluation_seed", "tidy"]

#: Two-sided 95 % quantile of the standard normal (a 95 % interval is +- Z95 sigma).
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    """One simulated number: ``value`` with one-sigma statistical ``err`` (0 if exact).

    A value or error that cannot be estimated (no pair delivered, a ratio with nothing
    below it, one or two pairs for a spread) is NaN or inf here and ``null`` with a
    ``reason`` in :meth:`ScenarioResult.as_dict`; ``reason`` says why (a default text when
    the kind gives none)."""

    value: float
    err: float = 0.0
    unit: str = ""
    method: str = "closed form"
    reason: str = ""

    @property
    def missing(self) -> str | None:
        """Why the value or its error is not a finite number (``None`` if both are)."""
        if math.isfinite(self.value) and math.isfinite(self.err):
            return None
        if self.reason:
            return self.reason
        if not math.isfinite(self.value):
            return (
                "not estimable from this run: no pair delivered, or a ratio to a rate "
                "of zero; run longer or with more pairs"
            )
        return "too few pairs for a statistical error; run more pairs"


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
        missing = [
            f"{k}: {'value' if not math.isfinite(e.value) else 'error'} not estimated: "
            f"{e.missing}"
            for k, e in self.quantities.items()
            if e.missing is not None
        ]
        return list(self.scenario.doc["scenario"]["notes"]) + missing

    def to_frame(self) -> Any:
        """The quantities as a pandas DataFrame (units in the column names)."""
        from qnetsim.report.tables import scenario_frame

        return scenario_frame(self)

    def __repr__(self) -> str:
        from qnetsim.report.tables import scenario_repr

        return scenario_repr(self)

    def _repr_html_(self) -> str:
        from qnetsim.report.tables import scenario_html

        return scenario_html(self)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "kind": self.scenario.kind,
            "overrides": dict(self.overrides),
            "quantities": {k: _quantity(k, e) for k, e in self.quantities.items()},
            "notes": self.notes,
        }


def _quantity(name: str, e: Estimate) -> dict[str, Any]:
    """One quantity for JSON: a value or error that is not finite is ``null``, with the
    reason; a fidelity says whether the pair is entangled (``entangled``, and ``flag`` =
    "not entangled (F <= 0.5)" when it is not: :mod:`qnetsim.report.entanglement`)."""
    out: dict[str, Any] = {
        "value": e.value if math.isfinite(e.value) else None,
        "err": e.err if math.isfinite(e.err) else None,
        "unit": e.unit,
        "method": e.method,
    }
    if e.missing is not None:
        out["reason"] = e.missing
    if is_fidelity(name) and is_entangled(e.value) is not None:
        out["entangled"] = is_entangled(e.value)
        if not out["entangled"]:
            out["flag"] = entanglement_flag(e.value)
    return out


def evaluation_seed(seed: int, overrides: Mapping[str, Any]) -> np.random.SeedSequence:
    """The seed of one evaluation: the run seed and a stable hash of the overrides."""
    text = json.dumps(dict(overrides), sort_keys=True, default=str)
    digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
    return np.random.SeedSequence([seed, digest])


def tidy(e: Estimate) -> Estimate:
    """Round-off errors of identical samples (1e-18 on a fidelity) are reported as exact."""
    if e.err and math.isfinite(e.value) and e.err <= 1e-12 * max(abs(e.value), 1e-300):
        return Estimate(e.value, 0.0, e.unit, e.method, e.reason)
    return e
