"""``qnetsim reproduce``: every seed experiment simulated from its published parameters and
compared with its published results.

The scenarios live in ``qnetsim/experiments/scenarios/`` (shipped with the package; the
repository's ``examples/experiments`` points there). Each ``[[published]]`` entry of a
scenario is one comparison: the scenario is run at the entry's ``at`` values (runs with the
same ``at`` are shared) and the simulated quantity, with its one-sigma statistical
uncertainty, is set against the published value and its uncertainty.

Verdict (:func:`verdict`): a point value *agrees* when ``|sim - pub| <= 2 sigma`` with
``sigma = hypot(sim_err, pub_err)``; a published bound agrees when the simulated value is on
its side within ``2 sigma``. Otherwise it *differs*, and ``docs/experiments.md`` explains
the likely cause. No input is ever adjusted to reach an output.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from qnetsim import doc_path
from qnetsim.network.uncertainty import Band
from qnetsim.scenario.bands import scenario_bands
from qnetsim.scenario.calibrate import Calibration, calibrate
from qnetsim.scenario.loader import Scenario, load_scenario
from qnetsim.scenario.measured import MeasuredPoint
from qnetsim.scenario.runner import Estimate, ScenarioResult, run_scenario

__all__ = [
    "RECORD_KEYS",
    "Record",
    "ReproduceRun",
    "format_records",
    "make_record",
    "records_json",
    "reproduce",
    "scenario_dir",
    "scenario_files",
    "verdict",
]

#: The keys of every JSON record, in order.
RECORD_KEYS = (
    "experiment",
    "quantity",
    "unit",
    "simulated",
    "simulated_err",
    "published",
    "published_err",
    "source",
    "role",
    "calibrated",
    "band_low",
    "band_high",
)


def scenario_dir() -> Path:
    """The directory of the shipped experiment scenarios."""
    return Path(str(resources.files("qnetsim.experiments") / "scenarios"))


def scenario_files(directory: str | Path | None = None) -> list[Path]:
    """The ``*.toml`` scenarios of ``directory`` (default: the shipped ones), sorted."""
    d = Path(directory) if directory is not None else scenario_dir()
    return sorted(d.glob("*.toml"))


def _at_text(at: dict[str, Any]) -> str:
    def short(v: Any) -> str:
        return (
            f"{v:g}" if isinstance(v, float) else str(v).lower() if isinstance(v, bool) else str(v)
        )

    return ", ".join(f"{k.split('.')[-1]} = {short(v)}" for k, v in at.items())


def verdict(sim: float, sim_err: float, pub: float, pub_err: float, bound: str = "none") -> str:
    """``"agrees"`` or ``"differs"`` (see the module docstring).

    Examples:
        >>> verdict(1.0, 0.1, 1.15, 0.0), verdict(1.0, 0.1, 1.3, 0.0)
        ('agrees', 'differs')
        >>> verdict(0.95, 0.01, 0.90, 0.0, bound="lower")
        'agrees'
    """
    if not math.isfinite(sim):
        return "differs"
    sigma = math.hypot(sim_err, pub_err)
    if bound == "lower":
        return "agrees" if sim + 2 * sigma >= pub and (pub != 0 or sim > 0) else "differs"
    if bound == "upper":
        return "agrees" if sim - 2 * sigma <= pub else "differs"
    return "agrees" if abs(sim - pub) <= 2 * sigma else "differs"


@dataclass(frozen=True)
class Record:
    """One comparison of a simulated and a published value."""

    experiment: str
    quantity: str
    unit: str
    simulated: float
    simulated_err: float
    published: float
    published_err: float
    source: str
    at: dict[str, Any] = field(default_factory=dict)
    bound: str = "none"
    method: str = ""
    title: str = ""
    role: str = "held_out"
    calibrated: float | None = None
    calibrated_err: float = 0.0
    band_low: float | None = None
    band_high: float | None = None

    @property
    def ratio(self) -> float:
        """``simulated / published`` (nan for a published zero)."""
        return self.simulated / self.published if self.published else math.nan

    @property
    def verdict(self) -> str:
        """``"agrees"`` or ``"differs"`` (a priori), or ``"calibration"`` for a point the
        scenario's free inputs were fitted to (never counted as agreement)."""
        if self.role == "calibration":
            return "calibration"
        return verdict(
            self.simulated, self.simulated_err, self.published, self.published_err, self.bound
        )

    @property
    def apriori_verdict(self) -> str:
        """The a priori comparison (for a calibration point too: shown, never counted)."""
        return verdict(
            self.simulated, self.simulated_err, self.published, self.published_err, self.bound
        )

    @property
    def calibrated_verdict(self) -> str | None:
        """The calibrated prediction's verdict (``None`` without a calibration)."""
        if self.calibrated is None:
            return None
        if self.role == "calibration":
            return "calibration"
        return verdict(
            self.calibrated, self.calibrated_err, self.published, self.published_err, self.bound
        )

    @property
    def in_band(self) -> bool | None:
        """Whether the published value meets the a priori 95% band (``None``: no band): a
        point value within 2 of its sigmas of the band, a lower bound at or below the band's
        top, an upper bound at or above its bottom."""
        if self.band_low is None or self.band_high is None:
            return None
        if self.bound == "lower":
            return self.band_high >= self.published
        if self.bound == "upper":
            return self.band_low <= self.published
        reach = 2 * self.published_err
        return self.band_low - reach <= self.published <= self.band_high + reach

    @property
    def comparison(self) -> str:
        """The published value as :func:`verdict` compares it: ``0.9``, ``>= 0.9``,
        ``<= 1``, or ``> 0`` for a lower bound of zero ("positive": zero does not agree)."""
        if self.bound == "lower":
            sign = "> " if self.published == 0 else ">= "
        else:
            sign = "<= " if self.bound == "upper" else ""
        return f"{sign}{_fmt(self.published)}"

    @property
    def label(self) -> str:
        """The quantity with the point it was measured at, e.g. ``fidelity (length_km = 101)``."""
        return f"{self.quantity} ({_at_text(self.at)})" if self.at else self.quantity

    def as_dict(self, details: bool = False) -> dict[str, Any]:
        def num(x: float) -> float | None:
            return x if math.isfinite(x) else None

        out: dict[str, Any] = {
            "experiment": self.experiment,
            "quantity": self.label,
            "unit": self.unit,
            "simulated": num(self.simulated),
            "simulated_err": num(self.simulated_err),
            "published": self.published,
            "published_err": self.published_err,
            "source": self.source,
            "role": self.role,
            "calibrated": None if self.calibrated is None else num(self.calibrated),
            "band_low": None if self.band_low is None else num(self.band_low),
            "band_high": None if self.band_high is None else num(self.band_high),
        }
        if details:
            out.update(
                ratio=num(self.ratio),
                verdict=self.verdict,
                bound=self.bound,
                at=self.at,
                method=self.method,
                compared_as=self.comparison,
                calibrated_verdict=self.calibrated_verdict,
                apriori_verdict=self.apriori_verdict,
                in_band=self.in_band,
            )
        return out


