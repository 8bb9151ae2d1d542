"""A small scenario shared by the uncertainty, calibration and reproduce tests: two NV nodes
(the ``nv_delft`` preset, so its ASSUMPTIONs carry plausible ranges) 10 km apart."""

NV_LINK = """
[scenario]
name = "t"
kind = "link"
[nodes.A]
platform = "nv_delft"
[nodes.B]
platform = "nv_delft"
[[links]]
nodes = ["A", "B"]
length_km = 10.0
"""
