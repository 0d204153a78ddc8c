"""Extract stage: sections -> one ``Disclosure`` record. One parser per kind of section."""

from __future__ import annotations

from collections import Counter

from budgetkg.build.extract.catalogue import extract_catalogue
from budgetkg.build.extract.explanations import extract_explanations
from budgetkg.build.extract.final_narrative import FA_READERS
from budgetkg.build.extract.glossary import extract_glossary
from budgetkg.build.extract.narrative import extract_narrative
from budgetkg.build.extract.overview import extract_department, extract_duties, extract_organisation
from budgetkg.build.extract.projects import extract_projects
from budgetkg.build.extract.tables import extract_tables
from budgetkg.build.readers import SourceDocument
from budgetkg.build.records import Disclosure, SectionMark, Span
from budgetkg.build.segment import Section, segment


def extract_document(doc: SourceDocument) -> Disclosure:

    sections = segment(doc)
    path = doc.path
    department = extract_department(sections, path=path)
    projects = extract_projects(sections, path=path)
    department.code = department.code or department_code(department.name, projects)
    tables = extract_tables(sections, path=path)
    final_account = any(t.phase == "executed" for t in tables)
    figures, changes = extract_narrative(sections, path=path,
                                         readers=FA_READERS if final_account else None)
    return Disclosure(
        source_name=doc.name,
        source_sha256=doc.sha256,
        department=department,
        duties=extract_duties(sections),
        organisation=extract_organisation(sections),
        tables=tables,
        figures=figures,
        changes=changes,
        projects=projects,
        catalogue=extract_catalogue(sections, path=path),
        glossary=extract_glossary(sections),
        sections=section_marks(sections),
        line_count=len(doc.lines),
        line_pages={ln.no: ln.page for ln in doc.lines if ln.page},
        explanations=extract_explanations(sections, tables, path=path),
    )


def department_code(name: str, projects) -> str | None:
    """The department's budget code is stated only in its project tables (主管部门及代码)."""
    codes = Counter(p.supervisor_code for p in projects if p.supervisor == name and p.supervisor_code)
    return codes.most_common(1)[0][0] if codes else None


def section_marks(sections: list[Section]) -> list[SectionMark]:
    return [
        SectionMark(s.kind if s.key is None or s.kind != "narrative" else f"narrative-{s.key}",
                    s.title, Span(s.start, s.end))
        for s in sections
        if s.kind not in ("performance", "table")
    ]
