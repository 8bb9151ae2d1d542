"""qnetsim.apps: what a network is for - QKD, Bell tests, teleportation, GHZ states, bounds.

Closed-form key rates and capacity bounds (functions of numbers and arrays; two-qubit states
enter as :class:`~qnetsim.quantum.states.QuantumState` objects, 4x4 density matrices or
Bell-diagonal coefficients ``(l_I, l_X, l_Z, l_Y)``), and protocols run on delivered states
with an explicit random generator. Formulas, sources and validation: ``docs/qkd.md`` and
``docs/apps.md``.

Names are imported on first use (module ``__getattr__``, PEP 562), so importing one
function does not import every module of the package (start-up time of the CLI).
"""

from __future__ import annotations

from qnetsim._lazy import lazy_attributes


def _qkd_names() -> list[str]:
    from qnetsim.apps.qkd import __all__ as names  # cheap: the qkd package is lazy too

    return list(names)


_MODULES: dict[str, tuple[str, ...]] = {
    "qnetsim.apps.capacity": (
        "fibre_transmissivity",
        "midpoint_repeater_bound",
        "per_second",
        "plob_bound",
        "plob_bound_fibre",
        "repeater_chain_bound",
        "repeater_chain_bound_fibre",
        "tgw_bound",
        "tgw_bound_fibre",
    ),
    "qnetsim.apps.entropy": (
        "binary_entropy",
        "binary_entropy_inverse",
    ),
    "qnetsim.apps.ghz": (
        "GHZResult",
        "ghz_from_star",
        "ghz_state_vector",
        "werner_star_ghz_fidelity",
    ),
    "qnetsim.apps.teleportation": (
        "TeleportationResult",
        "average_teleportation_fidelity",
        "input_state_vector",
        "teleport",
    ),
    "qnetsim.apps.capacity_plot": ("plot_rate_vs_distance",),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}
# every name of qnetsim.apps.qkd, from its own table (one list to keep)
_LAZY.update(dict.fromkeys(_qkd_names(), "qnetsim.apps.qkd"))

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _LAZY)
