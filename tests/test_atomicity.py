"""kill -9 in the middle of ``budgetkg build -o``, ``budgetkg load`` and a corpus build into a
store leaves the previous output file byte for byte, and the previous store opening and
answering queries with its previous rows; a graph being written is there whole or not at all.

Each command runs as a real process over the full sample (a build or load of a few seconds) and
is killed while it writes: at points of a run timed beforehand, or when its first write shows
in the file system."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from budgetkg.cli.app import main
from tests.fuzzing import mini_document

RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "budgetkg", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def timed_run(*args: str) -> float:
    started = time.perf_counter()
    process = start(*args)
    _, err = process.communicate()
    assert process.returncode == 0, err.decode()
    return time.perf_counter() - started


def kill_after(seconds: float, *args: str) -> bool:
    """Run the command and kill -9 it after ``seconds``; True when it was killed while still
    running (False: it had finished)."""
    process = start(*args)
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return True


def kill_when(condition, *args: str, delay: float = 0.0, limit: float = 120) -> bool:
    """Run the command and kill -9 it ``delay`` seconds after ``condition()`` first holds; True
    when it was killed while still running."""
    process = start(*args)
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        if condition():
            time.sleep(delay)
            process.kill()
            process.wait()
            return True
        time.sleep(0.001)  # leave the core to the process watched
    process.kill()
    process.wait()
    return False


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


@pytest.fixture(scope="module")
def graphs(tmp_path_factory, sample_path, sample_text):
    """The sample's graph (big: its load takes seconds), the same graph with one more triple
    (a new version under the same graph name) and a small other document's graph."""
    folder = tmp_path_factory.mktemp("atomic-graphs")
    big = folder / "sample.nt"
    invoke("build", str(sample_path), "-o", str(big))
    doc = next(ln.split(" ")[0] for ln in big.read_text(encoding="utf-8").splitlines()
               if ln.endswith("<https://budgetkg.org/ontology#Disclosure> ."))
    new = folder / "sample-v2.nt"
    new.write_bytes(big.read_bytes() + f'{doc} <{RDFS_COMMENT}> "v2" .\n'.encode())
    mini_text = folder / "mini.txt"
    mini_text.write_text(mini_document(sample_text), encoding="utf-8")
    small = folder / "mini.nt"
    invoke("build", str(mini_text), "-o", str(small))
    return {"big": big, "new": new, "small": small, "small_doc": mini_text,
            "graph": doc.strip("<>"), "triples": len(big.read_bytes().splitlines())}


def graph_sizes(store_path: Path) -> dict[str, int]:
    store = ox.Store.read_only(str(store_path))
    sizes = {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g))
             for g in store.named_graphs()}
    del store
    return sizes


def has_comment(store_path: Path, graph: str) -> bool:
    store = ox.Store.read_only(str(store_path))
    found = next(store.quads_for_pattern(None, ox.NamedNode(RDFS_COMMENT), ox.Literal("v2"),
                                         ox.NamedNode(graph)), None) is not None
    del store
    return found


def rows(store_path: Path) -> str:
    return invoke("query", "projects", "--store", str(store_path), "--format", "csv")


# --- build -o -----------------------------------------------------------------------------------


def test_kill_9_mid_build_leaves_the_old_output(tmp_path, sample_path, graphs):
    out = tmp_path / "out.nt"
    old = b"# the previous graph, which a killed build must leave as it is\n"
    new = graphs["big"].read_bytes()  # the same document's graph
    out.write_bytes(old)

    def writing() -> bool:  # the temporary file has appeared
        return any(p.name.startswith(".out.nt.") for p in tmp_path.iterdir())

    for _ in range(3):
        if kill_when(writing, "build", str(sample_path), "-o", str(out)):
            # killed while writing, or just after the rename (the race is the process's)
            assert out.read_bytes() in (old, new)
            break
        assert out.read_bytes() == new  # it finished first; once more
        out.write_bytes(old)
    else:
        pytest.fail("the build always finished before it could be killed")


# --- load ---------------------------------------------------------------------------------------


def test_kill_9_mid_load_leaves_the_old_store(tmp_path, graphs):
    store = tmp_path / "store"
    invoke("load", str(graphs["small"]), "--store", str(store))
    invoke("load", str(graphs["big"]), "--store", str(store))
    before_sizes, before_rows = graph_sizes(store), rows(store)
    assert before_sizes[graphs["graph"]] == graphs["triples"]

    spare = tmp_path / "spare"
    invoke("load", str(graphs["big"]), "--store", str(spare))
    run = timed_run("load", str(graphs["new"]), "--store", str(spare))
    killed = 0
    for share in (0.55, 0.7, 0.85, 0.95):
        if kill_after(run * share, "load", str(graphs["new"]), "--store", str(store)):
            killed += 1
        sizes = graph_sizes(store)  # the store opens
        new = has_comment(store, graphs["graph"])
        if not new:  # the old version whole ...
            assert sizes == before_sizes, share
            assert rows(store) == before_rows
        else:  # ... or the new one whole, never a mixture
            assert sizes == {**before_sizes, graphs["graph"]: graphs["triples"] + 1}, share
            break
    assert killed, "every load finished before it was killed"


# --- build --store (a corpus) -------------------------------------------------------------------


def first_write_after_quiet(folder: Path, quiet: float = 1.0):
    """A condition that holds at the first change of the files in ``folder`` after they have
    stayed the same for ``quiet`` seconds: a corpus build opens its store when it starts, builds
    for seconds, then writes the document's graph."""
    state = {"listing": None, "since": time.monotonic(), "armed": False}

    def listing():
        return sorted((p.name, p.stat().st_size) for p in folder.iterdir() if p.is_file())

    def changed() -> bool:
        try:
            now = listing()
        except FileNotFoundError:  # a file went while listing
            now = None
        if now != state["listing"]:
            state["listing"], state["since"] = now, time.monotonic()
            return state["armed"]
        if time.monotonic() - state["since"] > quiet:
            state["armed"] = True
        return False

    return changed


def test_kill_9_mid_corpus_build_leaves_whole_graphs(tmp_path, graphs, sample_path):
    store = tmp_path / "store"
    invoke("load", str(graphs["small"]), "--store", str(store))
    before_rows = rows(store)
    small_size = graph_sizes(store)
    args = ("build", str(sample_path), "-j", "1", "--store", str(store))

    # killed while it writes the document's graph (it replaces the graph, then loads it: this
    # lands in the load)
    assert kill_when(first_write_after_quiet(store), *args, delay=0.2)
    sizes = graph_sizes(store)
    assert {g: n for g, n in sizes.items() if g in small_size} == small_size
    assert sizes.get(graphs["graph"], graphs["triples"]) == graphs["triples"]  # absent or whole
    after_rows = rows(store).splitlines()
    assert all(row in after_rows for row in before_rows.splitlines())
    # an interrupted run resumes: the next one completes the store
    subprocess.run([sys.executable, "-m", "budgetkg", *args], check=True, capture_output=True)
    assert graph_sizes(store) == {**small_size, graphs["graph"]: graphs["triples"]}
