"""The mapping measured against the hand-made gold (tests/data/mapping_gold.tsv), and its SSSOM
output accepted by the reference implementation (sssom-py) with every row loaded."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib.namespace import RDF, RDFS, SKOS

from budgetkg.build.mapping import rank_graph, render_sssom
from budgetkg.build.mapping.evaluate import (
    leave_one_out,
    leave_one_unit_out,
    load_gold,
    score_rankings,
)
from budgetkg.build.mapping.graph import documents, read_projects, read_services
from budgetkg.build.mapping.matcher import METHOD_SECTION, SEMANTIC_SUFFIX, Matcher
from budgetkg.build.mapping.overrides import METHOD_CURATED
from budgetkg.build.mapping.sssom import CURATED, LEXICAL, SEMANTIC, justification
from budgetkg.build.mapping.synonyms import bundled_synonyms, load_synonyms, parse_synonyms
from budgetkg.errors import InputError
from budgetkg.vocab import BKG

GOLD = Path(__file__).parent / "data" / "mapping_gold.tsv"


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def ranked(sample_graph):
    doc = documents(sample_graph)[0]
    matcher = Matcher(read_services(sample_graph, doc))
    return matcher, [matcher.rank(p) for p in read_projects(sample_graph, doc)]


def test_the_gold_covers_every_project_with_codes_of_the_own_section(sample_graph, gold):
    names = {str(o) for o in sample_graph.objects(None, BKG.projectName)}
    assert set(gold) == names  # 31 projects, 29 distinct names
    codes = {str(sample_graph.value(i, SKOS.notation))
             for i in sample_graph.subjects(RDF.type, BKG.PurchasableService)
             if str(sample_graph.value(sample_graph.value(i, BKG.inSection), RDFS.label))
             == "行政审批"}
    for row in gold.values():
        assert row.strong | row.plausible <= codes, row.project
        assert not row.strong & row.plausible, row.project


def test_recall_and_precision_on_the_sample(ranked, gold):
    _, rankings = ranked
    s = score_rankings(rankings, gold)
    assert s.strong == 15
    assert s.recall >= 0.9 and s.precision >= 0.9, s


def test_held_out_recall_and_precision(ranked, gold):
    """Thresholds chosen without the projects they are scored on: one project at a time, and
    one implementing unit at a time."""
    matcher, rankings = ranked
    for split in (leave_one_out, leave_one_unit_out):
        s, _ = split(matcher, rankings, gold)
        assert s.recall >= 0.9 and s.precision >= 0.9, (split.__name__, s)


def test_running_cost_projects_are_vetoed(ranked):
    _, rankings = ranked
    vetoed = sorted(r.project.name for r in rankings if r.vetoed)
    assert vetoed == ["工作运行经费"] * 3
    assert all(not r.matches for r in rankings if r.vetoed)


def test_every_mapping_explains_itself(sample_graph):
    maps = list(sample_graph.subjects(RDF.type, BKG.ServiceMapping))
    assert maps
    for m in maps:
        comment = str(sample_graph.value(m, RDFS.comment))
        assert "words " in comment and "head word " in comment and "cosine" in comment
    two = {str(sample_graph.value(m, RDFS.comment)) for m in maps
           if str(sample_graph.value(sample_graph.value(m, BKG.mappedProject), BKG.projectName))
           == "免邮递、免刻章费"}
    assert any("印章免费刻制" in c for c in two) and any("免费邮寄" in c for c in two)


def test_rankings_report_the_evidence_kinds(sample_graph):
    by_name = {r.project.name: r for _, r in rank_graph(sample_graph)}
    r = by_name["电子交易平台运营服务项目（机房后台运行费）"]
    cloud = next(c for c in r.section_candidates if c.service.code == "A150102")
    assert "overview" in cloud.firsts and cloud.head == "资源"  # 虚机 -> 云资源 by synonym


def test_synonyms_expand_both_ways_and_a_user_file_adds_groups(tmp_path):
    syn = bundled_synonyms()
    assert "运行维护" in syn.expand("系统运维费") and "运维" in syn.expand("运行维护费")
    assert "印章刻制" in syn.expand("免刻章费")
    user = tmp_path / "syn.tsv"
    user.write_text("# mine\n档案数字化\t档案扫描\n", encoding="utf-8")
    assert "档案数字化" in load_synonyms(user).expand("档案扫描费")
    with pytest.raises(InputError, match="two or more"):
        parse_synonyms("孤词\n", "s.tsv")
    with pytest.raises(InputError, match="no such synonyms file"):
        load_synonyms(tmp_path / "missing.tsv")


def test_justification_follows_the_method():
    assert justification(METHOD_SECTION) == LEXICAL
    assert justification(METHOD_SECTION + SEMANTIC_SUFFIX) == SEMANTIC
    assert justification(METHOD_CURATED) == CURATED


def test_sssom_py_loads_and_validates_every_row(tmp_path, sample_graph, caplog):
    sssom_parsers = pytest.importorskip("sssom.parsers")
    sssom_validators = pytest.importorskip("sssom.validators")
    out = tmp_path / "m.sssom.tsv"
    out.write_bytes(render_sssom(sample_graph))  # what `budgetkg map` writes (test_mapping.py)
    rows = [ln for ln in out.read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")][1:]
    with caplog.at_level(logging.WARNING):
        msdf = sssom_parsers.parse_sssom_table(str(out))
    assert len(msdf.df) == len(rows) > 0, caplog.text  # a malformed row is dropped with a log
    assert "not well-formed" not in caplog.text
    reports = sssom_validators.validate(msdf, fail_on_error=False)
    assert all(not report.results for report in reports.values()), reports
