"""From pyshacl's validation report to findings a person can act on, and back to SHACL.

A finding carries what an analyst needs: the severity, the shape, the focus node and a readable
name for it, the message in Chinese and English, what was expected and what was found, and the
source lines involved. SHACL-SPARQL shapes pass the expected value, the value found and the other
lines in a details message (see shapes/common.ttl); for core constraints they are read from the
shape (sh:minCount, sh:pattern ...) and the data. pyshacl drops the language tag of a message it
fills in, so each message is matched back to the shape's templates to recover it, and ontology
IRIs in messages are shown by their label in the message's language.

Findings are deduplicated (one statement repeated by several figures is one finding) and ordered
by severity, then by shape family (duplicate rows before the sums they inflate), then by line.
The ``ttl`` output is a standard SHACL validation report built from the findings, each result
annotated with bkgsh:sourceLine, bkgsh:expected, bkgsh:found and bkgsh:focusLabel.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS, XSD

from ..model.vocab import BKG

BKGSH = Namespace("https://budgetkg.org/shapes#")
QB_DATASET = URIRef("http://purl.org/linked-data/cube#dataSet")
SEVERITIES = ("Violation", "Warning", "Info")
DEFAULT_FAMILIES = ("structure", "codes", "duplicates", "arithmetic", "consistency",
                    "performance", "checker")
DETAILS = re.compile(r"^⟦expected⟧(.*)⟦found⟧(.*)⟦lines⟧(.*)$", re.DOTALL)
PLACEHOLDER = re.compile(r"\{[?$]\w+\}")
ONTOLOGY_IRI = re.compile(r"https://budgetkg\.org/ontology#(\w+)")
CJK = re.compile(r"[\u4e00-\u9fff]")
HALF_ZH = {"implementation": "实施期", "annual": "年度"}


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
            "document": self.document,
            "value": self.value,
            "path": self.path,
        }

    def key(self) -> tuple:
        return (self.document, self.severity, self.shape, self.message, self.expected, self.found,
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


# --- building findings --------------------------------------------------------------------------


def findings_from(results: Graph, data: Graph, shapes: Graph,
                  text_lines: list[str] | None = None) -> list[Finding]:
    """The findings of one document's SHACL report, deduplicated and in report order."""
    document = document_name(data)
    out: dict[tuple, Finding] = {}
    for r in results.subjects(RDF.type, SH.ValidationResult):
        f = _finding(r, results, data, shapes, document, text_lines)
        out.setdefault(f.key(), f)
    return sort_findings(list(out.values()), family_order(shapes))


def _finding(r, results: Graph, data: Graph, shapes: Graph, document: str,
             text_lines: list[str] | None) -> Finding:
    severity = str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
    shape = results.value(r, SH.sourceShape)
    constraint = results.value(r, SH.sourceConstraint)
    component = results.value(r, SH.sourceConstraintComponent)
    focus = results.value(r, SH.focusNode)
    value = results.value(r, SH.value)
    path = results.value(r, SH.resultPath)
    templates = [m for node in (shape, constraint) if node is not None
                 for m in shapes.objects(node, SH.message)]
    zh, en, details = _messages(list(results.objects(r, SH.resultMessage)), templates)
    if details is not None:
        expected, found, extra = details
    else:
        expected, found = _core_details(component, shape, shapes, data, focus, value, path)
        extra = []
    lines = _lines(data, focus, value, extra, found, text_lines)
    return Finding(
        severity=severity,
        shape=_short(shapes, shape),
        family=str(shapes.value(shape, BKGSH.family) or "other") if shape is not None else "other",
        focus=str(focus),
        label=focus_label(data, focus),
        message=zh or en or "",
        message_en=en or zh or "",
        expected=expected,
        found=found,
        source_lines=lines,
        document=document,
        value=None if value is None or value == focus else _display(data, value),
        path=None if path is None or isinstance(path, BNode) else _short(shapes, path),
        terms={"focus": focus, "shape": shape, "component": component, "value": value,
               "path": path, "results": results, "result": r},
    )


