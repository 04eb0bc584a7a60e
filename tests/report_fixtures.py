"""Hand-built status reports of a small fake campaign, for the progress and Word report tests.

The campaign (示例县, not a real place) has three 一级指标 and nine tasks on 2022-06-15:

* 1 complete; 2 overdue (区财政局 owes 2.1 of an each-provider item, 区司法局 owes 2.2);
* 3 due soon (any-one item 3.1 from 区财政局 or 区教育局), complete in the second week;
* 4 waived; 5 an on-site check nobody has prepared; 6 shares task 2's materials (overdue too);
* 7 an online check (prepared) plus a missing URL; 8 due 6月20日: due soon now, overdue a week later;
* 否1 a veto item whose attestation 区财政局 still owes; 加1 a bonus item without a deadline.

:func:`owing_report` is a unit that owes a lot; :func:`pdf_pages` counts the pages LibreOffice lays a
document out on and :func:`pdf_page_texts` gives their text.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

from fzcj.data.model import Campaign, IndicatorsFile, MaterialKind, ReportConfig, TaskKind, Unit
from fzcj.problems import Problem, Severity
from fzcj.status.compute import summarize
from fzcj.status.types import (
    MaterialState,
    MaterialStatus,
    ProviderState,
    ProviderStatus,
    StatusReport,
    TaskState,
    TaskStatus,
)

WEEK1 = dt.date(2022, 6, 15)
WEEK2 = dt.date(2022, 6, 22)
DUE_SOON_DAYS = 7
L1 = "一、政府职能依法全面履行"
L2 = "二、依法行政制度体系完善"
L10 = "十、附加项"
UNIT_ORDER = ["县政府办公室", "县司法局", "县财政局", "县教育局"]

S, M, W = ProviderState.submitted, ProviderState.missing, ProviderState.waived


def campaign(**report: Any) -> Campaign:
    return Campaign(
        name="示例县法治政府建设示范创建",
        district="示例省示例市示例县",
        year=2022,
        coordinating_office="县委依法治县办",
        due_soon_days=DUE_SOON_DAYS,
        report=ReportConfig(**report),
    )


def indicators_file(**report: Any) -> IndicatorsFile:
    task = {"id": "1", "text": "任务", "lead_units": ["县司法局"], "deadline": "7月30日前"}
    indicator = {"id": "一", "name": "政府职能", "sections": [{"number": 1, "name": "节", "tasks": [task]}]}
    return IndicatorsFile.model_validate(
        {"campaign": campaign(**report).model_dump(), "indicators": [indicator]}
    )


def units() -> list[Unit]:
    full = {"县司法局": "示例县司法局"}
    return [Unit(name=name, type="政府部门", full_name=full.get(name)) for name in UNIT_ORDER]


def material(
    mid: str,
    providers: dict[str, ProviderState],
    *,
    kind: MaterialKind = MaterialKind.document,
    each: bool = False,
    text: str | None = None,
) -> MaterialStatus:
    """A material whose state follows the status rules from its providers' states."""
    states = list(providers.values())
    if states and all(s is W for s in states):
        state = MaterialState.waived
    elif each:
        done = all(s is not M for s in states)
        state = (
            MaterialState.complete
            if done
            else MaterialState.partial
            if S in states
            else MaterialState.missing
        )
    else:
        state = MaterialState.complete if S in states else MaterialState.missing
    status = tuple(
        ProviderStatus(unit, s, (f"{unit}.pdf",) if s is S else (), file_count=int(s is S))
        for unit, s in providers.items()
    )
    return MaterialStatus(
        mid,
        kind,
        text or f"材料{mid}的情况说明",
        None,
        None,
        each,
        state,
        status,
        sum(s is S for s in states),
    )


