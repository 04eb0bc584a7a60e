"""Build the example workspace ``examples/沙坡头区示例`` (a mid-campaign picture, as of 2022-06-15).

    python scripts/make_example.py

The data files are copies of ``data/``; every evidence file is a real, minimal PDF, Word, Excel or
PNG file (see ``sample_files.py``) that says it is a sample, so it opens and passes the content check.
A few files show what ``fzcj validate`` reports: a saved error page named .pdf, a shortcut, a zip, a
doubled extension, a file numbered for another task. ``reviews/`` holds the office's first review
decisions on some of the materials. The tree is deterministic, so the README's output can be
regenerated and checked.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import sample_files  # noqa: E402
from fzcj.data.plan import PlannedMaterial, PlannedTask  # noqa: E402
from fzcj.data.workspace import Workspace, load  # noqa: E402
from fzcj.evidence.scaffold import folder_title  # noqa: E402

DEST = REPO / "examples" / "沙坡头区示例"
NOTE = "【示例文件】本文件仅用于演示 fzcj 的材料统计，不是真实材料。"
URL_FILE = "[InternetShortcut]\nURL=https://www.example.gov.cn/fzzf/{task}/{number}.html\n"
SUFFIXES = [".pdf", ".docx", ".pdf", ".png", ".xlsx"]
LINE = 34  # characters of 14-point text across an A4 page


def sample(suffix: str, text: str) -> bytes:
    """A real file of type ``suffix`` that says it is a sample of the material ``text``."""
    lines = [NOTE[i : i + LINE] for i in range(0, len(NOTE), LINE)]
    material = f"材料：{text}"
    lines += [material[i : i + LINE] for i in range(0, len(material), LINE)]
    if suffix == ".pdf":
        return sample_files.pdf(lines)
    if suffix == ".docx":
        return sample_files.docx([NOTE, material])
    if suffix == ".xlsx":
        return sample_files.xlsx([NOTE, material])
    return sample_files.png()


def fill_level(task: PlannedTask, rng: random.Random) -> float:
    """Share of providers that have filed: early deadlines are mostly done, later ones less so."""
    month = task.due.month if task.due else 12
    roll = rng.random()
    if month <= 5:
        return 1.0 if roll < 0.8 else 0.4 if roll < 0.9 else 0.0
    if month == 6:
        return 1.0 if roll < 0.45 else 0.5 if roll < 0.75 else 0.0
    return 1.0 if roll < 0.2 else 0.5 if roll < 0.45 else 0.0


def write_material(folder: Path, material: PlannedMaterial, owed: int, rng: random.Random) -> None:
    prefix = f"{material.number}-" if owed > 1 else ""
    stem = re.sub(r'^[\d\-–.、:：，（）()]+|合并提供[:：]|除档案资料外，|[\\/:*?"<>|：]', "", material.text)[
        :16
    ]
    if material.kind.value == "url":
        (folder / f"{prefix}公开网址.url").write_text(
            URL_FILE.format(task=material.task_id, number=material.number), "utf-8"
        )
        return
    count = max(material.min or 1, 1)
    if count > 1:
        sub = folder / f"{material.number}-{stem}"
        sub.mkdir(exist_ok=True)
        for n in range(1, count + 1):
            suffix = rng.choice(SUFFIXES)
            (sub / f"{stem}{n}{suffix}").write_bytes(sample(suffix, material.text))
        return
    suffix = rng.choice(SUFFIXES)
    (folder / f"{prefix}{stem}{suffix}").write_bytes(sample(suffix, material.text))


def main() -> None:
    if DEST.exists():
        shutil.rmtree(DEST)
    (DEST / "data").mkdir(parents=True)
    for name in ("indicators.yaml", "units.yaml"):
        shutil.copy2(REPO / "data" / name, DEST / "data" / name)
    workspace = load(DEST)
    rng = random.Random(2022)
    evidence = DEST / "evidence"
    for task in workspace.plan.tasks:
        if task.materials_from is not None:
            continue
        level = fill_level(task, rng)
        if level == 0.0:
            continue
        task_dir = evidence / folder_title(task)
        providers = list(dict.fromkeys(u for m in task.materials for u in m.providers))
        for unit in providers:
            owed = [m for m in task.materials if unit in m.providers]
            if rng.random() > level:
                continue
            unit_dir = task_dir / unit
            unit_dir.mkdir(parents=True, exist_ok=True)
            for material in owed:
                if level < 1.0 and rng.random() < 0.3:
                    continue
                write_material(unit_dir, material, len(owed), rng)
    extras(evidence, workspace)
    reviews(DEST)


def extras(evidence: Path, workspace: Workspace) -> None:
    """What a real tree has besides the materials: a waiver, an alias folder, junk, misplaced files,
    and files that are not what they should be."""
    t15 = next(evidence.glob("015*"), None) or evidence / "015 对因政府规划调整、政策变化造成企业合法"
    (t15 / "区财政局").mkdir(parents=True, exist_ok=True)
    (t15 / "区财政局" / "不涉及.txt").write_text(
        "2021年以来本单位未发生因规划调整需补偿企业的情形。\n", "utf-8"
    )
    t30 = evidence / "030"
    (t30 / "司法局").mkdir(parents=True, exist_ok=True)
    (t30 / "司法局" / "后评估情况说明（示例）.docx").write_bytes(sample(".docx", "后评估情况说明"))
    (t30 / "司法局" / "~$后评估情况说明（示例）.docx").write_text("lock", "utf-8")
    # a download that failed: the error page was saved under the file's name
    (t30 / "司法局" / "后评估报告.pdf").write_text(
        "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>文件不存在</body></html>\n",
        "utf-8",
    )
    (t30 / "司法局" / "31-备案审查情况.pdf").write_bytes(sample(".pdf", "备案审查情况"))  # task 31's
    (t30 / "Thumbs.db").write_text("junk", "utf-8")
    (t30 / "会议照片.png").write_bytes(sample_files.png())
    unit9 = (next(evidence.glob("009*"), None) or evidence / "009") / "区市场监管分局"
    unit9.mkdir(parents=True, exist_ok=True)
    (unit9 / "1-抽查工作方案.docx.docx").write_bytes(sample(".docx", "双随机一公开抽查工作方案"))
    (unit9 / "(1)抽查结果公开情况.pdf").write_bytes(sample(".pdf", "抽查结果公开情况"))  # reads like 9.4
    (unit9 / "3-抽查事项清单.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (unit9 / "3-抽查事项清单 - 快捷方式.lnk").write_bytes(b"L\x00\x00\x00" + bytes(72))
    t27 = next(evidence.glob("027*"), None) or evidence / "027"  # one of the 3 opinions 27.2 asks for
    (t27 / "区司法局" / "2-审查意见").mkdir(parents=True, exist_ok=True)
    (t27 / "区司法局" / "2-审查意见" / "审查意见一.pdf").write_bytes(sample(".pdf", "审查意见"))
    misc = evidence / "杂项"
    misc.mkdir(exist_ok=True)
    (misc / "待分类材料.docx").write_bytes(sample(".docx", "没有放进任务文件夹的文件"))


DECISIONS = [  # (item, unit, decision, reviewer, time on 2022-06-DD HH:MM, reason, record it undoes)
    ("15.1", "区政府办公室", "accept", "张三", (10, 9, 20), None),
    ("24.1", "区司法局", "accept", "张三", (10, 9, 30), None),
    ("24.2", "区司法局", "accept", "张三", (10, 9, 31), None),
    ("25.1", "区政府办公室", "accept", "张三", (10, 9, 40), None),
    ("33.1", "区政府办公室", "accept", "李四", (13, 15, 0), None),
    ("32.2", "区司法局", "accept", "李四", (13, 15, 10), None),
    ("32.1", "区司法局", "return", "李四", (13, 15, 12), "缺少清理结果公告"),
    ("34.1", "区司法局", "accept", "李四", (13, 15, 30), None),
    ("34.1", "区司法局", "undo", "李四", (13, 15, 31), None),
    ("30.1", "区司法局", "return", "张三", (14, 10, 5), "缺少盖章页，后评估报告未附"),
]


def reviews(dest: Path) -> None:
    """The office's first decisions (reviews/), written as ``fzcj review`` writes them, with the files'
    fingerprints, but at fixed times in China's time zone (whatever this machine's), so that the
    example is the same wherever it is made."""
    import datetime as dt

    from fzcj.evidence.walk import scan
    from fzcj.review.actions import find_target
    from fzcj.review.fingerprint import fingerprint
    from fzcj.review.records import Decision, Verdict, write_record

    workspace = load(dest)
    index = scan(workspace)
    last: dict[tuple[str, str], str] = {}
    for item, unit, verdict, by, (day, hour, minute), reason in DECISIONS:
        target = find_target(workspace, item, unit)
        at = dt.datetime(2022, 6, day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        kind = Verdict(verdict)
        rows = (
            []
            if kind is Verdict.undo
            else fingerprint(workspace.evidence_dir, index.judged_files(target.key), index.disk_paths)
        )
        undoes = last.get((item, unit)) if kind is Verdict.undo else None
        decision = Decision(item, target.unit, kind, by, at, reason, rows, undoes)
        last[(item, unit)] = write_record(dest / "reviews", decision).name


if __name__ == "__main__":
    main()
