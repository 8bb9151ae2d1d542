"""Every platform field does something: changing it changes a result a user sees.

For every link preset and every numeric field (``Platform.numeric_parameters()``), the value
is moved a little inside its valid range and the probes below are recomputed; at least one
must change. The probes are what the package computes from a platform: a link's closed form
(rate, heralded and delivered state, cycle, time budget, link efficiency), the same link
storing into the storage qubit, the storage noise after a delivery delay, and a repeater
node's swap noise (gate and readout). Wavelengths are descriptive facts checked for
consistency (converter input against emitter, band defaults) rather than model inputs; they
are listed in ``DESCRIPTIVE`` with that reason. The capabilities (``capabilities.*``) say
what a node has, not what a link uses: they bound designs rather than set a number of a link,
so they are listed in ``BOUNDS`` and :func:`test_every_capability_bounds_a_design` shows
that each one matters through its bound.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError, QnetsimValueError
from qnetsim.hardware import Capabilities, get_platform, platform_names
from qnetsim.hardware.platform import Platform
from qnetsim.link import Link
from qnetsim.network.chains.common import swap_noise
from qnetsim.network.chains.designs import Design, check_design_fits

#: Fields that identify the light rather than set a number of the models (reason above).
DESCRIPTIVE = {
    "emitter.wavelength_nm",
    "converter.input_wavelength_nm",
    "converter.output_wavelength_nm",
    "fibre_wavelength_nm",
    "source.wavelength_nm",
}

#: Fields that belong to schemes other than the platform's own (a user may pick another
#: scheme for the same hardware; the reflection scheme's spin-photon gate is modelled by the
#: gate fidelity, and it emits no photon of its own; ensembles have no double excitation).
NOT_IN_SCHEME = {
    "reflection": {
        "emitter.hom_visibility",
        "emitter.phase_noise_sigma_rad",
        "emitter.spin_photon_depolarising",
        "emitter.spin_photon_dephasing",
        "emitter.double_excitation_probability",
    },
    "dlcz-single-photon": {"emitter.double_excitation_probability"},
}

#: Fields used beyond a single link: the number of storage qubits of a node that also has
#: communication qubits (repeater nodes, the companion issue on storage qubits in chains), and
#: a communication qubit's own per-attempt dephasing (the attempts act on other qubits).
BEYOND_THE_LINK = {
    "memory.num_memories",
    "memory.num_temporal_modes",
    "communication_memory.dephasing_per_attempt",
}

#: What a node has (qnetsim.hardware.Capabilities): bounds on the designs (memory modes at
#: build time, qubits per node in the planner), not parameters of a link's numbers.
BOUNDS = {
    "capabilities.communication_qubits",
    "capabilities.storage_qubits",
    "capabilities.max_modes",
}

LINK_PRESETS = [n for n in platform_names() if get_platform(n).scheme != "storage"]


def _variants(p: Platform) -> list[tuple[Platform, dict[str, object]]]:
    """The platform as given, storing into its storage qubit (attempt trains that do not
    wait for the herald, whose attempts dephase it), and without dynamical decoupling (where
    the free-evolution T2 applies)."""
    out: list[tuple[Platform, dict[str, object]]] = [(p, {})]
    if p.communication_memory is not None:
        out.append((p, {"store_in_memory": True}))
        trains = dataclasses.replace(p.timing, wait_for_herald=False)
        out.append((dataclasses.replace(p, timing=trains), {"store_in_memory": True}))
    if p.timing.repetition_rate_hz is not None:
        parts = dataclasses.replace(p.timing, repetition_rate_hz=None,
                                    rate_includes_communication=None)
        out.append((dataclasses.replace(p, timing=parts), {}))  # the parts behind the rate
    if p.memory.use_dynamical_decoupling:
        free = dataclasses.replace(p.memory, use_dynamical_decoupling=False)
        out.append((dataclasses.replace(p, memory=free), {}))
    return out


def _probes(p: Platform) -> list[float]:
    out: list[float] = []
    for plat, kwargs in _variants(p):
        link = Link(plat, 20.0, **kwargs)  # type: ignore[arg-type]
        state = link.delivered_state.bell_diagonal().coefficients
        out += [
            link.retrieval_efficiency("A", 1e-4),
            link.success_probability,
            link.rate_hz,
            link.cycle_s,
            link.link_efficiency,
            *link.attempt.bell_diagonal().coefficients,
            *state,
            *link.storage_twirl("A", 0.01),
            *(t.fraction for t in link.time_budget()),
        ]
        p2, e = swap_noise([link, link], None, None)
        out += [*p2, *e]
        # what an application measures: the holding qubits' readout (QBER, CHSH)
        out += [link.holding_memory(n).mean_readout_fidelity for n in ("A", "B")]
    return out


def _moved(value: float, key: str) -> list[float]:
    if math.isinf(value):
        return [1e3]
    if value == 0.0:
        return [0.01, 1e-6, 0.2]
    candidates = [value * 0.9, value * 0.5, value * 1.1, min(1.0, value * 1.01)]
    if "fidelity" in key or key.endswith("visibility"):
        candidates = [value - 0.01, value * 0.9]
    return [c for c in candidates if c != value]


def _replace(p: Platform, key: str, value: float) -> Platform:
    base = key.split("[", 1)[0]
    if "." not in base:
        return dataclasses.replace(p, **{base: value})
    comp_name, field = base.split(".", 1)
    comp = getattr(p, comp_name)
    current = getattr(comp, field)
    if isinstance(current, tuple):
        index = int(key.split("[", 1)[1].rstrip("]"))
        current = list(current)
        current[index] = value
        value = tuple(current)  # type: ignore[assignment]
    elif isinstance(current, int) and not isinstance(current, bool):
        value = max(1, round(value) + 1)  # type: ignore[assignment]
    moved = dataclasses.replace(comp, **{field: value})
    if field in ("num_memories", "num_temporal_modes"):
        # more modes need hardware that has them: raise the bound with the design
        caps = dataclasses.replace(p.capabilities, max_modes=max(
            p.capabilities.max_modes, moved.num_memories * moved.num_temporal_modes
        ))  # fmt: skip
        return dataclasses.replace(p, **{comp_name: moved, "capabilities": caps})
    return dataclasses.replace(p, **{comp_name: moved})


@pytest.mark.parametrize("name", LINK_PRESETS)
def test_every_numeric_field_changes_a_result(name: str) -> None:
    p = get_platform(name)
    base = _probes(p)
    idle = []
    for key, value in p.numeric_parameters().items():
        if key in DESCRIPTIVE or key in BOUNDS or key in NOT_IN_SCHEME.get(p.scheme, set()):
            continue
        if p.communication_memory is not None and key in BEYOND_THE_LINK:
            continue
        if key.endswith("noise_floor_input_photons"):
            continue  # enters the storage interface (tests/link/test_qd_memory.py), not links
        if key == "memory.dephasing_per_attempt" and p.communication_memory is None:
            continue  # a storage qubit beside a communication qubit only (Memory docstring)
        changed = False
        for new in _moved(value, key):
            try:
                moved = _replace(p, key, new)
                probes = _probes(moved)
            except QnetsimValueError:
                continue
            if len(probes) != len(base) or not np.allclose(probes, base, rtol=1e-12, atol=0):
                changed = True
                break
        if not changed:
            idle.append(key)
    assert idle == [], f"{name}: fields with no effect on any result: {idle}"


@pytest.mark.parametrize("name", platform_names())
def test_every_capability_bounds_a_design(name: str) -> None:
    """Each capability field matters through the bound it sets: one mode more than
    ``max_modes`` cannot be built, and a design that needs one qubit more than
    ``communication_qubits + storage_qubits`` is refused until either count grows."""
    p = get_platform(name)
    caps = p.capabilities
    comp = "memory" if p.communication_memory is None else "communication_memory"
    mem = getattr(p, comp)
    at_limit = dataclasses.replace(mem, num_memories=1, num_temporal_modes=caps.max_modes)
    assert dataclasses.replace(p, **{comp: at_limit})
    over = dataclasses.replace(at_limit, num_temporal_modes=caps.max_modes + 1)
    with pytest.raises(InvalidParameterError, match="capabilities.max_modes"):
        dataclasses.replace(p, **{comp: over})
    more_modes = dataclasses.replace(caps, max_modes=caps.max_modes + 1)
    assert dataclasses.replace(p, **{comp: over, "capabilities": more_modes})
    # storage qubits are used when a storage memory is modelled (a distinct communication
    # qubit): give the single-qubit presets one, so that both counts can be probed
    if p.communication_memory is None:
        p = dataclasses.replace(p, communication_memory=p.memory)
    # a design needing more qubits than the node has: a two-link chain needs 2 per repeater.
    # Probe from one communication and no storage qubit (pumping at a repeater with one
    # communication qubit is not modelled, so the probe does not use it): either count
    # growing by one makes the design fit.
    p = dataclasses.replace(p, capabilities=Capabilities(1, 0, caps.max_modes))
    design = Design(2)
    with pytest.raises(InvalidParameterError, match="qubit"):
        check_design_fits(p, design)
    for grown in (Capabilities(2, 0, caps.max_modes), Capabilities(1, 1, caps.max_modes)):
        check_design_fits(dataclasses.replace(p, capabilities=grown), design)
