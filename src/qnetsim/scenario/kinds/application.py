"""The ``[application]`` of a ``link`` scenario: what the delivered pairs are used for.

``chsh`` (a CHSH test), ``bbm92`` (entanglement-based QKD) or ``diqkd`` (device-independent
QKD) on the sampled pairs (:func:`sample_application`), and the closed form of what each
measures (:func:`application_closed_form`: ``qber_closed_form`` is the Z-basis error for
BBM92, the key-setting error for DI-QKD).

DI-QKD finite-size key: the sampled ``S`` and QBER are the inputs of
:func:`qnetsim.apps.qkd.key.diqkd_finite_key` for ``n_events`` rounds (default: the number of
sampled pairs) with ``eps`` as the total soundness parameter (any value in (0, 1), e.g. 1e-10 or
1e-12) and the bound ``method`` (``renyi`` by default; ``df2019``, ``eat2018`` or
``asymptotic`` when the block has a ``method`` key). The bound optimises its own test
probability; ``gamma`` of the block is the sampled protocol's, used to estimate ``S``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import RngLike, as_rng
from qnetsim.apps.capacity import plob_bound
from qnetsim.apps.qkd.bb84 import bell_diagonal_qber
from qnetsim.apps.qkd.bbm92_sim import simulate_bbm92
from qnetsim.apps.qkd.bell_test import optimal_chsh_settings, simulate_chsh
from qnetsim.apps.qkd.chsh import chsh_max, correlation_matrix
from qnetsim.apps.qkd.diqkd import TSIRELSON_BOUND, diqkd_key_rate_noisy_preprocessing
from qnetsim.apps.qkd.diqkd_sim import simulate_diqkd
from qnetsim.apps.qkd.key import DEFAULT_METHOD, diqkd_finite_key
from qnetsim.link.design import Link
from qnetsim.scenario.result import Estimate

__all__ = [
    "APPLICATION_CLOSED_FORM",
    "application_closed_form",
    "readout_error",
    "sample_application",
]

#: Closed-form quantities of each application type (added to the link's).
APPLICATION_CLOSED_FORM: dict[str, tuple[str, ...]] = {
    "none": (),
    "chsh": ("chsh_s_closed_form", "qber_closed_form"),
    "bbm92": ("chsh_s_closed_form", "qber_closed_form"),
    "diqkd": (
        "chsh_s_closed_form",
        "qber_closed_form",
        "key_rate_asymptotic_bits_per_event_closed_form",
        "key_rate_asymptotic_bits_per_s_closed_form",
        "plob_bits_per_s",
    ),
}


def readout_error(app: Mapping[str, Any], link: Link) -> float:
    """The measurement error per party: ``[application] readout_error``, else from the
    memories' mean readout fidelities."""
    if app["readout_error"] is not None:
        return float(app["readout_error"])
    f_a = link.node_a.memory.mean_readout_fidelity
    f_b = link.b.memory.mean_readout_fidelity
    return 1.0 - 0.5 * (f_a + f_b)


def sample_application(
    app: Mapping[str, Any],
    link: Link,
    states: NDArray[np.float64],
    rate: Estimate,
    rng: RngLike,
    out: dict[str, Estimate],
) -> None:
    """Add the application's sampled quantities on the delivered ``states`` to ``out``;
    ``rng`` is a Generator or an int seed."""
    rng = as_rng(rng)
    kind = app["type"]
    if kind == "none":
        return
    e = readout_error(app, link)
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
        bound = app.get("method") or DEFAULT_METHOD["diqkd"]
        n_block = float(n) if app["n_events"] is None else float(app["n_events"])
        key = diqkd_finite_key(
            min(abs(di.chsh.value), TSIRELSON_BOUND), min(di.qber, 0.5), max(n_block, 1.0),
            method=bound, eps_sound=app["eps"],
        )
        note = f"{method}; {key.method} bound at n = {n_block:g}, eps = {app['eps']:g}"
        if key.reason:
            note += f"; 0 because {key.reason}"
        out["key_rate_finite_bits_per_event"] = Estimate(
            key.key_bits_per_round, 0.0, "bit/event", note
        )
        out["key_rate_asymptotic_bits_per_s"] = Estimate(
            di.asymptotic_bits_per_event * rate.value,
            di.asymptotic_bits_per_event * rate.err,
            "bit/s",
            method,
        )


def application_closed_form(
    app: Mapping[str, Any], link: Link, state: NDArray[np.float64], out: dict[str, Estimate]
) -> None:
    """Add the closed form of what the application measures on the delivered Bell-diagonal
    ``state`` (coefficients) to ``out``."""
    if app["type"] == "none":
        return
    e = readout_error(app, link)
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
        out["key_rate_asymptotic_bits_per_s_closed_form"] = Estimate(r * link.rate_hz, 0.0, "bit/s")
        eta = 10 ** (-link.fibres[0].attenuation * link.length_km / 10)
        uses = link.num_modes / link.cycle_s
        out["plob_bits_per_s"] = Estimate(float(plob_bound(eta)) * uses, 0.0, "bit/s")