@dataclass
class ReproduceRun:
    """What :func:`reproduce` did: records, the scenarios and their evaluations."""

    records: list[Record] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    results: dict[tuple[str, str], ScenarioResult] = field(default_factory=dict)
    interrupted: bool = False
    done: int = 0
    total: int = 0
    calibrations: dict[str, Calibration] = field(default_factory=dict)

    def to_frame(self) -> Any:
        """The comparisons as a pandas DataFrame (one row each; units in the column names or
        a ``unit`` column)."""
        from qnetsim.report.tables import records_frame

        return records_frame(self.records)

    def __repr__(self) -> str:
        from qnetsim.report.tables import records_repr

        return records_repr(self.records)

    def _repr_html_(self) -> str:
        from qnetsim.report.tables import records_html

        return records_html(self.records)


def _key(at: dict[str, Any]) -> str:
    return json.dumps(at, sort_keys=True)


def _tasks(scenarios: Sequence[Scenario]) -> list[tuple[Scenario, dict[str, Any]]]:
    tasks: list[tuple[Scenario, dict[str, Any]]] = []
    for scn in scenarios:
        seen: set[str] = set()
        for entry in scn.doc["published"]:
            k = _key(entry["at"])
            if k not in seen:
                seen.add(k)
                tasks.append((scn, dict(entry["at"])))
        if not scn.doc["published"]:
            tasks.append((scn, {}))
    return tasks


