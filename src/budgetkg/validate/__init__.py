"""Validate stage: SHACL shapes (shapes/*.ttl) audit a disclosure graph the way an analyst would.

``shapes`` loads the bundled (or shadowing) shape files, ``engine`` runs pyshacl fast over one
document graph, ``results`` turns the SHACL report into ``findings`` with their source
``lines``, and ``render`` writes a report as text, JSON or SHACL Turtle. ``run`` ties them
together; nothing here prints.
"""

from __future__ import annotations

from budgetkg.validate.findings import Finding, Report
from budgetkg.validate.render import FORMATS, render_json, render_text, render_ttl
from budgetkg.validate.run import (
    check_format,
    load_input,
    validate_graph,
    validate_graphs,
    validate_input,
)

__all__ = ["FORMATS", "Finding", "Report", "check_format", "load_input", "render_json",
           "render_text", "render_ttl", "validate_graph", "validate_graphs", "validate_input"]
