"""Rules for the tasks: unique ids, units that resolve, deadlines that exist, references that hold."""

from __future__ import annotations

import datetime as dt

from fzcj.data.deadlines import named_dates, parse_deadline
from fzcj.data.names import task_key
from fzcj.data.rules.context import Loc, RuleContext
from fzcj.problems import Severity


def check(ctx: RuleContext) -> None:
    _ids(ctx)
    office = ctx.indicators.campaign.coordinating_office
    if ctx.directory.unit(office) is None:
        ctx.indicators_problem(
            ("campaign", "coordinating_office"), "unknown-unit", ctx.directory.unknown_message(office)
        )
    for loc, task in ctx.tasks():
        for n, name in enumerate(task.lead_units):
            if ctx.directory.unit(name) is None:
                message = ctx.directory.unknown_message(name)
                if ctx.directory.is_group(name):
                    message = f"牵头单位应是具体单位，「{name}」是单位组"
                ctx.indicators_problem((*loc, "lead_units", n), "unknown-unit", message)
        for n, name in enumerate(task.responsible_units):
            if ctx.directory.canonical(name) is None:
                ctx.indicators_problem(
                    (*loc, "responsible_units", n), "unknown-unit", ctx.directory.unknown_message(name)
                )
        _deadline(ctx, loc, task.deadline, task.due)


def _ids(ctx: RuleContext) -> None:
    seen: dict[str, str] = {}
    for loc, task in ctx.tasks():
        for field, n, value in [("id", None, task.id)] + [
            ("aliases", i, a) for i, a in enumerate(task.aliases)
        ]:
            key = task_key(value)
            where: Loc = (*loc, field) if n is None else (*loc, field, n)
            if key in seen:
                ctx.indicators_problem(
                    where, "duplicate-id", f"任务编号「{value}」重复：已用于任务 {seen[key]}"
                )
            else:
                seen[key] = task.id
    indicator_ids: set[str] = set()
    for i, indicator in enumerate(ctx.indicators.indicators):
        if indicator.id in indicator_ids:
            ctx.indicators_problem(
                ("indicators", i, "id"), "duplicate-id", f"一级指标序号「{indicator.id}」重复"
            )
        indicator_ids.add(indicator.id)


def _deadline(ctx: RuleContext, loc: Loc, text: str, due: dt.date | None) -> None:
    """The deadline must name a date that exists, and ``due`` must be that date.

    A text the parser cannot read (``7月30日前完成``) is only a warning when ``due`` gives the date, but
    a date it names that does not exist, or that is not ``due``, is an error all the same: the report
    would print it.
    """
    year = ctx.indicators.campaign.year
    parsed = parse_deadline(text, year)
    if parsed.error and not parsed.impossible:
        named = named_dates(text, year)
        impossible = next((n for n in named if isinstance(n, str)), None)
        if impossible is not None:
            ctx.indicators_problem((*loc, "deadline"), "bad-deadline", impossible)
        elif due is None:
            ctx.indicators_problem((*loc, "deadline"), "bad-deadline", parsed.error)
        elif named and due not in named:
            dates = "、".join(str(n) for n in named)
            ctx.indicators_problem(
                (*loc, "due"),
                "deadline-mismatch",
                f"日期 {due} 与完成时限「{text}」中的日期（{dates}）不一致",
            )
        else:
            ctx.indicators_problem((*loc, "deadline"), "bad-deadline", parsed.error, Severity.warning)
    elif parsed.error:
        ctx.indicators_problem((*loc, "deadline"), "bad-deadline", parsed.error)
    elif parsed.warning:
        ctx.indicators_problem((*loc, "deadline"), "deadline-year", parsed.warning, Severity.warning)
    if parsed.error:
        return
    if due is not None and parsed.due is not None and due != parsed.due:
        ctx.indicators_problem(
            (*loc, "due"),
            "deadline-mismatch",
            f"日期 {due} 与完成时限「{text}」（{parsed.due}）不一致",
        )
    elif due is not None and parsed.ongoing:
        ctx.indicators_problem(
            (*loc, "due"), "deadline-mismatch", f"完成时限「{text}」没有具体日期，不应填写 due"
        )
