"""Read the YAML data files into models, turning every mistake into a :class:`Problem` with a position.

:mod:`fzcj.data.yamlsource` turns the text into plain Python (or problems with positions); pydantic
validates it here, and each pydantic error's ``loc`` is walked back through the node tree to a line and
column. A file found in the parse cache (:mod:`fzcj.data.cache`) is validated from there without PyYAML:
its node tree is composed only when a rule asks for a position, so a valid file is parsed once at most.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from fzcj.data.cache import ParseCache
from fzcj.errors import os_error_text
from fzcj.problems import Problem

if TYPE_CHECKING:
    from fzcj.data.yamlsource import Node, Position

M = TypeVar("M", bound=BaseModel)


MAX_DATA_BYTES = 16 << 20
"""A data file larger than this is refused (the real table is about 300 KB)."""


class Parsed:
    """A data file as Python data, with its text; its node tree (for positions) is made on first use."""

    def __init__(self, data: Any, text: str, root: Node | None = None) -> None:
        self.data = data
        self.text = text
        self._root = root

    @property
    def root(self) -> Node:
        if self._root is None:
            from fzcj.data.yamlsource import compose

            self._root = compose(self.text)
        return self._root

    def position(self, loc: tuple[int | str, ...]) -> Position:
        """Line and column of the value at ``loc``, or of the deepest node on the way to it."""
        from fzcj.data.yamlsource import node_position

        return node_position(self.root, loc)[0]

    def key_position(self, loc: tuple[int | str, ...]) -> Position:
        """Line and column of the key that ends ``loc`` (for unknown keys), or of its mapping."""
        from fzcj.data.yamlsource import key_position

        return key_position(self.root, loc)


def parse(text: str, rel: str, problems: list[Problem]) -> Parsed | None:
    """Parse one YAML document; syntax errors, aliases and duplicate keys become problems."""
    from fzcj.data.yamlsource import parse_yaml

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
    from fzcj.data.yamlsource import chinese_keyboard_hint  # an error path: the node tree is composed anyway

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
    from fzcj.data.model import MaterialKind, TaskKind

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


def read_data_file(path: Path, rel: str, problems: list[Problem]) -> bytes | None:
    """The bytes of a data file; what stands in the way (missing, a folder, a pipe or device, too
    large, unreadable) becomes a problem. Opening never blocks on a pipe."""
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        problems.append(Problem(rel, 0, 0, "missing-file", "文件不存在"))
        return None
    except IsADirectoryError:
        problems.append(Problem(rel, 0, 0, "io-error", "这里应是文件，却是一个文件夹"))
        return None
    except OSError as exc:
        problems.append(Problem(rel, 0, 0, "io-error", f"无法读取文件：{os_error_text(exc)}"))
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            problems.append(Problem(rel, 0, 0, "io-error", "这里应是文件，却是一个文件夹"))
            return None
        if not stat.S_ISREG(st.st_mode):
            problems.append(
                Problem(
                    rel,
                    0,
                    0,
                    "io-error",
                    "这里应是普通文件，却是管道、设备或其他特殊文件：请换成真正的数据文件",
                )
            )
            return None
        if st.st_size > MAX_DATA_BYTES:
            size = f"{st.st_size / (1 << 20):.0f} MB"
            problems.append(
                Problem(rel, 0, 0, "io-error", f"文件过大（{size}，上限 16 MB），不像是数据文件，未读取")
            )
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_DATA_BYTES + 1)
    except OSError as exc:
        problems.append(Problem(rel, 0, 0, "io-error", f"无法读取文件：{os_error_text(exc)}"))
        return None
    finally:
        os.close(fd)


def load_model(
    model: type[M], path: Path, rel: str, problems: list[Problem], cache: ParseCache | None = None
) -> tuple[M | None, Parsed | None]:
    """Read, parse and validate one YAML file; problems are appended, never raised.

    With a ``cache``, a file whose bytes were loaded before without a problem is validated from the
    cached data (PyYAML is not even imported); a file that loads without a problem is cached.
    """
    raw = read_data_file(path, rel, problems)
    if raw is None:
        return None, None
    cached = cache.get(raw) if cache is not None else None
    if cached is not None and cache is not None:
        try:
            return model.model_validate_json(cached), Parsed(None, raw.decode("utf-8-sig"))
        except (ValidationError, UnicodeDecodeError, ValueError):
            cache.discard(raw)  # damaged, or written by another release: parse the file itself
    from fzcj.data.yamlsource import decode_text

    before = len(problems)
    text = decode_text(raw, rel, problems)
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
    result = validate(model, parsed, rel, problems)
    if result is not None and cache is not None and len(problems) == before:
        cache.put(raw, parsed.data)
    return result, parsed
