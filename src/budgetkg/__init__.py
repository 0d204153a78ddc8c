"""budgetkg: Chinese departmental budget disclosures (部门预算公开) as RDF knowledge graphs."""

__version__ = "0.1.0"
