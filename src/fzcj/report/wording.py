"""The words of the documents (pure): titles and where they break, the issuer, default file names,
short forms of task texts without “…”, and half-width punctuation shown full-width."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from fzcj.data.model import Campaign
from fzcj.text import cn_date

TITLE_CHARS = 19
"""二号 characters that surely fit on the 156 mm line (20 at the very most)."""

TITLE_WORDS = (
    "关于", "加快", "报送", "法治政府", "依法治", "建设", "示范", "创建", "示范创建", "工作", "进展", "推进",
    "情况", "周报", "通报", "材料", "督办通知", "任务", "完成", "明细表", "证据", "问题", "清单", "迎检", "目录",
)  # fmt: skip
"""Words of these documents' titles: a title may break before or after each of them (GB/T 9704 §7.3.1
asks for breaks that keep words whole). Other counties' titles use the same campaign words."""
_NEVER_AT_LINE_EDGE = "的之"


def report_title(campaign: Campaign) -> str:
    """``<campaign name><report title>``, e.g. …示范创建工作进展周报."""
    return f"{campaign.name}{campaign.report.title}"


def default_report_name(campaign: Campaign, issue: int | None) -> str:
    number = f"（第{issue}期）" if issue is not None else ""
    return f"{report_title(campaign)}{number}.docx"


def default_notice_name(unit: str, as_of: dt.date) -> str:
    return f"{unit}督办通知（{cn_date(as_of)}）.docx"


def notices_folder_name(as_of: dt.date) -> str:
    """``督办通知-2022-08-31``: one folder per day in reports/, in date order when listed."""
    return f"督办通知-{as_of.isoformat()}"


def issuer_of(campaign: Campaign) -> str:
    return campaign.report.issuer or campaign.coordinating_office


def is_issuer(campaign: Campaign, unit: str) -> bool:
    """Whether ``unit`` is the office that issues the documents (it is not sent a notice)."""
    return unit in (issuer_of(campaign), campaign.coordinating_office)


def notice_title(campaign: Campaign) -> str:
    return f"关于加快报送{_topic(campaign)}材料的督办通知"


def _topic(campaign: Campaign) -> str:
    """The campaign name without the district's name in front: the notice goes to units inside it."""
    name, tail = campaign.name, _district_prefix(campaign)
    return name[len(tail) :] if tail and len(name) > len(tail) else name


def _district_prefix(campaign: Campaign) -> str:
    """The longest tail of the district (at least two characters) that the campaign name starts with."""
    name, district = campaign.name, campaign.district
    for start in range(len(district) - 1):
        tail = district[start:]
        if name.startswith(tail):
            return tail
    return ""


# ── titles broken at word boundaries ───────────────────────────────────────────────────────────


def word_breaks(text: str, words: Iterable[str] = TITLE_WORDS, *, after: Iterable[str] = ()) -> set[int]:
    """Positions where ``text`` may break: before and after each of ``words`` and after each prefix in
    ``after`` (such as the district's name), never inside a word, never next to 的."""
    spans = []
    for word in words:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]
    breaks = {edge for span in spans for edge in span}
    breaks |= {len(prefix) for prefix in after if prefix and text.startswith(prefix)}
    inside = {i for start, end in spans for i in range(start + 1, end)}
    return {
        i
        for i in breaks - inside
        if 0 < i < len(text) and text[i] not in _NEVER_AT_LINE_EDGE and text[i - 1] not in _NEVER_AT_LINE_EDGE
    }


def broken_title(text: str, breaks: Iterable[int], width: int = TITLE_CHARS) -> str:
    """``text`` on as few lines of at most ``width`` characters as its ``breaks`` allow, the lines as
    even as possible (a 梯形 or 菱形, GB/T 9704 §7.3.1); the upper line is the shorter one on a tie.

    Without a break that fits, the longest piece is allowed to be longer than ``width``.
    """
    if len(text) <= width:
        return text
    points = sorted({0, len(text), *(b for b in breaks if 0 < b < len(text))})
    best: tuple[tuple[int, int, tuple[int, ...]], list[int]] | None = None
    for lines in range(2, len(points)):
        for cut in _cuts(points, lines):
            lengths = [b - a for a, b in pairwise(cut)]
            key = (max(max(lengths) - width, 0), max(lengths) - min(lengths), tuple(lengths))
            if best is None or key < best[0]:
                best = (key, cut)
        if best is not None and best[0][0] == 0:
            break
    assert best is not None
    cut = best[1]
    return "\n".join(text[a:b] for a, b in pairwise(cut))


