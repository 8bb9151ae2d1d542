"""Chain designs and whether a platform can run them: the planner's vocabulary.

:class:`PlanTarget` (distance, rate, fidelity), :class:`Design` (links, modes, cutoff,
pumping), their evaluation (:class:`DesignEvaluation`), the designs left out with the reason
(:class:`ExcludedDesign`) and the :class:`Plan`; and the capability rules of
:mod:`qnetsim.network.chains.planner`: a repeater holds one half of a pair on each side until
it swaps, pumping keeps one more pair per side (:func:`qubits_per_node`), and a node uses at
most the qubits its platform has (:mod:`qnetsim.hardware.capabilities`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from qnetsim._validate import check_int, check_positive, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform

__all__ = [
    "DEFAULT_MODES",
    "Design",
    "DesignEvaluation",
    "ExcludedDesign",
    "Plan",
    "PlanTarget",
    "check_design_fits",
    "interface_memory",
    "is_power_of_two",
    "max_design_modes",
    "qubit_shortfall",
    "qubits_per_node",
    "qubits_text",
    "sequential_repeaters",
    "usable_qubits",
]

#: Mode counts per memory the planner tries by default, cut at the platform's
#: ``capabilities.max_modes`` (see :mod:`qnetsim.network.chains.planner`).
DEFAULT_MODES = (1, 10, 100, 1000)


@dataclass(frozen=True)
class PlanTarget:
    """What the network must deliver between two end nodes ``distance_km`` apart."""

    distance_km: float
    rate_hz: float
    fidelity: float

    def __post_init__(self) -> None:
        check_positive("distance_km", self.distance_km)
        check_positive("rate_hz", self.rate_hz)
        check_probability("fidelity", self.fidelity)


@dataclass(frozen=True)
class Design:
    """One chain design.

    Attributes:
        n_links: elementary links (``n_links - 1`` repeaters), >= 1.
        modes: temporal modes per memory (multiplexing), >= 1.
        cutoff_s: memory cutoff at repeaters (s) or ``None``.
        pumping_rounds: entanglement-pumping rounds on each elementary link, >= 0.
    """

    n_links: int
    modes: int = 1
    cutoff_s: float | None = None
    pumping_rounds: int = 0

    def __post_init__(self) -> None:
        check_int("n_links", self.n_links, 1)
        check_int("modes", self.modes, 1)
        check_int("pumping_rounds", self.pumping_rounds, 0, 16)
        if self.cutoff_s is not None:
            check_positive("cutoff_s", self.cutoff_s)


@dataclass(frozen=True)
class DesignEvaluation:
    """A design's predicted performance against a target."""

    design: Design
    rate_hz: float
    rate_err_hz: float
    fidelity: float
    fidelity_err: float
    target: PlanTarget
    viable: bool = True

    @property
    def meets_target(self) -> bool:
        return (
            self.viable
            and self.rate_hz >= self.target.rate_hz
            and self.fidelity >= self.target.fidelity
        )

    @property
    def rate_factor(self) -> float:
        """Target rate / predicted rate (> 1: too slow by this factor)."""
        return self.target.rate_hz / self.rate_hz if self.rate_hz > 0 else math.inf

    @property
    def fidelity_gap(self) -> float:
        """Target fidelity - predicted fidelity (> 0: short by this much)."""
        return self.target.fidelity - self.fidelity

    @property
    def shortfall(self) -> float:
        """A score for ranking designs that miss: decades of rate missing plus ten times
        the fidelity gap (0 for a design that meets the target)."""
        if not self.viable:
            return math.inf
        return max(0.0, math.log10(self.rate_factor)) + 10 * max(0.0, self.fidelity_gap)

    def misses_by(self) -> str:
        """How far the design misses its target, in words (``""`` when it meets it):
        ``"rate x3.2 short, fidelity 0.05 short"``."""
        if self.meets_target:
            return ""
        if not self.viable:
            return "delivers no pairs within the planner's limits"
        misses = []
        if self.rate_hz < self.target.rate_hz:
            misses.append(f"rate x{self.rate_factor:.3g} short")
        if self.fidelity < self.target.fidelity:
            misses.append(f"fidelity {self.fidelity_gap:.3g} short")
        return ", ".join(misses)


