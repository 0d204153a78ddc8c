"""Reports for people and programs: text grouped by severity, JSON, and the standard SHACL
validation report in Turtle (each result annotated with bkgsh:sourceLine, bkgsh:expected,
bkgsh:found and bkgsh:focusLabel). Renderers return text; the CLI writes it."""

from __future__ import annotations

import json

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH, XSD

from budgetkg.validate.findings import BKGSH, SEVERITIES, Report
from budgetkg.vocab import BKG

SEVERITY_ZH = {"Violation": "违规", "Warning": "警告", "Info": "提示"}


def render_text(report: Report) -> str:
    out: list[str] = []
    for doc in report.documents:
        found = [f for f in report.findings if f.document == doc]
        counts = {s: sum(1 for f in found if f.severity == s) for s in SEVERITIES}
        verdict = "conforms" if counts["Violation"] == 0 else "does not conform"
        out.append(f"{doc}: {verdict} — {counts['Violation']} violation(s), "
                   f"{counts['Warning']} warning(s), {counts['Info']} info")
        for severity in SEVERITIES:
            group = [f for f in found if f.severity == severity]
            if not group:
                continue
            out.append("")
            out.append(f"{severity} ({SEVERITY_ZH[severity]}): {len(group)}")
            for f in group:
                where = ", ".join(str(n) for n in f.source_lines) or "-"
                if f.source_pages:
                    where += " (p. " + ", ".join(str(n) for n in f.source_pages) + ")"
                out.append(f"  line {where}  {f.label}  [{f.shape}]")
                out.append(f"      {f.message}")
                if f.message_en and f.message_en != f.message:
                    out.append(f"      {f.message_en}")
                if f.expected is not None or f.found is not None:
                    out.append(f"      expected: {f.expected if f.expected is not None else '-'}"
                               f" | found: {f.found if f.found is not None else '-'}")
        out.append("")
    return "\n".join(out)


def render_json(report: Report) -> str:
    return json.dumps({
        "conforms": report.conforms,
        "counts": report.counts(),
        "documents": report.documents,
        "findings": [f.to_json() for f in report.findings],
    }, ensure_ascii=False, indent=2) + "\n"


def report_graph(report: Report) -> Graph:
    """The standard SHACL validation report of the findings, annotated for people."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("bkgsh", BKGSH)
    g.bind("bkg", BKG)
    node = BNode()
    g.add((node, RDF.type, SH.ValidationReport))
    g.add((node, SH.conforms, Literal(report.conforms)))
    for f in report.findings:
        r = BNode()
        t = f.terms
        g.add((node, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.resultSeverity, SH[f.severity]))
        g.add((r, SH.focusNode, t["focus"]))
        for p, key in ((SH.sourceShape, "shape"), (SH.sourceConstraintComponent, "component"),
                       (SH.value, "value")):
            if t.get(key) is not None:
                g.add((r, p, t[key]))
        if t.get("path") is not None:
            g.add((r, SH.resultPath, t["path"]))
            _copy_bnodes(t["results"], t["path"], g)
        g.add((r, SH.resultMessage, Literal(f.message, lang="zh")))
        if f.message_en:
            g.add((r, SH.resultMessage, Literal(f.message_en, lang="en")))
        g.add((r, BKGSH.focusLabel, Literal(f.label)))
        for n in f.source_lines:
            g.add((r, BKGSH.sourceLine, Literal(n, datatype=XSD.integer)))
        if f.expected is not None:
            g.add((r, BKGSH.expected, Literal(f.expected)))
        if f.found is not None:
            g.add((r, BKGSH.found, Literal(f.found)))
    return g


def _copy_bnodes(source: Graph, node, target: Graph) -> None:
    if not isinstance(node, BNode):
        return
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        _copy_bnodes(source, o, target)


def render_ttl(report: Report) -> str:
    return report_graph(report).serialize(format="turtle")


RENDERERS = {"text": render_text, "json": render_json, "ttl": render_ttl}
FORMATS = tuple(RENDERERS)
