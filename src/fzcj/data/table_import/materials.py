"""Split a 主要提供资料 cell into checkable material items: text, kind, providers, each, min, max.

The rules follow how such cells are written: sentences (。；) are items; within a sentence a comma
starts a new item when both sides name a deliverable (…情况说明，…的资料), when one side is a check
(实地核查、网上核查), when a count follows (任选5个, 举3个例子) or when another unit speaks
(县政府办提供…，县委政法委提供…); a comma before 包括/注明/以及 continues the item. A list joined by 、
is split when every part names a deliverable. ``提供X清单及其公开网址`` becomes two items, each piece of
the cell asked for once: ``提供X清单`` (the list) and ``及其公开网址`` (a url item); ``X（附案卷）`` becomes
X and ``附案卷`` (the case files, from the same providers).
Who provides an item is read from the words before 提供 (units, groups or enforcement fields), from
``在…各领域`` and from ``…部门的``; it holds for the rest of the sentence. Anything guessed carries a
reason in :attr:`Item.checks` (written as ``# 请核对`` in the YAML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fzcj.data.source_table import clean
from fzcj.data.table_import.cell_text import split_top
from fzcj.data.table_import.directory import GOVERNMENT_DEPARTMENTS, Directory
from fzcj.data.table_import.providers import Subject, strip_prefix, subject_head, subject_of

DOC_NOUNS = (
    "说明", "资料", "材料", "清单", "目录", "文件", "记录", "报告", "意见", "意见书", "纪要", "案例", "名录",
    "网址", "情况", "样本", "规定", "方案", "指南", "体系", "案卷", "证件", "结果", "数", "学法",
    "台账", "照片", "截图", "总结", "计划", "通知", "通报", "证明", "决定书", "协议", "合同", "证书", "简报",
    "汇编", "统计表", "登记表", "一览表", "明细表",
)  # fmt: skip
MODIFIER = re.compile(
    r"^(包括|包含|并注明|注明|标注|案例中|其中|如有|没有则|如无|应当|以及其中|并附|含|即|并标注|联合|会同|配合)"
)
COUNT_START = re.compile(r"^并?(任选|举|至少|不少于)\s*\d")
INCLUDES_UNITS = re.compile(
    r"^包括(所属|本级|各)?(乡镇|街道|乡镇（街道）)(和|及|、)(所属|各)?(部门|单位|部门（单位）)$"
)
URL_TAIL = re.compile(r"^(.+?)(及其?(?:公开|公布)?网址)$")
URL_HEAD = re.compile(r"^(.+网址)(及.+)$")
ATTACHED = re.compile(r"^(.+?)（(附(?:案卷|音像记录|音像资料))）$")


@dataclass
class Item:
    text: str
    kind: str = "document"
    providers: list[str] | None = None
    each: bool = False
    min: int | None = None
    max: int | None = None
    checks: list[str] = field(default_factory=list)


def doc_end(text: str) -> bool:
    """Whether ``text`` ends with a deliverable (…说明, …清单, …网址, …人数), brackets after it ignored."""
    value = text.strip()
    while True:
        new = re.sub(r"[（(][^（()）]*[）)]$", "", value).rstrip("”’\"'")
        if new == value:
            break
        value = new
    return value.endswith(DOC_NOUNS)


def is_check(text: str) -> bool:
    """``实地核查…``, ``网上核查``, ``…（网上核查）``: prepared for the assessors, never merged with a document."""
    if re.match(r"^(实地核查|网上核查)", text):
        return True
    return bool(re.search(r"[（(](实地核查|网上核查|大厅暗访)[）)]$", text))


def kind_of(text: str) -> str:
    """The material kind an item's words suggest (a list of case files is a document)."""
    if "实地核查" in text or "暗访" in text:
        return "onsite_check"
    if "网上核查" in text:
        return "online_check"
    if "网址" in text and "或网址" not in text:
        return "url"
    if re.search(r"承诺(材料|资料|书|函)", text):
        return "commitment"
    if re.search(r"(清单|目录)$", text):
        return "document"
    if (
        ("案卷" in text and "评查" not in text)
        or "音像记录" in text
        or re.search(r"案件办理(材料|资料)", text)
    ):
        return "case_files"
    return "document"


def counts(text: str) -> tuple[int | None, int | None]:
    """(min, max) files: 任选5个 → (5, None), 任选3-5个 → (3, 5), 举3个例子 → (3, None), 不超过5份 → (None, 5)."""
    low = high = None
    if m := re.search(r"任选\s*(\d+)\s*[-－—~至到]\s*(\d+)\s*[个份件家例]", text):
        low, high = int(m[1]), int(m[2])
    elif m := re.search(r"(任选|至少|不少于)\s*(\d+)\s*[个份件家例]", text):
        low = int(m[2])
    elif m := re.search(r"举\s*(\d+)\s*个(例子|案例|事例)", text):
        low = int(m[1])
    if m := re.search(r"(不超过|最多|至多)\s*(\d+)\s*[个份件家例]", text):
        high = int(m[2])
    return low, high


def sentences(text: str) -> list[str]:
    """Sentences end at 。 and ；, not inside brackets or quotes."""
    return [s.strip() for s in split_top(text, "。；;") if s.strip(" ，,")]


