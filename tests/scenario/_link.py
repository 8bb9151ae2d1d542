"""The scenario shared by the uncertainty, calibration and reproduce tests: the shipped
example ``examples/scenarios/nv_link.toml`` (two ``nv_delft`` nodes, whose ASSUMPTIONs carry
plausible ranges, 10 km apart)."""

from pathlib import Path

import qnetsim.scenario

NV_LINK_PATH = Path(qnetsim.scenario.__file__).parent / "examples" / "nv_link.toml"
NV_LINK = NV_LINK_PATH.read_text(encoding="utf-8")
