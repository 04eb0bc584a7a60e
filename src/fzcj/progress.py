"""Everything the weekly report shows that is derived from a :class:`StatusReport` (pure, no I/O).

The Word renderer only lays out what this module computes: per 一级指标 (level-1 indicator) rows,
the overdue and due-soon (临期) lists, the per-unit ranking with its 红榜/黑榜 (best/worst units),
the check items (实地核查, 网上核查), the 否决项 (veto items), the week-over-week change against the
previous report's snapshot, and the generated 下步工作 (next steps) sentences.

A unit "owes" a material when it is one of the material's providers; each (material, unit) pair is
counted once. For an any-one material (``each`` false) that another provider has already filed, the
remaining providers owe nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from fzcj.model import MaterialKind, TaskKind
from fzcj.problems import Problem, Severity
from fzcj.status import summarize
from fzcj.status_types import (
    MaterialState,
    MaterialStatus,
    ProviderState,
    StatusReport,
    Summary,
    TaskState,
    TaskStatus,
)

BOARD_SIZE = 5
"""How many units the 红榜 and the 黑榜 name (ties at the cut are all named)."""
LISTED_ITEMS = 6
"""How many items a generated sentence lists before it says 等N项."""
STEP_ITEMS = 3
"""How many overdue tasks a unit's 下步工作 sentence names (earliest deadline first)."""


def task_label(task_id: str) -> str:
    """``第12项`` for a numbered task; an id such as ``否1`` is shown as it is."""
    return f"第{task_id}项" if task_id.isdigit() else task_id


def month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def percent(rate: float, digits: int = 1) -> str:
    """A share 0…1 as ``45.2%`` (``digits`` decimals)."""
    return f"{rate * 100:.{digits}f}%"


def task_list(task_ids: Sequence[str]) -> str:
    """``第3、5、12项`` (numbered tasks together, other ids such as 否1 after them), shortened by 等N项."""
    numbered = [i for i in task_ids if i.isdigit()]
    others = [i for i in task_ids if not i.isdigit()]
    shown = numbered[:LISTED_ITEMS]
    parts = [f"第{'、'.join(shown)}项"] if shown else []
    parts += others[: max(0, LISTED_ITEMS - len(shown))]
    text = "、".join(parts)
    return text + f"等{len(task_ids)}项" if len(task_ids) > LISTED_ITEMS else text


def progress_bar(rate: float, cells: int = 10) -> str:
    """``■■■■□□□□□□``: filled squares never overstate progress (rounded down), readable in grey."""
    filled = min(cells, max(0, int(rate * cells + 1e-9)))
    return "■" * filled + "□" * (cells - filled)


# ── tasks ──────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class IndicatorProgress:
    """One row per 一级指标."""

    level1: str
    summary: Summary


@dataclass(frozen=True)
class MissingMaterial:
    """A material that is not yet complete and the units that still owe it."""

    material_id: str
    text: str
    kind: MaterialKind
    state: MaterialState
    units: tuple[str, ...]


@dataclass(frozen=True)
class TaskRow:
    """A task as the report lists it: state, deadline distance, what is missing and from whom.

    ``days_left`` is negative when the deadline has passed; a task merged into another one
    (``materials_from``) shows that task's materials.
    """

    id: str
    kind: TaskKind
    level1: str
    short_text: str
    lead_units: tuple[str, ...]
    deadline: dt.date | None
    deadline_text: str
    status: TaskState
    overdue: bool
    due_soon: bool
    days_left: int | None
    materials_from: str | None
    missing: tuple[MissingMaterial, ...]
    providers: tuple[str, ...]

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def indicator_rows(report: StatusReport) -> tuple[IndicatorProgress, ...]:
    """Per 一级指标 counts, in the order the indicators first appear."""
    groups: dict[str, list[TaskStatus]] = {}
    for task in report.tasks:
        groups.setdefault(task.level1, []).append(task)
    return tuple(IndicatorProgress(name, summarize(tuple(tasks))) for name, tasks in groups.items())


def _own_materials(task: TaskStatus, by_id: Mapping[str, TaskStatus]) -> tuple[MaterialStatus, ...]:
    source = by_id.get(task.materials_from) if task.materials_from else None
    return source.materials if source is not None else task.materials


