"""Run a scenario: every quantity it defines, each with its statistical uncertainty.

:func:`run_scenario` returns a :class:`ScenarioResult` mapping quantity names to
:class:`Estimate` (value, one-sigma statistical error, unit, method). What is computed
depends on ``scenario.kind``:

* ``link``: closed form (``success_probability``, ``rate_hz_closed_form``,
  ``fidelity_closed_form``, ``link_efficiency_closed_form``) and a vectorised Monte Carlo of
  ``run.pairs`` pairs (``rate_hz``, ``fidelity``, ``fidelity_at_herald``, ``link_efficiency``),
  then the application on the sampled pairs (``chsh_s``, ``qber``, key rates).
* ``star``: the photonic-server star in the event engine (:func:`~qnetsim.network.simulate_star`):
  each pair alone (``rate_hz[A-B]``) and the concurrent links together
  (``concurrent_rate_hz[A-B]``, ``concurrent_fraction[A-B]``), with fidelities and
  per-attempt probabilities.
* ``chain``: the event-driven repeater chain (swap-asap or nested, cutoff, purification):
  ``rate_hz``, ``fidelity``.
* ``storage``: a single-photon source stored in and retrieved from a memory (closed form):
  ``memory_efficiency``, ``snr``, ``retrieved_g2``, ``signal_rate_hz``.
* ``satellite``: two simultaneous downlinks from an on-board pair source.

Randomness: every evaluation draws from ``SeedSequence([run.seed, hash(overrides)])``, so
a point gives the same numbers whether it runs alone, in a sweep or in parallel.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
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
from qnetsim.apps.qkd import chsh_max, correlation_matrix, optimal_chsh_settings
from qnetsim.link.design import Link
from qnetsim.link.montecarlo import sample_link
from qnetsim.link.qd_memory import interface_from_platform
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.scenario.build import build_link, build_links, build_platforms
from qnetsim.scenario.loader import Scenario, with_overrides
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

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "kind": self.scenario.kind,
            "overrides": dict(self.overrides),
            "quantities": {
                k: {"value": e.value, "err": e.err, "unit": e.unit, "method": e.method}
                for k, e in self.quantities.items()
            },
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
    fh, fh_err = sample.mean_fidelity(delivered=False)
    out["rate_hz"] = rate
    out["fidelity"] = Estimate(f, f_err, "", method)
    out["fidelity_at_herald"] = Estimate(fh, fh_err, "", method)
    out["link_efficiency"] = Estimate(
        rate.value * link.coherence_time_s, rate.err * link.coherence_time_s, "", method
    )
    _application(scn.doc["application"], link, sample.coefficients_delivered, rate, rng, out)
    return out


def _link_closed_form(link: Link, app: Mapping[str, Any]) -> dict[str, Estimate]:
    state = link.delivered_state.bell_diagonal().coefficients
    out = {
        "success_probability": Estimate(link.success_probability, 0.0, ""),
        "rate_hz_closed_form": Estimate(link.rate_hz, 0.0, "Hz"),
        "fidelity_closed_form": Estimate(float(bd.fidelity(state)), 0.0, ""),
        "link_efficiency_closed_form": Estimate(link.link_efficiency, 0.0, ""),
        "cycle_s": Estimate(link.cycle_s, 0.0, "s"),
    }
    for item in link.loss_budget():  # what limits the rate, largest loss first
        out[f"loss_db[{item.element}]"] = Estimate(item.loss_db, 0.0, "dB")
    if app["type"] != "none":
        e = _readout_error(app, link)
        s = chsh_max(link.delivered_state.state) * (1.0 - 2.0 * e) ** 2
        # key-round error of the settings the protocols use (optimal CHSH settings; the key
        # pairs Alice's a0 with Bob's b2): QBER = (1 - a0.T.b2 (1 - 2e)^2) / 2
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
    from qnetsim.network.star_des import simulate_star

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


def _run_chain(scn: Scenario, seed: np.random.SeedSequence, pairs: int) -> dict[str, Estimate]:
    from qnetsim.network import chain_des

    links = build_links(scn)
    chain = scn.doc["chain"]
    kwargs: dict[str, Any] = {
        "swap_success": chain["swap_success"],
        "gate_depolarising": chain["gate_depolarising"],
        "readout_error": chain["readout_error"],
        "cutoff_s": chain["cutoff_s"],
    }
    s = int(seed.generate_state(1)[0])
    if chain["policy"] == "nested" or chain["purify"]:
        from qnetsim.network import nested_des

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


def run_scenario(
    scenario: Scenario, overrides: Mapping[str, Any] | None = None, *, quick: bool = False
) -> ScenarioResult:
    """Evaluate ``scenario`` (with ``overrides`` applied) and return its quantities."""
    ov = dict(overrides or {})
    scn = with_overrides(scenario, ov)
    run = scn.doc["run"]
    pairs = run["quick_pairs"] if quick else run["pairs"]
    seed = evaluation_seed(run["seed"], ov)
    kind = scn.kind
    if kind == "link":
        q = _run_link(scn, np.random.default_rng(seed), pairs)
    elif kind == "star":
        q = _run_star(scn, seed, quick)
    elif kind == "chain":
        q = _run_chain(scn, seed, pairs)
    elif kind == "storage":
        q = _run_storage(scn)
    else:
        from qnetsim.scenario.satellite import run_satellite

        q = run_satellite(scn, np.random.default_rng(seed), quick)
    return ScenarioResult(scn, ov, {k: _tidy(e) for k, e in q.items()})


def _tidy(e: Estimate) -> Estimate:
    """Round-off errors of identical samples (1e-18 on a fidelity) are reported as exact."""
    if e.err and math.isfinite(e.value) and e.err <= 1e-12 * max(abs(e.value), 1e-300):
        return Estimate(e.value, 0.0, e.unit, e.method)
    return e


def closed_form(scenario: Scenario, overrides: Mapping[str, Any] | None = None) -> dict[str, float]:
    """The instant closed-form quantities of a ``link`` or ``storage`` scenario."""
    scn = with_overrides(scenario, dict(overrides or {}))
    if scn.kind == "storage":
        return {k: e.value for k, e in _run_storage(scn).items()}
    if scn.kind != "link":
        raise ScenarioError(
            scn.source, "scenario.kind", "closed-form curves need kind = 'link' or 'storage'"
        )
    platforms = build_platforms(scn)
    link = build_link(scn.doc["links"][0], platforms, scn.source, "links[0]")
    return {k: e.value for k, e in _link_closed_form(link, scn.doc["application"]).items()}
