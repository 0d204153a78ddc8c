"""Jena ARQ (Debian's libapache-jena-java, installed by `make jena`) answers every canned query
with exactly the rows the embedded Oxigraph store gives. The sample's TriG is loaded into an
in-memory TDB2 dataset queried with the union of its named graphs as the default graph, all the
queries in one JVM (tests/jena/RunQueries.java, run from source by the `java` launcher). No mocks.

Debian's jena-core 4.5.0 ships Jena's bundled Xerces relocated to the package ``xerces`` while
its message resources stay under ``org/apache/jena/ext/xerces``, so ARQ dies initialising
xsd datatypes (an ExceptionInInitializerError from XSSimpleTypeDecl). The fixture copies those
resources to where the classes look for them, in a temporary folder put first on the classpath.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.query import LocalSource, available, prepare, rows
from tests.test_queries_helpers import CASE_IDS, CASES, resolve

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures

JARS = Path("/usr/share/java")
JENA = ("jena-arq", "jena-base", "jena-core", "jena-dboe-base", "jena-dboe-index",
        "jena-dboe-storage", "jena-dboe-trans-data", "jena-dboe-transaction", "jena-iri",
        "jena-tdb2")
DEPENDENCIES = ("commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
                "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpcore",
                "jackson-core", "jackson-databind", "jakarta.json-api", "jsonld-java", "protobuf",
                "thrift", "titanium-json-ld", "slf4j-api", "slf4j-nop")
RUNNER = Path(__file__).parent / "jena" / "RunQueries.java"

pytestmark = pytest.mark.skipif(
    not (shutil.which("java") and (JARS / "jena-arq.jar").exists()),
    reason="Jena ARQ is not installed and could not be (`make jena` installs Debian's "
           "libapache-jena-java; Java is needed too)")


def classpath(fix: Path) -> str:
    jars = [JARS / f"{name}.jar" for name in JENA + DEPENDENCIES]
    return ":".join([str(fix)] + [str(j) for j in jars if j.exists()])


def relocated_resources(folder: Path) -> Path:
    """Xerces' message resources copied from org/apache/jena/ext/xerces/ to xerces/."""
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(JARS / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = folder / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return folder


@pytest.fixture(scope="module")
def jena_results(tmp_path_factory, sample_trig, first_project) -> list[Path]:
    """Each case's query run by ARQ: the SPARQL JSON results files, in the order of CASES."""
    work = tmp_path_factory.mktemp("jena")
    fix = relocated_resources(work / "classes")
    (work / "queries").mkdir()
    (work / "results").mkdir()
    files = []
    for i, (name, params) in enumerate(CASES):
        path = work / "queries" / f"case{i:02d}.rq"
        path.write_text(prepare(available()[name], resolve(params, first_project)), encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(["java", "-cp", classpath(fix), str(RUNNER), str(sample_trig),
                           str(work / "results"), *files],
                          check=False, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-1500:]
    return [work / "results" / f"case{i:02d}.srj" for i in range(len(CASES))]


@pytest.mark.parametrize("name,params", CASES, ids=CASE_IDS)
def test_every_canned_query_gives_the_same_rows_on_jena(jena_results, sample_store, first_project,
                                                        name, params):
    result = jena_results[CASES.index((name, params))]
    error = result.with_suffix(".err")
    assert not error.exists(), error.read_text(encoding="utf-8")
    text = prepare(available()[name], resolve(params, first_project))
    local = rows(LocalSource(sample_store).execute(text))
    jena = rows(ox.parse_query_results(result.read_bytes(), format=ox.QueryResultsFormat.JSON))
    assert jena == local