def _missing(material: MaterialStatus) -> MissingMaterial:
    return MissingMaterial(material.id, material.text, material.kind, material.status, material.missing_units)


def _days_left(task: TaskStatus, as_of: dt.date) -> int | None:
    return (task.deadline - as_of).days if task.deadline is not None else task.days_left


def task_rows(report: StatusReport) -> tuple[TaskRow, ...]:
    """Every task in table order, with its missing materials and providers resolved."""
    by_id = {task.id: task for task in report.tasks}
    rows = []
    for task in report.tasks:
        materials = _own_materials(task, by_id)
        providers = dict.fromkeys(p.unit for m in materials for p in m.providers)
        rows.append(
            TaskRow(
                id=task.id,
                kind=task.kind,
                level1=task.level1,
                short_text=task.short_text,
                lead_units=task.lead_units,
                deadline=task.deadline,
                deadline_text=task.deadline_text,
                status=task.status,
                overdue=task.overdue,
                due_soon=task.due_soon,
                days_left=_days_left(task, report.as_of),
                materials_from=task.materials_from,
                missing=tuple(_missing(m) for m in materials if not m.status.done),
                providers=tuple(providers),
            )
        )
    return tuple(rows)


def deadline_rows(rows: Iterable[TaskRow]) -> tuple[TaskRow, ...]:
    """Overdue tasks (longest overdue first), then due-soon tasks (nearest deadline first)."""
    overdue = sorted((r for r in rows if r.overdue), key=lambda r: -r.days_overdue)
    soon = sorted((r for r in rows if r.due_soon and not r.overdue), key=lambda r: r.days_left or 0)
    return (*overdue, *soon)


# ── units ──────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class UnitProgress:
    """One unit's share of the campaign.

    ``rate`` is the share of owed materials submitted; a unit that owes no material is rated by the
    share of the tasks it leads that are done.
    """

    unit: str
    tasks_led: int
    tasks_done: int
    tasks_overdue: int
    materials_owed: int
    materials_submitted: int
    materials_overdue: int

    @property
    def rate(self) -> float:
        if self.materials_owed:
            return self.materials_submitted / self.materials_owed
        return self.tasks_done / self.tasks_led if self.tasks_led else 0.0

    @property
    def overdue_items(self) -> int:
        """Overdue tasks the unit leads plus overdue materials it has not filed."""
        return self.tasks_overdue + self.materials_overdue


@dataclass
class _Tally:
    led: int = 0
    done: int = 0
    overdue: int = 0
    owed: int = 0
    submitted: int = 0
    late: int = 0


def _owes(material: MaterialStatus, unit_state: ProviderState, unit: str) -> bool:
    if unit_state is ProviderState.submitted:
        return True
    return unit_state is ProviderState.missing and unit in material.missing_units


def _tally(report: StatusReport) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {}
    for task in report.tasks:
        for unit in task.lead_units:
            tally = tallies.setdefault(unit, _Tally())
            tally.led += 1
            tally.done += task.status.done
            tally.overdue += task.overdue
    seen: set[tuple[str, str]] = set()
    for task in report.tasks:
        for material in task.materials:
            for provider in material.providers:
                key = (material.id, provider.unit)
                if key in seen or not _owes(material, provider.status, provider.unit):
                    continue
                seen.add(key)
                tally = tallies.setdefault(provider.unit, _Tally())
                tally.owed += 1
                submitted = provider.status is ProviderState.submitted
                tally.submitted += submitted
                tally.late += task.overdue and not submitted
    return tallies


def _unit(unit: str, t: _Tally) -> UnitProgress:
    return UnitProgress(unit, t.led, t.done, t.overdue, t.owed, t.submitted, t.late)


def unit_progress(report: StatusReport, unit_order: Sequence[str] = ()) -> tuple[UnitProgress, ...]:
    """Every unit that leads a task or owes a material, best first.

    Ranked by rate, then fewer overdue items, then more owed materials; ties keep ``unit_order``
    (then the order of first appearance).
    """
    tallies = _tally(report)
    order = {unit: i for i, unit in enumerate([*unit_order, *tallies])}
    units = [_unit(unit, tally) for unit, tally in tallies.items()]
    units.sort(key=lambda u: (-u.rate, u.overdue_items, -u.materials_owed, order[u.unit]))
    return tuple(units)


