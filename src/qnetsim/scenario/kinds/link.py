"""The ``link`` kind: one elementary link between two memories (:class:`~qnetsim.link.Link`).

Quantities: the closed form (``success_probability``, ``rate_hz_closed_form``,
``fidelity_closed_form``, ``fidelity_at_herald`` (the heralded state before the memory
wait), ``link_efficiency_closed_form``, ``cycle_s``, ``duty_fraction``,
``retrieval_efficiency``, ``time_fraction[PART]``, ``loss_db[ELEMENT]``; the names are
:func:`closed_form_quantities`) and a vectorised Monte Carlo of ``run.pairs`` pairs
(``rate_hz``, ``fidelity``, ``link_efficiency``), then the application on the sampled pairs
(``chsh_s``, ``qber``, key rates) with the closed form of what it measures
(:mod:`qnetsim.scenario.kinds.application`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from qnetsim.link.batch import link_batch
from qnetsim.link.design import Link
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.scenario.build import build_links
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.kinds._links import require_links, unused_link_fields
from qnetsim.scenario.kinds.application import (
    APPLICATION_CLOSED_FORM,
    application_closed_form,
    sample_application,
)
from qnetsim.scenario.kinds.base import Estimates, Evaluation, Kind
from qnetsim.scenario.result import Z95, Estimate
from qnetsim.scenario.schema import ScenarioError

__all__ = [
    "KIND",
    "LOSS_ELEMENTS",
    "TIME_PARTS",
    "closed_form_quantities",
    "link_batch_closed_form",
    "link_closed_form",
]

#: Elements of a link's loss budget (:meth:`qnetsim.link.Link.loss_budget`), as they appear in
#: the closed-form quantities ``loss_db[ELEMENT]`` (which of them a link has depends on its
#: scheme and hardware).
LOSS_ELEMENTS = (
    "emission/collection A",
    "emission/collection B",
    "excitation probability A",
    "excitation probability B",
    "frequency conversion A",
    "frequency conversion B",
    "fibre arm A",
    "fibre arm B",
    "detection window A",
    "detection window B",
    "detector",
)

#: Parts of a link's time budget (:meth:`qnetsim.link.Link.time_budget`), as they appear in
#: the closed-form quantities ``time_fraction[PART]`` (all periodic overheads together under
#: ``"overheads"``).
TIME_PARTS = (
    "initialisation",
    "emission (emitter attempt)",
    "local operations",
    "published repetition period",
    "published repetition period (communication included)",
    "herald wait (communication)",
    "overheads",
    "idle (duty cycle)",
)

_CLOSED_FORM = (
    "success_probability",
    "rate_hz_closed_form",
    "fidelity_closed_form",
    "fidelity_at_herald",
    "link_efficiency_closed_form",
    "cycle_s",
    "duty_fraction",
    "retrieval_efficiency",
    *(f"loss_db[{e}]" for e in LOSS_ELEMENTS),
    *(f"time_fraction[{e}]" for e in TIME_PARTS),
)


def closed_form_quantities(application: str = "none") -> tuple[str, ...]:
    """The closed-form quantities of a link with ``[application] type = application``."""
    return _CLOSED_FORM + APPLICATION_CLOSED_FORM.get(application, ())


_DETAIL = re.compile(r"^(?P<name>.*?)\s*\((?P<detail>[^()]*)\)$")


def _loss_key(element: str) -> tuple[str, str]:
    """``"fibre arm A (25 km)"`` -> ``("loss_db[fibre arm A]", "closed form (25 km)")``: the
    key stays the same when a sweep changes the length; the length goes into the method."""
    m = _DETAIL.match(element)
    if m is None:
        return f"loss_db[{element}]", "closed form"
    return f"loss_db[{m['name']}]", f"closed form ({m['detail']})"


def link_closed_form(link: Link, app: Mapping[str, Any]) -> Estimates:
    """The closed-form quantities of ``link`` and of the application ``app`` on it."""
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
    application_closed_form(app, link, state, out)
    return out


def link_batch_closed_form(scn: Scenario, link: Link) -> dict[str, Any]:
    """The closed-form quantities :func:`~qnetsim.link.batch.link_batch` gives for a batch of
    draws (arrays): success probability, rate and the fidelities at the herald and at
    delivery (the application's and the budgets' quantities are evaluated draw by draw)."""
    out = link_batch(link)
    return {
        "success_probability": out.success_probability,
        "rate_hz_closed_form": out.rate_hz,
        "fidelity_closed_form": out.fidelity,
        "fidelity_at_herald": out.attempt_fidelity,
    }


def _check(doc: Mapping[str, Any], source: str) -> None:
    require_links(doc, source)
    if len(doc["links"]) != 1:
        raise ScenarioError(source, "links", "kind = 'link' takes exactly one [[links]]")


def _build(scn: Scenario) -> Link:
    return build_links(scn)[0]


def _notes(scn: Scenario, link: Link) -> list[str]:
    return unused_link_fields(scn, [link])


def _closed_form(scn: Scenario, link: Link) -> Estimates:
    return link_closed_form(link, scn.doc["application"])


def _run(scn: Scenario, link: Link, ev: Evaluation) -> Estimates:
    from qnetsim.network.evaluation import evaluate

    pairs = ev.pairs
    mode = scn.doc["run"]["mode"]
    sample_seed, app_seed = ev.seed.spawn(2)
    out = link_closed_form(link, scn.doc["application"])
    res = evaluate(link, "montecarlo", pairs=pairs, seed=sample_seed, mode=mode)
    lo, hi = res.rate_ci_hz
    method = f"Monte Carlo ({mode}, {pairs} pairs)"
    rate = Estimate(res.rate_hz, (hi - lo) / (2 * Z95), "Hz", method)
    out["rate_hz"] = rate
    out["fidelity"] = Estimate(res.fidelity, res.fidelity_se, "", method)
    gamma = link.pair_decoherence_rate_hz  # Humphreys 2018: rate / pair decoherence rate
    out["link_efficiency"] = Estimate(rate.value / gamma, rate.err / gamma, "", method)
    rng = np.random.default_rng(app_seed)
    sample_application(scn.doc["application"], link, res.states, rate, rng, out)
    return out


KIND = Kind(
    name="link",
    summary="one elementary link: closed form, Monte Carlo and the application on its pairs",
    build=_build,
    run=_run,
    check=_check,
    notes=_notes,
    closed_form=_closed_form,
    batch_closed_form=link_batch_closed_form,
    closed_form_quantities=closed_form_quantities,
    uses_application=True,
    parameter_paths={
        "readout_error": "application.readout_error",
        "gamma": "application.gamma",
        "n_events": "application.n_events",
        "eps": "application.eps",
        "number of pairs": "run.pairs",
        "n_pairs": "run.pairs",
        "success probability per attempt": "run.mode",
        "success probability per cycle": "links[0]",
    },
    model_path="links[0]",
)
