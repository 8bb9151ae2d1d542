"""The ``qnetsim`` command line."""

from qnetsim.cli.main import main

__all__ = ["main"]
