"""Requests competing for node memories: reservations and the scheduler."""

from qnetsim.network.requests.reservations import (
    MemoryReservations,
    Request,
    path_memory_demand,
    validate_request,
)
from qnetsim.network.requests.scheduler import RequestResult, ScheduleResult, simulate_requests

__all__ = [
    "MemoryReservations",
    "Request",
    "RequestResult",
    "ScheduleResult",
    "path_memory_demand",
    "simulate_requests",
    "validate_request",
]
