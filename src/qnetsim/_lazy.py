"""Package attributes imported on first use (module ``__getattr__``, PEP 562), so importing
one function of a package does not import every module of it (start-up time of the CLI)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(
    package: str, namespace: MutableMapping[str, Any], lazy: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package`` whose attribute ``name`` lives in module
    ``lazy[name]``; a looked-up value is cached in the package's ``namespace``.

    Examples:
        >>> ns: dict[str, object] = {}
        >>> get, _ = lazy_attributes("pkg", ns, {"sqrt": "math"})
        >>> get("sqrt")(4.0), "sqrt" in ns
        (2.0, True)
    """

    def __getattr__(name: str) -> object:
        module = lazy.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(lazy))

    return __getattr__, __dir__
