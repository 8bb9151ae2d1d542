"""Stars around a photonic server: the :class:`Star` description and its event engine
(:mod:`~qnetsim.network.stars.events`; use :func:`qnetsim.network.evaluate`)."""

from qnetsim.network.stars.events import server_link
from qnetsim.network.stars.star import Star

__all__ = ["Star", "server_link"]
