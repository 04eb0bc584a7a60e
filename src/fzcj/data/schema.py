"""JSON Schema of the data files, for editors with a YAML language server."""

from __future__ import annotations

import json

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
    "ReportConfig": "周报设置：标题和落款单位",
    "ReviewConfig": "材料审核设置：required 为 true 时，材料须经 fzcj review accept 审核通过才算齐全",
    "ReportFonts": "周报字体（单位电脑没有仿宋_GB2312 等字体时可改为仿宋等）",
    "Unit": "单位",
    "Group": "单位组：展开为其成员单位（成员也可以是单位组）",
}


def schema_of(name: str) -> dict[str, object]:
    model = MODELS[name]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"fzcj data/{name}.yaml"
    schema["description"] = DESCRIPTIONS[model.__name__]
    definitions = schema.get("$defs", {})
    assert isinstance(definitions, dict)
    for key, definition in definitions.items():
        if key in DESCRIPTIONS:
            definition["description"] = DESCRIPTIONS[key]
    return schema


def schema_text(which: str = "all") -> str:
    if which == "all":
        return json.dumps({name: schema_of(name) for name in MODELS}, ensure_ascii=False, indent=2)
    return json.dumps(schema_of(which), ensure_ascii=False, indent=2)
