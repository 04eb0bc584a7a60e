"""Each unit's share of the campaign: the ranking with its 红榜/黑榜 and what a unit still owes (pure).

A unit "owes" a material when it is one of the material's providers; each (material, unit) pair is
counted once. For an any-one material (``each`` false) that another provider has already filed, the
remaining providers owe nothing.

The counts are defined once, here, and every document says the same: of the materials a unit owes
(应报送), a material is 已报送 when the unit has nothing more to send for it (its files are all there,
accepted or waiting for the office's review), and 尚缺 when it still has (nothing filed, too few files:
部分报送, or returned: 已退回). 应报送 = 已报送 + 尚缺, and 尚缺 is exactly what :func:`unit_obligations`
lists. A file that fails the content check still counts, as everywhere the files are counted without
being opened; the documents name it apart (:mod:`fzcj.report.broken`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from fzcj.report.broken import BrokenFile, of_unit
from fzcj.report.tables import BOARD_SIZE
from fzcj.status.types import MaterialStatus, ProviderState, StatusReport
from fzcj.status.views import Owed, TaskRow, task_rows, unit_owes


@dataclass(frozen=True)
class UnitProgress:
    """One unit's share of the campaign.

    ``rate`` (报送率) is the share of owed materials submitted in full; a unit that owes no material
    is rated by the share of the tasks it leads that are done.
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
    def materials_missing(self) -> int:
        """尚缺: owed materials not submitted in full (nothing filed, too few files, or returned)."""
        return self.materials_owed - self.materials_submitted

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
                submitted = provider.unit not in material.missing_units  # in full: nothing more to send
                tally.submitted += submitted
                tally.late += material.overdue and not submitted
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


def shared_ranks(ranked: Sequence[UnitProgress]) -> tuple[int, ...]:
    """The rank of each unit in ``ranked`` (best first): units with the same rate share a rank and
    the next rank skips (1, 1, 3 — 并列第1). Equal shares are equal floats (division rounds exactly)."""
    ranks: list[int] = []
    for n, unit in enumerate(ranked):
        tied = n > 0 and unit.rate == ranked[n - 1].rate
        ranks.append(ranks[-1] if tied else n + 1)
    return tuple(ranks)


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
class UnitObligations:
    """What one unit owes (for the 督办通知 and the next-step sentences): ``owed`` is its 尚缺 (see the
    module's counts), ``broken`` its files that fail the content check, to be sent again."""

    unit: str
    progress: UnitProgress | None
    owed: tuple[Owed, ...]
    led_overdue: tuple[TaskRow, ...]
    broken: tuple[BrokenFile, ...] = ()

    @property
    def overdue(self) -> tuple[Owed, ...]:
        return tuple(item for item in self.owed if item.material.overdue)

    @property
    def upcoming(self) -> tuple[Owed, ...]:
        return tuple(item for item in self.owed if not item.material.overdue)

    @property
    def chased(self) -> tuple[TaskRow, ...]:
        """Overdue tasks the unit leads in which other units still owe materials: it is told to
        督促 them (what it owes itself is in ``owed``, to 报送)."""
        rows = [row for row in self.led_overdue if self.others_owing(row)]
        ids = {row.task.id for row in rows}
        return tuple(row for row in rows if row.task.materials_from not in ids)  # shared: listed once

    def others_owing(self, row: TaskRow) -> tuple[Owed, ...]:
        """The open materials of ``row`` that units other than this one still owe."""
        return tuple(m for m in row.missing if set(m.units) - {self.unit})

    @property
    def partial(self) -> tuple[Owed, ...]:
        """尚缺 materials of which the unit has sent part (部分报送: files, but fewer than required)."""
        return tuple(item for item in self.owed if item.shortfall is not None)

    @property
    def owes_anything(self) -> bool:
        """Whether the unit is sent a 督办通知: it owes materials, has files to send again, or leads an
        overdue task that others hold up."""
        return bool(self.owed or self.broken or self.chased)


def unit_obligations(report: StatusReport, unit: str, broken: Iterable[BrokenFile] = ()) -> UnitObligations:
    """The materials ``unit`` has not filed (earliest deadline first, then table order), its files of
    ``broken`` and the overdue tasks it leads. A shared material is due by the earliest deadline of
    the tasks it serves."""
    led = tuple(r for r in task_rows(report) if r.task.overdue and unit in r.task.lead_units)
    tally = _tally(report).get(unit)
    progress = _unit(unit, tally) if tally is not None else None
    return UnitObligations(unit, progress, unit_owes(report, unit), led, of_unit(broken, unit))
