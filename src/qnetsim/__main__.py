"""``python -m qnetsim`` runs the command-line interface."""

from qnetsim.cli import main

raise SystemExit(main())
