"""CLI commands: publish (registered on budgetkg.cli.main)."""
