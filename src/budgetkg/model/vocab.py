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

# The fixed three-level indicator framework: level-2 name -> (level-2 concept, level-1 name).
LEVEL1 = {
    "产出指标": BKG.OutputIndicators,
    "效益指标": BKG.OutcomeIndicators,
    "满意度指标": BKG.SatisfactionIndicators,
}
LEVEL2 = {
    "数量指标": (BKG.QuantityIndicators, "产出指标"),
    "质量指标": (BKG.QualityIndicators, "产出指标"),
    "时效指标": (BKG.TimelinessIndicators, "产出指标"),
    "成本指标": (BKG.CostIndicators, "产出指标"),
    "经济效益指标": (BKG.EconomicBenefitIndicators, "效益指标"),
    "社会效益指标": (BKG.SocialBenefitIndicators, "效益指标"),
    "生态效益指标": (BKG.EcologicalBenefitIndicators, "效益指标"),
    "可持续影响指标": (BKG.SustainabilityIndicators, "效益指标"),
    "服务对象满意度指标": (BKG.ServiceRecipientSatisfactionIndicators, "满意度指标"),
}

WAN_YUAN_UNIT = BKG.WanYuan
YUAN_UNIT = BKG.Yuan


def framework_concept(name: str | None, level: int):
    """Map a level name as written (``服务对象满意度``, ``数量指标``) to its framework concept.

    Written names are often truncated by the PDF export, so a name that is a prefix of exactly
    one framework name (at least 4 characters) matches it."""
    if not name:
        return None
    table = LEVEL1 if level == 1 else {k: v[0] for k, v in LEVEL2.items()}
    if name in table:
        return table[name]
    hits = [v for k, v in table.items() if len(name) >= 4 and (k.startswith(name) or name.startswith(k))]
    return hits[0] if len(hits) == 1 else None
