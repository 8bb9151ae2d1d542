"""Re-exported from :mod:`qnetsim.files.schema` (one machinery for scenario and network files),
where the scenario layer has always had it."""

from __future__ import annotations

from qnetsim.files import schema as _source
from qnetsim.files.schema import *  # noqa: F403

__all__ = list(_source.__all__)
