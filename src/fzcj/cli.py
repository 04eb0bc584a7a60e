"""The ``fzcj`` command line: parse options, call one library function, render, map errors to exit codes.

Heavy modules (pydantic models, python-docx) are imported inside the commands so that ``fzcj --help``
stays fast. No ``from __future__ import annotations`` here: typer reads every command's annotations
at start-up, and real objects spare it compiling each string annotation again (~2% of a short run).
"""

import contextlib
import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from fzcj import prefetch, preparse
from fzcj.problems import ExitCode, FzcjError, UsageError, os_error_text
from fzcj.render.problems_out import ProblemFormat

P = ParamSpec("P")
R = TypeVar("R")


class _Group(TyperGroup):
    """Runs the app non-standalone so that usage errors are shown in Chinese with exit code 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            sys.stderr.write("已中止。\n")
            code = int(ExitCode.PROBLEMS)
        except typer.TyperException as exc:
            from fzcj.cli_text import translate_usage_error  # only now: its patterns take a while to compile

            sys.stderr.write(translate_usage_error(exc) + "\n")
            code = int(ExitCode.USAGE)
        else:
            code = result if isinstance(result, int) else int(ExitCode.OK)
        if standalone_mode:
            sys.exit(int(code))
        return code

    def get_help(self, ctx: Any) -> str:
        from fzcj.cli_text import localize_help

        return localize_help(super().get_help(ctx))


class _Command(TyperCommand):
    def get_help(self, ctx: Any) -> str:
        from fzcj.cli_text import localize_help

        return localize_help(super().get_help(ctx))


app = typer.Typer(
    cls=_Group,
    help="法治政府建设示范创建任务跟踪：核对各单位证据材料、统计进度、生成周报。",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        metavar="DIR",
        help="工作区目录（含 data/ 和 evidence/）；默认从当前目录向上查找。",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="统计日期，格式 YYYY-MM-DD（也可写 2022/6/15、2022年6月15日）；默认今天。",
        show_default=False,
    ),
]


INTERRUPTED = 130  # Ctrl-C, as shells report it
PIPE_CLOSED = 141  # the reader of the output went away (`fzcj status | head`), as shells report it


def _pipe_closed() -> NoReturn:
    """End quietly: whoever reads the output has stopped reading, which is nothing to complain about."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more goes out
    raise typer.Exit(PIPE_CLOSED)


def _exits(func: Callable[P, R]) -> Callable[P, R]:
    """Map every error a user can cause to a Chinese message and an exit code — never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        _tolerant_streams()
        try:
            return func(*args, **kwargs)
        except FzcjError as exc:
            _print_data_problems(exc)
            sys.stderr.write(f"错误：{exc.message}\n")
            raise typer.Exit(int(exc.code)) from None
        except KeyboardInterrupt:
            raise typer.Exit(INTERRUPTED) from None  # said once, in main()
        except BrokenPipeError:
            _pipe_closed()
        except OSError as exc:
            where = f"：{exc.filename}" if exc.filename else ""
            sys.stderr.write(f"错误：读写文件失败（{os_error_text(exc)}）{where}\n")
            raise typer.Exit(int(ExitCode.IO)) from None

    return wrapper


def _tolerant_streams() -> None:
    """On a console or redirection that is not UTF-8 (GBK on Chinese Windows), show what cannot be
    encoded as "?" instead of failing halfway through the output."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _write_utf8(text: str, *, bom: bool = False) -> None:
    """Machine-readable output (JSON, CSV) is UTF-8 whatever the console's encoding."""
    _write_bytes(text.encode("utf-8-sig" if bom else "utf-8"))


