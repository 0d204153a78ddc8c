"""The command line (``budgetkg``)."""
from budgetkg.cli.app import main

__all__ = ["main"]