def reproduce(
    paths: Iterable[str | Path] | None = None,
    *,
    quick: bool = False,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
    uncertainty: int | None = None,
    calibrated: bool = True,
) -> ReproduceRun:
    """Run every scenario at every published point and build the comparison records.

    Args:
        paths: scenario files (default: every shipped scenario).
        quick: use each scenario's ``quick_pairs`` / ``quick_duration_s``.
        progress: wraps the task iterable (e.g. a progress bar): ``progress(tasks, total)``.
        uncertainty: draws of the a priori bands (:func:`~qnetsim.scenario.bands.
            scenario_bands`; ``None``: no bands, ``band_low``/``band_high`` stay ``None``).
        calibrated: for a scenario with ``[calibration] free`` inputs, fit them to its
            ``role = "calibration"`` entries and predict the held-out ones (the
            ``calibrated`` column).

    A ``KeyboardInterrupt`` stops the run cleanly: the records so far are returned with
    ``interrupted = True``.
    """
    files = list(paths) if paths is not None else scenario_files()
    run = ReproduceRun(scenarios=[load_scenario(p) for p in files])
    tasks = _tasks(run.scenarios)
    run.total = len(tasks)
    iterable: Iterable[Any] = tasks if progress is None else progress(tasks, len(tasks))
    try:
        for scn, at in iterable:
            run.results[(scn.name, _key(at))] = run_scenario(scn, at, quick=quick)
            run.done += 1
    except KeyboardInterrupt:
        run.interrupted = True
    for scn in run.scenarios:
        entries = [
            (j, e)
            for j, e in enumerate(scn.doc["published"])
            if (scn.name, _key(e["at"])) in run.results
        ]
        if not entries:
            continue
        extra = _extras(scn, [e for _, e in entries], quick, uncertainty, calibrated)
        run.calibrations.update({scn.name: extra.calibration} if extra.calibration else {})
        for j, entry in entries:
            result = run.results[(scn.name, _key(entry["at"]))]
            est = result.quantities.get(entry["quantity"])
            if est is None:
                known = ", ".join(sorted(result.quantities))
                from qnetsim.scenario.schema import ScenarioError

                raise ScenarioError(
                    scn.source,
                    f"published[{j}].quantity",
                    f"{entry['quantity']!r} is not computed; known: {known}",
                )
            run.records.append(make_record(scn, entry, est, extra))
    return run


@dataclass
class _Extras:
    """A scenario's calibration and a priori bands, looked up per published entry."""

    calibration: Calibration | None = None
    predicted: dict[tuple[str, str], Estimate] = field(default_factory=dict)
    bands: dict[tuple[str, str], Band] = field(default_factory=dict)


def _extras(
    scn: Scenario,
    entries: Sequence[dict[str, Any]],
    quick: bool,
    uncertainty: int | None,
    calibrated: bool,
) -> _Extras:
    out = _Extras()
    points = {_key(e["at"]): dict(e["at"]) for e in entries}
    quantities = sorted({e["quantity"] for e in entries})
    if uncertainty is not None:
        b = scenario_bands(scn, list(points.values()), quantities, n=uncertainty)
        for at_key, pb in zip(points, b.points, strict=True):
            for q, band in pb.bands.items():
                out.bands[(at_key, q)] = band
    free = scn.doc["calibration"]["free"]
    if calibrated and free:
        measured = [
            MeasuredPoint(e["quantity"], e["value"], e["error"], dict(e["at"]))
            for e in scn.doc["published"]
            if e["role"] == "calibration"
        ]
        cal = calibrate(scn, measured, free, quick=quick)
        out.calibration = cal
        for at_key, at in points.items():
            result = run_scenario(scn, {**at, **cal.overrides()}, quick=quick)
            for q in quantities:
                if q in result.quantities:
                    out.predicted[(at_key, q)] = result.quantities[q]
    return out


def make_record(
    scn: Scenario, entry: Mapping[str, Any], est: Estimate, extra: _Extras | None = None
) -> Record:
    """The comparison of a ``[[published]]`` entry of ``scn`` with the estimate ``est``
    (and, from ``reproduce``, its calibrated prediction and a priori band)."""
    extra = extra if extra is not None else _Extras()
    k = (_key(entry["at"]), entry["quantity"])
    pred = extra.predicted.get(k)
    band = extra.bands.get(k)
    return Record(
        experiment=scn.name,
        quantity=entry["quantity"],
        unit=entry["unit"] or est.unit,
        simulated=est.value,
        simulated_err=est.err,
        published=entry["value"],
        published_err=entry["error"],
        source=entry["source"],
        at=dict(entry["at"]),
        bound=entry["bound"],
        method=est.method,
        title=scn.title,
        role=entry["role"],
        calibrated=None if pred is None else pred.value,
        calibrated_err=0.0 if pred is None else pred.err,
        band_low=None if band is None or not math.isfinite(band.low95) else band.low95,
        band_high=None if band is None or not math.isfinite(band.high95) else band.high95,
    )


