"""Reading graph files: the one reader, the one error type, the one graph-naming rule.

Every graph file (.ttl .trig .nt .nq .jsonld) is parsed by Oxigraph (ten times faster than
rdflib's parsers on budget graphs, see DESIGN.md). A missing file or an unknown suffix is a
``UsageError`` naming the option; a file that does not parse is an ``InputError`` naming the file.
Triples outside any named graph (a Turtle file) belong to the one disclosure they describe, so a
Turtle file and a TriG file of the same document give the same dataset.

Three views of the same read: ``load_graphs`` (rdflib graphs, one per named graph),
``load_union`` (one rdflib graph, for views that ignore provenance) and ``read_store`` (an
Oxigraph store, for queries), with ``document_graphs`` naming what a store read holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from budgetkg.errors import InputError, UsageError
from budgetkg.rdf.formats import RdfFormat, input_format
from budgetkg.rdf.graphs import document_graph_name, graph_name, merge_by_name, new_graph
from budgetkg.rdf.terms import from_ox, memo_from_ox
from budgetkg.vocab import BKG

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DISCLOSURE = ox.NamedNode(str(BKG.Disclosure))


def parse_error(path: str | Path, exc: Exception) -> InputError:
    return InputError(f"cannot parse it as RDF ({_first_line(exc)})", path=path)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# --- rdflib graphs -------------------------------------------------------------------------------

def load_graphs(path: str | Path, option: str | None = None) -> list[Graph]:
    """Read a graph file back into graphs: one per named graph, plus one default graph for
    triples outside any named graph that describe no single disclosure. JSON-LD that refers to
    a remote or relative ``@context`` falls back to rdflib, which can resolve it."""
    p = Path(path)
    fmt = input_format(p, option)
    try:
        parts = _read_oxigraph(p, fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        if fmt.name != "json-ld":
            raise parse_error(p, exc) from None
        parts = _read_rdflib_jsonld(p)
    parts = {name: triples for name, triples in parts.items() if triples}
    if not parts:
        raise InputError("the file holds no triples", path=p)
    if list(parts) == [None]:
        parts = {document_graph_name(parts[None]): parts[None]}
    graphs = []
    for name in sorted(parts, key=lambda k: (k is not None, str(k or ""))):
        g = new_graph(name)
        for t in parts[name]:
            g.add(t)
        graphs.append(g)
    return graphs


def load_files(paths) -> list[Graph]:
    """The graphs of several files, one per name: a document read from two files is one graph."""
    graphs: list[Graph] = []
    for path in paths:
        graphs.extend(load_graphs(path))
    return merge_by_name(graphs)


def load_union(path: str | Path, option: str | None = "GRAPH") -> Graph:
    """The union of every graph in the file (for views that do not care which document said it)."""
    g = new_graph()
    for part in load_graphs(path, option):
        for t in part:
            g.add(t)
    return g


def _read_oxigraph(p: Path, fmt: RdfFormat) -> dict:
    """{graph name or None: [triples]}, read by Oxigraph."""
    parts: dict = {}
    conv = memo_from_ox()
    with p.open("rb") as fh:
        for quad in ox.parse(fh, format=fmt.oxigraph, base_iri=p.resolve().as_uri()):
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else conv(quad.graph_name)
            parts.setdefault(name, []).append(
                (conv(quad.subject), conv(quad.predicate), conv(quad.object)))
    return parts


def _read_rdflib_jsonld(p: Path) -> dict:
    ds = Dataset()
    try:
        ds.parse(p, format="json-ld")
    except Exception as exc:  # noqa: BLE001 - rdflib's JSON-LD parser raises many kinds
        raise InputError(f"cannot parse it as JSON-LD ({_first_line(exc)})", path=p) from None
    parts: dict = {}
    for g in ds.graphs():
        parts.setdefault(graph_name(g), []).extend(g)
    return parts


# --- Oxigraph stores -----------------------------------------------------------------------------

def file_graph(path: str | Path) -> ox.NamedNode:
    """The graph a triple-format file is staged in: named after the file."""
    return ox.NamedNode(Path(path).resolve().as_uri())


def read_store(path: str | Path, store: ox.Store | None = None,
               option: str = "--data") -> ox.Store:
    """Read a graph file into an Oxigraph store (a new in-memory one by default); the triples
    of a triple-format file go into the graph ``file_graph(path)``."""
    fmt = input_format(path, option)
    store = store if store is not None else ox.Store()
    try:
        if fmt.quads:
            store.bulk_load(path=str(path), format=fmt.oxigraph)
        else:
            store.bulk_load(path=str(path), format=fmt.oxigraph, to_graph=file_graph(path))
    except (SyntaxError, ValueError, OSError) as exc:
        raise parse_error(path, exc) from None
    return store


@dataclass(frozen=True)
class DocumentGraph:
    """A graph as read (``local``) and the name it is published or loaded under (``target``)."""

    local: ox.NamedNode | ox.DefaultGraph
    target: ox.NamedNode
    triples: int


def document_graphs(store: ox.Store, path: str | Path) -> list[DocumentGraph]:
    """The graphs of a file read with ``read_store``, each with the name it should be stored under.

    Named graphs keep their names. Triples outside any named graph (a Turtle file, or the
    default graph of a TriG file) belong to the one disclosure they describe; if they describe
    none or several, there is no right name for them, and the user is told to build a quad file."""
    staged = file_graph(path) if not input_format(path).quads else None
    out = []
    for g in sorted(store.named_graphs(), key=lambda n: n.value):
        target = _document_name(store, g, path) if g == staged else g
        out.append(DocumentGraph(g, target, _count(store, g)))
    default = ox.DefaultGraph()
    if next(iter(store.quads_for_pattern(None, None, None, default)), None) is not None:
        out.append(DocumentGraph(default, _document_name(store, default, path),
                                 _count(store, default)))
    return out


def _document_name(store: ox.Store, graph, path) -> ox.NamedNode:
    typed = [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
             for q in store.quads_for_pattern(None, RDF_TYPE, DISCLOSURE, graph)]
    name = document_graph_name(typed)
    if name is None:
        raise UsageError(f"{str(path)!r}: its triples describe {len(typed)} disclosures, so they "
                         "cannot be given one document's graph name; build a .trig or .nq file, "
                         "which keeps one named graph per document")
    return ox.NamedNode(str(name))


def _count(store: ox.Store, graph) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def quads_of(store: ox.Store, g: DocumentGraph):
    """The quads of a read graph, renamed to the graph's target name."""
    for q in store.quads_for_pattern(None, None, None, g.local):
        yield ox.Quad(q.subject, q.predicate, q.object, g.target)
