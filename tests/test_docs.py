"""Docs that cannot rot: README names every command, option, canned query and shape file."""

from __future__ import annotations

import re
from pathlib import Path

import click

from budgetkg.cli.app import main
from budgetkg.query.catalogue import available
from budgetkg.resources import list_names

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_gives_exactly_the_two_fresh_machine_commands():
    block = README.split("## On a fresh machine", 1)[1].split("```")[1]
    commands = [ln.split("#")[0].strip() for ln in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]


def test_every_command_and_option_is_documented():
    ctx = click.Context(main)
    for name, cmd in main.commands.items():
        assert f"budgetkg {name}" in README, f"command {name} is not in README"
        for param in cmd.get_params(ctx):
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help",):
                    assert re.search(re.escape(opt) + r"\b", README), f"{name} {opt} not in README"


def test_every_canned_query_is_documented():
    for name in available():
        assert f"`{name}`" in README, f"query {name} is not in README"


def test_every_shape_file_is_documented():
    for name in list_names("shapes", ".ttl"):
        assert name in README, f"shapes file {name} is not in README"