def _fmt(x: float) -> str:
    if not math.isfinite(x):
        return str(x)
    return f"{x:.4g}"


def format_records(records: Sequence[Record], details: bool = False) -> str:
    """The comparison table for a person, grouped by experiment.

    Args:
        records: the comparisons (:attr:`ReproduceRun.records`).
        details: add a line per record with the bound, the point and the method of the
            simulated value (what ``records_json(details=True)`` adds).
    """
    if not records:
        return (
            "No published values to compare: the scenario files have no [[published]] "
            f"entries (see {doc_path('scenarios.md')})."
        )
    lines: list[str] = []
    current = None
    for r in records:
        if r.experiment != current:
            current = r.experiment
            lines += ["", f"{r.title}  [{r.experiment}]"]
            lines.append(
                f"  {'quantity':<44} {'simulated':>20} {'published':>20} {'ratio':>7}  verdict"
            )
        sim = (
            f"{_fmt(r.simulated)} +- {r.simulated_err:.1g}"
            if r.simulated_err
            else _fmt(r.simulated)
        )
        pub = r.comparison + (f" +- {r.published_err:.2g}" if r.published_err else "")
        ratio = _fmt(r.ratio) if math.isfinite(r.ratio) else "-"
        flag = {"agrees": "agrees", "calibration": "calibration"}.get(r.verdict, "DIFFERS")
        if r.role == "calibration":
            flag += f" (a priori {'agrees' if r.apriori_verdict == 'agrees' else 'DIFFERS'})"
        lines.append(f"  {r.label:<44} {sim:>20} {pub:>20} {ratio:>7}  {flag}")
        lines.append(f"      source: {r.source}")
        extra = []
        if r.band_low is not None and r.band_high is not None:
            meets = "meets it" if r.in_band else "OUTSIDE"
            extra.append(
                f"a priori 95% band [{_fmt(r.band_low)}, {_fmt(r.band_high)}] (published {meets})"
            )
        if r.calibrated is not None:
            cv = r.calibrated_verdict
            what = "fitted" if cv == "calibration" else ("agrees" if cv == "agrees" else "DIFFERS")
            extra.append(f"calibrated {_fmt(r.calibrated)} ({what})")
        if extra:
            lines.append("      " + "; ".join(extra))
        if details:
            bound = {"lower": "lower bound", "upper": "upper bound"}.get(r.bound, "point value")
            at = f" at {_at_text(r.at)}" if r.at else ""
            lines.append(
                f"      details: published {bound} {r.comparison}{at}; simulated by {r.method}"
            )
    held = [r for r in records if r.role != "calibration"]
    n_cal = len(records) - len(held)
    n_ok = sum(1 for r in held if r.verdict == "agrees")
    summary = (
        f"{n_ok} of {len(held)} published values agree within 2 sigma "
        "(simulation statistics and published uncertainty combined)"
    )
    if n_cal:
        bad = sum(1 for r in records if r.role == "calibration" and r.apriori_verdict != "agrees")
        summary += (
            f"; {n_cal} calibration points are fitted, not counted ({bad} of them differ a "
            "priori)"
        )
    if n_ok < len(held):
        summary += (
            f"; {doc_path('experiments.md')} explains the differences of the shipped experiments"
        )
    lines += ["", summary + "."]
    cal = [r for r in held if r.calibrated is not None]
    if cal:
        k = sum(1 for r in cal if r.calibrated_verdict == "agrees")
        lines.append(f"Calibrated: {k} of {len(cal)} held-out values agree within 2 sigma.")
    banded = [r for r in held if r.in_band is not None]
    if banded:
        k = sum(1 for r in banded if r.in_band)
        lines.append(
            f"A priori bands: {k} of {len(banded)} held-out published values meet the 95% band "
            "of the uncertain inputs (within 2 of their sigmas)."
        )
    return "\n".join(lines).lstrip("\n")


def records_json(records: Sequence[Record], details: bool = False) -> str:
    """The records as a JSON list (keys :data:`RECORD_KEYS`, plus more with ``details``)."""
    return json.dumps([r.as_dict(details) for r in records], indent=2)
