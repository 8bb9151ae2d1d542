"""A link's closed form for a batch of draws of its inputs at once (issue 13: bands of a
20-point curve over 1,024 draws in about a second).

:func:`link_batch` takes a :class:`~qnetsim.link.design.Link` whose nodes are stacked
platforms (:func:`~qnetsim.hardware.batch.stack_platforms`: float fields that differ between
draws are arrays) and answers what :func:`~qnetsim.network.link_engines.link_exact` answers
for one link, for every draw: success probability, rate, and the delivered state's fidelity.
It is the same closed form, not a second one: the link's own properties (optics, timing,
waits) run on arrays, the scheme's closed form is the batched form of the same function
(:func:`~qnetsim.link.single_click.single_click_batch` and its three siblings share their
arithmetic with the single-link functions), and the noise after the herald is
:meth:`Link.noise_steps <qnetsim.link.design.Link.noise_steps>`, the list the single-link
:attr:`~qnetsim.link.design.Link.delivered_state` applies, applied here to ``(n, 4, 4)``
density matrices (:mod:`qnetsim.quantum.batch`). ``tests/link/test_batch.py`` checks that
every preset and scheme gives the single-link numbers draw by draw.

Examples:
    >>> import dataclasses
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.hardware.batch import stack_platforms
    >>> from qnetsim.link import Link
    >>> p = get_platform("nv_delft")
    >>> draws = [dataclasses.replace(p, emitter=dataclasses.replace(p.emitter, alpha=a))
    ...          for a in (0.05, 0.1, 0.2)]
    >>> out = link_batch(Link(stack_platforms(draws), 10.0))
    >>> single = [Link(q, 10.0) for q in draws]
    >>> bool(np.allclose(out.fidelity, [x.delivered_state.fidelity for x in single]))
    True
    >>> bool(np.allclose(out.rate_hz, [x.rate_hz for x in single]))
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.batch import batch_size
from qnetsim.link.design import Link
from qnetsim.link.heralded import HeraldedBatch
from qnetsim.quantum import batch as qb

__all__ = ["LinkBatch", "link_batch"]

_TARGET = {"A": 0, "B": 1}


@dataclass(frozen=True)
class LinkBatch:
    """The closed form of a link for ``n`` draws.

    Attributes:
        success_probability: ``(n,)`` per attempt (one mode).
        rate_hz: ``(n,)`` mean entanglement rate.
        fidelity: ``(n,)`` fidelity of the delivered pair to ``Phi+`` (after the herald
            wait).
        attempt_fidelity: ``(n,)`` fidelity of the heralded pair before the wait.
        delivered: the delivered ``(n, 4, 4)`` states with the success probabilities.
    """

    success_probability: NDArray[np.float64]
    rate_hz: NDArray[np.float64]
    fidelity: NDArray[np.float64]
    attempt_fidelity: NDArray[np.float64]
    delivered: HeraldedBatch


def _per_draw(value: Any, n: int, width: int | None = None) -> NDArray[np.float64]:
    """A step's value as ``(n,)`` or, for Pauli vectors ``(4,)``/``(4, 1)``/``(4, n)``, as
    ``(n, 4)``."""
    arr = np.asarray(value, dtype=np.float64)
    if width is None:
        return np.broadcast_to(arr, (n,))
    return np.broadcast_to(arr.reshape(width, -1), (width, n)).T


def _apply(rho: NDArray[np.complex128], link: Link, node: str, kind: str, value: Any) -> Any:
    n = rho.shape[0]
    if kind == "pauli":
        p = _per_draw(value, n, 4)
        if np.all(p[:, 0] == 1.0):
            return rho  # identity on every draw
        kraus = qb.pauli_kraus(p)
    elif kind == "dephasing":
        z = _per_draw(value, n)
        if not np.any(z > 0.0):
            return rho
        kraus = qb.pauli_kraus(np.stack([1.0 - z, 0 * z, z, 0 * z], axis=1))
    else:
        mem = link.holding_memory(node)
        kraus = qb.memory_noise_kraus(
            _per_draw(value, n),
            _per_draw(mem.t1_s, n),
            _per_draw(mem.effective_dephasing_time_s(), n),
        )
    return qb.apply_kraus(rho, kraus, [_TARGET[node]])


def link_batch(link: Link) -> LinkBatch:
    """Success probability, rate and delivered fidelity of ``link`` for every draw of its
    stacked platforms (a link of ordinary platforms is a batch of one).

    Raises:
        InvalidParameterError: ``link`` is not a :class:`~qnetsim.link.design.Link`.
    """
    if not isinstance(link, Link):
        raise InvalidParameterError("link", type(link).__name__, "a Link")
    n = max(batch_size(link.node_a), batch_size(link.b))
    h = link.scheme_batch
    if h.matrix.shape[0] != n:  # nothing that varies reached the scheme: one state for all
        h = HeraldedBatch(
            np.broadcast_to(h.success_probability, (n,)).copy(),
            np.broadcast_to(h.matrix, (n, 4, 4)).copy(),
            np.broadcast_to(h.false_herald_fraction, (n,)).copy(),
        )
    steps = link.noise_steps()
    rho = h.matrix
    for node, kind, value in steps[:2]:
        rho = _apply(rho, link, node, kind, value)
    attempt_fidelity = qb.bell_fidelity(rho)
    for node, kind, value in steps[2:]:
        rho = _apply(rho, link, node, kind, value)
    rate = np.broadcast_to(np.asarray(link.rate_hz, dtype=np.float64), (n,)).copy()
    delivered = HeraldedBatch(h.success_probability, rho, h.false_herald_fraction)
    return LinkBatch(
        h.success_probability, rate, qb.bell_fidelity(rho), attempt_fidelity, delivered
    )
