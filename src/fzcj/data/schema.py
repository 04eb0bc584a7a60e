"""JSON Schema of the data files, for editors with a YAML language server."""

from __future__ import annotations

import json
import re

from pydantic import BaseModel

from fzcj.data.model import IndicatorsFile, UnitsFile

MODELS: dict[str, type[BaseModel]] = {"indicators": IndicatorsFile, "units": UnitsFile}


# What editors show for each part of the files: for the people who edit them, in Chinese (the models'
# docstrings are written for developers).
DESCRIPTIONS = {
    "IndicatorsFile": "任务分解表：创建活动设置和全部一级指标、二级指标、任务",
    "UnitsFile": "单位名录：单位、简称、乡镇和单位组",
    "Campaign": "创建活动：名称、地区、年度、协调办公室、临期天数、周报设置、材料审核设置",
    "Indicator": "一级指标（一、二……十）",
    "Section": "二级指标",
    "Task": "三级指标（具体工作任务）",
    "Material": "主要提供资料中可单独核对的一项材料",
    "MaterialKind": "材料类别：document 文件资料、url 网址、onsite_check 实地核查、online_check 网上核查、"
    "commitment 承诺材料、case_files 案卷及音像记录、formal_document 正式文件、attestation 未发生情形说明",
    "TaskKind": "任务类别：regular 指标任务、bonus 加分项、veto 否决项",
    "ReportConfig": "周报和督办通知设置：标题、落款单位、字体、版记、报送期限、联系人、报送方式",
    "Imprint": "版记：抄送机关和印发机关（印发日期为统计日期）",
    "Contact": "督办通知的联系人和联系电话",
    "ReviewConfig": "材料审核设置：required 为 true 时，材料须经 fzcj review accept 审核通过才算齐全",
    "ReportFonts": "周报字体（单位电脑没有仿宋_GB2312 等字体时可改为仿宋等）",
    "Unit": "单位",
    "Group": "单位组：展开为其成员单位（成员也可以是单位组）",
}


# The titles editors show for each part and each key (pydantic would title them "Lead Units" …).
TITLES = {
    "IndicatorsFile": "任务分解表",
    "UnitsFile": "单位名录",
    "Campaign": "创建活动",
    "Indicator": "一级指标",
    "Section": "二级指标",
    "Task": "三级指标（具体工作任务）",
    "Material": "材料",
    "MaterialKind": "材料类别",
    "TaskKind": "任务类别",
    "ReportConfig": "周报设置",
    "ReportFonts": "周报字体",
    "Imprint": "版记",
    "Contact": "联系人",
    "ReviewConfig": "材料审核设置",
    "Unit": "单位",
    "Group": "单位组",
}
FIELD_TITLES: dict[str, dict[str, str]] = {
    "IndicatorsFile": {"campaign": "创建活动", "indicators": "一级指标"},
    "UnitsFile": {"units": "单位", "groups": "单位组"},
    "Campaign": {
        "name": "创建活动名称",
        "district": "创建地区",
        "year": "创建年度",
        "coordinating_office": "牵头协调办公室",
        "due_soon_days": "临期天数",
        "report": "周报设置",
        "review": "材料审核设置",
    },
    "Indicator": {"id": "一级指标序号", "name": "一级指标名称", "sections": "二级指标"},
    "Section": {"number": "二级指标序号", "name": "二级指标名称", "tasks": "三级指标（具体工作任务）"},
    "Task": {
        "id": "任务编号",
        "aliases": "别称编号",
        "kind": "任务类别",
        "text": "任务原文",
        "lead_units": "牵头单位",
        "responsible_units": "责任单位",
        "deadline": "完成时限原文",
        "due": "完成时限日期",
        "materials_cell": "主要提供资料原文",
        "materials": "材料",
        "materials_from": "合并提供材料的任务",
    },
    "Material": {
        "id": "材料编号",
        "text": "材料原文片段",
        "kind": "材料类别",
        "providers": "提供单位",
        "each": "各单位分别提供",
        "min": "至少文件数",
        "max": "最多文件数",
    },
    "ReportConfig": {
        "title": "周报标题",
        "issuer": "落款单位",
        "fonts": "周报字体",
        "imprint": "版记",
        "notice_reply_days": "督办通知回复期限（工作日）",
        "contact": "联系人",
        "submission": "报送方式",
    },
    "Imprint": {"copy_to": "抄送", "printed_by": "印发机关"},
    "Contact": {"name": "联系人", "phone": "联系电话"},
    "ReviewConfig": {"required": "须经审核通过才算齐全"},
    "ReportFonts": {
        "title": "标题字体",
        "body": "正文字体",
        "heading1": "一级标题字体",
        "heading2": "二级标题字体",
        "table": "表格字体",
        "latin": "西文字体",
        "page_number": "页码字体",
    },
    "Unit": {"name": "规范名称", "aliases": "简称和别称", "type": "单位类型", "full_name": "全称"},
    "Group": {"name": "单位组名称", "aliases": "简称和别称", "members": "成员"},
}


def _chinese(part: dict[str, object], model: str) -> None:
    """Give ``part`` (the schema of ``model``) and its keys Chinese titles and a Chinese description."""
    part["title"] = TITLES.get(model, model)
    part["description"] = DESCRIPTIONS.get(model, part.get("description", ""))
    properties = part.get("properties", {})
    assert isinstance(properties, dict)
    for key, prop in properties.items():
        title = FIELD_TITLES.get(model, {}).get(key)
        if title is None:  # a key added later: the start of its description (a test asks for a title)
            title = re.split(r"[：，；（(]", str(prop.get("description") or key))[0]
        prop["title"] = title


def schema_of(name: str) -> dict[str, object]:
    model = MODELS[name]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _chinese(schema, model.__name__)
    schema["title"] = f"fzcj {TITLES[model.__name__]}（data/{name}.yaml）"
    definitions = schema.get("$defs", {})
    assert isinstance(definitions, dict)
    for key, definition in definitions.items():
        _chinese(definition, key)
    return schema


def schema_text(which: str = "all") -> str:
    if which == "all":
        return json.dumps({name: schema_of(name) for name in MODELS}, ensure_ascii=False, indent=2)
    return json.dumps(schema_of(which), ensure_ascii=False, indent=2)