def _messages(messages: list, templates: list) -> tuple[str | None, str | None, tuple | None]:
    """(Chinese message, English message, details) of a result."""
    zh = en = None
    details = None
    for m in messages:
        text = str(m)
        d = DETAILS.match(text)
        if d:
            expected, found, lines = d.groups()
            details = (_clean(expected), _clean(found), _line_numbers(lines))
            continue
        template = _template_of(text, templates)
        lang = getattr(m, "language", None) or (template.language if template is not None
                                                   else _guess_language(text))
        text = humanise(_renumbered(text, template) if template is not None else text, lang)
        if lang == "zh":
            zh = zh or text
        else:
            en = en or text
    return zh, en, details


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if not text or PLACEHOLDER.fullmatch(text):
        return None
    return humanise(_number(text), "zh")


def _number(text: str) -> str:
    """Decimals as a person writes them: 4879.7 -> 4879.70 (amounts are in cents)."""
    try:
        d = Decimal(text)
    except InvalidOperation:
        return text
    if not d.is_finite() or "." not in text:
        return text
    q = d.quantize(Decimal("0.01")) if d == d.quantize(Decimal("0.01")) else d.normalize()
    return format(q, "f")


def _amount(value: str, unit: str) -> str:
    """Money with its cents, counts and other quantities as plain numbers (3.0 -> 3)."""
    if unit in ("万元", "元"):
        return _number(value)
    try:
        return format(Decimal(value).normalize(), "f")
    except InvalidOperation:
        return value


def _line_numbers(text: str | None) -> list[int]:
    return [int(x) for x in re.findall(r"\d{1,12}", text or "")]


def _template_of(text: str, templates: list) -> Literal | None:
    """The shape's message template (with its language tag) that pyshacl filled in to make
    ``text``."""
    for t in templates:
        if isinstance(t, Literal) and t.language and _template_regex(str(t)).fullmatch(text):
            return t
    return None


