"""qnetsim.engine layer."""
