"""Validate stage: SHACL shapes (shapes/*.ttl) audit a disclosure graph the way an analyst would.

``validate_graphs`` runs the shapes over each document graph (see ``engine`` for how that is made
fast) and returns a ``Report`` of findings with their source lines (see ``report``).
"""

from __future__ import annotations

from budgetkg.validate.report import Finding, Report, render_json, render_text, render_ttl
from budgetkg.validate.run import FORMATS, load_input, validate_graph, validate_graphs

__all__ = ["FORMATS", "Finding", "Report", "load_input", "render_json", "render_text",
           "render_ttl", "validate_graph", "validate_graphs"]
