"""qnetsim.link layer."""
