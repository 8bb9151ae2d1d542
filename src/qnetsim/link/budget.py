"""Loss and time budgets of a link: what limits the rate (losses per element, in dB) and where
the wall time goes (the parts of an attempt cycle, the herald wait, overheads and idle time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qnetsim.hardware.fibre import Fibre

if TYPE_CHECKING:
    from qnetsim.link.design import Link

__all__ = ["LossItem", "TimeItem", "link_loss_budget", "link_time_budget"]


@dataclass(frozen=True)
class LossItem:
    """One element of a loss budget (per arm where the element is in an arm)."""

    element: str
    loss_db: float


@dataclass(frozen=True)
class TimeItem:
    """One part of a link's time budget: the fraction of wall time it takes."""

    part: str
    fraction: float


def _db(eta: float) -> float:
    return math.inf if eta <= 0 else -10 * math.log10(eta)


def link_loss_budget(link: Link) -> list[LossItem]:
    """Losses per element (dB), largest first: what limits the rate."""
    items: list[LossItem] = []
    for label, node, fib in (("A", link.node_a, link.fibres[0]), ("B", link.b, link.fibres[1])):
        if link.scheme == "reflection" and label == "B":
            fib = Fibre(0.0, attenuation_db_per_km=0.0)
        passes = 2 if link.scheme == "reflection" else 1
        items.append(
            LossItem(f"emission/collection {label}", _db(node.emitter.emission_efficiency))
        )
        p_exc = node.emitter.excitation_probability
        if link.scheme == "two-photon" and p_exc is not None:
            items.append(LossItem(f"excitation probability {label}", _db(p_exc)))
        conversion = link._conversion(node)
        if node.converter is not None or conversion < 1.0:
            items.append(LossItem(f"frequency conversion {label}", passes * _db(conversion)))
        if fib.length_km > 0 or fib.extra_loss_db > 0:
            items.append(LossItem(f"fibre arm {label} ({fib.length_km:g} km)", fib.loss_db))
        capture = link.window_capture(node)
        if capture < 1.0 and link.scheme != "reflection":
            items.append(LossItem(f"detection window {label}", _db(capture)))
    items.append(LossItem("detector", _db(link.station_detector.efficiency)))
    return sorted(items, key=lambda item: -item.loss_db)


def link_time_budget(link: Link) -> list[TimeItem]:
    """Fraction of wall time in each part: the local parts of an attempt
    (initialisation, emission, local operations, or a published period), the herald
    wait (communication), each periodic overhead and the unlisted duty-cycle idle time.
    The fractions sum to 1."""
    node = link._pacing_node
    timing = node.timing
    attempting = link.duty_fraction
    cycle = link.cycle_s
    parts: list[tuple[str, float]] = []
    if timing.repetition_rate_hz is not None:
        period = 1.0 / timing.repetition_rate_hz
        if timing.rate_includes_communication:
            parts.append(("published repetition period (communication included)", cycle))
        else:
            parts.append(("published repetition period", period))
    else:
        parts.append(("initialisation", timing.initialisation_s))
        parts.append(("emission (emitter attempt)", node.emitter.attempt_duration_s))
        parts.append(("local operations", timing.local_operations_s))
    used = sum(x for _, x in parts)
    parts.append(("herald wait (communication)", max(0.0, cycle - used)))
    items = [TimeItem(name, attempting * x / cycle) for name, x in parts if x > 0.0]
    listed = sum(o.fraction_per_second(cycle) for o in link.overheads)
    for o in link.overheads:
        items.append(TimeItem(f"overhead: {o.name}", attempting * o.fraction_per_second(cycle)))
    if link.duty_cycle < 1.0:
        items.append(TimeItem("idle (duty cycle)", 1.0 - link.duty_cycle))
    assert abs(attempting * (1 + listed) + (1 - link.duty_cycle) - 1.0) < 1e-9
    return items
