"""Write the drafts as YAML text with ``# 请核对`` comments (PyYAML cannot write comments; it only
quotes single strings here, through :func:`fzcj.data.yamlsource.one_line_scalar`).

Only what the drafts contain is supported: mappings, lists, strings, ints, bools, dates and None.
Lists are written as block lists under their key (as PyYAML does), except the keys in ``flow``, which
are written ``[a, b]``. ``comments`` maps a path, e.g. ``("indicators", 0, "sections", 0, "tasks", 2)``,
to lines written just above that list item or key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from fzcj.data.yamlsource import one_line_scalar

Path = tuple[str | int, ...]
Comments = Mapping[Path, Sequence[str]]

# What YAML accepts unescaped on one line (no line breaks: \n \r \x85 \u2028 \u2029 are escaped).
_UNSAFE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


# Plain in a flow list ([a, b]) only: word characters, non-ASCII and a few harmless marks inside.
_FLOW_PLAIN = re.compile(r"^(?![-?:])[\w\u00a0-\U0010ffff().\-]+$")


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar on one line, Chinese kept as it is."""

    def escape(match: re.Match[str]) -> str:
        ch = match.group()
        if ch in _ESCAPES:
            return _ESCAPES[ch]
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"

    return '"' + re.sub('[\\\\"]|' + _UNSAFE.pattern, escape, text) + '"'


def comment_text(text: str) -> str:
    """A comment stays on its line: line breaks and control characters become spaces."""
    return _UNSAFE.sub(" ", text)


def scalar(value: object, *, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text == "":
        return "''"
    if _UNSAFE.search(text):
        return double_quoted(text)
    dumped = one_line_scalar(text)
    if "\n" in dumped or (flow and dumped == text and not _FLOW_PLAIN.match(text)):
        return double_quoted(text)
    return dumped


def dump(
    data: Mapping[str, object],
    comments: Comments,
    *,
    header: Sequence[str] = (),
    flow: frozenset[str] = frozenset(),
) -> str:
    lines = [f"# {comment_text(line)}" if line else "#" for line in header]
    _mapping(data, (), 0, lines, comments, flow, first_prefix=None)
    return "\n".join(lines) + "\n"


def _comment(lines: list[str], indent: int, path: Path, comments: Comments) -> None:
    for text in comments.get(path, ()):
        lines.append(" " * indent + "# " + comment_text(text))


def _mapping(
    data: Mapping[str, object],
    path: Path,
    indent: int,
    lines: list[str],
    comments: Comments,
    flow: frozenset[str],
    first_prefix: str | None,
) -> None:
    for n, (key, value) in enumerate(data.items()):
        key_path = (*path, key)
        if n == 0 and first_prefix is not None:
            prefix = first_prefix  # "- " of the list item this mapping is in (its comments came before)
        else:
            _comment(lines, indent, key_path, comments)
            prefix = " " * indent
        if isinstance(value, Mapping):
            lines.append(f"{prefix}{key}:")
            _mapping(value, key_path, indent + 2, lines, comments, flow, first_prefix=None)
        elif isinstance(value, list) and value and key not in flow:
            lines.append(f"{prefix}{key}:")
            _sequence(value, key_path, indent, lines, comments, flow)
        elif isinstance(value, list):
            items = ", ".join(scalar(v, flow=True) for v in value)
            lines.append(f"{prefix}{key}: [{items}]")
        else:
            lines.append(f"{prefix}{key}: {scalar(value)}")


def _sequence(
    items: list[object], path: Path, indent: int, lines: list[str], comments: Comments, flow: frozenset[str]
) -> None:
    for i, item in enumerate(items):
        item_path = (*path, i)
        _comment(lines, indent, item_path, comments)
        if isinstance(item, Mapping) and item:
            first = next(iter(item))
            _comment(lines, indent, (*item_path, first), comments)
            _mapping(item, item_path, indent + 2, lines, comments, flow, first_prefix=" " * indent + "- ")
        else:
            lines.append(" " * indent + "- " + scalar(item))
