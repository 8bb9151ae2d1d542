"""qnetsim.network layer."""
