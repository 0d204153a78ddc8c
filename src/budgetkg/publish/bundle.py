"""``publish-bundle``: the data, ontology, shapes, queries, JSON-LD context and a VoID/DCAT
description, written together into one folder a publisher can put on a web server as is.

Layout::

    README.md             what is where, generated from the description
    void.ttl, void.jsonld the VoID + DCAT description (relative download URLs)
    context.jsonld        the JSON-LD context of data/graph.jsonld
    data/graph.{ttl,trig,nt,nq,jsonld}
    ontology/budgetkg.ttl
    shapes/*.ttl          queries/*.rq
    SHA256SUMS            sha256sum -c compatible, every file but itself

Output folders (bundle and site) are built in a temporary folder beside the target and moved
into place only when complete, so a failure never leaves a half-written folder. An existing
target is replaced only when it is empty or an earlier output of the same command (it carries a
``.budgetkg-output`` marker); anything else is refused rather than deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from budgetkg import __version__
from budgetkg.errors import UsageError
from budgetkg.publish.describe import DEFAULT_LICENCE, VOID, Distribution, check_licence, describe
from budgetkg.rdf.formats import FORMATS
from budgetkg.rdf.jsonld import to_jsonld
from budgetkg.rdf.turtle import turtle
from budgetkg.rdf.write import render
from budgetkg.resources import list_names, read_text

MARKER = ".budgetkg-output"
DATA_FORMATS = {f.key: f.name for f in FORMATS}  # --format key -> format name


@dataclass
class BundleReport:
    path: Path
    files: list[str] = field(default_factory=list)
    triples: int = 0
    graphs: int = 0


# --- staged output folders -------------------------------------------------------------------

def check_target(target: Path, kind: str) -> None:
    """Refuse a target that is a file, or a non-empty folder that is not our own output."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"-o {str(target)!r} is a file; give a folder")
    if target.is_dir() and any(target.iterdir()):
        marker = target / MARKER
        found = _marker_kind(marker)
        if found is None:
            raise UsageError(f"-o {str(target)!r} is a non-empty folder that budgetkg did not write; "
                             "choose a new or empty folder")
        if found != kind:
            raise UsageError(f"-o {str(target)!r} holds a budgetkg {found} output, not a {kind}; "
                             "choose another folder")


def _marker_kind(marker: Path) -> str | None:
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("kind")
    except (OSError, ValueError, AttributeError):
        return None


@contextmanager
def staged_directory(target: str | Path, kind: str) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``target``; on success it replaces ``target``,
    on any failure it is removed and ``target`` is left as it was."""
    target = Path(target)
    check_target(target, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        yield tmp
        (tmp / MARKER).write_text(json.dumps({"kind": kind, "version": __version__}) + "\n",
                                  encoding="utf-8")
        _swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap(tmp: Path, target: Path) -> None:
    if not target.exists():
        os.rename(tmp, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    old.rmdir()
    os.rename(target, old)
    try:
        os.rename(tmp, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


# --- the bundle ------------------------------------------------------------------------------

def publish_bundle(graphs: list[Graph], out_dir: str | Path, *, formats: tuple[str, ...] = tuple(DATA_FORMATS),
                   licence: str = DEFAULT_LICENCE, title: str | None = None,
                   base: str | None = None, progress=None) -> BundleReport:
    """Write the bundle for ``graphs`` into ``out_dir`` (see the module docstring).

    ``progress``, if given, is called with the name of each file as it is written."""
    check_licence(licence)
    unknown = sorted(set(formats) - set(DATA_FORMATS))
    if unknown or not formats:
        raise UsageError(f"--format {','.join(unknown) or '(none)'}: choose from {', '.join(DATA_FORMATS)}")
    report = BundleReport(Path(out_dir), graphs=len(graphs))
    with staged_directory(out_dir, "publish-bundle") as tmp:
        dists = []
        for ext in [e for e in DATA_FORMATS if e in formats]:
            rel = f"data/graph.{ext}"
            _tick(progress, rel)
            _write(tmp / rel, render(graphs, DATA_FORMATS[ext]))
            dists.append(Distribution.of_file(tmp / rel, rel, DATA_FORMATS[ext]))
        _tick(progress, "ontology, shapes, queries")
        _copy_resources(tmp)
        _tick(progress, "void.ttl")
        description = describe(graphs, distributions=dists, licence=licence, title=title, base=base)
        _write(tmp / "void.ttl", turtle(description, header=_void_header()).encode("utf-8"))
        _write(tmp / "void.jsonld", to_jsonld([description]))
        _write(tmp / "README.md", readme(description, dists).encode("utf-8"))
        report.files = _write_checksums(tmp)
        report.triples = len({t for g in graphs for t in g})
    return report


def _tick(progress, name: str) -> None:
    if progress is not None:
        progress(name)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _copy_resources(tmp: Path) -> None:
    _write(tmp / "context.jsonld", read_text("ontology", "context.jsonld").encode("utf-8"))
    for kind, suffix in (("ontology", ".ttl"), ("shapes", ".ttl"), ("queries", ".rq")):
        (tmp / kind).mkdir(exist_ok=True)
        for name in list_names(kind, suffix):
            _write(tmp / kind / name, read_text(kind, name).encode("utf-8"))


def _write_checksums(tmp: Path) -> list[str]:
    files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
    lines = [f"{hashlib.sha256((tmp / f).read_bytes()).hexdigest()}  {f}" for f in files]
    _write(tmp / "SHA256SUMS", ("\n".join(lines) + "\n").encode("utf-8"))
    return files + ["SHA256SUMS"]


def _void_header() -> str:
    return (f"VoID and DCAT description of a budgetkg dataset (budgetkg {__version__}).\n"
            "Download URLs are relative to this file.")


def readme(description: Graph, dists: list[Distribution]) -> str:
    """A short README for people who open the folder before the RDF."""


    ds = next(iter(sorted(description.subjects(RDF.type, VOID.Dataset), key=len)))
    titles = [str(t) for t in sorted(description.objects(ds, DCTERMS.title),
                                      key=lambda t: (t.language not in (None, "zh"), str(t)))]
    triples = description.value(ds, VOID.triples)
    licence = description.value(ds, DCTERMS.license)
    lines = [f"# {titles[0] if titles else 'budgetkg dataset'}", ""]
    lines += [f"- {t}" for t in titles[1:]]
    lines += ["", f"{triples} triples. Licence: <{licence}>. Written by budgetkg {__version__}.", "",
              "| file | format | bytes | sha256 |", "|---|---|---|---|"]
    lines += [f"| {d.path} | {d.fmt} | {d.byte_size} | `{d.sha256}` |" for d in dists]
    lines += ["", ("Also here: `void.ttl` / `void.jsonld` (VoID + DCAT description), "
                   "`context.jsonld` (the JSON-LD context), `ontology/` (OWL), `shapes/` (SHACL), "
                   "`queries/` (canned SPARQL), `SHA256SUMS` (check with `sha256sum -c SHA256SUMS`)."),
              ""]
    return "\n".join(lines)
