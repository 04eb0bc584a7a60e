"""Write the drafts as YAML text with ``# 请核对`` comments (PyYAML cannot write comments).

Only what the drafts contain is supported: mappings, lists, strings, ints, bools, dates and None.
Lists are written as block lists under their key (as PyYAML does), except the keys in ``flow``, which
are written ``[a, b]``. ``comments`` maps a path, e.g. ``("indicators", 0, "sections", 0, "tasks", 2)``,
to lines written just above that list item or key.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence

import yaml

Path = tuple[str | int, ...]
Comments = Mapping[Path, Sequence[str]]


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
    if "\n" in text or "\r" in text or "\t" in text:
        return json.dumps(text, ensure_ascii=False)
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    dumped = dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")
    if "\n" in dumped:
        return json.dumps(text, ensure_ascii=False)
    if flow and dumped == text and any(ch in text for ch in ",[]{}#&*!|>'\"%@`"):
        return json.dumps(text, ensure_ascii=False)
    return dumped


def dump(
    data: Mapping[str, object],
    comments: Comments,
    *,
    header: Sequence[str] = (),
    flow: frozenset[str] = frozenset(),
) -> str:
    lines = [f"# {line}" if line else "#" for line in header]
    _mapping(data, (), 0, lines, comments, flow, first_prefix=None)
    return "\n".join(lines) + "\n"


def _comment(lines: list[str], indent: int, path: Path, comments: Comments) -> None:
    for text in comments.get(path, ()):
        lines.append(" " * indent + "# " + text)


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
