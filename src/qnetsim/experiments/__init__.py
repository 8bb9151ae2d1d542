"""qnetsim.experiments layer."""
