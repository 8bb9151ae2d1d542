"""qnetsim.apps layer."""
