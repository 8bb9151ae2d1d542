"""Entry point of the ``qnetsim`` console script (placeholder until the demo lands)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qnetsim")
    parser.parse_args(argv)
    return 0