@dataclass(frozen=True)
class ExcludedDesign:
    """A design of the search space that the platform's capabilities rule out."""

    design: Design
    reason: str


@dataclass(frozen=True)
class Plan:
    """The planner's answer: the best design and every evaluation, best first.

    Attributes:
        excluded: designs of the search space not evaluated because the nodes lack the
            qubits they need (:func:`qubits_per_node`).
        limits: one sentence per capability that limited the search (modes cut at
            ``capabilities.max_modes``, designs excluded for lack of qubits).
    """

    platform: str
    target: PlanTarget
    best: DesignEvaluation
    evaluations: list[DesignEvaluation]
    excluded: tuple[ExcludedDesign, ...] = ()
    limits: tuple[str, ...] = ()

    def rows(self, top: int | None = None) -> list[dict[str, Any]]:
        """The evaluated designs, best first (the first ``top``), as plain dicts: links,
        modes, cutoff, pumping, rate and fidelity with their errors, whether each meets the
        target, by how much it misses, whether its pair is entangled (F > 1/2; ``None`` when
        it delivers none) and whether it delivers at all."""
        return [
            {
                "n_links": e.design.n_links,
                "modes": e.design.modes,
                "cutoff_s": e.design.cutoff_s,
                "pumping_rounds": e.design.pumping_rounds,
                "rate_hz": e.rate_hz,
                "rate_err_hz": e.rate_err_hz,
                "fidelity": e.fidelity,
                "fidelity_err": e.fidelity_err,
                "meets_target": e.meets_target,
                "misses_by": e.misses_by(),
                "entangled": bool(e.fidelity > 0.5) if e.viable else None,
                "viable": e.viable,
            }
            for e in self.evaluations[:top]
        ]

    def to_frame(self, top: int | None = None) -> Any:
        """:meth:`rows` as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows(top))

    def _repr_html_(self) -> str:
        return str(self.to_frame(top=10).to_html(index=False))

    def __repr__(self) -> str:
        b = self.best
        meets = "meets the target" if b.meets_target else "misses the target"
        return (
            f"<Plan {self.platform}, {len(self.evaluations)} designs: best "
            f"{b.design.n_links} links, {b.rate_hz:.3g} Hz, F = {b.fidelity:.3f} ({meets})>"
        )

    def summary(self) -> str:
        b = self.best
        d = b.design
        performance = f"{b.rate_hz:.3g} Hz, F = {b.fidelity:.3f}"
        if b.meets_target:
            verdict = "meets the target"
        elif not b.viable:
            performance = "no pairs"
            verdict = "not viable: no design delivers pairs within the planner's limits"
        else:
            # name only what actually falls short
            misses = []
            if b.rate_hz < self.target.rate_hz:
                misses.append(f"rate x{b.rate_factor:.3g} short")
            if b.fidelity < self.target.fidelity:
                misses.append(f"fidelity {b.fidelity_gap:.3g} short")
            verdict = "misses it: " + ", ".join(misses)
        return (
            f"{self.platform}, {self.target.distance_km:g} km, target {self.target.rate_hz:g} Hz "
            f"at F >= {self.target.fidelity:g}: best design {d.n_links} links "
            f"({d.n_links - 1} repeaters), {d.modes} modes, "
            f"cutoff {'none' if d.cutoff_s is None else f'{d.cutoff_s:g} s'}, "
            f"{d.pumping_rounds} pumping round(s): {performance} ({verdict})"
            + "".join(f"; {limit}" for limit in self.limits)
        )


def is_power_of_two(n: int) -> bool:
    return n & (n - 1) == 0


def qubits_per_node(design: Design) -> int:
    """Qubits the busiest node of ``design`` holds at once: per side one half of a pair, plus
    one while pumping keeps a pair and makes a fresh one (levels ``(0,)`` of
    :func:`~qnetsim.network.chains.nested_events.nested_memory_demand`); two sides at a repeater.

    Examples:
        >>> qubits_per_node(Design(1)), qubits_per_node(Design(1, pumping_rounds=2))
        (1, 2)
        >>> qubits_per_node(Design(4)), qubits_per_node(Design(4, pumping_rounds=1))
        (2, 4)
    """
    per_side = 1 + (1 if design.pumping_rounds else 0)
    return per_side * (2 if design.n_links > 1 else 1)


def interface_memory(platform: Platform) -> tuple[str, Memory]:
    if platform.communication_memory is not None:
        return "communication_memory", platform.communication_memory
    return "memory", platform.memory


def max_design_modes(platform: Platform) -> int:
    """The largest ``Design.modes`` (temporal modes per memory) the platform allows:
    ``capabilities.max_modes // num_memories`` of its communication interface."""
    return max(1, platform.capabilities.max_modes // interface_memory(platform)[1].num_memories)


def usable_qubits(platform: Platform) -> int:
    """Qubits a node can hold pairs in: ``capabilities.communication_qubits``, plus
    ``capabilities.storage_qubits`` when the platform models its storage memory (a distinct
    ``communication_memory``; without one, ``memory`` is the communication qubit and no
    storage qubit's parameters are known)."""
    caps = platform.capabilities
    storage = caps.storage_qubits if platform.communication_memory is not None else 0
    return caps.communication_qubits + storage


def qubits_text(platform: Platform) -> str:
    caps = platform.capabilities
    text = (
        f"capabilities.communication_qubits = {caps.communication_qubits} + "
        f"storage_qubits = {caps.storage_qubits}"
    )
    if caps.storage_qubits and platform.communication_memory is None:
        text += " (unused: no storage memory is modelled, communication_memory is None)"
    return text


def qubit_shortfall(platform: Platform, design: Design) -> str | None:
    need = qubits_per_node(design)
    have = usable_qubits(platform)
    if need <= have:
        one_comm = platform.capabilities.communication_qubits < 2
        if design.pumping_rounds and design.n_links > 1 and one_comm:
            return (
                "pumping at a repeater with one communication qubit is not modelled (the pumped "
                "pair waits while the same qubit makes the next one, on both sides)"
            )
        return None
    what = "two halves at each repeater" if design.n_links > 1 else "one half at each end"
    if design.pumping_rounds:
        what += ", one more per side for pumping"
    return (
        f"needs {need} qubits per node ({what}); the platform has {have} ({qubits_text(platform)})"
    )


def check_design_fits(platform: Platform, design: Design) -> None:
    """Refuse a design that uses more than the platform has.

    Raises:
        InvalidParameterError: ``modes`` above :func:`max_design_modes` (``valid`` names
            ``capabilities.max_modes``), or a design whose nodes need more qubits than
            ``communication_qubits + storage_qubits`` (named ``design``).
    """
    limit = max_design_modes(platform)
    if design.modes > limit:
        raise InvalidParameterError(
            "modes",
            design.modes,
            f"<= {limit} (capabilities.max_modes = {platform.capabilities.max_modes} of "
            f"{platform.name!r})",
        )
    short = qubit_shortfall(platform, design)
    if short is not None:
        raise InvalidParameterError(
            "design",
            design,
            f"a design that needs <= {usable_qubits(platform)} qubit(s) per node",
            short,
        )


def sequential_repeaters(platform: Platform, design: Design) -> bool:
    """Whether the design's repeaters have one communication qubit, so that each makes its
    two links one after another."""
    return design.n_links > 1 and platform.capabilities.communication_qubits < 2
