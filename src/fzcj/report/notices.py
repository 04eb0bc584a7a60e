"""Who is sent a 督办通知 and who is not, and why (pure).

A unit is sent one when it owes materials itself (it is told to 报送 them) or leads an overdue task in
which other units still owe materials (it is told to 督促 them). The office that issues the notices
is never sent one, and neither is a unit that owes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from fzcj.data.model import Campaign
from fzcj.errors import UsageError
from fzcj.report.ranking import UnitObligations, unit_obligations
from fzcj.report.wording import is_issuer
from fzcj.status.types import StatusReport

ISSUER = "发文单位本身，不给自己发督办通知"
SETTLED = "没有尚缺的材料，也没有需要督促的逾期任务，无需督办"


@dataclass(frozen=True)
class Addressee:
    """One unit's obligations, and why it is not sent a notice (``None`` when it is)."""

    obligations: UnitObligations
    skipped: str | None

    @property
    def unit(self) -> str:
        return self.obligations.unit


def addressee(campaign: Campaign, report: StatusReport, unit: str) -> Addressee:
    """Whether ``unit`` (a canonical name) is sent a notice; a unit with no part in the campaign → :class:`UsageError`."""
    owed = unit_obligations(report, unit)
    if not _has_part(owed):
        raise UsageError(f"单位“{unit}”在任务分解表中既不牵头任务，也不负责提供材料，无需督办。")
    return _decide(campaign, owed)


def addressees(campaign: Campaign, report: StatusReport, units: list[str]) -> list[Addressee]:
    """Every unit of ``units`` that has a part in the campaign, in that order."""
    obligations = (unit_obligations(report, unit) for unit in units)
    return [_decide(campaign, owed) for owed in obligations if _has_part(owed)]


def _has_part(owed: UnitObligations) -> bool:
    return owed.progress is not None or bool(owed.owed)


def _decide(campaign: Campaign, owed: UnitObligations) -> Addressee:
    if is_issuer(campaign, owed.unit):
        return Addressee(owed, ISSUER)
    return Addressee(owed, None if owed.owes_anything else SETTLED)
