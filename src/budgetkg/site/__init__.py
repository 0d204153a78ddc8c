"""``budgetkg site``: a static linked-data site for a budgetkg graph, readable offline.

One HTML page per resource (departments, units, projects, indicators, codes, catalogue
services, tables and their rows ...), each with alternate Turtle and JSON-LD files beside it, index
pages per class, a home page listing the source documents, and a page documenting the ontology.
Everything is escaped by the templates (Jinja2 with autoescaping): the text comes from the
documents and is untrusted. No page loads anything from the network.

Page structure (stable; browser tests rely on it):

- ``<body data-kind=KIND>`` where KIND is ``department``, ``unit``, ``project``, ``indicator``,
  ``code``, ``service``, ``table``, ``row``, ``document``, ... or ``home``, ``class-index``,
  ``ontology``;
- ``<main id="content">`` holds exactly one ``<h1>``: the resource's label;
- resource pages: ``<article class="resource" data-iri=IRI>``; kind-specific sections as
  ``<section class="panel" id=...>`` (``funds``, ``indicators``, ``rows``, ``amounts``,
  ``narrower``, ``members``, ``units``, ``projects`` ...), then ``section#properties`` and
  ``section#backlinks``, whose table rows carry ``data-property`` (a prefixed name);
- ``nav.breadcrumbs`` above the article, ``a[rel=alternate]`` links to the ``.ttl`` and
  ``.jsonld`` files of the resource.

The library function is :func:`generate_site`; the command is in ``budgetkg.cli.site``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from budgetkg.publish.bundle import staged_directory
from budgetkg.publish.describe import DEFAULT_LICENCE, check_licence
from budgetkg.site.generator import Progress, SiteReport, write_site


def generate_site(graphs: list[Graph], out_dir: str | Path, *, title: str | None = None,
                  licence: str = DEFAULT_LICENCE, progress: Progress | None = None) -> SiteReport:
    """Write the site into ``out_dir`` atomically (staged beside it, moved into place when
    complete). ``progress(items, label)`` may wrap the page loop, e.g. with click.progressbar."""
    check_licence(licence)
    with staged_directory(out_dir, "site") as tmp:
        report = write_site(graphs, tmp, title=title, licence=licence, progress=progress)
    report.path = Path(out_dir)
    return report


__all__ = ["SiteReport", "generate_site"]
