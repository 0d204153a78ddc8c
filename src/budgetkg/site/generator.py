"""Write the static site: resource pages with their Turtle and JSON-LD, index pages, the ontology
page, the stylesheet, the JSON-LD context, a Turtle dump and its VoID/DCAT description."""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from budgetkg import __version__
from budgetkg.labels import ontology_graph
from budgetkg.publish.describe import DEFAULT_LICENCE, VOID, Distribution, describe
from budgetkg.rdf.jsonld import dumps, triples_document
from budgetkg.rdf.turtle import turtle
from budgetkg.rdf.write import render
from budgetkg.resources import read_text
from budgetkg.site.graphindex import GraphIndex
from budgetkg.site.html import header_html, value_html, values_html
from budgetkg.site.paths import PathMap
from budgetkg.site.views import Views, _project_columns, class_file, kind_of
from budgetkg.vocab import BKG

HERE = Path(__file__).resolve().parent
# Classes shown as tiles on the home page, in this order, when the data has them.
HIGHLIGHTS = (BKG.Department, BKG.SubordinateUnit, BKG.InternalOffice, BKG.Project,
              BKG.PerformanceIndicator, BKG.BudgetTable, BKG.FunctionCode, BKG.EconomicClass,
              BKG.PurchaseServiceCatalogue, BKG.CatalogueSection, BKG.CatalogueItem,
              BKG.ServiceCategory, BKG.GlossaryTerm, BKG.Disclosure)

Progress = Callable[[list, str], object]  # (items, label) -> context manager yielding items


@dataclass
class SiteReport:
    path: Path
    pages: Counter = field(default_factory=Counter)  # kind -> resource pages
    index_pages: int = 0
    files: int = 0
    seconds: float = 0.0

    @property
    def resource_pages(self) -> int:
        return sum(self.pages.values())


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      auto_reload=False, trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    env.filters["value"] = value_html
    env.filters["values"] = values_html
    env.filters["header"] = header_html
    return env


def write_site(graphs: list[Graph], out: Path, *, title: str | None = None,
               licence: str = DEFAULT_LICENCE, progress: Progress | None = None) -> SiteReport:
    """Write the site for ``graphs`` into the (empty, staged) folder ``out``."""
    started = time.perf_counter()
    progress = progress or (lambda items, label: nullcontext(items))
    idx = GraphIndex(graphs, ontology_graph())
    resources = idx.resources()
    paths = PathMap(resources)
    views = Views(idx, paths)
    env = environment()
    report = SiteReport(out)
    data = render(graphs, "turtle")
    dump = Distribution("data.ttl", "turtle", len(data), hashlib.sha256(data).hexdigest())
    description = describe(graphs, distributions=[dump], licence=licence, title=title)
    site_title = _site_title(description)
    common = {"site_title": site_title}

    _make_dirs(out, [paths.get(r) for r in resources])
    page_tpl = env.get_template("resource.html")
    with progress(resources, "Writing pages") as bar, _Writer() as write:
        for node in bar:
            ctx = views.page(node)
            base = str(out / ctx["path"])
            write(base + ".html", page_tpl.render(**common, **ctx))
            triples = [(node, p, o) for p, objs in idx.out[node].items() for o in objs]
            write(base + ".ttl", turtle(triples))
            write(base + ".jsonld", dumps(triples_document(triples, ctx["root"] + "context.jsonld")))
            report.pages[ctx["kind"]] += 1
    _write(out / "data.ttl", data)
    report.index_pages = _write_indexes(env, idx, views, out, common, description, len(resources))
    report.files = sum(len(files) for _, _, files in os.walk(out))
    report.seconds = time.perf_counter() - started
    return report


def _make_dirs(out: Path, page_paths: list[str]) -> None:
    for folder in sorted({p.rsplit("/", 1)[0] for p in page_paths if "/" in p}):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for folder in ("assets", "classes"):
        (out / folder).mkdir(exist_ok=True)


class _Writer:
    """Writes files on a few threads: creating ten thousand small files is dominated by file
    system latency, which threads overlap (open and write release the GIL). Errors surface at
    the next drain or on exit."""

    def __init__(self, workers: int = 4, batch: int = 512):
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.pending: list = []
        self.batch = batch

    def __enter__(self):
        return self

    def __call__(self, path, data) -> None:
        self.pending.append(self.pool.submit(_write, path, data))
        if len(self.pending) >= self.batch:
            self.drain()

    def drain(self) -> None:
        pending, self.pending = self.pending, []
        for f in pending:
            f.result()

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                self.drain()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
        return False


