"""The commands: each parses its options, calls one :mod:`fzcj.api` function and renders the result."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from fzcj.cli.core import (
    AsOfOption,
    Command,
    RootOption,
    app,
    as_of_date,
    console,
    exits,
    workspace_root,
    write_bytes,
)
from fzcj.errors import ExitCode, UsageError
from fzcj.render.problems_out import ProblemFormat
from fzcj.text import visible


@app.command(cls=Command)
@exits
def validate(
    root: RootOption = None,
    fmt: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="输出格式：auto（自动）、text（文字）、json、github（GitHub 注释）。",
        ),
    ] = ProblemFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="警告也视为不通过。")] = False,
    data_only: Annotated[
        bool, typer.Option("--data-only", help="只检查 data/ 中的数据文件，不检查证据文件夹。")
    ] = False,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar="单位",
            help="只看与某个单位有关的问题：本单位文件夹中的，以及本单位任务的文件夹中不属于任何单位的。",
            show_default=False,
        ),
    ] = None,
) -> None:
    """检查数据文件和证据文件夹：有错误时退出码为 1，有文件或文件夹无法读取时为 3。"""
    from fzcj import api
    from fzcj.errors import exit_code_of
    from fzcj.problems import Severity
    from fzcj.render.problems_out import emit

    problems = api.validate(workspace_root(root), data_only=data_only, unit=unit)
    # With errors in the data files the units cannot be told apart, and api.validate keeps every problem.
    unusable = any(p.severity is Severity.error and p.path.startswith("data/") for p in problems)
    emit(problems, fmt, unit=None if unusable else unit)
    if unit is not None and unusable:
        sys.stderr.write("数据文件有错误，无法按单位筛选：以上是全部问题。\n")
    code = exit_code_of(problems, strict=strict)
    if code:
        raise typer.Exit(int(code))


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command(cls=Command)
@exits
def status(
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", metavar="单位", help="只看某个单位：单位名称、简称或乡镇名。", show_default=False
        ),
    ] = None,
    indicator: Annotated[
        str | None,
        typer.Option("--indicator", metavar="指标", help="只看某个一级指标：一…十。", show_default=False),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只看逾期任务。")] = False,
    due_within: Annotated[
        int | None,
        typer.Option(
            "--due-within",
            min=0,
            metavar="天数",
            help="只看这么多天内到期的未完成任务，如 7。",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    all_tasks: Annotated[
        bool, typer.Option("--all", help="配合 --unit：也列出本单位仅为责任单位的任务。")
    ] = False,
    fmt: Annotated[
        StatusFormat,
        typer.Option("--format", case_sensitive=False, help="输出格式：table（表格）、json、csv。"),
    ] = StatusFormat.table,
    pending: Annotated[bool, typer.Option("--pending", help="只看有材料待审核（含待复审）的任务。")] = False,
    returned: Annotated[bool, typer.Option("--returned", help="只看有材料被退回的任务。")] = False,
    root: RootOption = None,
) -> None:
    """各任务完成情况：缺什么材料、谁还没交、哪些逾期。"""
    from fzcj import api
    from fzcj.errors import UsageError

    if pending and returned:
        raise UsageError("--pending 和 --returned 只能选一个")
    where = workspace_root(root)
    result = api.status(
        where,
        as_of_date(as_of, where),
        unit=unit,
        indicator=indicator,
        overdue_only=overdue,
        due_within=due_within,
        include_responsible=all_tasks,
        review="pending" if pending else "returned" if returned else None,
    )
    if fmt is StatusFormat.json:
        from fzcj.render.structured import status_json

        write_bytes(status_json(result.report, indent=sys.stdout.isatty()) + b"\n")
    elif fmt is StatusFormat.csv:
        from fzcj.render.structured import status_csv

        write_bytes(status_csv(result.rows).encode("utf-8-sig"))
    else:
        from fzcj.render.terminal import status_table

        status_table(
            result.report, result.rows, console(), unit=result.unit, campaign_year=result.campaign_year
        )
        _problem_hint(result)


def _print_unread(unread: list[Any], limit: int = 5) -> None:
    for problem in unread[:limit]:
        sys.stderr.write(f"{visible(problem.path)}：{visible(problem.message)}\n")
    if len(unread) > limit:
        sys.stderr.write(f"……另有 {len(unread) - limit} 处未能读取\n")


def _problem_hint(result: Any) -> None:
    from fzcj.problems import Severity

    unread = result.unread()
    if unread:
        _print_unread(unread)
        sys.stderr.write("注意：以上部分未能读取，其中的材料在上表中都算作未提交。\n")
    errors = sum(p.severity is Severity.error for p in result.problems)
    warnings = sum(p.severity is Severity.warning for p in result.problems)
    if errors or warnings:
        whose = f"与{visible(result.unit)}有关" if result.unit else ""
        command = f"fzcj validate --unit {visible(result.unit)}" if result.unit else "fzcj validate"
        sys.stderr.write(
            f"证据文件夹中有 {errors} 个错误、{warnings} 个警告{whose}：运行 {command} 查看详情。\n"
        )


@app.command(cls=Command)
@exits
def show(
    task_id: Annotated[str, typer.Argument(metavar="任务编号", help="如 27、加1、B1。", show_default=False)],
    as_of: AsOfOption = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", metavar="单位", help="只列出与某个单位有关的问题。", show_default=False),
    ] = None,
    root: RootOption = None,
) -> None:
    """显示一个任务的全部信息：材料、提供单位、已交文件和问题。"""
    from fzcj import api
    from fzcj.render.task_detail import task_detail

    where = workspace_root(root)
    task_detail(api.show(where, task_id, as_of_date(as_of, where), unit=unit), console())


@app.command(cls=Command)
@exits
def init(
    unit: Annotated[
        str | None,
        typer.Option("--unit", metavar="单位", help="只为某个单位创建文件夹。", show_default=False),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出将要创建的内容，不实际创建。")] = False,
    root: RootOption = None,
) -> None:
    """按任务分解表创建证据文件夹，并在每个单位文件夹中写入“材料要求.txt”（不改动已有文件）。"""
    from fzcj import api

    result = api.init(workspace_root(root), unit=unit, dry_run=dry_run)
    verb = "将创建" if dry_run else "已创建"
    for path in result.created:
        sys.stdout.write(f"{verb} {visible(str(path))}\n")
    for failure in result.failed:
        sys.stderr.write(f"未能处理：{visible(str(failure))}\n")
    failed = f"；{len(result.failed)} 处未能处理（见上）" if result.failed else ""
    sys.stdout.write(
        f"{verb} {result.folders} 个文件夹、{result.files} 个材料要求文件；已存在未改动 {result.kept} 个{failed}。\n"
    )
    if result.stale:
        sys.stdout.write(
            f"提示：有 {len(result.stale)} 个“材料要求.txt”与当前数据不一致（未改动），"
            "如需更新请删除后重新运行 fzcj init。\n"
        )
    if result.failed:
        raise typer.Exit(int(ExitCode.IO))


@app.command(cls=Command)
@exits
def report(
    as_of: AsOfOption = None,
    issue: Annotated[
        int | None,
        typer.Option(
            "--issue",
            min=1,
            metavar="期号",
            help="期号；默认为已有各期的最大期号加一，同一日期重新生成时沿用原期号。",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="文件",
            help="另存为这个 .docx 文件（不占用期号、不留快照）；默认写到 reports/ 下。",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的同名文件。")] = False,
    unit: Annotated[
        str | None,
        typer.Option("--unit", metavar="单位", help="改为生成给某个单位的督办通知。", show_default=False),
    ] = None,
    notices: Annotated[
        bool,
        typer.Option(
            "--notices", help="改为给每个尚缺材料的单位各生成一份督办通知，写到 reports/督办通知-日期/。"
        ),
    ] = False,
    root: RootOption = None,
) -> None:
    """生成 Word 工作进展周报（公文格式，附快照以便下期对比）；--unit、--notices 生成督办通知。"""
    from fzcj import api
    from fzcj.cli.report_out import notice_line, notices_lines, report_lines

    if notices and (unit is not None or output is not None or issue is not None):
        raise UsageError(
            "--notices 不能与 --unit、-o、--issue 同时使用：督办通知统一写到 reports/督办通知-日期/"
        )
    if unit is not None and issue is not None:
        raise UsageError("--issue 只用于周报，不能与 --unit 同时使用")
    where = workspace_root(root)
    day = as_of_date(as_of, where)
    if notices:
        sys.stdout.write(notices_lines(api.notices(where, day, force=force)))
    elif unit is not None:
        sys.stdout.write(notice_line(api.notice(where, unit, day, output=output, force=force)))
    else:
        sys.stdout.write(report_lines(api.report(where, day, issue=issue, output=output, force=force)))


class SchemaFile(StrEnum):
    all = "all"
    indicators = "indicators"
    units = "units"


@app.command(cls=Command)
@exits
def schema(
    which: Annotated[
        SchemaFile,
        typer.Argument(
            metavar="数据文件", case_sensitive=False, help="要输出哪个文件的 Schema；默认两个都输出。"
        ),
    ] = SchemaFile.all,
) -> None:
    """输出数据文件的 JSON Schema，供编辑器（YAML 语言服务）补全和检查。"""
    from fzcj import api

    sys.stdout.write(api.schema(which.value) + "\n")
