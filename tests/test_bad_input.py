"""Bad input gets one clear line naming the file (and line), exit code 2, and no output file;
other encodings and line endings give exactly the same graph as the UTF-8 original."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.cli.app import main


def run(args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_clean_failure(result, out: Path, *needles: str):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    message = result.output.strip().splitlines()
    assert len(message) == 1, message
    for needle in needles:
        assert needle in message[0]
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith("." + out.name)]


def test_empty_file(tmp_path):
    doc = tmp_path / "empty.txt"
    doc.write_bytes(b"")
    out = tmp_path / "out.ttl"
    assert_clean_failure(run(["build", doc, "-o", out]), out, "empty.txt", "empty")


def test_binary_file(tmp_path):
    doc = tmp_path / "scan.txt"
    doc.write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff\xfe binary junk" * 50)
    out = tmp_path / "out.ttl"
    assert_clean_failure(run(["build", doc, "-o", out]), out, "scan.txt", "binary")


def test_undecodable_file(tmp_path):
    doc = tmp_path / "latin.txt"
    doc.write_bytes("预算".encode() + b"\n\x81\x30\xff\xff\n")
    out = tmp_path / "out.ttl"
    assert_clean_failure(run(["build", doc, "-o", out]), out, "latin.txt")


def test_truncated_inside_table(tmp_path, sample_text):
    lines = sample_text.split("\n")
    cut = next(i for i, ln in enumerate(lines) if ln.startswith("2010306\t"))
    doc = tmp_path / "cut.txt"
    doc.write_text("\n".join(lines[: cut + 1]), encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = run(["build", doc, "-o", out])
    assert_clean_failure(result, out, "cut.txt", f":{cut + 1}:", "truncated")


def test_malformed_number_names_line(tmp_path, sample_text):
    lines = sample_text.split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.startswith("2010350\t"))
    lines[i] = lines[i].replace("243.94", "243.9.4", 1)
    doc = tmp_path / "typo.txt"
    doc.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out.ttl"
    assert_clean_failure(run(["build", doc, "-o", out]), out, "typo.txt", f":{i + 1}:", "243.9.4")


def test_missing_file(tmp_path):
    out = tmp_path / "out.ttl"
    assert_clean_failure(run(["build", tmp_path / "nope.txt", "-o", out]), out, "nope.txt")


def test_unknown_output_extension(tmp_path, sample_path):
    out = tmp_path / "out.xyz"
    assert_clean_failure(run(["build", sample_path, "-o", out]), out, ".xyz", ".ttl")


def test_not_a_disclosure(tmp_path):
    doc = tmp_path / "poem.txt"
    doc.write_text("床前明月光\n疑是地上霜\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    assert_clean_failure(run(["build", doc, "-o", out]), out, "poem.txt")


@pytest.mark.parametrize("variant", ["gb18030", "crlf", "gb18030+crlf", "bom"])
def test_encodings_and_line_endings_give_the_same_graph(tmp_path, sample_text, variant):
    original = tmp_path / "a" / "disclosure.txt"
    other = tmp_path / "b" / "disclosure.txt"
    original.parent.mkdir()
    other.parent.mkdir()
    original.write_text(sample_text, encoding="utf-8")
    text = sample_text.replace("\n", "\r\n") if "crlf" in variant else sample_text
    if "gb18030" in variant:
        other.write_bytes(text.encode("gb18030"))
    elif variant == "bom":
        other.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    else:
        other.write_bytes(text.encode("utf-8"))
    for doc in (original, other):
        result = run(["build", doc, "-o", doc.with_suffix(".ttl")])
        assert result.exit_code == 0, result.output
    assert original.with_suffix(".ttl").read_bytes() == other.with_suffix(".ttl").read_bytes()
