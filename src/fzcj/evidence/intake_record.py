"""The intake record: one plain-text file under ``intake/`` per ``fzcj intake --apply`` that stored anything.

It says what came in (the source's name and SHA-256), each file with its hash and where it went, and what was
not taken and why. One line per file, its fields separated by tabs, so that people read it in Notepad and fzcj
reads back when each file was received (:func:`received_dates`): a file stored by intake has the date of the
first record that stored it; a file dropped into evidence/ by hand has none.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from fzcj.data.workspace import Workspace
from fzcj.evidence.intake_result import IntakeItem, IntakeResult, Outcome
from fzcj.evidence.scaffold import note_bytes

INTAKE_FOLDER = "intake"
HEADING = "fzcj 收件记录"
RECORD_ENDING = "收件记录.txt"
_TIME = "收件时间："
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_STORED = {Outcome.new.label, Outcome.updated.label}


def intake_dir(workspace: Workspace) -> Path:
    return workspace.root / INTAKE_FOLDER


def intake_file(workspace: Workspace, when: dt.datetime, unit: str | None, ending: str) -> Path:
    """A free name under intake/ by date and unit: ``intake/2022-06-15 区司法局 收件记录.txt``, then
    ``2022-06-15 区司法局（2） 收件记录.txt`` and on for another intake that day."""
    base = f"{when:%Y-%m-%d} {_UNSAFE.sub('', unit or '多个单位')}"
    folder = intake_dir(workspace)
    path = folder / f"{base} {ending}"
    number = 2
    while os.path.lexists(path):
        path = folder / f"{base}（{number}） {ending}"
        number += 1
    return path


def _line(*fields: str) -> str:
    return "\t".join(field.replace("\t", " ").replace("\r", " ").replace("\n", " ") for field in fields)


def _file_line(item: IntakeItem) -> str:
    fields = [item.outcome.label, item.sha256 or "", f"evidence/{item.destination}", item.source]
    if item.material:
        fields.append(f"材料 {item.material}")
    if item.fault:
        fields.append(f"内容有问题：{item.fault}")
    return _line(*fields)


def record_text(result: IntakeResult) -> str:
    """The record of an applied intake (see the module's docstring)."""
    lines = [
        HEADING,
        f"{_TIME}{result.when:%Y-%m-%d %H:%M:%S}",
        f"来源：{result.source_name}",
        f"来源 SHA-256：{result.source_sha256 or '（文件夹，无）'}",
        f"单位：{result.unit or '按文件夹'}（{result.unit_source}）",
    ]
    if result.wrappers:
        lines.append(f"去掉的外层文件夹：{'/'.join(result.wrappers)}")
    lines += [f"结果：{result.summary()}", ""]
    if result.recovered:
        lines.append("解压工具用错编码读出的乱码名称，已按 GBK 还原（乱码、还原后的名称）：")
        lines += [_line(garbled, name) for garbled, name in result.recovered]
        lines.append("")
    placed = [item for item in result.items if item.destination is not None]
    if placed:
        lines.append("收取的文件（结果、SHA-256、存放位置、压缩包中的位置、材料编号）：")
        lines += [_file_line(item) for item in placed]
        lines.append("")
    others = [item for item in result.items if item.destination is None]
    if others:
        lines.append("未收取和已忽略的文件（结果、压缩包中的位置、原因）：")
        lines += [_line(item.outcome.label, item.source, item.reason) for item in others]
        lines.append("")
    return "\n".join(lines)


def record_bytes(result: IntakeResult) -> bytes:
    return note_bytes(record_text(result))


def received_dates(workspace: Workspace) -> dict[str, dt.date]:
    """Path relative to evidence/ → the date it was first stored by intake, from every record under intake/.

    A record that cannot be read or parsed adds nothing: the dates are a convenience, never a reason to fail.
    """
    found: dict[str, dt.date] = {}
    try:
        names = sorted(os.listdir(intake_dir(workspace)))
    except OSError:
        return found
    for name in names:
        if not name.endswith(RECORD_ENDING):
            continue
        try:
            text = (intake_dir(workspace) / name).read_text("utf-8-sig", errors="replace")
        except OSError:
            continue
        _read_record(text, found)
    return found


def _read_record(text: str, found: dict[str, dt.date]) -> None:
    lines = text.splitlines()
    if not lines or lines[0].strip() != HEADING:
        return
    day = None
    for line in lines[1:4]:
        if line.startswith(_TIME):
            try:
                day = dt.date.fromisoformat(line.removeprefix(_TIME)[:10])
            except ValueError:
                return
    if day is None:
        return
    for line in lines:
        fields = line.split("\t")
        if len(fields) >= 4 and fields[0] in _STORED and fields[2].startswith("evidence/"):
            path = fields[2].removeprefix("evidence/")
            if path not in found or day < found[path]:
                found[path] = day
