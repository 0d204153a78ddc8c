"""JSON-LD output with budgetkg's shipped ``@context``, so the JSON reads as plain JSON.

Compaction is done here, directly from the context's term definitions, instead of by rdflib's
general JSON-LD compactor: the rules needed are few (a term is used only where its coercion,
language or container fits the value exactly; anything else falls back to a prefixed key and a
value object), and doing it here makes the output byte-stable (every list sorted, keys in a fixed
order) and fast enough to write one small file per resource for the static site.

Shape: ``{"@context": ..., "@graph": [...]}``; a named graph is a node ``{"id": name,
"@graph": [...]}`` in the top-level ``@graph``, default-graph nodes sit beside them. A single
document's graph is written as the default graph (plain graph readers ignore named graphs).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from budgetkg.rdf.graphs import split_by_graph
from budgetkg.rdf.terms import natural_key, term_key
from budgetkg.resources import read_text

_INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,17})")  # bounded: int() refuses 4,300+ digits
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def context() -> dict:
    return json.loads(read_text("ontology", "context.jsonld"))["@context"]


@dataclass(frozen=True)
class Term:
    name: str
    iri: str
    coerce: str | None  # "@id", an expanded datatype IRI, or None
    language: str | None
    container: str | None


class Compactor:
    """Turns triples into compacted JSON-LD node objects under one context."""

    def __init__(self, ctx: dict):
        self.prefixes: dict[str, str] = {}
        raw: dict[str, object] = {k: v for k, v in ctx.items() if not k.startswith("@")}
        for key, value in raw.items():
            if isinstance(value, str) and value.endswith(("#", "/")) and "://" in value:
                self.prefixes[key] = value
        self.by_iri: dict[str, list[Term]] = {}
        self.class_terms: dict[str, str] = {}
        for key in sorted(raw):
            value = raw[key]
            if key in self.prefixes or key in ("id", "type"):
                continue
            definition = {"@id": value} if isinstance(value, str) else dict(value)
            iri = self.expand(definition.get("@id", key))
            coerce = definition.get("@type")
            term = Term(key, iri, coerce if coerce in (None, "@id") else self.expand(coerce),
                        definition.get("@language"), definition.get("@container"))
            self.by_iri.setdefault(iri, []).append(term)
            if isinstance(value, str):
                self.class_terms.setdefault(iri, key)
        self._ns = sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda x: (-len(x[0]), x[1]))

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return value

    @lru_cache(maxsize=8192)  # noqa: B019 - one Compactor per context, kept for the run
    def curie(self, iri: str) -> str:
        for ns, prefix in self._ns:
            if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def type_name(self, iri: str) -> str:
        return self.class_terms.get(iri) or self.curie(iri)

    # --- values -----------------------------------------------------------------------------

    def pick(self, p: str, o) -> tuple[str, object, bool]:
        """(key, value, in_language_map) for one triple's predicate and object."""
        for term in self.by_iri.get(p, ()):
            value = self._fit(term, o)
            if value is not None:
                return term.name, value, term.container == "@language"
        return self.curie(p), self._value_object(o), False

    def _fit(self, term: Term, o):
        if term.container not in (None, "@language"):
            return None
        if isinstance(o, (URIRef, BNode)):
            if term.coerce == "@id" and term.container is None:
                return self.node_ref(o)
            return None
        if term.container == "@language":
            return str(o) if o.language else None
        if o.language:
            return str(o) if term.coerce is None and term.language == o.language else None
        if term.language is not None:
            return None
        if o.datatype is None:
            return str(o) if term.coerce is None else None
        if term.coerce == str(o.datatype):
            return str(o)
        if term.coerce is None:
            return self._native(o)
        return None

    def _native(self, o: Literal):
        """A JSON number or boolean when it expands back to the very same literal."""
        lexical = str(o)
        if o.datatype == XSD.integer and _INTEGER.fullmatch(lexical):
            return int(lexical)
        if o.datatype == XSD.boolean and lexical in ("true", "false"):
            return lexical == "true"
        return None

    def _value_object(self, o):
        if isinstance(o, (URIRef, BNode)):
            return {"id": self.node_ref(o)}
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype is None:
            return str(o)
        native = self._native(o)
        if native is not None:
            return native
        return {"@value": str(o), "@type": self.curie(str(o.datatype))}

    def node_ref(self, node) -> str:
        if isinstance(node, BNode):
            return "_:" + re.sub(r"[^A-Za-z0-9_]", "_", str(node))
        # a vocabulary IRI reads better as bkg:WanYuan; data IRIs are under no prefix and so
        # stay absolute
        return self.curie(str(node))

    # --- nodes ------------------------------------------------------------------------------

    def nodes(self, triples) -> list[dict]:
        by_subject: dict = {}
        for s, p, o in triples:
            by_subject.setdefault(s, []).append((p, o))
        return [self.node(s, by_subject[s]) for s in sorted(by_subject, key=_sort_key)]

    def node(self, s, pairs) -> dict:
        types: list[str] = []
        props: dict[str, list] = {}
        langmaps: dict[str, dict[str, list]] = {}
        for p, o in pairs:
            if p == RDF.type and isinstance(o, URIRef):
                types.append(self.type_name(str(o)))
                continue
            key, value, in_map = self.pick(str(p), o)
            if in_map:
                langmaps.setdefault(key, {}).setdefault(o.language, []).append(value)
            else:
                props.setdefault(key, []).append(value)
        out: dict = {"id": self.node_ref(s)}
        if types:
            out["type"] = _one_or_list(types)
        for key, langs in langmaps.items():
            props[key] = [{lang: _one_or_list(vs) for lang, vs in sorted(langs.items())}]
        for key in sorted(props):
            out[key] = _one_or_list(props[key]) if key not in langmaps else props[key][0]
        return out


