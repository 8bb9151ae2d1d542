"""Requests competing for node memories: the :class:`Demand` description (a network and its
requests), reservations and the scheduler's event engine
(:mod:`~qnetsim.network.requests.scheduler`; use :func:`qnetsim.network.evaluate`)."""

from qnetsim.network.requests.demand import Demand
from qnetsim.network.requests.reservations import (
    MemoryReservations,
    Request,
    path_memory_demand,
    validate_request,
)

__all__ = ["Demand", "MemoryReservations", "Request", "path_memory_demand", "validate_request"]
