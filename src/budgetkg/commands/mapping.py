"""CLI commands: mapping (registered on budgetkg.cli.main)."""