def clause_pieces(sentence: str, directory: Directory) -> list[str]:
    """The comma-separated clauses of a sentence, joined into items (see :func:`_split_before`).

    ``除档案资料外`` and a clause ending in 的 (``在网上专栏公开的，附相关网址``) always join the next one.
    """
    clauses = [c.strip() for c in split_top(sentence, "，,") if c.strip()]
    merged: list[str] = []
    i = 0
    while i < len(clauses):
        clause = clauses[i]
        while i + 1 < len(clauses) and (not strip_prefix(clause) or clause.endswith("的")):
            i += 1
            clause += "，" + clauses[i]
        merged.append(clause)
        i += 1
    if not merged:
        return []
    pieces = [merged[0]]
    closed = False
    for clause in merged[1:]:
        if _split_before(pieces[-1], clause, closed, directory):
            pieces.append(clause)
            closed = False
        else:
            pieces[-1] += "，" + clause
            closed = closed or bool(MODIFIER.match(clause))
    return pieces


def _split_before(a: str, b: str, closed: bool, directory: Directory) -> bool:
    """Whether clause ``b`` starts a new item after ``a``; ``closed`` once a 包括/注明… clause continued ``a``."""
    if INCLUDES_UNITS.match(b) or is_check(a) or is_check(b) or COUNT_START.match(b):
        return True
    if MODIFIER.match(b):
        return False
    if subject_head(b) and subject_of(b, directory):
        return True
    if closed:
        return False
    return _provides(a, directory) and doc_end(a) and doc_end(b)


def _provides(text: str, directory: Directory) -> bool:
    """``提供…`` or ``<units>提供…``: a clause that asks for something."""
    body = strip_prefix(text)
    if body.startswith("提供"):
        return True
    return subject_head(body) is not None and subject_of(body, directory) is not None


def sub_split(piece: str, directory: Directory) -> list[str]:
    """Split one piece at 、 lists of deliverables, 以及, 及网址 and （附案卷）."""
    body = strip_prefix(piece)
    at = body.find("提供")
    cut = len(piece) - len(body) + at + 2 if at >= 0 and (at == 0 or subject_of(body, directory)) else 0
    head, obj = piece[:cut], piece[cut:]
    parts = split_top(obj, "、")
    out: list[str] = [piece]
    if (
        len(parts) > 1
        and counts(piece) == (None, None)
        and (all(map(doc_end, parts)) or all(map(is_check, parts)))
    ):
        joined: list[str] = []
        for part in parts:
            if joined and joined[-1].endswith("数") and part.endswith("数"):
                joined[-1] += "、" + part
            else:
                joined.append(part)
        out = [head + joined[0], *joined[1:]]
    return [sub for part in out for yiji in _split_yiji(part) for sub in _split_url(yiji)]


def _split_yiji(text: str) -> list[str]:
    """``…文件以及…审查意见`` (no comma before 以及, deliverables on both sides) → two items."""
    m = re.match(r"^(.+?[^，,])(以及.+)$", text)
    if m and doc_end(m[1]) and doc_end(m[2]):
        return [m[1], m[2]]
    return [text]


def _split_url(text: str) -> list[str]:
    """``X及公开网址`` → X and the address; ``…网址及Y`` → both; ``X（附案卷）`` → X and 附案卷."""
    if (m := URL_TAIL.match(text)) and not m[1].endswith("或"):
        return [m[1], m[2]]
    if (m := URL_HEAD.match(text)) or (m := ATTACHED.match(text)):
        return [m[1], m[2]]
    return [text]


def draft_items(cell: str, lead_units: list[str], directory: Directory) -> list[Item]:
    """The material items of one cell (empty list for an empty cell)."""
    items: list[Item] = []
    for sentence in sentences(clean(cell)):
        current: Subject | None = None
        named: list[str] = []
        for piece in clause_pieces(sentence, directory):
            subject = subject_of(piece, directory)
            include = INCLUDES_UNITS.match(piece)
            if include:
                subject = _included(include, directory)
            elif subject is None and re.match(r"^(同时)?分别提供", strip_prefix(piece)):
                subject = Subject(list(named), each=True, union=True)
            if subject is not None and not include:
                current = subject
                named += [n for n in subject.names if n not in named]
            subject = subject or current
            for text in sub_split(piece, directory):
                item = _item(text.strip("，, "), subject, lead_units)
                if include and items:
                    item.kind = items[-1].kind
                    item.checks.append("“包括…”所列单位推定为提供单位，请确认")
                items.append(item)
    return items


def _included(match: re.Match[str], directory: Directory) -> Subject | None:
    """``包括所属乡镇和部门``: the towns, and the departments; ``所属`` departments are the government's own
    working departments (a group drafted for it), not every unit of the county."""
    own = "所属" in (match[1] or "", match[4] or "") and match[5] == "部门"
    words = [match[2], "" if own else match[5]]
    names = [n for w in words if w and (n := directory.resolve(w))]
    if own:
        names.append(directory.add_group(GOVERNMENT_DEPARTMENTS))
    return Subject(names, each=True) if names else None


def _item(text: str, subject: Subject | None, lead_units: list[str]) -> Item:
    low, high = counts(text)
    item = Item(text=text, kind=kind_of(text), min=low, max=high)
    if "或网址" in text:
        item.checks.append("可提供清单或网址，类别按文件资料处理")
    if subject is not None:
        same_as_lead = set(subject.names) == set(lead_units)
        item.providers = None if same_as_lead else list(subject.names)
        item.each = subject.each or subject.union
        if subject.fields and not same_as_lead:
            item.checks.append("提供单位由领域名称推定：" + "、".join(dict.fromkeys(subject.fields)))
        if subject.dropped:
            item.checks.append("未能识别为单位，未列入提供单位：" + "、".join(subject.dropped))
        if subject.joint:
            item.checks.append("多个单位联合提供，任一单位提供即可（each: false）")
    return item
