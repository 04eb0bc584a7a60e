"""Collect the units and groups a table names, and write the draft of ``data/units.yaml``.

Units come from the 牵头单位 column (names glued together, like ``县工信局县财政局``, are split when the
other names of the table make it unambiguous; ``县政府办公室（审批服务局）`` is an alias of
``县政府办公室``) and from the words before 提供 in the 主要提供资料 column. Groups come from the
责任单位 column and from collective names (各乡镇, 各行政执法部门 …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from fzcj.data.names import normalize
from fzcj.data.source_table import clean
from fzcj.data.table_import.cell_text import split_top
from fzcj.data.table_import.directory import GOVERNMENT_DEPARTMENTS, TOWN, UNIT_SUFFIX, Directory, group_key
from fzcj.data.table_import.materials import sentences
from fzcj.data.table_import.providers import parse_names, resolve_piece, subject_head
from fzcj.data.table_import.rows import Table

CATEGORIES = (
    ("党委部门和机构", ("党委部门", "党委议事协调机构办事机构", "纪检监察机关", "人大机关", "政协机关")),
    ("政府部门和单位", ("政府部门", "政府直属单位", "分局", "垂直管理", "其他")),
    ("司法机关", ("司法机关",)),
    ("乡镇（街道）", ("乡镇",)),
)
_SEPARATORS = r"[\n、，,；;]+"


def lead_parts(cell: str) -> list[str]:
    return [clean(p) for p in re.split(_SEPARATORS, cell) if clean(p)]


def collect_units(table: Table, directory: Directory, notes: list[str]) -> dict[str, list[str]]:
    """Fill ``directory`` from the table; return the glued lead-cell parts and how they were split."""
    parts = [p for row in table.rows for p in lead_parts(row.lead)]
    directory.detect_prefix(parts, directory.prefix)
    distinct = list(dict.fromkeys(parts))
    plain = [p for p in distinct if not re.search(r"[（(]", p)]
    glued: dict[str, list[str]] = {}
    for part in plain:
        pieces = decompose(part, [p for p in plain if p != part])
        if len(pieces) > 1:
            glued[part] = pieces
    for part in plain:
        if part not in glued:
            directory.add_unit(part, "牵头单位")
    for part in distinct:
        if part in plain:
            continue
        base = directory.resolve(part)
        if base is not None:
            directory.seen(part, base)
        else:
            directory.add_unit(part, "牵头单位")
    for part in plain:
        if part in glued:
            continue
        if directory.prefix and part.count(directory.prefix) > 1 and _looks_glued(part, directory.prefix):
            pieces = _split_by_prefix(part, directory.prefix)
            glued[part] = pieces
            del directory.units[part]
            for piece in pieces:
                directory.add_unit(piece, "牵头单位")
    for row in table.rows:
        for name in re.split(_SEPARATORS, row.responsible):
            name = clean(name)
            if name and _is_group_name(name):
                known = directory.resolve(name)
                directory.add_group(known if known is not None and known in directory.groups else name)
            elif name and directory.resolve(name) is None and UNIT_SUFFIX.search(name):
                directory.add_unit(name, "责任单位")
    _discover_in_materials(table, directory)
    for part, pieces in glued.items():
        notes.append(f"牵头单位“{part}”是几个单位名称连写，已拆为：{'、'.join(pieces)}，请核对")
    return glued


def decompose(text: str, names: list[str]) -> list[str]:
    """``text`` as a sequence of known names (longest first), or [text] when it is not one."""
    ordered = sorted(names, key=len, reverse=True)
    result: list[str] = []
    rest = text
    while rest:
        head = next((n for n in ordered if rest.startswith(n)), None)
        if head is None:
            return [text]
        result.append(head)
        rest = rest[len(head) :]
    return result


def _looks_glued(part: str, prefix: str) -> bool:
    return bool(re.search(rf"(局|办|室|部|委|院|中心){re.escape(prefix)}", part))


def _split_by_prefix(part: str, prefix: str) -> list[str]:
    return [
        p
        for p in re.split(
            rf"(?<=局|办|室|部|委|院)(?={re.escape(prefix)})|(?<=中心)(?={re.escape(prefix)})", part
        )
        if p
    ]


def _is_group_name(name: str) -> bool:
    return name.startswith(("各", "所属", "有关", "相关")) or name in ("乡镇", "街道")


def _discover_in_materials(table: Table, directory: Directory) -> None:
    """Units only the 主要提供资料 column names, e.g. ``旅游和文体广电局`` in a list of providers."""
    for row in table.rows:
        for sentence in sentences(clean(row.materials)):
            for clause in split_top(sentence, "，,"):
                head = subject_head(clause)
                if not head:
                    continue
                for piece in split_top(re.sub(r"等(各)?(重点)?(执法)?(部门|单位).*$", "", head), "、"):
                    piece = piece.strip()
                    if not piece or any(name is not None for _, name in resolve_piece(piece, directory)):
                        continue
                    if _is_group_name(piece) or re.search(r"部门|机关|单位|小组|领导", piece):
                        continue
                    if UNIT_SUFFIX.search(piece) and len(piece) <= 12:
                        bare = TOWN.match(piece) or piece.startswith(directory.prefix)
                        name = piece if bare else directory.prefix + piece
                        directory.add_unit(name, "主要提供资料")
                        directory.seen(piece, name)


def draft_members(table: Table, directory: Directory) -> dict[str, tuple[list[str], str]]:
    """Members of each group with the reason to check them."""
    result: dict[str, tuple[list[str], str]] = {}
    towns = [u for u, t in directory.units.items() if t == "乡镇"]
    others = [u for u, t in directory.units.items() if t != "乡镇"]
    for group in directory.groups:
        key = group_key(group)
        if key in ("乡镇", "街道", "乡镇街道") or "乡镇" in key:
            why = (
                "成员为表中出现的乡镇（街道）"
                if towns
                else "表中没有列出乡镇（街道）名称：请在 units 中逐个添加本地乡镇（街道）并列在这里"
            )
            result[group] = (towns, why)
        elif group == GOVERNMENT_DEPARTMENTS:
            result[group] = (
                [u for u in others if directory.units[u] in ("政府部门", "分局")],
                "“所属部门”指本级政府的工作部门：暂列类型为政府部门和分局的单位，请按本地实际增删",
            )
        elif "执法" in key:
            result[group] = (
                _enforcement(table, directory, group),
                "表中没有集中列出执法部门，以下为表中点名提供执法材料的单位，请按本地实际增删",
            )
        elif key in ("部门", "单位", "部门单位"):
            result[group] = (others, "暂列表中出现的全部县级单位（不含乡镇），请按本地实际增删")
        else:
            result[group] = ([], "无法推断成员，请填写")
    return result


def _enforcement(table: Table, directory: Directory, group: str) -> list[str]:
    """Units the table names as providers by enforcement field, or in lists of tasks owed by ``group``."""
    found: list[str] = []
    for row in table.rows:
        responsible = {directory.resolve(n) for n in re.split(_SEPARATORS, row.responsible)}
        text = clean(row.materials)
        heads = [h for s in sentences(text) for c in split_top(s, "，,") if (h := subject_head(c))]
        heads += re.findall(r"特别是([^，,]+?)等", text)
        heads += re.findall(r"在([^，,在]+?)各?领域", text)
        heads += re.findall(r"^(?:\d{4}年以来)?([^，,的]+?)部门的", text)
        for head in heads:
            subject = parse_names(head, directory)
            if subject is None or not (subject.fields or (group in responsible and len(subject.names) > 1)):
                continue
            found += [
                n
                for n in subject.names
                if directory.units.get(n, "司法机关") != "司法机关" and n not in found
            ]
    return found


def units_document(
    table: Table, directory: Directory
) -> tuple[dict[str, Any], dict[tuple[str | int, ...], list[str]]]:
    units: list[dict[str, Any]] = []
    comments: dict[tuple[str | int, ...], list[str]] = {}
    for title, types in CATEGORIES:
        names = [u for u, t in directory.units.items() if t in types]
        for n, name in enumerate(names):
            path: tuple[str | int, ...] = ("units", len(units))
            notes = [f"── {title} ──"] if n == 0 else []
            entry: dict[str, Any] = {"name": name}
            aliases = directory.unit_aliases(name)
            if aliases:
                entry["aliases"] = aliases
            entry["type"] = directory.units[name]
            if entry["type"] == "其他":
                notes.append("请核对：无法从名称判断单位类型")
            if directory.origin.get(name) == "主要提供资料":
                notes.append("请核对：此单位只在“主要提供资料”栏中出现，名称由简称补全")
            elif directory.origin.get(name) == "命令行":
                notes.append("请核对：协调办公室不在表中，按 --office 添加")
            if notes:
                comments[path] = notes
            units.append(entry)
    groups: list[dict[str, Any]] = []
    for group, (members, why) in draft_members(table, directory).items():
        path = ("groups", len(groups))
        entry = {"name": group}
        aliases = _group_aliases(group, directory.aliases.get(group, []))
        if aliases:
            entry["aliases"] = aliases
        entry["members"] = members
        comments[path] = [f"请核对：{why}"]
        groups.append(entry)
    return {"units": units, "groups": groups}, comments


def _group_aliases(group: str, seen: Iterable[str]) -> list[str]:
    result = [a for a in seen if len(a) >= 3 and a != group]
    inner = re.match(r"^各(.+?)[（(](.+?)[）)]$", normalize(group))
    if inner:
        result += [f"各{inner.group(1)}", f"各{inner.group(2)}"]
    return list(dict.fromkeys(a for a in result if a != group))
