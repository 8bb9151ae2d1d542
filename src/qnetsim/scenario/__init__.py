"""qnetsim.scenario layer."""
