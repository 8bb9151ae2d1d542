"""qnetsim.quantum layer."""
