"""Namespaces and the fixed parts of the vocabulary (measure properties, the indicator framework).

The ontology file ``ontology/budgetkg.ttl`` declares every ``bkg:`` term used here; a test checks
that the graph uses no undeclared term.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, QB, RDF, RDFS, SKOS, XSD

BKG = Namespace("https://budgetkg.org/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
DEFAULT_BASE = "https://data.budgetkg.org/"

PREFIXES = {
    "bkg": BKG,
    "org": ORG,
    "skos": SKOS,
    "qb": QB,
    "prov": PROV,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "qudt": QUDT,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

# records.MEASURES key -> measure property
MEASURE_PROPERTY = {
    "total": BKG.total,
    "currentYear": BKG.currentYear,
    "carryOver": BKG.carryOver,
    "basic": BKG.basic,
    "project": BKG.project,
    "personnel": BKG.personnel,
    "publicFunds": BKG.publicFunds,
    "generalPublicBudget": BKG.generalPublicBudget,
    "governmentFund": BKG.governmentFund,
    "stateCapital": BKG.stateCapital,
    "specialAccount": BKG.specialAccount,
    "unitFunds": BKG.unitFunds,
    # 部门决算 (final account) columns
    "finalAccount": BKG.finalAccount,
    "initialBudget": BKG.initialBudget,
    "fullYearBudget": BKG.fullYearBudget,
    "openingBalance": BKG.openingBalance,
    "closingBalance": BKG.closingBalance,
    "balanceDistribution": BKG.balanceDistribution,
    "currentYearIncome": BKG.currentYearIncome,
    "currentYearExpenditure": BKG.currentYearExpenditure,
    "fiscalAppropriation": BKG.fiscalAppropriation,
    "superiorSubsidy": BKG.superiorSubsidy,
    "operationIncome": BKG.operationIncome,
    "businessIncome": BKG.businessIncome,
    "affiliateRemittance": BKG.affiliateRemittance,
    "otherIncome": BKG.otherIncome,
    "remittedToSuperior": BKG.remittedToSuperior,
    "businessExpenditure": BKG.businessExpenditure,
    "affiliateSubsidy": BKG.affiliateSubsidy,
}

# records.Funds field -> property on a FundAllocation
FUND_PROPERTY = {
    "total": BKG.total,
    "central": BKG.centralFunds,
    "provincial": BKG.provincialFunds,
    "municipal": BKG.municipalFunds,
    "selfRaised": BKG.selfRaisedFunds,
    "other": BKG.otherFunds,
}

# The fixed three-level indicator framework, as the national template fixes it: each level-1
# name -> its concept and its level-2 names -> their concepts. The extractor repairs shifted rows
# with the names; the model links indicators to the concepts.
FRAMEWORK_CONCEPTS = {
    "产出指标": (BKG.OutputIndicators, {
        "数量指标": BKG.QuantityIndicators,
        "质量指标": BKG.QualityIndicators,
        "时效指标": BKG.TimelinessIndicators,
        "成本指标": BKG.CostIndicators,
    }),
    "效益指标": (BKG.OutcomeIndicators, {
        "经济效益指标": BKG.EconomicBenefitIndicators,
        "社会效益指标": BKG.SocialBenefitIndicators,
        "生态效益指标": BKG.EcologicalBenefitIndicators,
        "可持续影响指标": BKG.SustainabilityIndicators,
    }),
    "满意度指标": (BKG.SatisfactionIndicators, {
        "服务对象满意度指标": BKG.ServiceRecipientSatisfactionIndicators,
    }),
}
# 一级指标 -> its 二级指标 names; 二级 -> 一级
FRAMEWORK: dict[str, tuple[str, ...]] = {l1: tuple(l2s) for l1, (_, l2s) in FRAMEWORK_CONCEPTS.items()}
PARENT: dict[str, str] = {l2: l1 for l1, l2s in FRAMEWORK.items() for l2 in l2s}
# level-1 name -> concept; level-2 name -> (concept, level-1 name)
LEVEL1 = {l1: concept for l1, (concept, _) in FRAMEWORK_CONCEPTS.items()}
LEVEL2 = {l2: (concept, l1) for l1, (_, l2s) in FRAMEWORK_CONCEPTS.items()
          for l2, concept in l2s.items()}

WAN_YUAN_UNIT = BKG.WanYuan
YUAN_UNIT = BKG.Yuan


def framework_concept(name: str | None, level: int):
    """The framework concept of a level name as the extractor wrote it, by the same rule the
    extractor recognises levels with (``framework_level``); None when it names no level."""
    found = framework_level(name) if name else None
    if found is None or found[0] != level:
        return None
    return LEVEL1[found[1]] if level == 1 else LEVEL2[found[1]][0]


def framework_level(text: str) -> tuple[int, str] | None:
    """(level, canonical name) when a (normalised) cell names a framework level, else None.

    Cells are matched as prefixes of the framework names, because exports cut them
    (服务对象满意度, 服务对象满意度指); at most two trailing characters may be missing so that
    an ordinary name is not mistaken for a level.
    """
    if len(text) < 2:
        return None
    for l1, l2s in FRAMEWORK.items():
        if _is_cut_of(text, l1):
            return 1, l1
        for l2 in l2s:
            if _is_cut_of(text, l2):
                return 2, l2
    return None


def _is_cut_of(text: str, name: str) -> bool:
    return name.startswith(text) and len(text) >= len(name) - 2


# Most specific first: a department is also an org:FormalOrganization, a purchasable service also
# a catalogue item and a skos:Concept; the first class in this list a node has names its type
# (in graph views, charts and the site's page kinds).
CLASS_ORDER = (
    BKG.Department, BKG.SubordinateUnit, BKG.InternalOffice, BKG.Project, BKG.FundAllocation,
    BKG.PerformanceIndicator, BKG.FunctionCode, BKG.EconomicClass, BKG.PurchasableService,
    BKG.CatalogueItem, BKG.CatalogueSection, BKG.ServiceCategory, BKG.PurchaseServiceCatalogue,
    BKG.ServiceMapping, BKG.BudgetLine, BKG.BudgetTable, BKG.Disclosure, BKG.DocumentSection,
    BKG.StatedFigure, BKG.ChangeStatement, BKG.Duty, BKG.GlossaryTerm, BKG.Glossary,
    BKG.FiscalYear, BKG.FunctionClassification, BKG.EconomicClassification,
    ORG.FormalOrganization, ORG.Organization, SKOS.ConceptScheme, SKOS.Collection, SKOS.Concept,
)


def first_class(types) -> object | None:
    """The most specific of ``types`` by ``CLASS_ORDER``; None when none is listed."""
    present = set(types)
    return next((c for c in CLASS_ORDER if c in present), None)
