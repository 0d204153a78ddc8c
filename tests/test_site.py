"""`budgetkg site`: a page per resource with its label as heading, amounts and links, alternate
Turtle and JSON-LD, index and ontology pages, escaped document text, nothing fetched from the
network, every link resolving, atomic output.

The site is built once, from a copy of the sample whose first project is named
``<script>alert(1)</script>``: document text is untrusted input."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, SKOS

from budgetkg.build.pipeline import build_graph, extract_file
from budgetkg.cli.app import main
from budgetkg.errors import UsageError
from budgetkg.publish.bundle import MARKER
from budgetkg.rdf.write import write_graphs
from budgetkg.site import generate_site
from budgetkg.site.paths import PathMap, iri_path
from budgetkg.vocab import BKG

EVIL = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PAGE_TYPES = [BKG.Department, BKG.SubordinateUnit, BKG.InternalOffice, BKG.Project,
              BKG.PerformanceIndicator, BKG.FunctionCode, BKG.EconomicClass, BKG.ServiceCategory,
              BKG.CatalogueItem, BKG.CatalogueSection, BKG.PurchaseServiceCatalogue,
              BKG.BudgetTable, BKG.BudgetLine, BKG.GlossaryTerm, BKG.Disclosure]


class Page(HTMLParser):
    """What the tests look at in a page: the h1 texts, every href/src, tag names, ids."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.body: dict = {}
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        if tag == "body":
            self.body = a
        if "id" in a:
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.urls.append((tag, name, a[name]))

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


@pytest.fixture(scope="module")
def evil_graph(tmp_path_factory, sample_path, sample_text) -> Graph:
    name = extract_file(sample_path).projects[0].name
    row = f"项目名称\t\t{name}\t"
    assert row in sample_text
    doc = tmp_path_factory.mktemp("evil") / "evil-disclosure.txt"
    doc.write_text(sample_text.replace(row, f"项目名称\t\t{EVIL}\t", 1), encoding="utf-8")
    g = build_graph(doc)
    assert Literal(EVIL, lang="zh") in set(g.objects(None, BKG.projectName))
    return g


