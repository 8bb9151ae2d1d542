"""qnetsim.hardware layer."""
