"""qnetsim.report layer."""
