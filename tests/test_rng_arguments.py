"""Every public ``rng`` argument accepts an int seed or a Generator (issue 16, item 7).

For each public function that takes an ``rng``: an int seed gives the same result as
``numpy.random.default_rng(seed)``, and a negative seed or a non-number raises an
:class:`~qnetsim.errors.InvalidParameterError` naming ``rng``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from qnetsim.apps._state_input import bloch_form
from qnetsim.apps.ghz import ghz_from_star
from qnetsim.apps.qkd.bbm92_sim import simulate_bbm92
from qnetsim.apps.qkd.bell_test import simulate_chsh
from qnetsim.apps.qkd.diqkd_sim import simulate_diqkd
from qnetsim.apps.qkd.sampling import sample_outcomes
from qnetsim.apps.teleportation import teleport
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.hardware.source import sample_thermal_windows
from qnetsim.link import Link
from qnetsim.link.satellite import MICIUS_DUAL_DOWNLINK
from qnetsim.network.chains.designs import Design, PlanTarget
from qnetsim.network.chains.planner import evaluate_design, plan_chain
from qnetsim.network.topology.builders import random_geometric
from qnetsim.quantum import BellDiagonalState
from qnetsim.quantum.purification import dejmps_circuit
from qnetsim.quantum.register import QuantumRegister
from qnetsim.quantum.swapping import swap
from qnetsim.scenario.kinds.application import sample_application
from qnetsim.scenario.kinds.satellite import pass_estimates
from qnetsim.scenario.result import Estimate

SEED = 12345
ATOM = get_platform("rb_atom_lu2026")
WERNER = np.tile([0.97, 0.01, 0.01, 0.01], (2000, 1))


def _werner(a: str, b: str, f: float = 0.9) -> BellDiagonalState:
    return BellDiagonalState.werner((a, b), f)


def _register_swap(rng: Any) -> Any:
    reg = QuantumRegister()
    reg.add(_werner("a", "b").to_density_matrix())
    reg.add(_werner("c", "d").to_density_matrix())
    outcome = reg.swap("b", "c", rng=rng, gate_depolarising=0.02, readout_error=0.05)
    return outcome, reg.state_of("a")


def _swap_density(rng: Any) -> Any:
    left = _werner("a", "b").to_density_matrix()
    right = _werner("c", "d").to_density_matrix()
    return swap(left, right, "b", "c", rng=rng, readout_error=0.1)


def _swap_bell_diagonal(rng: Any) -> Any:
    return swap(_werner("a", "b"), _werner("c", "d"), "b", "c", rng=rng, correct=False)


def _sample_outcomes(rng: Any) -> Any:
    z = np.tile([0.0, 0.0, 1.0], (200, 1))
    x = np.tile([1.0, 0.0, 0.0], (200, 1))
    return sample_outcomes(bloch_form(WERNER[:200]), z, x, rng, readout_error=0.05)


def _sample_application(rng: Any) -> Any:
    out: dict[str, Estimate] = {}
    app = {"type": "chsh", "readout_error": 0.0}
    link = Link(ATOM, 10.0)
    sample_application(app, link, WERNER, Estimate(1.0, 0.0, "Hz"), rng, out)
    return out


CASES: dict[str, Callable[[Any], Any]] = {
    "QuantumRegister.swap": _register_swap,
    "swapping.swap (density)": _swap_density,
    "swapping.swap (Bell-diagonal)": _swap_bell_diagonal,
    "dejmps_circuit": lambda rng: dejmps_circuit(
        _werner("a1", "b1").to_density_matrix(), _werner("a2", "b2"), rng, 0.01, 0.01
    ),
    "random_geometric": lambda rng: random_geometric(12, 40.0, "nv_delft", rng).to_dict(),
    "evaluate_design": lambda rng: evaluate_design(
        ATOM, PlanTarget(20.0, 1.0, 0.5), Design(1), rng, n_samples=200
    ),
    "plan_chain": lambda rng: plan_chain(
        ATOM,
        PlanTarget(20.0, 1.0, 0.5),
        rng=rng,
        node_counts=(1,),
        modes=(1,),
        cutoffs_s=(None,),
        pumping_rounds=(0,),
        n_samples=200,
    ),
    "sample_thermal_windows": lambda rng: sample_thermal_windows(
        0.1, 0.5, 0.4, 1e-3, 2e-3, 0.01, 2000, rng
    ),
    "sample_outcomes": _sample_outcomes,
    "simulate_chsh": lambda rng: simulate_chsh(WERNER, rng, readout_error=0.01),
    "simulate_bbm92": lambda rng: simulate_bbm92(WERNER, rng, p_z=0.8),
    "simulate_diqkd": lambda rng: simulate_diqkd(WERNER, rng, gamma=0.2, n_events=1e10),
    "ghz_from_star": lambda rng: ghz_from_star(
        [_werner(f"h{i}", f"n{i}", 0.95) for i in range(3)], rng, readout_error=0.02
    ),
    "teleport": lambda rng: teleport(_werner("s", "r", 0.85), [0.0, 0.6, 0.8], rng),
    "DualDownlink.summary": lambda rng: MICIUS_DUAL_DOWNLINK.summary(51, rng=rng),
    "pass_estimates": lambda rng: pass_estimates(MICIUS_DUAL_DOWNLINK, 51, rng),
    "sample_application": _sample_application,
}


def _plain(value: Any) -> Any:
    """``value`` as nested lists, dicts and scalars, comparable with ``==`` (NaN == NaN)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return (type(value).__name__, fields)
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return "nan"
    if isinstance(value, complex) and (math.isnan(value.real) or math.isnan(value.imag)):
        return "nan"
    if isinstance(value, np.generic):
        return value.item()
    return value


@pytest.mark.parametrize("name", list(CASES))
def test_an_int_seed_is_default_rng_of_it(name: str) -> None:
    run = CASES[name]
    from_seed = _plain(run(SEED))
    assert from_seed == _plain(run(np.random.default_rng(SEED)))
    assert from_seed == _plain(run(np.int64(SEED)))


@pytest.mark.parametrize("bad", [-1, "x", 1.5, True])
@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_rng_names_rng(name: str, bad: Any) -> None:
    with pytest.raises(InvalidParameterError) as info:
        CASES[name](bad)
    assert info.value.name == "rng"


NO_SAMPLE: dict[str, Callable[[Any], bool]] = {
    "QuantumRegister.swap": lambda r: r[0] is None,
    "swapping.swap (density)": lambda r: r.outcome is None,
    "dejmps_circuit": lambda r: r[0] is not None and 0.0 < r[1] < 1.0,
    "ghz_from_star": lambda r: r.outcomes is None,
    "teleport": lambda r: r.outcome is None,
    "DualDownlink.summary": lambda r: r.sampled is None,
    "pass_estimates": lambda r: "chsh_s" not in r,
}


@pytest.mark.parametrize("name", list(NO_SAMPLE))
def test_none_keeps_its_meaning(name: str) -> None:
    """Where ``rng=None`` is allowed it still means no sampling (averaged or expected)."""
    assert NO_SAMPLE[name](CASES[name](None))
    assert not NO_SAMPLE[name](CASES[name](SEED)) or name == "dejmps_circuit"
