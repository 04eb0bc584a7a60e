"""The YAML side of reading a data file: text to plain Python, and positions back from the node tree.

The YAML is composed into a node tree first (every node carries its ``start_mark``) and converted to
plain Python by hand, so that anchors/aliases and duplicate keys are caught instead of silently
expanded or overwritten. :func:`node_position` walks a ``loc`` (as pydantic and the rules give it)
back through the node tree to a line and column.

PyYAML is imported here only: a command whose data files are in the parse cache
(:mod:`fzcj.data.cache`) and valid never needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from fzcj.problems import Problem

Node = yaml.Node
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_NODES = 200_000
_MAX_DEPTH = 100  # the data files nest about 10 deep; deeper input would exhaust Python's recursion limit


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Document:
    """A YAML document as Python data plus its node tree."""

    data: Any
    root: yaml.Node


def compose(text: str) -> yaml.Node:
    """The node tree of a document that :func:`parse_yaml` has read without a problem."""
    root = yaml.compose(text, Loader=_Loader)
    assert root is not None
    return root


class _Converter:
    def __init__(self, rel: str, problems: list[Problem]) -> None:
        self.rel = rel
        self.problems = problems
        self.seen: set[int] = set()
        self.count = 0
        self.aliased = False
        self.constructor = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.rel, mark.line + 1, mark.column + 1, code, message))

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > _MAX_NODES or depth > _MAX_DEPTH:
            raise _TooLarge(node)
        if id(node) in self.seen:
            # The composer hands back the same node object for every *alias: refuse instead of expanding.
            # The node's mark is the anchor's, so the alias itself is located later by parse_yaml.
            self.aliased = True
            return None
        if isinstance(node, yaml.MappingNode):
            self.seen.add(id(node))
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag.endswith(":merge"):
                    self.problem(key_node, "yaml-alias", "不支持 YAML 合并键（<<）")
                    continue
                key = self.convert(key_node, depth + 1)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    self.problem(key_node, "bad-key", "键必须是简单的文字")
                    continue
                if not isinstance(key, str):
                    key = key_node.value  # keys are field names: 1:, yes:, ~: as written, not a number
                if key in result:
                    self.problem(key_node, "duplicate-key", f"键「{key}」重复出现，后一个会覆盖前一个")
                result[key] = self.convert(value_node, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            self.seen.add(id(node))
            return [self.convert(item, depth + 1) for item in node.value]
        self.seen.add(id(node))
        if node.tag.endswith(":float"):
            # No field is a float: keep the text, so `id: 1.10` stays "1.10" instead of becoming 1.1.
            return node.value
        try:
            return self.constructor.construct_object(node)
        except (ValueError, yaml.YAMLError):
            if node.tag.endswith(":timestamp"):
                self.problem(node, "bad-date", f"日期「{node.value}」不存在或格式有误，应为 YYYY-MM-DD")
            elif node.tag not in self.constructor.yaml_constructors:
                self.problem(node, "bad-value", f"不支持 YAML 标签「{node.tag}」，请去掉标签直接写值")
            else:
                self.problem(node, "bad-value", f"无法按标签「{node.tag}」读取值「{node.value}」")
            return None


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _offset_position(raw: bytes, offset: int) -> Position:
    """Line and column (in characters) of byte ``offset``; the bytes before it must be valid UTF-8."""
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
    return Position(line, column)


def decode_text(raw: bytes, rel: str, problems: list[Problem]) -> str | None:
    """A data file's text; a file in another encoding (typically GBK from Windows) becomes a problem."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = _offset_position(exc.object, exc.start)  # the bytes after a BOM, as the codec saw them
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "看起来是 GBK（GB2312/GB18030）编码，Windows 记事本或 Excel 常这样保存；"
        except UnicodeDecodeError:
            pass
        problems.append(
            Problem(
                rel,
                where.line,
                where.column,
                "encoding",
                f"文件不是 UTF-8 编码，{hint}请用编辑器“另存为 UTF-8”后再试",
            )
        )
        return None


