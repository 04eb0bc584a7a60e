"""``# 请核对：…`` comments: where ``fzcj new`` asks a person to look, each listed as a 提示 (info).

Comments are not in the parsed data, so the text lines are scanned: only the text the loader already
holds, and only when it contains the mark at all. A mark is a comment on a line of its own (the way
``fzcj new`` writes them), so a value that merely quotes the words is not one. Deleting the comment once
the place is checked makes the 提示 go away.
"""

from __future__ import annotations

import re

from fzcj.problems import Problem, Severity

WORD = "请核对"
CODE = "to-check"
_MARK = re.compile(rf"^(\s*)#\s*{WORD}[：:]?\s*(.*?)\s*$")


def review_marks(text: str, rel: str) -> list[Problem]:
    """One info problem per ``# 请核对：…`` line of ``text`` (the file ``rel``), with its reason."""
    if WORD not in text:
        return []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if WORD in line and (mark := _MARK.match(line)):
            reason = mark[2] or "（未写原因）"
            problems.append(Problem(rel, number, len(mark[1]) + 1, CODE, f"{WORD}——{reason}", Severity.info))
    return problems
