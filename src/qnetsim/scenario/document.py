"""A validated scenario document (:class:`Scenario`), the input of every later step.

The loader (:mod:`qnetsim.scenario.loader`) makes one from a TOML file; the builders
(:mod:`qnetsim.scenario.build`) and the scenario kinds (:mod:`qnetsim.scenario.kinds`) read it.
It sits below all of them so that none of them has to import the loader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Scenario"]


@dataclass(frozen=True)
class Scenario:
    """A validated scenario.

    Attributes:
        raw: the document as written (what overrides apply to).
        doc: the validated document with defaults filled in.
        source: the file it came from (for messages).
    """

    raw: Mapping[str, Any]
    doc: Mapping[str, Any]
    source: str

    def __getstate__(self) -> dict[str, Any]:
        """Pickle and copy the fields only: the platforms that
        :func:`~qnetsim.scenario.build.build_platforms` caches on the instance are rebuilt
        on demand (they hold read-only mappings that pickle cannot copy)."""
        return {k: v for k, v in self.__dict__.items() if k in ("raw", "doc", "source")}

    @property
    def name(self) -> str:
        return str(self.doc["scenario"]["name"])

    @property
    def kind(self) -> str:
        return str(self.doc["scenario"]["kind"])

    @property
    def title(self) -> str:
        return str(self.doc["scenario"]["title"] or self.name)
