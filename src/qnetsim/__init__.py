"""qnetsim: a simulator of quantum networks, from memories and links to repeaters and QKD.

The package is layered; a layer imports only the layers below it::

    engine < quantum < hardware < link < network < apps
           < (experiments, scenario, cli, report, sweep)

``qnetsim.errors``, ``qnetsim.units`` and ``qnetsim._validate`` sit below every layer.
"""

from qnetsim.errors import InvalidParameterError, QnetsimError, QnetsimValueError

__version__ = "0.1.0"

#: The one question's entry point and its descriptions, imported on first use (``import
#: qnetsim`` stays fast): ``qnetsim.evaluate(qnetsim.Chain(...), "events")``.
_LAZY = {
    "evaluate": "qnetsim.network.evaluation",
    "methods_for": "qnetsim.network.evaluation",
    "Result": "qnetsim.network.result",
    "Chain": "qnetsim.network.chains.chain",
    "Star": "qnetsim.network.stars.star",
    "Demand": "qnetsim.network.requests.demand",
    "Link": "qnetsim.link.design",
    "MemoryPhotonLink": "qnetsim.link",
    "get_platform": "qnetsim.hardware",
}

__all__ = [
    "Chain",
    "Demand",
    "InvalidParameterError",
    "Link",
    "MemoryPhotonLink",
    "QnetsimError",
    "QnetsimValueError",
    "Result",
    "Star",
    "__version__",
    "evaluate",
    "get_platform",
    "methods_for",
]


def doc_path(page: str) -> str:
    """The path of documentation page ``page`` (e.g. ``"experiments.md"``) in this installation.

    The repository's ``docs/`` ships inside the package (``qnetsim/cli/docs/``), so a path
    the command line prints exists in an installed wheel as well as in a clone.

    Examples:
        >>> import os, qnetsim
        >>> os.path.isfile(qnetsim.doc_path("experiments.md"))
        True
    """
    import os

    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "cli", "docs", page)


def __getattr__(name: str) -> object:
    """Import the lazily exported names of :data:`_LAZY` on first use."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'qnetsim' has no attribute {name!r}")