def task(
    tid: str,
    level1: str,
    as_of: dt.date,
    *,
    lead: tuple[str, ...],
    due: dt.date | None,
    materials: tuple[MaterialStatus, ...] = (),
    state: TaskState | None = None,
    kind: TaskKind = TaskKind.regular,
    materials_from: str | None = None,
    text: str | None = None,
) -> TaskStatus:
    """A task whose state, overdue and due-soon flags follow the status rules."""
    if state is None:
        if materials and all(m.status is MaterialState.waived for m in materials):
            state = TaskState.waived
        elif materials and all(m.status.done for m in materials):
            state = TaskState.complete
        elif any(m.status is not MaterialState.missing or m.file_count for m in materials):
            state = TaskState.in_progress
        else:
            state = TaskState.not_started
    days_left = (due - as_of).days if due is not None else None
    overdue = days_left is not None and days_left < 0 and not state.done
    due_soon = days_left is not None and 0 <= days_left <= DUE_SOON_DAYS and not state.done
    # A material is due with its task here (the fixtures share no materials between tasks).
    materials = tuple(
        replace(
            m,
            deadline=due,
            days_left=days_left,
            overdue=days_left is not None and days_left < 0 and not m.status.done,
            due_soon=days_left is not None and 0 <= days_left <= DUE_SOON_DAYS and not m.status.done,
        )
        for m in materials
    )
    body = text or f"第{tid}项任务：依法推进相关工作。具体要求从略。"
    return TaskStatus(
        id=tid,
        kind=kind,
        level1=level1,
        level2="（一）示例二级指标",
        text=body,
        short_text=body.split("。")[0][:36],
        lead_units=lead,
        deadline_text=f"{due.month}月{due.day}日前" if due else "长期坚持",
        deadline=due,
        status=state,
        overdue=overdue,
        due_soon=due_soon,
        days_left=days_left,
        materials_from=materials_from,
        materials=materials,
    )


def sample_report(
    as_of: dt.date = WEEK1, *, task3_done: bool | None = None, text1: str | None = None
) -> StatusReport:
    """The fake campaign on ``as_of``; task 3 is complete from the second week on unless told."""
    if task3_done is None:
        task3_done = as_of >= WEEK2
    d = dt.date
    m2 = (material("2.1", {"县司法局": S, "县财政局": M}, each=True), material("2.2", {"县司法局": M}))
    t2_state = TaskState.in_progress
    tasks = (
        task("1", L1, as_of, lead=("县政府办公室",), due=d(2022, 5, 30), materials=(material("1.1", {"县政府办公室": S}),), text=text1),
        task("2", L1, as_of, lead=("县司法局",), due=d(2022, 6, 10), materials=m2),
        task("3", L1, as_of, lead=("县财政局", "县教育局"), due=d(2022, 6, 18),
             materials=(material("3.1", {"县财政局": S if task3_done else M, "县教育局": M}),)),
        task("4", L2, as_of, lead=("县教育局",), due=d(2022, 6, 30), materials=(material("4.1", {"县教育局": W}),)),
        task("5", L2, as_of, lead=("县政府办公室",), due=d(2022, 7, 30),
             materials=(material("5.1", {"县政府办公室": M}, kind=MaterialKind.onsite_check, text="实地核查"),)),
        task("6", L2, as_of, lead=("县司法局",), due=d(2022, 6, 10), state=t2_state, materials_from="2"),
        task("7", L2, as_of, lead=("县政府办公室",), due=d(2022, 7, 30), materials=(
            material("7.1", {"县政府办公室": S}, kind=MaterialKind.online_check, text="网上核查"),
            material("7.2", {"县教育局": M}, kind=MaterialKind.url))),
        task("8", L2, as_of, lead=("县教育局",), due=d(2022, 6, 20), materials=(material("8.1", {"县教育局": M}),)),
        task("否1", L10, as_of, lead=("县司法局",), due=d(2022, 7, 30), kind=TaskKind.veto,
             materials=(material("否1.1", {"县司法局": S, "县财政局": M}, kind=MaterialKind.attestation, each=True),)),
        task("加1", L10, as_of, lead=("县司法局",), due=None, kind=TaskKind.bonus,
             materials=(material("加1.1", {"县司法局": M}, kind=MaterialKind.formal_document),)),
    )  # fmt: skip
    problems = (
        Problem("evidence/2/县司法局/说明.docx", 0, 0, "unknown-item", "无法判断文件属于哪一项材料"),
        Problem("data/units.yaml", 12, 5, "unused-unit", "单位“县统计局”未被任何任务使用", Severity.warning),
    )
    return StatusReport(as_of, summarize(tasks), tasks, problems)


