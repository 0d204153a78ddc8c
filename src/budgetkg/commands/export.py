"""CLI commands: export (registered on budgetkg.cli.main)."""
