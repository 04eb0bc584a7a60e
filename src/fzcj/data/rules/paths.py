"""Names that become file or folder names are never paths.

``init`` makes a folder per task id and per unit name; ``report`` names its files after the campaign
and the report title, ``report --unit`` after the unit. A name with a slash, ``..``, a NUL or a
control character, or one that Windows cannot store (``<>:"|?*``, a trailing dot or space, ``CON`` …),
would write outside the workspace, end in a traceback, or make a folder the units' Windows PCs cannot
open. Each such name is an error at its line in the data file.
"""

from __future__ import annotations

import re

from fzcj.data.rules.context import Loc, RuleContext

_WINDOWS_FORBIDDEN = '<>:"|?*'
_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(?:\..*)?$", re.IGNORECASE)


def path_fault(name: str) -> str | None:
    """Why ``name`` cannot be one file or folder name on Linux and Windows alike; None when it can."""
    if "/" in name or "\\" in name:
        return "含有斜杠“/”或“\\”，会被当作路径"
    if ".." in name:
        return "含有“..”，会被当作上级文件夹"
    if "\x00" in name:
        return "含有空字符（NUL）"
    if any(_is_control(c) for c in name):
        return "含有控制字符（如换行、制表符、转义符）"
    forbidden = [c for c in _WINDOWS_FORBIDDEN if c in name]
    if forbidden:
        return f"含有 Windows 文件名不允许的字符 {' '.join(forbidden)}（可改用全角字符，如“：”）"
    if name.endswith((".", " ")):
        return "以点或空格结尾，Windows 会去掉它们"
    if _RESERVED.match(name):
        return f"“{name.split('.')[0]}”是 Windows 保留的设备名，不能用作文件名"
    return None


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def visible(name: str) -> str:
    """``name`` with control characters written as ``\\x1b`` (safe to print)."""
    return "".join(f"\\x{ord(c):02x}" if _is_control(c) else c for c in name)


def check(ctx: RuleContext) -> None:
    campaign = ctx.indicators.campaign
    _indicators(ctx, ("campaign", "name"), "创建活动名称（周报文件名的一部分）", campaign.name)
    _indicators(ctx, ("campaign", "report", "title"), "周报标题（周报文件名的一部分）", campaign.report.title)
    for loc, task in ctx.tasks():
        _indicators(ctx, (*loc, "id"), "任务编号", task.id)
        for n, alias in enumerate(task.aliases):
            _indicators(ctx, (*loc, "aliases", n), "任务编号", alias)
    for i, unit in enumerate(ctx.units.units):
        _units(ctx, ("units", i, "name"), "单位名称", unit.name)
        for n, alias in enumerate(unit.aliases):
            _units(ctx, ("units", i, "aliases", n), "单位简称", alias)


def _message(what: str, name: str, fault: str) -> str:
    return f"{what}「{visible(name)}」不能用作文件或文件夹名：{fault}"


def _indicators(ctx: RuleContext, loc: Loc, what: str, name: str) -> None:
    fault = path_fault(name)
    if fault is not None:
        ctx.indicators_problem(loc, "unsafe-name", _message(what, name, fault))


def _units(ctx: RuleContext, loc: Loc, what: str, name: str) -> None:
    fault = path_fault(name)
    if fault is not None:
        ctx.units_problem(loc, "unsafe-name", _message(what, name, fault))
