"""budgetkg: Chinese departmental budget disclosures (部门预算公开) as RDF knowledge graphs."""

__version__ = "0.1.0"

__all__ = ["__version__", "open"]


def __getattr__(name: str):
    """``budgetkg.open`` is imported on first use, so that ``import budgetkg`` stays light."""
    if name == "open":
        from budgetkg.kg import open as open_graph

        return open_graph
    raise AttributeError(f"module 'budgetkg' has no attribute {name!r}")