def large_report(
    as_of: dt.date = WEEK1, tasks: int = 104, unit_count: int = 40, seed: int = 7
) -> StatusReport:
    """A random report the size of the real campaign (104 tasks, about 40 units)."""
    rng = random.Random(seed)
    names = [f"县第{i}局" for i in range(1, unit_count + 1)]
    levels = [f"{c}、一级指标{c}" for c in "一二三四五六七八九十"]
    result = []
    for n in range(1, tasks + 1):
        mats = []
        for k in range(1, rng.randint(1, 4)):
            providers = {u: rng.choice([S, S, M, W]) for u in rng.sample(names, rng.randint(1, 12))}
            kind = rng.choice(list(MaterialKind))
            mats.append(material(f"{n}.{k}", providers, kind=kind, each=rng.random() < 0.3))
        due = dt.date(2022, rng.choice([3, 4, 5, 6, 7, 8]), 30 if rng.random() < 0.9 else 20)
        lead = tuple(rng.sample(names, rng.randint(1, 3)))
        result.append(
            task(str(n), levels[min(9, (n - 1) // 11)], as_of, lead=lead, due=due, materials=tuple(mats))
        )
    return StatusReport(as_of, summarize(tuple(result)), tuple(result), ())


def owing_report(as_of: dt.date = WEEK1, count: int = 40, unit: str = "县司法局") -> StatusReport:
    """``unit`` leads ``count`` tasks and owes one to three materials of each (long texts).

    Two thirds of the tasks are overdue (by 1 to 41 days), the last but one is due in three days,
    the last has no deadline and the others are due in 30 days.
    """
    text = "提供本级政府交通运输、文化旅游、市场监管、农业农村、生态环境等领域行政执法事项清单及公开网址"
    body = "加大重要制度建设事项的协调决策力度，对争议较大的重要制度建设事项依法依规组织协调决策。从略。"
    tasks = []
    for n in range(1, count + 1):
        due: dt.date | None
        if n == count:
            due = None
        elif n == count - 1:
            due = as_of + dt.timedelta(days=3)
        elif n <= 2 * count // 3:
            due = as_of - dt.timedelta(days=1 + n % 5 * 10)
        else:
            due = as_of + dt.timedelta(days=30)
        mats = tuple(
            material(f"{n}.{k}", {unit: M, "县财政局": S}, each=True, text=text) for k in range(1, 2 + n % 3)
        )
        tasks.append(task(str(n), L1, as_of, lead=(unit,), due=due, materials=mats, text=body))
    return StatusReport(as_of, summarize(tuple(tasks)), tuple(tasks), ())


def pdf_pages(docx_path: Path, workdir: Path) -> int:
    """The page count of ``docx_path`` converted to PDF by LibreOffice (``soffice`` must be installed)."""
    profile = workdir / "lo-profile"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
         "--outdir", str(workdir), str(docx_path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pdf = (workdir / docx_path.name).with_suffix(".pdf").read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def pdf_page_texts(docx_path: Path, workdir: Path) -> list[str]:
    """The text of each page of ``docx_path`` as LibreOffice lays it out (needs ``soffice`` and
    ``pdftotext``)."""
    pdf_pages(docx_path, workdir)
    pdf = (workdir / docx_path.name).with_suffix(".pdf")
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60)
    return out.stdout.decode().split("\f")[:-1]
