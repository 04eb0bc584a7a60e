"""Web addresses given as evidence: a Windows ``.url`` shortcut or a ``.txt``/``.md`` file of links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SCHEME_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s<>\"'，。；、）)】]+")
_BARE_WWW = re.compile(r"(?<![/\w.])www\.[^\s<>\"'，。；、）)】]+", re.IGNORECASE)
_URL_LINE = re.compile(r"^\s*URL\s*=\s*(.*?)\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass
class LinkCheck:
    valid: list[str] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)


_VALID_URL = re.compile(
    r"https?://"
    r"(?:[^\s/?#@]+@)?"  # user:password@
    r"(?:localhost|[^\s/?#:@.\[\]]+(?:\.[^\s/?#:@.\[\]]+)+|\[[0-9A-Fa-f:.]+\])"  # a host with a dot
    r"(?::(?P<port>\d{1,5}))?"
    r"(?:[/?#]\S*)?",
    re.IGNORECASE,
)


def valid_url(url: str) -> bool:
    """An http(s) address with a host that has a dot (or localhost) and a port, if any, in range."""
    match = _VALID_URL.fullmatch(url)
    return match is not None and (match["port"] is None or 0 < int(match["port"]) < 65536)


def link_fault(url: str) -> str:
    """What is wrong with an address :func:`valid_url` refused, in words for the person who typed it."""
    if not re.match(r"https?://", url, re.IGNORECASE):
        return "应以 http:// 或 https:// 开头"
    if any(c.isspace() for c in url):
        return "网址中间不能有空格"
    match = _VALID_URL.match(url)
    if match is not None and match["port"] is not None:
        return "端口号应在 1–65535 之间"
    return "“//”后应是网站域名，如 www.spt.gov.cn"


def check_links(text: str, suffix: str) -> LinkCheck:
    """Find the web addresses in a link file and sort them into valid and malformed ones."""
    result = LinkCheck()
    candidates = _URL_LINE.findall(text) if suffix == ".url" else _SCHEME_URL.findall(text)
    for url in candidates:
        url = url.strip().rstrip(".,;")
        (result.valid if valid_url(url) else result.malformed).append(url)
    if suffix != ".url":
        result.malformed.extend(_BARE_WWW.findall(text))
    return result


def read_small_text(data: bytes) -> str:
    """Decode a small text file written on Windows or elsewhere (UTF-8, UTF-16 or GBK)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    text = data.removeprefix(b"\xef\xbb\xbf")  # plain decode: "utf-8-sig" is a slower Python codec
    for encoding in ("utf-8", "gb18030"):
        try:
            return text.decode(encoding)
        except UnicodeDecodeError:
            continue
    return text.decode("utf-8", errors="replace")
