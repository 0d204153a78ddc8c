"""CLI commands: validate (registered on budgetkg.cli.main)."""
