"""Who provides a material item: the units, groups or enforcement fields named before 提供.

``县财政局提供…`` names one unit; ``工信商务、生态环境…等重点执法部门提供…`` names departments by field;
``各乡镇、各执法部门特别是…`` names groups (the 特别是 part only stresses some of them);
``县政府办联合县发改、财政等部门…`` names units that provide together (any of them will do). Where no
words precede 提供, ``在…各领域`` and ``…部门的`` at the start of a clause name the providers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fzcj.data.table_import.cell_text import split_top
from fzcj.data.table_import.directory import Directory

PREFIX = re.compile(
    r"^(除档案资料外[，,]?|\d+\s*[-－—~至、]\s*\d+\s*项?\s*(合并提供[:：]?|由)|合并提供[:：]|\d+[.．、](?!\d)|请)"
)
TRAILING_GROUP = re.compile(r"等(各)?(重点|有关|相关)?(行政)?(执法)?(部门|单位)(（单位）)?(进行\S*)?$")
TRAILING_WORDS = re.compile(r"(分别|同时|均|各自|共同|负责|牵头)+$")


@dataclass
class Subject:
    names: list[str]
    each: bool
    joint: bool = False
    union: bool = False  # 同时分别提供: everyone named before in the sentence
    dropped: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # field words resolved to a unit


def strip_prefix(text: str) -> str:
    while True:
        new = PREFIX.sub("", text, count=1)
        if new == text:
            return text
        text = new


def subject_heads(text: str) -> list[str]:
    """The words before 提供 that may name units (the clause just before it, then the first clause),
    without prefixes, 特别是…, 分别; empty when nothing precedes 提供."""
    body = strip_prefix(text)
    at = body.find("提供")
    if at <= 0:
        return []
    clauses = split_top(body[:at], "，,")
    last = clauses[-1]
    if len(clauses) > 1 and last.startswith(("联合", "会同", "配合")):  # 县卫健局牵头，联合县财政局提供…
        last = TRAILING_WORDS.sub("", clauses[-2]) + last
    heads = [
        TRAILING_WORDS.sub("", c.split("特别是")[0]).removeprefix("由")
        for c in dict.fromkeys([last, clauses[0]])
    ]
    return [h for h in heads if h]


def subject_head(text: str) -> str | None:
    heads = subject_heads(text)
    return heads[0] if heads else None


def parse_names(head: str, directory: Directory) -> Subject | None:
    """Units and groups in ``head``; runs joined by 、 that hold an unknown word are dropped."""
    every = bool(re.search(r"等各(部门|单位)(（单位）)?$", head))
    group = directory.resolve("各部门") if every else None
    head = TRAILING_GROUP.sub("", head)
    if every and group:
        return Subject([group], each=True)
    runs: list[list[tuple[str, str | None]]] = [[]]
    for piece in split_top(head, "、"):
        parts = resolve_piece(piece, directory)
        for n, part in enumerate(parts):
            if n:
                runs.append([])
            runs[-1].append(part)
    names: list[str] = []
    dropped: list[str] = []
    fields: list[str] = []
    for run in runs:
        if any(name is None for _, name in run):
            dropped += [word for word, _ in run]
            continue
        for word, name in run:
            assert name is not None
            if name not in names:
                names.append(name)
            if directory.is_field(word):
                fields.append(f"{word}→{name}")
    if not names:
        return None
    joint = bool(re.search("联合|会同", head))
    each = not joint and (len(names) > 1 or any(n in directory.groups for n in names))
    return Subject(names, each=each, joint=joint, dropped=dropped, fields=fields)


def resolve_piece(piece: str, directory: Directory) -> list[tuple[str, str | None]]:
    """One 、-separated piece: a name, or names joined by 和/及/与/联合 (each a run of its own)."""
    piece = piece.strip()
    found = directory.resolve(piece)
    if found is None and piece.endswith("部门") and len(piece) > 3:
        found = directory.resolve(piece[:-2])
        piece = piece[:-2] if found else piece
    if found is not None:
        directory.seen(piece, found)
        return [(piece, found)]
    parts = [p for p in re.split(r"联合|会同|和|及|与", piece) if p]
    if parts != [piece]:
        result: list[tuple[str, str | None]] = []
        for part in parts:
            name = directory.resolve(part)
            if name is not None:
                directory.seen(part, name)
            result.append((part, name))
        return result
    return [(piece, None)]


def subject_of(text: str, directory: Directory) -> Subject | None:
    """Who ``text`` says provides it, or None."""
    body = strip_prefix(text)
    if body.find("提供") > 0:
        subjects = (parse_names(head, directory) for head in subject_heads(body))
        return next((s for s in subjects if s is not None), None)
    for pattern in (
        r"^(\d{4}年(\d{1,2}月)?以来)?(?P<list>[^，,的]+?)部门的",
        r"在(?P<list>[^，,在]+?)各?领域",
    ):
        if m := re.search(pattern, body):
            subject = parse_names(m["list"], directory)
            if subject and not subject.dropped:
                return subject
    return None