def _cut_with_ties(
    ranked: Sequence[UnitProgress], size: int, key: Callable[[UnitProgress], tuple[float, ...]]
) -> tuple[UnitProgress, ...]:
    if len(ranked) <= size:
        return tuple(ranked)
    last = key(ranked[size - 1])
    return (*ranked[:size], *(u for u in ranked[size:] if key(u) == last))


def boards(
    ranked: Sequence[UnitProgress], size: int = BOARD_SIZE
) -> tuple[tuple[UnitProgress, ...], tuple[UnitProgress, ...]]:
    """(红榜, 黑榜): the best units with nothing overdue, and the units with the most overdue items.

    Units tied with the last one named are named too, so that the cut is never arbitrary.
    """
    red = [u for u in ranked if u.overdue_items == 0 and u.rate > 0]
    black = sorted((u for u in ranked if u.overdue_items), key=lambda u: (-u.overdue_items, u.rate))
    return (
        _cut_with_ties(red, size, lambda u: (u.rate,)),
        _cut_with_ties(black, size, lambda u: (u.overdue_items, u.rate)),
    )


@dataclass(frozen=True)
class OwedItem:
    """One material a unit still owes, with its task's deadline."""

    task_id: str
    task_short: str
    material_id: str
    material_text: str
    kind: MaterialKind
    deadline: dt.date | None
    deadline_text: str
    days_left: int | None
    overdue: bool
    due_soon: bool


@dataclass(frozen=True)
class UnitObligations:
    """What one unit owes (for the 督办通知 and the next-step sentences)."""

    unit: str
    progress: UnitProgress | None
    owed: tuple[OwedItem, ...]
    led_overdue: tuple[TaskRow, ...]

    @property
    def overdue(self) -> tuple[OwedItem, ...]:
        return tuple(item for item in self.owed if item.overdue)

    @property
    def upcoming(self) -> tuple[OwedItem, ...]:
        return tuple(item for item in self.owed if not item.overdue)


def _by_deadline(item: OwedItem) -> tuple[dt.date, str]:
    return (item.deadline or dt.date.max, item.material_id)


def unit_obligations(report: StatusReport, unit: str) -> UnitObligations:
    """The materials ``unit`` has not filed (earliest deadline first) and the overdue tasks it leads."""
    owed: dict[str, OwedItem] = {}
    for task in report.tasks:
        days_left = _days_left(task, report.as_of)
        for m in task.materials:
            if unit in m.missing_units and m.id not in owed:
                owed[m.id] = OwedItem(
                    task.id,
                    task.short_text,
                    m.id,
                    m.text,
                    m.kind,
                    task.deadline,
                    task.deadline_text,
                    days_left,
                    task.overdue,
                    task.due_soon,
                )
    led = tuple(r for r in task_rows(report) if r.overdue and unit in r.lead_units)
    tally = _tally(report).get(unit)
    progress = _unit(unit, tally) if tally is not None else None
    return UnitObligations(unit, progress, tuple(sorted(owed.values(), key=_by_deadline)), led)


# ── checks, vetoes, change ──────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class CheckItem:
    """A 实地核查 or 网上核查 that the coordinating office prepares for the assessors."""

    task_id: str
    task_short: str
    material_id: str
    kind: MaterialKind
    text: str
    state: MaterialState
    units: tuple[str, ...]


def check_items(report: StatusReport) -> tuple[CheckItem, ...]:
    """Every check material in table order; the units are its providers, else the lead units."""
    items = []
    for task in report.tasks:
        for m in task.materials:
            if m.kind.is_check:
                units = tuple(p.unit for p in m.providers) or task.lead_units
                items.append(CheckItem(task.id, task.short_text, m.id, m.kind, m.text, m.status, units))
    return tuple(items)


def veto_rows(rows: Iterable[TaskRow]) -> tuple[TaskRow, ...]:
    """The 否决项: conditions that must not occur, attested by the units concerned."""
    return tuple(row for row in rows if row.kind is TaskKind.veto)


