"""Run a scenario: every quantity it defines, each with its statistical uncertainty.

:func:`run_scenario` returns a :class:`ScenarioResult` mapping quantity names to
:class:`Estimate` (value, one-sigma statistical error, unit, method). What is computed
depends on ``scenario.kind``:

* ``link``: closed form (``success_probability``, ``rate_hz_closed_form``,
  ``fidelity_closed_form``, ``fidelity_at_herald`` (the heralded state before the memory
  wait), ``link_efficiency_closed_form``, ``loss_db[ELEMENT]``; the names are
  :func:`~qnetsim.scenario.spec.closed_form_quantities`) and a vectorised Monte Carlo of
  ``run.pairs`` pairs (``rate_hz``, ``fidelity``, ``link_efficiency``), then the application
  on the sampled pairs (``chsh_s``, ``qber``, key rates) with the closed form of what it
  measures (``qber_closed_form``: the Z-basis error for BBM92, the key-setting error for
  DI-QKD).
* ``star``: the photonic-server star in the event engine (:func:`~qnetsim.network.simulate_star`):
  each pair alone (``rate_hz[A-B]``) and the concurrent links together
  (``concurrent_rate_hz[A-B]``, ``concurrent_fraction[A-B]``), with fidelities and
  per-attempt probabilities.
* ``chain``: the event-driven repeater chain (swap-asap or nested, cutoff, purification):
  ``rate_hz``, ``fidelity``.
* ``storage``: a single-photon source stored in and retrieved from a memory (closed form):
  ``memory_efficiency``, ``snr``, ``retrieved_g2``, ``signal_rate_hz``.
* ``satellite``: two simultaneous downlinks from an on-board pair source.
* ``memory_photon``: one memory entangled with a photon measured at a distant station
  (:class:`~qnetsim.link.MemoryPhotonLink`): closed form (``success_probability``,
  ``rate_hz_closed_form``, ``fidelity_closed_form``, ``fidelity_at_station``,
  ``measured_fidelity_closed_form``, ``noise_fraction``, ``cycle_s``, ``herald_wait_s``,
  ``qber_closed_form[B]``), the vectorised Monte Carlo of ``run.pairs`` pairs (``rate_hz``,
  ``fidelity``, ``qber[B]`` for each measured basis ``B``) and the event engine on the same
  number of pairs (``rate_hz_event_engine``, ``fidelity_event_engine``,
  ``qber_event_engine[B]``).

Randomness: every evaluation draws from ``SeedSequence([run.seed, hash(overrides)])`` with
the overrides in canonical form (:func:`~qnetsim.scenario.loader.canonical_overrides`: typed
values, an override equal to the file's value dropped), so a point gives the same numbers
however its values are spelled and whether it runs alone, in a sweep or in parallel.

Errors the model raises while it is built or run (an ``InvalidParameterError`` of a layer
below) are re-raised as :class:`~qnetsim.scenario.schema.ScenarioError` naming the file and
the key path of the field behind them (``chain.cutoff_s``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim.apps import (
    diqkd_key_rate_noisy_preprocessing,
    plob_bound,
    simulate_bbm92,
    simulate_chsh,
    simulate_diqkd,
)
from qnetsim.apps.qkd import (
    bell_diagonal_qber,
    chsh_max,
    correlation_matrix,
    optimal_chsh_settings,
)
from qnetsim.errors import QnetsimValueError
from qnetsim.link.design import Link
from qnetsim.link.memory_photon import BASES, MemoryPhotonLink, sample_memory_photon
from qnetsim.link.montecarlo import sample_link
from qnetsim.link.qd_memory import interface_from_platform
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.scenario.build import (
    build_link,
    build_links,
    build_memory_photon,
    build_platforms,
)
from qnetsim.scenario.loader import Scenario, canonical_overrides, with_overrides
from qnetsim.scenario.schema import ScenarioError

__all__ = ["Estimate", "ScenarioResult", "closed_form", "evaluation_seed", "run_scenario"]

_Z95 = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    """One simulated number: ``value`` with one-sigma statistical ``err`` (0 if exact)."""

    value: float
    err: float = 0.0
    unit: str = ""
    method: str = "closed form"


@dataclass(frozen=True)
class ScenarioResult:
    """The quantities of one scenario evaluation (at ``overrides``)."""

    scenario: Scenario
    overrides: Mapping[str, Any]
    quantities: dict[str, Estimate] = field(default_factory=dict)

    @property
    def notes(self) -> list[str]:
        """The scenario's notes, then what the run noticed (e.g. given fields that the chosen
        scheme does not use)."""
        return list(self.scenario.doc["scenario"]["notes"])

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "kind": self.scenario.kind,
            "overrides": dict(self.overrides),
            "quantities": {
                k: {"value": e.value, "err": e.err, "unit": e.unit, "method": e.method}
                for k, e in self.quantities.items()
            },
            "notes": self.notes,
        }


def evaluation_seed(seed: int, overrides: Mapping[str, Any]) -> np.random.SeedSequence:
    """The seed of one evaluation: the run seed and a stable hash of the overrides."""
    text = json.dumps(dict(overrides), sort_keys=True, default=str)
    digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
    return np.random.SeedSequence([seed, digest])


def _readout_error(app: Mapping[str, Any], link: Link) -> float:
    if app["readout_error"] is not None:
        return float(app["readout_error"])
    f_a = link.node_a.memory.mean_readout_fidelity
    f_b = link.b.memory.mean_readout_fidelity
    return 1.0 - 0.5 * (f_a + f_b)


def _application(
    app: Mapping[str, Any],
    link: Link,
    states: NDArray[np.float64],
    rate: Estimate,
    rng: np.random.Generator,
    out: dict[str, Estimate],
) -> None:
    kind = app["type"]
    if kind == "none":
        return
    e = _readout_error(app, link)
    n = states.shape[0]
    method = f"Monte Carlo ({n} pairs)"
    if kind == "chsh":
        res = simulate_chsh(states, rng, readout_error=e)
        out["chsh_s"] = Estimate(res.value, res.standard_error, "", method)
    elif kind == "bbm92":
        bb = simulate_bbm92(states, rng, readout_error=e)
        out["qber"] = Estimate(bb.qber_z, bb.qber_z_se, "", method)
        out["key_rate_bits_per_pair"] = Estimate(bb.asymptotic_rate, 0.0, "bit/pair", method)
        out["key_rate_bits_per_s"] = Estimate(
            bb.asymptotic_rate * rate.value, bb.asymptotic_rate * rate.err, "bit/s", method
        )
    elif kind == "diqkd":
        di = simulate_diqkd(
            states,
            rng,
            gamma=app["gamma"],
            readout_error=e,
            n_events=app["n_events"],
            eps=app["eps"],
        )
        out["chsh_s"] = Estimate(di.chsh.value, di.chsh.standard_error, "", method)
        out["qber"] = Estimate(di.qber, di.qber_se, "", method)
        out["key_rate_asymptotic_bits_per_event"] = Estimate(
            di.asymptotic_bits_per_event, 0.0, "bit/event", method
        )
        out["key_rate_finite_bits_per_event"] = Estimate(
            di.bits_per_event, 0.0, "bit/event", f"{method}; EAT at n = {di.finite.n_rounds:g}"
        )
        out["key_rate_asymptotic_bits_per_s"] = Estimate(
            di.asymptotic_bits_per_event * rate.value,
            di.asymptotic_bits_per_event * rate.err,
            "bit/s",
            method,
        )


def _run_link(scn: Scenario, rng: np.random.Generator, pairs: int) -> dict[str, Estimate]:
    link = build_links(scn)[0]
    out = _link_closed_form(link, scn.doc["application"])
    sample = sample_link(link, pairs, rng, mode=scn.doc["run"]["mode"])
    lo, hi = sample.rate_ci_hz
    method = f"Monte Carlo ({sample.mode}, {pairs} pairs)"
    rate = Estimate(sample.rate_hz, (hi - lo) / (2 * _Z95), "Hz", method)
    f, f_err = sample.mean_fidelity()
    out["rate_hz"] = rate
    out["fidelity"] = Estimate(f, f_err, "", method)
    gamma = link.pair_decoherence_rate_hz  # Humphreys 2018: rate / pair decoherence rate
    out["link_efficiency"] = Estimate(rate.value / gamma, rate.err / gamma, "", method)
    _application(scn.doc["application"], link, sample.coefficients_delivered, rate, rng, out)
    return out


_DETAIL = re.compile(r"^(?P<name>.*?)\s*\((?P<detail>[^()]*)\)$")


def _loss_key(element: str) -> tuple[str, str]:
    """``"fibre arm A (25 km)"`` -> ``("loss_db[fibre arm A]", "closed form (25 km)")``: the
    key stays the same when a sweep changes the length; the length goes into the method."""
    m = _DETAIL.match(element)
    if m is None:
        return f"loss_db[{element}]", "closed form"
    return f"loss_db[{m['name']}]", f"closed form ({m['detail']})"


def _link_closed_form(link: Link, app: Mapping[str, Any]) -> dict[str, Estimate]:
    state = link.delivered_state.bell_diagonal().coefficients
    herald = link.attempt.bell_diagonal().coefficients
    out = {
        "success_probability": Estimate(link.success_probability, 0.0, ""),
        "rate_hz_closed_form": Estimate(link.rate_hz, 0.0, "Hz"),
        "fidelity_closed_form": Estimate(float(bd.fidelity(state)), 0.0, ""),
        "fidelity_at_herald": Estimate(
            float(bd.fidelity(herald)), 0.0, "", "closed form (heralded state, before the wait)"
        ),
        "link_efficiency_closed_form": Estimate(link.link_efficiency, 0.0, ""),
        "cycle_s": Estimate(link.cycle_s, 0.0, "s"),
        "duty_fraction": Estimate(link.duty_fraction, 0.0, ""),
        "retrieval_efficiency": Estimate(
            link.retrieval_efficiency("A") * link.retrieval_efficiency("B"),
            0.0,
            "",
            "closed form (both memories read out after the herald wait)",
        ),
    }
    for share in link.time_budget():  # where the wall time goes
        part = "overheads" if share.part.startswith("overhead: ") else share.part
        key = f"time_fraction[{part}]"
        previous = out[key].value if key in out else 0.0
        out[key] = Estimate(previous + share.fraction, 0.0, "")
    for item in link.loss_budget():  # what limits the rate, largest loss first
        key, method = _loss_key(item.element)
        out[key] = Estimate(item.loss_db, 0.0, "dB", method)
    if app["type"] != "none":
        e = _readout_error(app, link)
        s = chsh_max(link.delivered_state.state) * (1.0 - 2.0 * e) ** 2
        if app["type"] == "bbm92":
            # what simulate_bbm92 measures: the Z-Z (key) rounds, Q_Z = l_X + l_Y of the
            # delivered Bell-diagonal state, each reported bit flipped with probability e:
            # QBER = (1 - (1 - 2 Q_Z)(1 - 2e)^2) / 2
            q_z = float(bell_diagonal_qber(state)[0])
            q = 0.5 * (1.0 - (1.0 - 2.0 * q_z) * (1.0 - 2.0 * e) ** 2)
        else:
            # key-round error of the DI-QKD settings (optimal CHSH settings; the key pairs
            # Alice's a0 with Bob's b2), what simulate_diqkd measures:
            # QBER = (1 - a0.T.b2 (1 - 2e)^2) / 2
            settings = optimal_chsh_settings(state[None, :])
            t = correlation_matrix(link.delivered_state.state)
            q = 0.5 * (1.0 - float(settings.a0 @ t @ settings.b2) * (1.0 - 2.0 * e) ** 2)
        out["chsh_s_closed_form"] = Estimate(s, 0.0, "")
        out["qber_closed_form"] = Estimate(q, 0.0, "")
        if app["type"] == "diqkd":
            r = float(diqkd_key_rate_noisy_preprocessing(min(s, 2 * math.sqrt(2)), q))
            r *= 1.0 - app["gamma"]
            out["key_rate_asymptotic_bits_per_event_closed_form"] = Estimate(r, 0.0, "bit/event")
            out["key_rate_asymptotic_bits_per_s_closed_form"] = Estimate(
                r * link.rate_hz, 0.0, "bit/s"
            )
            eta = 10 ** (-link.fibres[0].attenuation * link.length_km / 10)
            uses = link.num_modes / link.cycle_s
            out["plob_bits_per_s"] = Estimate(float(plob_bound(eta)) * uses, 0.0, "bit/s")
    return out


def _run_star(scn: Scenario, seed: np.random.SeedSequence, quick: bool) -> dict[str, Estimate]:
    from qnetsim.network.stars.events import simulate_star

    star = scn.doc["star"]
    run = scn.doc["run"]
    duration = run["quick_duration_s"] if quick else run["duration_s"]
    platforms = build_platforms(scn)
    ends = star["end_nodes"]
    used = {n: platforms[n] for n in ends}
    arms = dict(zip(ends, star["server_arms_km"], strict=True))
    pairs = [(a, b) for i, a in enumerate(ends) for b in ends[i + 1 :]]
    concurrent: list[tuple[str, str]] = pairs
    if star["concurrent"]:
        concurrent = [(p.split("-")[0], p.split("-")[1]) for p in star["concurrent"]]
    options = {
        k: star[k]
        for k in ("alpha", "conversion_efficiency", "extra_loss_db")
        if star[k] is not None
    }
    seeds = seed.spawn(len(pairs) + 1)
    out: dict[str, Estimate] = {}
    alone: dict[tuple[str, str], float] = {}
    for pair, s in zip(pairs, seeds, strict=False):
        key = "-".join(pair)
        res = simulate_star(
            used,
            arms,
            [pair],
            duration,
            seed=int(s.generate_state(1)[0]),
            hold_s=star["hold_s"],
            **options,
        )
        r = res.links[pair]
        method = f"event engine, {duration:g} s simulated, {r.pairs} pairs"
        out[f"rate_hz[{key}]"] = Estimate(
            r.rate_hz, math.sqrt(max(r.pairs, 1)) / duration, "Hz", method
        )
        out[f"rate_hz_closed_form[{key}]"] = Estimate(r.standalone_rate_hz, 0.0, "Hz")
        out[f"success_probability[{key}]"] = Estimate(r.link.success_probability, 0.0, "")
        out[f"attempt_rate_hz[{key}]"] = Estimate(1.0 / r.link.cycle_s, 0.0, "Hz")
        f = r.fidelities
        out[f"fidelity[{key}]"] = Estimate(
            float(f.mean()) if f.size else math.nan,
            float(f.std(ddof=1) / math.sqrt(f.size)) if f.size > 1 else 0.0,
            "",
            method,
        )
        alone[pair] = r.rate_hz
    res = simulate_star(
        used,
        arms,
        concurrent,
        duration,
        seed=int(seeds[-1].generate_state(1)[0]),
        hold_s=star["hold_s"],
        **options,
    )
    for pair in concurrent:
        key_pair = pair if pair in res.links else (pair[1], pair[0])
        r = res.links[key_pair]
        key = "-".join(pair)
        err = math.sqrt(max(r.pairs, 1)) / duration
        method = f"event engine, {len(concurrent)} links concurrent, {duration:g} s simulated"
        out[f"concurrent_rate_hz[{key}]"] = Estimate(r.rate_hz, err, "Hz", method)
        base = alone.get(pair) or alone.get((pair[1], pair[0])) or math.nan
        base_err = out[f"rate_hz[{key}]"].err if f"rate_hz[{key}]" in out else 0.0
        frac = r.rate_hz / base
        frac_err = frac * math.hypot(err / max(r.rate_hz, 1e-300), base_err / base)
        out[f"concurrent_fraction[{key}]"] = Estimate(frac, frac_err, "", method)
    return out


def _run_chain(
    scn: Scenario,
    seed: np.random.SeedSequence,
    pairs: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Estimate]:
    from qnetsim.network.chains import events as chain_des

    links = build_links(scn)
    chain = scn.doc["chain"]
    kwargs: dict[str, Any] = {
        "swap_success": chain["swap_success"],
        "gate_depolarising": chain["gate_depolarising"],
        "readout_error": chain["readout_error"],
        "cutoff_s": chain["cutoff_s"],
    }
    if progress is not None:
        progress(0, pairs)
        kwargs["on_progress"] = lambda done: progress(done, pairs)
    s = int(seed.generate_state(1)[0])
    if chain["policy"] == "nested" or chain["purify"]:
        from qnetsim.network.chains import nested_events as nested_des

        if chain["purify"]:
            p = chain["purification"]
            kwargs["purification"] = nested_des.PurificationPolicy(
                protocol=p["protocol"], levels=tuple(p["levels"]), rounds=p["rounds"]
            )
        res = nested_des.simulate_nested_chain(links, pairs, s, **kwargs)
        method = f"event engine, nested, {pairs} pairs"
    else:
        res = chain_des.simulate_chain(links, pairs, s, **kwargs)
        method = f"event engine, swap-asap, {pairs} pairs"
    f = res.fidelities
    n = f.size
    rate = res.rate_hz
    return {
        "rate_hz": Estimate(rate, rate / math.sqrt(max(n, 1)), "Hz", method),
        "fidelity": Estimate(
            float(f.mean()), float(f.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0, "", method
        ),
    }


def _run_storage(scn: Scenario) -> dict[str, Estimate]:
    st = scn.doc["storage"]
    platform = build_platforms(scn)[st["node"]]
    try:
        r = interface_from_platform(
            platform, st["storage_time_s"], st["input_transmission"], st["memory_noise_photons"]
        )
    except ValueError as exc:
        raise ScenarioError(scn.source, "storage", str(exc)) from None
    return {
        "memory_efficiency": Estimate(r.memory_efficiency, 0.0, ""),
        "end_to_end_efficiency": Estimate(r.end_to_end_efficiency, 0.0, ""),
        "snr": Estimate(r.snr, 0.0, ""),
        "retrieved_g2": Estimate(r.retrieved_g2, 0.0, ""),
        "signal_rate_hz": Estimate(r.signal_rate_hz, 0.0, "Hz"),
    }


def _memory_photon_link(scn: Scenario) -> MemoryPhotonLink:
    return build_memory_photon(scn.doc["memory_photon"], build_platforms(scn), scn.source)


def _memory_photon_closed_form(link: MemoryPhotonLink) -> dict[str, Estimate]:
    out = {
        "success_probability": Estimate(link.success_probability, 0.0, ""),
        "rate_hz_closed_form": Estimate(link.rate_hz, 0.0, "Hz"),
        "fidelity_closed_form": Estimate(link.fidelity, 0.0, "", "closed form (at read-out)"),
        "fidelity_at_station": Estimate(
            link.fidelity_at_station, 0.0, "", "closed form (heralded state, before the wait)"
        ),
        "measured_fidelity_closed_form": Estimate(
            link.measured_fidelity, 0.0, "", "closed form ((1 + E_X - E_Y + E_Z)/4, read-out)"
        ),
        "noise_fraction": Estimate(link.noise_fraction, 0.0, ""),
        "cycle_s": Estimate(link.cycle_s, 0.0, "s"),
        "herald_wait_s": Estimate(link.herald_wait_s, 0.0, "s"),
    }
    for b in BASES:
        out[f"qber_closed_form[{b}]"] = Estimate(link.qber(b), 0.0, "")
    return out


def _run_memory_photon(
    scn: Scenario, seed: np.random.SeedSequence, pairs: int
) -> dict[str, Estimate]:
    from qnetsim.engine import Simulator
    from qnetsim.link.memory_photon_process import MemoryPhotonGenerator

    link = _memory_photon_link(scn)
    out = _memory_photon_closed_form(link)
    mode = scn.doc["run"]["mode"]
    mc_seed, des_seed = seed.spawn(2)
    s = sample_memory_photon(link, pairs, np.random.default_rng(mc_seed), mode=mode)
    method = f"Monte Carlo ({mode}, {pairs} pairs)"
    out["rate_hz"] = Estimate(s.rate_hz, s.rate_se_hz, "Hz", method)
    f, f_err = s.mean_fidelity()
    out["fidelity"] = Estimate(f, f_err, "", method)
    for b in link.bases:
        q, q_err, n = s.qber(b)
        out[f"qber[{b}]"] = Estimate(q, q_err, "", f"{method}; {n} in basis {b}")
    sim = Simulator(seed=int(des_seed.generate_state(1)[0]))
    proc = sim.process(MemoryPhotonGenerator(sim, link).run(pairs))
    sim.run()
    got = proc.value
    method = f"event engine, {pairs} pairs"
    rate = pairs / sim.now_s
    out["rate_hz_event_engine"] = Estimate(rate, rate / math.sqrt(pairs), "Hz", method)
    fids = np.array([p.fidelity for p in got])
    f_se = float(fids.std(ddof=1)) / math.sqrt(pairs) if pairs > 1 else 0.0
    out["fidelity_event_engine"] = Estimate(float(fids.mean()), f_se, "", method)
    for b in link.bases:
        errors = np.array([p.error for p in got if p.basis == b], dtype=np.float64)
        if errors.size:
            q = float(errors.mean())
            q_se = math.sqrt(max(q * (1 - q), 1.0 / errors.size) / errors.size)
            out[f"qber_event_engine[{b}]"] = Estimate(
                q, q_se, "", f"{method}; {errors.size} in basis {b}"
            )
    return out


#: Parameter names of the layers below -> the scenario's key path, per kind (what
#: :func:`_model_error` names when the model rejects a value only it can check).
_PARAMETER_PATHS: dict[str, dict[str, str]] = {
    "link": {
        "readout_error": "application.readout_error",
        "gamma": "application.gamma",
        "n_events": "application.n_events",
        "eps": "application.eps",
        "number of pairs": "run.pairs",
        "n_pairs": "run.pairs",
        "success probability per attempt": "run.mode",
        "success probability per cycle": "links[0]",
    },
    "chain": {
        "cutoff_s": "chain.cutoff_s",
        "swap_success": "chain.swap_success",
        "gate_depolarising": "chain.gate_depolarising",
        "readout_error": "chain.readout_error",
        "purification": "chain.purification",
        "purification.levels": "chain.purification.levels",
        "len(links)": "links",
        "links": "links",
        "n_pairs": "run.pairs",
    },
    "star": {
        "alpha": "star.alpha",
        "conversion_efficiency": "star.conversion_efficiency",
        "extra_loss_db": "star.extra_loss_db",
        "hold_s": "star.hold_s",
        "links": "star.concurrent",
        "duration_s": "run.duration_s",
    },
}
_PARAMETER_PATHS["memory_photon"] = {
    "n_pairs": "run.pairs",
    "success probability per attempt": "run.mode",
    "success probability per cycle": "memory_photon",
    "success probability": "memory_photon",
}
_KIND_PATH = {
    "link": "links[0]",
    "chain": "chain",
    "star": "star",
    "memory_photon": "memory_photon",
}


def _model_error(scn: Scenario, exc: QnetsimValueError, quick: bool) -> ScenarioError:
    """``exc`` (raised while the model is built or run) as a :class:`ScenarioError` naming
    the file and the key path of the field behind it."""
    name = getattr(exc, "name", None)
    path = _PARAMETER_PATHS.get(scn.kind, {}).get(str(name), _KIND_PATH.get(scn.kind, scn.kind))
    if quick and path in ("run.pairs", "run.duration_s"):
        path = path.replace("run.", "run.quick_")
    reason = str(exc)
    if name is not None and path.endswith(str(name)) and reason.startswith(f"{name} = "):
        reason = reason[len(f"{name} = ") :]  # the key path already names it
    return ScenarioError(scn.source, path, reason)


#: Link fields that only some schemes use (the others ignore a given value).
_SCHEME_FIELDS = {
    "alpha": ("single-click",),
    "phase_coherence": ("single-click", "dlcz"),
    "spin_photon_gate_fidelity": ("reflection",),
}


def _unused_link_fields(scn: Scenario, links: list[Link]) -> list[str]:
    """Notes naming the given ``[[links]]`` fields that the link's scheme does not use."""
    notes = []
    for i, (spec, link) in enumerate(zip(scn.doc["links"], links, strict=False)):
        raw = scn.raw.get("links", [])
        given = raw[i] if i < len(raw) and isinstance(raw[i], Mapping) else {}
        unused = [
            f"{key} = {spec[key]!r} (used by {' and '.join(schemes)} only)"
            for key, schemes in _SCHEME_FIELDS.items()
            if spec.get(key) is not None and link.scheme not in schemes
        ]
        if link.scheme == "reflection" and given.get("geometry") == "midpoint":
            unused.append("geometry = 'midpoint' (reflection is always node to node)")
        if spec["store_in_memory"] and not (
            link.node_a.communication_memory or link.b.communication_memory
        ):
            unused.append(
                "store_in_memory = true (neither node has a separate communication qubit)"
            )
        if unused:
            notes.append(
                f"links[{i}]: the {link.scheme!r} scheme does not use "
                + "; ".join(unused)
                + ": ignored."
            )
    return notes


