"""Calibration of a scenario's free inputs to measured points, and prediction from it
(issue 13, items 3-4): ``qnetsim calibrate`` and the calibrated column of ``qnetsim
reproduce``.

The named free inputs (key paths; a hardware field of a node whose platform other nodes
share moves them all, as :func:`~qnetsim.scenario.uncertain.scenario_inputs` ties them) are
fitted to the measured points by weighted least squares (:func:`~qnetsim.scenario.fit.
weighted_fit`), every other input at the file's value. The result carries the fitted values
with their uncertainties and correlations, ``chi^2`` per degree of freedom, and warnings
when a fitted value leaves its plausible range, ends on a bound, is not fixed by the data,
or the fit is poor (p < 0.01).

A calibrated scenario predicts any other point (:meth:`Calibration.predict`): the quantity
at the fitted values, and its band from the fitted values' covariance (a quasi-random
multivariate normal, :class:`scipy.stats.qmc.MultivariateNormalQMC`), conditional on the
other inputs at the file's values.

Models are evaluated by the closed forms where the kind has them for every quantity, else by
the sampling engines with the file's seed (a simulated objective is noisy: prefer closed-form
quantities for calibration).

Examples:
    >>> from qnetsim.experiments.reproduce import scenario_dir
    >>> from qnetsim.scenario.loader import load_scenario
    >>> from qnetsim.scenario.measured import MeasuredPoint
    >>> scn = load_scenario(scenario_dir() / "stolk2024_nv.toml")
    >>> cal = calibrate(scn, [MeasuredPoint("success_probability", 7.2e-6, 0.05e-6)],
    ...                 ["nodes.A.emitter.emission_efficiency"])
    >>> cal.free[0].name
    'nodes.A+B.emitter.emission_efficiency'
    >>> bool(abs(cal.fit.predictions[0] - 7.2e-6) < 1e-8)
    True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import qmc

from qnetsim._validate import check_int
from qnetsim.network.uncertainty import Band
from qnetsim.scenario.bands import evaluator
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.fit import FitResult, weighted_fit
from qnetsim.scenario.measured import MeasuredPoint
from qnetsim.scenario.schema import ScenarioError
from qnetsim.scenario.uncertain import current_value, field_bounds, node_groups, scenario_inputs

__all__ = ["Calibration", "FreeInput", "Prediction", "calibrate", "free_inputs"]

P_POOR = 0.01


@dataclass(frozen=True)
class FreeInput:
    """A fitted input: its name, the key paths it sets, its starting (file) value, the
    valid bounds and, where known, its plausible range and the range's source."""

    name: str
    keys: tuple[str, ...]
    start: float
    bounds: tuple[float, float]
    plausible: tuple[float, float] | None = None
    plausible_source: str = ""


