"""From pyshacl's validation report to findings a person can act on.

SHACL-SPARQL shapes pass the expected value, the value found and the other lines in a details
message (see shapes/common.ttl); for core constraints they are read from the shape (sh:minCount,
sh:pattern ...) and the data. pyshacl drops the language tag of a message it fills in, so each
message is matched back to the shape's templates to recover it, and ontology IRIs in messages are
shown by their label in the message's language. Findings are deduplicated per focus node (a
result pyshacl repeats is one finding).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS

from budgetkg.labels import ONTOLOGY_IRI, humanise
from budgetkg.validate.findings import BKGSH, Finding, family_order, sort_findings
from budgetkg.validate.lines import source_lines, source_pages
from budgetkg.vocab import BKG

QB_DATASET = URIRef("http://purl.org/linked-data/cube#dataSet")
DETAILS = re.compile(r"^⟦expected⟧(.*)⟦found⟧(.*)⟦lines⟧(.*)$", re.DOTALL)
PLACEHOLDER = re.compile(r"\{[?$]\w+\}")
CJK = re.compile(r"[\u4e00-\u9fff]")
HALF_ZH = {"implementation": "实施期", "annual": "年度"}


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
    lines = source_lines(data, focus, value, extra, found, text_lines)
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
        source_pages=source_pages(data, focus),
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


# --- output --------------------------------------------------------------------------------------------


