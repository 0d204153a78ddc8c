"""Benchmark: a province's corpus on one machine. Generated documents (benchmarks/generate_corpus.py)
are built in parallel straight into one Oxigraph store, growing it to each size in turn (the
corpus build skips what the store holds), then every canned query is timed on the store; at one
size the same queries run on rdflib's engine over the same quads, rows compared.

Prints, per corpus size: build CPU seconds per document (all processes), build wall time, the
time to bulk-load the whole store's quads into a fresh store, and per query the median ms and
rows, with rdflib's ms and the ratio where measured.

    .venv/bin/python benchmarks/bench_corpus.py [--sizes 1,10,100] [--jobs 2] [--runs 3]
                                                [--rdflib-at 10]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import warnings
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_query import params_for, timed
from generate_corpus import generate

from budgetkg.build.corpus import build_corpus
from budgetkg.query.catalogue import available
from budgetkg.query.params import prepare
from budgetkg.query.results import rows
from budgetkg.query.sources import LocalSource, run_rdflib


def cpu_seconds() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def reload_seconds(store: ox.Store, folder: Path) -> float:
    dump = folder / "dump.nq"
    store.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    fresh = ox.Store(str(folder / f"reload-{time.monotonic_ns()}"))
    started = time.perf_counter()
    fresh.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    fresh.flush()
    return time.perf_counter() - started


def rdflib_dataset(store: ox.Store) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(data=ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode("utf-8"),
             format="nquads")
    return ds


def canonical(rows_: list[tuple]) -> Counter:
    """Rows as a multiset, numbers compared by value (12.30 == 12.3)."""
    def norm(v):
        if isinstance(v, Decimal):
            return ("n", v.normalize())
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return ("n", Decimal(str(v)).normalize())
        return ("v", v)
    return Counter(tuple(norm(v) for v in row) for row in rows_)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rdflib-at", type=int, default=10)
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    warnings.simplefilter("ignore", DeprecationWarning)
    queries = sorted(available().items())
    table: dict[str, dict[int, tuple[float, int]]] = {name: {} for name, _ in queries}
    rd: dict[str, tuple[float, bool]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = generate(folder / "docs", sizes[-1])
        store = ox.Store(str(folder / "store"))
        print(f"{'documents':>9s} {'quads':>10s} {'build CPU/doc s':>16s} {'build wall s':>13s} "
              f"{'reload s':>9s}")
        built = 0
        for n in sizes:
            cpu, wall = cpu_seconds(), time.perf_counter()
            outcomes = build_corpus(docs[:n], store=store, jobs=args.jobs)
            new = sum(o.status == "built" for o in outcomes)
            failed = [o for o in outcomes if o.status == "failed"]
            if failed:
                raise SystemExit(f"build failed: {failed[0].error}")
            cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
            built += new
            print(f"{n:9d} {len(store):10d} {cpu / max(new, 1):16.2f} {wall:13.1f} "
                  f"{reload_seconds(store, folder):9.2f}")
            source = LocalSource(store)
            dataset = rdflib_dataset(store) if n == args.rdflib_at else None
            for name, q in queries:
                text = prepare(q, params_for(name, store))
                secs, (_, body) = timed(lambda text=text, src=source: rows(src.execute(text)), args.runs)
                table[name][n] = (secs, len(body))
                if dataset is not None:
                    rd_secs, (_, other) = timed(lambda text=text, ds=dataset: run_rdflib(ds, text), 1)
                    rd[name] = (rd_secs, canonical(other) == canonical(body))
        print()
        head = f"{'query':28s}" + "".join(f" {f'{n} docs ms':>11s} {'rows':>6s}" for n in sizes)
        head += f" {f'rdflib@{args.rdflib_at} ms':>15s} {'ratio':>7s} same"
        print(head)
        for name, _ in queries:
            line = f"{name:28s}" + "".join(f" {table[name][n][0] * 1000:11.1f} {table[name][n][1]:6d}"
                                          for n in sizes)
            if name in rd:
                rd_secs, same = rd[name]
                ox_secs = table[name][args.rdflib_at][0]
                line += f" {rd_secs * 1000:15.0f} {rd_secs / ox_secs:6.0f}x {'yes' if same else 'NO'}"
            print(line)


if __name__ == "__main__":
    main()
