"""Fuzzing budgetkg: seeded mutants of a disclosure and of its graph, run through the command line
in-process, each outcome put in one class.

Classes: ``success`` (build wrote its graph; validate printed a report, exit 0 or 1), ``clean``
(exit 2 with one line ``budgetkg: error: ...`` naming the input file) and anything else, a
``failure``: a traceback, another exit code, several lines, a message that does not say which file,
or no answer within the per-case CPU-time limit. Used by tests/test_fuzz.py (a small sample on every
run) and benchmarks/fuzz.py (a long run)."""

from __future__ import annotations

import random
import re
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from budgetkg.cli.app import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample-disclosure.txt"

SUCCESS, CLEAN, FAILURE = "success", "clean", "failure"


# --- the base document ------------------------------------------------------------------------


def mini_document(text: str) -> str:
    """A small but complete disclosure cut from the sample, so one build takes a tenth of a
    second: cover, overview, every report table, the first two project tables, the assets,
    the catalogue's notice with its first section, and the glossary."""
    lines = text.split("\n")
    projects = [i for i, ln in enumerate(lines) if ln.startswith("项目名称\t") and "\t\t" in ln]
    assets = next(i for i, ln in enumerate(lines) if ln.startswith("## ") and "国有资产" in ln)
    header = next(i for i, ln in enumerate(lines) if ln.startswith("代码\t一级目录"))
    sections = [i for i in range(header + 1, len(lines))
                if lines[i][:1] and not lines[i][:1].isascii() and "\t\t\t" in lines[i]]
    trailer = max(i for i, ln in enumerate(lines) if ln.strip() == "---" and i < len(lines) - 5)
    trailer = max(i for i, ln in enumerate(lines[:trailer]) if ln.strip() == "---")
    return "\n".join(lines[:projects[2]] + lines[assets:sections[1]] + lines[trailer:])


# --- document mutations: (rng, bytes) -> bytes ------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _pick(rng: random.Random, lines: list[bytes], pattern: bytes | None = None) -> int:
    candidates = [i for i, ln in enumerate(lines) if pattern is None or re.search(pattern, ln)]
    return rng.choice(candidates) if candidates else rng.randrange(len(lines))


def delete_lines(rng, data):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    del lines[i:i + rng.choice([1, 1, 2, 3, 10])]
    return b"\n".join(lines)


def swap_lines(rng, data):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    j = min(len(lines) - 1, i + rng.choice([1, 2, 5])) if rng.random() < 0.7 \
        else rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def duplicate_lines(rng, data):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    n = rng.choice([1, 1, 3, 20])
    return b"\n".join(lines[:i + n] + lines[i:i + n] + lines[i + n:])


def truncate(rng, data):
    """Cut anywhere, often inside a multi-byte character."""
    return data[:rng.randrange(len(data))]


def insert_bytes(rng, data):
    at = rng.randrange(len(data))
    junk = rng.choice([bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randint(1, 4))),
                       b"\x00", b"\xef\xbb\xbf", b"\r", b"\x1a", b"\xff\xfe", b"\x0c"])
    return data[:at] + junk + data[at:]


GARBAGE_NUMBERS = ["1e999999999", "9" * 5000, "-", "1,2,3", "NaN", "１２３", "12.3.4", "-0",
                   "0.000000001", "1,000,000,000,000,000.00", "--5", ".", "١٢٣", "Infinity"]


def garbage_number(rng, data):
    lines = _lines(data)
    i = _pick(rng, lines, rb"\d")
    numbers = list(re.finditer(rb"\d+(?:\.\d+)?", lines[i]))
    m = rng.choice(numbers) if numbers else None
    new = rng.choice(GARBAGE_NUMBERS).encode()
    lines[i] = lines[i][:m.start()] + new + lines[i][m.end():] if m else lines[i] + new
    return b"\n".join(lines)


def garbage_year(rng, data):
    year = rng.choice([b"0000", b"99999", "二〇二四".encode(), b"20 24", b"9" * 5000, b"1",
                       b"2023"])
    if rng.random() < 0.5:
        return data.replace(b"2024", year)
    at = [m.start() for m in re.finditer(b"2024", data)] or [0]
    i = rng.choice(at)
    return data[:i] + year + data[i + 4:]


def tab_games(rng, data):
    lines = _lines(data)
    i = _pick(rng, lines, rb"\t")
    lines[i] = rng.choice([
        lambda s: s.replace(b"\t", b" "),
        lambda s: s.replace(b"\t", b"\t\t"),
        lambda s: s.replace(b"\t", b"", 1),
        lambda s: s.replace(b"\t", "\u3000".encode()),
        lambda s: b"\t" + s,
        lambda s: s + b"\t" * 50,
        lambda s: s.replace(b"\t", b"    "),
    ])(lines[i])
    return b"\n".join(lines)