def _write_bytes(data: bytes) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream without bytes (a test's capture): it takes text
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    view = memoryview(data)
    while view:  # a pipe may take only part: the rest, or BrokenPipeError once the reader is gone
        view = view[buffer.write(view) :]
    buffer.flush()


def _print_data_problems(exc: FzcjError) -> None:
    problems = getattr(exc, "problems", None)
    if problems:
        from fzcj.render.problems_out import text_lines, use_colour

        for line in text_lines(problems, use_colour(sys.stderr)):
            sys.stderr.write(line + "\n")


def _root(root: Path | None) -> Path:
    from fzcj.paths import find_root

    return find_root(root)


def _as_of(value: str | None) -> dt.date:
    """``--as-of``: 2022-06-15, also as a clerk may type it (2022-6-5, 2022/6/5, 2022年6月5日)."""
    if value is None:
        return dt.date.today()
    written = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", value.strip())
    try:
        day = dt.date(*map(int, written.groups())) if written else dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--as-of 的日期「{value}」无效：应为 YYYY-MM-DD，如 2022-06-15") from None
    if not 2000 <= day.year <= 2100:
        raise UsageError(f"--as-of 的日期「{value}」不在 2000–2100 年之间，请检查年份")
    return day


@app.command(cls=_Command)
@_exits
def validate(
    root: RootOption = None,
    fmt: Annotated[
        ProblemFormat,
        typer.Option("--format", help="输出格式：auto（自动）、text、json、github（GitHub 注释）。"),
    ] = ProblemFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="警告也视为不通过。")] = False,
    data_only: Annotated[
        bool, typer.Option("--data-only", help="只检查 data/ 中的数据文件，不检查证据文件夹。")
    ] = False,
) -> None:
    """检查数据文件和证据文件夹：有错误时退出码为 1，有文件或文件夹无法读取时为 3。"""
    from fzcj import api
    from fzcj.problems import exit_code_of
    from fzcj.render.problems_out import emit

    problems = api.validate(_root(root), data_only=data_only)
    emit(problems, fmt)
    code = exit_code_of(problems, strict=strict)
    if code:
        raise typer.Exit(code)


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command(cls=_Command)
@_exits
def status(
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", metavar="NAME", help="只看某个单位：单位名称、简称或乡镇名。", show_default=False
        ),
    ] = None,
    indicator: Annotated[
        str | None,
        typer.Option("--indicator", metavar="N", help="只看某个一级指标：一…十。", show_default=False),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只看逾期任务。")] = False,
    due_within: Annotated[
        int | None,
        typer.Option(
            "--due-within", min=0, metavar="DAYS", help="只看 N 天内到期的未完成任务。", show_default=False
        ),
    ] = None,
    as_of: AsOfOption = None,
    all_tasks: Annotated[
        bool, typer.Option("--all", help="配合 --unit：也列出本单位仅为责任单位的任务。")
    ] = False,
    fmt: Annotated[
        StatusFormat, typer.Option("--format", help="输出格式：table、json、csv。")
    ] = StatusFormat.table,
    root: RootOption = None,
) -> None:
    """各任务完成情况：缺什么材料、谁还没交、哪些逾期。"""
    from fzcj import api
    from fzcj.views import resolve_unit, select

    day = _as_of(as_of)
    workspace, report = api.status(_root(root), day)
    unit_name = resolve_unit(unit, workspace.directory) if unit is not None else None
    selected, rows = select(
        report,
        workspace.directory,
        unit=unit_name,
        include_responsible=all_tasks,
        indicator=indicator,
        overdue_only=overdue,
        due_within=due_within,
        responsible_of=api.responsible_map(workspace),
    )
    if fmt is StatusFormat.json:
        from fzcj.render.structured import status_json

        _write_bytes(status_json(selected, indent=sys.stdout.isatty()) + b"\n")
    elif fmt is StatusFormat.csv:
        from fzcj.render.structured import status_csv

        _write_utf8(status_csv(rows), bom=True)
    else:
        from fzcj.render.terminal import status_table

        status_table(selected, rows, _console(), unit=unit_name)
        _problem_hint(report)


def _console() -> Any:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            _pipe_closed()

    # Task texts and file names are shown as they are: "[…]" is no markup and ":…:" no emoji code.
    return _Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False, markup=False, emoji=False)


def _print_unread(unread: Sequence[Any], limit: int = 5) -> None:
    for problem in unread[:limit]:
        sys.stderr.write(f"{problem.path}：{problem.message}\n")
    if len(unread) > limit:
        sys.stderr.write(f"……另有 {len(unread) - limit} 处未能读取\n")


def _problem_hint(report: Any) -> None:
    from fzcj.problems import Severity

    unread = report.unread()
    if unread:
        _print_unread(unread)
        sys.stderr.write("注意：以上部分未能读取，其中的材料在上表中都算作未提交。\n")
    errors = sum(p.severity is Severity.error for p in report.problems)
    warnings = sum(p.severity is Severity.warning for p in report.problems)
    if errors or warnings:
        sys.stderr.write(
            f"证据文件夹中有 {errors} 个错误、{warnings} 个警告：运行 fzcj validate 查看详情。\n"
        )


