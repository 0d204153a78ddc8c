"""CLI commands beyond build/query, one module per concern, each registering on ``cli.main``."""
