"""What a clerk sees (issue 10 §3): only their unit's problems, shortfalls spelled out, fragments with
their cell, Chinese everywhere, dates without a year, a finished campaign said once, sane widths."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import Result

from evidence_helpers import invoke, put
from fzcj.cli import app
from helpers import write_workspace

INDICATORS = """\
campaign:
  name: 测试区法治政府建设示范创建
  district: 测试区
  year: 2022
  coordinating_office: 区委依法治区办
indicators:
  - id: 一
    name: 政府职能依法全面履行
    sections:
      - number: 1
        name: 加大简政放权力度
        tasks:
          - id: '1'
            text: 各乡镇提供合法性审查意见。
            lead_units: [区司法局]
            deadline: 7月30日前
            due: 2022-07-30
            materials_cell: 各乡镇提供至少3份合法性审查意见，及公开网址。
            materials:
              - id: '1.1'
                text: 各乡镇提供至少3份合法性审查意见
                providers: [各乡镇]
                each: true
                min: 3
              - id: '1.2'
                text: 及公开网址
                kind: url
"""
UNITS = """\
units:
  - {name: 区委依法治区办, type: 党委部门}
  - {name: 区司法局, aliases: [司法局], type: 政府部门}
  - {name: 东园镇, type: 乡镇}
  - {name: 滨河镇, type: 乡镇}
groups:
  - {name: 各乡镇, members: [东园镇, 滨河镇]}
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = write_workspace(tmp_path_factory.mktemp("clerk") / "ws", INDICATORS, UNITS)
    put(ws, "001/东园镇/1-审查意见一.pdf", PDF)
    put(ws, "001/东园镇/9-多出来的.pdf", PDF)  # no item 9: an error in 东园镇's folder
    for n in "一二三":
        put(ws, f"001/滨河镇/1-审查意见{n}.pdf", PDF)
    put(ws, "杂项/通知.pdf", PDF)  # not a task folder: the coordinating office's
    return ws


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # a real PDF: validate opens it


def run(root: Path, *args: str) -> Result:
    result = invoke(*args, "--root", str(root))
    assert "Traceback" not in result.output
    return result


# -- only the unit's problems ------------------------------------------------------------------------


def test_validate_for_a_unit_shows_only_its_problems(root: Path) -> None:
    every = run(root, "validate")
    assert every.exit_code == 1 and "东园镇" in every.stdout and "杂项" in every.stdout
    own = run(root, "validate", "--unit", "东园镇")
    assert own.exit_code == 1
    assert own.stdout.splitlines() == [line for line in every.stdout.splitlines() if "/东园镇/" in line]
    assert own.stderr == "共发现与东园镇有关的 1 个错误、0 个警告、0 条提示。\n"


def test_validate_for_a_unit_with_no_problems_passes(root: Path) -> None:
    result = run(root, "validate", "--unit", "滨河镇")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "检查通过：没有发现与滨河镇有关的问题。\n",
    )


def test_validate_for_an_unknown_unit_is_a_usage_error(root: Path) -> None:
    result = run(root, "validate", "--unit", "不存在镇")
    assert result.exit_code == 2 and result.stderr.startswith("错误：未知单位")


def test_status_footer_counts_only_the_units_problems(root: Path) -> None:
    assert "个错误" not in run(root, "status", "--unit", "滨河镇", "--as-of", "2022-06-15").stderr
    footer = run(root, "status", "--unit", "东园镇", "--as-of", "2022-06-15").stderr
    assert (
        footer
        == "证据文件夹中有 1 个错误、0 个警告与东园镇有关：运行 fzcj validate --unit 东园镇 查看详情。\n"
    )
    assert "有 2 个错误" in run(root, "status", "--as-of", "2022-06-15").stderr


def test_show_for_a_unit_lists_only_its_problems(root: Path) -> None:
    every = run(root, "show", "1", "--as-of", "2022-06-15").stdout
    own = run(root, "show", "1", "--unit", "滨河镇", "--as-of", "2022-06-15").stdout
    assert "9-多出来的.pdf" in every
    assert "9-多出来的.pdf" not in own and "问题" not in own.split("主要提供资料")[-1]


# -- shortfalls and fragments -----------------------------------------------------------------------


def test_status_for_a_unit_says_how_many_files_are_missing(root: Path) -> None:
    out = run(root, "status", "--unit", "东园镇", "--as-of", "2022-06-15").stdout
    assert "1.1（已交1个，还差2个）" in out
    assert (
        "1.1" not in run(root, "status", "--unit", "滨河镇", "--as-of", "2022-06-15").stdout.split("状态")[-1]
    )


def test_show_says_how_many_files_each_provider_still_lacks(root: Path) -> None:
    out = run(root, "show", "1", "--as-of", "2022-06-15").stdout
    assert "东园镇 已提供（已交1个，还差2个）" in out
    assert re.search(r"滨河镇 已提供\s*│", out)  # its three files are enough


