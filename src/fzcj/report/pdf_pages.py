"""How many pages a PDF has, read from bytes that pass by anyway (the package reads every byte it
copies), for the 目录's 页数 column. Pure; no PDF library.

A PDF's page objects say ``/Type /Page``; the page tree's nodes say ``/Type /Pages`` with a ``/Count``
of the pages below them. The count is given only when it is certain, else None (the 目录 leaves the
cell empty; it never guesses):

- every ``/Type /Pages`` node is a flat dictionary with one ``/Count``, and the largest count (the
  root's) equals the number of ``/Type /Page`` objects found. Objects packed in compressed object
  streams (PDF 1.5 and later) are invisible here: the two numbers then differ, or are none;
- the file was written once (one ``startxref``), or is linearized (two ``startxref``) with a
  ``/Linearized`` dictionary whose ``/N`` says the same number. An incremental update (several
  ``startxref``) can leave pages of an older version behind, so it gives None.
"""

from __future__ import annotations

import re

_TYPE = b"/Type"
_AFTER_TYPE = re.compile(rb"/Type\s*/(Pages?)(?=[\s/<>\[\]()%{}])")
_LINEARIZED = re.compile(rb"/Linearized(?=[\s/<>\[\]()%{}])")
LINEARIZED_WITHIN = 2048
"""A linearized file's first object is its /Linearized dictionary (within its first 1024 bytes)."""
_COUNT = re.compile(rb"/Count\s+(\d+)")
_N = re.compile(rb"/N\s+(\d+)")
KEEP = 4096
"""Bytes kept from one chunk for the next: a token split between two chunks is found whole, and a
page-tree node has its dictionary around it (a longer one makes the count unsure)."""


class PageCounter:
    """Fed a PDF's bytes in order (:meth:`feed`), then asked :meth:`pages`."""

    def __init__(self, *, count_xrefs: bool = True) -> None:
        self._count_xrefs = count_xrefs
        self._carry = b""
        self._done = 0  # bytes of the carry already scanned
        self._base = 0  # the file offset of the carry's first byte
        self._pages = 0
        self._counts: list[int] = []
        self._xrefs = 0
        self._linearized: int | None = None
        self._unsure = False

    def feed(self, chunk: bytes | memoryview, *, final: bool = False) -> None:
        """The next bytes of the file (``final``: the last ones)."""
        data = self._carry + bytes(chunk) if self._carry else bytes(chunk)
        end = len(data) if final else max(self._done, len(data) - KEEP)
        self._scan(data, self._done, end)
        cut = max(0, end - KEEP)
        self._carry = data[cut:]
        self._done = end - cut
        self._base += cut

    @property
    def agree(self) -> bool:
        """Whether the page objects and the page tree say the same number (the xrefs not yet asked)."""
        return (
            not self._unsure and bool(self._pages) and bool(self._counts) and max(self._counts) == self._pages
        )

    def revisions(self, count: int) -> None:
        """How many ``startxref`` the file has, where they were not counted as the bytes passed."""
        self._xrefs = count

    def pages(self) -> int | None:
        """The number of pages, or None when the bytes do not say it for certain."""
        if not self.agree:
            return None
        if self._xrefs == 1 or (self._xrefs == 2 and self._linearized == self._pages):
            return self._pages
        return None

    def _scan(self, data: bytes, start: int, end: int) -> None:
        if self._count_xrefs:
            self._xrefs += _occurrences(data, b"startxref", start, end)
        head = LINEARIZED_WITHIN - self._base  # where the file's first bytes end in ``data``
        found = _LINEARIZED.search(data, start, min(end, head) + 16) if start < head else None
        if found is not None and found.start() < min(end, head) and self._linearized is None:
            self._linearized = self._number(data, found.start(), found.end(), _N)
        at = data.find(_TYPE, start, end)
        while at != -1:
            token = _AFTER_TYPE.match(data, at)
            if token is not None:
                if token.group(1) == b"Page":
                    self._pages += 1
                else:
                    count = self._number(data, at, token.end(), _COUNT)
                    if count is not None:
                        self._counts.append(count)
            at = data.find(_TYPE, at + 1, end)

    def _number(self, data: bytes, start: int, end: int, key: re.Pattern[bytes]) -> int | None:
        """The one ``key`` number of the flat dictionary around ``data[start:end]``; unsure without one."""
        opening = data.rfind(b"<<", 0, start)
        closing = data.find(b">>", end)
        if opening == -1 or closing == -1 or b">>" in data[opening + 2 : start] or b"<<" in data[end:closing]:
            self._unsure = True
            return None
        numbers = key.findall(data, opening, closing)
        if len(numbers) != 1:
            self._unsure = True
            return None
        return int(numbers[0])


def _occurrences(data: bytes, word: bytes, start: int, end: int) -> int:
    """How many times ``word`` starts in ``data[start:end]`` (it may end beyond ``end``)."""
    return data.count(word, start, min(len(data), end + len(word) - 1))


def count_pages(data: bytes) -> int | None:
    """The page count of a whole PDF held in memory (see :class:`PageCounter`). Its revisions
    (``startxref``) are counted only where the pages agree: one pass over the bytes for most files."""
    counter = PageCounter(count_xrefs=False)
    counter.feed(data, final=True)
    if not counter.agree:
        return None
    counter.revisions(data.count(b"startxref"))
    return counter.pages()
