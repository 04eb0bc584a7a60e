"""The names of things in the documents: titles, the issuer, default file names."""

from __future__ import annotations

import datetime as dt

from fzcj.data.model import Campaign
from fzcj.text import cn_date


def report_title(campaign: Campaign) -> str:
    """``<campaign name><report title>``, e.g. …示范创建工作进展周报."""
    return f"{campaign.name}{campaign.report.title}"


def default_report_name(campaign: Campaign, issue: int) -> str:
    return f"{report_title(campaign)}（第{issue}期）.docx"


def default_notice_name(unit: str, as_of: dt.date) -> str:
    return f"{unit}督办通知（{cn_date(as_of)}）.docx"


def issuer_of(campaign: Campaign) -> str:
    return campaign.report.issuer or campaign.coordinating_office


def notice_title(campaign: Campaign) -> str:
    return f"关于加快报送{_topic(campaign)}材料的督办通知"


def _topic(campaign: Campaign) -> str:
    """The campaign name without the district's name in front: the notice goes to units inside it."""
    name, district = campaign.name, campaign.district
    for start in range(len(district) - 1):  # longest tail of the district first, at least two characters
        tail = district[start:]
        if name.startswith(tail) and len(name) > len(tail):
            return name[len(tail) :]
    return name
