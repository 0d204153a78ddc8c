"""The shipped ontology (ontology/budgetkg.ttl) and JSON-LD context (ontology/context.jsonld).

Checks that the ontology parses and describes itself, that every ``bkg:`` term the mapping code
uses is declared with the right kind (class / property / individual), that every own term is
labelled in zh and en and commented, that the indicator framework and units are complete, and that
the JSON-LD context agrees with the ontology and round-trips a mapped graph without loss.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, QB, RDF, RDFS, SKOS

from budgetkg.build import records as r
from budgetkg.build.model import to_graph
from budgetkg.build.model.tables import structure_iri
from budgetkg.build.segment import GENERIC, TABLE_KINDS
from budgetkg.vocab import BKG, FUND_PROPERTY, LEVEL1, LEVEL2, MEASURE_PROPERTY, ORG, QUDT

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "budgetkg.ttl"
CONTEXT_FILE = ROOT / "ontology" / "context.jsonld"
MODEL_DIR = ROOT / "src" / "budgetkg" / "build" / "model"
VOCAB = ROOT / "src" / "budgetkg" / "vocab.py"
ONTOLOGY_IRI = URIRef("https://budgetkg.org/ontology")
NS = str(BKG)
VANN = "http://purl.org/vocab/vann/"
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # plain Namespace: pytest probes module globals

CLASS_TYPES = {OWL.Class}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty}
# Superclass axioms of the reused vocabularies that the checks below rely on.
EXTERNAL_SUBCLASS = {
    ORG.FormalOrganization: {ORG.Organization},
    ORG.OrganizationalUnit: {ORG.Organization},
}


# --- fixtures and helpers ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def own(iri) -> bool:
    return isinstance(iri, URIRef) and str(iri).startswith(NS)


def local(iri) -> str:
    return str(iri)[len(NS):]


def types(g: Graph, iri) -> set:
    return set(g.objects(iri, RDF.type))


def own_terms(g: Graph) -> set:
    """Own classes and properties (the terms that must be labelled and commented)."""
    return {s for t in CLASS_TYPES | PROPERTY_TYPES for s in g.subjects(RDF.type, t) if own(s)}


def superclasses(g: Graph, cls) -> set:
    """cls and everything it is a subclass of (ontology axioms + the reused ones above)."""
    seen, todo = set(), [cls]
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        todo.extend(o for o in g.objects(c, RDFS.subClassOf) if isinstance(o, URIRef))
        todo.extend(EXTERNAL_SUBCLASS.get(c, ()))
    return seen


def code_terms() -> dict[str, set[str]]:
    """bkg: terms in the model source, by how they are used."""
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in [*sorted(MODEL_DIR.glob("*.py")), VOCAB])
    return {
        "all": set(re.findall(r"\bBKG\.(\w+)", source)),
        # (s, RDF.type, BKG.X) and em.entity(node, BKG.X, ...): must be classes
        "class": set(re.findall(r"RDF\.type,\s*BKG\.(\w+)", source))
        | set(re.findall(r"\.entity\(\s*\w+,\s*BKG\.(\w+)", source)),
    }


def sample_disclosure() -> r.Disclosure:
    """A small disclosure touching every mapping function and optional field."""
    D = Decimal
    dept = "某市人民政府办公室"
    rows3 = [
        r.TableRow("合计", {"total": D("120.40"), "basic": D("100.00"), "project": D("20.40")}, 20,
                   role="total"),
        r.TableRow("一般公共服务支出", {"total": D("120.40")}, 21, code="201"),
        r.TableRow("政府办公厅（室）及相关机构事务", {"total": D("120.40")}, 22, code="20103"),
        r.TableRow("一般行政管理事务", {"total": D("120.40"), "personnel": D("80"),
                                        "publicFunds": D("20")}, 23, code="2010302"),
    ]
    rows1 = [r.TableRow("一般公共预算拨款收入", {
        "generalPublicBudget": D("120.40"), "currentYear": D("120.40"), "carryOver": D("0"),
        "governmentFund": D("0"), "stateCapital": D("0"), "specialAccount": D("0"),
        "unitFunds": D("0")}, 12, side="income")]
    rows6 = [r.TableRow("工资福利支出", {"total": D("80")}, 30),
             r.TableRow("基本工资", {"total": D("50")}, 31, label2="工资奖金津补贴")]
    indicators = [
        r.Indicator("annual", 1, "产出指标", "数量指标", "保障次数",
                    r.Target("≥12次/年", "≥", D("12"), "次", "年", False), 70),
        r.Indicator("annual", 2, "满意度指标", "服务对象满意度", "服务对象满意度",
                    r.Target("≥95%", "≥", D("95"), "%", None, False), 71,
                    level1_inferred=True, level2_inferred=True),
        r.Indicator("implementation", 1, "效益指标", "社会效益指标", "服务水平",
                    r.Target("有效保障"), 72),
    ]
    projects = [
        r.Project(1, "政务运转保障", dept, "026", "市政务服务中心", "延续性项目", 3, "3年",
                  r.Funds(D("300000"), None, None, D("300000")),
                  r.Funds(D("100000"), D("0"), D("0"), D("100000"), D("0"), D("0")),
                  overview="保障运转", basis="有关规定", necessity="必要", safeguards="制度",
                  plan="计划", goal_implementation="实施期目标", goal_annual="年度目标",
                  indicators=indicators, filing_date=datetime(2024, 1, 23, 16, 25, 14),
                  filing_raw="20240123162514", span=r.Span(60, 75)),
        r.Project(2, "临时项目", "某市财政局", None, "外部单位", "一次性项目", None, None,
                  r.Funds(), r.Funds(), span=r.Span(76, 80)),
    ]
    catalogue = r.Catalogue("政府购买服务指导性目录", "晋财综〔2023〕43号", "山西省财政厅", "2023年8月22日", [
        r.CatalogueSection(1, "行政审批", 90, [
            r.CatalogueEntry("A", "公共服务", 1, 91), r.CatalogueEntry("A15", "公共公益宣传", 2, 92),
            r.CatalogueEntry("A1502", "政策宣传", 3, 93),
            r.CatalogueEntry("A150201", "政务宣传服务", 4, 94)]),
        r.CatalogueSection(2, "民政", 95, [
            r.CatalogueEntry("A15", "公共公益宣传", 2, 96),
            r.CatalogueEntry("A150201", "社会救助宣传", 4, 97)]),
    ], r.Span(88, 97))
    return r.Disclosure(
        source_name="sample.txt", source_sha256="ab" * 32,
        department=r.Department(dept, 2024, "026", r.Span(1, 2)),
        duties=[r.Duty(1, "负责全市政务运转。", r.Span(5, 5))],
        organisation=r.Organisation("内设科室2个，下属单位1个。", ["秘书科", "综合科"], ["市政务服务中心"],
                                    r.Span(8, 9)),
        tables=[
            r.ReportTable(1, "2024年部门收支总表", "budgetOverview", 2024, dept, "万元", False, rows1,
                          r.Span(10, 13)),
            r.ReportTable(3, "2024年部门支出总表", "expenditure", 2024, dept, "万元", False, rows3,
                          r.Span(18, 24)),
            r.ReportTable(6, "2024年一般公共预算基本支出表", "basicByEconomic", 2024, dept, "万元", False,
                          rows6, r.Span(28, 32)),
            r.ReportTable(9, "2024年政府性基金预算支出表", "fundExpenditure", 2024, dept, "万元", True, [],
                          r.Span(40, 41)),
        ],
        figures=[r.NarrativeFigure("一", "incomeTotal", D("120.40"), "万元", 50, text="收入总计120.40万元"),
                 r.NarrativeFigure("assets", "vehicles", D("3"), "辆", 51, qualifier="一般公务用车")],
        changes=[r.ChangeStatement("一", "income", "increase", D("10.5"), D("9.5"), "人员增加", 52),
                 r.ChangeStatement("二", "expenditure", "decrease", D("1"), None, "", 53)],
        projects=projects,
        catalogue=catalogue,
        glossary=[r.GlossaryTerm(1, "财政拨款收入", "指本级财政当年拨付的资金。", r.Span(100, 100))],
        sections=[r.SectionMark("overview", "第一部分 概况", r.Span(3, 9)),
                  r.SectionMark("glossary", "第四部分 名词解释", r.Span(99, 100))],
        line_count=120,
    )


@pytest.fixture(scope="module")
def mapped() -> Graph:
    return to_graph(sample_disclosure())


# --- the ontology itself -----------------------------------------------------------------------


def test_ontology_parses_as_turtle(onto):
    assert len(onto) > 500
    assert len(own_terms(onto)) > 100


def test_ontology_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    for prop in (URIRef("http://purl.org/dc/terms/title"), URIRef("http://purl.org/dc/terms/description")):
        langs = {o.language for o in onto.objects(ONTOLOGY_IRI, prop)}
        assert {"zh", "en"} <= langs, prop
    assert onto.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license")) is not None
    assert onto.value(ONTOLOGY_IRI, URIRef(VANN + "preferredNamespacePrefix")) == Literal("bkg")
    assert onto.value(ONTOLOGY_IRI, URIRef(VANN + "preferredNamespaceUri")) == Literal(NS)


def test_every_term_used_by_the_mapping_code_is_declared(onto):
    used = code_terms()
    assert len(used["all"]) > 100, "the regex over the model and vocab found too few terms"
    problems = []
    for name in sorted(used["all"]):
        declared = types(onto, BKG[name])
        if name[0].islower():
            if not declared & PROPERTY_TYPES:
                problems.append(f"bkg:{name} used as a property, declared {declared or 'nowhere'}")
        elif not declared & (CLASS_TYPES | {OWL.NamedIndividual}):
            problems.append(f"bkg:{name} used as a class or individual, declared {declared or 'nowhere'}")
    for name in sorted(used["class"]):
        if OWL.Class not in types(onto, BKG[name]):
            problems.append(f"bkg:{name} is used as an rdf:type but is not an owl:Class")
    assert not problems, "\n".join(problems)


def test_every_bkg_iri_in_the_ontology_is_declared(onto):
    """Catches typos in axioms (a subClassOf or range pointing at an undeclared bkg: IRI)."""
    mentioned = {n for triple in onto for n in triple if own(n)}
    undeclared = sorted(local(n) for n in mentioned if not types(onto, n))
    assert not undeclared


def test_no_term_is_both_class_and_property(onto):
    classes = set(onto.subjects(RDF.type, OWL.Class))
    props = set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    both_kinds = set(onto.subjects(RDF.type, OWL.ObjectProperty)) & set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    assert not (classes & props)
    assert not both_kinds


def test_own_terms_have_zh_and_en_labels_and_a_comment(onto):
    problems = []
    for term in sorted(own_terms(onto)):
        label_langs = {o.language for o in onto.objects(term, RDFS.label)}
        comment_langs = {o.language for o in onto.objects(term, RDFS.comment)}
        if not {"zh", "en"} <= label_langs:
            problems.append(f"bkg:{local(term)} labels: {sorted(map(str, label_langs))}")
        if "en" not in comment_langs:
            problems.append(f"bkg:{local(term)} has no rdfs:comment@en")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in onto:
            problems.append(f"bkg:{local(term)} has no rdfs:isDefinedBy")
    assert not problems, "\n".join(problems)


def test_individuals_are_labelled_in_zh_and_en(onto):
    individuals = [s for s in onto.subjects(RDF.type, OWL.NamedIndividual) if own(s)]
    assert len(individuals) >= 16  # 2 units, the framework scheme and 12 concepts, the DSD
    for ind in individuals:
        langs = {o.language for p in (RDFS.label, SKOS.prefLabel) for o in onto.objects(ind, p)}
        assert {"zh", "en"} <= langs, local(ind)


@pytest.mark.parametrize("child, parent", [
    (BKG.Department, ORG.FormalOrganization),
    (BKG.InternalOffice, ORG.OrganizationalUnit),
    (BKG.SubordinateUnit, ORG.Organization),
    (BKG.BudgetTable, QB.DataSet),
    (BKG.BudgetLine, QB.Observation),
    (BKG.FunctionCode, SKOS.Concept),
    (BKG.EconomicClass, SKOS.Concept),
    (BKG.CatalogueItem, SKOS.Concept),
    (BKG.PurchasableService, SKOS.Concept),
    (BKG.ServiceCategory, SKOS.Concept),
    (BKG.GlossaryTerm, SKOS.Concept),
    (BKG.FunctionClassification, SKOS.ConceptScheme),
    (BKG.EconomicClassification, SKOS.ConceptScheme),
    (BKG.PurchaseServiceCatalogue, SKOS.ConceptScheme),
    (BKG.Glossary, SKOS.ConceptScheme),
    (BKG.CatalogueSection, SKOS.Collection),
    (BKG.Disclosure, URIRef("http://www.w3.org/ns/prov#Entity")),
    (BKG.Project, URIRef("http://www.w3.org/ns/prov#Plan")),
])
def test_classes_align_with_standard_vocabularies(onto, child, parent):
    assert parent in superclasses(onto, child)


def test_project_is_not_a_prov_activity(onto):
    """Every mapped node has prov:wasDerivedFrom, so it is a prov:Entity, which PROV-O declares
    disjoint with prov:Activity."""
    assert URIRef("http://www.w3.org/ns/prov#Activity") not in superclasses(onto, BKG.Project)


# --- the fixed parts: indicator framework, units, data structure --------------------------------


def test_indicator_framework_has_three_top_concepts(onto):
    scheme = BKG.IndicatorFramework
    assert SKOS.ConceptScheme in types(onto, scheme)
    tops = set(onto.objects(scheme, SKOS.hasTopConcept))
    assert tops == set(LEVEL1.values())
    assert len(tops) == 3
    for c in tops:
        assert (c, SKOS.topConceptOf, scheme) in onto
        assert onto.value(c, BKG.level) == Literal(1)
        assert onto.value(c, SKOS.broader) is None


def test_indicator_framework_has_nine_level2_concepts_under_the_right_parent(onto):
    scheme = BKG.IndicatorFramework
    level2 = {c for c in onto.subjects(SKOS.inScheme, scheme) if onto.value(c, BKG.level) == Literal(2)}
    assert len(level2) == 9
    assert level2 == {c for c, _ in LEVEL2.values()}
    for name, (concept, parent_name) in LEVEL2.items():
        assert list(onto.objects(concept, SKOS.broader)) == [LEVEL1[parent_name]], name
        assert (LEVEL1[parent_name], SKOS.narrower, concept) in onto
    for name, concept in LEVEL1.items():
        assert Literal(name, lang="zh") in set(onto.objects(concept, SKOS.prefLabel))
    for name, (concept, _) in LEVEL2.items():
        assert Literal(name, lang="zh") in set(onto.objects(concept, SKOS.prefLabel))


def test_indicator_concepts_are_complete(onto):
    concepts = set(LEVEL1.values()) | {c for c, _ in LEVEL2.values()}
    notations = []
    for c in concepts:
        assert SKOS.Concept in types(onto, c), local(c)
        assert (c, SKOS.inScheme, BKG.IndicatorFramework) in onto, local(c)
        assert {o.language for o in onto.objects(c, SKOS.prefLabel)} >= {"zh", "en"}, local(c)
        notation = onto.value(c, SKOS.notation)
        assert notation is not None, local(c)
        notations.append(str(notation))
    assert len(set(notations)) == len(concepts), "notations must be unique"


@pytest.mark.parametrize("unit, multiplier, notation", [
    (BKG.WanYuan, Decimal(10000), "万元"),
    (BKG.Yuan, Decimal(1), "元"),
])
def test_currency_units(onto, unit, multiplier, notation):
    assert QUDT.Unit in types(onto, unit)
    value = onto.value(unit, QUDT.conversionMultiplier)
    assert value is not None and value.datatype == XSD.decimal and value.toPython() == multiplier
    assert onto.value(unit, SKOS.notation) == Literal(notation)
    assert {o.language for o in onto.objects(unit, RDFS.label)} >= {"zh", "en"}


def test_budget_table_structures(onto):
    """One structure per kind of table: the row dimension, the kind's own measures (all amount
    properties among them), classifications as optional attributes."""
    dsds = set(onto.subjects(RDF.type, QB.DataStructureDefinition))
    kinds = {kind for _, kind, _ in TABLE_KINDS} | {GENERIC}
    assert dsds == {structure_iri(k) for k in kinds}
    all_measures = set()
    for dsd in dsds:
        components = list(onto.objects(dsd, QB.component))
        measures = {onto.value(c, QB.measure) for c in components} - {None}
        dimensions = {onto.value(c, QB.dimension) for c in components} - {None}
        attributes = {onto.value(c, QB.attribute) for c in components} - {None}
        assert dimensions == {BKG.rowOrder}, local(dsd)
        assert BKG.total in measures and {BKG.currencyUnit, BKG.rowRole} <= attributes, local(dsd)
        all_measures |= measures
        for a in attributes:
            assert QB.AttributeProperty in types(onto, a), local(a)
    assert BKG.total in all_measures and all_measures <= set(MEASURE_PROPERTY.values())
    for m in all_measures:
        assert {QB.MeasureProperty, OWL.DatatypeProperty} <= types(onto, m), local(m)
        assert onto.value(m, RDFS.range) == XSD.decimal, local(m)
    assert QB.DimensionProperty in types(onto, BKG.rowOrder)
    assert onto.value(BKG.rowOrder, RDFS.range) == XSD.integer


def test_amount_properties_are_decimal_and_positions_are_integer(onto):
    amounts = set(MEASURE_PROPERTY.values()) | set(FUND_PROPERTY.values()) | {
        BKG.value, BKG.changeAmount, BKG.targetNumber}
    for p in amounts:
        assert onto.value(p, RDFS.range) == XSD.decimal, local(p)
    for p in (BKG.startLine, BKG.endLine, BKG.rowOrder, BKG.tableNumber, BKG.level):
        assert onto.value(p, RDFS.range) == XSD.integer, local(p)


# --- the mapping code's output against the ontology --------------------------------------------


def test_mapped_graph_uses_only_declared_terms_as_declared(onto, mapped):
    """Run the model stage on a synthetic disclosure: every bkg: predicate is a declared property
    of the right kind, literals carry the declared range datatype, typed subjects and objects fit
    the declared domain and range, and every bkg: class or individual used is declared."""
    both = onto + mapped
    problems = set()
    seen_predicates = set()
    for s, p, o in mapped:
        if p == RDF.type:
            if own(o) and OWL.Class not in types(onto, o):
                problems.add(f"rdf:type bkg:{local(o)} is not a declared class")
            continue
        if not own(p):
            if own(o) and not types(onto, o):
                problems.add(f"object bkg:{local(o)} is not declared")
            continue
        seen_predicates.add(p)
        kinds = types(onto, p)
        name = f"bkg:{local(p)}"
        rng, dom = onto.value(p, RDFS.range), onto.value(p, RDFS.domain)
        if OWL.ObjectProperty in kinds:
            if not isinstance(o, URIRef):
                problems.add(f"{name} is an object property but has literal {o!r}")
            elif own(o) and not types(onto, o):
                problems.add(f"{name} points to undeclared bkg:{local(o)}")
            elif rng is not None and types(both, o) and not any(
                    rng in superclasses(onto, t) for t in types(both, o)):
                problems.add(f"{name} object {o} is not a {rng}")
        elif OWL.DatatypeProperty in kinds:
            if not isinstance(o, Literal):
                problems.add(f"{name} is a datatype property but has {o}")
            elif rng == RDF.langString:
                if not o.language:
                    problems.add(f"{name} should be language-tagged: {o!r}")
            elif rng is not None and o.datatype != rng and not (rng == XSD.string and o.datatype is None
                                                                 and not o.language):
                problems.add(f"{name} has datatype {o.datatype}, declared {rng}")
        else:
            problems.add(f"{name} is not a declared property")
        if dom is not None and types(both, s) and not any(dom in superclasses(onto, t) for t in types(both, s)):
            problems.add(f"{name} subject {s} is not a {dom}")
    assert len(seen_predicates) > 90, "the sample disclosure should exercise most properties"
    assert not problems, "\n".join(sorted(problems))


# --- the JSON-LD context -----------------------------------------------------------------------


def test_context_is_valid_json_with_bkg_prefix(context):
    assert isinstance(context, dict)
    assert context["bkg"] == NS
    for prefix in ("org", "skos", "qb", "prov", "dcat", "dcterms", "qudt", "xsd", "rdfs", "owl"):
        assert prefix in context, prefix


def test_context_is_what_budgetkg_loads(context):
    from budgetkg.rdf.jsonld import context as shipped_context

    assert shipped_context() == context


def expand(context: dict, value: str) -> str:
    prefix, _, rest = value.partition(":")
    return context[prefix] + rest if prefix in context and isinstance(context[prefix], str) else value


def test_context_terms_agree_with_the_ontology(onto, context):
    problems = []
    props = {p for t in PROPERTY_TYPES for p in onto.subjects(RDF.type, t) if own(p)}
    by_iri = {}
    for key, definition in context.items():
        if key.startswith("@"):
            continue
        iri = definition if isinstance(definition, str) else definition.get("@id", "")
        by_iri.setdefault(URIRef(expand(context, iri)), []).append((key, definition))
    for p in sorted(props):
        terms = by_iri.get(p)
        if not terms:
            problems.append(f"bkg:{local(p)} has no short key in the context")
            continue
        key, definition = terms[0]
        coercion = definition.get("@type") if isinstance(definition, dict) else None
        rng = onto.value(p, RDFS.range)
        if OWL.ObjectProperty in types(onto, p):
            if coercion != "@id":
                problems.append(f"{key}: object property without \"@type\": \"@id\"")
        elif rng in (XSD.decimal, XSD.dateTime, XSD.gYear):
            if coercion is None or URIRef(expand(context, coercion)) != rng:
                problems.append(f"{key}: range {rng} but coerced to {coercion}")
        elif rng == RDF.langString:
            if not isinstance(definition, dict) or definition.get("@language") != "zh":
                problems.append(f"{key}: Chinese text without \"@language\": \"zh\"")
        elif coercion is not None:
            problems.append(f"{key}: plain value coerced to {coercion}")
    for iri, terms in by_iri.items():
        if own(iri) and iri != URIRef(NS) and not types(onto, iri):
            problems.append(f"context key {terms[0][0]} maps to undeclared {iri}")
    assert not problems, "\n".join(problems)


def test_jsonld_round_trip_is_lossless_and_compact(mapped):
    from budgetkg.rdf.jsonld import to_jsonld

    text = to_jsonld([mapped])
    doc = json.loads(text)
    back = Graph().parse(data=text, format="json-ld")  # one document: the default graph
    assert len(back) == len(mapped)
    assert isomorphic(back, mapped)

    keys: set[str] = set()

    def walk(x):
        if isinstance(x, dict):
            keys.update(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc["@graph"])
    assert {"total", "rowLabel", "functionCode", "prefLabel", "type", "id"} <= keys
    # bkg: keys fall back to prefixed names only where the value does not fit the term (an
    # empty reason is a plain string, not Chinese text)
    assert not {k for k in keys if k.startswith(NS)}
    assert {k for k in keys if k.startswith("bkg:")} <= {"bkg:reason"}
