"""Read the YAML data files into models, turning every mistake into a :class:`Problem` with a position.

:mod:`fzcj.yamldoc` turns the text into plain Python (or problems with positions); pydantic validates
it here, and each pydantic error's ``loc`` is walked back through the node tree to a line and column.
A file parsed ahead by :mod:`fzcj.preparse` arrives as text and data without a node tree: the tree is
composed only when a position is asked for, so a valid file is never parsed twice.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from fzcj import preparse
from fzcj.problems import Problem

if TYPE_CHECKING:
    import yaml

    from fzcj.yamldoc import Position

M = TypeVar("M", bound=BaseModel)


class Parsed:
    """A data file as Python data, with its text; its node tree (for positions) is made on first use."""

    def __init__(self, data: Any, text: str, root: yaml.Node | None = None) -> None:
        self.data = data
        self.text = text
        self._root = root

    @property
    def root(self) -> yaml.Node:
        if self._root is None:
            from fzcj.yamldoc import compose

            self._root = compose(self.text)
        return self._root

    def position(self, loc: tuple[int | str, ...]) -> Position:
        """Line and column of the value at ``loc``, or of the deepest node on the way to it."""
        from fzcj.yamldoc import node_position

        return node_position(self.root, loc)[0]

    def key_position(self, loc: tuple[int | str, ...]) -> Position:
        """Line and column of the key that ends ``loc`` (for unknown keys), or of its mapping."""
        from fzcj.yamldoc import key_position

        return key_position(self.root, loc)


def parse(text: str, rel: str, problems: list[Problem]) -> Parsed | None:
    """Parse one YAML document; syntax errors, aliases and duplicate keys become problems."""
    from fzcj.yamldoc import parse_yaml

    document = parse_yaml(text, rel, problems)
    return None if document is None else Parsed(document.data, text, document.root)


def validate(model: type[M], parsed: Parsed, rel: str, problems: list[Problem]) -> M | None:
    """Validate parsed data against ``model``; every pydantic error becomes a positioned problem."""
    try:
        return model.model_validate(parsed.data)
    except ValidationError as exc:
        # A value that could not be read (bad date, unknown tag) is None now: do not report it twice.
        reported = {(p.line, p.column) for p in problems if p.path == rel}
        for error in exc.errors(include_url=False):
            problem = _error_problem(model, error, parsed, rel)
            if problem.code != "wrong-type" or (problem.line, problem.column) not in reported:
                problems.append(problem)
        return None


def _error_problem(model: type[BaseModel], error: Any, parsed: Parsed, rel: str) -> Problem:
    loc = tuple(part for part in error["loc"] if not _is_union_tag(part))
    kind = error["type"]
    field = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        pos = parsed.key_position(loc)
        message = f"未知字段「{field}」"
        suggestion = _suggest_field(model, loc)
        hint = _keyboard_hint(field)
        if hint:
            message += f"：其中{hint}"
        elif suggestion:
            message += f"，是不是「{suggestion}」？"
        return Problem(rel, pos.line, pos.column, "unknown-key", message)
    if kind == "missing":
        pos = parsed.position(loc[:-1])
        return Problem(rel, pos.line, pos.column, "missing-field", f"缺少必填字段「{field}」")
    pos = parsed.position(loc)
    return Problem(rel, pos.line, pos.column, "wrong-type", _type_message(field, error))


_MAPPING_TYPES = frozenset({"model_type", "dict_type", "model_attributes_type"})  # "key：value" lands here


def _keyboard_hint(text: str) -> str | None:
    from fzcj.yamldoc import chinese_keyboard_hint  # an error path: the node tree is composed anyway

    return chinese_keyboard_hint(text)


def _is_union_tag(part: int | str) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "list", "none"})


def _type_message(field: str, error: Any) -> str:
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    where = f"字段「{field}」" if field and not field.isdigit() else "这一项"
    simple = {
        "string_type": "应为文字",
        "list_type": "应为列表（每项以“- ”开头）",
        "model_type": "应为“键: 值”形式的映射",
        "dict_type": "应为“键: 值”形式的映射",
        "model_attributes_type": "应为“键: 值”形式的映射",
        "int_type": "应为整数",
        "int_parsing": "应为整数",
        "int_from_float": "应为整数",
        "bool_type": "应为 true 或 false",
        "bool_parsing": "应为 true 或 false",
        "date_type": "应为日期（YYYY-MM-DD）",
        "date_parsing": "应为日期（YYYY-MM-DD）",
        "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
        "date_from_datetime_inexact": "应为日期（YYYY-MM-DD），不要带时间",
        "string_too_short": "不能为空",
        "finite_number": "应为整数",
    }
    if kind == "date_from_datetime_inexact" and not isinstance(error.get("input"), dt.datetime):
        kind = "date_type"  # a bare number such as 2022 is read by pydantic as a Unix timestamp
    if kind in simple:
        value = error.get("input")
        hint = _keyboard_hint(value) if isinstance(value, str) and kind in _MAPPING_TYPES else None
        return f"{where}{simple[kind]}" + (f"（这里{hint}）" if hint else "")
    if kind == "enum":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{where}应为以下之一：{'、'.join(_with_label(c) for c in choices)}"
    if kind == "too_short" and isinstance(error.get("input"), str):
        return f"{where}不能为空"
    if kind == "too_short":
        return f"{where}至少应有 {ctx.get('min_length', 1)} 项"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        sign = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<", "less_than_equal": "≤"}
        limit = next(iter(ctx.values()), "")
        return f"{where}应 {sign[kind]} {limit}"
    return f"{where}取值无效（{kind}）"


def _with_label(value: str) -> str:
    """``online_check（网上核查）``: the value to write, and what it means."""
    from fzcj.model import MaterialKind, TaskKind

    for kinds in (MaterialKind, TaskKind):
        if value in kinds.__members__:
            return f"{value}（{kinds(value).label}）"
    return value


def _suggest_field(model: type[BaseModel], loc: tuple[int | str, ...]) -> str | None:
    target = _model_at(model, loc[:-1])
    if target is None:
        return None
    matches = difflib.get_close_matches(str(loc[-1]), list(target.model_fields), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def load_model(
    model: type[M], path: Path, rel: str, problems: list[Problem]
) -> tuple[M | None, Parsed | None]:
    """Read, parse and validate one YAML file; problems are appended, never raised."""
    ahead = preparse.take(str(path))
    if ahead is not None:
        parsed: Parsed | None = Parsed(ahead.data, ahead.text)
    else:
        from fzcj.yamldoc import read_text

        text = read_text(path, rel, problems)
        if text is None:
            return None, None
        parsed = parse(text, rel, problems)
    if parsed is None:
        return None, None
    if not isinstance(parsed.data, dict):
        pos = parsed.position(())
        problems.append(
            Problem(
                rel, pos.line, pos.column, "wrong-type", "文件顶层应为“键: 值”形式的映射，而不是列表或单个值"
            )
        )
        return None, parsed
    return validate(model, parsed, rel, problems), parsed
