"""Pydantic models of the two data files: ``data/indicators.yaml`` and ``data/units.yaml``.

The models only describe shape and single-field rules; rules that span records (a unit name that
must resolve, a material reference that must exist) live in :mod:`fzcj.rules`.

Domain words: 一级指标 = :class:`Indicator`, 二级指标 = :class:`Section`, 三级指标（具体工作任务）=
:class:`Task`, 牵头单位 = ``lead_units``, 责任单位 = ``responsible_units``, 完成时限 = ``deadline``,
主要提供资料 = ``materials_cell`` (verbatim) split into :class:`Material` items.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PositiveInt


def _number_to_text(value: Any) -> Any:
    """Accept ``id: 27`` as well as ``id: "27"``: YAML reads bare numbers as int or float."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_number_to_text), Field(min_length=1)]


class Strict(BaseModel):
    """Base model: unknown keys are errors (a typo like ``lead_unit:`` must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class MaterialKind(StrEnum):
    """What a material item is; each kind has a Chinese label used in every output."""

    document = "document"
    url = "url"
    onsite_check = "onsite_check"
    online_check = "online_check"
    commitment = "commitment"
    case_files = "case_files"
    formal_document = "formal_document"
    attestation = "attestation"

    @property
    def label(self) -> str:
        return MATERIAL_KIND_LABELS[self]

    @property
    def is_check(self) -> bool:
        """实地核查 and 网上核查 are prepared for the assessors, not ordinary uploads."""
        return self in (MaterialKind.onsite_check, MaterialKind.online_check)


MATERIAL_KIND_LABELS: dict[MaterialKind, str] = {
    MaterialKind.document: "文件资料",
    MaterialKind.url: "网址",
    MaterialKind.onsite_check: "实地核查",
    MaterialKind.online_check: "网上核查",
    MaterialKind.commitment: "承诺材料",
    MaterialKind.case_files: "案卷及音像记录",
    MaterialKind.formal_document: "正式文件",
    MaterialKind.attestation: "未发生情形说明",
}


class TaskKind(StrEnum):
    """A regular 三级指标, a 加分项 (bonus) or a 否决项 (veto)."""

    regular = "regular"
    bonus = "bonus"
    veto = "veto"

    @property
    def label(self) -> str:
        return {"regular": "指标任务", "bonus": "加分项", "veto": "否决项"}[self.value]


class Material(Strict):
    """One checkable item of a task's 主要提供资料 cell."""

    id: Text = Field(description="任务号.序号，如 27.1")
    text: Text = Field(description="主要提供资料原文中对应本项的片段")
    kind: MaterialKind = Field(default=MaterialKind.document, description="材料类别")
    providers: list[Text] | None = Field(
        default=None, description="提供单位或单位组；省略时为该任务的牵头单位"
    )
    each: bool = Field(
        default=False,
        description="true：每个提供单位都须各自提供；false：任一提供单位提供即可",
    )
    min: PositiveInt | None = Field(default=None, description="至少应提供的文件数（如“任选5个”）")
    max: PositiveInt | None = Field(default=None, description="最多提供的文件数（如“不超过3个”）")


class Task(Strict):
    """One 三级指标（具体工作任务）row of the table."""

    id: Text = Field(description="任务编号：1…100，附加项为 加1、加2、否1、否2")
    aliases: list[Text] = Field(default=[], description="命令行中也可使用的编号，如 B1")
    kind: TaskKind = TaskKind.regular
    text: Text = Field(description="三级指标（具体工作任务）原文")
    lead_units: list[Text] = Field(min_length=1, description="牵头单位（单位名称或简称）")
    responsible_units: list[Text] = Field(default=[], description="责任单位（单位或单位组）")
    deadline: Text = Field(description="完成时限原文，如 7月30日前、6月底前、长期坚持")
    due: dt.date | None = Field(default=None, description="完成时限对应的日期；可由原文推算时可省略")
    materials_cell: str = Field(default="", description="主要提供资料原文（逐字保留）")
    materials: list[Material] = Field(default=[])
    materials_from: Text | None = Field(default=None, description="与另一任务合并提供材料时，填写该任务编号")


