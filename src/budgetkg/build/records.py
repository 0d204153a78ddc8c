"""Typed records: the contract between the extract stage and the model stage.

Extractors produce these from text and know nothing of RDF; the model stage turns them into
triples and knows nothing of text. Every record carries the 1-based line span it came from so
that provenance survives into the graph. Amounts are ``Decimal`` with an explicit unit string
("万元" in the report tables, "元" in the project tables); never floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

WAN_YUAN = "万元"
YUAN = "元"


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    @classmethod
    def of(cls, *line_numbers: int) -> Span:
        return cls(min(line_numbers), max(line_numbers))


# --- part 1: overview -------------------------------------------------------------------------


@dataclass
class Department:
    name: str
    year: int | None
    code: str | None  # budget code from 主管部门及代码 (e.g. "026"), when a project table states it
    span: Span


@dataclass
class Duty:
    number: int  # the (一)/(十五) ordinal as an int
    text: str
    span: Span


@dataclass
class Organisation:
    """机构设置: the statement as written, the internal offices and the subordinate units."""

    text: str
    offices: list[str]
    units: list[str]
    span: Span


# --- part 2: report tables --------------------------------------------------------------------

# Measure keys used in TableRow.values; the model maps each to one ontology property.
MEASURES = (
    "total",  # 合计 / 金额 / 小计 / 2024年
    "currentYear",  # 当年预算安排 / 本年收入
    "carryOver",  # 上年结转(安排)
    "basic",  # 基本支出
    "project",  # 项目支出
    "personnel",  # 人员经费
    "publicFunds",  # 公用经费
    "generalPublicBudget",  # 一般公共预算
    "governmentFund",  # 政府性基金(预算)
    "stateCapital",  # 国有资本经营预算
    "specialAccount",  # 财政专户管理资金
    "unitFunds",  # 单位资金
    # 部门决算 (final account)
    "finalAccount",  # 决算数
    "initialBudget",  # 年初预算数
    "fullYearBudget",  # 全年预算数
    "openingBalance",  # 年初结转和结余
    "closingBalance",  # 年末结转和结余
    "balanceDistribution",  # 结余分配
    "currentYearIncome",  # 本年收入合计
    "currentYearExpenditure",  # 本年支出合计
    "fiscalAppropriation",  # 财政拨款收入
    "superiorSubsidy",  # 上级补助收入
    "operationIncome",  # 事业收入
    "businessIncome",  # 经营收入
    "affiliateRemittance",  # 附属单位上缴收入
    "otherIncome",  # 其他收入
    "remittedToSuperior",  # 上缴上级支出
    "businessExpenditure",  # 经营支出
    "affiliateSubsidy",  # 对附属单位补助支出
)


@dataclass
class TableRow:
    """One data row of a report table.

    ``label`` is the row's name as written (subject name, economic name, item); ``code`` the
    function subject code when the row has one; ``label2`` the second name column (the
    government economic classification in table 6). ``side`` is "income" or "expenditure" for
    the two-sided tables 1 and 4, else None. ``role`` is "total" for 合计/总计 rows,
    "subtotal" for 小计/本年…合计 rows, else "line".
    """

    label: str
    values: dict[str, Decimal]
    line: int
    code: str | None = None
    label2: str | None = None
    side: str | None = None
    role: str = "line"
    cells: tuple[str, ...] = ()  # every cell as written, kept for tables of no known kind


@dataclass
class ReportTable:
    number: int  # 1..13 in template order
    title: str  # as written, e.g. 2024年预算收支总表
    kind: str  # stable key: budgetOverview, income, expenditure, fiscalOverview, generalBudget, ...
    year: int | None
    department_name: str | None  # 部门名称
    unit: str  # 万元
    stated_empty: bool  # 注：本表无数据
    rows: list[TableRow]
    span: Span
    phase: str = "approved"  # budget phase of its amounts: approved (预算) or executed (决算)


# --- part 3: narrative ------------------------------------------------------------------------


@dataclass
class NarrativeFigure:
    """A number stated in prose. ``key`` names the quantity (see extract.narrative.FIGURE_KEYS);
    ``qualifier`` distinguishes repeated keys (a vehicle type, a project category)."""

    section: str  # the part-3 section it came from: "一".."十二" or "assets"
    key: str
    value: Decimal
    unit: str  # 万元, 元, %, 个, 辆, 平方米, 台（套）
    line: int
    qualifier: str | None = None
    text: str = ""  # the sentence fragment it came from


@dataclass
class ChangeStatement:
    """A stated year-on-year change and the reason given for it (empty reason = none given)."""

    section: str
    subject: str  # what changed: income, expenditure, gpb, threePublic, operating, ...
    direction: str  # increase | decrease | unchanged
    amount: Decimal | None
    percent: Decimal | None
    reason: str
    line: int


# --- 绩效目标表 ---------------------------------------------------------------------------------


@dataclass
class Funds:
    """项目资金 of one half (实施期 or 年度), in 元. None = cell left blank."""

    total: Decimal | None = None
    central: Decimal | None = None
    provincial: Decimal | None = None
    municipal: Decimal | None = None
    selfRaised: Decimal | None = None
    other: Decimal | None = None


@dataclass
class Target:
    """指标值 parsed. Quantitative targets have a number; qualitative ones keep only ``raw``."""

    raw: str
    comparator: str | None = None  # ≥ ≤ > < =
    number: Decimal | None = None
    unit: str | None = None  # the unit before any "/": 万元, %, 次, 元, 天*人 ...
    period: str | None = None  # what follows the "/": 月, 年, 天*人, 场 ...
    qualitative: bool = True


@dataclass
class Indicator:
    half: str  # "implementation" (实施期) | "annual" (年度)
    seq: int  # 1-based order within its half
    level1: str | None  # as written or inferred from level2 via the framework
    level2: str | None
    level3: str | None
    target: Target | None
    line: int
    level1_inferred: bool = False
    level2_inferred: bool = False


@dataclass
class Project:
    seq: int  # order in the document, 1-based
    name: str
    supervisor: str | None  # 主管部门 name
    supervisor_code: str | None  # its code
    unit: str | None  # 实施单位 as written
    attribute: str | None  # 项目属性 as written
    period_years: int | None
    period_raw: str | None
    funds_implementation: Funds
    funds_annual: Funds
    overview: str | None = None  # 项目概况
    basis: str | None = None  # 立项依据
    necessity: str | None = None  # 项目设立必要性
    safeguards: str | None = None  # 保证项目实施的制度、措施
    plan: str | None = None  # 项目实施计划
    goal_implementation: str | None = None  # 总体目标 / 实施期目标
    goal_annual: str | None = None  # 总体目标 / 年度目标
    indicators: list[Indicator] = field(default_factory=list)
    filing_date: datetime | None = None
    filing_raw: str | None = None
    span: Span = Span(0, 0)


# --- purchase-service catalogue ----------------------------------------------------------------


@dataclass
class CatalogueEntry:
    code: str  # A, A15, A1502, A150201
    label: str
    level: int  # 1..4 by the column it was written in
    line: int


@dataclass
class CatalogueSection:
    seq: int
    name: str  # department type, e.g. 行政审批
    line: int
    entries: list[CatalogueEntry]


@dataclass
class Catalogue:
    title: str
    document_number: str | None  # 晋财综〔2023〕43号
    issuer: str | None  # 山西省财政厅
    issued: str | None  # as written, e.g. 2023年8月22日
    sections: list[CatalogueSection]
    span: Span


# --- glossary ----------------------------------------------------------------------------------


@dataclass
class GlossaryTerm:
    number: int
    term: str
    definition: str
    span: Span


@dataclass
class SubjectExplanation:
    """A final account's explanation of one 项级 subject: its 决算数 against its 预算数 and why."""

    subject: str  # as written: 一般公共服务支出（类）财政事务（款）行政运行（项）
    names: tuple[str, str, str]  # (类, 款, 项) names
    code: str | None  # its 7-digit function code, matched through the document's own tables
    budget: Decimal | None  # 年初预算为 … 万元
    final: Decimal | None  # 支出决算为 … 万元
    reason: str | None  # the stated 主要原因, if any
    on_par: bool  # 决算数与预算数基本持平 stated instead of a reason
    line: int


# --- the whole document -------------------------------------------------------------------------


@dataclass
class SectionMark:
    """A heading the segmenter recognised, kept so validation can check required sections."""

    kind: str
    title: str
    span: Span


@dataclass
class Disclosure:
    source_name: str
    source_sha256: str
    department: Department
    duties: list[Duty]
    organisation: Organisation | None
    tables: list[ReportTable]
    figures: list[NarrativeFigure]
    changes: list[ChangeStatement]
    projects: list[Project]
    catalogue: Catalogue | None
    glossary: list[GlossaryTerm]
    sections: list[SectionMark]
    line_count: int
    line_pages: dict[int, int] = field(default_factory=dict)  # line -> PDF page (PDF input)
    explanations: list[SubjectExplanation] = field(default_factory=list)  # 部门决算 narrative