def _guess_language(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    return "zh" if letters and sum(1 for c in letters if CJK.match(c)) >= len(letters) / 2 else "en"


def _renumbered(text: str, template: Literal) -> str:
    """The message with every amount filled in written with its cents (4879.7 -> 4879.70)."""
    m = _template_regex(str(template)).fullmatch(text)
    if m is None:
        return text
    parts = PLACEHOLDER.split(str(template))
    out = [parts[0]]
    for value, rest in zip(m.groups(), parts[1:]):
        out.append(_number(value))
        out.append(rest)
    return "".join(out)


@lru_cache(maxsize=512)
def _template_regex(template: str) -> re.Pattern:
    parts = PLACEHOLDER.split(template)
    return re.compile("(?s)" + "(.*?)".join(re.escape(p) for p in parts))


def humanise(text: str, lang: str | None) -> str:
    """Ontology IRIs in a message shown by their label in the message's language."""
    labels = ontology_labels()
    lang = lang if lang in ("zh", "en") else "en"
    return ONTOLOGY_IRI.sub(lambda m: labels.get(m.group(1), {}).get(lang, f"bkg:{m.group(1)}"), text)


@lru_cache(maxsize=1)
def ontology_labels() -> dict[str, dict[str, str]]:
    """bkg local name -> {lang: label}, from the bundled ontology (rdfs:label or skos:prefLabel)."""
    import pyoxigraph as ox

    from ..resources import read_text

    labels: dict[str, dict[str, str]] = {}
    wanted = {str(RDFS.label), str(SKOS.prefLabel)}
    for q in ox.parse(read_text("ontology", "budgetkg.ttl").encode("utf-8"), format=ox.RdfFormat.TURTLE):
        if q.predicate.value in wanted and isinstance(q.object, ox.Literal) and q.object.language:
            m = ONTOLOGY_IRI.fullmatch(q.subject.value) if isinstance(q.subject, ox.NamedNode) else None
            if m:
                labels.setdefault(m.group(1), {}).setdefault(q.object.language, q.object.value)
    return labels


# --- core constraints: what was expected and what was found ---------------------------------------


def _core_details(component, shape, shapes: Graph, data: Graph, focus, value, path):
    name = str(component).rsplit("#", 1)[-1] if component is not None else ""
    get = lambda p: shapes.value(shape, p) if shape is not None else None
    values = _values(data, focus, path)
    found = _display(data, value) if value is not None else (
        ", ".join(_display(data, v) for v in values) if values else None)
    if name == "MinCountConstraintComponent":
        return f"at least {get(SH.minCount)} value(s)", f"{len(values)} value(s)"
    if name == "MaxCountConstraintComponent":
        return f"at most {get(SH.maxCount)} value(s)", f"{len(values)}: {found}"
    if name == "DatatypeConstraintComponent":
        dt = getattr(value, "datatype", None)
        return _short(shapes, get(SH.datatype)), f"{found} ({_short(shapes, dt) if dt else 'no datatype'})"
    if name == "ClassConstraintComponent":
        return f"an instance of {_short(shapes, get(SH['class']))}", found
    if name == "InConstraintComponent":
        members = Collection(shapes, get(SH["in"])) if get(SH["in"]) is not None else []
        shown = [humanise(str(m), "en") if isinstance(m, URIRef) else str(m) for m in members]
        return "one of " + " | ".join(shown[:12]) + (" ..." if len(shown) > 12 else ""), found
    if name == "PatternConstraintComponent":
        return f"matching {get(SH.pattern)}", found
    if name == "MinLengthConstraintComponent":
        return f"at least {get(SH.minLength)} character(s)", found
    if name == "HasValueConstraintComponent":
        return _display(data, get(SH.hasValue)), found
    if name == "NodeKindConstraintComponent":
        return _short(shapes, get(SH.nodeKind)), found
    if name in ("MinInclusiveConstraintComponent", "MaxInclusiveConstraintComponent"):
        bound = get(SH.minInclusive) if name.startswith("Min") else get(SH.maxInclusive)
        return ("≥ " if name.startswith("Min") else "≤ ") + str(bound), found
    if name == "LessThanOrEqualsConstraintComponent":
        return f"≤ the value of {_short(shapes, get(SH.lessThanOrEquals))}", found
    return None, found


def _values(data: Graph, focus, path) -> list:
    if focus is None or not isinstance(path, URIRef):
        return []
    return list(data.objects(focus, path))


# --- source lines ----------------------------------------------------------------------------------


def _lines(data: Graph, focus, value, extra: list[int], found: str | None,
           text_lines: list[str] | None) -> list[int]:
    lines: list[int] = []
    span = _span(data, focus)
    if span:
        lines.append(_narrowed(span, found, text_lines))
    if isinstance(value, URIRef) and value != focus:
        vspan = _span(data, value)
        if vspan:
            lines.append(vspan[0])
    lines.extend(extra)
    flat: list[int] = []
    for item in lines:
        for n in item if isinstance(item, list) else [item]:
            if n not in flat:
                flat.append(n)
    return sorted(flat)


def _span(data: Graph, node) -> tuple[int, int] | None:
    start = data.value(node, BKG.startLine)
    if start is None:
        return None
    end = data.value(node, BKG.endLine) or start
    lines = _line_number(start), _line_number(end)
    return None if None in lines else lines


def _line_number(term) -> int | None:
    """A line number as written in a graph that may not be budgetkg's: not a short run of
    digits (``"x"``, ``"1.5"``, 5,000 digits) -> None rather than a crash."""
    text = str(term).strip()
    return int(text) if text.isdecimal() and len(text) <= 12 else None


def _narrowed(span: tuple[int, int], found: str | None, text_lines: list[str] | None):
    """A focus spanning several lines is narrowed to the lines where the value found is written,
    when the source text is at hand; else its first line."""
    start, end = span
    if end <= start or not found or not text_lines:
        return start
    tokens = [t for t in found.split() if len(t) >= 2]
    hits = [n for n in range(start, min(end, len(text_lines)) + 1)
            if any(t in text_lines[n - 1] for t in tokens)]
    covered = all(any(t in text_lines[n - 1] for n in hits) for t in tokens)
    return hits if hits and covered else start


# --- naming things ----------------------------------------------------------------------------------


def document_name(data: Graph) -> str:
    for doc in data.subjects(RDF.type, BKG.Disclosure):
        name = data.value(doc, BKG.fileName)
        if name is not None:
            return str(name)
    return str(data.identifier)


def focus_label(g: Graph, node) -> str:
    """A readable name: the row and its table, the code and its name, the project and indicator."""
    types = set(g.objects(node, RDF.type))
    text = lambda p, n=node: _text(g.value(n, p))
    if BKG.BudgetLine in types:
        table = g.value(node, QB_DATASET)
        number = g.value(table, BKG.tableNumber) if table is not None else None
        label = text(BKG.rowLabel) + (f" / {text(BKG.rowLabel2)}" if g.value(node, BKG.rowLabel2) else "")
        return f"表{number} {label}".strip() if number is not None else label
    if BKG.BudgetTable in types:
        return f"表{g.value(node, BKG.tableNumber)} {text(RDFS.label)}"
    if BKG.CatalogueItem in types:
        section = g.value(node, BKG.inSection)
        name = text(SKOS.prefLabel) or "（名称空白）"
        return f"{text(RDFS.label, section)} {text(SKOS.notation)} {name}".strip()
    if BKG.FunctionCode in types or BKG.ServiceCategory in types:
        return f"{text(SKOS.notation)} {text(SKOS.prefLabel)}".strip()
    if BKG.StatedFigure in types:
        qualifier = g.value(node, BKG.qualifier)
        return (f"情况说明{text(BKG.narrativeSection)} {text(BKG.figureKey)}"
                + (f"（{qualifier}）" if qualifier else "")
                + f" = {_amount(text(BKG.value), text(BKG.unitLabel))}{text(BKG.unitLabel)}")
    if BKG.ChangeStatement in types:
        return f"情况说明{text(BKG.narrativeSection)} {text(BKG.changeSubject)} {text(BKG.direction)}"
    if BKG.PerformanceIndicator in types:
        project = g.value(predicate=BKG.indicator, object=node)
        half = HALF_ZH.get(text(BKG.half), text(BKG.half))
        return f"{text(BKG.projectName, project)}：{text(BKG.level3Name)}（{half}）"
    if BKG.FundAllocation in types:
        project = (g.value(predicate=BKG.annualFunds, object=node)
                   or g.value(predicate=BKG.implementationFunds, object=node))
        return f"{text(BKG.projectName, project)}：{HALF_ZH.get(text(BKG.half), '')}资金"
    if BKG.Project in types:
        return text(BKG.projectName)
    for p in (RDFS.label, SKOS.prefLabel, DCTERMS.title, BKG.projectName):
        if g.value(node, p) is not None:
            return text(p)
    return str(node).rsplit("/", 1)[-1]


def _text(term) -> str:
    return "" if term is None else str(term)


def _display(g: Graph, term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, URIRef) and ONTOLOGY_IRI.fullmatch(str(term)):
        return humanise(str(term), "en")
    if g is not None and (term, None, None) in g:
        return focus_label(g, term)
    return str(term)


def _short(g: Graph, term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    try:
        return g.namespace_manager.normalizeUri(term)
    except (ValueError, KeyError):  # an IRI that no prefix shortens
        return str(term)


# --- order --------------------------------------------------------------------------------------------


def family_order(shapes: Graph) -> tuple[str, ...]:
    for _, order in shapes.subject_objects(BKGSH.familyOrder):
        return tuple(str(x) for x in Collection(shapes, order))
    return DEFAULT_FAMILIES


def sort_findings(findings: list[Finding], families: tuple[str, ...]) -> list[Finding]:
    rank = {f: i for i, f in enumerate(families)}

    def key(f: Finding):
        return (f.document, SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9,
                rank.get(f.family, len(rank)), f.source_lines[:1] or [10 ** 9], f.shape, f.focus)

    return sorted(findings, key=key)


# --- output --------------------------------------------------------------------------------------------

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
