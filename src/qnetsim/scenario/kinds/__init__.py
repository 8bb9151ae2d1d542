"""The scenario kinds, one module each, registered in one table (:data:`KINDS`).

Each module defines a :class:`~qnetsim.scenario.kinds.base.Kind`: its own schema table, the
cross-checks a schema cannot express, how to build the system a scenario describes and how
to evaluate it. The schema (:mod:`qnetsim.scenario.spec`), the loader and the runner ask
this table and have no branch of their own on the kind; a new kind is a new module here and
one line below.

Examples:
    >>> list(KINDS)
    ['link', 'star', 'chain', 'storage', 'satellite', 'memory_photon', 'route']
    >>> closed_form_kinds_text()
    "'link', 'storage', 'memory_photon' or 'route'"
"""

from __future__ import annotations

from qnetsim.scenario.kinds import chain, link, memory_photon, route, satellite, star, storage
from qnetsim.scenario.kinds.base import Estimates, Evaluation, Kind

__all__ = ["KINDS", "Estimates", "Evaluation", "Kind", "closed_form_kinds_text"]

#: Every scenario kind, by name, in the order the documentation lists them.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        link.KIND,
        star.KIND,
        chain.KIND,
        storage.KIND,
        satellite.KIND,
        memory_photon.KIND,
        route.KIND,
    )
}


def closed_form_kinds_text() -> str:
    """The kinds with instant closed forms (what ``[[curves]]`` need), for messages."""
    names = [repr(k.name) for k in KINDS.values() if k.closed_form is not None]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
