"""qnetsim: a simulator of quantum networks, from memories and links to repeaters and QKD.

The package is layered; a layer imports only the layers below it::

    engine < quantum < hardware < link < network < apps
           < (experiments, scenario, cli, report, sweep)

``qnetsim.errors``, ``qnetsim.units`` and ``qnetsim._validate`` sit below every layer.
"""

from qnetsim.errors import InvalidParameterError, QnetsimError, QnetsimValueError

__version__ = "0.1.0"

__all__ = ["InvalidParameterError", "QnetsimError", "QnetsimValueError", "__version__"]