def free_inputs(scenario: Scenario, keys: Sequence[str]) -> tuple[FreeInput, ...]:
    """The free inputs named by ``keys``.

    Raises:
        ScenarioError: a key that names no value of the scenario, a value that is not a
            number, or a key named twice.
    """
    if not keys:
        raise ScenarioError(scenario.source, "free", "no free input named; name at least one")
    groups = {n: names for names, _ in node_groups(scenario) for n in names}
    ranges = {x.keys[0]: x for x in scenario_inputs(scenario)}
    out: list[FreeInput] = []
    seen: set[str] = set()
    for key in keys:
        try:
            value = current_value(scenario, key)
        except ScenarioError as exc:
            raise ScenarioError(scenario.source, "free", f"{key!r}: {exc.reason}") from None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ScenarioError(
                scenario.source, "free", f"{key!r} is {value!r}, not a number to fit"
            )
        parts = key.split(".")
        keys_: tuple[str, ...] = (key,)
        name = key
        if parts[0] == "nodes" and len(parts) == 4 and len(groups.get(parts[1], [])) > 1:
            names = groups[parts[1]]
            keys_ = tuple(f"nodes.{n}.{parts[2]}.{parts[3]}" for n in names)
            name = f"nodes.{'+'.join(names)}.{parts[2]}.{parts[3]}"
        if seen & set(keys_):
            raise ScenarioError(scenario.source, "free", f"{key!r} is named twice")
        seen |= set(keys_)
        lo, hi = field_bounds(scenario, key)
        known = ranges.get(keys_[0])
        out.append(
            FreeInput(
                name=name,
                keys=keys_,
                start=float(value),
                bounds=(-math.inf if lo is None else lo, math.inf if hi is None else hi),
                plausible=None if known is None else (known.low, known.high),
                plausible_source="" if known is None else known.source,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Prediction:
    """A calibrated prediction: the value at the fitted inputs and its band."""

    quantity: str
    at: dict[str, Any]
    value: float
    band: Band


@dataclass(frozen=True)
class Calibration:
    """The fitted free inputs of a scenario (see the module docstring)."""

    scenario: Scenario
    points: tuple[MeasuredPoint, ...]
    free: tuple[FreeInput, ...]
    fit: FitResult
    method: str
    warnings: tuple[str, ...]

    @property
    def values(self) -> dict[str, float]:
        """Free input name -> fitted value."""
        return {f.name: float(v) for f, v in zip(self.free, self.fit.x, strict=True)}

    @property
    def errors(self) -> dict[str, float]:
        """Free input name -> one-sigma uncertainty of the fitted value."""
        return {f.name: float(e) for f, e in zip(self.free, self.fit.errors, strict=True)}

    def overrides(self, x: Sequence[float] | None = None) -> dict[str, float]:
        """The key-path overrides that set the fitted values (or ``x``)."""
        vals = self.fit.x if x is None else x
        return {k: float(v) for f, v in zip(self.free, vals, strict=True) for k in f.keys}

    def predict(
        self,
        quantities: Sequence[str],
        at: Mapping[str, Any] | None = None,
        *,
        n: int = 64,
        seed: int = 0,
    ) -> dict[str, Prediction]:
        """Each quantity at the point ``at`` with the fitted inputs, and its band from the
        fitted inputs' covariance (``n`` draws, clipped to the inputs' valid bounds).

        Raises:
            ScenarioError: a quantity the scenario does not compute, an invalid point.
        """
        count = check_int("n", n, 8, 65536)
        point = dict(at or {})
        evaluate, _ = evaluator(self.scenario, quantities)
        central = evaluate({**point, **self.overrides()})
        cov = self.fit.covariance
        if not np.all(np.isfinite(cov)):
            nan = math.nan
            return {
                q: Prediction(q, point, central[q], Band(nan, nan, nan, nan, nan))
                for q in quantities
            }
        draws = qmc.MultivariateNormalQMC(self.fit.x, cov, seed=seed).random(count)
        lo = np.array([f.bounds[0] for f in self.free])
        hi = np.array([f.bounds[1] for f in self.free])
        draws = np.clip(draws, lo, hi)
        values = {q: np.full(count, np.nan) for q in quantities}
        for i, row in enumerate(draws):
            try:
                got = evaluate({**point, **self.overrides(row)})
            except ScenarioError:
                continue
            for q in quantities:
                values[q][i] = got[q]
        out = {}
        for q in quantities:
            v = values[q][np.isfinite(values[q])]
            band = Band.of(v) if v.size else Band(*(math.nan,) * 5)
            out[q] = Prediction(q, point, central[q], band)
        return out

    def summary(self) -> str:
        """Lines for a person: fitted values, correlations, goodness of fit, warnings."""
        f = self.fit
        lines = [
            f"Calibrated {len(self.free)} free input(s) to {len(self.points)} measured point(s) "
            f"({self.method}):"
        ]
        for item, v, e in zip(self.free, f.x, f.errors, strict=True):
            plaus = (
                f"; plausible [{item.plausible[0]:.4g}, {item.plausible[1]:.4g}]"
                if item.plausible
                else ""
            )
            lines.append(f"  {item.name} = {v:.6g} +- {e:.2g} (file: {item.start:.6g}{plaus})")
        if len(self.free) > 1:
            lines.append("  correlations:")
            corr = f.correlation
            for i, a in enumerate(self.free):
                for j in range(i + 1, len(self.free)):
                    lines.append(f"    {a.name} ~ {self.free[j].name}: {corr[i, j]:+.3f}")
        if f.dof > 0:
            lines.append(
                f"  chi2 = {f.chi2:.4g} for {f.dof} degrees of freedom "
                f"(chi2/dof = {f.chi2_per_dof:.3g}, p = {f.p_value:.3g})"
            )
        else:
            lines.append(f"  chi2 = {f.chi2:.4g} with 0 degrees of freedom")
        lines.append("  points:")
        for p, pred, r in zip(self.points, f.predictions, f.residuals, strict=True):
            where = ", ".join(f"{k} = {v:g}" for k, v in p.at.items())
            lines.append(
                f"    {p.quantity}{' at ' + where if where else ''}: measured {p.value:.4g} +- "
                f"{p.uncertainty:.2g}, fitted {pred:.4g} ({r:+.2f} sigma)"
            )
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record of the calibration."""

        def num(x: float) -> float | None:
            return float(x) if math.isfinite(x) else None

        f = self.fit
        return {
            "scenario": self.scenario.name,
            "method": self.method,
            "free": [
                {
                    "name": item.name,
                    "keys": list(item.keys),
                    "value": num(v),
                    "error": num(e),
                    "start": item.start,
                    "plausible": list(item.plausible) if item.plausible else None,
                    "at_bound": b,
                }
                for item, v, e, b in zip(self.free, f.x, f.errors, f.at_bound, strict=True)
            ],
            "correlation": [[num(c) for c in row] for row in f.correlation],
            "chi2": f.chi2,
            "dof": f.dof,
            "chi2_per_dof": num(f.chi2_per_dof),
            "p_value": num(f.p_value),
            "points": [
                {
                    "quantity": p.quantity,
                    "at": p.at,
                    "measured": p.value,
                    "uncertainty": p.uncertainty,
                    "fitted": num(pred),
                    "residual_sigma": num(r),
                }
                for p, pred, r in zip(self.points, f.predictions, f.residuals, strict=True)
            ],
            "warnings": list(self.warnings),
        }


def calibrate(
    scenario: Scenario,
    points: Sequence[MeasuredPoint],
    free: Sequence[str],
    *,
    quick: bool = True,
) -> Calibration:
    """Fit the free inputs ``free`` (key paths) of ``scenario`` to ``points``.

    Deterministic: the closed forms have no randomness, and the sampling engines draw from
    the file's seed and the point (:func:`~qnetsim.scenario.runner.run_scenario`).

    Raises:
        ScenarioError: a free key that does not exist or is not numeric, a quantity the
            scenario does not compute, fewer points than free inputs.
    """
    pts = tuple(points)
    items = free_inputs(scenario, free)
    if len(pts) < len(items):
        raise ScenarioError(
            scenario.source,
            "free",
            f"{len(items)} free inputs need at least {len(items)} measured points; "
            f"the data have {len(pts)}",
        )
    quantities = sorted({p.quantity for p in pts})
    evaluate, method = evaluator(scenario, quantities, quick=quick)
    by_point: dict[str, list[int]] = {}
    for i, p in enumerate(pts):
        by_point.setdefault(repr(sorted(p.at.items())), []).append(i)

    def model(x: np.ndarray) -> np.ndarray:
        fitted = {k: float(v) for f, v in zip(items, x, strict=True) for k in f.keys}
        out = np.empty(len(pts))
        for idx in by_point.values():
            try:
                got = evaluate({**pts[idx[0]].at, **fitted})
            except ScenarioError:
                out[idx] = np.nan
                continue
            for i in idx:
                out[i] = got[pts[i].quantity]
        return out

    fit = weighted_fit(
        model,
        [f.start for f in items],
        [p.value for p in pts],
        [p.uncertainty for p in pts],
        bounds=([f.bounds[0] for f in items], [f.bounds[1] for f in items]),
    )
    return Calibration(scenario, pts, items, fit, method, tuple(_warnings(items, fit)))


def _warnings(items: Sequence[FreeInput], fit: FitResult) -> list[str]:
    out = []
    for item, v, e, b in zip(items, fit.x, fit.errors, fit.at_bound, strict=True):
        if item.plausible and not item.plausible[0] <= v <= item.plausible[1]:
            out.append(
                f"{item.name} = {v:.4g} leaves its plausible range [{item.plausible[0]:.4g}, "
                f"{item.plausible[1]:.4g}] ({item.plausible_source}): the model may lack an "
                "effect the data show, or the range is wrong"
            )
        if b:
            out.append(f"{item.name} ended on a bound of its valid range; its error is unreliable")
        if not math.isfinite(e):
            out.append(
                f"{item.name} is not fixed by these data (the fit does not depend on it, or "
                "only in a combination with another free input)"
            )
    if not fit.success:
        out.append(f"the optimiser did not converge: {fit.message}")
    if fit.dof == 0:
        out.append(
            "as many free inputs as points: the fit passes through them and cannot be tested"
        )
    elif fit.p_value < P_POOR:
        out.append(
            f"poor fit: chi2/dof = {fit.chi2_per_dof:.3g} (p = {fit.p_value:.2g}); the model "
            "does not describe the data within their uncertainties, so the fitted "
            "uncertainties are too small"
        )
    return out
