"""Chains whose nodes have one communication qubit and a storage qubit (issue 12, item 2).

Independent model: a two-link chain of nodes with one communication qubit and one storage
qubit each (SiV electron and 29Si nucleus; Stas et al., Science 378, 557 (2022)) works
sequentially (Rozpedek et al., PRA 99, 052330 (2019), section III): link 0 is made, both
halves move into storage (transfer noise), then link 1 is made while the stored halves dephase
(storage T2 over the whole generation time ``D1 = (N1 - 1) c + K`` and ``(1 - 2p)`` per attempt
of the middle node, Kalb et al., PRA 97, 062330 (2018)); the middle node swaps its stored half
with the half still in its communication qubit. With pure dephasing the final state is affine
in the product ``Lambda = exp(-D1 r) (1 - 2p)^N1`` (``r`` the summed storage dephasing rates)
and ``N1`` is geometric with success ``q``, so the expected state is the state at
``E[Lambda] = exp(-(K - c) r) E[w^N1]`` with ``E[w^N] = q w / (1 - (1 - q) w)``,
``w = exp(-c r)(1 - 2p)`` (the probability generating function of the geometric law).

Tolerances: sampled means within 4 standard errors of the exact value (a false alarm about
once in 16 000 per comparison).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.hardware.capabilities import Capabilities
from qnetsim.hardware.platform import Platform
from qnetsim.link import Link
from qnetsim.network import PurificationPolicy
from qnetsim.network.chains.events import simulate_chain
from qnetsim.network.chains.nested_events import simulate_nested_chain
from qnetsim.network.chains.node_qubits import attempts_between, chain_nodes
from qnetsim.quantum import bell_diagonal as bd

SIV = get_platform("siv_harvard")


def storage_platform(t2_storage_s: float = 0.1, per_attempt: float = 3e-4) -> Platform:
    """Test hardware: the SiV preset with pure dephasing (T1 = inf, so the closed form above
    applies exactly), an electron under decoupling (T2 = 1 ms) and good storage gates
    (0.99), so that the stored half's dephasing dominates what is measured."""
    storage = dataclasses.replace(
        SIV.memory, t2_s=t2_storage_s, t1_s=math.inf, dephasing_per_attempt=per_attempt,
        two_qubit_gate_fidelity=0.99, readout_fidelity=0.99,
    )  # fmt: skip
    comm = dataclasses.replace(SIV.communication_memory, t1_s=math.inf, t2_s=1e-3)
    return dataclasses.replace(SIV, memory=storage, communication_memory=comm)


def dephase(coeffs: np.ndarray, lam: float) -> np.ndarray:
    return bd.pauli_channel(coeffs, np.array([(1.0 + lam) / 2.0, 0.0, (1.0 - lam) / 2.0, 0.0]))


def exact_two_link(link: Link) -> tuple[np.ndarray, float]:
    """Expected delivered Bell-diagonal state and mean time per pair (round restart)."""
    plain = dataclasses.replace(link, store_in_memory=False)
    herald = plain.delivered_state.bell_diagonal().coefficients
    storage = link.node_a.memory
    t_a, t_b = link.transfer_pauli("A"), link.transfer_pauli("B")
    q, c = link.cycle_success_probability, link.cycle_ps
    k = link.local_ps + max(f.delay_ps for f in link.fibres) + max(link.classical_delays_ps)
    r = 2.0 / storage.effective_dephasing_time_s() * 1e-12  # per ps, nodes 0 and 1
    w = math.exp(-c * r) * (1.0 - 2.0 * storage.dephasing_per_attempt)
    mean_lambda = math.exp(-(k - c) * r) * q * w / (1.0 - (1.0 - q) * w)
    left = bd.pauli_channel(bd.pauli_channel(herald, t_a), t_b)  # both halves stored
    left = dephase(left, mean_lambda)
    right = bd.pauli_channel(herald, t_b)  # middle half stays in the communication qubit
    out = bd.swap_noisy(
        left, right, 1.0 - storage.two_qubit_gate_fidelity, 1.0 - storage.mean_readout_fidelity
    )
    to_end = sum(f.delay_ps for f in link.fibres)
    out = dephase(out, math.exp(-to_end * r))  # both ends wait in storage for the message
    mean_d = (1.0 / q - 1.0) * c + k
    return out, 1e-12 * (2.0 * mean_d + to_end)


@pytest.mark.parametrize("engine", ["swap_asap", "nested"])
def test_sequential_links_with_storage_match_the_exact_model(engine: str) -> None:
    """For two links the swap-asap chain (round restart) and the nested chain are the same
    protocol; both run the middle node's links one after another."""
    links = [Link(storage_platform(), 2.0, store_in_memory=True) for _ in range(2)]
    expected, mean_time_s = exact_two_link(links[0])
    if engine == "nested":
        r = simulate_nested_chain(links, 1500, seed=5)
    else:
        r = simulate_chain(links, 1500, seed=5, restart="round")
    coeffs = np.array([p.coefficients for p in r.pairs])
    se = coeffs.std(axis=0, ddof=1) / math.sqrt(len(coeffs))
    assert np.all(np.abs(coeffs.mean(axis=0) - expected) < 4 * se + 1e-12)
    durations = np.array([p.delivery_time_ps - p.round_start_ps for p in r.pairs]) * 1e-12
    se_t = durations.std(ddof=1) / math.sqrt(durations.size)
    assert abs(durations.mean() - mean_time_s) < 4 * se_t
    # In parallel the round would take E[max(D0, D1)] < E[D0 + D1]: clearly not the case.
    one_link_s = (mean_time_s - 1e-12 * sum(f.delay_ps for f in links[0].fibres)) / 2
    assert durations.mean() > 1.6 * one_link_s