def run_scenario(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    quick: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioResult:
    """Evaluate ``scenario`` (with ``overrides`` applied) and return its quantities.

    ``progress(done, total)`` is called as the event engine delivers pairs (chain scenarios,
    the ones that can run long); other kinds are vectorised or closed form and do not call it.

    The evaluation's seed is :func:`evaluation_seed` of ``run.seed`` and the canonical
    overrides (:func:`~qnetsim.scenario.loader.canonical_overrides`).

    Raises:
        ScenarioError: an invalid override, or a value the model rejects when it is built
            (naming the file and the key path).
    """
    ov = dict(overrides or {})
    scn = with_overrides(scenario, ov)
    run = scn.doc["run"]
    pairs = run["quick_pairs"] if quick else run["pairs"]
    seed = evaluation_seed(run["seed"], canonical_overrides(scenario, ov, applied=scn))
    kind = scn.kind
    notes: list[str] = []
    try:
        if kind == "link":
            notes = _unused_link_fields(scn, build_links(scn))
            q = _run_link(scn, np.random.default_rng(seed), pairs)
        elif kind == "star":
            q = _run_star(scn, seed, quick)
        elif kind == "chain":
            notes = _unused_link_fields(scn, build_links(scn))
            q = _run_chain(scn, seed, pairs, progress)
        elif kind == "storage":
            q = _run_storage(scn)
        elif kind == "memory_photon":
            q = _run_memory_photon(scn, seed, pairs)
        else:
            from qnetsim.scenario.satellite import run_satellite

            q = run_satellite(scn, np.random.default_rng(seed), quick)
    except ScenarioError:
        raise
    except QnetsimValueError as exc:
        raise _model_error(scn, exc, quick) from None
    if notes:
        head = dict(scn.doc["scenario"])
        head["notes"] = [*head["notes"], *notes]
        scn = dataclasses.replace(scn, doc={**scn.doc, "scenario": head})
    return ScenarioResult(scn, ov, {k: _tidy(e) for k, e in q.items()})


def _tidy(e: Estimate) -> Estimate:
    """Round-off errors of identical samples (1e-18 on a fidelity) are reported as exact."""
    if e.err and math.isfinite(e.value) and e.err <= 1e-12 * max(abs(e.value), 1e-300):
        return Estimate(e.value, 0.0, e.unit, e.method)
    return e


def closed_form(scenario: Scenario, overrides: Mapping[str, Any] | None = None) -> dict[str, float]:
    """The instant closed-form quantities of a ``link``, ``storage`` or ``memory_photon``
    scenario (their names:
    :func:`~qnetsim.scenario.spec.closed_form_quantities`; which ``loss_db[...]`` a link has
    depends on its scheme and hardware)."""
    scn = with_overrides(scenario, dict(overrides or {}))
    if scn.kind == "storage":
        return {k: e.value for k, e in _run_storage(scn).items()}
    if scn.kind == "memory_photon":
        try:
            mp = _memory_photon_closed_form(_memory_photon_link(scn))
        except QnetsimValueError as exc:
            raise _model_error(scn, exc, quick=False) from None
        return {k: e.value for k, e in mp.items()}
    if scn.kind != "link":
        raise ScenarioError(
            scn.source,
            "scenario.kind",
            "closed-form curves need kind = 'link', 'storage' or 'memory_photon'",
        )
    try:
        platforms = build_platforms(scn)
        link = build_link(scn.doc["links"][0], platforms, scn.source, "links[0]")
        values = _link_closed_form(link, scn.doc["application"])
    except ScenarioError:
        raise
    except QnetsimValueError as exc:
        raise _model_error(scn, exc, quick=False) from None
    return {k: e.value for k, e in values.items()}