def parse_yaml(text: str, rel: str, problems: list[Problem]) -> Document | None:
    """Compose one YAML document; syntax errors, aliases and duplicate keys become problems."""
    if not text.strip():
        problems.append(Problem(rel, 1, 1, "empty-file", "文件是空的"))
        return None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context == "while scanning a simple key" and exc.context_mark is not None:
            mark = exc.context_mark  # the key without a colon, not the line after it
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = _syntax_message(exc, text, mark)
        opened = exc.context_mark if exc.context and exc.context.startswith("while parsing a flow") else None
        if opened is not None and mark is not None and opened.line != mark.line:
            # The parser gives up where the list or mapping should have ended; the bracket that was
            # never closed tells the reader which one it is.
            message += f"（没有闭合的括号在第 {opened.line + 1} 行第 {opened.column + 1} 列）"
        keyless = (
            _key_without_colon(text, mark.line) if mark and "mapping values" in str(exc.problem) else None
        )
        if keyless is not None:
            line, column, message = keyless.line, keyless.column, "YAML 语法错误：找不到应有的冒号“:”"
        slip = None if "Tab" in message else _keyboard_slip(text, line)
        if slip is not None:
            line, column, message = slip
        problems.append(Problem(rel, line, column, "yaml-syntax", message))
        return None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in bytes: find the character instead (it is nowhere allowed).
        before = text[: max(text.find(chr(exc.character)), 0)]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        message = f"文件中有不可见的控制字符（#x{exc.character:04X}），请删除"
        problems.append(Problem(rel, line, column, "yaml-syntax", message))
        return None
    except yaml.YAMLError:
        problems.append(Problem(rel, 0, 0, "yaml-syntax", "YAML 语法错误：无法解析这个文件"))
        return None
    if root is None:
        problems.append(Problem(rel, 1, 1, "empty-file", "文件中没有内容（只有注释或空行）"))
        return None
    converter = _Converter(rel, problems)
    try:
        data = converter.convert(root)
    except _TooLarge as exc:
        converter.problem(exc.node, "too-large", "文件过大或嵌套过深，已停止读取")
        return None
    if converter.aliased:
        problems.append(_alias_problem(text, rel))
        return None
    return Document(data, root)


def _key_without_colon(text: str, error_line: int) -> Position | None:
    """The sibling line above ``error_line`` that lacks its colon (``name 测试`` then ``year: 2022``).

    The parser reads such a line and the next one as one multi-line key and complains at the colon of
    the second line; the mistake is on the first.
    """
    lines = text.splitlines()
    if error_line >= len(lines):
        return None
    indent = len(lines[error_line]) - len(lines[error_line].lstrip(" "))
    for n in range(error_line - 1, -1, -1):
        stripped = lines[n].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[n]) - len(lines[n].lstrip(" ")) == indent and ":" not in stripped:
            if stripped.startswith("- "):  # a list item is not a key that lost its colon
                return None
            return Position(n + 1, indent + 1)
        return None
    return None