def _write(path: Path | str, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with open(path, "wb") as fh:
        fh.write(data)


def _site_title(description: Graph) -> str:

    ds = min(description.subjects(RDF.type, VOID.Dataset), key=len)
    titles = {(t.language or ""): str(t) for t in description.objects(ds, DCTERMS.title)}
    return titles.get("") or titles.get("zh") or next(iter(titles.values()), "budgetkg")


# --- index pages ---------------------------------------------------------------------------------

def _write_indexes(env: Environment, idx: GraphIndex, views: Views, out: Path, common: dict,
                   description: Graph, n_pages: int) -> int:
    _write(out / "assets" / "site.css", (HERE / "static" / "site.css").read_bytes())
    _write(out / "context.jsonld", read_text("ontology", "context.jsonld"))
    _write(out / "void.ttl", turtle(description))
    count = 0
    classes = _classes(idx)
    for cls in classes:
        _write(out / "classes" / f"{class_file(idx, cls)}.html",
               env.get_template("class_index.html").render(**common, **_class_view(idx, views, cls)))
        count += 1
    _write(out / "classes" / "index.html", env.get_template("classes.html").render(
        **common, root="../", kind="classes", title="分类浏览 · 全部类别",
        classes=[_class_entry(idx, c, "") for c in classes]))
    _write(out / "index.html", env.get_template("home.html").render(
        **common, **_home_view(idx, views, description, n_pages, classes)))
    _write(out / "ontology.html", env.get_template("ontology.html").render(
        **common, **_ontology_view(idx)))
    return count + 3


def _classes(idx: GraphIndex) -> list:
    """Classes of the ontology that have instances with pages, by their English label."""
    found = {t for s in idx.resources() for t in idx.types(s) if idx.onto.defines(t)}
    return sorted(found, key=lambda c: (idx.onto.label(c, "en") or idx.short(c)).lower())


def _class_entry(idx: GraphIndex, cls, root: str) -> dict:
    return {"href": f"{root}{class_file(idx, cls)}.html", "label": idx.onto.label(cls) or idx.short(cls),
            "label_en": idx.onto.label(cls, "en"), "count": len(idx.instances(cls))}


def _class_view(idx: GraphIndex, views: Views, cls) -> dict:
    root = "../"
    members = idx.instances(cls)
    members.sort(key=lambda n: (idx.label(idx.parent(n)) if idx.parent(n) is not None else "",
                                idx.order_key(n)))
    columns = [("名称", "name", views.self_link(root), False),
               ("所属", "part of", lambda n: views.link(idx.parent(n), root)
                if idx.parent(n) is not None else None, False)]
    if cls == BKG.Project:
        columns = _project_columns(views, root)
    listing = views.table("list", "", "", members, columns, root) or {
        "id": "list", "title": "", "title_en": "", "columns": [], "rows": []}
    return {"root": root, "kind": "class-index", "title": idx.onto.label(cls) or idx.short(cls),
            "title_en": idx.onto.label(cls, "en"), "class_curie": idx.short(cls),
            "anchor": idx.onto.local_name(cls), "count": len(members),
            "comment": idx.onto.text(cls, RDFS.comment, "en"), "listing": listing}


def _home_view(idx: GraphIndex, views: Views, description: Graph, n_pages: int,
               classes: list) -> dict:
    ds = min(description.subjects(RDF.type, VOID.Dataset), key=len)
    titles = sorted(description.objects(ds, DCTERMS.title), key=lambda t: (t.language != "zh", str(t)))
    docs = idx.instances(BKG.Disclosure)
    root = ""
    documents = views.table("documents", "", "", docs, [
        ("文件", "document", views.self_link(root), False),
        ("文件名", "file", views.lit(BKG.fileName), False),
        ("SHA-256", "", lambda n: {"text": str(idx.value(n, BKG.sha256) or ""), "code": True}, False),
        ("行数", "lines", views.lit(BKG.lineCount), True),
    ], root) or {"id": "documents", "columns": [], "rows": []}
    present = set(classes)
    highlights = [_class_entry(idx, c, "classes/") for c in HIGHLIGHTS if c in present]
    return {
        "root": root, "kind": "home", "title": str(titles[0]) if titles else "budgetkg",
        "other_titles": [str(t) for t in titles[1:]],
        "description": str(description.value(ds, DCTERMS.description) or ""),
        "triples": idx.triple_count, "pages": n_pages,
        "licence": str(description.value(ds, DCTERMS.license) or ""),
        "documents": documents, "highlights": highlights,
        "downloads": [
            {"href": "data.ttl", "name": "data.ttl", "text": "the whole graph as Turtle"},
            {"href": "void.ttl", "name": "void.ttl", "text": "VoID + DCAT description"},
            {"href": "context.jsonld", "name": "context.jsonld",
             "text": "JSON-LD context of the per-resource .jsonld files"},
        ],
    }


# --- the ontology page ---------------------------------------------------------------------------

GROUPS = (
    ("classes", "类", "classes", OWL.Class),
    ("object-properties", "对象属性", "object properties", OWL.ObjectProperty),
    ("datatype-properties", "数据属性", "datatype properties", OWL.DatatypeProperty),
    ("individuals", "个体与概念", "individuals and concepts", OWL.NamedIndividual),
)
AXIOMS = (
    (RDFS.subClassOf, "上位类 subclass of"), (RDFS.subPropertyOf, "上位属性 subproperty of"),
    (RDFS.domain, "定义域 domain"), (RDFS.range, "值域 range"), (SKOS.broader, "上位概念 broader"),
    (SKOS.notation, "代码 notation"), (SKOS.definition, "定义 definition"),
)


def _ontology_view(idx: GraphIndex) -> dict:
    g = idx.onto.g
    onto_iri = next(iter(g.subjects(RDF.type, OWL.Ontology)), URIRef(str(BKG).rstrip("#")))
    views = Views(idx, PathMap([]))
    groups = []
    for gid, zh, en, cls in GROUPS:
        terms = sorted((t for t in g.subjects(RDF.type, cls) if isinstance(t, URIRef)
                        and str(t).startswith(str(BKG))), key=lambda t: str(t).lower())
        groups.append({"id": gid, "title": zh, "title_en": en,
                       "terms": [_term_view(idx, views, t) for t in terms]})

    def text(p, lang):
        return next((str(o) for o in g.objects(onto_iri, p) if getattr(o, "language", None) == lang), None)

    return {
        "root": "", "kind": "ontology", "iri": str(onto_iri),
        "title": text(DCTERMS.title, "zh") or "budgetkg ontology",
        "title_en": text(DCTERMS.title, "en"),
        "descriptions": [{"text": str(o), "lang": o.language} for o in sorted(
            g.objects(onto_iri, DCTERMS.description), key=lambda o: o.language or "")],
        "version": str(g.value(onto_iri, OWL.versionInfo) or ""),
        "licence": str(g.value(onto_iri, DCTERMS.license) or ""),
        "prefix": "bkg", "namespace": str(BKG), "groups": groups,
    }


def _term_view(idx: GraphIndex, views: Views, term) -> dict:
    g = idx.onto.g
    facts = []
    for p, label in AXIOMS:
        values = [views.link(o, "") if not isinstance(o, Literal) else views.literal(o)
                  for o in sorted(g.objects(term, p), key=str) if not _is_bnode(o)]
        if values:
            facts.append({"label": label, "values": values})
    n = len(idx.instances(term)) if (term, RDF.type, OWL.Class) in g else 0
    if n:
        facts.append({"label": "本数据中的实例 instances here", "values": [
            {"text": str(n), "href": f"classes/{class_file(idx, term)}.html"}]})
    comments = sorted(g.objects(term, RDFS.comment), key=lambda c: (c.language != "en", str(c)))
    return {"anchor": idx.onto.local_name(term), "curie": idx.short(term),
            "label": idx.onto.label(term) or idx.short(term), "label_en": idx.onto.label(term, "en"),
            "comments": [{"text": str(c), "lang": c.language} for c in comments], "facts": facts}


def _is_bnode(o) -> bool:

    return isinstance(o, BNode)


__all__ = ["SiteReport", "kind_of", "write_site"]
