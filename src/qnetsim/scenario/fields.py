"""Re-exported from :mod:`qnetsim.files.fields` (one machinery for scenario and network files),
where the scenario layer has always had it."""

from __future__ import annotations

from qnetsim.files import fields as _source
from qnetsim.files.fields import *  # noqa: F403

__all__ = list(_source.__all__)
