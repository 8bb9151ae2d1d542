"""qnetsim.sweep layer."""