@pytest.fixture(scope="module")
def site(tmp_path_factory, evil_graph) -> Path:
    folder = tmp_path_factory.mktemp("site")
    graph_file = folder / "evil.trig"
    write_graphs([evil_graph], graph_file)
    out = folder / "site"
    result = CliRunner().invoke(main, ["site", str(graph_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "resource pages" in result.output
    return out


@pytest.fixture(scope="module")
def pages(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def paths(evil_graph) -> PathMap:
    return PathMap({s for s in evil_graph.subjects() if isinstance(s, URIRef)})


def page_of(site: Path, paths: PathMap, iri) -> Path:
    return site / f"{paths.get(iri)}.html"


def label_of(g: Graph, node) -> str:
    for p in (SKOS.prefLabel, URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
        zh = [o for o in g.objects(node, p) if isinstance(o, Literal) and o.language == "zh"]
        if zh:
            return str(zh[0])
    raise AssertionError(f"{node} has no zh label")


# --- one page per resource -----------------------------------------------------------------------

@pytest.mark.parametrize("cls", PAGE_TYPES, ids=lambda c: str(c).rsplit("#", 1)[-1])
def test_every_resource_of_each_type_has_a_page_and_data_files(site, evil_graph, paths, cls):
    instances = sorted(set(evil_graph.subjects(RDF.type, cls)))
    assert instances, f"the sample has no {cls}"
    for node in instances:
        base = site / paths.get(node)
        for ext in (".html", ".ttl", ".jsonld"):
            assert base.with_name(base.name + ext).is_file(), f"{node}{ext}"


def test_one_page_per_subject(pages, evil_graph):
    subjects = {s for s in evil_graph.subjects() if isinstance(s, URIRef)}
    resource_pages = [p for p in pages if not (p in ("index.html", "ontology.html")
                                               or p.startswith("classes/"))]
    assert len(resource_pages) == len(subjects)


def test_every_page_has_one_h1_and_a_stable_frame(pages):
    for name, text in pages.items():
        page = Page(text)
        assert len(page.h1) == 1 and page.h1[0].strip(), name
        assert page.body.get("data-kind"), name
        assert "content" in page.ids, name


@pytest.mark.parametrize("cls", [BKG.Department, BKG.SubordinateUnit, BKG.Project,
                                 BKG.PerformanceIndicator, BKG.GlossaryTerm, BKG.BudgetTable])
def test_heading_is_the_label(site, evil_graph, paths, cls):
    for node in sorted(set(evil_graph.subjects(RDF.type, cls)))[:25]:
        page = Page(page_of(site, paths, node).read_text(encoding="utf-8"))
        assert page.h1[0].strip() == label_of(evil_graph, node)


@pytest.mark.parametrize("cls", [BKG.FunctionCode, BKG.CatalogueItem])
def test_code_headings_start_with_the_code(site, evil_graph, paths, cls):
    for node in sorted(set(evil_graph.subjects(RDF.type, cls)))[:40]:
        page = Page(page_of(site, paths, node).read_text(encoding="utf-8"))
        notation = str(evil_graph.value(node, SKOS.notation))
        assert page.h1[0].strip().startswith(notation)


def test_project_page_shows_funds_indicators_and_links(site, evil_graph, paths):
    project = next(p for p in evil_graph.subjects(RDF.type, BKG.Project)
                   if len(list(evil_graph.objects(p, BKG.indicator))) > 3)
    text = page_of(site, paths, project).read_text(encoding="utf-8")
    page = Page(text)
    assert {"funds", "indicators", "description", "properties"} <= page.ids
    annual = evil_graph.value(evil_graph.value(project, BKG.annualFunds), BKG.total)
    assert f"{int(annual.toPython()):,}" in text  # 450,000 for 450000.0
    links = {url for tag, _, url in page.urls if tag == "a"}
    root = "../" * paths.get(project).count("/")
    for ind in evil_graph.objects(project, BKG.indicator):
        assert f"{root}{paths.get(ind)}.html" in links
    unit = evil_graph.value(project, BKG.implementingUnit)
    assert f"{root}{paths.get(unit)}.html" in links


def test_table_page_lists_its_rows_with_amounts(site, evil_graph, paths):
    qb = "http://purl.org/linked-data/cube#dataSet"
    table = next(t for t in evil_graph.subjects(RDF.type, BKG.BudgetTable)
                 if len(list(evil_graph.subjects(URIRef(qb), t))) > 5)
    text = page_of(site, paths, table).read_text(encoding="utf-8")
    rows = list(evil_graph.subjects(URIRef(qb), table))
    assert text.count("<tr>") >= len(rows)
    total = next(evil_graph.value(r, BKG.total) for r in rows if evil_graph.value(r, BKG.total))
    assert format(total.toPython(), ",f") in text


def test_code_page_shows_the_amounts_booked_to_it(site, evil_graph, paths):
    code = next(c for c in evil_graph.subjects(RDF.type, BKG.FunctionCode)
                if len(str(evil_graph.value(c, SKOS.notation))) == 7)
    page = Page(page_of(site, paths, code).read_text(encoding="utf-8"))
    assert "amounts" in page.ids
    broader = evil_graph.value(code, SKOS.broader)
    assert any(url.endswith(paths.get(broader) + ".html") for _, _, url in page.urls)


def test_alternate_files_describe_the_resource(site, evil_graph, paths):
    for cls in (BKG.Project, BKG.CatalogueItem, BKG.Department):
        node = min(evil_graph.subjects(RDF.type, cls))
        expected = Graph()
        for p, o in evil_graph.predicate_objects(node):
            expected.add((node, p, o))
        base = site / paths.get(node)
        ttl = Graph().parse(base.with_name(base.name + ".ttl"), format="turtle")
        assert isomorphic(ttl, expected), node
        jsonld = Graph().parse(base.with_name(base.name + ".jsonld"), format="json-ld")
        assert isomorphic(jsonld, expected), node
        page = Page(base.with_name(base.name + ".html").read_text(encoding="utf-8"))
        assert ("link", "href", base.name + ".ttl") in page.urls
        assert ("link", "href", base.name + ".jsonld") in page.urls


# --- index pages and the ontology page -------------------------------------------------------------

def test_home_page_lists_the_documents_and_classes(site, evil_graph, pages):
    home = pages["index.html"]
    sha = str(evil_graph.value(evil_graph.identifier, BKG.sha256))
    assert sha in home
    assert 'href="classes/bkg-Project.html"' in home
    for name in ("data.ttl", "void.ttl", "context.jsonld"):
        assert (site / name).is_file() and f'href="{name}"' in home


def test_class_index_lists_every_instance(site, evil_graph, paths, pages):
    text = pages["classes/bkg-Project.html"]
    for project in evil_graph.subjects(RDF.type, BKG.Project):
        assert f'href="../{paths.get(project)}.html"' in text
    assert "classes/bkg-CatalogueItem.html" in pages
    assert "classes/index.html" in pages


def test_ontology_page_documents_every_term(pages):
    from budgetkg.resources import read_text

    onto = Graph().parse(data=read_text("ontology", "budgetkg.ttl"), format="turtle")
    page = Page(pages["ontology.html"])
    terms = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in onto.subjects(RDF.type, t) if str(s).startswith(str(BKG))}
    assert len(terms) > 100
    missing = sorted(str(t) for t in terms if str(t)[len(str(BKG)):] not in page.ids)
    assert not missing


# --- safety ---------------------------------------------------------------------------------------

def test_script_in_a_document_is_text_in_every_page(site, evil_graph, paths, pages):
    for name, text in pages.items():
        assert "<script>alert(1)" not in text, name
        assert "<script" not in text, name  # the pages carry no scripts at all
    project = next(evil_graph.subjects(BKG.projectName, Literal(EVIL, lang="zh")))
    own = pages[f"{paths.get(project)}.html"]
    assert f"<h1>{ESCAPED}</h1>" in own
    assert Page(own).h1 == [EVIL]
    showing = [n for n, t in pages.items() if ESCAPED in t]
    assert len(showing) >= 4  # its own page, the project index, its unit's and document's pages
    assert "classes/bkg-Project.html" in showing


def test_pages_fetch_nothing_from_the_network(site, pages):
    for name, text in pages.items():
        for tag, attr, url in Page(text).urls:
            assert not re.match(r"^\s*(https?:)?//", url, re.IGNORECASE), (name, tag, url)
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_every_link_resolves(site, pages):
    for name, text in pages.items():
        page = Page(text)
        folder = (site / name).parent
        for tag, attr, url in page.urls:
            path, _, fragment = url.partition("#")
            target = (folder / path).resolve() if path else site / name
            assert target.is_file(), (name, url)
            assert site.resolve() in target.parents or target == site / name, (name, url)
            if fragment and target.suffix == ".html":
                assert f'id="{fragment}"' in (pages.get(target.relative_to(site.resolve()).as_posix())
                                              or text), (name, url)


# --- paths and output folder --------------------------------------------------------------------

@pytest.mark.parametrize("iri, expected", [
    ("https://data.example/project/2024/a1", "project/2024/a1"),
    ("https://data.example/a/../../etc/passwd", "a/~2E~2E/~2E~2E/etc/passwd"),
    ("https://data.example/index", "r/index"),
    ("https://data.example/x.y/z.html", "x~2Ey/z.html"),
    ("https://data.example/doc#frag?", "doc~23frag~3F"),
    ("https://data.example/中文", "~E4~B8~AD~E6~96~87"),
])
def test_page_paths_are_safe(iri, expected):
    assert iri_path(iri) == expected


def test_page_paths_never_collide():
    iris = ["https://a.example/x", "https://b.example/x", "https://a.example/X",
            "https://a.example/x/", "https://a.example/x~2F"]
    paths = PathMap(iris)
    assert len({p.lower() for p in paths.paths.values()}) == len(iris)
    assert all(".." not in p.split("/") for p in paths.paths.values())


def small_graph() -> Graph:
    g = Graph(identifier=URIRef("https://data.example/doc/1"))
    g.add((URIRef("https://data.example/org/1"), RDF.type, BKG.Department))
    g.add((URIRef("https://data.example/org/1"), SKOS.prefLabel, Literal("某局", lang="zh")))
    return g


def test_site_output_is_replaced_atomically_and_foreign_folders_are_refused(tmp_path):
    out = tmp_path / "site"
    report = generate_site([small_graph()], out)
    assert report.resource_pages == 1 and (out / MARKER).is_file()
    (out / "stale.html").write_text("old", encoding="utf-8")
    generate_site([small_graph()], out)
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(UsageError, match="did not write"):
        generate_site([small_graph()], mine)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_a_failure_leaves_no_half_written_site(tmp_path, monkeypatch):
    from budgetkg.site import generator

    def broken(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(generator, "_write_indexes", broken)
    with pytest.raises(RuntimeError, match="template exploded"):
        generate_site([small_graph()], tmp_path / "site")
    assert list(tmp_path.iterdir()) == []