def _sort_key(term) -> tuple:
    return term_key(term)


def _one_or_list(values: list):
    if len(values) == 1:
        return values[0]
    unique = {json.dumps(v, sort_keys=True, ensure_ascii=False): v for v in values}
    ordered = [unique[k] for k in sorted(unique, key=_natural)]
    return ordered[0] if len(ordered) == 1 else ordered


def _natural(text: str) -> tuple:
    return natural_key(text)


@lru_cache(maxsize=1)
def _shipped_compactor() -> Compactor:
    return Compactor(context())


def document(graphs: list[Graph], context_ref: str | None = None) -> dict:
    """The JSON-LD document for the graphs: the context embedded, or referenced by URL
    (``context_ref``, e.g. a relative path to the shipped context.jsonld)."""
    comp = _shipped_compactor()
    default, named = split_by_graph(graphs)
    if not default and len(named) == 1:
        # One document: its triples in the default graph, so that a plain graph reader
        # (rdflib's Graph().parse) sees them; budgetkg's loader names them after the document.
        (default,) = named.values()
        named = {}
    top = {n["id"]: n for n in comp.nodes(set(default))}
    for name in sorted(named, key=_sort_key):
        ref = comp.node_ref(name)
        holder = top.setdefault(ref, {"id": ref})
        holder["@graph"] = comp.nodes(named[name])
    ordered = [top[k] for k in sorted(top, key=_natural)]
    return {"@context": context_ref if context_ref else context(), "@graph": ordered}


def dumps(doc: dict) -> bytes:
    """Indented JSON, except that an embedded context keeps one term per line, as in the
    shipped context.jsonld, so the data starts near the top of the file."""
    ctx = doc.get("@context")
    if not isinstance(ctx, dict):
        return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    terms = ",\n".join(f"    {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                       for k, v in ctx.items())
    rest = {k: v for k, v in doc.items() if k != "@context"}
    body = json.dumps(rest, ensure_ascii=False, indent=2)
    inner = body[1:].lstrip("\n") if rest else "}"
    head = '{\n  "@context": {\n' + terms + "\n  }"
    return (head + (",\n" + inner if rest else "\n}") + "\n").encode("utf-8")


def to_jsonld(graphs: list[Graph], context_ref: str | None = None) -> bytes:
    return dumps(document(graphs, context_ref))


def triples_document(triples, context_ref: str | None = None) -> dict:
    """A JSON-LD document of plain triples (no named graph), e.g. one resource's description."""
    comp = _shipped_compactor()
    return {"@context": context_ref if context_ref else context(), "@graph": comp.nodes(triples)}
