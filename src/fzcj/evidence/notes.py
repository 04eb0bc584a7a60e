"""Small text files read while listing: 不涉及 notes (a unit's reason for not being concerned) and
link files (``.url`` shortcuts, ``.txt``/``.md`` lists of web addresses)."""

from __future__ import annotations

from fzcj.evidence.filenames import WAIVER_WORD
from fzcj.evidence.links import check_links, read_small_text

MAX_TEXT_BYTES = 64 * 1024
"""Link files and 不涉及 notes are small: no more than this is read of one."""

Note = tuple[str, int, tuple[str, ...]]
"""A small text file read while listing: (its text, or "" if its name is no 不涉及 note; the number
of valid web addresses in it; the malformed ones)."""


def note_of(data: bytes, name: str, suffix: str) -> Note:
    """What the walk needs of a small text file: the text of a 不涉及 note, the links of a link file."""
    text = read_small_text(data)
    links = check_links(text, suffix)
    return (text if WAIVER_WORD in name else "", len(links.valid), tuple(links.malformed))


def waiver_reason(text: str) -> str | None:
    """The reason a 不涉及 note gives; None when it is empty once NUL bytes and white space are gone
    (an aborted copy full of NULs), or is not text (control characters, bytes no encoding reads)."""
    reason = text.replace("\x00", "").strip()
    if not reason or "\ufffd" in reason:
        return None
    if any(c < " " and c not in "\t\n\r\f" for c in reason):
        return None
    return reason
