"""The shapes: bundled files in ``shapes/``, shadowed by name by the files of a ``--shapes`` folder.

A folder given with ``--shapes`` works as datasette's template folders do: a file there replaces
the bundled file of the same name, and a file with a new name is added. Parsed shapes are kept
per file content for the life of the process (the bundled files do not change while it runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from budgetkg.errors import UsageError
from budgetkg.resources import list_names, resource_dir
from budgetkg.vocab import PREFIXES

SUFFIX = ".ttl"


@dataclass(frozen=True)
class ShapesFile:
    name: str
    origin: str  # "bundled" or the path of the --shapes folder's file
    text: str


def shapes_files(shapes_dir: str | Path | None = None) -> list[ShapesFile]:
    """The shapes files in use, by name: the bundled ones, with ``shapes_dir``'s shadowing them."""
    files = {name: ShapesFile(name, "bundled", (resource_dir("shapes") / name).read_text(encoding="utf-8"))
             for name in list_names("shapes", SUFFIX)}
    if shapes_dir is not None:
        folder = Path(shapes_dir)
        if not folder.is_dir():
            raise UsageError(f"--shapes {str(shapes_dir)!r} is not a folder; give a folder of "
                             f"{SUFFIX} shapes files")
        own = sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX) and p.is_file())
        if not own:
            raise UsageError(f"--shapes {str(shapes_dir)!r} holds no {SUFFIX} file")
        for p in own:
            files[p.name] = ShapesFile(p.name, str(p), p.read_text(encoding="utf-8"))
    return [files[name] for name in sorted(files)]


def load_shapes(shapes_dir: str | Path | None = None) -> Graph:
    """All shapes in use, in one graph."""
    merged = Graph()
    for f in shapes_files(shapes_dir):
        for triple in _parsed(f.name, f.origin, f.text):
            merged.add(triple)
    for prefix, ns in _parsed_namespaces():
        merged.bind(prefix, ns, override=False)
    return merged


@lru_cache(maxsize=64)
def _parsed(name: str, origin: str, text: str) -> tuple:
    try:
        g = Graph().parse(data=text, format="turtle")
    except (SyntaxError, ValueError) as exc:  # rdflib's BadSyntax is a SyntaxError
        where = name if origin == "bundled" else origin
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"shapes file {where}: cannot parse it as Turtle ({first})") from None
    return tuple(g)


def _parsed_namespaces():

    return [("bkgsh", "https://budgetkg.org/shapes#"), ("sh", "http://www.w3.org/ns/shacl#"),
            *((p, str(ns)) for p, ns in PREFIXES.items())]