def test_attempts_dephase_the_stored_half() -> None:
    """Per-attempt dephasing alone (storage T2 effectively infinite): the stored half loses
    coherence ``E[(1 - 2p)^N1]``, and only because of the middle node's own attempts."""
    quiet = [Link(storage_platform(1e9, 0.0), 2.0, store_in_memory=True) for _ in range(2)]
    noisy = [Link(storage_platform(1e9, 2e-3), 2.0, store_in_memory=True) for _ in range(2)]
    f_quiet = simulate_chain(quiet, 400, seed=1, restart="round").fidelities.mean()
    f_noisy = simulate_chain(noisy, 400, seed=1, restart="round").fidelities.mean()
    exp_quiet = exact_two_link(quiet[0])[0][0]
    exp_noisy = exact_two_link(noisy[0])[0][0]
    assert exp_noisy < exp_quiet - 0.05
    assert f_noisy == pytest.approx(exp_noisy, abs=0.02)
    assert f_quiet == pytest.approx(exp_quiet, abs=1e-9)  # no randomness left in the state


def test_a_long_lived_storage_qubit_now_helps_a_chain() -> None:
    """The issue's example: a chain of SiV nodes gained nothing from a long nuclear T2,
    because chains kept the halves in the electron (T2 = 78 us)."""
    short = [Link(storage_platform(1e-3, 0.0), 2.0, store_in_memory=True) for _ in range(3)]
    long = [Link(storage_platform(100.0, 0.0), 2.0, store_in_memory=True) for _ in range(3)]
    f_short = simulate_chain(short, 60, seed=2).fidelities.mean()
    f_long = simulate_chain(long, 60, seed=2).fidelities.mean()
    assert f_long > f_short + 0.1


def test_two_communication_qubits_work_in_parallel() -> None:
    """With two communication qubits the middle node makes both links at once: the round
    takes ``E[max(D0, D1)]``, clearly less than the sequential ``E[D0 + D1]``."""
    two = dataclasses.replace(
        storage_platform(), capabilities=Capabilities(communication_qubits=2, storage_qubits=1)
    )
    seq = [Link(storage_platform(), 2.0, store_in_memory=True) for _ in range(2)]
    par = [Link(two, 2.0, store_in_memory=True) for _ in range(2)]
    t_seq = simulate_chain(seq, 300, seed=4, restart="round").end_time_ps
    t_par = simulate_chain(par, 300, seed=4, restart="round").end_time_ps
    assert t_par < 0.85 * t_seq


def test_a_repeater_that_cannot_hold_two_halves_is_named() -> None:
    atom = get_platform("rb_atom_lu2026")
    links = [Link(atom, 2.0, alpha=0.2) for _ in range(2)]
    with pytest.raises(InvalidParameterError, match=r"node 1 \(rb_atom_lu2026\) qubits"):
        simulate_chain(links, 1, seed=0)
    siv = [Link(SIV, 2.0) for _ in range(2)]  # storage exists but is not used
    with pytest.raises(InvalidParameterError, match="store_in_memory"):
        chain_nodes(siv)
    nodes = chain_nodes([Link(SIV, 2.0, store_in_memory=True) for _ in range(2)])
    assert [(n.communication, n.storage) for n in nodes] == [(1, 1)] * 3


def test_attempts_between_counts_the_cycle_grid() -> None:
    assert attempts_between(0, 10, 0, 10) == 1
    assert attempts_between(0, 10, 0, 11) == 2
    assert attempts_between(5, 10, 0, 5) == 0
    assert attempts_between(0, 10, 25, 25) == 0
    assert attempts_between(100, 10, 0, 1000) == 90


def test_pumping_chains_check_the_qubits_they_need() -> None:
    """Pumping keeps a pair while it makes the next: a second qubit per side, and (as
    modelled) two communication qubits per repeater."""
    siv = [Link(storage_platform(), 2.0, store_in_memory=True) for _ in range(2)]
    with pytest.raises(InvalidParameterError, match="qubits"):
        simulate_nested_chain(siv, 1, seed=0, purification=PurificationPolicy(levels=(0,)))
    two = dataclasses.replace(SIV, capabilities=Capabilities(communication_qubits=2))
    with pytest.raises(InvalidParameterError, match=r">= 4 \(2 per side"):
        simulate_nested_chain(
            [Link(two, 2.0) for _ in range(2)], 1, seed=0,
            purification=PurificationPolicy(levels=(0,)),
        )  # fmt: skip
    with pytest.raises(InvalidParameterError, match=r">= 4 \(2 per side"):
        simulate_chain(
            [Link(two, 2.0) for _ in range(2)], 1, seed=0, purification=PurificationPolicy()
        )
    four = dataclasses.replace(SIV, capabilities=Capabilities(communication_qubits=4))
    r = simulate_nested_chain([Link(four, 2.0) for _ in range(2)], 3, seed=0)
    assert len(r.pairs) == 3


@pytest.mark.parametrize("cutoff_cycles", [None, 3000])
def test_nested_chains_of_sequential_nodes_keep_delivering(cutoff_cycles: int | None) -> None:
    """Four SiV-like links (every node one electron and one storage qubit), swap success
    1/2 and a cutoff: qubits are given back on every path (failed swaps, cutoffs, cancelled
    halves), so the chain keeps delivering and ends with every qubit free."""
    links = [Link(storage_platform(), 2.0, store_in_memory=True) for _ in range(4)]
    cutoff = None if cutoff_cycles is None else cutoff_cycles * links[0].cycle_s
    r = simulate_nested_chain(links, 60, seed=7, swap_success=0.5, cutoff_s=cutoff)
    assert len(r.pairs) == 60
    assert r.failed_swaps > 0
    if cutoff is not None:
        assert r.discarded_by_cutoff > 0
