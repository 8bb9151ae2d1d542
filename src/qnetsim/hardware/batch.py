"""A batch of platforms: one :class:`~qnetsim.hardware.platform.Platform` whose float fields
are arrays with one entry per draw.

Uncertainty bands evaluate a link's closed form for hundreds of draws of its assumed inputs
(:mod:`qnetsim.network.uncertainty`). Rather than building and evaluating one link per
draw, :func:`stack_platforms` stacks the draws' platforms (each validated on its own) into
one platform whose components' differing float fields (``emitter.alpha``, ``memory.t2_s``,
...) are 1-D arrays, and the link's closed forms run once on the arrays
(:mod:`qnetsim.link.batch`). Everything else must be equal across the batch (a named error
otherwise): what is not a float (the scheme, the presence of a converter, the overhead
blocks, integer mode counts) decides which formula applies, not its value, and the
platform's own fibre defaults are not batched.

A stacked platform is an internal value: it skips validation (every draw was validated) and
is not a platform to hand to the engines that sample one pair at a time.

Examples:
    >>> import dataclasses
    >>> from qnetsim.hardware import get_platform
    >>> p = get_platform("nv_delft")
    >>> q = dataclasses.replace(p, emitter=dataclasses.replace(p.emitter, alpha=0.1))
    >>> s = stack_platforms([p, q])
    >>> s.emitter.alpha.tolist() == [p.emitter.alpha, 0.1], s.scheme
    (True, 'single-click')
    >>> batch_size(s)
    2
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.platform import COMPONENTS, Platform

__all__ = ["batch_size", "is_stacked", "stack_platforms"]

#: The attribute that marks a stacked platform (its batch size).
_BATCH = "_qnetsim_batch_size"


def _is_float(value: Any) -> bool:
    return isinstance(value, float)


def _stack(values: Sequence[Any], where: str) -> Any:
    first = values[0]
    if dataclasses.is_dataclass(first) and not isinstance(first, type):
        if any(type(v) is not type(first) for v in values):
            raise InvalidParameterError(where, "components of different types", "one type")
        changes = {
            f.name: _stack([getattr(v, f.name) for v in values], f"{where}.{f.name}")
            for f in dataclasses.fields(first)
        }
        out = object.__new__(type(first))
        for name, value in changes.items():
            object.__setattr__(out, name, value)
        return out
    if all(_is_float(v) for v in values):
        if all(v == first for v in values):
            return first
        return np.array(values, dtype=np.float64)
    if any(v != first for v in values):
        raise InvalidParameterError(
            where, "values that differ between draws", "equal in every draw (only floats vary)"
        )
    return first


def stack_platforms(platforms: Sequence[Platform]) -> Platform:
    """One platform whose float fields that differ between ``platforms`` are arrays (one
    entry per platform); every other field must be equal (InvalidParameterError naming it)."""
    items = list(platforms)
    if not items or not all(isinstance(p, Platform) for p in items):
        raise InvalidParameterError("platforms", type(platforms).__name__, "one or more Platforms")
    out = object.__new__(Platform)
    for f in dataclasses.fields(Platform):
        values = [getattr(p, f.name) for p in items]
        if f.name in ("citations", "ranges", "notes", "description", "name"):
            value = values[0]  # documentation, not physics
        elif f.name in COMPONENTS or dataclasses.is_dataclass(values[0]):
            if any(v is None for v in values):
                if not all(v is None for v in values):
                    raise InvalidParameterError(
                        f.name, "present in some draws only", "present in all or none"
                    )
                value = None
            else:
                value = _stack(values, f.name)
        elif any(v != values[0] for v in values):  # the platform's own fields: fibre defaults
            raise InvalidParameterError(
                f.name,
                "values that differ between draws",
                "equal in every draw (only the components' float fields vary in a batch)",
            )
        else:
            value = values[0]
        object.__setattr__(out, f.name, value)
    object.__setattr__(out, _BATCH, len(items))
    return out


def is_stacked(platform: Platform) -> bool:
    """Whether ``platform`` was made by :func:`stack_platforms` (cheap: one attribute)."""
    return getattr(platform, _BATCH, None) is not None


def batch_size(platform: Platform) -> int:
    """The number of draws in a stacked platform (1 for an ordinary one)."""
    marked = getattr(platform, _BATCH, None)
    if marked is not None:
        return int(marked)
    sizes = {1}
    for f in dataclasses.fields(Platform):
        value = getattr(platform, f.name)
        parts = (
            [value]
            if not dataclasses.is_dataclass(value)
            else [getattr(value, g.name) for g in dataclasses.fields(value)]
        )
        sizes.update(v.shape[0] for v in parts if isinstance(v, np.ndarray))
    if len(sizes) > 2:
        raise InvalidParameterError("platform", sorted(sizes), "arrays of one batch size")
    return max(sizes)