class Section(Strict):
    """二级指标."""

    number: PositiveInt
    name: Text
    tasks: list[Task] = Field(min_length=1)


class Indicator(Strict):
    """一级指标 (一 … 十)."""

    id: Text = Field(description="一级指标序号：一、二……")
    name: Text
    sections: list[Section] = Field(min_length=1)


class ReportFonts(Strict):
    """Font names for the Word report (offices may only have 仿宋 instead of 仿宋_GB2312)."""

    title: Text = "方正小标宋简体"
    body: Text = "仿宋_GB2312"
    heading1: Text = "黑体"
    heading2: Text = "楷体_GB2312"
    table: Text = "仿宋_GB2312"
    latin: Text = "Times New Roman"
    page_number: Text = "宋体"


class Imprint(Strict):
    """The 版记 at the end of the weekly report: 抄送 (copied to) and 印发 (printed by) lines."""

    copy_to: list[Text] = Field(
        default=[], description="抄送机关，如 区委办公室、区政府办公室；省略时不印抄送行"
    )
    printed_by: Text | None = Field(default=None, description="印发机关；省略时用落款单位")


class Contact(Strict):
    """Who a unit calls about a 督办通知."""

    name: Text = Field(description="联系人，如 张三")
    phone: Text = Field(description="联系电话，如 0955-7012345")


class ReportConfig(Strict):
    """How the weekly Word report and the 督办通知 are titled, signed and answered."""

    title: Text = "工作进展周报"
    issuer: Text | None = Field(default=None, description="落款单位；省略时用协调办公室名称")
    fonts: ReportFonts = Field(default_factory=ReportFonts)
    imprint: Imprint | None = Field(default=None, description="周报末页的版记（抄送、印发）；省略时不印版记")
    notice_reply_days: Annotated[int, Field(ge=1, le=30)] = Field(
        default=3, description="督办通知中已逾期材料的报送期限：几个工作日内（1–30）"
    )
    contact: Contact | None = Field(default=None, description="督办通知中的联系人和电话；省略时不写")
    submission: Text | None = Field(
        default=None,
        description="督办通知中的报送方式，如 请通过政务外网邮箱报送至 xxx@example.gov.cn；"
        "省略时写按任务编号和单位名称整理文件夹、压缩后报送落款单位",
    )


class ReviewConfig(Strict):
    """Whether the office's review decides what counts (``fzcj review``)."""

    required: bool = Field(
        default=False,
        description="true：材料须经审核通过（或“不涉及”说明经审核认可）才算齐全；false：照常统计，审核结果只作显示",
    )


class Campaign(Strict):
    name: Text = Field(description="创建活动名称")
    district: Text = Field(description="创建地区")
    year: Annotated[int, Field(ge=2000, le=2100)] = Field(description="创建年度：完成时限所在年份")
    coordinating_office: Text = Field(description="牵头协调办公室（单位名称）")
    due_soon_days: Annotated[int, Field(ge=0, le=365)] = Field(
        default=7, description="距完成时限几天内算“临期”（0–365）"
    )
    report: ReportConfig = Field(default_factory=ReportConfig)
    review: ReviewConfig = Field(default_factory=ReviewConfig)


class IndicatorsFile(Strict):
    """``data/indicators.yaml``."""

    campaign: Campaign
    indicators: list[Indicator] = Field(min_length=1)

    def tasks(self) -> list[Task]:
        return [task for ind in self.indicators for sec in ind.sections for task in sec.tasks]


class Unit(Strict):
    """A unit (单位): a department, a town, a court …"""

    name: Text = Field(description="规范名称，如 区司法局")
    aliases: list[Text] = Field(default=[], description="简称和别称，如 司法局、司法")
    type: Text = Field(description="单位类型，如 政府部门、乡镇")
    full_name: Text | None = Field(default=None, description="全称（可选）")


class Group(Strict):
    """A collective name that expands to units, e.g. 各乡镇 or 各行政执法部门."""

    name: Text
    aliases: list[Text] = Field(default=[])
    members: list[Text] = Field(min_length=1, description="成员单位或其他单位组")


class UnitsFile(Strict):
    """``data/units.yaml``."""

    units: list[Unit] = Field(min_length=1)
    groups: list[Group] = Field(default=[])