def test_show_gives_a_fragment_its_whole_cell(root: Path) -> None:
    out = run(root, "show", "1", "--as-of", "2022-06-15").stdout
    assert "见表下原文" in out
    assert "主要提供资料（原文）：\n各乡镇提供至少3份合法性审查意见，及公开网址。" in out


# -- Chinese, dates, a finished campaign, widths ----------------------------------------------------


def test_format_names_are_accepted_in_any_case(root: Path) -> None:
    assert json.loads(run(root, "validate", "--format", "JSON").stdout)["summary"]["error"] == 2
    assert json.loads(run(root, "status", "--format", "Json", "--as-of", "2022-06-15").stdout)["tasks"]


def test_a_date_without_a_year_is_in_the_campaign_year(root: Path) -> None:
    data = json.loads(run(root, "status", "--format", "json", "--as-of", "6月15日").stdout)
    assert data["as_of"] == "2022-06-15"
    assert "截至 2022年6月15日" in run(root, "show", "1", "--as-of", "6-15").stdout


def test_an_impossible_date_without_a_year_is_a_usage_error(root: Path) -> None:
    result = run(root, "status", "--as-of", "2月30日")
    assert result.exit_code == 2 and result.stderr.startswith("错误：--as-of 的日期「2月30日」无效")


def test_a_date_after_the_campaign_year_says_the_year_has_ended(root: Path) -> None:
    ended = run(root, "status", "--as-of", "2026-01-01").stdout
    assert ended.count("2022年创建年度已经结束") == 1
    assert "创建年度已经结束" in run(root, "show", "1", "--as-of", "2026-01-01").stdout
    assert "创建年度" not in run(root, "status", "--as-of", "2022-12-31").stdout


@pytest.mark.parametrize("columns", ["0", "5", "-3"])
def test_a_zero_or_tiny_width_falls_back_to_a_readable_table(root: Path, columns: str) -> None:
    from typer.testing import CliRunner

    env = {"COLUMNS": columns, "NO_COLOR": "1", "FZCJ_ROOT": None, "TERM": "dumb"}
    result = CliRunner().invoke(app, ["status", "--root", str(root), "--as-of", "2022-06-15"], env=env)
    lines = result.stdout.splitlines()
    assert "┃ 序号 ┃ 任务" in result.stdout and "各乡镇提供" in result.stdout
    assert max(map(len, lines)) >= 60  # laid out for 80 columns, not squeezed into a few


HELP_PLACEHOLDERS = re.compile(
    r"\b(DIR|NAME|FILE|DAYS|N|TEXT|TABLE|INTEGER|YYYY|YYYY-MM-DD)\b|<str>|<int>|<path>"
)


def _every_command() -> list[str]:
    """Every command and subcommand registered on the app (a new one is covered without editing this)."""
    from fzcj.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    for group in app.registered_groups:
        sub = group.typer_instance
        assert sub is not None and group.name
        names += [
            f"{group.name} {c.name or c.callback.__name__}" for c in sub.registered_commands if c.callback
        ]
    return names


@pytest.mark.parametrize("command", _every_command())
def test_help_has_no_english_placeholders(command: str) -> None:
    result = invoke(*command.split(), "--help")
    assert result.exit_code == 0
    assert not HELP_PLACEHOLDERS.search(result.stdout), result.stdout


def test_schema_titles_are_chinese() -> None:
    """Editors show every title to the people editing the YAML (pydantic would say "Lead Units")."""
    titles: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("title"), str):
                titles.append(node["title"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(json.loads(invoke("schema").stdout))
    assert len(titles) > 50
    assert [t for t in titles if not re.search(r"[\u4e00-\u9fff]", t)] == []


def test_help_texts_line_up_after_chinese_placeholders() -> None:
    """Each option's help starts in the same terminal column, though 单位 is two cells per character."""
    from rich.cells import cell_len

    lines = invoke("status", "--help").stdout.split("选项：")[1].splitlines()
    starts = {cell_len(m[1]) for line in lines if (m := re.match(r"(  -\S+(?: \S+)?\s{2,})\S", line))}
    assert len(starts) == 1, lines


def test_validate_for_a_unit_with_broken_data_shows_every_problem_and_says_why() -> None:
    from helpers import DATA_CASES

    result = invoke("validate", "--unit", "司法局", "--root", str(DATA_CASES / "unknown-lead-unit"))
    assert result.exit_code == 1 and "未知单位「区司法」" in result.stdout
    assert result.stderr.endswith(
        "共发现 1 个错误、0 个警告、0 条提示。\n数据文件有错误，无法按单位筛选：以上是全部问题。\n"
    )


@pytest.mark.parametrize("args", [[], ["review"]])
def test_a_command_group_alone_shows_its_help_as_text(args: list[str]) -> None:
    """`fzcj` or `fzcj review` with nothing after it: the help, line by line (not one escaped line)."""
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("用法：fzcj") and "\\n" not in result.stderr
    assert "命令：" in result.stderr and not result.stderr.startswith("错误")
