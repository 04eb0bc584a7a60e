"""Print problems as plain text, JSON or GitHub annotations; ``auto`` picks one for the environment."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TextIO

from fzcj.problems import Problem, Severity
from fzcj.text import visible


class ProblemFormat(StrEnum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"


def resolve_format(fmt: ProblemFormat, stream: TextIO) -> ProblemFormat:
    """``auto``: GitHub annotations on GitHub Actions, otherwise text (coloured on a terminal)."""
    if fmt is not ProblemFormat.auto:
        return fmt
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return ProblemFormat.github
    return ProblemFormat.text


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


_COLOURS = {Severity.error: "\033[31m", Severity.warning: "\033[33m", Severity.info: "\033[36m"}


def text_line(p: Problem, colour: bool = False) -> str:
    """``path:line:col: 错误：message (code)`` on one line, whatever the names in it hold."""
    label = f"{p.severity.label}："
    if colour:
        label = f"{_COLOURS[p.severity]}{p.severity.label}\033[0m："
    return f"{visible(p.where)}: {label}{visible(p.message)} ({visible(p.code)})"


def text_lines(problems: list[Problem], colour: bool) -> list[str]:
    return [text_line(p, colour) for p in problems]


def _escape_github(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github_lines(problems: list[Problem]) -> list[str]:
    level = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}
    lines = []
    for p in problems:
        props = f"file={_escape_github(p.path, prop=True)}"
        if p.line:
            props += f",line={p.line},col={p.column}"
        props += f",title={_escape_github(p.code, prop=True)}"
        lines.append(f"::{level[p.severity]} {props}::{_escape_github(p.message)}")
    return lines


def json_text(problems: list[Problem], summary: dict[str, int]) -> str:
    import json  # only for this format: every command imports this module

    return json.dumps(
        {"summary": summary, "problems": [p.to_json() for p in problems]}, ensure_ascii=False, indent=2
    )


def counts(problems: list[Problem]) -> dict[str, int]:
    return {s.value: sum(p.severity is s for p in problems) for s in Severity}


def summary_line(problems: list[Problem], unit: str | None = None) -> str:
    """The count line; with ``unit``, it says that only that unit's problems were counted."""
    c = counts(problems)
    whose = f"与{visible(unit)}有关的" if unit else ""
    if not problems:
        return f"检查通过：没有发现{whose}问题。"
    return f"共发现{whose} {c['error']} 个错误、{c['warning']} 个警告、{c['info']} 条提示。"


def emit(
    problems: list[Problem],
    fmt: ProblemFormat,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    unit: str | None = None,
) -> None:
    """Problems go to stdout (they are the result of ``validate``); the summary line to stderr."""
    out = out or sys.stdout
    err = err or sys.stderr
    chosen = resolve_format(fmt, out)
    renderers: dict[ProblemFormat, Callable[[], list[str]]] = {
        ProblemFormat.text: lambda: text_lines(problems, use_colour(out)),
        ProblemFormat.github: lambda: github_lines(problems),
        ProblemFormat.json: lambda: [json_text(problems, counts(problems))],
    }
    for line in renderers[chosen]():
        out.write(line + "\n")
    if chosen is not ProblemFormat.json:
        err.write(summary_line(problems, unit) + "\n")
