"""Reading a workspace's status the way every command does: the evidence walk with the intake records'
received dates, the office's review decisions where they matter, and the refusal to write a document
that would count as missing what could not be read."""

from __future__ import annotations

import datetime as dt

from fzcj.data.workspace import Workspace
from fzcj.errors import FzcjError
from fzcj.evidence.index import EvidenceIndex
from fzcj.evidence.intake_record import received_dates
from fzcj.evidence.walk import scan
from fzcj.review.book import ReviewBook
from fzcj.status.compute import compute
from fzcj.status.types import StatusReport


def evidence_index(workspace: Workspace, *, stamps: bool = False) -> EvidenceIndex:
    """The evidence index with the received dates of the files that came through intake (``stamps``:
    with each item's files tallied, to compare them with review decisions)."""
    index = scan(workspace, stamps=stamps)
    index.received = received_dates(workspace)
    return index


def reviewed_status(
    workspace: Workspace, as_of: dt.date, *, stamps: bool = False, review: bool = False
) -> tuple[StatusReport, EvidenceIndex, ReviewBook]:
    """The status with the office's review where there are decisions, review is required or asked
    for (``review``); the walk then tallies the files, to compare them with the decisions."""
    book = ReviewBook.open(workspace)
    index = evidence_index(workspace, stamps=stamps or bool(book))
    reviewed = review or bool(book) or workspace.campaign.review.required
    reviews = book.judge(index, workspace.evidence_dir) if reviewed else None
    return compute(workspace, index, as_of, reviews), index, book


def refuse_unread(result: StatusReport, what: str, *, without_evidence: bool = False) -> None:
    """A document must not count as missing what could not be read: an :class:`FzcjError` when part of
    the evidence tree was unreadable (``without_evidence``: no evidence/ at all is fine, everything is
    then owed). ``what`` names the document in the message."""
    unread = result.unread()
    if without_evidence:
        unread = [p for p in unread if p.code != "no-evidence-dir"]
    if [p.code for p in unread] == ["no-evidence-dir"]:
        raise FzcjError(
            "证据文件夹 evidence/ 不存在：请先运行 fzcj init 建立各任务、各单位的文件夹，再生成" + what
        )
    if unread:
        raise FzcjError(
            f"证据文件夹有未能读取的部分，其中的材料会被当作未提交，因此没有生成{what}："
            "请先解决上述问题（fzcj validate 可查看全部问题），再重新运行",
            problems=unread,
        )


def readable_status(
    workspace: Workspace, as_of: dt.date, what: str, *, without_evidence: bool = False
) -> StatusReport:
    """The status for a document (:func:`reviewed_status`), checked by :func:`refuse_unread`."""
    result = reviewed_status(workspace, as_of)[0]
    refuse_unread(result, what, without_evidence=without_evidence)
    return result