def _alias_problem(text: str, rel: str) -> Problem:
    """One problem at the first ``*alias`` (scanning events does not expand anything)."""
    aliases = [e for e in yaml.parse(text, Loader=_Loader) if isinstance(e, yaml.AliasEvent)]
    first = aliases[0]
    count = f"（本文件共有 {len(aliases)} 处别名）" if len(aliases) > 1 else ""
    message = f"不支持 YAML 锚点和别名（& 与 *）：请把别名「*{first.anchor}」所指的内容直接写出{count}"
    line, column = (first.start_mark.line + 1, first.start_mark.column + 1) if first.start_mark else (0, 0)
    return Problem(rel, line, column, "yaml-alias", message)


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return "这一行含有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"
    both = f"{exc.context or ''} {exc.problem or ''}"
    translations = {
        "could not find expected ':'": "找不到应有的冒号“:”",
        "mapping values are not allowed": "这里不能出现“键: 值”，可能是缩进不对或冒号后缺少空格",
        "exceeded maximum nesting depth": "嵌套层数过多",
        "found character that cannot start any token": "值不能以这个字符开头（如 @、`），请给整个值加上引号",
        "did not find expected ',' or ']'": "方括号中的列表缺少逗号或右括号“]”",
        "did not find expected ',' or '}'": "花括号中的映射缺少逗号或右括号“}”",
        "found undefined tag handle": "使用了未定义的标签（!）",
        "found duplicate anchor": "锚点（&）重复定义",
        "did not find expected alphabetic or numeric character": "锚点或别名（& 或 *）后缺少名称",
        "found character '\\t' that cannot start any token": "含有制表符（Tab），YAML 只能用空格缩进",
        "did not find expected key": "缩进不一致或缺少“- ”",
        "did not find expected '-' indicator": "列表项缩进不一致",
        "found undefined alias": "使用了未定义的别名（*）",
        "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
        "found unknown escape character": "双引号字符串中有无效的转义字符（\\）",
        "found invalid Unicode character escape code": "双引号字符串中有无效的 Unicode 转义（\\u…）",
        "but found another document": "文件中有多个 YAML 文档（---），只应有一个",
        "did not find expected node content": "这里缺少应有的内容：方括号或花括号没有写完，或在其中用了“- ”",
        "found unknown directive name": "不支持以 % 开头的指令行，请删除这一行（文字以 % 开头时请加引号）",
        "did not find expected comment or line break": "这一行末尾有多余的内容（如 | 或 > 后面紧跟了文字）",
        "did not find expected <document start>": "文档结束标记“...”之后还有内容，请删除“...”或它后面的内容",
    }
    for english, chinese in translations.items():
        if english in both:
            return f"YAML 语法错误：{chinese}"
    return "YAML 语法错误：无法解析这里的内容，请检查缩进、冒号、引号和括号"


_FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s:：#\"'][^:：]*(：)")  # key：value, no ASCII colon before
_FULL_WIDTH_INDENT = re.compile(r"^[ \t]*(\u3000)")


def _keyboard_slip(text: str, line: int) -> tuple[int, int, str] | None:
    """A full-width colon used as the key separator, or full-width spaces used as indentation, on
    the line of a syntax error or the line above it (where the parser usually stumbles on it): its
    position and what to write instead. A full-width colon inside a value is nothing to mention."""
    lines = text.splitlines()
    for number in (line, line - 1):
        if 0 < number <= len(lines):
            for pattern in (_FULL_WIDTH_KEY, _FULL_WIDTH_INDENT):
                found = pattern.match(lines[number - 1])
                if found:
                    hint = chinese_keyboard_hint(found[1])
                    return number, found.start(1) + 1, f"YAML 语法错误：这一行{hint}"
    return None


def chinese_keyboard_hint(text: str) -> str | None:
    """What a Chinese input method slipped into a YAML line, if anything: a full-width colon or space."""
    if "：" in text:
        return "用了中文冒号“：”，YAML 要用英文冒号加空格“: ”"
    if "\u3000" in text:
        return "有全角空格“　”，YAML 只能用半角空格缩进和分隔"
    return None


def node_position(root: yaml.Node, loc: tuple[int | str, ...]) -> tuple[Position, str | None]:
    """Walk ``loc`` through the node tree; return the deepest position reached and the unreached key."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    node = value_node
                    break
            else:
                return _pos(node), str(part)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return _pos(node), str(part)
    return _pos(node), None


def key_position(root: yaml.Node, loc: tuple[int | str, ...]) -> Position:
    """Position of the key that ends ``loc`` (for unknown keys), or of its mapping."""
    parent_pos, _ = node_position(root, loc[:-1])
    parent = _node_at(root, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key_node, _ in parent.value:
            if key_node.value == str(loc[-1]):
                return _pos(key_node)
    return parent_pos


def _node_at(root: yaml.Node, loc: tuple[int | str, ...]) -> yaml.Node | None:
    node: yaml.Node | None = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


def _pos(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def one_line_scalar(text: str) -> str:
    """``text`` as PyYAML writes a string on one line: plain where that reads back as the same string,
    quoted where it would not (``yes``, ``1.0``, ``: …``). Used by the drafts' YAML writer."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")