@dataclass(frozen=True)
class TaskMark:
    """A task's state as a snapshot keeps it."""

    status: TaskState
    overdue: bool


@dataclass(frozen=True)
class Baseline:
    """What the previous report showed: enough for the week-over-week change."""

    issue: int
    as_of: dt.date
    summary: Summary
    tasks: Mapping[str, TaskMark]


@dataclass(frozen=True)
class Change:
    """Week-over-week change; ``rate_change`` is in shares (0.05 = 5 percentage points)."""

    previous_issue: int
    previous_as_of: dt.date
    newly_done: tuple[str, ...]
    newly_overdue: tuple[str, ...]
    rate_change: float


_NEW_TASK = TaskMark(TaskState.not_started, overdue=False)
"""How a task that the previous snapshot does not know counts: neither done nor overdue then."""


def compare(report: StatusReport, baseline: Baseline) -> Change:
    """Tasks done now but not then, overdue now but not then, and the change in completion rate."""
    before = baseline.tasks
    newly_done = tuple(
        t.id for t in report.tasks if t.status.done and not before.get(t.id, _NEW_TASK).status.done
    )
    newly_overdue = tuple(t.id for t in report.tasks if t.overdue and not before.get(t.id, _NEW_TASK).overdue)
    rate_change = report.summary.rate - baseline.summary.rate
    return Change(baseline.issue, baseline.as_of, newly_done, newly_overdue, rate_change)