def _cuts(points: Sequence[int], lines: int) -> Iterable[list[int]]:
    """Every choice of ``lines - 1`` inner points (titles have few break points)."""
    if lines == 1:
        yield [points[0], points[-1]]
        return
    for i in range(1, len(points) - lines + 1):
        for rest in _cuts(points[i:], lines - 1):
            yield [points[0], *rest]


def report_title_lines(campaign: Campaign) -> str:
    title = report_title(campaign)
    breaks = word_breaks(title, after=(_district_prefix(campaign),)) | {len(campaign.name)}
    return broken_title(title, breaks)


def notice_title_lines(campaign: Campaign) -> str:
    return broken_title(notice_title(campaign), word_breaks(notice_title(campaign)))


def catalogue_title(campaign: Campaign) -> str:
    """The title of the assessors' package's 目录."""
    return f"{campaign.name}迎检材料目录"


def catalogue_title_lines(campaign: Campaign) -> str:
    title = catalogue_title(campaign)
    breaks = word_breaks(title, after=(_district_prefix(campaign),)) | {len(campaign.name)}
    return broken_title(title, breaks)


# ── table texts ────────────────────────────────────────────────────────────────────────────────

_OPEN, _CLOSE = "（(“‘《〈【〔「『[", "）)”’》〉】〕」』]"
_SENTENCE = re.compile(r"[。；;！？!?]")
_CLAUSE = "，,：:"


def brief(text: str, limit: int = 30) -> str:
    """A short form taken from ``text`` itself, never cut with “…”: its first sentence, or, when that
    is longer than ``limit``, its first clauses up to a comma or colon outside brackets and quotes.

    The cut nearest ``limit`` is taken, unless it leaves less than half of it (``每年3月1日前``): then
    the next one, if it comes within twice ``limit``; the first clause when all cuts are farther; the
    first sentence whole when there is no cut.
    """
    first = _SENTENCE.split(" ".join(text.split()), maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    cuts, depth = [], 0
    for i, char in enumerate(first):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in _CLAUSE and depth == 0 and i > 0:
            cuts.append(i)
    within = [i for i in cuts if i <= limit]
    beyond = [i for i in cuts if limit < i <= 2 * limit]
    if within and (within[-1] >= limit // 2 or not beyond):
        return first[: within[-1]]
    if beyond:
        return first[: beyond[0]]
    return first[: cuts[0]] if cuts else first


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]")
_WIDE = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}


def fullwidth(text: str) -> str:
    """Half-width ``, ; : ( )`` beside Chinese text shown full-width, as Chinese typesetting asks
    (``区政府办公室(审批服务局)`` → ``区政府办公室（审批服务局）``); ``1,000``, ``http://`` and Latin
    text keep theirs. A bracket pair is widened when Chinese touches it inside or outside."""
    chars = list(text)

    def cjk(i: int) -> bool:
        return 0 <= i < len(chars) and bool(_CJK.match(chars[i]))

    opened: list[int] = []
    for i, char in enumerate(chars):
        if char in ",;:" and (cjk(i - 1) or cjk(i + 1)):
            chars[i] = _WIDE[char]
        elif char == "(":
            opened.append(i)
        elif char == ")":
            start = opened.pop() if opened else None
            near = (start is not None and (cjk(start - 1) or cjk(start + 1))) or cjk(i - 1) or cjk(i + 1)
            if near:
                chars[i] = "）"
                if start is not None:
                    chars[start] = "（"
    for start in opened:  # never closed: widened by its neighbours alone
        if cjk(start - 1) or cjk(start + 1):
            chars[start] = "（"
    return "".join(chars)
