"""Stars: links through a shared photonic server (event engine)."""

from qnetsim.network.stars.events import StarLinkResult, StarResult, server_link, simulate_star

__all__ = [
    "StarLinkResult",
    "StarResult",
    "server_link",
    "simulate_star",
]
