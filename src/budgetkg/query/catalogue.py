"""The catalogue of canned queries: ``queries/*.rq``, each opened by a header comment.

Each .rq file opens with a header comment (``# title:``, ``# description:``, ``# param:``,
``# columns:``) so the CLI, the docs and the tests can enumerate queries without reading SPARQL.
A user folder (``--queries-dir``) shadows bundled queries of the same name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.errors import QueryError, UsageError
from budgetkg.resources import list_names, read_text

HEADER = re.compile(r"^#\s*(title|description|param|columns):\s*(.*)$")
PARAM = re.compile(r"^(\w+)\s*\(([^)]*)\)\s*:?\s*(.*)$")
PARAM_TYPES = ("integer", "decimal", "string", "iri")


@dataclass
class Param:
    name: str
    type: str  # integer, decimal, string, iri
    default: str | None
    description: str
    required: bool = False


@dataclass
class CannedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


def parse_header(name: str, text: str) -> CannedQuery:
    q = CannedQuery(name=name, text=text)
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = HEADER.match(line)
        if m:
            last = m.group(1)
            value = m.group(2).strip()
            if last == "title":
                q.title = value
            elif last == "description":
                q.description = value
            elif last == "columns":
                q.columns = [c.strip() for c in value.split(",") if c.strip()]
            elif last == "param":
                q.params.append(parse_param(value))
        elif last == "description":
            q.description += " " + line.lstrip("#").strip()
        elif last == "param" and q.params:
            q.params[-1].description += " " + line.lstrip("#").strip()
    return q


def parse_param(spec: str) -> Param:
    """``level (integer, optional): ...``, ``scheme (string, default=department): ...``,
    ``resource (iri, required): ...``."""
    m = PARAM.match(spec)
    if not m:
        return Param(spec.split()[0], "string", None, "")
    name, inner, desc = m.groups()
    parts = [p.strip() for p in inner.split(",")]
    default = None
    for p in parts[1:]:
        if p.startswith("default"):
            default = p.split("=", 1)[-1].strip() if "=" in p else p[len("default"):].strip()
    return Param(name, parts[0] or "string", default, desc, required="required" in parts[1:])


def available(queries_dir: str | Path | None = None) -> dict[str, CannedQuery]:
    """All canned queries by name; a user folder shadows bundled queries of the same name."""
    found: dict[str, CannedQuery] = {}
    for name in list_names("queries", ".rq"):
        found[name[:-3]] = parse_header(name[:-3], read_text("queries", name))
    if queries_dir:
        folder = Path(queries_dir)
        if not folder.is_dir():
            raise UsageError(f"--queries-dir {str(folder)!r}: no such folder")
        for p in sorted(folder.glob("*.rq")):
            found[p.stem] = parse_header(p.stem, p.read_text(encoding="utf-8"))
    return found


def get_query(name: str, queries_dir: str | Path | None = None) -> CannedQuery:
    queries = available(queries_dir)
    if name not in queries:
        raise QueryError(f"no canned query {name!r}; available: {', '.join(sorted(queries))}")
    return queries[name]
