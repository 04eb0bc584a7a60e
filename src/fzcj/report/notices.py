"""Who is sent a 督办通知 and who is not, and why (pure).

A unit is sent one when it owes materials itself (it is told to 报送 them), has files that fail the
content check (it is told to send them again: :mod:`fzcj.report.broken`), or leads an overdue task in
which other units still owe materials (it is told to 督促 them). The office that issues the notices
is never sent one, and neither is a unit that owes nothing.

:func:`summary_sentence` says what the unit owes in numbers, as :mod:`fzcj.report.ranking` defines
them: 应报送 = 已报送 + 尚缺.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fzcj.data.model import Campaign
from fzcj.errors import UsageError
from fzcj.report.broken import BrokenFile
from fzcj.report.ranking import UnitObligations, unit_obligations
from fzcj.report.wording import is_issuer
from fzcj.status.types import StatusReport

ISSUER = "发文单位本身，不给自己发督办通知"
SETTLED = "没有尚缺或须重新报送的材料，也没有需要督促的逾期任务，无需督办"


@dataclass(frozen=True)
class Addressee:
    """One unit's obligations, and why it is not sent a notice (``None`` when it is)."""

    obligations: UnitObligations
    skipped: str | None

    @property
    def unit(self) -> str:
        return self.obligations.unit


def addressee(
    campaign: Campaign, report: StatusReport, unit: str, broken: Sequence[BrokenFile] = ()
) -> Addressee:
    """Whether ``unit`` (a canonical name) is sent a notice (``broken``: the files that fail the
    content check, of any unit); a unit with no part in the campaign → :class:`UsageError`."""
    owed = unit_obligations(report, unit, broken)
    if not _has_part(owed):
        raise UsageError(f"单位“{unit}”在任务分解表中既不牵头任务，也不负责提供材料，无需督办。")
    return _decide(campaign, owed)


def addressees(
    campaign: Campaign, report: StatusReport, units: list[str], broken: Sequence[BrokenFile] = ()
) -> list[Addressee]:
    """Every unit of ``units`` that has a part in the campaign, in that order."""
    obligations = (unit_obligations(report, unit, broken) for unit in units)
    return [_decide(campaign, owed) for owed in obligations if _has_part(owed)]


def _has_part(owed: UnitObligations) -> bool:
    return owed.progress is not None or bool(owed.owed)


def _decide(campaign: Campaign, owed: UnitObligations) -> Addressee:
    if is_issuer(campaign, owed.unit):
        return Addressee(owed, ISSUER)
    return Addressee(owed, None if owed.owes_anything else SETTLED)


def summary_sentence(owed: UnitObligations, due_soon_days: int) -> str:
    """What the unit owes in numbers, for the notice's opening paragraph: 应报送 = 已报送 + 尚缺, where 尚缺
    counts the materials sent in part (部分报送) and returned too, and says so; then the broken files."""
    p = owed.progress
    broken = f"另有{len(owed.broken)}个已报送的文件已损坏或无法正常打开，须重新报送。" if owed.broken else ""
    if not owed.owed:
        done = (
            f"贵单位应报送材料{p.materials_owed}项，已全部报送。"
            if p is not None and p.materials_owed
            else ""
        )
        return (done or "贵单位没有尚缺的材料。") + broken
    counts = f"应报送材料{p.materials_owed}项，已报送{p.materials_submitted}项，" if p is not None else ""
    parts = [f"已交部分、尚未交齐的{len(owed.partial)}项"] if owed.partial else []
    returned = sum(item.returned for item in owed.owed)
    parts += [f"被退回须重新报送的{returned}项"] if returned else []
    within = f"（含{'，'.join(parts)}）" if parts else ""
    soon = sum(item.material.due_soon for item in owed.owed)
    return (
        f"贵单位{counts}尚缺{len(owed.owed)}项{within}，"
        f"其中已逾期{len(owed.overdue)}项、{due_soon_days}日内到期{soon}项。{broken}"
    )
