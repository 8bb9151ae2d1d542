"""What every input file of qnetsim shares: the declarative schema (:mod:`.schema`: tables,
fields, bounds, :class:`~qnetsim.files.schema.ScenarioError` naming the key path), field
helpers (:mod:`.fields`), the text formats TOML / YAML / JSON (:mod:`.formats`) and a TOML
writer (:mod:`.toml_writer`).

It sits below every layer (it imports only :mod:`qnetsim.errors` and :mod:`qnetsim.units`), so
that the hardware layer can check a node table, the network layer a network file and the
scenario layer a scenario file with one schema machinery and the same messages.
"""

from qnetsim.files.formats import FORMATS, format_of, parse_text
from qnetsim.files.schema import REQUIRED, Field, ScenarioError, Table, describe, validate
from qnetsim.files.toml_writer import dumps_toml

__all__ = [
    "FORMATS",
    "REQUIRED",
    "Field",
    "ScenarioError",
    "Table",
    "describe",
    "dumps_toml",
    "format_of",
    "parse_text",
    "validate",
]
