"""Uncertainty bands of a scenario's quantities over its uncertain inputs (issue 13, items
1-2): what ``qnetsim run --uncertainty``, ``reproduce --uncertainty`` and
``calibrate`` compute.

The inputs (:func:`~qnetsim.scenario.uncertain.scenario_inputs`: the presets' assumed values
with their plausible ranges and the file's ``[[uncertain]]`` entries) are drawn together by
quasi-Monte Carlo (scrambled Sobol or Latin hypercube, :func:`~qnetsim.network.uncertainty.
design_points`), each draw is evaluated at every requested point, and each quantity gets its
median and its 68% and 95% bands (:class:`~qnetsim.network.uncertainty.Band`), with the
inputs that drive it (squared Spearman rank correlations, normalised:
:func:`~qnetsim.network.uncertainty.rank_shares`).

A draw is evaluated by the scenario's closed forms where its kind has them for every
quantity asked (``rate_hz`` is then ``rate_hz_closed_form``, the expectation the sampling
engines estimate), else by :func:`~qnetsim.scenario.runner.run_scenario` (the sampling
engines, quick settings by default), whose statistical spread then adds to the band.

Examples:
    >>> from qnetsim.experiments.reproduce import scenario_dir
    >>> from qnetsim.scenario.loader import load_scenario
    >>> scn = load_scenario(scenario_dir() / "stolk2024_nv.toml")
    >>> b = scenario_bands(scn, quantities=["rate_hz"], n=16)
    >>> band = b.points[0].bands["rate_hz"]
    >>> band.low95 <= band.median <= band.high95
    True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_int
from qnetsim.errors import QnetsimValueError
from qnetsim.hardware.batch import stack_platforms
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import Link
from qnetsim.network.uncertainty import Band, design_points, rank_shares
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.kinds import KINDS
from qnetsim.scenario.loader import with_overrides
from qnetsim.scenario.runner import closed_form, run_scenario
from qnetsim.scenario.schema import ScenarioError
from qnetsim.scenario.uncertain import UncertainInput, draw_overrides, scenario_inputs

__all__ = ["PointBands", "ScenarioBands", "evaluator", "scenario_bands"]

Evaluator = Callable[[Mapping[str, Any]], dict[str, float]]


def evaluator(
    scenario: Scenario, quantities: Sequence[str], *, quick: bool = True
) -> tuple[Evaluator, str]:
    """A function ``overrides -> {quantity: value}`` for ``quantities``, and its method:
    ``"closed form"`` where the kind's closed forms give every quantity (``q`` or
    ``q_closed_form``), else ``"simulation"`` (:func:`run_scenario`, quick settings unless
    ``quick`` is false).

    Raises:
        ScenarioError: a quantity the scenario does not compute (naming the known ones).
    """
    names = list(quantities)
    if KINDS[scenario.kind].closed_form is not None:
        cf = closed_form(scenario)
        mapping = {q: q if q in cf else f"{q}_closed_form" for q in names}
        if all(m in cf for m in mapping.values()):

            def from_closed_form(overrides: Mapping[str, Any]) -> dict[str, float]:
                values = closed_form(scenario, overrides)
                return {q: _closed_form_value(scenario, values, m) for q, m in mapping.items()}

            return from_closed_form, "closed form"
    known = run_scenario(scenario, quick=True).quantities
    missing = [q for q in names if q not in known]
    if missing:
        raise ScenarioError(
            scenario.source,
            "quantity",
            f"{missing[0]!r} is not computed by this scenario; known: {', '.join(sorted(known))}",
        )

    def from_run(overrides: Mapping[str, Any]) -> dict[str, float]:
        q = run_scenario(scenario, overrides, quick=quick).quantities
        return {name: float(q[name].value) for name in names}

    return from_run, "simulation" + (" (quick)" if quick else "")


#: Budget entries a link's closed form leaves out when they are zero (no loss in a
#: detection window that captures the whole photon, no time in a part that takes none).
_BUDGET_PREFIXES = ("loss_db[", "time_fraction[")


def _closed_form_value(scenario: Scenario, values: Mapping[str, float], name: str) -> float:
    """``values[name]``; a budget entry a draw leaves out is 0 (a draw whose window captures
    the whole photon has no window loss); anything else missing is a named error, so the
    draw counts as refused rather than ending the run with a traceback."""
    if name in values:
        return float(values[name])
    if name.startswith(_BUDGET_PREFIXES):
        return 0.0
    raise ScenarioError(scenario.source, "quantity", f"{name!r} is not computed for this draw")


@dataclass(frozen=True)
class PointBands:
    """The bands of one point (``at``: its overrides).

    Attributes:
        at: the point.
        central: quantity -> value with every input at its central (file or preset) value.
        bands: quantity -> :class:`Band` over the draws (failed draws left out).
        sensitivity: quantity -> input name -> share of the rank-correlation importance.
        values: quantity -> ``(n,)`` value of each draw (nan: the draw failed).
    """

    at: dict[str, Any]
    central: dict[str, float]
    bands: dict[str, Band]
    sensitivity: dict[str, dict[str, float]]
    values: dict[str, NDArray[np.float64]] = field(repr=False)


@dataclass(frozen=True)
class ScenarioBands:
    """Bands of a scenario's quantities at its points (see the module docstring)."""

    scenario: str
    inputs: tuple[UncertainInput, ...]
    samples: NDArray[np.float64] = field(repr=False)
    points: tuple[PointBands, ...]
    method: str
    failed: int = 0
    notes: tuple[str, ...] = ()

    def summary(self, top: int = 3) -> str:
        """Lines for a person: each point's bands and the inputs driving them."""
        lines = [
            f"Uncertainty bands over {len(self.inputs)} uncertain inputs, "
            f"{self.samples.shape[0]} draws ({self.method}):"
        ]
        for p in self.points:
            if p.at:
                lines.append("  at " + ", ".join(f"{k} = {v!r}" for k, v in p.at.items()))
            for q, b in p.bands.items():
                lines.append(
                    f"  {q}: central {p.central[q]:.4g}; median {b.median:.4g}, "
                    f"68% [{b.low68:.4g}, {b.high68:.4g}], 95% [{b.low95:.4g}, {b.high95:.4g}]"
                )
                lead = sorted(p.sensitivity[q].items(), key=lambda kv: -kv[1])[:top]
                lead = [(k, v) for k, v in lead if v > 0]
                if lead:
                    lines.append(
                        "    driven by " + ", ".join(f"{k} {100 * v:.0f}%" for k, v in lead)
                    )
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (no per-draw values)."""

        def num(x: float) -> float | None:
            return x if math.isfinite(x) else None

        return {
            "scenario": self.scenario,
            "method": self.method,
            "draws": int(self.samples.shape[0]),
            "failed_draws": self.failed,
            "inputs": [
                {
                    "name": x.name,
                    "low": x.low,
                    "high": x.high,
                    "distribution": x.distribution,
                    "central": x.central,
                    "source": x.source,
                }
                for x in self.inputs
            ],
            "points": [
                {
                    "at": p.at,
                    "quantities": {
                        q: {
                            "central": num(p.central[q]),
                            "median": num(b.median),
                            "low68": num(b.low68),
                            "high68": num(b.high68),
                            "band_low": num(b.low95),
                            "band_high": num(b.high95),
                            "sensitivity": p.sensitivity[q],
                        }
                        for q, b in p.bands.items()
                    },
                }
                for p in self.points
            ],
            "notes": list(self.notes),
        }


def scenario_bands(
    scenario: Scenario,
    points: Sequence[Mapping[str, Any]] | None = None,
    quantities: Sequence[str] | None = None,
    *,
    n: int = 128,
    design: str = "sobol",
    seed: int = 0,
    quick: bool = True,
    inputs: Sequence[UncertainInput] | None = None,
    exclude: Sequence[str] = (),
    base: Mapping[str, Any] | None = None,
) -> ScenarioBands:
    """Bands of ``quantities`` at each point of ``points`` over the scenario's uncertain
    inputs.

    Args:
        scenario: the scenario.
        points: overrides of each point (default: the file as it is).
        quantities: what to band (default: every quantity the scenario computes; the
            closed forms' where its kind has them).
        n: draws, in [8, 65536] (Sobol: rounded up to a power of two).
        design: ``"sobol"`` or ``"lhs"``.
        seed: seed of the design's scrambling.
        quick: sampling engines use the file's quick settings.
        inputs: the inputs to vary (default: :func:`scenario_inputs` at the first point).
        exclude: key paths not to vary.
        base: overrides applied under every draw (say, a calibration's fitted values).

    Raises:
        ScenarioError: a quantity not computed, an invalid point or input.
        InvalidParameterError: ``n`` or ``design`` out of range.
    """
    count = check_int("n", n, 8, 65536)
    pts = [dict(p) for p in (points if points is not None else [{}])]
    fixed = dict(base or {})
    ins = tuple(
        inputs
        if inputs is not None
        else scenario_inputs(scenario, {**fixed, **pts[0]}, exclude=[*exclude, *fixed])
    )
    names = list(quantities) if quantities is not None else _default_quantities(scenario)
    evaluate, method = evaluator(scenario, names, quick=quick)
    notes: list[str] = []
    if not ins:
        notes.append("no uncertain input: every band has zero width")
        unit = np.zeros((count, 0))
    else:
        unit = design_points(len(ins), count, design, seed)
        if unit.shape[0] < 4 * len(ins):
            notes.append(
                f"{unit.shape[0]} draws for {len(ins)} inputs: the bands are rough and small "
                "designs correlate inputs by chance, so the shares of who drives a band are "
                f"unreliable; use at least {4 * len(ins)} draws"
            )
    samples, rows = draw_overrides(ins, unit) if ins else (unit, [{} for _ in range(count)])
    failed = 0
    out: list[PointBands] = []
    labels = [x.name for x in ins]
    batched = (
        _batched_values(scenario, names, ins, rows, pts, fixed) if method == "closed form" else None
    )
    for j, at in enumerate(pts):
        central = evaluate({**fixed, **at})
        if batched is not None:
            vals = batched[j]
        else:
            vals = {q: np.full(len(rows), np.nan) for q in names}
            for i, row in enumerate(rows):
                try:
                    got = evaluate({**fixed, **row, **at})
                except ScenarioError:
                    failed += 1
                    continue
                for q in names:
                    vals[q][i] = got[q]
        bands: dict[str, Band] = {}
        sens: dict[str, dict[str, float]] = {}
        for q, v in vals.items():
            ok = np.isfinite(v)
            if not ok.any():
                nan = math.nan
                bands[q] = Band(nan, nan, nan, nan, nan)
                sens[q] = {k: 0.0 for k in labels}
                continue
            bands[q] = Band.of(v[ok])
            sens[q] = rank_shares(samples[ok], v[ok], labels) if labels else {}
        out.append(PointBands(dict(at), central, bands, sens, vals))
    if failed:
        notes.append(
            f"{failed} draw evaluations were refused by the model (an input combination "
            "outside its valid range) and are left out of the bands"
        )
    return ScenarioBands(scenario.name, ins, samples, tuple(out), method, failed, tuple(notes))


def _batched_values(
    scenario: Scenario,
    names: Sequence[str],
    ins: Sequence[UncertainInput],
    rows: Sequence[Mapping[str, Any]],
    pts: Sequence[Mapping[str, Any]],
    fixed: Mapping[str, Any],
) -> list[dict[str, NDArray[np.float64]]] | None:
    """Every draw at every point at once, where that gives the same numbers as evaluating
    the draws one by one: the kind has a ``batch_closed_form`` giving every quantity asked,
    the draws change only the nodes' hardware (each draw's system equals the central one
    but for its node platforms, checked draw by draw) and the points change only the link
    (its platforms are the same at every point). Each draw is still built, and so validated,
    on its own; the draws' platforms are stacked
    (:func:`~qnetsim.hardware.batch.stack_platforms`) and each point's system is evaluated
    once (:mod:`qnetsim.link.batch`). ``None`` where any condition fails (also where a point
    sets a drawn input, or a draw is refused: one by one then says at which points): the
    caller evaluates draw by draw."""
    kind = KINDS[scenario.kind]
    batch = kind.batch_closed_form
    drawn = {k for x in ins for k in x.keys}
    if batch is None or not ins or any(not k.startswith("nodes.") for k in drawn):
        return None
    if any(drawn & set(at) for at in pts):
        return None  # a point sets a drawn input: it wins over the draw there
    mapping = {q: q if q in _BATCHED_NAMES else f"{q}_closed_form" for q in names}
    if any(m not in _BATCHED_NAMES for m in mapping.values()):
        return None
    try:
        scns = [with_overrides(scenario, {**fixed, **at}) for at in pts]
        systems = [kind.build(x) for x in scns]
    except ScenarioError:
        return None
    if not all(isinstance(x, Link) for x in systems):
        return None
    ref = systems[0]
    if any((x.node_a, x.node_b) != (ref.node_a, ref.node_b) for x in systems):
        return None  # the points change the nodes' hardware
    node_a: list[Platform] = []
    node_b: list[Platform] = []
    for row in rows:
        try:
            link = kind.build(with_overrides(scenario, {**fixed, **row, **pts[0]}))
        except ScenarioError:
            return None  # a refused draw: one by one says at which points
        if dataclasses.replace(link, node_a=ref.node_a, node_b=ref.node_b) != ref:
            return None  # a draw changes more than the nodes' hardware
        node_a.append(link.node_a)
        node_b.append(link.b)
    try:
        stacked_a = stack_platforms(node_a)
        stacked_b = stack_platforms(node_b)
        out = []
        for scn, system in zip(scns, systems, strict=True):
            link = dataclasses.replace(system, node_a=stacked_a, node_b=stacked_b)
            got = batch(scn, link)
            out.append(
                {
                    q: np.broadcast_to(np.asarray(got[m], dtype=np.float64), (len(rows),)).copy()
                    for q, m in mapping.items()
                }
            )
    except QnetsimValueError:
        return None  # a draw the batch cannot answer: one by one names it
    return out


#: The quantities a kind's ``batch_closed_form`` may give.
_BATCHED_NAMES = (
    "success_probability",
    "rate_hz_closed_form",
    "fidelity_closed_form",
    "fidelity_at_herald",
)


def _default_quantities(scenario: Scenario) -> list[str]:
    """Every quantity: the closed forms' (``rate_hz`` for ``rate_hz_closed_form``) where the
    kind has them, else every quantity of a quick run."""
    if KINDS[scenario.kind].closed_form is not None:
        names = [q.removesuffix("_closed_form") for q in closed_form(scenario)]
        return list(dict.fromkeys(names))
    return list(run_scenario(scenario, quick=True).quantities)
