"""Platform presets: the hardware of the experiments in ``shared/reference/experiments.md``.

Each preset is a :class:`~qnetsim.hardware.platform.Platform` (emitter, memory, converter,
detector, fibre defaults, attempt timing, notes). Every numeric field of every component
(including ``timing.*`` and the converter's fields) has an entry in ``citations`` (keys
``"component.field"``) of one of three kinds:

* a source: the paper and, where possible, where in it, with a tag: [A] the paper's abstract;
  [S] a secondary compilation that cites the paper (``shared/reference/experiments.md``,
  ``shared/reference/inputs-2026-12.md``), not re-checked in the paper; [N] a companion paper
  of the same group;
* ``"Not applicable: ..."`` or ``"Included in ...": the field has no physical role in this
  platform (the neutral value: 1 for a fidelity, 0 for an error or a time) or its time is
  already inside another cited number;
* ``"ASSUMPTION: ..."``, the reasoning, and a plausible ``(low, high)`` in ``ranges`` that
  contains the value. An assumed ideal (0, 1 or ``inf``) also gets a range; ``inf`` ranges run
  from a finite lower bound to ``inf`` (no decay); a range ``(v, v)`` marks a definitional
  choice. Sourced values may carry their published spread or uncertainty as a range too.

Presets are inputs: none was tuned to reproduce a published output, and a value worked back
from a published rate, fidelity or key is never used. Each preset's ``notes`` list the
published outputs that are for validation only. ``docs/platforms.md`` tabulates the presets.

Examples:
    >>> p = get_platform("nv_delft")
    >>> p.emitter.alpha, p.detector.efficiency
    (0.25, 0.6)
    >>> p.fibre(10.0).wavelength_nm
    1588.0
    >>> sorted(PLATFORMS)[:2]
    ['ca_ion_ustc', 'nv_delft']
    >>> p.plausible_range("memory.t2_s")
    (1e-06, 5e-05)
"""

from __future__ import annotations

from qnetsim.hardware.platform import ASSUMPTION_PREFIX, Platform
from qnetsim.hardware.platforms.registry import PLATFORMS, get_platform, platform_names

__all__ = [
    "ASSUMPTION_PREFIX",
    "PLATFORMS",
    "Platform",
    "get_platform",
    "platform_names",
]
