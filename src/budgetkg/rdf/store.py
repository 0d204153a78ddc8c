"""Stores: graph files read into Oxigraph, persistent stores, one named graph per document.

A graph file is read into an in-memory Oxigraph store (``--data``); a persistent store on disk
(``--store``) is filled by ``budgetkg load`` and opened read-only for queries, so several
readers can share it. Quad formats (TriG, N-Quads, JSON-LD) keep the named graph of each
document as ``budgetkg build`` wrote it; a triple format (Turtle, N-Triples) holding exactly one
disclosure is given that disclosure's IRI as its graph name, so reloading it replaces the same
graph either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import UsageError

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
TRIPLE_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)
DISCLOSURE = "https://budgetkg.org/ontology#Disclosure"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def rdf_format(path: str | Path, option: str = "--data") -> ox.RdfFormat:
    p = Path(path)
    fmt = RDF_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise UsageError(f"{option} {str(p)!r}: unknown RDF file type; use one of "
                         f"{', '.join(sorted(RDF_FORMATS))}")
    if not p.is_file():
        raise UsageError(f"{option} {str(p)!r}: no such file")
    return fmt


def file_graph(path: str | Path) -> ox.NamedNode:
    """The graph a triple-format file is read into: named after the file."""
    return ox.NamedNode(Path(path).resolve().as_uri())


def read_file(path: str | Path, store: ox.Store | None = None, option: str = "--data") -> ox.Store:
    """Read a graph file into a store (a new in-memory one by default)."""
    fmt = rdf_format(path, option)
    store = store if store is not None else ox.Store()
    try:
        if fmt in TRIPLE_FORMATS:
            store.bulk_load(path=str(path), format=fmt, to_graph=file_graph(path))
        else:
            store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise UsageError(f"{option} {str(path)!r}: cannot parse it as RDF ({exc})") from None
    return store


@dataclass(frozen=True)
class DocumentGraph:
    """A graph as read (``local``) and the name it is published or loaded under (``target``)."""

    local: ox.NamedNode | ox.DefaultGraph
    target: ox.NamedNode
    triples: int


def document_graphs(store: ox.Store, path: str | Path) -> list[DocumentGraph]:
    """The graphs of a file read with ``read_file``, each with the name it should be stored under.

    Named graphs keep their names. Triples outside any named graph (a Turtle file, or the
    default graph of a TriG file) belong to the one disclosure they describe; if they describe
    none or several, there is no right name for them, and the user is told to build a quad file."""
    out = []
    for g in sorted(store.named_graphs(), key=lambda n: n.value):
        if str(path).lower().endswith((".ttl", ".nt")) and g == file_graph(path):
            out.append(DocumentGraph(g, single_disclosure(store, g, path), count(store, g)))
        else:
            out.append(DocumentGraph(g, g, count(store, g)))
    default = ox.DefaultGraph()
    if next(iter(store.quads_for_pattern(None, None, None, default)), None) is not None:
        out.append(DocumentGraph(default, single_disclosure(store, default, path),
                                 count(store, default)))
    return out


def single_disclosure(store: ox.Store, graph, path) -> ox.NamedNode:
    docs = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE),
                                                       ox.NamedNode(DISCLOSURE), graph)}
    if len(docs) != 1 or not isinstance(next(iter(docs)), ox.NamedNode):
        raise UsageError(f"{str(path)!r}: its triples describe {len(docs)} disclosures, so they "
                         "cannot be given one document's graph name; build a .trig or .nq file, "
                         "which keeps one named graph per document")
    return next(iter(docs))


def count(store: ox.Store, graph) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def quads_of(store: ox.Store, g: DocumentGraph):
    for q in store.quads_for_pattern(None, None, None, g.local):
        yield ox.Quad(q.subject, q.predicate, q.object, g.target)


def open_store(path: str | Path, *, create: bool = False) -> ox.Store:
    """A persistent store: read-only for queries (many readers), writable to load into."""
    p = Path(path)
    if not create:
        if not p.is_dir():
            raise UsageError(f"--store {str(p)!r}: no such store; fill one with "
                             "`budgetkg load GRAPH --store PATH`")
        try:
            return ox.Store.read_only(str(p))
        except OSError as exc:
            raise UsageError(f"--store {str(p)!r}: cannot open it as an Oxigraph store ({exc})") from None
    if p.exists() and not p.is_dir():
        raise UsageError(f"--store {str(p)!r}: exists and is not a folder")
    try:
        return ox.Store(str(p))
    except OSError as exc:
        raise UsageError(f"--store {str(p)!r}: cannot open it for writing ({exc}); "
                         "is another process using it?") from None


def load_file(path: str | Path, target: ox.Store) -> list[DocumentGraph]:
    """Load a graph file into ``target``, replacing each of its documents' named graphs, so
    loading the same file twice leaves the store as loading it once."""
    staged = read_file(path, option="GRAPH")
    graphs = document_graphs(staged, path)
    for g in graphs:
        target.remove_graph(g.target)
        target.bulk_extend(quads_of(staged, g))
    target.flush()
    return graphs
