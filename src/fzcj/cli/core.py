"""The typer application, the one place where errors become exit codes, and the console entry point.

Heavy modules (pydantic models, python-docx) are imported inside the commands so that ``fzcj --help``
stays fast. No ``from __future__ import annotations`` here or in :mod:`.commands`: typer reads every
command's annotations at start-up, and real objects spare it compiling each string annotation again.
"""

import contextlib
import datetime as dt
import functools
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from fzcj.errors import ExitCode, FzcjError, UsageError, os_error_text
from fzcj.text import parse_day, visible

P = ParamSpec("P")
R = TypeVar("R")
ROOT_ENV = "FZCJ_ROOT"


class Group(TyperGroup):
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
            if type(exc).__name__ == "NoArgsIsHelpError":  # `fzcj` or `fzcj review` alone: the help
                sys.stderr.write(str(getattr(exc, "message", "")).rstrip("\n") + "\n")
                code = int(ExitCode.USAGE)
                if standalone_mode:
                    sys.exit(code)
                return code
            from fzcj.cli.usage_text import translate_usage_error  # only now: its patterns take a while

            sys.stderr.write(translate_usage_error(exc) + "\n")
            code = int(ExitCode.USAGE)
        else:
            code = result if isinstance(result, int) else int(ExitCode.OK)
        if standalone_mode:
            sys.exit(int(code))
        return code

    def get_help(self, ctx: Any) -> str:
        return _chinese_help(lambda: super(Group, self).get_help(ctx))


class Command(TyperCommand):
    def get_help(self, ctx: Any) -> str:
        return _chinese_help(lambda: super(Command, self).get_help(ctx))


def _chinese_help(render: Callable[[], str]) -> str:
    """Help with Chinese labels, its option column measured in terminal cells: click counts characters,
    so a Chinese metavar (``--unit 单位``, two cells per character) would push its help text out of line."""
    from rich.cells import cell_len

    from fzcj.cli.usage_text import localize_help

    try:
        from typer._click import formatting  # the click that typer vendors
    except ImportError:  # pragma: no cover - another typer layout: only the alignment suffers
        return localize_help(render())
    measure = getattr(formatting, "term_len", None)
    if measure is None:  # pragma: no cover
        return localize_help(render())
    setattr(formatting, "term_len", cell_len)  # noqa: B010 - not an exported name of typer
    try:
        return localize_help(render())
    finally:
        setattr(formatting, "term_len", measure)  # noqa: B010


app = typer.Typer(
    cls=Group,
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
        metavar="目录",
        help="工作区目录（含 data/ 和 evidence/）；默认从当前目录向上查找。",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="日期",
        help="统计日期，如 2022-06-15（也可写 2022/6/15、2022年6月15日，或 6月15日 表示创建年度的这一天）；"
        "默认今天。",
        show_default=False,
    ),
]
UnitOption = Annotated[
    str | None,
    typer.Option("--unit", metavar="单位", help="单位名称、简称或乡镇名。", show_default=False),
]


def pipe_closed() -> NoReturn:
    """End quietly: whoever reads the output has stopped reading, which is nothing to complain about."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more goes out
    raise typer.Exit(ExitCode.PIPE_CLOSED)


def exits(func: Callable[P, R]) -> Callable[P, R]:
    """The one mapping of errors to messages and exit codes: everything a user can cause ends in a
    Chinese message and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        _tolerant_streams()
        try:
            return func(*args, **kwargs)
        except FzcjError as exc:
            if exc.problems:
                from fzcj.render.problems_out import text_lines, use_colour

                for line in text_lines(list(exc.problems), use_colour(sys.stderr)):
                    sys.stderr.write(line + "\n")
            sys.stderr.write(f"错误：{visible(exc.message)}\n")
            raise typer.Exit(int(exc.code)) from None
        except KeyboardInterrupt:
            raise typer.Exit(ExitCode.INTERRUPTED) from None  # said once, in main()
        except BrokenPipeError:
            pipe_closed()
        except OSError as exc:
            where = f"：{visible(os.fsdecode(exc.filename))}" if exc.filename else ""
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


def write_bytes(data: bytes) -> None:
    """Machine-readable output (JSON, CSV) goes out as UTF-8 bytes, whatever the console's encoding."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream without bytes (a test's capture): it takes text
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    view = memoryview(data)
    while view:  # a pipe may take only part: the rest, or BrokenPipeError once the reader is gone
        view = view[buffer.write(view) :]
    buffer.flush()


def console() -> Any:
    """A rich console for stdout that ends quietly when the reader goes away."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            pipe_closed()

    # Task texts and file names are shown as they are: "[…]" is no markup and ":…:" no emoji code.
    out = _Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False, markup=False, emoji=False)
    if out.width < MIN_WIDTH:  # COLUMNS=0, or a width at which the tables lose whole columns
        out.width = MIN_WIDTH
    return out


MIN_WIDTH = 80
"""The narrowest layout: below it the status tables drop whole columns (at 60 the task text is only
"…"), so fzcj lays them out for 80 columns and lets a narrower terminal wrap the lines."""


def workspace_root(root: Path | None) -> Path:
    """``--root``, else ``$FZCJ_ROOT``, else the nearest workspace upward from the current folder."""
    from fzcj.data.workspace import find_root

    if root is None and os.environ.get(ROOT_ENV):
        return find_root(Path(os.environ[ROOT_ENV]), source=f"环境变量 {ROOT_ENV}")
    return find_root(root)


def as_of_date(value: str | None, root: Path | None = None) -> dt.date:
    """``--as-of`` (see :func:`fzcj.text.parse_day`): 2022-06-15, also as a clerk may type it
    (2022/6/5, 2022年6月5日); 6月15日 is that day of the campaign year of the workspace at ``root``."""
    if value is None:
        return dt.date.today()

    def year() -> int:
        if root is None:
            raise ValueError(f"日期「{value}」没有写年份：请写完整日期，如 2022-06-15")
        from fzcj import api

        return api.campaign_year(root)

    try:
        return parse_day(value, year)
    except ValueError as err:
        raise UsageError(f"--as-of 的{err}") from None


def main() -> None:
    """Console-script entry point.

    The cycle collector is off: a command runs once and exits, and what it makes is freed by reference
    counting, while the collector would rescan the tens of thousands of objects the imports made some
    ninety times. pydantic's plugin scan (of every installed package's entry points) is skipped.
    Everything fzcj writes is flushed (files are written whole and synced before they are renamed),
    so the process ends without the interpreter's teardown.
    """
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            sys.stderr.write(f"{exc.code}\n")
    except KeyboardInterrupt:  # Ctrl-C before a command started
        code = ExitCode.INTERRUPTED
    if code == ExitCode.INTERRUPTED:  # by the command, or by typer while parsing: say it either way
        sys.stderr.write("已中断。\n")
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `fzcj status | head`: the reader has all it wanted
        code = code or ExitCode.PIPE_CLOSED
    except OSError:  # nothing more can be said
        code = code or ExitCode.IO
    os._exit(int(code))