@app.command(cls=_Command)
@_exits
def show(
    task_id: Annotated[str, typer.Argument(metavar="任务编号", help="如 27、加1、B1。", show_default=False)],
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """显示一个任务的全部信息：材料、提供单位、已交文件和问题。"""
    from fzcj import api
    from fzcj.render.task_detail import task_detail

    workspace, report = api.status(_root(root), _as_of(as_of))
    planned = workspace.plan.find(task_id)
    if planned is None:
        raise UsageError(
            f"没有编号为「{task_id}」的任务（任务编号为 1–100、加1、加2、否1、否2，或 B1、B2、V1、V2）"
        )
    task_detail(workspace, report, planned.id, _console())


@app.command(cls=_Command)
@_exits
def init(
    unit: Annotated[
        str | None,
        typer.Option("--unit", metavar="NAME", help="只为某个单位创建文件夹。", show_default=False),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出将要创建的内容，不实际创建。")] = False,
    root: RootOption = None,
) -> None:
    """按任务分解表创建证据文件夹，并在每个单位文件夹中写入“材料要求.txt”（不改动已有文件）。"""
    from fzcj.scaffold import init_tree
    from fzcj.views import resolve_unit
    from fzcj.workspace import load

    workspace = load(_root(root))
    unit_name = resolve_unit(unit, workspace.directory) if unit is not None else None
    result = init_tree(workspace, unit=unit_name, dry_run=dry_run)
    verb = "将创建" if dry_run else "已创建"
    for path in result.created:
        sys.stdout.write(f"{verb} {path}\n")
    sys.stdout.write(
        f"{verb} {result.folders} 个文件夹、{result.files} 个材料要求文件；已存在未改动 {result.kept} 个。\n"
    )
    for failure in result.failed:
        sys.stderr.write(f"未能处理：{failure}\n")
    if result.stale:
        sys.stdout.write(
            f"提示：有 {len(result.stale)} 个“材料要求.txt”与当前数据不一致（未改动），"
            "如需更新请删除后重新运行 fzcj init。\n"
        )
    if result.failed:
        raise typer.Exit(int(ExitCode.IO))


@app.command(cls=_Command)
@_exits
def report(
    as_of: AsOfOption = None,
    issue: Annotated[
        int | None,
        typer.Option(
            "--issue",
            min=1,
            metavar="N",
            help="期号；默认为已有各期的最大期号加一，同一日期重新生成时沿用原期号。",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="输出的 .docx 文件；默认写到 reports/ 下。",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的同名文件。")] = False,
    unit: Annotated[
        str | None,
        typer.Option("--unit", metavar="NAME", help="改为生成给某个单位的督办通知。", show_default=False),
    ] = None,
    root: RootOption = None,
) -> None:
    """生成 Word 工作进展周报（公文格式，附快照以便下期对比）；--unit 生成督办通知。"""
    from fzcj import api
    from fzcj.reporting import write_unit_notice, write_weekly_report
    from fzcj.views import resolve_unit

    workspace, status_report = api.status(_root(root), _as_of(as_of))
    unread = status_report.unread()
    if [p.code for p in unread] == ["no-evidence-dir"]:
        raise FzcjError(
            "证据文件夹 evidence/ 不存在：请先运行 fzcj init 建立各任务、各单位的文件夹，再生成周报"
        )
    if unread:
        _print_unread(unread)
        raise FzcjError(
            "证据文件夹有未能读取的部分，其中的材料会被当作未提交，因此没有生成"
            + ("督办通知" if unit is not None else "周报和快照")
            + "：请先解决上述问题（fzcj validate 可查看全部问题），再重新运行"
        )
    if unit is not None:
        name = resolve_unit(unit, workspace.directory)
        path = write_unit_notice(
            workspace.indicators,
            status_report,
            name,
            workspace.units.units,
            workspace.reports_dir,
            output=output,
            force=force,
        )
        sys.stdout.write(f"已生成督办通知：{path}\n")
        return
    result = write_weekly_report(
        workspace.indicators,
        status_report,
        workspace.units.units,
        workspace.reports_dir,
        issue=issue,
        output=output,
        force=force,
    )
    sys.stdout.write(f"已生成第{result.issue}期周报：{result.path}\n快照：{result.snapshot_path}\n")


class SchemaFile(StrEnum):
    all = "all"
    indicators = "indicators"
    units = "units"


@app.command(cls=_Command)
@_exits
def schema(
    which: Annotated[
        SchemaFile,
        typer.Argument(metavar="NAME", help="要输出哪个文件的 Schema；默认两个都输出。"),
    ] = SchemaFile.all,
) -> None:
    """输出数据文件的 JSON Schema，供编辑器（YAML 语言服务）补全和检查。"""
    from fzcj.schema import schema_text

    sys.stdout.write(schema_text(which.value) + "\n")


def main() -> None:
    """Console-script entry point.

    Everything fzcj writes is flushed (files are written whole and synced before they are renamed),
    so the process ends without the interpreter's teardown, which on a large evidence tree spends
    tens of milliseconds freeing objects that the operating system reclaims anyway.
    """
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            sys.stderr.write(f"{exc.code}\n")
    if code == INTERRUPTED:  # by the command, or by typer while parsing: say it either way
        sys.stderr.write("已中断。\n")
    prefetch.discard()  # listers started for a command that ended before walking
    preparse.discard()  # likewise a parser of the data files
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `fzcj status | head`: the reader has all it wanted
        code = code or PIPE_CLOSED
    except OSError:  # nothing more can be said
        code = code or int(ExitCode.IO)
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
