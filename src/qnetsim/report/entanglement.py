"""The entanglement flag of every table, JSON record and figure: a delivered pair with
fidelity ``F <= 1/2`` to ``Phi+`` is reported as "not entangled".

Source: a two-qubit Bell-diagonal state is entangled if and only if its largest Bell
coefficient exceeds 1/2 (R. Horodecki and M. Horodecki, Phys. Rev. A 54, 1838 (1996), Sec. IV;
the states qnetsim delivers are Bell-diagonal, with ``Phi+`` the intended one), and for any
two-qubit state ``F > 1/2`` to a maximally entangled state is a sufficient witness of
entanglement (O. Guehne and G. Toth, Phys. Rep. 474, 1 (2009), Sec. 3.3). So ``F <= 1/2`` is
reachable with no entanglement at all: such a pair carries none that a protocol could use,
and a target of ``F <= 1/2`` is no target for an entanglement network.

Examples:
    >>> is_entangled(0.51), is_entangled(0.5), is_entangled(float("nan"))
    (True, False, None)
    >>> entanglement_flag(0.37)
    'not entangled (F <= 0.5)'
    >>> entanglement_flag(0.9)
    ''
"""

from __future__ import annotations

import math

__all__ = ["NOT_ENTANGLED", "THRESHOLD", "entanglement_flag", "is_entangled", "is_fidelity"]

#: Fidelity to ``Phi+`` at or below which a Bell-diagonal pair is separable.
THRESHOLD = 0.5
#: The words every table, record and figure uses.
NOT_ENTANGLED = "not entangled"


def is_entangled(fidelity: float) -> bool | None:
    """``True`` above :data:`THRESHOLD`, ``False`` at or below it, ``None`` if unknown."""
    if fidelity is None or not math.isfinite(fidelity):
        return None
    return bool(fidelity > THRESHOLD)


def entanglement_flag(fidelity: float) -> str:
    """``"not entangled (F <= 0.5)"`` for a pair at or below the threshold, else ``""``."""
    return f"{NOT_ENTANGLED} (F <= {THRESHOLD:g})" if is_entangled(fidelity) is False else ""


def is_fidelity(quantity: str) -> bool:
    """Whether a scenario quantity is a pair's fidelity to ``Phi+`` (``fidelity``,
    ``fidelity_closed_form``, ``fidelity_at_herald``, ``measured_fidelity_closed_form``...).

    >>> is_fidelity("fidelity_closed_form"), is_fidelity("qber")
    (True, False)
    """
    base = quantity.split("[", 1)[0]
    return base.startswith("fidelity") or base.startswith("measured_fidelity")
