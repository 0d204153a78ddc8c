"""JSON-LD output with budgetkg's shipped ``@context``, so the JSON reads as plain JSON."""

from __future__ import annotations

import json

from rdflib import Graph

from .resources import read_text


def context() -> dict:
    return json.loads(read_text("ontology", "context.jsonld"))["@context"]


def to_jsonld(graphs: list[Graph]) -> bytes:
    from .serialize import dataset

    ds = dataset(graphs)
    text = ds.serialize(format="json-ld", context=context(), auto_compact=True, sort_keys=True, indent=1)
    return text.encode("utf-8")
