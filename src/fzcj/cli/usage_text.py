"""Chinese wording for what typer/click would print in English: usage errors and help labels."""

from __future__ import annotations

import re
from typing import Any

from fzcj.text import visible

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"No such option: (\S+)(?:\s+Did you mean (.+)\?)?"), "没有这个选项：{0}"),
    (re.compile(r"No such command '?([^'.]+)'?"), "没有这个命令：{0}（可用命令见 fzcj --help）"),
    (re.compile(r"Missing (?:argument|parameter):? '?([^'.]+)'?"), "缺少参数：{0}"),
    (re.compile(r"Missing option '?([^'.]+)'?"), "缺少选项：{0}"),
    (re.compile(r"Option '?([^' ]+)'? requires an argument"), "选项 {0} 后面需要一个值"),
    (re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((.+)\)"), "多余的参数：{0}"),
    (
        re.compile(r"Invalid value for '?([^':]+)'?: '?([^']*)'? is not one of (.+)\."),
        "选项 {0} 的值「{1}」无效，应为 {2} 之一",
    ),
    (
        re.compile(r"Invalid value for '?([^':]+)'?: '?([^']*)'? is not a valid integer"),
        "选项 {0} 的值「{1}」不是整数",
    ),
    (re.compile(r"Invalid value for '?([^':]+)'?: (.+)"), "选项 {0} 的值无效：{1}"),
    (re.compile(r"Value error, '([^']*)' is not one of (.+?)\.?$"), "值「{0}」无效，应为 {1} 之一"),
    (re.compile(r"Input should be a valid integer"), "应为整数"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), "应不小于 {0}"),
    (re.compile(r"Input should be less than or equal to (\S+)"), "应不大于 {0}"),
    (re.compile(r"Input should be a valid date"), "应为日期 YYYY-MM-DD"),
]


def translate_usage_error(exc: Any) -> str:
    """``错误：…`` plus a pointer to help, for a click/typer usage error."""
    message = str(getattr(exc, "message", "") or exc)
    opts = getattr(getattr(exc, "param", None), "opts", None)
    if message.startswith("Missing parameter") and opts and opts[0].startswith("-"):  # a required option
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else "fzcj"
        return f"错误：缺少必填选项 {opts[0]}\n用 {command} --help 查看用法。"
    for pattern, template in _PATTERNS:
        match = pattern.search(message)
        if match:
            message = template.format(*(g or "" for g in match.groups()))
            break
    param = getattr(exc, "param", None)
    name, metavar = getattr(param, "name", None), getattr(param, "metavar", None)
    if name and metavar and name in message:
        message = message.replace(name, metavar)
    opts = getattr(param, "opts", None)
    if opts and opts[0].startswith("-") and opts[0] not in message:
        message = f"选项 {opts[0]} 的{message}" if message.startswith("值") else f"选项 {opts[0]} {message}"
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "fzcj"
    return f"错误：{visible(message)}\n用 {command} --help 查看用法。"


_HELP_LABELS = [
    (re.compile(r"^Usage: ", re.MULTILINE), "用法："),
    (re.compile(r"^Options:$", re.MULTILINE), "选项："),
    (re.compile(r"^Commands:$", re.MULTILINE), "命令："),
    (re.compile(r"^Arguments:$", re.MULTILINE), "参数："),
    (re.compile(r"Show this message and exit\."), "显示本帮助并退出。"),
    (re.compile(r"\[default: ([^\]]*)\]"), r"[默认：\1]"),
    (re.compile(r"\[required\]"), "[必填]"),
    (re.compile(r"\[x>=(\d+)\]"), r"[≥\1]"),
    (re.compile(r"; x>=(\d+)\]"), r"；≥\1]"),
    (re.compile(r"\[(\d+)<=x<=(\d+)\]"), r"[\1–\2]"),
    (re.compile(r"\[env var: ([^\]]*)\]"), r"[环境变量：\1]"),
    (re.compile(r"\bOPTIONS\b"), "选项"),
    (re.compile(r"\bCOMMAND \[ARGS\]\.\.\."), "命令 [参数]..."),
    (re.compile(r" <(?:str|text|int|integer|path)>"), ""),  # the type click shows after an argument
]


def localize_help(text: str) -> str:
    """Replace the English labels of click's help layout with Chinese ones."""
    for pattern, replacement in _HELP_LABELS:
        text = pattern.sub(replacement, text)
    return text