def count_by_severity(problems: Iterable[Problem]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for problem in problems:
        counts[problem.severity] += 1
    return counts


# ── 下步工作 (next steps) ──────────────────────────────────────────────────────────────────────


def _listing(items: Sequence[str], unit: str = "项", limit: int = LISTED_ITEMS) -> str:
    """``A、B、C`` or ``A、B等N项`` when there are more than ``limit`` items."""
    if len(items) <= limit:
        return "、".join(items)
    return "、".join(items[:limit]) + f"等{len(items)}{unit}"


def units_short(units: Sequence[str]) -> str:
    """``甲、乙`` for up to two units, ``甲等5个单位`` beyond."""
    return "、".join(units) if len(units) <= 2 else f"{units[0]}等{len(units)}个单位"


def _due(day: dt.date | None, text: str) -> str:
    return f"{month_day(day)}到期" if day is not None else text


def _overdue_step(report: StatusReport, unit: str) -> str:
    """What one 黑榜 unit must do: its overdue items by task, then the next thing it owes."""
    owed = unit_obligations(report, unit)
    by_task: dict[str, list[OwedItem]] = {}
    for item in owed.overdue:
        by_task.setdefault(item.task_id, []).append(item)
    parts = []
    for task_id, items in by_task.items():
        ids = _listing([item.material_id for item in items], "份材料", limit=2)
        parts.append(f"{task_label(task_id)}（{ids}，{_due(items[0].deadline, items[0].deadline_text)}）")
    for row in owed.led_overdue:
        if row.id not in by_task and row.materials_from not in by_task:
            missing = _listing([m.material_id for m in row.missing], "份材料", limit=2)
            detail = f"，尚缺{missing}" if missing else ""
            parts.append(f"牵头的{task_label(row.id)}（{_due(row.deadline, row.deadline_text)}{detail}）")
    sentence = f"督促{unit}立即补齐逾期事项：{_listing(parts, limit=STEP_ITEMS)}"
    if owed.upcoming:
        nxt = owed.upcoming[0]
        when = f"于{month_day(nxt.deadline)}前" if nxt.deadline is not None else "抓紧"
        sentence += f"；并{when}报送{task_label(nxt.task_id)}材料（{nxt.material_id}）"
    return sentence + "。"


def _due_soon_step(rows: Sequence[TaskRow], due_soon_days: int) -> str | None:
    soon = [r for r in rows if r.due_soon and not r.overdue and not r.status.done]
    if not soon:
        return None
    parts = [
        f"{task_label(r.id)}（{units_short(r.lead_units)}牵头，{_due(r.deadline, r.deadline_text)}）"
        for r in soon
    ]
    return f"提醒有关单位抓紧办理{due_soon_days}日内到期的任务{len(soon)}项：{_listing(parts)}。"


def _check_step(checks: Sequence[CheckItem]) -> str | None:
    pending = [c for c in checks if not c.state.done]
    if not pending:
        return None
    parts = [f"{task_label(c.task_id)}{c.kind.label}（{units_short(c.units)}）" for c in pending]
    return f"做好迎检准备：{_listing(parts)}尚未准备到位，请有关单位逐项落实。"


def _veto_step(vetoes: Sequence[TaskRow]) -> str | None:
    pending = [v for v in vetoes if not v.status.done]
    if not pending:
        return None
    parts = []
    for veto in pending:
        units = tuple(dict.fromkeys(u for m in veto.missing for u in m.units))
        parts.append(f"{veto.id}（尚缺{_listing(units, '个单位')}的说明）" if units else veto.id)
    return f"组织出具否决项未发生情形说明：{_listing(parts)}。"


def _problem_step(problems: Sequence[Problem]) -> str | None:
    if not problems:
        return None
    counts = count_by_severity(problems)
    detail = "、".join(f"{s.label}{n}个" for s, n in counts.items() if n)
    return f"核对更正证据材料问题{len(problems)}个（{detail}），详见附件2。"


def next_steps(
    report: StatusReport,
    rows: Sequence[TaskRow],
    black_board: Sequence[UnitProgress],
    checks: Sequence[CheckItem],
    vetoes: Sequence[TaskRow],
    problems: Sequence[Problem],
    due_soon_days: int,
) -> tuple[str, ...]:
    """The 下步工作 sentences: concrete, naming units, task numbers and deadlines."""
    steps = [_overdue_step(report, unit.unit) for unit in black_board]
    optional = (
        _due_soon_step(rows, due_soon_days),
        _check_step(checks),
        _veto_step(vetoes),
        _problem_step(problems),
    )
    steps += [step for step in optional if step is not None]
    if all(row.status.done for row in rows):
        steps.append("巩固创建成果，做好迎接评估验收的各项准备。")
    else:
        steps.append("对照任务分解表逐项查漏补缺，确保材料不漏项、不缺项。")
    return tuple(steps)


# ── the whole report ───────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Progress:
    """Everything the weekly report shows, in the order it shows it."""

    as_of: dt.date
    due_soon_days: int
    summary: Summary
    change: Change | None
    indicators: tuple[IndicatorProgress, ...]
    deadlines: tuple[TaskRow, ...]
    units: tuple[UnitProgress, ...]
    red_board: tuple[UnitProgress, ...]
    black_board: tuple[UnitProgress, ...]
    checks: tuple[CheckItem, ...]
    vetoes: tuple[TaskRow, ...]
    next_steps: tuple[str, ...]
    tasks: tuple[TaskRow, ...]
    problems: tuple[Problem, ...]

    @property
    def checks_ready(self) -> int:
        """Check items prepared (complete or waived)."""
        return sum(check.state.done for check in self.checks)

    @property
    def vetoes_done(self) -> int:
        """否决项 whose attestations are all in (or waived)."""
        return sum(veto.status.done for veto in self.vetoes)


def build_progress(
    report: StatusReport,
    *,
    due_soon_days: int,
    unit_order: Sequence[str] = (),
    baseline: Baseline | None = None,
) -> Progress:
    """Derive every table and sentence of the weekly report from ``report``."""
    rows = task_rows(report)
    units = unit_progress(report, unit_order)
    red, black = boards(units)
    checks = check_items(report)
    vetoes = veto_rows(rows)
    problems = tuple(sorted(report.problems))
    steps = next_steps(report, rows, black, checks, vetoes, problems, due_soon_days)
    return Progress(
        as_of=report.as_of,
        due_soon_days=due_soon_days,
        summary=report.summary,
        change=compare(report, baseline) if baseline is not None else None,
        indicators=indicator_rows(report),
        deadlines=deadline_rows(rows),
        units=units,
        red_board=red,
        black_board=black,
        checks=checks,
        vetoes=vetoes,
        next_steps=steps,
        tasks=rows,
        problems=problems,
    )
