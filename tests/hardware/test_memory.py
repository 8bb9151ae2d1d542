"""Memory: coherence times, T2 <= 2 T1, readout, retrieval decay shapes, errors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Memory


def test_effective_dephasing_time_follows_flag() -> None:
    free = Memory(t2_s=0.01, t2_dd_s=0.5)
    dd = Memory(t2_s=0.01, t2_dd_s=0.5, use_dynamical_decoupling=True)
    assert free.effective_dephasing_time_s() == 0.01
    assert dd.effective_dephasing_time_s() == 0.5


def test_coherence_and_population_factors() -> None:
    m = Memory(t2_s=2.0, t1_s=5.0)
    assert m.coherence_factor(1.0) == pytest.approx(math.exp(-0.5))
    assert m.population_decay_factor(5.0) == pytest.approx(math.exp(-1.0))
    # physics.md s.3: F(t) = [1 + e^{-t/T1} + 2 e^{-t/T2}]/4 on one qubit of Phi+
    t = 1.3
    f = (1 + m.population_decay_factor(t) + 2 * m.coherence_factor(t)) / 4
    assert f == pytest.approx((1 + math.exp(-t / 5) + 2 * math.exp(-t / 2)) / 4)
    assert Memory(t2_s=math.inf).coherence_factor(1e9) == 1.0


def test_t2_bounded_by_twice_t1() -> None:
    Memory(t2_s=2.0, t1_s=1.0)  # the boundary is allowed
    with pytest.raises(InvalidParameterError, match="T2 <= 2 T1") as info:
        Memory(t2_s=2.5, t1_s=1.0)
    assert info.value.name == "t2_s"
    with pytest.raises(InvalidParameterError) as info:
        Memory(t2_s=0.1, t1_s=1.0, t2_dd_s=3.0)
    assert info.value.name == "t2_dd_s"


def test_dd_flag_without_dd_time_is_an_error() -> None:
    with pytest.raises(InvalidParameterError) as info:
        Memory(t2_s=0.1, use_dynamical_decoupling=True)
    assert info.value.name == "use_dynamical_decoupling"


def test_readout_fidelity_single_or_pair() -> None:
    one = Memory(1.0, readout_fidelity=0.97)
    assert (one.readout_fidelity_0, one.readout_fidelity_1) == (0.97, 0.97)
    pair = Memory(1.0, readout_fidelity=(0.95, 0.99))
    assert (pair.readout_fidelity_0, pair.readout_fidelity_1) == (0.95, 0.99)
    assert pair.mean_readout_fidelity == pytest.approx(0.97)
    with pytest.raises(InvalidParameterError, match=r"readout_fidelity\[1\]"):
        Memory(1.0, readout_fidelity=(0.9, 1.2))


def test_retrieval_efficiency_shapes() -> None:
    g = Memory(1.0, retrieval_efficiency_0=0.6, retrieval_lifetime_s=1e-3)
    e = Memory(1.0, retrieval_efficiency_0=0.6, retrieval_lifetime_s=1e-3,
               retrieval_decay="exponential")
    assert g.retrieval_efficiency(0.0) == e.retrieval_efficiency(0.0) == 0.6
    assert g.retrieval_efficiency(2e-3) == pytest.approx(0.6 * math.exp(-4.0))
    assert e.retrieval_efficiency(2e-3) == pytest.approx(0.6 * math.exp(-2.0))
    # Gaussian decays slower at short times and faster at long times than exponential
    assert g.retrieval_efficiency(0.5e-3) > e.retrieval_efficiency(0.5e-3)
    assert g.retrieval_efficiency(2e-3) < e.retrieval_efficiency(2e-3)
    assert Memory(1.0).retrieval_efficiency(10.0) == 1.0  # single emitters: no read-out loss
    assert Memory(1.0, retrieval_efficiency_0=0.4).retrieval_efficiency(10.0) == 0.4


def test_multiplexing() -> None:
    assert Memory(1.0, num_memories=4, num_temporal_modes=25).num_modes == 100


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"t2_s": 0.0}, "t2_s"),
        ({"t2_s": -1.0}, "t2_s"),
        ({"t2_s": 1.0, "t1_s": 0.0}, "t1_s"),
        ({"t2_s": 1.0, "two_qubit_gate_fidelity": 1.01}, "two_qubit_gate_fidelity"),
        ({"t2_s": 1.0, "single_qubit_gate_fidelity": -0.1}, "single_qubit_gate_fidelity"),
        ({"t2_s": 1.0, "initialisation_fidelity": 2.0}, "initialisation_fidelity"),
        ({"t2_s": 1.0, "readout_fidelity": 1.5}, "readout_fidelity"),
        ({"t2_s": 1.0, "num_memories": 0}, "num_memories"),
        ({"t2_s": 1.0, "num_temporal_modes": 1.5}, "num_temporal_modes"),
        ({"t2_s": 1.0, "retrieval_efficiency_0": 1.5}, "retrieval_efficiency_0"),
        ({"t2_s": 1.0, "retrieval_lifetime_s": 0.0}, "retrieval_lifetime_s"),
        ({"t2_s": 1.0, "retrieval_decay": "linear"}, "retrieval_decay"),
    ],
)
def test_invalid_fields_are_named(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        Memory(**kwargs)  # type: ignore[arg-type]
    assert info.value.name == field
    assert str(info.value).startswith(f"{field} = ")


@settings(deadline=None)
@given(st.floats(1e-6, 10.0), st.floats(1e-6, 10.0), st.floats(0.0, 100.0))
def test_retrieval_monotone_nonincreasing(tau: float, t1: float, dt: float) -> None:
    m = Memory(1.0, retrieval_efficiency_0=0.5, retrieval_lifetime_s=tau)
    assert 0.0 <= m.retrieval_efficiency(t1 + dt) <= m.retrieval_efficiency(t1) <= 0.5