def reencode(rng, data):
    text = data.decode("utf-8", errors="replace")
    return rng.choice([
        lambda: text.encode("gb18030"),
        lambda: text.encode("utf-16"),
        lambda: text.encode("utf-8-sig"),
        lambda: text.encode("big5", errors="replace"),
        lambda: text.encode("utf-8").decode("latin-1").encode("utf-8"),
        lambda: text.replace("\n", "\r\n").encode("utf-8"),
        lambda: text.replace("\n", "\r").encode("utf-8"),
        lambda: text.encode("gb18030")[: len(data) // 2] + text.encode("utf-8")[len(data) // 2:],
    ])()


def long_line(rng, data, max_chars: int = 200_000):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    n = rng.choice([5_000, 50_000, max_chars])
    piece = rng.choice(["项", "9", "\t", "行政审批", "a1", "（"]).encode()
    lines.insert(i, (piece * (n // len(piece.decode()) or 1)))
    return b"\n".join(lines)


def long_section_name(rng, data):
    """A catalogue section name thousands of characters long (cubic matching before)."""
    lines = _lines(data)
    header = next((i for i, ln in enumerate(lines) if ln.startswith("代码\t一级目录".encode())), 0)
    lines[min(header + 1, len(lines) - 1)] = ("行政审批" * rng.choice([250, 750])).encode() + b"\t\t\t\t"
    return b"\n".join(lines)


def degenerate(rng, data):
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    return rng.choice([
        lambda: b"",
        lambda: b"\xef\xbb\xbf",
        lambda: b"\n\n\n   \t\n",
        lambda: lines[min(2, len(lines) - 1)].encode(),
        lambda: "\n".join(ln for ln in lines if ln.startswith("#")).encode(),
        lambda: (lines[min(2, len(lines) - 1)] + "\n").encode() * 1000,
        lambda: bytes(rng.randrange(256) for _ in range(4096)),
        lambda: "\n".join(lines[: len(lines) // 3]).encode(),
        lambda: "\n".join(ln for ln in lines if "\t" in ln).encode(),
        lambda: "\n".join(ln for ln in lines if "\t" not in ln).encode(),
        lambda: "\x00".join(lines).encode(),
    ])()


DOCUMENT_MUTATIONS: dict[str, Callable] = {
    f.__name__: f for f in (delete_lines, swap_lines, duplicate_lines, truncate, insert_bytes,
                            garbage_number, garbage_year, tab_games, reencode, long_line,
                            long_section_name, degenerate)}


def document_mutant(rng: random.Random, base: bytes) -> tuple[str, bytes]:
    """One mutant: one to three mutations of one kind (so the class counts say which kind)."""
    name = rng.choice(sorted(DOCUMENT_MUTATIONS))
    data = base
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        data = DOCUMENT_MUTATIONS[name](rng, data) if data else data
    return name, data


# --- graph mutations: (rng, N-Triples lines) -> lines -----------------------------------------

LITERAL = re.compile(r'^(<[^>]*>|_:\S+) (<[^>]*>) "((?:[^"\\]|\\.)*)"(\^\^<([^>]*)>|@[\w-]+)? \.$')
XSD = "http://www.w3.org/2001/XMLSchema#"
BAD_LEXICALS = ["x", "1.5", "abc", "", "9" * 5000, "-1", "0", "1e5", " 3 ", "NaN", "2024-13-45",
                "true", "3.000000000000000000001"]
DATATYPES = ["integer", "decimal", "string", "date", "dateTime", "boolean", "double", "gYear"]


def _literal_lines(lines: list[str]) -> list[int]:
    return [i for i, ln in enumerate(lines) if LITERAL.match(ln)]


def ill_typed(rng, lines):
    typed = [i for i in _literal_lines(lines) if "^^<" in lines[i]]
    i = rng.choice(typed)
    m = LITERAL.match(lines[i])
    lexical = rng.choice(BAD_LEXICALS)
    lines[i] = f'{m.group(1)} {m.group(2)} "{lexical}"^^<{m.group(5)}> .'
    return lines


def retype(rng, lines):
    i = rng.choice(_literal_lines(lines))
    m = LITERAL.match(lines[i])
    suffix = rng.choice([f"^^<{XSD}{rng.choice(DATATYPES)}>", "", "@zh", "@en"])
    lines[i] = f'{m.group(1)} {m.group(2)} "{m.group(3)}"{suffix} .'
    return lines


def provenance(rng, lines):
    """Start and end lines: wrong type, reversed, zero, huge, missing."""
    spans = [i for i, ln in enumerate(lines) if "ontology#startLine>" in ln
             or "ontology#endLine>" in ln]
    i = rng.choice(spans)
    m = LITERAL.match(lines[i])
    value = rng.choice(['"x"', f'"{rng.choice(BAD_LEXICALS)}"^^<{XSD}integer>',
                        f'"abc"^^<{XSD}decimal>', f'"1.5"^^<{XSD}integer>', f'"0"^^<{XSD}integer>',
                        f'"{"9" * 30}"^^<{XSD}integer>', f'"-3"^^<{XSD}integer>', "<urn:x>"])
    if rng.random() < 0.3:
        lines.append(f"{m.group(1)} {m.group(2)} {value} .")
    else:
        lines[i] = f"{m.group(1)} {m.group(2)} {value} ."
    return lines


def remove_triples(rng, lines):
    for _ in range(rng.choice([1, 5, 50, 500])):
        if lines:
            lines.pop(rng.randrange(len(lines)))
    return lines


def remove_predicate(rng, lines):
    predicate = rng.choice(lines).split(" ")[1]
    return [ln for ln in lines if ln.split(" ")[1:2] != [predicate]]


def swap_objects(rng, lines):
    """One triple's object replaced by another's: an IRI where a literal was, or the reverse."""
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    subject, predicate, _ = lines[i].split(" ", 2)
    lines[i] = f"{subject} {predicate} {lines[j].split(' ', 2)[2]}"
    return lines


def truncate_graph(rng, lines):
    text = "\n".join(lines)
    return text[:rng.randrange(len(text))].split("\n")


GRAPH_MUTATIONS: dict[str, Callable] = {
    f.__name__: f for f in (ill_typed, retype, provenance, remove_triples, remove_predicate,
                            swap_objects, truncate_graph)}


def graph_mutant(rng: random.Random, base: list[str]) -> tuple[str, str]:
    name = rng.choice(sorted(GRAPH_MUTATIONS))
    lines = list(base)
    for _ in range(rng.choice([1, 1, 2, 3])):
        if lines:
            lines = GRAPH_MUTATIONS[name](rng, lines)
    return name, "\n".join(lines) + "\n"


# --- running and classifying ------------------------------------------------------------------


class CaseTimeout(BaseException):
    """Raised by the CPU timer; a BaseException so that the CLI runner does not swallow it."""


@dataclass
class Outcome:
    kind: str          # the mutation
    verdict: str       # SUCCESS, CLEAN or FAILURE
    detail: str        # the error line, or why it is a failure


def classify(result, path: Path, ok_codes: tuple[int, ...]) -> tuple[str, str]:
    ended = result.exception is None or isinstance(result.exception, SystemExit)
    if ended and result.exit_code in ok_codes:
        return SUCCESS, ""
    if ended and result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("budgetkg: error: "):
            return FAILURE, "exit 2 but not one error line: " + result.stderr[-300:]
        if path.name not in lines[0]:
            return FAILURE, "the error does not name the file: " + lines[0][:300]
        return CLEAN, lines[0][:300]
    exc = result.exception
    where = ""
    if exc is not None and exc.__traceback__ is not None:
        tb = exc.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
    return FAILURE, f"exit {result.exit_code}: {type(exc).__name__}: {str(exc)[:200]}{where}"


def run_case(args: list[str], path: Path, ok_codes: tuple[int, ...],
             timeout: int = 30) -> tuple[str, str]:
    def alarm(signum, frame):
        raise CaseTimeout()

    # CPU time, not wall time: on a machine shared with other work a case may wait for a core
    previous = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, timeout)
    try:
        result = CliRunner().invoke(main, args)
    except CaseTimeout:
        return FAILURE, f"no answer within {timeout} s of CPU time"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    return classify(result, path, ok_codes)


def build_case(tmp: Path, n: int, data: bytes, timeout: int = 30) -> tuple[str, str]:
    doc = tmp / f"mutant-{n}.txt"
    doc.write_bytes(data)
    out = tmp / f"mutant-{n}.ttl"
    try:
        verdict = run_case(["build", str(doc), "-o", str(out)], doc, (0,), timeout)
        if verdict[0] == SUCCESS and not out.is_file():
            return FAILURE, "exit 0 but no graph written"
        return verdict
    finally:
        doc.unlink(missing_ok=True)
        out.unlink(missing_ok=True)


def validate_case(tmp: Path, n: int, text: str, timeout: int = 30) -> tuple[str, str]:
    graph = tmp / f"mutant-{n}.nt"
    graph.write_text(text, encoding="utf-8")
    try:
        return run_case(["validate", str(graph), "--format", "json"], graph, (0, 1), timeout)
    finally:
        graph.unlink(missing_ok=True)


def base_graph_lines(tmp: Path, document: str) -> list[str]:
    """The mini document's graph as sorted N-Triples lines."""
    doc, out = tmp / "base.txt", tmp / "base.nt"
    doc.write_text(document, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(doc), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return sorted(ln for ln in out.read_text(encoding="utf-8").split("\n") if ln.strip())
