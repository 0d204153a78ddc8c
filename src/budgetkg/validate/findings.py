"""Findings: what an analyst needs of one SHACL result, and the report that orders them.

A finding carries the severity, the shape, the focus node and a readable name for it, the
message in Chinese and English, what was expected and what was found, and the source lines
involved. Findings are ordered by severity, then by shape family (duplicate rows before the sums
they inflate), then by line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Namespace
from rdflib.collection import Collection

BKGSH = Namespace("https://budgetkg.org/shapes#")

SEVERITIES = ("Violation", "Warning", "Info")


DEFAULT_FAMILIES = ("structure", "codes", "duplicates", "arithmetic", "consistency",
                    "performance", "checker")


@dataclass
class Finding:
    severity: str  # Violation, Warning or Info
    shape: str  # prefixed name of the shape
    family: str
    focus: str
    label: str
    message: str  # Chinese
    message_en: str
    expected: str | None
    found: str | None
    source_lines: list[int]
    document: str
    value: str | None = None
    path: str | None = None
    source_pages: list[int] = field(default_factory=list)  # PDF page(s) of the focus, if any
    # the SHACL terms, for the ttl report
    terms: dict = field(default_factory=dict, repr=False, compare=False)

    def to_json(self) -> dict:
        return {
            "severity": self.severity,
            "shape": self.shape,
            "family": self.family,
            "focus": self.focus,
            "label": self.label,
            "message": self.message,
            "messages": {"zh": self.message, "en": self.message_en},
            "expected": self.expected,
            "found": self.found,
            "source_lines": self.source_lines,
            "source_pages": self.source_pages,
            "document": self.document,
            "value": self.value,
            "path": self.path,
        }

    def key(self) -> tuple:
        """One finding per focus node (and value, for a property with several): without the
        focus, two nodes citing the same line (an indicator's annual and implementation-period
        copies) collapse into whichever the report happens to list first."""
        return (self.document, self.severity, self.shape, self.focus, self.path or "",
                self.value or "", self.message, self.expected, self.found,
                tuple(self.source_lines))


@dataclass
class Report:
    findings: list[Finding]
    documents: list[str]

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def of(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]


def family_order(shapes: Graph) -> tuple[str, ...]:
    for _, order in shapes.subject_objects(BKGSH.familyOrder):
        return tuple(str(x) for x in Collection(shapes, order))
    return DEFAULT_FAMILIES


def sort_findings(findings: list[Finding], families: tuple[str, ...]) -> list[Finding]:
    rank = {f: i for i, f in enumerate(families)}

    def key(f: Finding):
        return (f.document, SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9,
                rank.get(f.family, len(rank)), f.source_lines[:1] or [10 ** 9], f.shape,
                f.focus, f.path or "", f.value or "", f.message, f.expected or "", f.found or "",
                f.source_lines)

    return sorted(findings, key=key)
